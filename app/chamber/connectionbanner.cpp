// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionbanner.h"

#include "sessionmanager.h"
#include "sync/connection/chamberconnection.h"

namespace Aula::App {

ConnectionBanner::ConnectionBanner(QObject *parent)
    : QObject(parent)
{ }

void ConnectionBanner::setSession(SessionManager *session)
{
    if (session == m_session)
        return;
    if (m_session)
        disconnect(&m_session->connection(), nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(&m_session->connection(), &Sync::ChamberConnection::stateChanged, this,
                &ConnectionBanner::changed);
    }
    Q_EMIT sessionChanged();
    Q_EMIT changed();
}

ConnectionBanner::Level ConnectionBanner::level() const
{
    if (!m_session)
        return Level::Offline;
    switch (m_session->connection().state()) {
    case Sync::ChamberConnection::State::Connected:
        return Level::Connected;
    case Sync::ChamberConnection::State::Connecting:
        return Level::Connecting;
    case Sync::ChamberConnection::State::Reconnecting:
        return Level::Reconnecting;
    case Sync::ChamberConnection::State::Offline:
        break;
    }
    return Level::Offline;
}

QString ConnectionBanner::text() const
{
    switch (level()) {
    case Level::Connected:
        return tr("Connected to the chamber");
    case Level::Connecting:
        return tr("Connecting to the chamber…");
    case Level::Reconnecting: {
        const QDateTime since = m_session->connection().offlineSince();
        return tr("Offline since %1, reconnecting…").arg(since.toString(QStringLiteral("HH:mm")));
    }
    case Level::Offline:
        break;
    }
    return tr("Offline: the chamber cannot be reached");
}

} // namespace Aula::App
