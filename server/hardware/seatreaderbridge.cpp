// SPDX-License-Identifier: GPL-3.0-or-later
#include "seatreaderbridge.h"

#include "framerelay.h"
#include "platform/nfc/badgereader.h"
#include "server/badges/aulabadge.h"
#include "server/badges/desfireauthenticator.h"

#include <QLoggingCategory>
#include <utility>

Q_LOGGING_CATEGORY(lcSeatReaders, "aula.server.hardware.seatreaders")

namespace Aula::Server {

SeatReaderBridge::SeatReaderBridge(QMap<int, std::shared_ptr<BadgeReader>> readers,
                                   SeatReaderConfig::Proof proof,
                                   std::optional<Badges::KeyDiversifier> diversifier,
                                   QObject *parent)
    : HardwareBridge(parent)
    , m_proof(proof)
    , m_diversifier(std::move(diversifier))
{
    Q_ASSERT(proof == SeatReaderConfig::Proof::Uid || m_diversifier);
    for (auto it = readers.begin(); it != readers.end(); ++it) {
        const int seat = it.key();
        BadgeReader *reader = it.value().get();
        m_seats.insert(seat, Seat { it.value(), {}, 0 });
        connect(reader, &BadgeReader::badgePresented, this,
                [this, seat](const BadgeInfo &badge) { onPresented(seat, badge); });
        connect(reader, &BadgeReader::badgeRemoved, this,
                [this, seat](const QByteArray &uid) { onRemoved(seat, uid); });
        connect(reader, &BadgeReader::readerLost, this,
                [this, seat](const Error &reason) { onLost(seat, reason); });
        connect(reader, &BadgeReader::readerConnected, this, [this, seat](const QString &name) {
            qCInfo(lcSeatReaders).noquote() << "seat" << seat << ": reader connected:" << name;
            Q_EMIT seatReaderConnected(seat);
        });
    }
}

SeatReaderBridge::~SeatReaderBridge()
{
    // Stop the readers (joining their threads) while this object can still take their
    // last news; their pending exchanges are dropped with them.
    for (Seat &s : m_seats)
        s.reader->stop();
}

void SeatReaderBridge::start()
{
    qCInfo(lcSeatReaders) << "starting" << m_seats.size() << "seat readers; badges prove"
                          << (m_proof == SeatReaderConfig::Proof::Desfire
                                  ? "their DESFire key"
                                  : "nothing beyond their UID (proof: uid)");
    for (Seat &s : m_seats)
        s.reader->start();
}

void SeatReaderBridge::setMicrophone(int seat, bool on)
{
    qCDebug(lcSeatReaders) << "seat" << seat << ": microphone" << (on ? "on" : "off")
                           << "(no microphone control is configured)";
}

bool SeatReaderBridge::isReaderConnected(int seat) const
{
    const auto it = m_seats.constFind(seat);
    return it != m_seats.cend() && it->reader->isConnected();
}

QByteArray SeatReaderBridge::placedBadge(int seat) const
{
    return m_seats.value(seat).placed;
}

void SeatReaderBridge::onPresented(int seat, const BadgeInfo &badge)
{
    Seat &s = m_seats[seat];
    const quint64 attempt = ++s.attempt;
    if (m_proof == SeatReaderConfig::Proof::Uid) {
        accept(seat, badge.uid);
        return;
    }
    if (!badge.speaksIsoDep()) {
        refuse(seat, badge.uid,
               QStringLiteral("a badge that only shows its UID (which can be copied) cannot "
                              "prove its key"));
        return;
    }
    auto auth = std::make_shared<Badges::DesfireAuthenticator>(
        *m_diversifier, Badges::kApplicationId, Badges::kKeyNumber, badge.uid);
    relayFrames<Badges::DesfireAuthenticator>(
        *s.reader, auth, [this, seat, attempt, uid = badge.uid](Badges::DesfireAuthenticator &a) {
            if (m_seats.value(seat).attempt != attempt)
                return; // removed or swapped meanwhile
            auto verified = a.result();
            if (verified)
                accept(seat, uid);
            else
                refuse(seat, uid, verified.error().describe());
        });
}

void SeatReaderBridge::accept(int seat, const QByteArray &uid)
{
    Seat &s = m_seats[seat];
    if (!s.placed.isEmpty() && s.placed != uid) {
        const QByteArray old = std::exchange(s.placed, QByteArray());
        Q_EMIT badgeRemoved(seat, old);
    }
    s.placed = uid;
    qCInfo(lcSeatReaders) << "seat" << seat << ": badge accepted";
    Q_EMIT badgePlaced(seat, uid);
}

void SeatReaderBridge::refuse(int seat, const QByteArray &uid, const QString &reason)
{
    qCWarning(lcSeatReaders).noquote() << "seat" << seat << ": badge refused:" << reason;
    Q_EMIT badgeRefused(seat, uid, reason);
}

void SeatReaderBridge::onRemoved(int seat, const QByteArray &uid)
{
    Seat &s = m_seats[seat];
    ++s.attempt; // a proof still running is for a badge that is gone
    if (s.placed.isEmpty() || s.placed != uid)
        return;
    s.placed.clear();
    qCInfo(lcSeatReaders) << "seat" << seat << ": badge removed";
    Q_EMIT badgeRemoved(seat, uid);
}

void SeatReaderBridge::onLost(int seat, const Error &reason)
{
    qCWarning(lcSeatReaders).noquote()
        << "seat" << seat << QStringLiteral(": reader lost (%1):").arg(reason.code)
        << reason.message << "— looking for it again; its badge counts as removed";
    Q_EMIT seatReaderLost(seat, reason.message);
}

} // namespace Aula::Server
