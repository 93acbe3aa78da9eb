// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/signingkey.h"

#include <QString>
#include <memory>

namespace Aula::Store {
class Database;
}

namespace Aula::Server {

/**
 * The chamber server's data directory:
 *
 *     <dir>/            mode 0700
 *     <dir>/store.key   32 random bytes, mode 0600: the SQLCipher key of chamber.db
 *     <dir>/chamber.db  the encrypted chamber database (events, checkpoints, secrets)
 *
 * The server's Ed25519 signing key is generated at create() and kept in the secrets
 * table (SecretStore::kServerSigningKey). Move-only; database() keeps its address when the
 * DataDir moves, so an EventLog built on it stays valid while the DataDir lives.
 */
class DataDir
{
public:
    static constexpr char kKeyFileName[] = "store.key";
    static constexpr char kDatabaseFileName[] = "chamber.db";

    /**
     * Initialises a new data directory at `dir` (creating it and its parents). Refuses an
     * existing data directory ("already_initialised") or a non-empty folder ("not_empty");
     * on failure removes what it created.
     */
    static Result<DataDir> create(const QString &dir);
    /**
     * Opens an initialised data directory. Errors: "not_initialised" (no directory, no
     * key file or no database), "insecure_permissions" (the key file is readable or
     * writable by group or others, or owned by another user), "invalid_key_file",
     * "wrong_key" (the key does not open the database), "incomplete_data_dir" (no signing
     * key), and the store's own errors.
     */
    static Result<DataDir> open(const QString &dir);

    DataDir(DataDir &&) noexcept;
    DataDir &operator=(DataDir &&) noexcept;
    DataDir(const DataDir &) = delete;
    DataDir &operator=(const DataDir &) = delete;
    ~DataDir();

    /** The directory, as given. */
    [[nodiscard]] QString path() const { return m_path; }
    /** The open chamber database. */
    [[nodiscard]] Store::Database &database() { return *m_database; }
    /** The chamber server's signing key (checkpoints, and later receipts). */
    [[nodiscard]] const Crypto::SigningKey &signingKey() const { return m_signingKey; }

private:
    DataDir(QString path, std::unique_ptr<Store::Database> database, Crypto::SigningKey key);

    QString m_path;
    std::unique_ptr<Store::Database> m_database;
    Crypto::SigningKey m_signingKey;
};

} // namespace Aula::Server
