// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfireenroller.h"

#include "desfirecrypto.h"
#include "platform/nfc/aulacard.h"
#include "sync/crypto/crypto.h"

namespace Aula::Badges {

namespace {
// A blank application's keys are all zero (AN12343/AN12752, CreateApplication).
const QByteArray DefaultKey(DesfireCrypto::BlockSize, '\0');
} // namespace

DesfireEnroller::DesfireEnroller(const KeyDiversifier &diversifier, quint32 aid, QByteArray uid,
                                 RandomSource random, Mode mode)
    : m_aid(aid)
    , m_uid(std::move(uid))
    , m_random(std::move(random))
    , m_mode(mode)
    , m_cardKey(diversifier.diversify(m_uid, aid))
{ }

QByteArray DesfireEnroller::begin()
{
    Q_ASSERT(m_state == State::Idle);
    if (!m_cardKey) {
        fail(m_cardKey.error().code, m_cardKey.error().message);
        return {};
    }
    if (m_uid.size() != 7) {
        fail(QStringLiteral("not_desfire"),
             QStringLiteral("a DESFire EV1 card has a 7-byte UID, this one has %1 bytes")
                 .arg(m_uid.size()));
        return {};
    }
    m_state = State::SelectingPicc;
    return Desfire::wrap(Desfire::SelectApplication, Desfire::aidBytes(0));
}

std::optional<QByteArray> DesfireEnroller::feed(const QByteArray &cardResponse)
{
    if (isFinished() || m_state == State::Idle)
        return std::nullopt;
    auto response = Desfire::unwrap(cardResponse);
    if (!response)
        return fail(response.error().code, response.error().message);
    return step(*response);
}

void DesfireEnroller::abort(const Error &reason)
{
    if (!isFinished()) {
        fail(QStringLiteral("card_unreachable"),
             QStringLiteral("the exchange with the card broke off: %1").arg(reason.describe()));
    }
}

Result<EnrolledCard> DesfireEnroller::result() const
{
    if (m_state == State::Enrolled)
        return EnrolledCard { m_uid, m_outcome };
    if (m_error)
        return *m_error;
    return Error { QStringLiteral("not_finished"),
                   QStringLiteral("the card enrollment has not finished yet") };
}

std::optional<QByteArray> DesfireEnroller::fail(const QString &code, const QString &message)
{
    m_state = State::Failed;
    m_error = Error { code, message };
    m_authentication.reset();
    m_session.reset();
    return std::nullopt;
}

std::optional<QByteArray> DesfireEnroller::authenticate(const QByteArray &key, State state)
{
    m_state = state;
    m_session.reset();
    m_authentication.emplace(key, 0, m_random);
    return m_authentication->begin();
}

std::optional<QByteArray> DesfireEnroller::readUid()
{
    m_state = State::ReadingUid;
    return m_session->plainCommand(Desfire::GetCardUid);
}

std::optional<QByteArray> DesfireEnroller::createSecretFile()
{
    m_state = State::CreatingSecretFile;
    return m_session->plainCommand(Desfire::CreateStdDataFile,
                                   Desfire::createStdDataFileData(kSecretFileNo,
                                                                  Desfire::CommunicationPlain,
                                                                  kSecretFileRights, kSecretSize));
}

std::optional<QByteArray> DesfireEnroller::writeSecret()
{
    m_state = State::WritingSecret;
    // Plain, like the file (read is free anyway): the session's MAC chain covers it.
    QByteArray secret =
        m_random ? m_random(int(kSecretSize)) : DesfireCrypto::randomBytes(int(kSecretSize));
    if (secret.size() != qsizetype(kSecretSize))
        return fail(QStringLiteral("no_randomness"),
                    QStringLiteral("no random bytes for the badge secret"));
    QByteArray command = m_session->plainCommand(
        Desfire::WriteData, Desfire::dataFileCommand(kSecretFileNo, 0, kSecretSize) + secret);
    Crypto::wipe(secret);
    return command;
}

std::optional<QByteArray> DesfireEnroller::finish(EnrolledCard::Outcome outcome)
{
    m_session.reset();
    m_outcome = outcome;
    m_state = State::Enrolled;
    return std::nullopt;
}

std::optional<QByteArray> DesfireEnroller::existingCardAuthenticated()
{
    // This chamber's card: what becomes of its secret is the mode's choice.
    using Outcome = EnrolledCard::Outcome;
    if (m_found == SecretFound::Missing) {
        m_outcome = Outcome::SecretWritten;
        return createSecretFile();
    }
    if (m_mode == Mode::RenewSecret) {
        m_outcome = Outcome::SecretRenewed;
        return writeSecret();
    }
    if (m_found == SecretFound::Readable)
        return finish(Outcome::SecretKept);
    return fail(QStringLiteral("secret_unreadable"),
                QStringLiteral("the card is this chamber's badge, but its secret file does not "
                               "read as it should; write a new secret with --renew-secret"));
}

std::optional<QByteArray> DesfireEnroller::step(const Desfire::Response &response)
{
    const auto failed = [&](const QString &what) {
        return fail(
            QStringLiteral("protocol_error"),
            QStringLiteral("%1 failed: %2").arg(what, Desfire::statusName(response.status)));
    };
    using Outcome = EnrolledCard::Outcome;
    switch (m_state) {
    case State::SelectingPicc:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("selecting the card level"));
        m_state = State::CreatingApplication;
        return Desfire::wrap(Desfire::CreateApplication,
                             Desfire::aidBytes(m_aid) + char(ApplicationKeySettings)
                                 + char(Desfire::KeyTypeAes | 0x01));
    case State::CreatingApplication:
        if (response.status == Desfire::DuplicateError) {
            // Enrolled before: by this chamber (then by the mode), by an enrollment that was
            // cut (then again), or by someone else (refused below).
            m_state = State::SelectingExistingApplication;
            return Desfire::wrap(Desfire::SelectApplication, Desfire::aidBytes(m_aid));
        }
        if (response.status == Desfire::PermissionDenied
            || response.status == Desfire::AuthenticationError) {
            return fail(QStringLiteral("card_locked"),
                        QStringLiteral("the card does not allow creating applications without "
                                       "its own master key"));
        }
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("creating the Aula application"));
        m_state = State::SelectingApplication;
        return Desfire::wrap(Desfire::SelectApplication, Desfire::aidBytes(m_aid));
    case State::SelectingApplication:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("selecting the Aula application"));
        m_outcome = Outcome::Personalised;
        return authenticate(DefaultKey, State::Authenticating);
    case State::SelectingExistingApplication:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("selecting the Aula application"));
        // Free read, as a tablet reads it: is there a secret to keep?
        m_state = State::ReadingSecret;
        return Desfire::wrap(Desfire::ReadData,
                             Desfire::dataFileCommand(kSecretFileNo, 0, kSecretSize));
    case State::ReadingSecret:
        if (response.status == Desfire::OperationOk
            && response.data.size() == qsizetype(kSecretSize))
            m_found = SecretFound::Readable;
        else if (response.status == Desfire::FileNotFound)
            m_found = SecretFound::Missing;
        else
            m_found = SecretFound::Unreadable;
        // The secret's bytes are not needed, only whether they are there.
        return authenticate(DefaultKey, State::ProbingDefaultKey);
    case State::ProbingDefaultKey:
    case State::AuthenticatingCardKey:
    case State::Authenticating: {
        auto next = m_authentication->feed(response);
        if (!next) {
            const bool wrongKey = next.error().code == QLatin1String("wrong_key");
            if (m_state == State::ProbingDefaultKey && wrongKey)
                return authenticate(*m_cardKey, State::AuthenticatingCardKey);
            if (m_state == State::AuthenticatingCardKey && wrongKey)
                return fail(QStringLiteral("already_enrolled"),
                            QStringLiteral("the card holds an Aula application under a key that "
                                           "is not this chamber's"));
            return fail(next.error().code, next.error().message);
        }
        if (*next)
            return *next;
        m_session.emplace(m_authentication->takeSession());
        m_authentication.reset();
        if (m_state == State::ProbingDefaultKey) {
            // Still the all-zero key: an enrollment was cut before ChangeKey, if the key
            // settings are the ones Aula creates the application with.
            m_state = State::ReadingKeySettings;
            return m_session->plainCommand(Desfire::GetKeySettings);
        }
        if (m_state == State::AuthenticatingCardKey)
            return existingCardAuthenticated();
        return readUid();
    }
    case State::ReadingKeySettings: {
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("GetKeySettings"));
        auto settings = m_session->verifyMacedResponse(response);
        if (!settings)
            return fail(settings.error().code, settings.error().message);
        if (settings->size() != 2 || quint8(settings->at(0)) != ApplicationKeySettings
            || (quint8(settings->at(1)) & 0x0F) != 1) {
            return fail(QStringLiteral("already_enrolled"),
                        QStringLiteral("the card holds an Aula application that Aula did not "
                                       "create (key settings %1)")
                            .arg(QString::fromLatin1(settings->toHex())));
        }
        m_outcome = Outcome::Resumed;
        return readUid();
    }
    case State::ReadingUid: {
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("GetCardUID"));
        auto uid = m_session->decryptResponse(response, 7);
        if (!uid)
            return fail(uid.error().code, uid.error().message);
        if (!DesfireCrypto::constantTimeEqual(*uid, m_uid)) {
            return fail(
                QStringLiteral("uid_mismatch"),
                QStringLiteral("the card's real UID %1 differs from the UID %2 it "
                               "showed the reader (random UID mode?)")
                    .arg(QString::fromLatin1(uid->toHex()), QString::fromLatin1(m_uid.toHex())));
        }
        // Resumed: the file may be there already (cut after it was created); a fresh secret
        // goes in either way, since the card was never bound and nobody keyed a store on it.
        if (m_outcome == Outcome::Resumed && m_found != SecretFound::Missing)
            return writeSecret();
        return createSecretFile();
    }
    case State::CreatingSecretFile:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("creating the badge secret file"));
        if (auto mac = m_session->verifyMacedResponse(response); !mac)
            return fail(mac.error().code, mac.error().message);
        return writeSecret();
    case State::WritingSecret:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("writing the badge secret"));
        if (auto mac = m_session->verifyMacedResponse(response); !mac)
            return fail(mac.error().code, mac.error().message);
        if (m_outcome == Outcome::SecretWritten || m_outcome == Outcome::SecretRenewed)
            return finish(m_outcome); // the card's key stays as it is
        m_state = State::ChangingKey;
        return m_session->changeKeyCommand(0, *m_cardKey, 1, {}, true);
    case State::ChangingKey:
        if (response.status != Desfire::OperationOk)
            return failed(QStringLiteral("writing the card key"));
        return finish(m_outcome);
    case State::Idle:
    case State::Enrolled:
    case State::Failed:
        break;
    }
    return std::nullopt;
}

} // namespace Aula::Badges
