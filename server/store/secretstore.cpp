// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretstore.h"

#include "chamberschema.h"
#include "sync/store/database.h"

namespace Aula::Server {

Result<SecretStore> SecretStore::open(Store::Database &db)
{
    if (auto schema = ensureChamberSchema(db); !schema)
        return schema.error();
    return SecretStore(db);
}

Result<void> SecretStore::put(const QString &name, QByteArrayView value)
{
    if (name.isEmpty())
        return Error { QStringLiteral("invalid_name"), QStringLiteral("a secret needs a name") };
    auto statement = m_db->prepare("INSERT OR REPLACE INTO secrets (name, value) VALUES (?1, ?2);");
    if (!statement)
        return statement.error();
    statement.value().bindText(1, name).bindBlob(2, value);
    return statement.value().run();
}

Result<std::optional<Crypto::SecretBytes>> SecretStore::get(const QString &name)
{
    auto statement = m_db->prepare("SELECT value FROM secrets WHERE name = ?1;");
    if (!statement)
        return statement.error();
    statement.value().bindText(1, name);
    auto row = statement.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Crypto::SecretBytes>();
    return std::optional<Crypto::SecretBytes>(statement.value().columnSecret(0));
}

Result<bool> SecretStore::remove(const QString &name)
{
    auto statement = m_db->prepare("DELETE FROM secrets WHERE name = ?1;");
    if (!statement)
        return statement.error();
    statement.value().bindText(1, name);
    if (auto r = statement.value().run(); !r)
        return r.error();
    return m_db->changes() > 0;
}

} // namespace Aula::Server
