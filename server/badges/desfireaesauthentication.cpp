// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfireaesauthentication.h"

#include "desfirecrypto.h"

namespace Aula::Badges {

using namespace DesfireCrypto;

DesfireAesAuthentication::DesfireAesAuthentication(QByteArray key, quint8 keyNo,
                                                   RandomSource random)
    : m_key(std::move(key))
    , m_keyNo(keyNo)
    , m_random(random ? std::move(random) : RandomSource(&DesfireCrypto::randomBytes))
{
    Q_ASSERT(m_key.size() == BlockSize);
}

DesfireAesAuthentication::~DesfireAesAuthentication()
{
    wipe();
}

void DesfireAesAuthentication::wipe()
{
    m_rndA.fill('\0');
    m_rndB.fill('\0');
}

QByteArray DesfireAesAuthentication::begin() const
{
    return Desfire::wrap(Desfire::AuthenticateAes, QByteArray(1, char(m_keyNo)));
}

Result<std::optional<QByteArray>> DesfireAesAuthentication::feed(const Desfire::Response &response)
{
    if (!m_awaitingProof) {
        if (response.status == Desfire::AuthenticationError) {
            return Error { QStringLiteral("wrong_key"),
                           QStringLiteral("the card refuses AES authentication with key %1 "
                                          "(not an AES key)")
                               .arg(m_keyNo) };
        }
        if (response.status != Desfire::AdditionalFrameExpected || response.data.size() != 16) {
            return Error { QStringLiteral("protocol_error"),
                           QStringLiteral("AuthenticateAES with key %1 failed: %2")
                               .arg(m_keyNo)
                               .arg(Desfire::statusName(response.status)) };
        }
        m_rndB = cbcDecrypt(m_key, {}, response.data);
        m_iv = response.data;
        m_rndA = m_random(BlockSize);
        if (m_rndA.size() != BlockSize)
            return Error { QStringLiteral("internal_error"),
                           QStringLiteral("no random challenge") };
        const QByteArray token = cbcEncrypt(m_key, m_iv, m_rndA + rotateLeft(m_rndB));
        m_iv = token.right(BlockSize);
        m_awaitingProof = true;
        return std::optional<QByteArray>(Desfire::wrap(Desfire::AdditionalFrame, token));
    }
    m_awaitingProof = false;
    if (response.status == Desfire::AuthenticationError) {
        wipe();
        return Error { QStringLiteral("wrong_key"),
                       QStringLiteral("the card does not hold the expected key %1").arg(m_keyNo) };
    }
    if (response.status != Desfire::OperationOk || response.data.size() != 16) {
        wipe();
        return Error { QStringLiteral("protocol_error"),
                       QStringLiteral("unexpected answer to the authentication: %1")
                           .arg(Desfire::statusName(response.status)) };
    }
    const QByteArray rndAPrime = cbcDecrypt(m_key, m_iv, response.data);
    if (!constantTimeEqual(rndAPrime, rotateLeft(m_rndA))) {
        wipe();
        return Error { QStringLiteral("card_proof_mismatch"),
                       QStringLiteral("the card's answer does not prove this session's "
                                      "challenge: a replayed or forged transcript") };
    }
    m_sessionKey = m_rndA.left(4) + m_rndB.left(4) + m_rndA.mid(12, 4) + m_rndB.mid(12, 4);
    // The challenges have served their purpose; only the session key goes on.
    wipe();
    return std::optional<QByteArray>();
}

DesfireSession DesfireAesAuthentication::takeSession()
{
    Q_ASSERT(!m_sessionKey.isEmpty());
    DesfireSession session(m_sessionKey);
    m_sessionKey.fill('\0');
    m_sessionKey.clear();
    return session;
}

} // namespace Aula::Badges
