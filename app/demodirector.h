// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <QSet>
#include <QTimer>
#include <functional>

namespace Aula::App {
class SessionManager;
class SittingTracker;
class SittingController;
class FloorController;
class PresidentController;
class BallotController;

/**
 * Drives one tablet through the demo sitting (./scripts/demo --headless): logs in with the
 * fake badge and the demo PIN, then plays the councillor's or the president's part, and
 * grabs a screenshot of every page it passes. Only the aula executable has it.
 */
class DemoDirector : public QObject
{
    Q_OBJECT
public:
    enum class Part { Councillor, President };

    DemoDirector(Part part, const QString &person, SessionManager &session, SittingTracker &tracker,
                 QQuickWindow &window, const QString &shotsDir, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    /** The part is played (0) or failed (non-zero). */
    void finished(int code);

private:
    void step();
    void shoot(const QString &name);
    void later(int ms, std::function<void()> what);
    void stepCouncillor();
    void stepPresident();
    void openFirstDocument();
    [[nodiscard]] bool once(const QString &key);

    Part m_part;
    QString m_person;
    SessionManager &m_session;
    SittingTracker &m_tracker;
    QQuickWindow &m_window;
    QString m_shots;
    SittingController *m_sitting;
    FloorController *m_floor;
    PresidentController *m_chair;
    QTimer m_poll;
    QTimer m_deadline;
    QSet<QString> m_done;
    bool m_waiting = false;
    int m_shot = 0;
};

} // namespace Aula::App
