// SPDX-License-Identifier: GPL-3.0-or-later
#include "trackedcontroller.h"

namespace Aula::App {

TrackedController::TrackedController(QObject *parent)
    : QObject(parent)
{ }

void TrackedController::setTracker(SittingTracker *tracker)
{
    if (tracker == m_tracker)
        return;
    if (m_tracker)
        disconnect(m_tracker, nullptr, this, nullptr);
    m_tracker = tracker;
    if (m_tracker) {
        connect(m_tracker, &SittingTracker::changed, this, [this] {
            trackerUpdated();
            Q_EMIT updated();
        });
    }
    Q_EMIT trackerChanged();
    trackerUpdated();
    Q_EMIT updated();
}

const LiveSitting *TrackedController::sitting() const
{
    return m_tracker && m_tracker->isReady() ? &m_tracker->sitting() : nullptr;
}

QString TrackedController::me() const
{
    return m_tracker ? m_tracker->person() : QString();
}

} // namespace Aula::App
