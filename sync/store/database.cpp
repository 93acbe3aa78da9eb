// SPDX-License-Identifier: GPL-3.0-or-later
#include "database.h"

#include "sqliteerror.h"
#include "sync/crypto/secretbytes.h"

#include <QFile>
#include <sqlcipher/sqlite3.h>
#include <utility>

namespace Aula::Store {

using Internal::sqliteError;

namespace {

constexpr qsizetype kRawKeySize = 32;

// Branch-free nibble to lower-case hex, so building the key pragma does not leak the key
// through timing.
char hexDigit(int nibble)
{
    return char(nibble + '0' + (((9 - nibble) >> 8) & ('a' - '0' - 10)));
}

// PRAGMA key = "x'<64 hex>'"; in guarded memory that is wiped when it goes out of scope.
Crypto::SecretBytes keyPragma(QByteArrayView key)
{
    static constexpr char prefix[] = "PRAGMA key = \"x'";
    static constexpr char suffix[] = "'\";";
    const qsizetype prefixSize = sizeof(prefix) - 1;
    const qsizetype suffixSize = sizeof(suffix) - 1;
    Crypto::SecretBytes sql(prefixSize + 2 * key.size() + suffixSize + 1); // + NUL
    auto *out = reinterpret_cast<char *>(sql.data());
    memcpy(out, prefix, prefixSize);
    out += prefixSize;
    for (const char c : key) {
        const int byte = quint8(c);
        *out++ = hexDigit(byte >> 4);
        *out++ = hexDigit(byte & 0x0f);
    }
    memcpy(out, suffix, suffixSize);
    out[suffixSize] = '\0';
    return sql;
}

// Runs a query that returns one text value (a PRAGMA), or an empty string for no row.
Result<QByteArray> queryText(sqlite3 *db, const char *sql, const QString &what)
{
    sqlite3_stmt *raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(db, rc, what);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> statement(raw, sqlite3_finalize);
    rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE)
        return QByteArray();
    if (rc != SQLITE_ROW)
        return sqliteError(db, rc, what);
    return QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(raw, 0)));
}

} // namespace

void Database::Closer::operator()(sqlite3 *db) const
{
    // close_v2 defers the close until every Statement still alive is finalised.
    sqlite3_close_v2(db);
}

Database::Database(std::unique_ptr<sqlite3, Closer> handle, QString path)
    : m_handle(std::move(handle))
    , m_path(std::move(path))
{ }

Database::Database(Database &&) noexcept = default;
Database &Database::operator=(Database &&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open(const QString &path, QByteArrayView key, const OpenOptions &options)
{
    const QString what = QStringLiteral("opening %1").arg(path);
    if (key.size() != kRawKeySize)
        return Error {
            QStringLiteral("invalid_key"),
            QStringLiteral("%1: a store key is 32 bytes, not %2").arg(what).arg(key.size())
        };
    const int page = options.cipherPageSize;
    if (page != 0 && (page < 512 || page > 65536 || (page & (page - 1)) != 0))
        return Error { QStringLiteral("invalid_page_size"),
                       QStringLiteral("%1: a page size is a power of two from 512 to 65536, not %2")
                           .arg(what)
                           .arg(page) };
    if (options.cacheSizeKiB < 0)
        return Error { QStringLiteral("invalid_cache_size"),
                       QStringLiteral("%1: the cache size cannot be negative").arg(what) };
    if (!options.create && !QFile::exists(path))
        return Error { QStringLiteral("not_found"),
                       QStringLiteral("%1: the file does not exist").arg(what) };

    const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *raw = nullptr;
    const int openRc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> handle(raw);
    if (openRc != SQLITE_OK)
        return sqliteError(raw, openRc, what);
    sqlite3_extended_result_codes(raw, 1);

    // The key goes first: SQLCipher reads nothing from the file until it has one.
    {
        const Crypto::SecretBytes pragma = keyPragma(key);
        const int rc = sqlite3_exec(raw, reinterpret_cast<const char *>(pragma.data()), nullptr,
                                    nullptr, nullptr);
        if (rc != SQLITE_OK)
            return sqliteError(raw, rc, what);
    }
    // Plain SQLite ignores PRAGMA key and would write clear text; make sure it is SQLCipher.
    auto cipher = queryText(raw, "PRAGMA cipher_version;", what);
    if (!cipher)
        return cipher.error();
    if (cipher->isEmpty())
        return Error { QStringLiteral("encryption_unavailable"),
                       QStringLiteral("%1: the SQLite library in use is not SQLCipher, so the "
                                      "store would not be encrypted; refusing to open it")
                           .arg(what) };

    // The page size must be known before the first page is read (or written).
    if (page != 0) {
        const QByteArray sql("PRAGMA cipher_page_size = " + QByteArray::number(page) + ';');
        const int rc = sqlite3_exec(raw, sql.constData(), nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return sqliteError(raw, rc, what);
    }
    sqlite3_busy_timeout(raw, options.busyTimeoutMs);
    // The first read of page 1 is what proves the key: SQLITE_NOTADB means wrong key.
    if (auto check = queryText(raw, "SELECT count(*) FROM sqlite_master;", what); !check)
        return check.error();

    auto mode = queryText(raw, "PRAGMA journal_mode = WAL;", what);
    if (!mode)
        return mode.error();
    if (*mode != "wal")
        return Error { QStringLiteral("cannot_open"),
                       QStringLiteral("%1: the store cannot use write-ahead logging (journal mode "
                                      "is %2)")
                           .arg(what, QString::fromUtf8(*mode)) };
    const char *sync = options.synchronous == Synchronous::Full ? "PRAGMA synchronous = FULL;"
                                                                : "PRAGMA synchronous = NORMAL;";
    const QByteArray cache = options.cacheSizeKiB > 0
        ? QByteArray("PRAGMA cache_size = -" + QByteArray::number(options.cacheSizeKiB) + ';')
        : QByteArray(";");
    for (const char *sql : { sync, "PRAGMA foreign_keys = ON;", cache.constData() }) {
        const int rc = sqlite3_exec(raw, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return sqliteError(raw, rc, what);
    }
    return Database(std::move(handle), path);
}

Result<void> Database::exec(QByteArrayView sql)
{
    const QByteArray terminated = sql.toByteArray();
    const int rc = sqlite3_exec(m_handle.get(), terminated.constData(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(m_handle.get(), rc,
                           QStringLiteral("running \"%1\"").arg(QString::fromUtf8(terminated)));
    return {};
}

Result<Statement> Database::prepare(QByteArrayView sql)
{
    sqlite3_stmt *raw = nullptr;
    const char *tail = nullptr;
    const int rc = sqlite3_prepare_v2(m_handle.get(), sql.data(), int(sql.size()), &raw, &tail);
    const QString text = QString::fromUtf8(sql);
    if (rc != SQLITE_OK)
        return sqliteError(m_handle.get(), rc, QStringLiteral("preparing \"%1\"").arg(text));
    Statement statement(m_handle.get(), raw);
    if (!raw)
        return Error { QStringLiteral("invalid_sql"),
                       QStringLiteral("preparing \"%1\": there is no SQL statement").arg(text) };
    const QByteArrayView rest(tail, sql.data() + sql.size() - tail);
    if (!rest.trimmed().isEmpty())
        return Error { QStringLiteral("invalid_sql"),
                       QStringLiteral("preparing \"%1\": only one statement at a time; use exec() "
                                      "for several")
                           .arg(text) };
    return statement;
}

Result<Transaction> Database::begin()
{
    if (auto r = exec("BEGIN IMMEDIATE;"); !r)
        return r.error();
    return Transaction(m_handle.get());
}

Result<Transaction> Database::beginRead()
{
    if (auto r = exec("BEGIN DEFERRED;"); !r)
        return r.error();
    return Transaction(m_handle.get());
}

Result<int> Database::userVersion()
{
    auto v = queryText(m_handle.get(), "PRAGMA user_version;",
                       QStringLiteral("reading the schema version"));
    if (!v)
        return v.error();
    return v->toInt();
}

qint64 Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_handle.get());
}

int Database::changes() const
{
    return sqlite3_changes(m_handle.get());
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_handle.get()) == 0;
}

Transaction::Transaction(sqlite3 *db)
    : m_db(db)
{ }

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{ }

Transaction::~Transaction()
{
    if (m_db) {
        if (auto r = rollback(); !r)
            qCWarning(lcStore) << "rolling back on scope exit failed:" << r.error().message;
    }
}

Result<void> Transaction::commit()
{
    if (!m_db)
        return Error { QStringLiteral("no_transaction"),
                       QStringLiteral("the transaction already ended") };
    const int rc = sqlite3_exec(m_db, "COMMIT;", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(m_db, rc, QStringLiteral("committing"));
    m_db = nullptr;
    return {};
}

Result<void> Transaction::rollback()
{
    sqlite3 *db = std::exchange(m_db, nullptr);
    // Some errors (a full disk, an I/O error) make SQLite roll back on its own; a second
    // ROLLBACK would only fail with "no transaction is active".
    if (!db || sqlite3_get_autocommit(db))
        return {};
    const int rc = sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(db, rc, QStringLiteral("rolling back"));
    return {};
}

Result<int> applyMigrations(Database &db, const QList<QByteArray> &steps)
{
    const auto target = int(steps.size());
    const auto tooNew = [&](int version) {
        return Error { QStringLiteral("schema_too_new"),
                       QStringLiteral("%1 has schema version %2, but this program knows only up "
                                      "to %3; use a newer Aula")
                           .arg(db.path())
                           .arg(version)
                           .arg(target) };
    };
    auto current = db.userVersion();
    if (!current)
        return current.error();
    if (*current > target)
        return tooNew(*current);
    if (*current == target)
        return target;

    auto tx = db.begin();
    if (!tx)
        return tx.error();
    // Read again under the write lock: another connection may have migrated meanwhile.
    current = db.userVersion();
    if (!current)
        return current.error();
    if (*current > target)
        return tooNew(*current);
    for (int i = *current; i < target; ++i) {
        if (auto r = db.exec(steps.at(i)); !r)
            return Error { r.error().code,
                           QStringLiteral("schema step %1: %2").arg(i + 1).arg(r.error().message) };
    }
    if (auto r = db.exec(QByteArray("PRAGMA user_version = ").append(QByteArray::number(target)));
        !r)
        return r.error();
    if (auto r = tx.value().commit(); !r)
        return r.error();
    return target;
}

} // namespace Aula::Store
