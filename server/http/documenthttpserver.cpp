// SPDX-License-Identifier: GPL-3.0-or-later
#include "documenthttpserver.h"

#include "server/http/httpconnection.h"

#include <QLoggingCategory>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>

Q_LOGGING_CATEGORY(lcHttp, "aula.server.http")

namespace Aula::Server {

DocumentHttpServer::DocumentHttpServer(const DocumentStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

DocumentHttpServer::~DocumentHttpServer()
{
    close();
}

void DocumentHttpServer::setTokenValidator(TokenValidator validator)
{
    m_validator = std::move(validator);
}

void DocumentHttpServer::setManifestProvider(ManifestProvider provider)
{
    m_manifest = std::move(provider);
}

void DocumentHttpServer::setLimits(const HttpServerLimits &limits)
{
    m_limits = limits;
    if (auto *ssl = qobject_cast<QSslServer *>(m_server.data()))
        ssl->setHandshakeTimeout(m_limits.handshakeTimeoutMs);
}

Result<void> DocumentHttpServer::listen(const QSslConfiguration &tls, const QHostAddress &address,
                                        quint16 port)
{
    if (tls.localCertificate().isNull() || tls.privateKey().isNull())
        return Error { QStringLiteral("http_no_certificate"),
                       QStringLiteral("the TLS configuration has no server certificate or key "
                                      "(run aula-server init)") };
    auto *server = new QSslServer(this);
    server->setSslConfiguration(tls);
    server->setHandshakeTimeout(m_limits.handshakeTimeoutMs);
    connect(server, &QSslServer::errorOccurred, this,
            [](QSslSocket *socket, QAbstractSocket::SocketError) {
                qCDebug(lcHttp) << "TLS connection from" << socket->peerAddress().toString()
                                << "failed:" << socket->errorString();
            });
    m_secure = true;
    return startListening(server, address, port);
}

Result<void> DocumentHttpServer::listenPlainLoopback(const QHostAddress &address, quint16 port)
{
    if (!address.isLoopback())
        return Error { QStringLiteral("http_plain_not_loopback"),
                       QStringLiteral("plain HTTP is for development on loopback only; %1 is not "
                                      "a loopback address")
                           .arg(address.toString()) };
    m_secure = false;
    qCWarning(lcHttp) << "serving documents WITHOUT TLS on" << address.toString()
                      << "(development mode)";
    return startListening(new QTcpServer(this), address, port);
}

Result<void> DocumentHttpServer::startListening(QTcpServer *server, const QHostAddress &address,
                                                quint16 port)
{
    if (!m_store) {
        delete server;
        return Error { QStringLiteral("http_no_store"),
                       QStringLiteral("the document server has no document store") };
    }
    close();
    connect(server, &QTcpServer::pendingConnectionAvailable, this,
            &DocumentHttpServer::acceptPending);
    if (!server->listen(address, port)) {
        const QString why = server->errorString();
        delete server;
        return Error { QStringLiteral("http_listen_failed"),
                       QStringLiteral("cannot listen on %1 port %2: %3")
                           .arg(address.toString())
                           .arg(port)
                           .arg(why) };
    }
    m_server = server;
    const QString scheme = m_secure ? QStringLiteral("https://") : QStringLiteral("http://");
    qCInfo(lcHttp).noquote() << "serving documents on"
                             << scheme + address.toString() + QLatin1Char(':')
            + QString::number(server->serverPort());
    return {};
}

void DocumentHttpServer::acceptPending()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        const bool full = m_connections.size() >= m_limits.maxConnections;
        auto *connection = new HttpConnection(socket, this);
        connect(connection, &HttpConnection::finished, this, &DocumentHttpServer::dropConnection);
        m_connections.insert(connection);
        if (full)
            connection->refuseBusy();
    }
}

void DocumentHttpServer::dropConnection(HttpConnection *connection)
{
    if (m_connections.remove(connection))
        connection->deleteLater();
}

void DocumentHttpServer::close()
{
    if (m_server) {
        m_server->close();
        m_server->deleteLater();
        m_server.clear();
    }
    // Deferred deletion: close() may run inside a slot that one of these connections'
    // signals (requestHandled) invoked, with that connection still on the stack.
    const QSet<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections) {
        connection->disconnect(this);
        connection->abort();
        connection->deleteLater();
    }
}

bool DocumentHttpServer::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress DocumentHttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 DocumentHttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

} // namespace Aula::Server
