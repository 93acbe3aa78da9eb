// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpproxy.h"

namespace Aula::Test {

TcpProxy::TcpProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_target(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpProxy::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

void TcpProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        if (m_refuse) {
            client->abort();
            client->deleteLater();
            continue;
        }
        ++m_connections;
        auto *pair = new Pair { client, new QTcpSocket(this) };
        client->setParent(this);
        m_pairs.append(pair);
        // Client bytes wait until the server side is up.
        connect(pair->server, &QTcpSocket::connected, this, [this, pair] {
            if (!m_swallow)
                pair->server->write(pair->client->readAll());
        });
        connect(client, &QTcpSocket::readyRead, this, [this, pair] {
            if (pair->server->state() != QAbstractSocket::ConnectedState)
                return; // left in the buffer until the server side is up
            const QByteArray bytes = pair->client->readAll();
            if (!m_swallow)
                pair->server->write(bytes);
        });
        connect(pair->server, &QTcpSocket::readyRead, this, [this, pair] {
            const QByteArray bytes = pair->server->readAll();
            if (!m_cutMarker.isEmpty() && bytes.contains(m_cutMarker)) {
                m_cutMarker.clear();
                cut(pair);
                return;
            }
            if (m_cutAfter > 0 && m_relayedSinceArmed + bytes.size() > m_cutAfter) {
                const QByteArray head = bytes.left(m_cutAfter - m_relayedSinceArmed);
                m_relayed += head.size();
                pair->client->write(head);
                pair->client->flush();
                m_cutAfter = 0;
                dropAll();
                return;
            }
            m_relayedSinceArmed += bytes.size();
            m_relayed += bytes.size();
            pair->client->write(bytes);
        });
        auto end = [this, pair] {
            if (!m_pairs.removeOne(pair))
                return;
            for (QTcpSocket *s : { pair->client, pair->server }) {
                disconnect(s, nullptr, this, nullptr);
                s->disconnectFromHost(); // what was written still goes out first
                s->deleteLater();
            }
            delete pair;
        };
        connect(client, &QTcpSocket::disconnected, this, end);
        connect(pair->server, &QTcpSocket::disconnected, this, end);
        connect(pair->server, &QTcpSocket::errorOccurred, this, end);
        pair->server->connectToHost(QHostAddress::LocalHost, m_target);
    }
}

void TcpProxy::cut(Pair *pair)
{
    if (!m_pairs.removeOne(pair))
        return;
    ++m_cuts;
    for (QTcpSocket *s : { pair->client, pair->server }) {
        disconnect(s, nullptr, this, nullptr);
        s->abort();
        s->deleteLater();
    }
    delete pair;
}

void TcpProxy::dropAll()
{
    const QList<Pair *> pairs = m_pairs;
    for (Pair *p : pairs)
        cut(p);
}

} // namespace Aula::Test
