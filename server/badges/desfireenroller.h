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
    /** The card's UID, confirmed with GetCardUID before the key was written. */
    QByteArray uid;
};

/**
 * Personalises a blank DESFire EV1 card for Aula, as a step machine like
 * DesfireAuthenticator (so the frames can go through any BadgeReader):
 *
 * SelectApplication(PICC) → CreateApplication(aid, key settings 0x09, one AES key) →
 * SelectApplication(aid) → AuthenticateAES(key 0, the default all-zero key) → GetCardUID
 * (the real UID must be the one shown to the reader, since the key is diversified from it)
 * → CreateStdDataFile(the badge secret file, 16 bytes, plain, read free, the rest key 0) →
 * WriteData(16 fresh random bytes: the badge secret) → ChangeKey(0, the AN10922 key for this
 * UID, version 1). platform/nfc/aulacard.h has the layout; docs/security.md ("The badge
 * secret") why the file is readable without a key. The secret is not kept anywhere on the
 * server: only the card holds it (and the tablets read it at each tap).
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

    enum class State {
        Idle,
        SelectingPicc,
        CreatingApplication,
        SelectingApplication,
        Authenticating,
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
                    RandomSource random = {});

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
    std::optional<QByteArray> fail(const QString &code, const QString &message);
    std::optional<QByteArray> step(const Desfire::Response &response);

    quint32 m_aid;
    QByteArray m_uid;
    RandomSource m_random;
    Result<QByteArray> m_cardKey;
    State m_state = State::Idle;
    std::optional<DesfireAesAuthentication> m_authentication;
    std::optional<DesfireSession> m_session;
    std::optional<Error> m_error;
};

} // namespace Aula::Badges
