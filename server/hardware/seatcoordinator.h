// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/event.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace Aula::Server {

class Chamber;
class Credentials;
class HardwareBridge;

/**
 * Joins the seat hardware to the chamber: a badge in a seat reader marks its member
 * present; taking it out marks them absent after a grace period (a member who lifts the
 * badge for a moment does not leave the roll); the microphone of whoever has the floor is
 * on, every other one off.
 */
class SeatCoordinator : public QObject
{
    Q_OBJECT

public:
    SeatCoordinator(Chamber &chamber, HardwareBridge &hardware, const Credentials &credentials,
                    int absenceGraceMs = 30'000, QObject *parent = nullptr);

private:
    void onBadgePlaced(int seat, const QByteArray &uid);
    void onBadgeRemoved(int seat, const QByteArray &uid);
    void onCommitted(const QList<Aula::Event> &events);
    [[nodiscard]] int seatOf(const QString &member) const;

    Chamber &m_chamber;
    HardwareBridge &m_hardware;
    const Credentials &m_credentials;
    int m_graceMs;
    QHash<QString, QTimer *> m_leaving;
};

} // namespace Aula::Server
