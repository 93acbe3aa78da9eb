// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <functional>

namespace Aula::Sync {

/** What the tablet's reader saw of a badge, sent with `login` (docs/protocol.md). */
struct BadgeEvidence
{
    /** The UID from anticollision (4, 7 or 10 bytes). */
    QByteArray uid;
    /** Whether the badge speaks ISO 14443-4 (so the chamber can send it APDUs). */
    bool isoDep = false;
    /** ATQA, two bytes, when known. */
    QByteArray atqa;
    /** SAK, 0–255, or -1 when unknown. */
    int sak = -1;
};

/**
 * The tablet's path to the badge in its reader, for the chamber's badge proof: the chamber
 * sends APDUs, the tablet relays them here and returns the card's answers. It never sees a
 * key. The app implements it on its BadgeReader; sync/ does not know about readers.
 */
class CardChannel
{
public:
    /** Receives the card's answer, or an Error (see exchange()). */
    using Done = std::function<void(const Result<QByteArray> &answer)>;

    virtual ~CardChannel() = default;

    /**
     * Sends @p apdu to the badge in the field. @p done is called exactly once, never before
     * exchange() returns, with the answer or an Error whose code is "badge_removed",
     * "reader_lost", "no_badge", "not_iso_dep" or "card_error".
     */
    virtual void exchange(const QByteArray &apdu, Done done) = 0;
};

} // namespace Aula::Sync
