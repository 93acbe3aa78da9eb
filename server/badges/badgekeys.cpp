// SPDX-License-Identifier: GPL-3.0-or-later
#include "badgekeys.h"

#include "server/store/secretstore.h"
#include "sync/crypto/crypto.h"

namespace Aula::Badges {

QString policyName(BadgePolicy policy)
{
    return policy == BadgePolicy::Uid ? QStringLiteral("uid") : QStringLiteral("desfire");
}

std::optional<BadgePolicy> parsePolicy(const QString &name)
{
    if (name == QLatin1String("desfire"))
        return BadgePolicy::Desfire;
    if (name == QLatin1String("uid"))
        return BadgePolicy::Uid;
    return std::nullopt;
}

Result<bool> ensureMasterKey(Server::SecretStore &store)
{
    auto existing = store.get(QLatin1String(kMasterKeySecret));
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return false;
    const QByteArray key = Crypto::randomBytes(16);
    auto written = store.put(QLatin1String(kMasterKeySecret), key);
    if (!written)
        return written.error();
    return true;
}

Result<KeyDiversifier> chamberDiversifier(Server::SecretStore &store)
{
    auto key = store.get(QLatin1String(kMasterKeySecret));
    if (!key)
        return key.error();
    if (!key->has_value())
        return Error { QStringLiteral("no_master_key"),
                       QStringLiteral("the chamber has no badge master key: run "
                                      "`aula-server council import` (or init) again") };
    return KeyDiversifier::create(key->value().toByteArray(), QByteArray(kSystemIdentifier));
}

} // namespace Aula::Badges
