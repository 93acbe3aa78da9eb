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
    auto annotations = m_annotations->load(m_member, **previous);
    if (!annotations)
        return annotations.error();
    if (!annotations->isEmpty())
        return true;
    auto unplaced = m_annotations->unplaced(m_member, **previous);
    if (!unplaced)
        return unplaced.error();
    return !unplaced->isEmpty();
}

Result<Documents::CarryOverResult>
AnnotationDesk::carryOver(const QString &key, const QString &sha256,
                          const Documents::PdfDocument &newVersion)
{
    if (!m_annotations)
        return err("closed", tr("no store is open"));
    auto already = seen(key, sha256);
    if (!already)
        return already.error();
    if (*already)
        return Documents::CarryOverResult {};
    auto previous = latestVersion(key);
    if (!previous)
        return previous.error();
    Documents::CarryOverResult result;
    if (*previous) {
        const QString &from = **previous;
        auto annotations = m_annotations->load(m_member, from);
        if (!annotations)
            return annotations.error();
        // Those that found no place in the previous version get another chance here.
        auto unplaced = m_annotations->unplaced(m_member, from);
        if (!unplaced)
            return unplaced.error();
        QList<Documents::Annotation> moving = *annotations;
        for (const auto &u : std::as_const(*unplaced))
            moving.append(u.annotation);
        if (!moving.isEmpty()) {
            result = Documents::carryOver(moving, newVersion);
            if (auto r = m_annotations->recordCarryOver(m_member, from, sha256, result); !r)
                return r.error();
            qCInfo(lcDesk) << "carried" << moving.size() << "annotations of" << key << "into"
                           << sha256.left(12) << ":" << result.byText << "by text," << result.byPage
                           << "by page," << result.unplaced.size() << "unplaced";
        }
    }
    // After the carry-over: a crash in between runs it again (it only replaces rows).
    if (auto r = markSeen(key, sha256); !r)
        return r.error();
    if (!result.placed.isEmpty() || !result.unplaced.isEmpty())
        Q_EMIT carriedOver(key, int(result.placed.size()), int(result.unplaced.size()));
    return result;
}

Result<void> AnnotationDesk::attach(Documents::DocumentReader &reader, const QString &key,
                                    const QString &sha256, const QString &name)
{
    detach();
    if (!m_annotations)
        return err("closed", tr("no store is open"));
    if (!reader.document())
        return err("nothing_open", tr("the reader has no document open"));
    if (auto moved = carryOver(key, sha256, *reader.document()); !moved)
        return moved.error();
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
