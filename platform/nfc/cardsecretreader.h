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
 * result(): the 16 bytes, or an Error whose code says what the tablet may do:
 * - "no_secret": the card answers but has no Aula secret (no Aula application, no file:
 *   a card enrolled before badges had one, or not an Aula badge). The tablet falls back to
 *   the UID (docs/security.md, "The badge secret");
 * - a relay code ("badge_removed", "reader_lost", "card_error", "no_badge",
 *   "not_iso_dep", "reader_stopped"): the read did not happen; "not_iso_dep" is a UID-only
 *   badge (falls back too), the others mean "tap again";
 * - "protocol_error": the card answered something that is no DESFire answer of the right
 *   size (tap again).
 */
class CardSecretReader
{
public:
    enum class State { Idle, SelectingApplication, Reading, Read, Failed };

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
    /** The outcome; Error "not_finished" while running. */
    [[nodiscard]] Result<QByteArray> result() const;
    /** Whether result() is an error after which the tablet may fall back to the UID. */
    [[nodiscard]] static bool allowsUidFallback(const Error &error);

private:
    std::optional<QByteArray> fail(const QString &code, const QString &message);

    State m_state = State::Idle;
    QByteArray m_secret;
    std::optional<Error> m_error;
};

} // namespace Aula
