// SPDX-License-Identifier: GPL-3.0-or-later
#include "keydiversifier.h"

#include "desfirecrypto.h"
#include "platform/nfc/desfireprotocol.h"

namespace Aula::Badges {

KeyDiversifier::KeyDiversifier(QByteArray masterKey, QByteArray systemIdentifier)
    : m_masterKey(std::move(masterKey))
    , m_systemIdentifier(std::move(systemIdentifier))
{ }

Result<KeyDiversifier> KeyDiversifier::create(const QByteArray &masterKey,
                                              const QByteArray &systemIdentifier)
{
    if (masterKey.size() != DesfireCrypto::BlockSize) {
        return Error { QStringLiteral("invalid_key"),
                       QStringLiteral("the badge master key must be 16 bytes (AES-128), not %1")
                           .arg(masterKey.size()),
                       QStringLiteral("masterKey") };
    }
    // 31 bytes of M at most (AN10922 2.2) = 10-byte UID + 3-byte AID + 18; we allow the
    // system identifier the room a 7-byte UID leaves, and check the sum per card.
    if (systemIdentifier.size() > 21) {
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("the system identifier may be at most 21 bytes, not %1")
                           .arg(systemIdentifier.size()),
                       QStringLiteral("systemIdentifier") };
    }
    return KeyDiversifier(masterKey, systemIdentifier);
}

Result<QByteArray> KeyDiversifier::diversify(const QByteArray &uid, quint32 aid) const
{
    if (uid.size() != 4 && uid.size() != 7 && uid.size() != 10) {
        return Error {
            QStringLiteral("invalid_uid"),
            QStringLiteral("an ISO 14443-A UID has 4, 7 or 10 bytes, not %1").arg(uid.size()),
            QStringLiteral("uid")
        };
    }
    if (aid > 0xFFFFFF) {
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("a DESFire application id has 24 bits"),
                       QStringLiteral("aid") };
    }
    const QByteArray input = uid + Desfire::aidBytes(aid) + m_systemIdentifier;
    if (input.size() > 31) {
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("UID, application id and system identifier together "
                                      "exceed AN10922's 31 bytes (%1)")
                           .arg(input.size()),
                       QStringLiteral("systemIdentifier") };
    }
    return DesfireCrypto::an10922Aes128(m_masterKey, input);
}

} // namespace Aula::Badges
