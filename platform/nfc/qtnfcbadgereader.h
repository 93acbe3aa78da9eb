// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "badgereader.h"

#include <memory>

namespace Aula {

/**
 * A BadgeReader on Qt NFC, for the tablets (Android, iOS): the device's own NFC controller
 * through QNearFieldManager, looking for tags that allow tag-type-specific access, and
 * QNearFieldTarget::sendCommand() for the ISO 14443-4 frames (APDUs) of the chamber's badge
 * proof and of the badge secret. A target that Qt reports lost is a removed badge; the NFC
 * adapter switched off is a lost reader.
 *
 * What Qt NFC does not give: the ATQA, SAK and ATS (BadgeInfo leaves them empty; a badge
 * speaks ISO-DEP when Qt reports an NFC Forum Type 4 tag). Qt NFC is reached from this
 * file's .cpp only, which CMake compiles into aula_platform on Android and iOS, and on Linux
 * only as a compile check (target aula_qtnfc_check: Qt 6.4's Qt NFC has no Linux backend to
 * run it). It has not run on a device yet: platform/README.md says what is known and what
 * is not.
 */
class QtNfcBadgeReader : public BadgeReader
{
    Q_OBJECT

public:
    struct Options
    {
        /** How long a badge may take to answer one frame. */
        int exchangeTimeoutMs = 2000;
        /** iOS: the text of the system's NFC sheet ("Hold your badge near the tablet"). */
        QString userInformation;
    };

    explicit QtNfcBadgeReader(Options options, QObject *parent = nullptr);
    explicit QtNfcBadgeReader(QObject *parent = nullptr);
    ~QtNfcBadgeReader() override;

    /**
     * Starts looking for badges. On Android the activity must be in front (Qt NFC uses the
     * foreground dispatch); on iOS this opens the system's NFC sheet, which iOS closes after
     * about a minute: that is reported as readerLost("detection_stopped"), and start() opens
     * it again.
     */
    void start() override;
    void stop() override;
    [[nodiscard]] bool isConnected() const override;
    [[nodiscard]] std::optional<BadgeInfo> presentBadge() const override;
    quint64 exchange(const QByteArray &frame, ExchangeCallback done) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Aula
