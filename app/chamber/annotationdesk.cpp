// SPDX-License-Identifier: GPL-3.0-or-later
#include "annotationdesk.h"

#include "app/documents/documentreader.h"
#include "app/documents/pdfdocument.h"
#include "sync/documents/manifest.h"
#include "sync/tablet/tabletstore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStorageInfo>
#include <atomic>
#include <thread>

Q_LOGGING_CATEGORY(lcDesk, "aula.app.annotations")

namespace Aula::App {

namespace {

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

} // namespace

// ---------------------------------------------------------------------------------------
// AnnotationDesk

QList<QByteArray> AnnotationDesk::migrations()
{
    QList<QByteArray> steps = Documents::AnnotationStore::migrations();
    // Which versions (SHA-256, hex) of a document the member has opened or received, in
    // order: the latest one holds the annotations the next version inherits.
    steps.append("CREATE TABLE annotations_versions ("
                 "  member TEXT NOT NULL, doc_key TEXT NOT NULL, sha256 TEXT NOT NULL,"
                 "  seq INTEGER NOT NULL, PRIMARY KEY (member, doc_key, sha256));");
    return steps;
}

QString AnnotationDesk::documentKey(const Sync::Manifest &manifest, const QByteArray &sha256)
{
    for (const Sync::ManifestSitting &s : manifest.sittings)
        for (const Sync::ManifestItem &item : s.items)
            for (const Sync::ManifestDocument &d : item.documents)
                if (d.sha256 == sha256)
                    return s.id + QLatin1Char('/') + item.id + QLatin1Char('/') + d.name;
    return QStringLiteral("sha256/") + QString::fromLatin1(sha256.toHex());
}

QString AnnotationDesk::defaultExportFolder()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

AnnotationDesk::AnnotationDesk(QObject *parent)
    : QObject(parent)
{ }

AnnotationDesk::~AnnotationDesk()
{
    close();
}

Result<void> AnnotationDesk::open(Tablet::TabletStore &store)
{
    close();
    if (auto r = store.applySchema(kSchema, migrations()); !r)
        return r.error();
    m_store = &store;
    m_member = store.member();
    m_annotations = std::make_unique<Documents::AnnotationStore>(store.database());
    return {};
}

void AnnotationDesk::close()
{
    // Before the store goes: a carry-over under way commits nothing and runs again later.
    stopJobs();
    detach();
    m_annotations.reset();
    m_store = nullptr;
    m_member.clear();
}

Result<std::optional<QString>> AnnotationDesk::latestVersion(const QString &key)
{
    auto select = m_store->database().prepare(
        "SELECT sha256 FROM annotations_versions WHERE member = ?1 AND doc_key = ?2 "
        "ORDER BY seq DESC LIMIT 1;");
    if (!select)
        return select.error();
    select.value().bindText(1, m_member).bindText(2, key);
    auto row = select.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<QString>();
    return std::optional<QString>(select.value().columnText(0));
}

Result<bool> AnnotationDesk::seen(const QString &key, const QString &sha256)
{
    auto select = m_store->database().prepare("SELECT 1 FROM annotations_versions WHERE "
                                              "member = ?1 AND doc_key = ?2 AND sha256 = ?3;");
    if (!select)
        return select.error();
    select.value().bindText(1, m_member).bindText(2, key).bindText(3, sha256);
    return select.value().step();
}

Result<void> AnnotationDesk::markSeen(const QString &key, const QString &sha256)
{
    auto insert = m_store->database().prepare(
        "INSERT OR IGNORE INTO annotations_versions (member, doc_key, sha256, seq) "
        "VALUES (?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 FROM annotations_versions "
        "WHERE member = ?1 AND doc_key = ?2));");
    if (!insert)
        return insert.error();
    insert.value().bindText(1, m_member).bindText(2, key).bindText(3, sha256);
    return insert.value().run();
}

Result<bool> AnnotationDesk::needsCarryOver(const QString &key, const QString &sha256)
{
    if (!m_annotations)
        return false;
    auto already = seen(key, sha256);
    if (!already)
        return already.error();
    if (*already)
        return false;
    auto previous = latestVersion(key);
    if (!previous)
        return previous.error();
    if (!*previous)
        return false;
    auto found = moving(**previous);
    if (!found)
        return found.error();
    return !found->isEmpty();
}

struct AnnotationDesk::CarryJob
{
    QString key;
    QString sha256;
    QString from;
    QByteArray bytes;
    // What the worker moves: a snapshot of `from`'s annotations taken when it started.
    QList<Documents::Annotation> moving;
    std::atomic<bool> cancel { false };
    std::thread thread;
};

Result<QList<Documents::Annotation>> AnnotationDesk::moving(const QString &from)
{
    auto annotations = m_annotations->load(m_member, from);
    if (!annotations)
        return annotations.error();
    // Those that found no place in the previous version get another chance here.
    auto unplaced = m_annotations->unplaced(m_member, from);
    if (!unplaced)
        return unplaced.error();
    QList<Documents::Annotation> out = *annotations;
    for (const auto &u : std::as_const(*unplaced))
        out.append(u.annotation);
    return out;
}

bool AnnotationDesk::isCarryingOver(const QString &sha256) const
{
    for (const auto &[id, job] : m_jobs)
        if (job->sha256 == sha256)
            return true;
    return false;
}

Result<bool> AnnotationDesk::startCarryOver(const QString &key, const QString &sha256,
                                            const QByteArray &newVersion)
{
    if (!m_annotations)
        return err("closed", tr("no store is open"));
    if (isCarryingOver(sha256))
        return true;
    auto already = seen(key, sha256);
    if (!already)
        return already.error();
    if (*already)
        return false;
    auto previous = latestVersion(key);
    if (!previous)
        return previous.error();
    QList<Documents::Annotation> annotations;
    if (*previous) {
        auto found = moving(**previous);
        if (!found)
            return found.error();
        annotations = *found;
    }
    if (annotations.isEmpty()) {
        // Nothing to move: the version is simply the latest one of its key from now on.
        if (auto r = markSeen(key, sha256); !r)
            return r.error();
        return false;
    }
    auto job = std::make_unique<CarryJob>();
    job->key = key;
    job->sha256 = sha256;
    job->from = **previous;
    job->bytes = newVersion;
    job->moving = std::move(annotations);
    startJob(std::move(job));
    return true;
}

void AnnotationDesk::startJob(std::unique_ptr<CarryJob> job)
{
    const bool wasCarrying = carryingOver();
    const quint64 id = ++m_nextJob;
    CarryJob &j = *job;
    m_jobs.emplace(id, std::move(job));
    // The job outlives its thread: stopJobs() and finishJob() join it before dropping it, so
    // the thread may read the job and post to `this` (a post to a deleted desk is dropped).
    j.thread = std::thread([this, id, &j] {
        Documents::CarryOverResult result;
        Error error;
        auto pdf = Documents::PdfDocument::fromBytes(j.bytes);
        if (!pdf.ok())
            error = pdf.error();
        else
            result = Documents::carryOver(j.moving, *pdf.value(), [&j] { return j.cancel.load(); });
        if (j.cancel.load() || result.cancelled)
            return; // closing: nothing is committed, the old version keeps everything
        QMetaObject::invokeMethod(
            this, [this, id, result, error] { finishJob(id, result, error); },
            Qt::QueuedConnection);
    });
    if (!wasCarrying)
        Q_EMIT carryingOverChanged();
}

void AnnotationDesk::finishJob(quint64 id, const Documents::CarryOverResult &result,
                               const Error &error)
{
    const auto found = m_jobs.find(id);
    if (found == m_jobs.end())
        return; // stopped (closed) after it posted
    std::unique_ptr<CarryJob> job = std::move(found->second);
    m_jobs.erase(found);
    job->thread.join(); // it has posted its last word
    const auto finished = [&](const QString &message) {
        if (!message.isEmpty())
            qCWarning(lcDesk).noquote()
                << "carry-over into" << job->key << job->sha256.left(12) << "failed:" << message;
        Q_EMIT carryOverFinished(job->key, job->sha256, message);
        if (!carryingOver())
            Q_EMIT carryingOverChanged();
    };
    if (!error.code.isEmpty())
        return finished(error.describe());
    if (!m_annotations)
        return finished(tr("no store is open"));
    // The member may have annotated the old version while the worker ran: then the snapshot
    // is stale and the carry-over runs again from what is there now.
    auto now = moving(job->from);
    if (!now)
        return finished(now.error().describe());
    if (*now != job->moving) {
        auto again = std::make_unique<CarryJob>();
        again->key = job->key;
        again->sha256 = job->sha256;
        again->from = job->from;
        again->bytes = job->bytes;
        again->moving = *now;
        startJob(std::move(again));
        return;
    }
    auto already = seen(job->key, job->sha256);
    if (!already)
        return finished(already.error().describe());
    if (!*already) {
        // One transaction: the carried annotations and the mark that this version was seen
        // land together, or neither does.
        if (auto r =
                m_annotations->recordCarryOver(m_member, job->from, job->sha256, result,
                                               [&] { return markSeen(job->key, job->sha256); });
            !r)
            return finished(r.error().describe());
        qCInfo(lcDesk) << "carried" << job->moving.size() << "annotations of" << job->key << "into"
                       << job->sha256.left(12) << ":" << result.byText << "by text,"
                       << result.byPage << "by page," << result.unplaced.size() << "unplaced";
        if (m_editor && m_sha256 == job->sha256)
            reloadEditor();
        if (!result.placed.isEmpty() || !result.unplaced.isEmpty())
            Q_EMIT carriedOver(job->key, int(result.placed.size()), int(result.unplaced.size()));
    }
    finished({});
}

void AnnotationDesk::stopJobs()
{
    for (auto &[id, job] : m_jobs)
        job->cancel = true;
    for (auto &[id, job] : m_jobs)
        job->thread.join();
    const bool wasCarrying = carryingOver();
    m_jobs.clear();
    if (wasCarrying)
        Q_EMIT carryingOverChanged();
}

void AnnotationDesk::reloadEditor()
{
    // The reader shows the version the annotations just arrived in: a fresh editor loads them
    // (and the unplaced list); whatever the member added meanwhile is in the store too.
    auto editor = std::make_unique<Documents::AnnotationEditor>(*m_annotations, m_member, m_sha256);
    if (editor->loadError()) {
        qCWarning(lcDesk).noquote()
            << "cannot reload the annotations:" << editor->loadError()->describe();
        return;
    }
    if (m_reader)
        m_reader->setAnnotations(editor.get());
    m_editor = std::move(editor);
    refreshUnplaced();
}

Result<void> AnnotationDesk::attach(Documents::DocumentReader &reader, const QString &key,
                                    const QString &sha256, const QString &name)
{
    detach();
    if (!m_annotations)
        return err("closed", tr("no store is open"));
    if (!reader.document())
        return err("nothing_open", tr("the reader has no document open"));
    // A version not carried into yet: the worker does it while the page shows, and the
    // editor is reloaded when it is done (reloadEditor()).
    if (auto started = startCarryOver(key, sha256, reader.document()->bytes()); !started)
        return started.error();
    auto editor = std::make_unique<Documents::AnnotationEditor>(*m_annotations, m_member, sha256);
    if (editor->loadError())
        return *editor->loadError();
    m_editor = std::move(editor);
    m_reader = &reader;
    m_key = key;
    m_sha256 = sha256;
    m_name = name;
    reader.setAnnotations(m_editor.get());
    // The reader moving to another document (or closing) ends this attachment.
    m_pdf = reader.document().get();
    connect(&reader, &Documents::DocumentReader::documentChanged, this, [this] {
        if (m_reader && m_reader->document().get() != m_pdf)
            detach();
    });
    connect(&reader, &QObject::destroyed, this, [this] {
        m_reader = nullptr; // never touch a reader being destroyed
        detach();
    });
    refreshUnplaced();
    Q_EMIT attachedChanged();
    return {};
}

void AnnotationDesk::detach()
{
    if (!m_editor && !m_reader)
        return;
    if (m_reader) {
        m_reader->disconnect(this);
        if (m_reader->annotations() == m_editor.get())
            m_reader->setAnnotations(nullptr);
    }
    m_reader = nullptr;
    m_pdf = nullptr;
    m_editor.reset();
    m_key.clear();
    m_sha256.clear();
    m_name.clear();
    m_unplaced.setItems({});
    Q_EMIT attachedChanged();
}

void AnnotationDesk::refreshUnplaced()
{
    if (!m_annotations || m_sha256.isEmpty()) {
        m_unplaced.setItems({});
        return;
    }
    auto list = m_annotations->unplaced(m_member, m_sha256);
    if (!list) {
        qCWarning(lcDesk).noquote()
            << "cannot list unplaced annotations:" << list.error().describe();
        m_unplaced.setItems({});
        return;
    }
    m_unplaced.setItems(*list);
}

bool AnnotationDesk::dismissUnplaced(const QString &id)
{
    if (!m_annotations || m_sha256.isEmpty())
        return false;
    if (auto r = m_annotations->dismissUnplaced(m_member, m_sha256, id); !r) {
        qCWarning(lcDesk).noquote() << "cannot dismiss" << id << r.error().describe();
        return false;
    }
    refreshUnplaced();
    return true;
}

Result<QString> AnnotationDesk::exportTo(const QString &folder)
{
    if (!m_editor || !m_reader || !m_reader->document())
        return err("nothing_open", tr("no annotated document is open"));
    QFileInfo folderInfo(folder);
    if (folder.isEmpty() || !QDir().mkpath(folder) || !folderInfo.isDir()
        || !folderInfo.isWritable())
        return err("not_writable", tr("the folder %1 cannot be written to").arg(folder));
    auto pdf = m_reader->document()->exportAnnotated(m_editor->annotations());
    if (!pdf)
        return pdf.error();
    QStorageInfo volume(folder);
    if (volume.isValid() && volume.bytesAvailable() >= 0
        && volume.bytesAvailable() < pdf->size() + 64 * 1024)
        return err("disk_full",
                   tr("there is no room for %1 in %2 (%3 bytes free)")
                       .arg(pdf->size())
                       .arg(folder)
                       .arg(volume.bytesAvailable()));
    QString base = QFileInfo(m_name).completeBaseName();
    base.replace(QRegularExpression(QStringLiteral(R"([/\\:*?"<>|])")), QStringLiteral("_"));
    if (base.isEmpty())
        base = m_sha256.left(12);
    const QDir dir(folder);
    QString path = dir.filePath(tr("%1 (annotated).pdf").arg(base));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(tr("%1 (annotated %2).pdf").arg(base).arg(n));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return err("not_writable", tr("%1 cannot be written: %2").arg(path, file.errorString()));
    const bool wrote = file.write(*pdf) == pdf->size();
    if (!wrote || !file.commit()) {
        const bool full = file.error() == QFileDevice::ResourceError;
        return err(full ? "disk_full" : "not_writable",
                   full ? tr("the disk is full: %1 was not written").arg(path)
                        : tr("%1 cannot be written: %2").arg(path, file.errorString()));
    }
    qCInfo(lcDesk) << "exported" << m_editor->annotations().size() << "annotations to" << path;
    return path;
}

QString AnnotationDesk::exportCopy(const QString &folder)
{
    auto path = exportTo(folder.isEmpty() ? defaultExportFolder() : folder);
    if (path) {
        m_exportPath = *path;
        m_exportError.clear();
    } else {
        m_exportPath.clear();
        m_exportError = path.error().message;
        qCWarning(lcDesk).noquote() << "export:" << path.error().describe();
    }
    Q_EMIT exportChanged();
    return m_exportPath;
}

} // namespace Aula::App
