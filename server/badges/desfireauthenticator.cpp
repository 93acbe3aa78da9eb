// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfireauthenticator.h"

#include "desfirecrypto.h"

namespace Aula::Badges {

using namespace DesfireCrypto;

DesfireAuthenticator::DesfireAuthenticator(const KeyDiversifier &diversifier, quint32 aid,
                                           quint8 keyNo, QByteArray claimedUid, RandomSource random)
    : m_aid(aid)
    , m_keyNo(keyNo)
    , m_claimedUid(std::move(claimedUid))
    , m_random(random ? std::move(random) : RandomSource(&DesfireCrypto::randomBytes))
    , m_cardKey(diversifier.diversify(m_claimedUid, aid))
{ }

DesfireAuthenticator::DesfireAuthenticator(const QByteArray &cardKey, quint32 aid, quint8 keyNo,
                                           QByteArray claimedUid, RandomSource random)
    : m_aid(aid)
    , m_keyNo(keyNo)
    , m_claimedUid(std::move(claimedUid))
    , m_random(random ? std::move(random) : RandomSource(&DesfireCrypto::randomBytes))
    , m_cardKey(cardKey.size() == BlockSize
                    ? Result<QByteArray>(cardKey)
                    : Result<QByteArray>(Error { QStringLiteral("invalid_key"),
                                                 QStringLiteral("a card key is 16 bytes (AES-128)"),
                                                 QStringLiteral("cardKey") }))
{ }

QByteArray DesfireAuthenticator::begin()
{
    Q_ASSERT(m_state == State::Idle);
    if (!m_cardKey) {
        fail(m_cardKey.error().code, m_cardKey.error().message);
        return {};
    }
    m_state = State::SelectingApplication;
    return Desfire::wrap(Desfire::SelectApplication, Desfire::aidBytes(m_aid));
}

std::optional<QByteArray> DesfireAuthenticator::feed(const QByteArray &cardResponse)
{
    if (isFinished() || m_state == State::Idle)
        return std::nullopt;
    auto response = Desfire::unwrap(cardResponse);
    if (!response)
        return fail(response.error().code, response.error().message);
    switch (m_state) {
    case State::SelectingApplication:
        return onSelected(*response);
    case State::AwaitingChallenge:
        return onChallenge(*response);
    case State::AwaitingProof:
        return onProof(*response);
    case State::AwaitingUid:
        return onUid(*response);
    case State::Idle:
    case State::Verified:
    case State::Failed:
        break;
    }
    return std::nullopt;
}

void DesfireAuthenticator::abort(const Error &reason)
{
    if (isFinished())
        return;
    fail(QStringLiteral("card_unreachable"),
         QStringLiteral("the exchange with the card broke off: %1").arg(reason.describe()));
}

Result<VerifiedCard> DesfireAuthenticator::result() const
{
    if (m_state == State::Verified)
        return VerifiedCard { m_verifiedUid };
    if (m_error)
        return *m_error;
    return Error { QStringLiteral("not_finished"),
                   QStringLiteral("the card authentication has not finished yet") };
}

std::optional<QByteArray> DesfireAuthenticator::fail(const QString &code, const QString &message)
{
    m_state = State::Failed;
    m_error = Error { code, message };
    // Nothing of the attempt may outlive it.
    m_rndA.fill('\0');
    m_rndB.fill('\0');
    m_session.reset();
    return std::nullopt;
}

std::optional<QByteArray> DesfireAuthenticator::onSelected(const Desfire::Response &response)
{
    if (response.status == Desfire::ApplicationNotFound) {
        return fail(QStringLiteral("application_missing"),
                    QStringLiteral("the card has no Aula application (AID %1): it was not "
                                   "enrolled")
                        .arg(m_aid, 6, 16, QLatin1Char('0')));
    }
    if (response.status != Desfire::OperationOk) {
        return fail(QStringLiteral("protocol_error"),
                    QStringLiteral("SelectApplication failed: %1")
                        .arg(Desfire::statusName(response.status)));
    }
    m_state = State::AwaitingChallenge;
    return Desfire::wrap(Desfire::AuthenticateAes, QByteArray(1, char(m_keyNo)));
}

std::optional<QByteArray> DesfireAuthenticator::onChallenge(const Desfire::Response &response)
{
    if (response.status != Desfire::AdditionalFrameExpected || response.data.size() != 16) {
        return fail(QStringLiteral("wrong_key"),
                    QStringLiteral("the card refused AES authentication with key %1: %2")
                        .arg(m_keyNo)
                        .arg(Desfire::statusName(response.status)));
    }
    // The whole three-pass exchange is one CBC chain from a zero IV (EV1 AES).
    m_iv = QByteArray(BlockSize, '\0');
    m_rndB = cbcDecrypt(*m_cardKey, m_iv, response.data);
    m_iv = response.data;
    m_rndA = m_random(BlockSize);
    if (m_rndA.size() != BlockSize)
        return fail(QStringLiteral("internal_error"), QStringLiteral("no random challenge"));
    const QByteArray token = cbcEncrypt(*m_cardKey, m_iv, m_rndA + rotateLeft(m_rndB));
    m_iv = token.right(BlockSize);
    m_state = State::AwaitingProof;
    return Desfire::wrap(Desfire::AdditionalFrame, token);
}

std::optional<QByteArray> DesfireAuthenticator::onProof(const Desfire::Response &response)
{
    if (response.status == Desfire::AuthenticationError) {
        return fail(QStringLiteral("wrong_key"),
                    QStringLiteral("the card does not hold the key diversified for UID %1")
                        .arg(QString::fromLatin1(m_claimedUid.toHex())));
    }
    if (response.status != Desfire::OperationOk || response.data.size() != 16) {
        return fail(QStringLiteral("protocol_error"),
                    QStringLiteral("unexpected answer to the authentication: %1")
                        .arg(Desfire::statusName(response.status)));
    }
    const QByteArray rndAPrime = cbcDecrypt(*m_cardKey, m_iv, response.data);
    if (!constantTimeEqual(rndAPrime, rotateLeft(m_rndA))) {
        return fail(QStringLiteral("card_proof_mismatch"),
                    QStringLiteral("the card's answer does not prove this session's challenge: "
                                   "a replayed or forged transcript"));
    }
    const QByteArray sessionKey =
        m_rndA.left(4) + m_rndB.left(4) + m_rndA.mid(12, 4) + m_rndB.mid(12, 4);
    m_session.emplace(sessionKey);
    // The challenges have served their purpose; only the session key goes on.
    m_rndA.fill('\0');
    m_rndB.fill('\0');
    m_state = State::AwaitingUid;
    return m_session->plainCommand(Desfire::GetCardUid);
}

std::optional<QByteArray> DesfireAuthenticator::onUid(const Desfire::Response &response)
{
    if (response.status != Desfire::OperationOk) {
        return fail(
            QStringLiteral("protocol_error"),
            QStringLiteral("GetCardUID failed: %1").arg(Desfire::statusName(response.status)));
    }
    // EV1 answers with a 7-byte UID; 10-byte UIDs do not exist on DESFire EV1.
    auto uid = m_session->decryptResponse(response, 7);
    if (!uid)
        return fail(uid.error().code, uid.error().message);
    if (!constantTimeEqual(*uid, m_claimedUid)) {
        return fail(
            QStringLiteral("uid_mismatch"),
            QStringLiteral("the card's real UID %1 differs from the UID %2 it showed the "
                           "reader")
                .arg(QString::fromLatin1(uid->toHex()), QString::fromLatin1(m_claimedUid.toHex())));
    }
    m_verifiedUid = *uid;
    m_state = State::Verified;
    m_session.reset();
    return std::nullopt;
}

} // namespace Aula::Badges
