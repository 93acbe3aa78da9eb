// SPDX-License-Identifier: GPL-3.0-or-later
#include "pn532emulator.h"

namespace Aula::Emulators {

namespace {

// PN532 command codes (UM0701-02, table 12).
enum : quint8 {
    Diagnose = 0x00,
    GetFirmwareVersion = 0x02,
    GetGeneralStatus = 0x04,
    ReadRegister = 0x06,
    WriteRegister = 0x08,
    SetParameters = 0x12,
    SAMConfiguration = 0x14,
    PowerDown = 0x16,
    RFConfiguration = 0x32,
    InDataExchange = 0x40,
    InCommunicateThru = 0x42,
    InDeselect = 0x44,
    InListPassiveTarget = 0x4A,
    InRelease = 0x52,
    InSelect = 0x54,
    InAutoPoll = 0x60,
};

// Status byte of In* commands: 0x00 success, 0x01 time-out (the target did not answer),
// 0x27 "command not acceptable in this context" (UM0701-02, table 13).
constexpr quint8 StatusOk = 0x00;
constexpr quint8 StatusTimeout = 0x01;
constexpr quint8 StatusNotAcceptable = 0x27;

const QByteArray AckFrame = QByteArray::fromHex("0000ff00ff00");
const QByteArray SyntaxErrorFrame = QByteArray::fromHex("0000ff01ff7f8100");

} // namespace

Pn532Chip::Pn532Chip(Tracer tracer)
    : m_tracer(std::move(tracer))
{ }

void Pn532Chip::setCard(std::shared_ptr<Card> card)
{
    m_card = std::move(card);
    m_targetActive = false;
}

void Pn532Chip::reset()
{
    m_targetActive = false;
    m_registers.clear();
}

std::optional<QByteArray> Pn532Chip::execute(const QByteArray &command)
{
    if (command.isEmpty())
        return std::nullopt;
    const auto code = quint8(command[0]);
    const QByteArray params = command.mid(1);
    QByteArray answer(1, char(code + 1));
    switch (code) {
    case Diagnose:
        if (!params.isEmpty() && params[0] == 0x06) {
            // NumTst 0x06: "Attention Request Test or ISO/IEC 14443-4 card presence".
            const bool present = m_card && m_targetActive;
            answer.append(char(present ? StatusOk : StatusTimeout));
        } else {
            // NumTst 0x00 (communication line test) echoes its parameters; the other
            // self tests are answered as passed.
            answer.append(params);
        }
        break;
    case GetFirmwareVersion:
        // IC 0x32 (PN532), version 1.6, supports ISO 14443 A, B and ISO 18092.
        answer.append(QByteArray::fromHex("32010607"));
        break;
    case GetGeneralStatus:
        answer.append(char(0x00)); // last error
        answer.append(char(0x01)); // field on
        answer.append(char(m_targetActive ? 1 : 0));
        if (m_targetActive)
            answer.append(QByteArray::fromHex("01000000")); // Tg 1, 106 kbps A both ways
        answer.append(char(0x00)); // SAM status
        break;
    case ReadRegister:
        for (int i = 0; i + 1 < params.size(); i += 2) {
            const quint16 address = quint16(quint8(params[i]) << 8 | quint8(params[i + 1]));
            answer.append(char(m_registers.value(address, 0x00)));
        }
        break;
    case WriteRegister:
        for (int i = 0; i + 2 < params.size(); i += 3) {
            const quint16 address = quint16(quint8(params[i]) << 8 | quint8(params[i + 1]));
            m_registers[address] = quint8(params[i + 2]);
        }
        break;
    case SetParameters:
    case SAMConfiguration:
    case RFConfiguration:
        break;
    case PowerDown:
        answer.append(char(StatusOk));
        break;
    case InListPassiveTarget:
        answer.append(inListPassiveTarget(params));
        break;
    case InDataExchange:
        if (params.isEmpty() || (quint8(params[0]) & 0x0F) != 1) {
            answer.append(char(StatusNotAcceptable));
            break;
        }
        answer.append(dataExchange(params.mid(1)));
        break;
    case InCommunicateThru:
        answer.append(communicateThru(params));
        break;
    case InDeselect:
    case InRelease:
        m_targetActive = false;
        answer.append(char(StatusOk));
        break;
    case InSelect:
        if (m_card) {
            m_card->activate();
            m_targetActive = true;
            answer.append(char(StatusOk));
        } else {
            answer.append(char(StatusTimeout));
        }
        break;
    case InAutoPoll:
        if (!m_card) {
            answer.append(char(0x00));
            break;
        }
        m_card->activate();
        m_targetActive = true;
        answer.append(char(0x01));
        // Type 0x20: passive 106 kbps ISO 14443-4 A; 0x10: MIFARE (106 kbps A).
        answer.append(char(m_card->sak() & 0x20 ? 0x20 : 0x10));
        {
            const QByteArray data = char(0x01) + targetData();
            answer.append(char(data.size()));
            answer.append(data);
        }
        break;
    default:
        if (m_tracer)
            m_tracer(QStringLiteral("unsupported command 0x%1").arg(code, 2, 16, QLatin1Char('0')));
        return std::nullopt;
    }
    return answer;
}

QByteArray Pn532Chip::targetData() const
{
    QByteArray data = m_card->atqa();
    data.append(char(m_card->sak()));
    data.append(char(m_card->uid().size()));
    data.append(m_card->uid());
    data.append(m_card->ats());
    return data;
}

QByteArray Pn532Chip::inListPassiveTarget(const QByteArray &params)
{
    // MaxTg, BrTy (0x00 = 106 kbps type A), optional UID to select. Listing again
    // releases whatever target was selected before.
    m_targetActive = false;
    if (params.size() < 2)
        return QByteArray(1, char(0x00));
    const bool typeA = params[1] == 0x00;
    QByteArray wantedUid = params.mid(2);
    // A UID given to select carries its cascade tags (0x88, ISO 14443-3 6.5.4): 88 + 7
    // bytes for a double, 88 + 3 + 88 + 7 for a triple size UID.
    if (wantedUid.size() == 8 && quint8(wantedUid[0]) == 0x88)
        wantedUid = wantedUid.mid(1);
    else if (wantedUid.size() == 12 && quint8(wantedUid[0]) == 0x88 && quint8(wantedUid[4]) == 0x88)
        wantedUid = wantedUid.mid(1, 3) + wantedUid.mid(5);
    if (!typeA || !m_card || (!wantedUid.isEmpty() && wantedUid != m_card->uid()))
        return QByteArray(1, char(0x00));
    // The chip sends WUPA/REQA, anticollision, SELECT and, for SAK bit 0x20, RATS: the
    // card starts over from its idle state.
    m_card->activate();
    m_targetActive = true;
    m_piccBlockNumber = 0;
    return char(0x01) + (char(0x01) + targetData());
}

QByteArray Pn532Chip::communicateThru(const QByteArray &frame)
{
    if (!m_card || !m_targetActive)
        return QByteArray(1, char(StatusTimeout));
    if ((m_card->sak() & 0x20) && frame.size() == 1 && (quint8(frame[0]) & 0xF6) == 0xB2) {
        // An ISO 14443-4 R(NAK) block, which libnfc sends to check presence: the PICC
        // answers R(ACK) with its current block number (ISO/IEC 14443-4 7.5.4.2 rule 12).
        return char(StatusOk) + QByteArray(1, char(0xA2 | m_piccBlockNumber));
    }
    return dataExchange(frame);
}

QByteArray Pn532Chip::dataExchange(const QByteArray &frame)
{
    if (m_card && m_pullAfter && *m_pullAfter <= 0) {
        // Pulled away: the frame finds no card, and the field stays empty.
        if (m_tracer)
            m_tracer(QStringLiteral("card pulled from the field"));
        m_pullAfter.reset();
        m_card.reset();
        m_targetActive = false;
    }
    if (!m_card || !m_targetActive)
        return QByteArray(1, char(StatusTimeout));
    if (m_pullAfter)
        --*m_pullAfter;
    const std::optional<QByteArray> answer = m_card->exchange(frame);
    if (!answer)
        return QByteArray(1, char(StatusTimeout));
    // Each I-block exchanged toggles the block number (ISO/IEC 14443-4 7.5.3).
    m_piccBlockNumber ^= 1;
    return char(StatusOk) + *answer;
}

QByteArray Pn532Link::frame(const QByteArray &payload)
{
    QByteArray out = QByteArray::fromHex("0000ff");
    const int len = int(payload.size());
    if (len > 255) {
        out.append(char(0xFF));
        out.append(char(0xFF));
        out.append(char((len >> 8) & 0xFF));
        out.append(char(len & 0xFF));
        out.append(char(-((len >> 8) + len) & 0xFF));
    } else {
        out.append(char(len));
        out.append(char(-len & 0xFF));
    }
    quint8 sum = 0;
    for (const char c : payload)
        sum = quint8(sum + quint8(c));
    out.append(payload);
    out.append(char(quint8(-sum)));
    out.append('\0');
    return out;
}

QByteArray Pn532Link::receive(const QByteArray &bytes)
{
    m_buffer.append(bytes);
    QByteArray out;
    for (;;) {
        // Skip the wake-up preamble (0x55 …) and idle zeros up to a start code 00 FF.
        const qsizetype start = m_buffer.indexOf(QByteArray::fromHex("00ff"));
        if (start < 0) {
            // Keep a trailing 00 that may be the first half of a start code.
            m_buffer = m_buffer.endsWith('\0') ? QByteArray(1, '\0') : QByteArray();
            return out;
        }
        m_buffer.remove(0, start + 2);
        if (m_buffer.size() < 2) {
            m_buffer.prepend(QByteArray::fromHex("00ff"));
            return out;
        }
        const auto b0 = quint8(m_buffer[0]);
        const auto b1 = quint8(m_buffer[1]);
        if (b0 == 0x00 && b1 == 0xFF) {
            // ACK from the host: it aborts the running command (UM0701-02 6.2.1.3).
            m_buffer.remove(0, 2);
            continue;
        }
        if (b0 == 0xFF && b1 == 0x00) {
            // NACK: send the last answer again.
            m_buffer.remove(0, 2);
            out.append(m_lastAnswer);
            continue;
        }
        int headerSize = 2;
        int length = b0;
        if (b0 == 0xFF && b1 == 0xFF) {
            if (m_buffer.size() < 5) {
                m_buffer.prepend(QByteArray::fromHex("00ff"));
                return out;
            }
            length = quint8(m_buffer[2]) << 8 | quint8(m_buffer[3]);
            if (quint8(m_buffer[2] + m_buffer[3] + m_buffer[4]) != 0) {
                m_buffer.remove(0, 5);
                continue; // length checksum wrong: drop, the host will time out
            }
            headerSize = 5;
        } else if (quint8(b0 + b1) != 0) {
            continue;
        }
        if (m_buffer.size() < headerSize + length + 1) {
            m_buffer.prepend(QByteArray::fromHex("00ff"));
            return out;
        }
        const QByteArray payload = m_buffer.mid(headerSize, length);
        const auto dcs = quint8(m_buffer[headerSize + length]);
        m_buffer.remove(0, headerSize + length + 1);
        if (!m_buffer.isEmpty() && m_buffer[0] == '\0')
            m_buffer.remove(0, 1); // postamble
        quint8 sum = dcs;
        for (const char c : payload)
            sum = quint8(sum + quint8(c));
        if (sum != 0 || payload.isEmpty() || quint8(payload[0]) != 0xD4) {
            m_lastAnswer = SyntaxErrorFrame;
            out.append(SyntaxErrorFrame);
            continue;
        }
        out.append(AckFrame);
        const std::optional<QByteArray> answer = m_chip.execute(payload.mid(1));
        m_lastAnswer = answer ? frame(char(0xD5) + *answer) : SyntaxErrorFrame;
        out.append(m_lastAnswer);
    }
}

} // namespace Aula::Emulators
