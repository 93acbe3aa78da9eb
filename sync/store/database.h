// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/store/statement.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <memory>

struct sqlite3;

/**
 * Aula's encrypted store: the one wrapper around the SQLCipher C API. Nothing else in the
 * tree includes sqlite3.h. Errors carry stable codes; see storeError() in database.cpp
 * ("disk_full", "wrong_key", "busy", "corrupt", "constraint", "io_error", ...).
 */
namespace Aula::Store {

/** How hard SQLite works to make a commit survive a power cut. */
enum class Synchronous {
    /** fsync the WAL on every commit: a commit that returned is on disk. The default. */
    Full,
    /**
     * fsync only at checkpoints: still consistent after a crash, but the last commits may
     * be lost on power failure. Only for data that can be fetched again.
     */
    Normal,
};

/** How Database::open behaves; the defaults are the ones the chamber needs. */
struct OpenOptions
{
    /** Create the file when it does not exist (otherwise "not_found"). */
    bool create = true;
    /** See Synchronous. */
    Synchronous synchronous = Synchronous::Full;
    /** How long a statement waits for another connection's lock before "busy". */
    int busyTimeoutMs = 5000;
    /**
     * SQLCipher page size in bytes: a power of two from 512 to 65536, or 0 for the
     * library's default (1024 in SQLCipher 3, 4096 in SQLCipher 4). Every page carries its
     * own IV and HMAC, so larger pages cost less per byte for big blobs. It is part of the
     * file's format: a file must be opened with the size it was created with (a wrong one
     * reads as "wrong_key"). Error "invalid_page_size" otherwise.
     */
    int cipherPageSize = 0;
    /** Page cache of this connection in KiB (PRAGMA cache_size = -N); 0 keeps the default. */
    int cacheSizeKiB = 0;
};

class Transaction;

/**
 * One connection to an encrypted SQLCipher database, in WAL mode. Move-only; not
 * thread-safe (use it from one thread). Objects that keep a reference to a Database
 * (Transaction, Server::EventLog) need it to stay where it is: keep the Database in a
 * stable place (a member, a std::unique_ptr) while they exist. Statements stay usable as
 * long as the connection is open; closing is deferred until the last one is finalised.
 */
class Database
{
public:
    /**
     * Opens (or creates) the database at `path` with a raw 32-byte `key`. The key is
     * applied as PRAGMA key = "x'<64 hex>'" (no KDF: the key is already random), then a
     * read of the schema proves it: a wrong key, or a file that is not a database, is
     * the error "wrong_key". Also "invalid_key" (not 32 bytes), "not_found",
     * "encryption_unavailable" (linked against plain SQLite), "cannot_open".
     */
    static Result<Database> open(const QString &path, QByteArrayView key,
                                 const OpenOptions &options = {});

    Database(Database &&) noexcept;
    Database &operator=(Database &&) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    /** The file this connection opened. */
    [[nodiscard]] QString path() const { return m_path; }

    /** Runs one or more SQL statements that return no rows of interest. */
    Result<void> exec(QByteArrayView sql);
    /** Compiles one SQL statement. */
    [[nodiscard]] Result<Statement> prepare(QByteArrayView sql);
    /** Starts a write transaction (BEGIN IMMEDIATE); see Transaction. */
    [[nodiscard]] Result<Transaction> begin();
    /** Starts a read transaction (BEGIN DEFERRED): a consistent snapshot for many reads. */
    [[nodiscard]] Result<Transaction> beginRead();

    /** PRAGMA user_version: the schema version applyMigrations() keeps. */
    [[nodiscard]] Result<int> userVersion();
    /** The rowid of the last successful INSERT on this connection. */
    [[nodiscard]] qint64 lastInsertRowId() const;
    /** Rows changed by the last INSERT, UPDATE or DELETE. */
    [[nodiscard]] int changes() const;
    /** True while a transaction is open on this connection (begin() without its end yet). */
    [[nodiscard]] bool inTransaction() const;

private:
    struct Closer
    {
        void operator()(sqlite3 *db) const;
    };
    Database(std::unique_ptr<sqlite3, Closer> handle, QString path);

    std::unique_ptr<sqlite3, Closer> m_handle;
    QString m_path;

    friend class Transaction;
};

/**
 * A transaction that rolls back when it goes out of scope unless commit() succeeded.
 * Move-only. A failed commit() leaves it to roll back.
 */
class Transaction
{
public:
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&other) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    /** COMMIT. With Synchronous::Full, the data is on disk when this returns. */
    Result<void> commit();
    /** ROLLBACK now rather than at destruction. */
    Result<void> rollback();

private:
    friend class Database;
    explicit Transaction(sqlite3 *db);

    sqlite3 *m_db = nullptr; // null once committed, rolled back or moved from
};

/**
 * Brings a database schema up to date. `steps[i]` (SQL, possibly several statements)
 * takes the schema from version i to i + 1; PRAGMA user_version records the version. All
 * missing steps run in one transaction, so a failure leaves the previous version intact;
 * running again with the same steps does nothing. Returns the version reached. Error
 * "schema_too_new" when the file has more versions than `steps` knows (an older program
 * opening a newer store).
 */
Result<int> applyMigrations(Database &db, const QList<QByteArray> &steps);

} // namespace Aula::Store
