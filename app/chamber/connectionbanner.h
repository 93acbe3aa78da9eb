// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessionmanager.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace Aula::Sync {
class ChamberConnection;
}

namespace Aula::App {

/**
 * What the connection banner says, and it says the truth: connected, connecting,
 * reconnecting / offline since HH:MM, or offline.
 */
class ConnectionBanner : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /** The session whose link is described; required. */
    Q_PROPERTY(Aula::App::SessionManager *session READ session WRITE setSession NOTIFY
                   sessionChanged REQUIRED)
    Q_PROPERTY(Level level READ level NOTIFY changed)
    Q_PROPERTY(QString text READ text NOTIFY changed)

public:
    enum class Level { Connected, Connecting, Reconnecting, Offline };
    Q_ENUM(Level)

    explicit ConnectionBanner(QObject *parent = nullptr);
    [[nodiscard]] SessionManager *session() const { return m_session; }
    void setSession(SessionManager *session);
    [[nodiscard]] Level level() const;
    [[nodiscard]] QString text() const;

Q_SIGNALS:
    void sessionChanged();
    void changed();

private:
    QPointer<SessionManager> m_session;
};

} // namespace Aula::App
