// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "desfireaesauthentication.h"
#include "desfiresession.h"
#include "keydiversifier.h"

#include <QByteArray>
#include <optional>

namespace Aula::Badges {

/** A card that now holds the Aula application with its diversified key. */
struct EnrolledCard
{
    /** What enrollment did to the card. */
    enum class Outcome {
        /** A blank card: application, secret and key written. */
        Personalised,
        /**
         * A card whose earlier enrollment was cut after the application was created and
         * before its key was changed (all-zero AES key, key settings 0x09): personalised again.
         */
        Resumed,
        /** Already this chamber's: its secret reads fine and was kept (EnsureSecret). */
        SecretKept,
        /** Already this chamber's but without a secret file: one was written. */
        SecretWritten,
        /** Already this chamber's: a new secret replaced the old one (RenewSecret). */
        SecretRenewed,
    };

    /** The card's UID, confirmed with GetCardUID before the key was written. */
    QByteArray uid;
    Outcome outcome = Outcome::Personalised;

    /** Whether the card's key was written now (so it must be checked before binding). */
    [[nodiscard]] bool keyWritten() const
    {
        return outcome == Outcome::Personalised || outcome == Outcome::Resumed;
    }
};

/**
 * Personalises a DESFire EV1 card for Aula, as a step machine like DesfireAuthenticator (so
 * the frames can go through any BadgeReader).
 *
 * A blank card: SelectApplication(PICC) → CreateApplication(aid, key settings 0x09, one AES
 * key) → SelectApplication(aid) → AuthenticateAES(key 0, the default all-zero key) →
 * GetCardUID (the real UID must be the one shown to the reader, since the key is diversified
 * from it) → CreateStdDataFile(the badge secret file, 16 bytes, plain, read free, the rest
 * key 0) → WriteData(16 fresh random bytes: the badge secret) → ChangeKey(0, the AN10922 key
 * for this UID, version 1). platform/nfc/aulacard.h has the layout; docs/security.md ("The
 * badge secret") why the file is readable without a key. The secret is not kept anywhere on
 * the server: only the card holds it (and the tablets read it at each tap).
 *
 * A card that already holds the Aula application (CreateApplication: DUPLICATE_ERROR):
 * SelectApplication(aid) → ReadData(the secret file, free: is there a readable secret?) →
 * AuthenticateAES(key 0, all-zero key):
 * - it opens: an enrollment was cut before ChangeKey. GetKeySettings must say 0x09 (what
 *   Aula creates; anything else is not ours, "already_enrolled"), then GetCardUID, the secret
 *   file (created if missing) and a fresh secret, ChangeKey: Outcome::Resumed;
 * - it does not: AuthenticateAES(key 0, the diversified key). Refused: another chamber's
 *   card ("already_enrolled"). Accepted, by the mode: EnsureSecret keeps a secret that reads
 *   fine (SecretKept), writes one where the file is missing (SecretWritten), and fails with
 *   "secret_unreadable" when the file answers otherwise; RenewSecret writes a new one
 *   (SecretRenewed), which makes every tablet store keyed with the old one unopenable.
 *
 * CreateApplication is sent without PICC authentication: it relies on the PICC key settings
 * allowing free creation (0x0F, the factory default). A card whose PICC master key was
 * changed to forbid it fails with "card_locked". Key settings 0x09: the application master
 * key can be changed, configuration can be changed, nothing is listed or created without
 * authentication, keys are changed with the master key.
 */
class DesfireEnroller
{
public:
    using RandomSource = DesfireAesAuthentication::RandomSource;

    /** What to do with the secret of a card this chamber already enrolled. */
    enum class Mode {
        /** Keep it when it reads fine; write one only where there is none (the default). */
        EnsureSecret,
        /** Write a new one (tablet stores keyed with the old one no longer open). */
        RenewSecret,
    };

    enum class State {
        Idle,
        SelectingPicc,
        CreatingApplication,
        SelectingApplication,
        Authenticating,
        // A card that already holds the application:
        SelectingExistingApplication,
        ReadingSecret,
        ProbingDefaultKey,
        ReadingKeySettings,
        AuthenticatingCardKey,
        // Personalisation:
        ReadingUid,
        CreatingSecretFile,
        WritingSecret,
        ChangingKey,
        Enrolled,
        Failed
    };

    /** The key settings the Aula application is created with. */
    static constexpr quint8 ApplicationKeySettings = 0x09;

    DesfireEnroller(const KeyDiversifier &diversifier, quint32 aid, QByteArray uid,
                    RandomSource random = {}, Mode mode = Mode::EnsureSecret);

    /** The first APDU to send. Call once. */
    [[nodiscard]] QByteArray begin();
    /** The card's answer to the last APDU; the next APDU, or std::nullopt when finished. */
    [[nodiscard]] std::optional<QByteArray> feed(const QByteArray &cardResponse);
    /** Ends the exchange because the relay failed. */
    void abort(const Error &reason);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isFinished() const
    {
        return m_state == State::Enrolled || m_state == State::Failed;
    }
    /** The outcome; Error "not_finished" while running. */
    [[nodiscard]] Result<EnrolledCard> result() const;

private:
    /** What the free read of an existing application's secret file found. */
    enum class SecretFound { Readable, Missing, Unreadable };

    std::optional<QByteArray> fail(const QString &code, const QString &message);
    std::optional<QByteArray> step(const Desfire::Response &response);
    std::optional<QByteArray> authenticate(const QByteArray &key, State state);
    std::optional<QByteArray> readUid();
    std::optional<QByteArray> createSecretFile();
    std::optional<QByteArray> writeSecret();
    std::optional<QByteArray> finish(EnrolledCard::Outcome outcome);
    std::optional<QByteArray> existingCardAuthenticated();

    quint32 m_aid;
    QByteArray m_uid;
    RandomSource m_random;
    Mode m_mode;
    Result<QByteArray> m_cardKey;
    State m_state = State::Idle;
    SecretFound m_found = SecretFound::Missing;
    EnrolledCard::Outcome m_outcome = EnrolledCard::Outcome::Personalised;
    std::optional<DesfireAesAuthentication> m_authentication;
    std::optional<DesfireSession> m_session;
    std::optional<Error> m_error;
};

} // namespace Aula::Badges
