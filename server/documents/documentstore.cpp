// SPDX-License-Identifier: GPL-3.0-or-later
#include "documentstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryFile>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDocumentStore, "aula.server.documents")

namespace Aula::Server {

namespace {

// Temporary copies live here, inside the root, so the final rename never crosses file
// systems (and so stays atomic).
const QLatin1String kIncomingDir(".incoming");
constexpr qint64 kCopyChunk = 256 * 1024;

Error ioError(const QString &message)
{
    return { QStringLiteral("document_io"), message };
}

/** fsync() on a directory, so the rename inside it survives a power cut. */
void syncDirectory(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

DocumentStore::DocumentStore(QString root)
    : m_root(std::move(root))
{ }

Result<void> DocumentStore::initialize()
{
    if (m_root.isEmpty())
        return Error { QStringLiteral("document_root"),
                       QStringLiteral("the document store needs a directory") };
    if (!QDir().mkpath(QDir(m_root).filePath(kIncomingDir)))
        return ioError(QStringLiteral("cannot create the document store at %1").arg(m_root));
    return {};
}

bool DocumentStore::isValidSha256(QStringView sha256)
{
    if (sha256.size() != 64)
        return false;
    for (const QChar c : sha256) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f')))
            return false;
    }
    return true;
}

QString DocumentStore::pathFor(QStringView sha256) const
{
    return m_root + QLatin1Char('/') + sha256.first(2) + QLatin1Char('/') + sha256;
}

Result<void> DocumentStore::checkName(QStringView sha256) const
{
    if (!isValidSha256(sha256))
        return Error { QStringLiteral("invalid_sha256"),
                       QStringLiteral("a document is named by its SHA-256 in 64 lowercase hex "
                                      "digits, not \"%1\"")
                           .arg(sha256.left(80)) };
    return {};
}

Result<StoredDocument> DocumentStore::importFile(const QString &path)
{
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("document_unreadable"),
                       QStringLiteral("cannot read %1: %2").arg(path, source.errorString()) };
    if (source.isSequential() || !QFileInfo(path).isFile())
        return Error { QStringLiteral("document_unreadable"),
                       QStringLiteral("%1 is not a regular file").arg(path) };

    QTemporaryFile copy(QDir(m_root).filePath(kIncomingDir) + QStringLiteral("/import-XXXXXX"));
    if (!copy.open())
        return ioError(QStringLiteral("cannot create a temporary file in %1: %2 (did the store "
                                      "initialize()?)")
                           .arg(m_root, copy.errorString()));

    // SHA-256 with QCryptographicHash: sync/crypto (libsodium) does not exist yet on main.
    // Both give the same digest; switch when it lands so hashing lives in one place.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(kCopyChunk, Qt::Uninitialized);
    qint64 size = 0;
    for (;;) {
        const qint64 n = source.read(buffer.data(), buffer.size());
        if (n < 0)
            return Error {
                QStringLiteral("document_unreadable"),
                QStringLiteral("reading %1 failed: %2").arg(path, source.errorString())
            };
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        if (copy.write(buffer.constData(), n) != n)
            return ioError(
                QStringLiteral("writing the copy of %1 failed: %2").arg(path, copy.errorString()));
        size += n;
    }
    if (!copy.flush() || ::fsync(copy.handle()) != 0)
        return ioError(QStringLiteral("cannot sync the copy of %1 to disk").arg(path));

    StoredDocument document { QString::fromLatin1(hash.result().toHex()), size };
    const QString target = pathFor(document.sha256);
    const QString bucket = QFileInfo(target).path();
    if (!QDir().mkpath(bucket))
        return ioError(QStringLiteral("cannot create %1").arg(bucket));

    if (QFileInfo::exists(target)) {
        // Same hash, same bytes: keep the one already there (the temporary is removed).
        qCDebug(lcDocumentStore) << "already stored" << document.sha256 << "from" << path;
        return document;
    }
    // rename(2) replaces atomically; a concurrent import of the same bytes is harmless.
    if (std::rename(QFile::encodeName(copy.fileName()).constData(),
                    QFile::encodeName(target).constData())
        != 0)
        return ioError(QStringLiteral("cannot move the copy of %1 into %2: %3")
                           .arg(path, target, QString::fromLocal8Bit(std::strerror(errno))));
    copy.setAutoRemove(false);
    syncDirectory(bucket);
    qCInfo(lcDocumentStore) << "imported" << path << "as" << document.sha256 << document.size
                            << "bytes";
    return document;
}

Result<std::unique_ptr<QFile>> DocumentStore::open(QStringView sha256) const
{
    if (auto ok = checkName(sha256); !ok)
        return ok.error();
    auto file = std::make_unique<QFile>(pathFor(sha256));
    if (!file->open(QIODevice::ReadOnly)) {
        if (!file->exists())
            return Error { QStringLiteral("document_not_found"),
                           QStringLiteral("no document %1 in the store").arg(sha256) };
        return ioError(QStringLiteral("cannot open document %1: %2")
                           .arg(sha256.toString(), file->errorString()));
    }
    return file;
}

Result<StoredDocument> DocumentStore::stat(QStringView sha256) const
{
    if (auto ok = checkName(sha256); !ok)
        return ok.error();
    const QFileInfo info(pathFor(sha256));
    if (!info.isFile())
        return Error { QStringLiteral("document_not_found"),
                       QStringLiteral("no document %1 in the store").arg(sha256) };
    return StoredDocument { sha256.toString(), info.size() };
}

bool DocumentStore::contains(QStringView sha256) const
{
    return isValidSha256(sha256) && QFileInfo(pathFor(sha256)).isFile();
}

} // namespace Aula::Server
