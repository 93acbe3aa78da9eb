// SPDX-License-Identifier: GPL-3.0-or-later
#include "seatcoordinator.h"

#include "hardwarebridge.h"
#include "server/api/credentials.h"
#include "server/chamber/chamber.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSeats, "aula.server.seats")

namespace Aula::Server {

SeatCoordinator::SeatCoordinator(Chamber &chamber, HardwareBridge &hardware,
                                 const Credentials &credentials, int absenceGraceMs,
                                 QObject *parent)
    : QObject(parent)
    , m_chamber(chamber)
    , m_hardware(hardware)
    , m_credentials(credentials)
    , m_graceMs(absenceGraceMs)
{
    connect(&hardware, &HardwareBridge::badgePlaced, this, &SeatCoordinator::onBadgePlaced);
    connect(&hardware, &HardwareBridge::badgeRemoved, this, &SeatCoordinator::onBadgeRemoved);
    connect(&chamber, &Chamber::committed, this, &SeatCoordinator::onCommitted);
}

int SeatCoordinator::seatOf(const QString &member) const
{
    const auto &council = m_chamber.state().council();
    const Member *m = council ? council->member(member) : nullptr;
    return m ? m->seat : 0;
}

void SeatCoordinator::onBadgePlaced(int seat, const QByteArray &uid)
{
    const QString member = m_credentials.personForBadge(uid);
    const auto &council = m_chamber.state().council();
    if (member.isEmpty() || !council || !council->member(member)) {
        qCWarning(lcSeats) << "seat" << seat << ": a badge that belongs to no member";
        return;
    }
    if (seatOf(member) != seat)
        qCInfo(lcSeats) << member << "sits at seat" << seat << "instead of" << seatOf(member);
    if (QTimer *t = m_leaving.take(member))
        t->deleteLater(); // back before the grace period ran out
    m_chamber.recordSeatPresence(member, true, {});
}

void SeatCoordinator::onBadgeRemoved(int seat, const QByteArray &uid)
{
    const QString member = m_credentials.personForBadge(uid);
    if (member.isEmpty())
        return;
    Q_UNUSED(seat);
    if (m_leaving.contains(member))
        return;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, member, timer] {
        m_leaving.remove(member);
        timer->deleteLater();
        m_chamber.recordSeatPresence(member, false, {});
    });
    m_leaving.insert(member, timer);
    timer->start(m_graceMs);
}

void SeatCoordinator::onCommitted(const QList<Event> &events)
{
    for (const Event &e : events) {
        const QString member = e.payload.value(QStringLiteral("member")).toString();
        if (e.type == QLatin1String("floor.granted")) {
            if (const int seat = seatOf(member))
                m_hardware.setMicrophone(seat, true);
        } else if (e.type == QLatin1String("floor.ended")) {
            if (const int seat = seatOf(member))
                m_hardware.setMicrophone(seat, false);
        }
    }
}

} // namespace Aula::Server
