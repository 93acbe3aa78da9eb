// SPDX-License-Identifier: GPL-3.0-or-later
#include "sittingtracker.h"

#include "sync/connection/chamberconnection.h"

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTracker, "aula.app.sitting")

namespace Aula::App {

SittingTracker::SittingTracker(Sync::ChamberConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    connect(&m_connection, &Sync::ChamberConnection::snapshotReceived, this,
            [this](const QString &sitting, const QJsonObject &snapshot) {
                if (sitting != m_sittingId)
                    return;
                if (auto r = m_sitting.resetFromSnapshot(snapshot); !r) {
                    qCWarning(lcTracker) << r.error().describe();
                    return;
                }
                Q_EMIT snapshotApplied();
                Q_EMIT changed();
            });
    connect(&m_connection, &Sync::ChamberConnection::eventReceived, this,
            [this](const Aula::Event &event) {
                if (!m_sitting.isValid()
                    || event.payload.value(QStringLiteral("sitting")).toString() != m_sittingId)
                    return;
                m_sitting.apply(event);
                Q_EMIT eventApplied(event);
                Q_EMIT changed();
            });
    connect(&m_connection, &Sync::ChamberConnection::tallyReceived, this,
            [this](const QString &sitting, const QString &ballot, int received, int eligible) {
                if (!m_sitting.isValid() || sitting != m_sittingId)
                    return;
                m_sitting.applyTally(ballot, received, eligible);
                Q_EMIT changed();
            });
    connect(&m_connection, &Sync::ChamberConnection::sessionChanged, this,
            &SittingTracker::changed);
}

void SittingTracker::follow(const QString &sittingId)
{
    if (sittingId == m_sittingId)
        return;
    if (!m_sittingId.isEmpty())
        m_connection.unsubscribe(m_sittingId);
    m_sittingId = sittingId;
    m_sitting = {};
    m_connection.subscribe(sittingId, [sittingId](const Result<QJsonObject> &r) {
        if (!r)
            qCInfo(lcTracker) << "subscribe" << sittingId << r.error().describe();
    });
    Q_EMIT changed();
}

QString SittingTracker::scheduledText() const
{
    const QDateTime at = QDateTime::fromString(scheduledAt(), Qt::ISODate);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QStringLiteral("d MMMM yyyy, HH:mm"))
                        : scheduledAt();
}

QString SittingTracker::person() const
{
    return m_connection.person();
}

qint64 SittingTracker::serverNow() const
{
    return m_connection.serverNow();
}

void SittingTracker::command(const QString &type, QJsonObject args,
                             std::function<void(const Result<QJsonObject> &)> done)
{
    args.insert(QStringLiteral("sitting"), m_sittingId);
    m_connection.request(type, args, [done = std::move(done)](const Result<QJsonObject> &r) {
        if (done)
            done(r);
    });
}

} // namespace Aula::App
