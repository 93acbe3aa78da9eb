// SPDX-License-Identifier: GPL-3.0-or-later
#include "uidonlycard.h"

namespace Aula::Emulators {

UidOnlyCard::UidOnlyCard(QByteArray uid)
    : m_uid(std::move(uid))
{
    Q_ASSERT(m_uid.size() == 4 || m_uid.size() == 7);
}

QByteArray UidOnlyCard::atqa() const
{
    return m_uid.size() == 4 ? QByteArray::fromHex("0004") : QByteArray::fromHex("0044");
}

quint8 UidOnlyCard::sak() const
{
    return m_uid.size() == 4 ? 0x08 : 0x00;
}

std::optional<QByteArray> UidOnlyCard::exchange(const QByteArray &frame)
{
    if (m_uid.size() != 7 || frame.size() != 2 || quint8(frame[0]) != 0x30)
        return std::nullopt;
    // MIFARE Ultralight memory (NXP MF0ICU1 data sheet, 7.5): page 0 = UID0..2 + BCC0
    // (0x88 ^ UID0 ^ UID1 ^ UID2), page 1 = UID3..6, page 2 = BCC1 (UID3 ^ … ^ UID6) + 3 bytes.
    QByteArray memory(16 * 4, '\0');
    const auto u = [this](int i) { return quint8(m_uid[i]); };
    memory[0] = char(u(0));
    memory[1] = char(u(1));
    memory[2] = char(u(2));
    memory[3] = char(0x88 ^ u(0) ^ u(1) ^ u(2));
    for (int i = 0; i < 4; ++i)
        memory[4 + i] = char(u(3 + i));
    memory[8] = char(u(3) ^ u(4) ^ u(5) ^ u(6));
    const int page = quint8(frame[1]);
    if (page >= 16)
        return QByteArray(1, char(0x00)); // NAK
    QByteArray out;
    for (int i = 0; i < 16; ++i)
        out.append(memory[(page * 4 + i) % memory.size()]);
    return out;
}

} // namespace Aula::Emulators
