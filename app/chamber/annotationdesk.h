// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotationeditor.h"
#include "app/documents/annotationstore.h"
#include "app/documents/carryover.h"
#include "app/documents/documentmodels.h"
#include "core/result.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>
#include <map>
#include <memory>

namespace Aula::Tablet {
class TabletStore;
}
namespace Aula::Sync {
struct Manifest;
}
namespace Aula::Documents {
class DocumentReader;
class PdfDocument;
} // namespace Aula::Documents

namespace Aula::App {

/**
 * The member's annotations as the app keeps them: in the member's encrypted TabletStore (the
 * table set "annotations", see TabletStore::applySchema()), one AnnotationEditor on the
 * document open in the reader, carried over when a new version of an annotated document
 * arrives, and exported as an annotated PDF.
 *
 * A document is known across versions by its key (documentKey(): sitting, item and name in
 * the manifest); each version's annotations are stored under its SHA-256. The first time a
 * version of a key is seen after another one that holds annotations, startCarryOver() moves them
 * into it (the old version's rows stay). Owned by TabletVault; exposed to QML as
 * `shelf.annotations`.
 */
class AnnotationDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the TabletVault; reach it as shelf.annotations")
    /** Whether a reader has this desk's annotations (a document from the store is open). */
    Q_PROPERTY(bool attached READ isAttached NOTIFY attachedChanged)
    /** The key of the open document (empty when none). */
    Q_PROPERTY(QString documentKey READ documentKey NOTIFY attachedChanged)
    /** The annotations of earlier versions that found no place in the open one. */
    Q_PROPERTY(Aula::Documents::UnplacedModel *unplaced READ unplaced CONSTANT)
    /** Where the last export went, or why it failed (one of them is empty). */
    Q_PROPERTY(QString lastExportPath READ lastExportPath NOTIFY exportChanged)
    Q_PROPERTY(QString lastExportError READ lastExportError NOTIFY exportChanged)
    /** Whether annotations are being carried into a new version (see startCarryOver()). */
    Q_PROPERTY(bool carryingOver READ carryingOver NOTIFY carryingOverChanged)

public:
    /** The name of the table set in the TabletStore. */
    static inline const QString kSchema = QStringLiteral("annotations");
    /** AnnotationStore's steps, then the desk's table of versions seen per key. */
    static QList<QByteArray> migrations();
    /**
     * The key of `sha256` (raw) in `manifest`: "<sitting>/<item>/<name>" where it first
     * appears, or "sha256/<hex>" when the manifest does not list it.
     */
    static QString documentKey(const Sync::Manifest &manifest, const QByteArray &sha256);
    /** QStandardPaths::DocumentsLocation (the home folder when there is none). */
    static QString defaultExportFolder();

    explicit AnnotationDesk(QObject *parent = nullptr);
    ~AnnotationDesk() override;

    /** Uses `store` (borrowed until close()), bringing its annotation tables up to date. */
    Result<void> open(Tablet::TabletStore &store);
    /** Detaches from the reader and lets the store go. */
    void close();
    [[nodiscard]] bool isOpen() const { return m_store != nullptr; }

    /**
     * Carries the annotations of the latest earlier version of `key` into `sha256` (hex),
     * whose content is `newVersion`, if `sha256` was never seen for `key` before.
     *
     * The work (each quote searched for in the new version: seconds on a long act) runs on a
     * worker thread with a PdfDocument of its own, opened there from `newVersion` (Poppler
     * is not thread-safe per document). The GUI thread only reads the old annotations now
     * and, when the worker is done, writes the carried ones and marks `sha256` seen in one
     * transaction. Until that commit the old version keeps its rows and `sha256` is unseen,
     * so an app that quits (or a close()) mid-way loses nothing: the worker is stopped, and
     * the next arrival or opening of `sha256` carries them over again.
     *
     * Returns whether a carry-over is under way for `sha256` (started now or before);
     * carryOverFinished() follows. False when there is nothing to carry (`sha256` is then
     * marked seen at once, the first version of its key included).
     */
    Result<bool> startCarryOver(const QString &key, const QString &sha256,
                                const QByteArray &newVersion);
    /** Whether a carry-over into `sha256` (hex) is under way. */
    [[nodiscard]] bool isCarryingOver(const QString &sha256) const;
    /** Whether any carry-over is under way. */
    [[nodiscard]] bool carryingOver() const { return !m_jobs.empty(); }
    /**
     * Whether `sha256` (hex) is a version of `key` not seen yet while an earlier one holds
     * annotations (listed unplaced ones included): then it is worth reading for
     * startCarryOver().
     */
    [[nodiscard]] Result<bool> needsCarryOver(const QString &key, const QString &sha256);
    /**
     * Gives `reader` (which has just opened `sha256`) the member's annotations on it; fills
     * unplaced. When those of an earlier version still have to be carried over, that starts
     * (startCarryOver()) and the reader gets them, with the unplaced list, when it finishes.
     * `name` names exports.
     */
    Result<void> attach(Documents::DocumentReader &reader, const QString &key,
                        const QString &sha256, const QString &name = {});
    /** Takes the annotations away from the reader (it keeps the document). */
    void detach();

    [[nodiscard]] bool isAttached() const { return m_editor != nullptr; }
    [[nodiscard]] QString documentKey() const { return m_key; }
    [[nodiscard]] Documents::AnnotationEditor *editor() const { return m_editor.get(); }
    [[nodiscard]] Documents::UnplacedModel *unplaced() { return &m_unplaced; }
    [[nodiscard]] Documents::AnnotationStore *store() const { return m_annotations.get(); }

    /**
     * Writes the open document with its annotations as a PDF into `folder` (created if
     * missing), as "<name> (annotato).pdf", never overwriting (a number is added). Returns the
     * path. Errors: "nothing_open", "not_writable", "disk_full", "export_failed".
     */
    Result<QString> exportTo(const QString &folder);
    /**
     * exportTo() for QML: `folder` empty means defaultExportFolder(). Returns the path, or
     * empty with lastExportError set.
     */
    Q_INVOKABLE QString exportCopy(const QString &folder = {});
    [[nodiscard]] QString lastExportPath() const { return m_exportPath; }
    [[nodiscard]] QString lastExportError() const { return m_exportError; }

    /** The member has seen the unplaced annotation `id` and lets it go. */
    Q_INVOKABLE bool dismissUnplaced(const QString &id);

Q_SIGNALS:
    void attachedChanged();
    void exportChanged();
    /** Annotations moved into a new version of `key` (some may be unplaced). */
    void carriedOver(const QString &key, int placed, int unplaced);
    /**
     * The carry-over into `sha256` of `key` is over and committed (`error` empty), or failed
     * and committed nothing (`error` says why; the old version keeps everything).
     */
    void carryOverFinished(const QString &key, const QString &sha256, const QString &error);
    void carryingOverChanged();

private:
    struct CarryJob;
    // What moves from `from` into a new version: its annotations and its unplaced ones.
    Result<QList<Documents::Annotation>> moving(const QString &from);
    void startJob(std::unique_ptr<CarryJob> job);
    void finishJob(quint64 id, const Documents::CarryOverResult &result, const Error &error);
    void stopJobs();
    void reloadEditor();
    Result<std::optional<QString>> latestVersion(const QString &key);
    Result<bool> seen(const QString &key, const QString &sha256);
    Result<void> markSeen(const QString &key, const QString &sha256);
    void refreshUnplaced();

    Tablet::TabletStore *m_store = nullptr;
    std::unique_ptr<Documents::AnnotationStore> m_annotations;
    std::unique_ptr<Documents::AnnotationEditor> m_editor;
    QPointer<Documents::DocumentReader> m_reader;
    const Documents::PdfDocument *m_pdf = nullptr; // what the reader showed when attached
    QString m_member;
    QString m_key;
    QString m_sha256;
    QString m_name;
    Documents::UnplacedModel m_unplaced;
    QString m_exportPath;
    QString m_exportError;
    // Carry-overs under way, by id; each has its own thread, joined before the desk (or the
    // store it writes to) goes away.
    std::map<quint64, std::unique_ptr<CarryJob>> m_jobs;
    quint64 m_nextJob = 0;
};

} // namespace Aula::App
