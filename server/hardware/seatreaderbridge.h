// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardwarebridge.h"
#include "seatreaderconfig.h"
#include "server/badges/keydiversifier.h"

#include <QMap>
#include <QTimer>
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
 * An accepted badge is proved again every `reproveIntervalMs` while it stays in the field:
 * between proofs the reader only sees that a card with that UID is there, so a proven badge
 * swapped for a copy of its UID would otherwise keep its member present. A badge that
 * fails a later proof is reported removed (and refused); it counts again when it passes.
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
    /**
     * @p diversifier is required under Proof::Desfire; @p reproveIntervalMs 0 proves a badge
     * only when it arrives. The readers are not started yet.
     */
    SeatReaderBridge(QMap<int, std::shared_ptr<BadgeReader>> readers, SeatReaderConfig::Proof proof,
                     std::optional<Badges::KeyDiversifier> diversifier,
                     int reproveIntervalMs = 60'000, QObject *parent = nullptr);
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
        /** The badge accepted here (passed on as badgePlaced), or empty. */
        QByteArray placed;
        /** The badge in the field that passed a proof: proved again each round. */
        QByteArray reprove;
        /** Bumped on every presentation and removal: an older proof's result is stale. */
        quint64 attempt = 0;
        bool proving = false;
    };

    void onPresented(int seat, const BadgeInfo &badge);
    void prove(int seat, const QByteArray &uid);
    void reproveAll();
    void onRemoved(int seat, const QByteArray &uid);
    void onLost(int seat, const Error &reason);
    void accept(int seat, const QByteArray &uid);
    void refuse(int seat, const QByteArray &uid, const QString &reason);

    QMap<int, Seat> m_seats;
    SeatReaderConfig::Proof m_proof;
    std::optional<Badges::KeyDiversifier> m_diversifier;
    QTimer m_reprove;
};

} // namespace Aula::Server
