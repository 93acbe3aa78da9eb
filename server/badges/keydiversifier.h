// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>

namespace Aula::Badges {

/**
 * Derives each card's AES-128 key from the chamber's master key, per NXP AN10922 rev. 2.0
 * section 2.2 (AES-128, CMAC based), so that one card's key says nothing about another's.
 *
 * The diversification input M is UID ‖ AID (three bytes, least significant first, as on
 * the wire) ‖ system identifier, exactly as in AN10922's worked example; it must fit in
 * the 31 bytes AN10922 allows. The master key never leaves the server's store.
 */
class KeyDiversifier
{
public:
    /** Fails unless @p masterKey is 16 bytes and @p systemIdentifier at most 21 bytes. */
    static Result<KeyDiversifier> create(const QByteArray &masterKey,
                                         const QByteArray &systemIdentifier);

    /** The card key for @p uid (4, 7 or 10 bytes) in application @p aid (24 bits). */
    [[nodiscard]] Result<QByteArray> diversify(const QByteArray &uid, quint32 aid) const;

    /** The system identifier that every derived key is bound to. */
    [[nodiscard]] QByteArray systemIdentifier() const { return m_systemIdentifier; }

private:
    KeyDiversifier(QByteArray masterKey, QByteArray systemIdentifier);

    QByteArray m_masterKey;
    QByteArray m_systemIdentifier;
};

} // namespace Aula::Badges
