// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <optional>

namespace Aula::Emulators {

/**
 * A contactless card in an emulated reader's field (ISO/IEC 14443 type A), as the reader
 * chip sees it after anticollision: UID, ATQA, SAK, the ATS when the card speaks
 * ISO 14443-4, and what it answers to a data frame.
 */
class Card
{
public:
    virtual ~Card() = default;

    /** The UID as anticollision reports it (4 or 7 bytes). */
    [[nodiscard]] virtual QByteArray uid() const = 0;
    /** ATQA (SENS_RES) in the byte order the PN532 reports it, e.g. 03 44 for DESFire. */
    [[nodiscard]] virtual QByteArray atqa() const = 0;
    /** SAK (SEL_RES); bit 0x20 means the card speaks ISO 14443-4. */
    [[nodiscard]] virtual quint8 sak() const = 0;
    /** The ATS including its length byte TL, empty for cards without ISO 14443-4. */
    [[nodiscard]] virtual QByteArray ats() const { return {}; }

    /** The card was (re)selected: everything volatile (selection, sessions) resets. */
    virtual void activate() { }

    /**
     * One exchange: an APDU for ISO 14443-4 cards, a raw command otherwise. std::nullopt
     * means the card stays silent (the reader times out).
     */
    [[nodiscard]] virtual std::optional<QByteArray> exchange(const QByteArray &frame) = 0;
};

} // namespace Aula::Emulators
