// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <optional>

namespace Aula {

/**
 * Reads the badge secret of an enrolled Aula badge (platform/nfc/aulacard.h) with no key, as
 * the tablet does at every tap, online or offline: SelectApplication(Aula) → ReadData(the
 * secret file, offset 0, 16 bytes). The file's read access is free (0xE), so the card answers
 * in plain without an authentication (NXP AN11004 rev. 2.4, whose Type 4 readers read the
 * same way). A step machine like the server's (begin(), feed(), abort()), relayed to a
 * BadgeReader with relayFrames() (platform/nfc/framerelay.h) and tested against the card
 * model in-process and through the emulator.
 *
 * result(): the 16 bytes, or an Error whose code says what the tablet may do. Only a card
 * that says plainly it has no secret lets the UID stand in (docs/security.md, "The badge
 * secret"); anything else is "tap again":
 * - "no_secret": SelectApplication(Aula) answered APPLICATION_NOT_FOUND (0xA0), or ReadData
 *   answered FILE_NOT_FOUND (0xF0): a card enrolled before badges had a secret, or not an
 *   Aula badge. The tablet may fall back to the UID;
 * - "not_iso_dep" (from the relay): a UID-only badge, which may fall back too;
 * - "secret_unreadable": any other DESFire status (PERMISSION_DENIED, AUTHENTICATION_ERROR,
 *   BOUNDARY_ERROR, …), an answer that is no DESFire answer (too short, another status
 *   word), or a secret of the wrong size. Tap again; never a fallback, since a card that
 *   answers so may hold a secret it does not show;
 * - the other relay codes ("badge_removed", "reader_lost", "card_error", "no_badge",
 *   "reader_stopped"): the read did not happen, tap again.
 */
class CardSecretReader
{
public:
    enum class State { Idle, SelectingApplication, Reading, Read, Failed };

    CardSecretReader() = default;
    /** Zeroes the secret if it was not taken. */
    ~CardSecretReader();
    CardSecretReader(const CardSecretReader &) = delete;
    CardSecretReader &operator=(const CardSecretReader &) = delete;

    /** The first APDU. Call once. */
    [[nodiscard]] QByteArray begin();
    /** The card's answer to the last APDU; the next APDU, or std::nullopt when finished. */
    [[nodiscard]] std::optional<QByteArray> feed(const QByteArray &cardResponse);
    /** Ends the read because the relay failed; the relay's error becomes the result. */
    void abort(const Error &reason);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isFinished() const
    {
        return m_state == State::Read || m_state == State::Failed;
    }
    /**
     * The outcome; Error "not_finished" while running, "secret_taken" after takeSecret().
     * The bytes returned share the reader's buffer (QByteArray is implicitly shared): the
     * app uses takeSecret() instead.
     */
    [[nodiscard]] Result<QByteArray> result() const;
    /**
     * result(), moving the secret out: the reader keeps no copy, so the caller's single
     * buffer is the one to wipe (Crypto::wipe, or hand it to a Crypto::SecretBytes).
     */
    [[nodiscard]] Result<QByteArray> takeSecret();
    /** How many secret bytes the reader still holds (for tests: 0 once taken). */
    [[nodiscard]] qsizetype heldSecretBytes() const { return m_secret.size(); }
    /** Whether result() is an error after which the tablet may fall back to the UID. */
    [[nodiscard]] static bool allowsUidFallback(const Error &error);

private:
    std::optional<QByteArray> unreadable(const QString &why);
    std::optional<QByteArray> fail(const QString &code, const QString &message);

    State m_state = State::Idle;
    QByteArray m_secret;
    bool m_taken = false;
    std::optional<Error> m_error;
};

} // namespace Aula
