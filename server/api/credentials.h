// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "server/badges/badgekeys.h"
#include "server/badges/keydiversifier.h"

#include <QByteArray>
#include <QString>

namespace Aula::Server {

/**
 * The secrets behind a login, kept out of the public log: which badge belongs to whom,
 * each person's PIN hash (Argon2id), the council's badge policy and the card master key.
 * The server reads them from its encrypted store.
 */
class Credentials
{
public:
    virtual ~Credentials() = default;
    /** The person a badge UID is bound to, or an empty string. */
    [[nodiscard]] virtual QString personForBadge(const QByteArray &uid) const = 0;
    /** The person's Argon2id PIN hash (crypto_pwhash_str form), or empty when none is set. */
    [[nodiscard]] virtual QByteArray pinHash(const QString &person) const = 0;
    /** What a badge must show at login; `desfire` unless the council chose `uid`. */
    [[nodiscard]] virtual Badges::BadgePolicy badgePolicy() const
    {
        return Badges::BadgePolicy::Desfire;
    }
    /**
     * Derives card keys from the chamber's master key (AN10922); an Error when there is
     * none, in which case no DESFire badge can log in.
     */
    [[nodiscard]] virtual Result<Badges::KeyDiversifier> badgeKeys() const
    {
        return Error { QStringLiteral("no_master_key"),
                       QStringLiteral("this chamber has no badge master key") };
    }
};

} // namespace Aula::Server
