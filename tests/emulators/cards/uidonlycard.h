// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "card.h"

#include <QString>

namespace Aula::Emulators {

/**
 * A badge that offers nothing but its UID, as cheap badges do (ISO 14443-3A, no ISO-DEP).
 *
 * A 4-byte UID poses as a MIFARE Classic 1K (ATQA 00 04, SAK 08) and a 7-byte UID as a
 * MIFARE Ultralight (ATQA 00 44, SAK 00), the two most common UID badges. The Ultralight
 * form answers READ (0x30) with the four pages at that address (pages 0–2 hold the UID and
 * its check bytes, the rest is zero), because libnfc reads page 0 to check presence; the
 * Classic form implements no Crypto-1 and answers nothing, like a card whose sectors are
 * all locked.
 */
class UidOnlyCard : public Card
{
public:
    /** @p uid must be 4 or 7 bytes. */
    explicit UidOnlyCard(QByteArray uid);

    [[nodiscard]] QByteArray uid() const override { return m_uid; }
    [[nodiscard]] QByteArray atqa() const override;
    [[nodiscard]] quint8 sak() const override;
    [[nodiscard]] std::optional<QByteArray> exchange(const QByteArray &frame) override;

private:
    QByteArray m_uid;
};

} // namespace Aula::Emulators
