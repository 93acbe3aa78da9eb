// SPDX-License-Identifier: GPL-3.0-or-later
#include "seatreaderbridge.h"

#include "platform/nfc/badgereader.h"
#include "platform/nfc/framerelay.h"
#include "server/badges/aulabadge.h"
#include "server/badges/desfireauthenticator.h"

#include <QLoggingCategory>
#include <utility>

Q_LOGGING_CATEGORY(lcSeatReaders, "aula.server.hardware.seatreaders")

namespace Aula::Server {

SeatReaderBridge::SeatReaderBridge(QMap<int, std::shared_ptr<BadgeReader>> readers,
                                   SeatReaderConfig::Proof proof,
                                   std::optional<Badges::KeyDiversifier> diversifier,
                                   int reproveIntervalMs, QObject *parent)
    : HardwareBridge(parent)
    , m_proof(proof)
    , m_diversifier(std::move(diversifier))
{
    Q_ASSERT(proof == SeatReaderConfig::Proof::Uid || m_diversifier);
    if (proof == SeatReaderConfig::Proof::Desfire && reproveIntervalMs > 0) {
        m_reprove.setInterval(reproveIntervalMs);
        connect(&m_reprove, &QTimer::timeout, this, &SeatReaderBridge::reproveAll);
    }
    for (auto it = readers.begin(); it != readers.end(); ++it) {
        const int seat = it.key();
        BadgeReader *reader = it.value().get();
        Seat entry;
        entry.reader = it.value();
        m_seats.insert(seat, entry);
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
    m_reprove.stop();
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
    if (m_reprove.interval() > 0)
        m_reprove.start();
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
    ++s.attempt;
    s.proving = false;
    s.reprove.clear();
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
    prove(seat, badge.uid);
}

void SeatReaderBridge::prove(int seat, const QByteArray &uid)
{
    Seat &s = m_seats[seat];
    s.proving = true;
    const quint64 attempt = s.attempt;
    auto auth = std::make_shared<Badges::DesfireAuthenticator>(
        *m_diversifier, Badges::kApplicationId, Badges::kKeyNumber, uid);
    relayFrames<Badges::DesfireAuthenticator>(
        *s.reader, auth, [this, seat, attempt, uid](Badges::DesfireAuthenticator &a) {
            Seat &current = m_seats[seat];
            if (current.attempt != attempt)
                return; // removed or swapped meanwhile
            current.proving = false;
            auto verified = a.result();
            if (verified) {
                current.reprove = uid;
                if (current.placed != uid)
                    accept(seat, uid);
            } else if (current.placed == uid) {
                // Proven before, not now: another card with the same UID, or a card that
                // stopped answering. It is proved again at the next round.
                current.placed.clear();
                qCWarning(lcSeatReaders).noquote()
                    << "seat" << seat
                    << ": the badge no longer proves its key:" << verified.error().describe();
                Q_EMIT badgeRefused(seat, uid, verified.error().describe());
                Q_EMIT badgeRemoved(seat, uid);
            } else {
                refuse(seat, uid, verified.error().describe());
            }
        });
}

void SeatReaderBridge::reproveAll()
{
    for (auto it = m_seats.begin(); it != m_seats.end(); ++it) {
        Seat &s = it.value();
        const auto badge = s.reader->presentBadge();
        if (s.proving || s.reprove.isEmpty() || !badge || badge->uid != s.reprove)
            continue;
        prove(it.key(), s.reprove);
    }
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
    s.proving = false;
    s.reprove.clear();
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
