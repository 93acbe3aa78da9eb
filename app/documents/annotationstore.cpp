// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotationstore.h"

#include "sync/store/database.h"

#include <QDateTime>

namespace Aula::Documents {

QList<QByteArray> AnnotationStore::migrations()
{
    return {
        "CREATE TABLE annotations_items ("
        "  member TEXT NOT NULL, document TEXT NOT NULL, id TEXT NOT NULL,"
        "  page INTEGER NOT NULL, body BLOB NOT NULL, created INTEGER NOT NULL,"
        "  PRIMARY KEY (member, document, id));"
        "CREATE INDEX annotations_items_page ON annotations_items (member, document, page);"
        "CREATE TABLE annotations_unplaced ("
        "  member TEXT NOT NULL, document TEXT NOT NULL, id TEXT NOT NULL,"
        "  from_document TEXT NOT NULL, page INTEGER NOT NULL, body BLOB NOT NULL,"
        "  reason TEXT NOT NULL, message TEXT NOT NULL,"
        "  PRIMARY KEY (member, document, id));",
    };
}

AnnotationStore::AnnotationStore(Store::Database &db)
    : m_db(db)
{ }

Result<QList<Annotation>> AnnotationStore::load(const QString &member, const QString &document)
{
    auto select = m_db.prepare("SELECT id, page, body FROM annotations_items "
                               "WHERE member = ?1 AND document = ?2 ORDER BY page, created, id;");
    if (!select.ok())
        return select.error();
    select.value().bindText(1, member).bindText(2, document);
    QList<Annotation> out;
    while (true) {
        const auto row = select.value().step();
        if (!row.ok())
            return row.error();
        if (!row.value())
            break;
        auto a =
            Annotation::fromJson(select.value().columnText(0), int(select.value().columnInt64(1)),
                                 select.value().columnBlob(2));
        if (!a.ok())
            return a.error();
        out.append(a.value());
    }
    return out;
}

Result<void> AnnotationStore::save(const QString &member, const QString &document,
                                   const Annotation &a)
{
    // SQLCipher 3.4 predates UPSERT: update first, insert when there was nothing to update.
    // `created` keeps the first insertion time, so a page's order does not change on edit.
    auto update = m_db.prepare("UPDATE annotations_items SET page = ?4, body = ?5 "
                               "WHERE member = ?1 AND document = ?2 AND id = ?3;");
    if (!update.ok())
        return update.error();
    update.value()
        .bindText(1, member)
        .bindText(2, document)
        .bindText(3, a.id)
        .bindInt64(4, a.page)
        .bindBlob(5, a.toJson());
    if (auto ran = update.value().run(); !ran.ok())
        return ran;
    if (m_db.changes() > 0)
        return {};
    auto insert = m_db.prepare("INSERT INTO annotations_items "
                               "(member, document, id, page, body, created) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6);");
    if (!insert.ok())
        return insert.error();
    insert.value()
        .bindText(1, member)
        .bindText(2, document)
        .bindText(3, a.id)
        .bindInt64(4, a.page)
        .bindBlob(5, a.toJson())
        .bindInt64(6, QDateTime::currentMSecsSinceEpoch() * 1000 + (m_sequence++ % 1000));
    return insert.value().run();
}

Result<void> AnnotationStore::remove(const QString &member, const QString &document,
                                     const QString &id)
{
    auto del = m_db.prepare(
        "DELETE FROM annotations_items WHERE member = ?1 AND document = ?2 AND id = ?3;");
    if (!del.ok())
        return del.error();
    del.value().bindText(1, member).bindText(2, document).bindText(3, id);
    return del.value().run();
}

Result<void>
AnnotationStore::recordCarryOver(const QString &member, const QString &fromDocument,
                                 const QString &toDocument, const CarryOverResult &result,
                                 const std::function<Result<void>()> &alsoInTransaction)
{
    auto transaction = m_db.begin();
    if (!transaction.ok())
        return transaction.error();
    for (const Annotation &a : result.placed)
        if (auto saved = save(member, toDocument, a); !saved.ok())
            return saved;
    auto insert = m_db.prepare("INSERT OR REPLACE INTO annotations_unplaced "
                               "(member, document, id, from_document, page, body, reason, message) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);");
    if (!insert.ok())
        return insert.error();
    for (const UnplacedAnnotation &u : result.unplaced) {
        insert.value().reset();
        insert.value()
            .bindText(1, member)
            .bindText(2, toDocument)
            .bindText(3, u.annotation.id)
            .bindText(4, fromDocument)
            .bindInt64(5, u.annotation.page)
            .bindBlob(6, u.annotation.toJson())
            .bindText(7, u.reason)
            .bindText(8, u.message);
        if (auto ran = insert.value().run(); !ran.ok())
            return ran;
    }
    if (alsoInTransaction)
        if (auto also = alsoInTransaction(); !also.ok())
            return also;
    return transaction.value().commit();
}

Result<QList<UnplacedAnnotation>> AnnotationStore::unplaced(const QString &member,
                                                            const QString &document)
{
    auto select = m_db.prepare("SELECT id, page, body, reason, message FROM annotations_unplaced "
                               "WHERE member = ?1 AND document = ?2 ORDER BY page, id;");
    if (!select.ok())
        return select.error();
    select.value().bindText(1, member).bindText(2, document);
    QList<UnplacedAnnotation> out;
    while (true) {
        const auto row = select.value().step();
        if (!row.ok())
            return row.error();
        if (!row.value())
            break;
        auto a =
            Annotation::fromJson(select.value().columnText(0), int(select.value().columnInt64(1)),
                                 select.value().columnBlob(2));
        if (!a.ok())
            return a.error();
        out.append(UnplacedAnnotation { a.value(), select.value().columnText(3),
                                        select.value().columnText(4) });
    }
    return out;
}

Result<void> AnnotationStore::dismissUnplaced(const QString &member, const QString &document,
                                              const QString &id)
{
    auto del = m_db.prepare(
        "DELETE FROM annotations_unplaced WHERE member = ?1 AND document = ?2 AND id = ?3;");
    if (!del.ok())
        return del.error();
    del.value().bindText(1, member).bindText(2, document).bindText(3, id);
    return del.value().run();
}

} // namespace Aula::Documents
