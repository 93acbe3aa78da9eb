// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/secretbytes.h"

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace Aula::Store {
class Database;
}

namespace Aula::Server {

/**
 * Named secrets that must never enter the public event log: PIN hashes, the server's
 * signing key seed, card master keys. Stored in the `secrets` table of the (encrypted)
 * chamber database; values come back in guarded memory. The Database must outlive the
 * SecretStore and stay at the same address.
 */
class SecretStore
{
public:
    /** Well-known name: the seed of the chamber server's Ed25519 signing key. */
    static constexpr char kServerSigningKey[] = "server.signing_key";

    /** Opens the store in `db`, creating or upgrading the chamber schema if needed. */
    static Result<SecretStore> open(Store::Database &db);

    /** Stores `value` under `name`, replacing any previous value. "invalid_name" if empty. */
    Result<void> put(const QString &name, QByteArrayView value);
    /** The value under `name`, or nothing when there is none. */
    [[nodiscard]] Result<std::optional<Crypto::SecretBytes>> get(const QString &name);
    /** Deletes `name`; true if it existed. */
    Result<bool> remove(const QString &name);

private:
    explicit SecretStore(Store::Database &db)
        : m_db(&db)
    { }

    Store::Database *m_db;
};

} // namespace Aula::Server
