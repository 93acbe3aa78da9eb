// SPDX-License-Identifier: GPL-3.0-or-later
#include "datadir.h"

#include "chamberschema.h"
#include "secretstore.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDataDir, "aula.server.datadir")

namespace Aula::Server {

namespace {

constexpr qsizetype kStoreKeySize = 32;

Error notInitialised(const QString &dir, const QString &why)
{
    return Error { QStringLiteral("not_initialised"),
                   QStringLiteral("%1 is not an initialised Aula data directory (%2); create it "
                                  "with `aula-server init`")
                       .arg(dir, why) };
}

// fsync a file or directory by path, so that what we just wrote survives a power cut.
bool syncPath(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

Result<void> writeKeyFile(const QString &path, const Crypto::SecretBytes &key)
{
    QFile file(path);
    // NewOnly + permissions: created 0600 atomically, never over an existing file.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        return Error { QStringLiteral("cannot_write"),
                       QStringLiteral("cannot create %1: %2").arg(path, file.errorString()) };
    }
    if (file.write(reinterpret_cast<const char *>(key.data()), key.size()) != key.size()
        || !file.flush() || ::fsync(file.handle()) != 0) {
        return Error { QStringLiteral("cannot_write"),
                       QStringLiteral("cannot write %1: %2").arg(path, file.errorString()) };
    }
    return {};
}

Result<Crypto::SecretBytes> readKeyFile(const QString &dir, const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return notInitialised(dir, QStringLiteral("%1 is missing").arg(path));
    const auto mode = uint(st.st_mode & 0777);
    if (mode & 0077) {
        return Error { QStringLiteral("insecure_permissions"),
                       QStringLiteral("%1 can be read or written by other users (mode %2); it "
                                      "holds the key of the chamber database. Run `chmod 600 %1` "
                                      "and check who may have copied it")
                           .arg(path)
                           .arg(mode, 4, 8, QLatin1Char('0')) };
    }
    if (st.st_uid != ::geteuid()) {
        return Error { QStringLiteral("insecure_permissions"),
                       QStringLiteral("%1 belongs to another user (uid %2); run the server as "
                                      "the user that owns the data directory")
                           .arg(path)
                           .arg(st.st_uid) };
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("cannot_read"),
                       QStringLiteral("cannot read %1: %2").arg(path, file.errorString()) };
    if (file.size() != kStoreKeySize)
        return Error {
            QStringLiteral("invalid_key_file"),
            QStringLiteral("%1 should hold 32 bytes but holds %2").arg(path).arg(file.size())
        };
    Crypto::SecretBytes key(kStoreKeySize);
    if (file.read(reinterpret_cast<char *>(key.data()), kStoreKeySize) != kStoreKeySize)
        return Error { QStringLiteral("cannot_read"),
                       QStringLiteral("cannot read %1: %2").arg(path, file.errorString()) };
    return key;
}

} // namespace

DataDir::DataDir(QString path, std::unique_ptr<Store::Database> database, Crypto::SigningKey key)
    : m_path(std::move(path))
    , m_database(std::move(database))
    , m_signingKey(std::move(key))
{ }

DataDir::DataDir(DataDir &&) noexcept = default;
DataDir &DataDir::operator=(DataDir &&) noexcept = default;
DataDir::~DataDir() = default;

Result<DataDir> DataDir::create(const QString &dir)
{
    const QDir folder(dir);
    const QString keyPath = folder.filePath(QString::fromLatin1(kKeyFileName));
    const QString dbPath = folder.filePath(QString::fromLatin1(kDatabaseFileName));
    bool createdFolder = false;
    if (folder.exists()) {
        if (QFile::exists(keyPath) || QFile::exists(dbPath))
            return Error { QStringLiteral("already_initialised"),
                           QStringLiteral("%1 is already an Aula data directory; refusing to "
                                          "overwrite it")
                               .arg(dir) };
        if (!folder.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return Error { QStringLiteral("not_empty"),
                           QStringLiteral("%1 is not empty; choose an empty or new folder for the "
                                          "data directory")
                               .arg(dir) };
        if (!QFile::setPermissions(
                dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return Error { QStringLiteral("cannot_write"),
                           QStringLiteral("cannot restrict %1 to its owner").arg(dir) };
    } else {
        const QFileInfo info(dir);
        if (!QDir().mkpath(info.absolutePath())
            || !QDir().mkdir(info.absoluteFilePath(),
                             QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                 | QFileDevice::ExeOwner))
            return Error { QStringLiteral("cannot_write"),
                           QStringLiteral("cannot create the folder %1").arg(dir) };
        createdFolder = true;
    }

    // Undo a half-made data directory so that create() can simply be run again.
    const auto cleanUp = [&](const Error &error) -> Error {
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
            QFile::remove(dbPath + suffix);
        QFile::remove(keyPath);
        if (createdFolder)
            QDir().rmdir(dir);
        qCWarning(lcDataDir) << "creating" << dir << "failed:" << error.message;
        return error;
    };

    const Crypto::SecretBytes key = Crypto::SecretBytes::random(kStoreKeySize);
    if (auto r = writeKeyFile(keyPath, key); !r)
        return cleanUp(r.error());
    syncPath(dir);

    auto db = Store::Database::open(dbPath, key.view());
    if (!db)
        return cleanUp(db.error());
    auto database = std::make_unique<Store::Database>(std::move(db).value());
    if (auto r = ensureChamberSchema(*database); !r)
        return cleanUp(r.error());
    auto secrets = SecretStore::open(*database);
    if (!secrets)
        return cleanUp(secrets.error());
    Crypto::SigningKey signingKey = Crypto::SigningKey::generate();
    if (auto r = secrets.value().put(QString::fromLatin1(SecretStore::kServerSigningKey),
                                     signingKey.seed().view());
        !r)
        return cleanUp(r.error());
    syncPath(dir);
    qCInfo(lcDataDir) << "initialised data directory" << dir;
    return DataDir(dir, std::move(database), std::move(signingKey));
}

Result<DataDir> DataDir::open(const QString &dir)
{
    const QDir folder(dir);
    if (!folder.exists())
        return notInitialised(dir, QStringLiteral("the folder does not exist"));
    const QString keyPath = folder.filePath(QString::fromLatin1(kKeyFileName));
    const QString dbPath = folder.filePath(QString::fromLatin1(kDatabaseFileName));
    auto key = readKeyFile(dir, keyPath);
    if (!key)
        return key.error();
    if (!QFile::exists(dbPath))
        return notInitialised(dir, QStringLiteral("%1 is missing").arg(dbPath));

    Store::OpenOptions options;
    options.create = false;
    auto db = Store::Database::open(dbPath, key->view(), options);
    if (!db) {
        if (db.error().code == QLatin1String("wrong_key"))
            return Error { db.error().code,
                           QStringLiteral("%1 does not open %2: the key file belongs to another "
                                          "data directory, or the database is damaged")
                               .arg(keyPath, dbPath) };
        return db.error();
    }
    auto database = std::make_unique<Store::Database>(std::move(db).value());
    if (auto r = ensureChamberSchema(*database); !r)
        return r.error();
    auto secrets = SecretStore::open(*database);
    if (!secrets)
        return secrets.error();
    auto seed = secrets.value().get(QString::fromLatin1(SecretStore::kServerSigningKey));
    if (!seed)
        return seed.error();
    if (!seed->has_value())
        return Error { QStringLiteral("incomplete_data_dir"),
                       QStringLiteral("%1 has no server signing key; the data directory was not "
                                      "fully initialised")
                           .arg(dir) };
    auto signingKey = Crypto::SigningKey::fromSeed(seed.value()->view());
    if (!signingKey)
        return Error { QStringLiteral("incomplete_data_dir"),
                       QStringLiteral("%1: the stored server signing key is damaged (%2)")
                           .arg(dir, signingKey.error().message) };
    return DataDir(dir, std::move(database), std::move(signingKey).value());
}

} // namespace Aula::Server
