// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/emulators/cards/card.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace Aula::Emulators {

/**
 * The command side of an NXP PN532 as its user manual (UM0701-02) describes it, for one
 * card in the field: it takes the command bytes of a host frame (TFI 0xD4 stripped) and
 * returns the answer bytes (without TFI 0xD5), or std::nullopt for a command it does not
 * know, which the link layer reports with the PN532's syntax error frame.
 */
class Pn532Chip
{
public:
    /** Called with one line per command, for --trace. */
    using Tracer = std::function<void(const QString &line)>;

    explicit Pn532Chip(Tracer tracer = {});

    /** Puts @p card in the field (replacing any other) or, with nullptr, empties it. */
    void setCard(std::shared_ptr<Card> card);
    [[nodiscard]] bool hasCard() const { return m_card != nullptr; }

    /**
     * The card in the field answers @p frames more frames (ISO 14443-4 exchanges; presence
     * checks do not count) and then leaves the field, as a card pulled away does: the next
     * frame times out and the field is empty. std::nullopt disarms it. Fires once.
     */
    void pullAfter(std::optional<int> frames) { m_pullAfter = frames; }

    /** Forgets the selected target and registers, as a power cycle does. */
    void reset();

    /** Executes one command: command code first, then its parameters. */
    [[nodiscard]] std::optional<QByteArray> execute(const QByteArray &command);

private:
    QByteArray inListPassiveTarget(const QByteArray &params);
    QByteArray targetData() const;
    QByteArray dataExchange(const QByteArray &frame);
    QByteArray communicateThru(const QByteArray &frame);

    Tracer m_tracer;
    std::shared_ptr<Card> m_card;
    bool m_targetActive = false;
    quint8 m_piccBlockNumber = 0;
    QMap<quint16, quint8> m_registers;
    std::optional<int> m_pullAfter;
};

/**
 * The PN532's high speed UART link layer (UM0701-02 section 6.2): normal and extended
 * information frames with length and data checksums, ACK and NACK frames, the syntax error
 * frame, and the 0x55 wake-up preamble that precedes the first frame.
 */
class Pn532Link
{
public:
    explicit Pn532Link(Pn532Chip &chip)
        : m_chip(chip)
    { }

    /** Feeds bytes from the host; returns what the PN532 sends back (ACK + answer). */
    [[nodiscard]] QByteArray receive(const QByteArray &bytes);

    /** Drops any half-received frame (the line was cut). */
    void clear() { m_buffer.clear(); }

    /** Frames @p payload (TFI first) as the PN532 would send it. */
    static QByteArray frame(const QByteArray &payload);

private:
    Pn532Chip &m_chip;
    QByteArray m_buffer;
    QByteArray m_lastAnswer;
};

} // namespace Aula::Emulators
