// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "desfiresession.h"
#include "platform/nfc/desfireprotocol.h"

#include <QByteArray>
#include <functional>
#include <optional>

namespace Aula::Badges {

/**
 * One DESFire EV1 AuthenticateAES (0xAA) exchange, from the reader's side, as a step
 * machine: begin() gives the command, feed() each answer, and the end is a DesfireSession.
 *
 * Three passes in one AES-CBC chain that starts from a zero IV (NXP AN12343/AN12752,
 * "AuthenticateAES"; checked against a real card's transcript in tst_desfirevectors):
 * card → E(K, RndB); reader → E(K, RndA ‖ RndB<<8); card → E(K, RndA<<8). Session key:
 * RndA[0..3] ‖ RndB[0..3] ‖ RndA[12..15] ‖ RndB[12..15]. RndA is fresh every time.
 */
class DesfireAesAuthentication
{
public:
    /** Returns @p count random bytes; the default is OpenSSL's RAND_bytes. */
    using RandomSource = std::function<QByteArray(int count)>;

    /** @p key must be 16 bytes. */
    DesfireAesAuthentication(QByteArray key, quint8 keyNo, RandomSource random = {});
    ~DesfireAesAuthentication();

    /** The AuthenticateAES command. */
    [[nodiscard]] QByteArray begin() const;

    /**
     * Consumes the card's answer. Returns the next command, std::nullopt when the card is
     * authenticated (then takeSession()), or an Error: "wrong_key" when the card refuses our
     * cryptogram, "card_proof_mismatch" when its answer does not prove our RndA (a replayed
     * or forged transcript), "protocol_error" otherwise.
     */
    [[nodiscard]] Result<std::optional<QByteArray>> feed(const Desfire::Response &response);

    /** The session after a successful exchange. */
    [[nodiscard]] DesfireSession takeSession();

private:
    void wipe();

    QByteArray m_key;
    quint8 m_keyNo;
    RandomSource m_random;
    QByteArray m_iv;
    QByteArray m_rndA;
    QByteArray m_rndB;
    QByteArray m_sessionKey;
    bool m_awaitingProof = false;
};

} // namespace Aula::Badges
