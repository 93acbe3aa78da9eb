// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace Aula::Test {

/**
 * A TCP relay on loopback between a client and a server, for cutting links at chosen
 * moments: drop everything, swallow what the client sends, cut when the server's bytes
 * contain a marker (ws:// frames from a server are not masked), or cut after N bytes.
 */
class TcpProxy : public QObject
{
    Q_OBJECT

public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }

    /** Aborts every relayed connection (both sides). */
    void dropAll();
    /** While true, bytes from clients are swallowed (they never reach the server). */
    void setSwallowClientBytes(bool swallow) { m_swallow = swallow; }
    /** Next time server bytes contain `marker`, cut that connection instead of relaying them. */
    void cutOnServerBytes(const QByteArray &marker) { m_cutMarker = marker; }
    /**
     * Once this many server bytes in total have been relayed (from now on), cut every
     * connection, once (0: never).
     */
    void cutAllAfterServerBytes(qint64 bytes)
    {
        m_cutAfter = bytes;
        m_relayedSinceArmed = 0;
    }
    /** Server bytes relayed to clients so far. */
    [[nodiscard]] qint64 relayedServerBytes() const { return m_relayed; }
    /** Refuse (close at once) new connections while true. */
    void setRefuse(bool refuse) { m_refuse = refuse; }
    [[nodiscard]] int cuts() const { return m_cuts; }
    [[nodiscard]] int connections() const { return m_connections; }

private:
    struct Pair
    {
        QTcpSocket *client;
        QTcpSocket *server;
    };
    void onNewConnection();
    void cut(Pair *pair);

    QTcpServer m_server;
    quint16 m_target;
    QList<Pair *> m_pairs;
    bool m_swallow = false;
    bool m_refuse = false;
    QByteArray m_cutMarker;
    qint64 m_cutAfter = 0;
    qint64 m_relayedSinceArmed = 0;
    qint64 m_relayed = 0;
    int m_cuts = 0;
    int m_connections = 0;
};

} // namespace Aula::Test
