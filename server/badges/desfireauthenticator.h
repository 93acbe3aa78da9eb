// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "desfireaesauthentication.h"
#include "desfiresession.h"
#include "keydiversifier.h"

#include <QByteArray>
#include <functional>
#include <optional>

namespace Aula::Badges {

/** A card that proved it holds its diversified key, and the UID it reported under it. */
struct VerifiedCard
{
    /** The UID read with GetCardUID inside the authenticated session. */
    QByteArray uid;
};

/**
 * The server's side of a badge login: proves that the card on a tablet's reader holds the
 * AES key diversified for its UID, as a state machine that produces APDUs and consumes the
 * card's answers. The tablet only relays frames; it never sees a key.
 *
 * Sequence (NXP's public EV1 descriptions, AN12343/AN12752 "AuthenticateAES" and
 * "GetCardUID"): SelectApplication(aid) → AuthenticateAES(keyNo) → the card's E(RndB) →
 * E(RndA ‖ RndB<<8) → the card's E(RndA<<8), all in one CBC chain that starts from a zero
 * IV → session key RndA[0..3] ‖ RndB[0..3] ‖ RndA[12..15] ‖ RndB[12..15] → GetCardUID,
 * whose enciphered answer must decrypt, pass its CRC32 and equal the UID the reader saw.
 *
 * RndA is fresh for every authenticator, so a recorded transcript cannot be replayed.
 */
class DesfireAuthenticator
{
public:
    /** Returns @p count random bytes; the default is OpenSSL's RAND_bytes. */
    using RandomSource = std::function<QByteArray(int count)>;

    enum class State {
        Idle,
        SelectingApplication,
        Authenticating,
        AwaitingUid,
        Verified,
        Failed,
    };

    /**
     * @p claimedUid is the UID the reader saw during anticollision (untrusted: anyone can
     * copy it); the key is diversified from it, and GetCardUID must confirm it.
     */
    DesfireAuthenticator(const KeyDiversifier &diversifier, quint32 aid, quint8 keyNo,
                         QByteArray claimedUid, RandomSource random = {});

    /**
     * The same with a known card key instead of a diversified one: for enrollment, which
     * starts from a blank card's default key, and for published test vectors.
     */
    DesfireAuthenticator(const QByteArray &cardKey, quint32 aid, quint8 keyNo,
                         QByteArray claimedUid, RandomSource random = {});

    /** The first APDU to relay to the card. Call once. */
    [[nodiscard]] QByteArray begin();

    /**
     * Consumes the card's answer to the last APDU. Returns the next APDU to relay, or
     * std::nullopt when the exchange is over and result() holds the outcome.
     */
    [[nodiscard]] std::optional<QByteArray> feed(const QByteArray &cardResponse);

    /** Ends the exchange because the relay failed (card removed, reader lost, …). */
    void abort(const Error &reason);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isFinished() const
    {
        return m_state == State::Verified || m_state == State::Failed;
    }

    /** The outcome; Error "not_finished" while the exchange is still running. */
    [[nodiscard]] Result<VerifiedCard> result() const;

private:
    std::optional<QByteArray> fail(const QString &code, const QString &message);
    std::optional<QByteArray> onSelected(const Desfire::Response &response);
    std::optional<QByteArray> onAuthentication(const Desfire::Response &response);
    std::optional<QByteArray> onUid(const Desfire::Response &response);

    quint32 m_aid;
    quint8 m_keyNo;
    QByteArray m_claimedUid;
    RandomSource m_random;
    Result<QByteArray> m_cardKey;
    State m_state = State::Idle;
    std::optional<DesfireAesAuthentication> m_authentication;
    std::optional<DesfireSession> m_session;
    std::optional<Error> m_error;
    QByteArray m_verifiedUid;
};

} // namespace Aula::Badges
