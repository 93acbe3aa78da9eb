// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sittingtracker.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace Aula::App {

/**
 * Base of the per-page controllers: created from QML with the SittingTracker as a REQUIRED
 * property, they re-read it whenever it changes (trackerUpdated()).
 */
class TrackedController : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    /** The sitting this controller presents; required. */
    Q_PROPERTY(Aula::App::SittingTracker *tracker READ tracker WRITE setTracker NOTIFY
                   trackerChanged REQUIRED)

public:
    explicit TrackedController(QObject *parent = nullptr);
    [[nodiscard]] SittingTracker *tracker() const { return m_tracker; }
    void setTracker(SittingTracker *tracker);

Q_SIGNALS:
    void trackerChanged();
    /** Any property may have changed. */
    void updated();

protected:
    /** Called after the tracker changed (and once when it is set). */
    virtual void trackerUpdated() { }
    [[nodiscard]] const LiveSitting *sitting() const;
    [[nodiscard]] QString me() const;

private:
    QPointer<SittingTracker> m_tracker;
};

} // namespace Aula::App
