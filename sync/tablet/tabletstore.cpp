// SPDX-License-Identifier: GPL-3.0-or-later
#include "tabletstore.h"

#include "sync/crypto/crypto.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSet>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcTabletStore, "aula.sync.tablet")

namespace Aula::Tablet {

using Store::Statement;

namespace {

constexpr QByteArrayView kWrapContext = "aula/tablet-store-key/v1";
constexpr QByteArrayView kKdfLabel = "aula/tablet-kek/v1";
// A document file nothing refers to is removed at open() once it is this old (younger ones
// may be another connection's, between creating the file and committing its row).
constexpr qint64 kSweepAfterSeconds = 10 * 60;
// The subkey of the store key that seals the document files (Crypto::deriveSubkey).
constexpr QByteArrayView kBlobKeyContext = "aulablob";
constexpr quint64 kBlobKeyId = 1;
constexpr qint64 kDayMs = 24LL * 3600 * 1000;
// A clock may drift or be corrected a little; more than this backwards is refused, or
// setting the date back would extend the lease for ever.
constexpr qint64 kClockSlackMs = 10LL * 60 * 1000;

const QList<QByteArray> kMigrations = {
    QByteArrayLiteral(R"(
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE documents (
            sha256 BLOB PRIMARY KEY, size INTEGER NOT NULL, name TEXT NOT NULL,
            media_type TEXT NOT NULL, version INTEGER NOT NULL, stored_at INTEGER NOT NULL);
        CREATE TABLE chunks (
            sha256 BLOB NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
            data BLOB NOT NULL, PRIMARY KEY (sha256, offset));
    )"),
    // The app's own tables come as named sets (applySchema()), each with its version here:
    // PRAGMA user_version stays this list's alone.
    QByteArrayLiteral(R"(
        CREATE TABLE schemas (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
    )"),
    // Documents move out to sealed files (BlobArea): `blob` names a document's file (NULL:
    // stored in `chunks` by an older version, still read from there), `partials` the file of
    // each download in progress. Downloads begun in `chunks` start again.
    QByteArrayLiteral(R"(
        ALTER TABLE documents ADD COLUMN blob TEXT;
        CREATE TABLE partials (sha256 BLOB PRIMARY KEY, blob TEXT NOT NULL UNIQUE);
        DELETE FROM chunks WHERE sha256 NOT IN (SELECT sha256 FROM documents);
    )"),
};

// Everything in a tablet store can be fetched from the chamber again (documents, the
// manifest) or errs on the safe side when a last commit is lost (an older lease ends
// sooner). So: WAL with fsync at checkpoints only. Still consistent after a power cut;
// the sync costs one fsync per checkpoint instead of one per chunk.
Store::OpenOptions storeOptions(bool create)
{
    Store::OpenOptions o;
    o.create = create;
    o.synchronous = Store::Synchronous::Normal;
    return o;
}

// Checkpoint every 32 MiB of WAL instead of every 4 MiB: each checkpoint costs two fsyncs,
// which dominated a 200 MB sync on slow flash.
constexpr int kWalAutocheckpointPages = 8192;

Result<Store::Database> openStore(const QString &path, QByteArrayView key, bool create)
{
    Store::OpenOptions o = storeOptions(create);
    // 4 KiB pages instead of SQLCipher 3's 1 KiB: every page carries its own IV and HMAC,
    // so 1 KiB pages halve blob throughput.
    o.cipherPageSize = TabletStore::kCipherPageSize;
    auto db = Store::Database::open(path, key, o);
    if (db) {
        if (auto r = db.value().exec(QByteArray(QByteArray("PRAGMA wal_autocheckpoint = ")
                                                + QByteArray::number(kWalAutocheckpointPages)));
            !r)
            return r.error();
    }
    return db;
}

Error err(const char *code, const QString &message, const QString &field = {})
{
    return Error { QLatin1String(code), message, field };
}

bool validMember(const QString &member)
{
    if (member.isEmpty() || member.size() > 40)
        return false;
    for (QChar c : member) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-')
            && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

QString dirOf(const QString &root, const QString &member)
{
    return root + QLatin1Char('/') + member;
}
QString dbPathOf(const QString &root, const QString &member)
{
    return dirOf(root, member) + QStringLiteral("/store.db");
}
QString keyPathOf(const QString &root, const QString &member)
{
    return dirOf(root, member) + QStringLiteral("/store.key");
}
QString blobDirOf(const QString &dbPath)
{
    return QFileInfo(dbPath).dir().filePath(QStringLiteral("blobs"));
}

void appendField(QByteArray &out, QByteArrayView field)
{
    const quint32 n = quint32(field.size());
    out.append(char(n >> 24)).append(char(n >> 16)).append(char(n >> 8)).append(char(n));
    out.append(field);
}

// Each part length-prefixed, so "12"+"34" and "1"+"234" never derive the same key.
Result<Crypto::SecretBytes> deriveKek(const Unlock &u, const QByteArray &salt, KdfCost cost)
{
    QByteArray material;
    material.reserve(kKdfLabel.size() + u.pin.size() + u.badgeSecret.size() + u.deviceSecret.size()
                     + 16);
    material.append(kKdfLabel);
    appendField(material, u.pin);
    appendField(material, u.badgeSecret);
    appendField(material, u.deviceSecret);
    auto secret = Crypto::SecretBytes::copyOf(material);
    material.fill('\0');
    return Crypto::deriveKey(secret.view(), salt, cost.opsLimit, cost.memLimit);
}

/** The key file's content: @p storeKey wrapped by the key derived from @p unlock. */
Result<QJsonObject> wrappedKeyFile(const Crypto::SecretBytes &storeKey, const Unlock &unlock,
                                   KdfCost cost)
{
    const QByteArray salt = Crypto::randomBytes(Crypto::kSaltSize);
    auto kek = deriveKek(unlock, salt, cost);
    if (!kek)
        return kek.error();
    auto wrapped = Crypto::wrapKey(*kek, storeKey, kWrapContext);
    if (!wrapped)
        return wrapped.error();
    return QJsonObject { { QStringLiteral("v"), 1 },
                         { QStringLiteral("salt"), QString::fromLatin1(salt.toHex()) },
                         { QStringLiteral("ops"), qint64(cost.opsLimit) },
                         { QStringLiteral("mem"), qint64(cost.memLimit) },
                         { QStringLiteral("wrapped"), QString::fromLatin1(wrapped->toHex()) } };
}

Result<void> writeKeyFile(const QString &path, const QJsonObject &o)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return err("io_error", QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!f.commit())
        return err("io_error", QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

} // namespace

TabletStore::TabletStore(std::unique_ptr<Store::Database> db, QString member,
                         Crypto::SecretBytes key, BlobArea blobs)
    : m_db(std::move(db))
    , m_member(std::move(member))
    , m_key(std::move(key))
    , m_blobs(std::move(blobs))
{ }

Result<TabletStore> TabletStore::assemble(Store::Database db, const QString &member,
                                          Crypto::SecretBytes key)
{
    auto blobKey = Crypto::deriveSubkey(key, kBlobKeyId, kBlobKeyContext);
    if (!blobKey)
        return blobKey.error();
    auto blobs = BlobArea::open(blobDirOf(db.path()), std::move(blobKey).value());
    if (!blobs)
        return blobs.error();
    return TabletStore(std::make_unique<Store::Database>(std::move(db)), member, std::move(key),
                       std::move(blobs).value());
}

TabletStore::TabletStore(TabletStore &&) noexcept = default;
TabletStore &TabletStore::operator=(TabletStore &&) noexcept = default;
TabletStore::~TabletStore() = default;

QString TabletStore::vaultSecretName(const QString &member)
{
    return QStringLiteral("store-") + member.toLower();
}

bool TabletStore::exists(const QString &root, const QString &member)
{
    return validMember(member) && QFile::exists(keyPathOf(root, member));
}

QString TabletStore::databasePath() const
{
    return m_db->path();
}

QString TabletStore::documentDirectory() const
{
    return blobDirOf(m_db->path());
}

Result<TabletStore> TabletStore::create(const QString &root, const QString &member,
                                        const Unlock &unlock, qint64 nowMs, int leaseDays,
                                        KdfCost cost)
{
    if (!validMember(member))
        return err("invalid_member", QStringLiteral("a member id is 1-40 of A-Z a-z 0-9 - _"),
                   QStringLiteral("member"));
    if (unlock.pin.isEmpty() || unlock.badgeSecret.isEmpty() || unlock.deviceSecret.size() < 16)
        return err("invalid_unlock",
                   QStringLiteral("PIN, badge secret and a device secret of at least 16 bytes "
                                  "are all needed"));
    if (leaseDays < 1)
        return err("invalid_lease", QStringLiteral("the lease is at least one day"),
                   QStringLiteral("leaseDays"));
    if (exists(root, member))
        return err("store_exists", QStringLiteral("%1 already has a store here").arg(member));
    const QString dir = dirOf(root, member);
    if (!QDir().mkpath(dir))
        return err("io_error", QStringLiteral("cannot create %1").arg(dir));
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // A database without its key file is a leftover of an interrupted create or a wipe.
    for (const char *suffix : { "", "-wal", "-shm" })
        QFile::remove(dbPathOf(root, member) + QLatin1String(suffix));
    BlobArea::removeAll(blobDirOf(dbPathOf(root, member)));

    const auto storeKey = Crypto::SecretBytes::random(Crypto::kKeySize);
    auto keyFile = wrappedKeyFile(storeKey, unlock, cost);
    if (!keyFile)
        return keyFile.error();

    auto db = openStore(dbPathOf(root, member), storeKey.view(), true);
    if (!db)
        return db.error();
    if (auto m = Store::applyMigrations(db.value(), kMigrations); !m)
        return m.error();
    auto assembled =
        assemble(std::move(db).value(), member, Crypto::SecretBytes::copyOf(storeKey.view()));
    if (!assembled)
        return assembled.error();
    TabletStore store = std::move(assembled).value();
    if (auto r = store.renewLease(nowMs, leaseDays); !r)
        return r.error();
    // The key file last: until it exists, there is no store.
    if (auto w = writeKeyFile(keyPathOf(root, member), *keyFile); !w)
        return w.error();
    qCInfo(lcTabletStore) << "created the store of" << member;
    return store;
}

Result<void> TabletStore::rewrap(const Unlock &unlock, KdfCost cost)
{
    if (unlock.pin.isEmpty() || unlock.badgeSecret.isEmpty() || unlock.deviceSecret.size() < 16)
        return err("invalid_unlock",
                   QStringLiteral("PIN, badge secret and a device secret of at least 16 bytes "
                                  "are all needed"));
    auto keyFile = wrappedKeyFile(m_key, unlock, cost);
    if (!keyFile)
        return keyFile.error();
    // The store key and the database stay; only its wrapping changes, in one atomic write.
    const QString keyPath = QFileInfo(m_db->path()).dir().filePath(QStringLiteral("store.key"));
    if (auto w = writeKeyFile(keyPath, *keyFile); !w)
        return w.error();
    qCInfo(lcTabletStore) << "rewrapped the key of" << m_member << "'s store";
    return {};
}

Result<int> TabletStore::applySchema(const QString &name, const QList<QByteArray> &steps)
{
    if (name.isEmpty())
        return err("invalid_schema", QStringLiteral("a schema set needs a name"),
                   QStringLiteral("name"));
    const auto target = int(steps.size());
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    auto select = m_db->prepare("SELECT version FROM schemas WHERE name = ?1;");
    if (!select)
        return select.error();
    select.value().bindText(1, name);
    auto row = select.value().step();
    if (!row)
        return row.error();
    const int current = *row ? int(select.value().columnInt64(0)) : 0;
    select = Error {}; // finalized before the writes
    if (current > target)
        return err("schema_too_new",
                   QStringLiteral("%1 holds version %2 of the tables \"%3\", but this program "
                                  "knows only up to %4; use a newer Aula")
                       .arg(m_db->path())
                       .arg(current)
                       .arg(name)
                       .arg(target));
    if (current == target)
        return target;
    for (int i = current; i < target; ++i) {
        if (auto r = m_db->exec(steps.at(i)); !r)
            return Error { r.error().code,
                           QStringLiteral("step %1 of the tables \"%2\": %3")
                               .arg(i + 1)
                               .arg(name, r.error().message) };
    }
    auto write = m_db->prepare("INSERT OR REPLACE INTO schemas (name, version) VALUES (?1, ?2);");
    if (!write)
        return write.error();
    write.value().bindText(1, name).bindInt64(2, target);
    if (auto r = write.value().run(); !r)
        return r.error();
    write = Error {};
    if (auto r = tx.value().commit(); !r)
        return r.error();
    qCInfo(lcTabletStore) << "tables" << name << "of" << m_member << "at version" << target
                          << "(from" << current << ")";
    return target;
}

Result<TabletStore> TabletStore::open(const QString &root, const QString &member,
                                      const Unlock &unlock, qint64 nowMs,
                                      std::optional<int> renewLeaseDays)
{
    if (!validMember(member))
        return err("invalid_member", QStringLiteral("a member id is 1-40 of A-Z a-z 0-9 - _"),
                   QStringLiteral("member"));
    QFile f(keyPathOf(root, member));
    if (!f.open(QIODevice::ReadOnly))
        return err("store_missing",
                   QStringLiteral("there is no store for %1 on this tablet").arg(member));
    const QJsonObject k = QJsonDocument::fromJson(f.read(4096)).object();
    const QByteArray salt =
        QByteArray::fromHex(k.value(QStringLiteral("salt")).toString().toLatin1());
    const QByteArray wrapped =
        QByteArray::fromHex(k.value(QStringLiteral("wrapped")).toString().toLatin1());
    const KdfCost cost { quint64(k.value(QStringLiteral("ops")).toInteger()),
                         size_t(k.value(QStringLiteral("mem")).toInteger()) };
    if (k.value(QStringLiteral("v")).toInt() != 1 || salt.size() != Crypto::kSaltSize
        || wrapped.isEmpty() || cost.opsLimit < 1 || cost.opsLimit > 16
        || cost.memLimit > size_t(1) << 31)
        return err("key_file_corrupt",
                   QStringLiteral("the key file of %1's store is damaged").arg(member));
    auto kek = deriveKek(unlock, salt, cost);
    if (!kek)
        return kek.error();
    auto key = Crypto::unwrapKey(*kek, wrapped, kWrapContext);
    if (!key) {
        if (key.error().code == QLatin1String("unwrap_failed"))
            return err("wrong_credentials",
                       QStringLiteral("badge, PIN or this tablet do not open this store"));
        return err("key_file_corrupt", key.error().message);
    }
    auto db = openStore(dbPathOf(root, member), key->view(), false);
    if (!db)
        return db.error();
    if (auto m = Store::applyMigrations(db.value(), kMigrations); !m)
        return m.error();
    auto assembled = assemble(std::move(db).value(), member, std::move(key).value());
    if (!assembled)
        return assembled.error();
    TabletStore store = std::move(assembled).value();
    store.sweepBlobs();

    if (renewLeaseDays) {
        if (auto r = store.renewLease(nowMs, *renewLeaseDays); !r)
            return r.error();
        return store;
    }
    auto expires = store.leaseExpiresAt();
    if (!expires)
        return expires.error();
    auto lastSeen = store.meta("last_seen_ms");
    if (!lastSeen)
        return lastSeen.error();
    if (nowMs + kClockSlackMs < *lastSeen)
        return err("clock_rewound",
                   QStringLiteral("the tablet's clock is behind the last time this store was "
                                  "opened; connect to the chamber"));
    if (nowMs >= *expires) {
        qCWarning(lcTabletStore) << "offline lease of" << member << "expired";
        return err("lease_expired",
                   QStringLiteral("this tablet has been offline too long; connect to the "
                                  "chamber and log in to open your documents again"));
    }
    if (auto r = store.setMeta("last_seen_ms", nowMs); !r)
        return r.error();
    return store;
}

Result<TabletStore> TabletStore::openConnection()
{
    auto db = openStore(m_db->path(), m_key.view(), false);
    if (!db)
        return db.error();
    // The same space limit as this connection (PRAGMA max_page_count is per connection).
    auto limit = m_db->prepare("PRAGMA max_page_count");
    if (!limit)
        return limit.error();
    auto row = limit.value().step();
    if (!row)
        return row.error();
    if (*row) {
        if (auto r =
                db.value().exec(QByteArray(QByteArray("PRAGMA max_page_count = ")
                                           + QByteArray::number(limit.value().columnInt64(0))));
            !r)
            return r.error();
    }
    return TabletStore(std::make_unique<Store::Database>(std::move(db).value()), m_member,
                       Crypto::SecretBytes::copyOf(m_key.view()), m_blobs);
}

Result<void> TabletStore::wipe(const QString &root, const QString &member)
{
    if (!validMember(member))
        return err("invalid_member", QStringLiteral("invalid member id"));
    const QString keyPath = keyPathOf(root, member);
    {
        // Overwrite the wrapped key first: without it the database is random bytes.
        QFile f(keyPath);
        if (f.exists()) {
            const qint64 size = f.size();
            if (f.open(QIODevice::ReadWrite)) {
                f.write(Crypto::randomBytes(qMax<qint64>(size, 1)));
                f.flush();
                ::fsync(f.handle());
                f.close();
            }
            if (!f.remove())
                return err("io_error",
                           QStringLiteral("cannot remove %1: %2").arg(keyPath, f.errorString()));
        }
    }
    for (const char *suffix : { "", "-wal", "-shm" }) {
        const QString p = dbPathOf(root, member) + QLatin1String(suffix);
        if (QFile::exists(p) && !QFile::remove(p))
            return err("io_error", QStringLiteral("cannot remove %1").arg(p));
    }
    if (const QString blobs = blobDirOf(dbPathOf(root, member)); !BlobArea::removeAll(blobs))
        return err("io_error", QStringLiteral("cannot remove %1").arg(blobs));
    QDir().rmdir(dirOf(root, member));
    qCWarning(lcTabletStore) << "wiped the store of" << member;
    return {};
}

Result<void> TabletStore::setMeta(const char *key, qint64 value)
{
    auto st = m_db->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)");
    if (!st)
        return st.error();
    return st.value().bindText(1, QString::fromLatin1(key)).bindInt64(2, value).run();
}

Result<qint64> TabletStore::meta(const char *key)
{
    auto st = m_db->prepare("SELECT value FROM meta WHERE key = ?1");
    if (!st)
        return st.error();
    st.value().bindText(1, QString::fromLatin1(key));
    auto row = st.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return err("corrupt", QStringLiteral("the store has no %1").arg(QLatin1String(key)));
    return st.value().columnInt64(0);
}

Result<void> TabletStore::renewLease(qint64 nowMs, int leaseDays)
{
    if (leaseDays < 1)
        return err("invalid_lease", QStringLiteral("the lease is at least one day"));
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    for (auto [k, v] :
         { std::pair { "last_contact_ms", nowMs }, std::pair { "last_seen_ms", nowMs },
           std::pair { "lease_days", qint64(leaseDays) } }) {
        if (auto r = setMeta(k, v); !r)
            return r.error();
    }
    return tx.value().commit();
}

Result<qint64> TabletStore::leaseExpiresAt()
{
    auto contact = meta("last_contact_ms");
    if (!contact)
        return contact.error();
    auto days = meta("lease_days");
    if (!days)
        return days.error();
    return *contact + *days * kDayMs;
}

Result<bool> TabletStore::hasDocument(QByteArrayView sha256)
{
    auto st = m_db->prepare("SELECT 1 FROM documents WHERE sha256 = ?1");
    if (!st)
        return st.error();
    st.value().bindBlob(1, sha256);
    return st.value().step();
}

Result<void> TabletStore::putDocument(const DocumentMeta &meta, QByteArrayView content)
{
    if (content.size() != meta.size)
        return err("size_mismatch",
                   QStringLiteral("%1: %2 bytes received, %3 expected")
                       .arg(meta.name)
                       .arg(content.size())
                       .arg(meta.size));
    if (!Crypto::constantTimeEqual(Crypto::sha256(content), meta.sha256))
        return err(
            "hash_mismatch",
            QStringLiteral("%1: the content does not match its SHA-256; refused").arg(meta.name));
    // The new file first, durable; then the database switches to it in one transaction;
    // then the old file goes. A failure on the way leaves the old document as it was.
    const QString id = BlobArea::newId();
    {
        auto file = m_blobs.create(id, meta.sha256);
        if (!file)
            return file.error();
        auto written = file.value().append(content);
        if (written)
            written = file.value().sync();
        if (!written) {
            m_blobs.remove(id);
            return written;
        }
    }
    auto old = blobsOf(meta.sha256);
    if (!old) {
        m_blobs.remove(id);
        return old.error();
    }
    auto replaced = durably([&]() -> Result<void> {
        if (auto r = deleteRows(meta.sha256); !r)
            return r;
        return insertMeta(meta, id);
    });
    if (!replaced) {
        m_blobs.remove(id);
        return replaced;
    }
    m_downloads.erase(meta.sha256);
    for (const QString &gone : std::as_const(*old))
        m_blobs.remove(gone);
    return {};
}

Result<void> TabletStore::insertMeta(const DocumentMeta &meta, const QString &blob)
{
    auto st = m_db->prepare("INSERT OR REPLACE INTO documents (sha256, size, name, media_type, "
                            "version, stored_at, blob) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, strftime('%s','now'), ?6)");
    if (!st)
        return st.error();
    return st.value()
        .bindBlob(1, meta.sha256)
        .bindInt64(2, meta.size)
        .bindText(3, meta.name)
        .bindText(4, meta.mediaType)
        .bindInt64(5, meta.version)
        .bindText(6, blob)
        .run();
}

Result<QStringList> TabletStore::blobsOf(QByteArrayView sha256)
{
    auto st = m_db->prepare("SELECT blob FROM documents WHERE sha256 = ?1 AND blob IS NOT NULL "
                            "UNION ALL SELECT blob FROM partials WHERE sha256 = ?1");
    if (!st)
        return st.error();
    st.value().bindBlob(1, sha256);
    QStringList out;
    while (true) {
        auto row = st.value().step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.append(st.value().columnText(0));
    }
}

Result<std::optional<QString>> TabletStore::partialBlob(QByteArrayView sha256)
{
    auto st = m_db->prepare("SELECT blob FROM partials WHERE sha256 = ?1");
    if (!st)
        return st.error();
    st.value().bindBlob(1, sha256);
    auto row = st.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<QString>();
    return std::optional<QString>(st.value().columnText(0));
}

void TabletStore::sweepBlobs()
{
    // The files first, then what the database refers to: a file created meanwhile is not in
    // the list. A download records its file before creating it; putDocument() creates its
    // file before the row, so files touched in the last minutes are left for a later sweep.
    const QStringList files = m_blobs.ids();
    auto st = m_db->prepare("SELECT blob FROM documents WHERE blob IS NOT NULL "
                            "UNION ALL SELECT blob FROM partials");
    if (!st)
        return;
    QSet<QString> used;
    while (true) {
        auto row = st.value().step();
        if (!row)
            return; // never remove a file on a half-read list
        if (!*row)
            break;
        used.insert(st.value().columnText(0));
    }
    const QDateTime settled = QDateTime::currentDateTime().addSecs(-kSweepAfterSeconds);
    int removed = 0;
    for (const QString &id : files) {
        if (used.contains(id) || QFileInfo(m_blobs.pathOf(id)).lastModified() > settled)
            continue;
        m_blobs.remove(id);
        ++removed;
    }
    if (removed)
        qCInfo(lcTabletStore) << "removed" << removed << "document files nothing refers to";
}

Result<QByteArray> TabletStore::readChunks(QByteArrayView sha256, qint64 expectedSize)
{
    auto st = m_db->prepare("SELECT offset, data FROM chunks WHERE sha256 = ?1 ORDER BY offset");
    if (!st)
        return st.error();
    st.value().bindBlob(1, sha256);
    QByteArray content;
    content.reserve(expectedSize);
    while (true) {
        auto row = st.value().step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (st.value().columnInt64(0) != content.size())
            return err("corrupt", QStringLiteral("a document's pieces do not line up"));
        content.append(st.value().columnBlob(1));
    }
    return content;
}

Result<QByteArray> TabletStore::document(QByteArrayView sha256)
{
    qint64 size = 0;
    QString blob;
    {
        auto tx = m_db->beginRead();
        if (!tx)
            return tx.error();
        auto st = m_db->prepare("SELECT size, blob FROM documents WHERE sha256 = ?1");
        if (!st)
            return st.error();
        st.value().bindBlob(1, sha256);
        auto row = st.value().step();
        if (!row)
            return row.error();
        if (!*row)
            return err("not_found", QStringLiteral("this document is not on the tablet"));
        size = st.value().columnInt64(0);
        if (st.value().columnIsNull(1))
            return readChunks(sha256, size); // stored by an older version
        blob = st.value().columnText(1);
    }
    auto content = m_blobs.read(blob, sha256, size);
    if (!content
        && (content.error().code == QLatin1String("corrupt")
            || content.error().code == QLatin1String("file_missing"))) {
        // Unreadable for good: forget it, so that the next sync fetches it again, rather than
        // keep a document that can never open. The file is kept out of the way for the sweep.
        qCWarning(lcTabletStore).noquote()
            << "a stored document is unreadable and will be fetched again:"
            << content.error().message;
        auto forget = m_db->prepare("DELETE FROM documents WHERE sha256 = ?1 AND blob = ?2");
        if (forget)
            (void)forget.value().bindBlob(1, sha256).bindText(2, blob).run();
    }
    return content;
}

Result<QList<DocumentMeta>> TabletStore::documents()
{
    auto st = m_db->prepare(
        "SELECT sha256, size, name, media_type, version FROM documents ORDER BY name");
    if (!st)
        return st.error();
    QList<DocumentMeta> out;
    while (true) {
        auto row = st.value().step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        Statement &s = st.value();
        out.append(DocumentMeta { s.columnBlob(0), s.columnInt64(1), s.columnText(2),
                                  s.columnText(3), int(s.columnInt64(4)) });
    }
    return out;
}

Result<void> TabletStore::removeDocument(QByteArrayView sha256)
{
    m_downloads.erase(sha256.toByteArray());
    auto files = blobsOf(sha256);
    if (!files)
        return files.error();
    if (m_db->inTransaction()) {
        // The caller's transaction may yet roll back and bring the rows back: the files
        // stay, and a later open() removes whatever nothing refers to.
        return deleteRows(sha256);
    }
    if (auto r = durably([&] { return deleteRows(sha256); }); !r)
        return r;
    for (const QString &id : std::as_const(*files))
        m_blobs.remove(id);
    return {};
}

Result<void> TabletStore::deleteRows(QByteArrayView sha256)
{
    for (const char *sql :
         { "DELETE FROM documents WHERE sha256 = ?1", "DELETE FROM chunks WHERE sha256 = ?1",
           "DELETE FROM partials WHERE sha256 = ?1" }) {
        auto st = m_db->prepare(sql);
        if (!st)
            return st.error();
        if (auto r = st.value().bindBlob(1, sha256).run(); !r)
            return r;
    }
    return {};
}

Result<void> TabletStore::durably(const std::function<Result<void>()> &work)
{
    // The store runs with synchronous = NORMAL (a commit may be lost in a power cut); a
    // commit after which files are deleted must not be, or the rows would come back
    // pointing at nothing. FULL makes this one commit reach the disk before it returns.
    if (auto r = m_db->exec("PRAGMA synchronous = FULL"); !r)
        return r;
    const auto restore = qScopeGuard([this] { (void)m_db->exec("PRAGMA synchronous = NORMAL"); });
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    if (auto r = work(); !r)
        return r;
    return tx.value().commit();
}

Result<qint64> TabletStore::partialSize(QByteArrayView sha256)
{
    auto has = hasDocument(sha256);
    if (!has)
        return has.error();
    if (*has)
        return qint64(0); // complete documents are not partial downloads
    const auto here = m_downloads.find(sha256.toByteArray());
    if (here != m_downloads.end())
        return here->second.file.length();
    // From the records' headers, never their contents.
    auto id = partialBlob(sha256);
    if (!id)
        return id.error();
    if (!*id)
        return qint64(0);
    return m_blobs.plainLength(**id);
}

Result<TabletStore::Download *> TabletStore::download(QByteArrayView sha256, qint64 offset)
{
    const QByteArray key = sha256.toByteArray();
    auto here = m_downloads.find(key);
    if (here != m_downloads.end()) {
        // Written through another connection meanwhile (its size moved): open it again.
        if (QFileInfo(m_blobs.pathOf(here->second.file.id())).size()
            == here->second.file.fileSize())
            return &here->second;
        m_downloads.erase(here);
    }
    auto id = partialBlob(sha256);
    if (!id)
        return id.error();
    if (*id) {
        // Resumed (after a restart, or by another connection): check and hash what is there.
        Download d { BlobArea::Writer(), Crypto::Sha256() };
        auto file = m_blobs.resume(**id, sha256, d.hash);
        if (file) {
            d.file = std::move(file).value();
            return &m_downloads.insert_or_assign(key, std::move(d)).first->second;
        }
        if (file.error().code == QLatin1String("io_error"))
            return file.error();
        // Its file is missing or not one of ours: start this download again.
        qCWarning(lcTabletStore).noquote()
            << "a download's file is unusable, starting it again:" << file.error().message;
        if (auto r = dropPartial(sha256); !r)
            return r.error();
    }
    if (offset != 0)
        return err("bad_offset", QStringLiteral("chunk at %1, but nothing is stored").arg(offset));
    // The row first, then the file: no sweep can take a file nothing refers to yet (a row
    // whose file never came is a download that starts again).
    const QString fresh = BlobArea::newId();
    auto st = m_db->prepare("INSERT INTO partials (sha256, blob) VALUES (?1, ?2)");
    if (!st)
        return st.error();
    if (auto r = st.value().bindBlob(1, sha256).bindText(2, fresh).run(); !r)
        return r.error();
    st = Error {};
    auto file = m_blobs.create(fresh, sha256);
    if (!file) {
        if (auto s = m_db->prepare("DELETE FROM partials WHERE sha256 = ?1"))
            (void)s.value().bindBlob(1, sha256).run();
        return file.error();
    }
    return &m_downloads
                .insert_or_assign(key, Download { std::move(file).value(), Crypto::Sha256() })
                .first->second;
}

Result<void> TabletStore::appendPartial(QByteArrayView sha256, qint64 offset, QByteArrayView data)
{
    auto has = hasDocument(sha256);
    if (!has)
        return has.error();
    if (*has)
        return err("bad_offset", QStringLiteral("this document is already complete"));
    auto d = download(sha256, offset);
    if (!d)
        return d.error();
    Download &dl = **d;
    if (dl.file.length() != offset)
        return err("bad_offset",
                   QStringLiteral("chunk at %1, but %2 bytes are stored")
                       .arg(offset)
                       .arg(dl.file.length()));
    if (auto r = dl.file.append(data); !r)
        return r;
    // The bytes just written, hashed as they are written: completePartial() checks them.
    dl.hash.update(data);
    return {};
}

Result<void> TabletStore::completePartial(const DocumentMeta &meta)
{
    auto has = hasDocument(meta.sha256);
    if (!has)
        return has.error();
    if (*has)
        return {}; // already complete
    auto id = partialBlob(meta.sha256);
    if (!id)
        return id.error();
    if (!*id) // nothing was appended: only an empty document can be complete
        return putDocument(meta, QByteArrayView());
    auto d = download(meta.sha256, 0);
    if (!d)
        return d.error();
    Download &dl = **d;
    const qint64 size = dl.file.length();
    const QByteArray digest = dl.hash.finish();
    Result<void> verdict;
    if (size != meta.size)
        verdict = err("size_mismatch",
                      QStringLiteral("%1: %2 bytes received, %3 expected")
                          .arg(meta.name)
                          .arg(size)
                          .arg(meta.size));
    else if (!Crypto::constantTimeEqual(digest, meta.sha256))
        verdict = err(
            "hash_mismatch",
            QStringLiteral("%1: the content does not match its SHA-256; refused").arg(meta.name));
    if (!verdict) {
        if (auto r = dropPartial(meta.sha256); !r)
            return r;
        return verdict;
    }
    // Durable before the database says it is there: a power cut never leaves a document
    // whose file lost its last bytes.
    if (auto r = dl.file.sync(); !r) {
        m_downloads.erase(meta.sha256); // hashed already: the next attempt reads it again
        return r;
    }
    const QString blob = dl.file.id();
    m_downloads.erase(meta.sha256);
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    if (auto r = insertMeta(meta, blob); !r)
        return r; // e.g. disk_full: rolled back, the partial stays
    auto st = m_db->prepare("DELETE FROM partials WHERE sha256 = ?1");
    if (!st)
        return st.error();
    if (auto r = st.value().bindBlob(1, meta.sha256).run(); !r)
        return r;
    return tx.value().commit();
}

Result<void> TabletStore::dropPartial(QByteArrayView sha256)
{
    m_downloads.erase(sha256.toByteArray());
    auto has = hasDocument(sha256);
    if (!has)
        return has.error();
    if (*has)
        return {};
    auto id = partialBlob(sha256);
    if (!id)
        return id.error();
    auto st = m_db->prepare("DELETE FROM partials WHERE sha256 = ?1");
    if (!st)
        return st.error();
    if (auto r = st.value().bindBlob(1, sha256).run(); !r)
        return r;
    if (*id && !m_db->inTransaction())
        m_blobs.remove(**id);
    return {};
}

Result<void> TabletStore::setValue(const QString &key, QByteArrayView value)
{
    auto st = m_db->prepare("INSERT OR REPLACE INTO kv (key, value) VALUES (?1, ?2)");
    if (!st)
        return st.error();
    return st.value().bindText(1, key).bindBlob(2, value).run();
}

Result<std::optional<QByteArray>> TabletStore::value(const QString &key)
{
    auto st = m_db->prepare("SELECT value FROM kv WHERE key = ?1");
    if (!st)
        return st.error();
    st.value().bindText(1, key);
    auto row = st.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(st.value().columnBlob(0));
}

} // namespace Aula::Tablet
