// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "badgereader.h"

#include <QStringList>
#include <memory>

namespace Aula {

/**
 * A BadgeReader on libnfc 1.8 (Linux): one reader named by a libnfc connection string such
 * as "pn532_uart:/dev/ttyUSB0" or "pn532_uart:/dev/serial/by-id/…".
 *
 * libnfc blocks, so it runs on a worker thread of its own: it polls for ISO 14443-A badges,
 * checks that the selected badge is still there (nfc_initiator_target_is_present, or a
 * targeted re-select for badges libnfc cannot ping), relays frames, and when the reader
 * stops answering reports it lost and reopens it with exponential backoff until it is back.
 * libnfc is reached from this file's .cpp only.
 */
class LibNfcBadgeReader : public BadgeReader
{
    Q_OBJECT

public:
    struct Options
    {
        /** libnfc connection string, e.g. "pn532_uart:/dev/ttyUSB0". */
        QString connection;
        /** Pause between polls while no badge is in the field. */
        int pollIntervalMs = 150;
        /** Pause between presence checks while a badge is in the field and idle. */
        int presenceIntervalMs = 200;
        /** First and longest pause between attempts to reopen a lost reader. */
        int reconnectMinMs = 100;
        int reconnectMaxMs = 2000;
        /** How long a badge may take to answer one frame. */
        int exchangeTimeoutMs = 2000;
    };

    explicit LibNfcBadgeReader(Options options, QObject *parent = nullptr);

    /**
     * The connection strings of the readers libnfc finds (USB readers; serial ones only
     * when libnfc's configuration allows intrusive scans, or when LIBNFC_DEVICE names one).
     */
    [[nodiscard]] static QStringList devices();
    ~LibNfcBadgeReader() override;

    void start() override;
    void stop() override;
    [[nodiscard]] bool isConnected() const override { return m_connected; }
    [[nodiscard]] std::optional<BadgeInfo> presentBadge() const override { return m_badge; }
    quint64 exchange(const QByteArray &frame, ExchangeCallback done) override;

private:
    class Worker;
    friend class Worker;

    Options m_options;
    std::unique_ptr<Worker> m_worker;
    quint64 m_generation = 0;
    bool m_connected = false;
    std::optional<BadgeInfo> m_badge;
};

} // namespace Aula
