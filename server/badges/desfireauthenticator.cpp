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
    case State::Authenticating:
        return onAuthentication(*response);
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
    m_authentication.reset();
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
    m_state = State::Authenticating;
    m_authentication.emplace(*m_cardKey, m_keyNo, m_random);
    return m_authentication->begin();
}

std::optional<QByteArray> DesfireAuthenticator::onAuthentication(const Desfire::Response &response)
{
    auto next = m_authentication->feed(response);
    if (!next) {
        const bool wrongKey = next.error().code == QLatin1String("wrong_key");
        return fail(next.error().code,
                    wrongKey ? QStringLiteral("the card does not hold the key diversified for "
                                              "UID %1")
                                   .arg(QString::fromLatin1(m_claimedUid.toHex()))
                             : next.error().message);
    }
    if (*next)
        return *next;
    m_session.emplace(m_authentication->takeSession());
    m_authentication.reset();
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
