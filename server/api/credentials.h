// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Aula::Server {

/**
 * The secrets behind a login, kept out of the public log: which badge belongs to whom,
 * and each person's PIN hash (Argon2id). The server reads them from its encrypted store.
 */
class Credentials
{
public:
    virtual ~Credentials() = default;
    /** The person a badge UID is bound to, or an empty string. */
    [[nodiscard]] virtual QString personForBadge(const QByteArray &uid) const = 0;
    /** The person's Argon2id PIN hash (crypto_pwhash_str form), or empty when none is set. */
    [[nodiscard]] virtual QByteArray pinHash(const QString &person) const = 0;
};

} // namespace Aula::Server
