// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardwarebridge.h"
#include "seatreaderconfig.h"
#include "server/badges/keydiversifier.h"

#include <QMap>
#include <memory>
#include <optional>

namespace Aula {
class BadgeReader;
struct BadgeInfo;
struct Error;
} // namespace Aula

namespace Aula::Server {

/**
 * The seat hardware on real badge readers: one BadgeReader per seat (LibNfcBadgeReader in
 * `serve`, any BadgeReader in tests). A badge placed is reported as badgePlaced() only
 * once it is accepted: under Proof::Desfire it must pass the DESFire AES authentication
 * under its diversified key (Badges::DesfireAuthenticator, run here on the server, since
 * the seat reader is the server's own); under Proof::Uid its UID is enough. A badge
 * refused is logged and reported with badgeRefused(); its removal is not news.
 *
 * A reader that stops answering is logged and reported (seatReaderLost), once per outage;
 * the badge it held counts as removed, so the member is marked absent after the grace
 * period unless the reader comes back with the badge still there (seatReaderConnected,
 * then badgePlaced again). No microphones: this bridge only logs setMicrophone().
 */
class SeatReaderBridge : public HardwareBridge
{
    Q_OBJECT

public:
    /** @p diversifier is required under Proof::Desfire. The readers are not started yet. */
    SeatReaderBridge(QMap<int, std::shared_ptr<BadgeReader>> readers, SeatReaderConfig::Proof proof,
                     std::optional<Badges::KeyDiversifier> diversifier, QObject *parent = nullptr);
    ~SeatReaderBridge() override;

    /** Starts every reader. */
    void start();

    void setMicrophone(int seat, bool on) override;

    /** Whether the reader at @p seat answers. */
    [[nodiscard]] bool isReaderConnected(int seat) const;
    /** The UID accepted at @p seat, or empty. */
    [[nodiscard]] QByteArray placedBadge(int seat) const;

private:
    struct Seat
    {
        std::shared_ptr<BadgeReader> reader;
        QByteArray placed;
        /** Bumped on every presentation and removal: an older proof's result is stale. */
        quint64 attempt = 0;
    };

    void onPresented(int seat, const BadgeInfo &badge);
    void onRemoved(int seat, const QByteArray &uid);
    void onLost(int seat, const Error &reason);
    void accept(int seat, const QByteArray &uid);
    void refuse(int seat, const QByteArray &uid, const QString &reason);

    QMap<int, Seat> m_seats;
    SeatReaderConfig::Proof m_proof;
    std::optional<Badges::KeyDiversifier> m_diversifier;
};

} // namespace Aula::Server
