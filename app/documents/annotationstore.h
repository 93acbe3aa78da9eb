// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"
#include "app/documents/carryover.h"
#include "core/result.h"

#include <QList>
#include <QString>

namespace Aula::Store {
class Database;
}

namespace Aula::Documents {

/**
 * A member's annotations in the tablet's encrypted store, per document and page. Tables are
 * prefixed `annotations_`. The store is private to the member: every call names the member,
 * and no call reads another member's rows. The Database is the tablet store, opened and
 * owned by its owner; this class only borrows it (same thread as its owner).
 *
 * `document` is the id of one version of a document (its content hash, say): a new version
 * is a new id, and carryOver() moves annotations from one to the other, keeping the old rows.
 */
class AnnotationStore
{
public:
    /**
     * The schema steps, for Store::applyMigrations(). PRAGMA user_version is one number per
     * database, so the tablet store should append these to its own list rather than run
     * them as a second, separate sequence.
     */
    static QList<QByteArray> migrations();

    /** Borrows `db`, whose schema must already include migrations(). */
    explicit AnnotationStore(Store::Database &db);

    /** Every annotation of the member on the document, by page then creation. */
    [[nodiscard]] Result<QList<Annotation>> load(const QString &member, const QString &document);
    /** Adds or replaces one annotation. */
    Result<void> save(const QString &member, const QString &document, const Annotation &a);
    /** Removes one annotation; removing one that is not there is not an error. */
    Result<void> remove(const QString &member, const QString &document, const QString &id);

    /**
     * Records where the annotations of `fromDocument` went in `toDocument`, in one
     * transaction: `result.placed` become `toDocument`'s annotations, `result.unplaced` are
     * listed for `toDocument` (see unplaced()). `fromDocument`'s rows are kept.
     * `alsoInTransaction`, when given, runs inside the same transaction before the commit
     * (the caller's own bookkeeping); its error rolls everything back.
     */
    Result<void> recordCarryOver(const QString &member, const QString &fromDocument,
                                 const QString &toDocument, const CarryOverResult &result,
                                 const std::function<Result<void>()> &alsoInTransaction = {});
    /** The annotations that could not be carried over into `document`. */
    [[nodiscard]] Result<QList<UnplacedAnnotation>> unplaced(const QString &member,
                                                             const QString &document);
    /** The member looked at an unplaced annotation and let it go (or re-placed it by hand). */
    Result<void> dismissUnplaced(const QString &member, const QString &document, const QString &id);

private:
    Store::Database &m_db;
    qint64 m_sequence = 0;
};

} // namespace Aula::Documents
