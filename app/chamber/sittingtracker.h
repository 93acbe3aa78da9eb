// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "livesitting.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace Aula::Sync {
class ChamberConnection;
}

namespace Aula::App {

/**
 * Follows one sitting on the chamber link: subscribes, keeps a LiveSitting from the
 * snapshots and events, and tells the controllers when it changed. Built in main.cpp.
 */
class SittingTracker : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Built in main.cpp and passed to the pages")
    /** The sitting followed (empty before follow()). */
    Q_PROPERTY(QString sittingId READ sittingId NOTIFY changed)
    /** Whether a snapshot has arrived. */
    Q_PROPERTY(bool ready READ isReady NOTIFY changed)
    /** The sitting's title and scheduled date (ISO 8601). */
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString scheduledAt READ scheduledAt NOTIFY changed)
    /** The scheduled date and time in words of the UI language ("1 dicembre 2026, 18:00"). */
    Q_PROPERTY(QString scheduledText READ scheduledText NOTIFY changed)
    /** The person logged in on this tablet. */
    Q_PROPERTY(QString person READ person NOTIFY changed)

public:
    explicit SittingTracker(Sync::ChamberConnection &connection, QObject *parent = nullptr);

    /** Subscribes to `sittingId` (kept across reconnects by the connection). */
    void follow(const QString &sittingId);

    [[nodiscard]] QString sittingId() const { return m_sittingId; }
    [[nodiscard]] bool isReady() const { return m_sitting.isValid(); }
    [[nodiscard]] QString title() const { return m_sitting.plan().title; }
    [[nodiscard]] QString scheduledAt() const { return m_sitting.plan().scheduledAt; }
    [[nodiscard]] QString scheduledText() const;
    [[nodiscard]] QString person() const;
    [[nodiscard]] const LiveSitting &sitting() const { return m_sitting; }
    [[nodiscard]] Sync::ChamberConnection &connection() const { return m_connection; }
    /** The chamber's clock now (ms since the epoch). */
    [[nodiscard]] qint64 serverNow() const;

    /** Sends a sitting command (the sitting id is added); `done` gets the outcome. */
    void command(const QString &type, QJsonObject args,
                 std::function<void(const Result<QJsonObject> &)> done);

Q_SIGNALS:
    void changed();
    /** After an event was folded (for controllers that react to one kind). */
    void eventApplied(const Aula::Event &event);
    /** A fresh snapshot replaced the state (first one, or after a reconnect). */
    void snapshotApplied();

private:
    Sync::ChamberConnection &m_connection;
    QString m_sittingId;
    LiveSitting m_sitting;
};

} // namespace Aula::App
