// SPDX-License-Identifier: GPL-3.0-or-later
#include "filekeyvault.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcKeyVault, "aula.platform.keyvault")

namespace Aula::Platform {

namespace {

Error ioError(const QString &what)
{
    return Error { QStringLiteral("keyvault_io"),
                   QStringLiteral("%1: %2").arg(what,
                                                QString::fromLocal8Bit(std::strerror(errno))) };
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

FileKeyVault::FileKeyVault(QString directory)
    : m_directory(std::move(directory))
{ }

QString FileKeyVault::backend() const
{
    return QStringLiteral("file:") + m_directory;
}

QString FileKeyVault::pathOf(const QString &name) const
{
    return m_directory + QLatin1Char('/') + name + QStringLiteral(".secret");
}

Result<void> FileKeyVault::ensureDirectory()
{
    const QByteArray dir = QFile::encodeName(m_directory);
    if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST)
        return ioError(QStringLiteral("cannot create %1").arg(m_directory));
    struct stat st
    {
    };
    if (::stat(dir.constData(), &st) != 0)
        return ioError(QStringLiteral("cannot read %1").arg(m_directory));
    if ((st.st_mode & 077) != 0) {
        // Tighten a directory we own rather than fail: it may predate the vault.
        if (::chmod(dir.constData(), 0700) != 0)
            return ioError(QStringLiteral("cannot restrict %1").arg(m_directory));
    }
    return {};
}

bool FileKeyVault::contains(const QString &name) const
{
    return isValidSecretName(name) && QFile::exists(pathOf(name));
}

Result<QByteArray> FileKeyVault::secret(const QString &name)
{
    if (!isValidSecretName(name))
        return Error { QStringLiteral("invalid_name"),
                       QStringLiteral("a secret's name is 1-64 of a-z 0-9 . _ -"),
                       QStringLiteral("name") };
    if (auto r = ensureDirectory(); !r)
        return r.error();
    const QByteArray path = QFile::encodeName(pathOf(name));
    int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        // First use: 32 random bytes, created 0600 and exclusive, so two processes racing
        // cannot end up with two different secrets.
        fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            QByteArray bytes(kSecretSize, Qt::Uninitialized);
            QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                                  kSecretSize / 4);
            const bool ok = writeAll(fd, bytes.constData(), bytes.size()) && ::fsync(fd) == 0;
            ::close(fd);
            if (!ok) {
                ::unlink(path.constData());
                return ioError(QStringLiteral("cannot write %1").arg(pathOf(name)));
            }
            qCInfo(lcKeyVault) << "created device secret" << name;
            return bytes;
        }
        if (errno != EEXIST)
            return ioError(QStringLiteral("cannot create %1").arg(pathOf(name)));
        fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    }
    if (fd < 0)
        return ioError(QStringLiteral("cannot open %1").arg(pathOf(name)));
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error { QStringLiteral("keyvault_corrupt"),
                       QStringLiteral("%1 is not a regular file").arg(pathOf(name)) };
    }
    if ((st.st_mode & 077) != 0 || st.st_uid != ::getuid()) {
        ::close(fd);
        return Error { QStringLiteral("keyvault_insecure"),
                       QStringLiteral("%1 can be read by others (mode %2); the secret is not "
                                      "trusted")
                           .arg(pathOf(name))
                           .arg(st.st_mode & 0777, 3, 8, QLatin1Char('0')) };
    }
    QByteArray bytes(kSecretSize + 1, Qt::Uninitialized);
    const ssize_t n = ::read(fd, bytes.data(), size_t(bytes.size()));
    ::close(fd);
    if (n != kSecretSize)
        return Error {
            QStringLiteral("keyvault_corrupt"),
            QStringLiteral("%1 does not hold a %2-byte secret").arg(pathOf(name)).arg(kSecretSize)
        };
    bytes.resize(kSecretSize);
    return bytes;
}

Result<void> FileKeyVault::destroy(const QString &name)
{
    if (!isValidSecretName(name))
        return Error { QStringLiteral("invalid_name"), QStringLiteral("invalid secret name"),
                       QStringLiteral("name") };
    const QByteArray path = QFile::encodeName(pathOf(name));
    const int fd = ::open(path.constData(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? Result<void>() : ioError(QStringLiteral("cannot open secret"));
    // Overwrite before unlinking: on flash this is best effort (wear levelling), which is
    // why the secret alone never decrypts anything.
    const QByteArray zeros(kSecretSize, '\0');
    (void)writeAll(fd, zeros.constData(), zeros.size());
    (void)::fsync(fd);
    ::close(fd);
    if (::unlink(path.constData()) != 0)
        return ioError(QStringLiteral("cannot remove %1").arg(pathOf(name)));
    return {};
}

bool isValidSecretName(const QString &name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.')
            || c == QLatin1Char('_') || c == QLatin1Char('-');
        if (!ok)
            return false;
    }
    return name != QLatin1String(".") && name != QLatin1String("..");
}

std::unique_ptr<KeyVault> createKeyVault(const QString &directory)
{
    // The only place that picks a backend; Android/iOS backends are not built yet.
    return std::make_unique<FileKeyVault>(directory);
}

} // namespace Aula::Platform
