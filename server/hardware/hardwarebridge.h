// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>

namespace Aula::Server {

/**
 * The chamber's seat hardware: a badge reader and a microphone at every seat.
 *
 * Real drivers implement this interface in their own file (a libnfc seat reader, the
 * conference system's control protocol for microphones) and are chosen in
 * ChamberServer::start(); see docs/operations.md "Hardware". The chamber only ever sees
 * seat numbers and badge UIDs.
 */
class HardwareBridge : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /** Turns the microphone at `seat` on or off. */
    virtual void setMicrophone(int seat, bool on) = 0;

Q_SIGNALS:
    /** A badge was placed in the reader at `seat`. */
    void badgePlaced(int seat, const QByteArray &uid);
    /** The badge was taken out of the reader at `seat`. */
    void badgeRemoved(int seat, const QByteArray &uid);
    /** A badge at `seat` was not accepted (e.g. it could not prove its key): `reason`. */
    void badgeRefused(int seat, const QByteArray &uid, const QString &reason);
    /** The reader at `seat` answers (at start, and again after it was lost). */
    void seatReaderConnected(int seat);
    /** The reader at `seat` stopped answering or cannot be opened; it is looked for again. */
    void seatReaderLost(int seat, const QString &reason);
};

/** Hardware in memory: for tests and the demo. Microphone states can be read back. */
class SimulatedHardware : public HardwareBridge
{
    Q_OBJECT

public:
    using HardwareBridge::HardwareBridge;

    void setMicrophone(int seat, bool on) override { m_microphones.insert(seat, on); }
    [[nodiscard]] bool microphoneOn(int seat) const { return m_microphones.value(seat); }
    void placeBadge(int seat, const QByteArray &uid) { Q_EMIT badgePlaced(seat, uid); }
    void removeBadge(int seat, const QByteArray &uid) { Q_EMIT badgeRemoved(seat, uid); }

private:
    QHash<int, bool> m_microphones;
};

} // namespace Aula::Server
