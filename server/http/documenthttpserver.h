// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslConfiguration>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Aula::Server {

class DocumentStore;
class HttpConnection;

/** Bounds that keep one client from hurting the others. */
struct HttpServerLimits
{
    /** Request line plus header fields; more is answered 431. */
    int maxHeadBytes = 8 * 1024;
    /** Open connections (after the TLS handshake); more are answered 503 and closed. */
    int maxConnections = 256;
    /** How long a connection may take to send a whole request head, or sit idle. */
    int idleTimeoutMs = 30'000;
    /** How long a response may make no progress (a client that stopped reading). */
    int stallTimeoutMs = 60'000;
    /** How long a TLS handshake may take. */
    int handshakeTimeoutMs = 10'000;
    /** Requests served on one connection before it is closed. */
    int maxRequestsPerConnection = 1000;
    /** Bytes read from disk at a time. */
    qint64 chunkBytes = 64 * 1024;
    /** Bytes a connection may have queued for the network before it reads more from disk. */
    qint64 highWaterBytes = 256 * 1024;
};

/**
 * The chamber's document service: HTTPS/1.1 GET and HEAD of
 *
 * - `/documents/<sha256>`: a document from the DocumentStore, with ETag `"<sha256>"`,
 *   single byte ranges (206, 416), If-None-Match (304) and If-Range, streamed from disk a
 *   chunk at a time as the client drains it;
 * - `/manifest`: the JSON the owner's ManifestProvider returns, with an ETag on its hash.
 *
 * Every request needs `Authorization: Bearer <token>` that the owner's TokenValidator
 * accepts (401 otherwise; with no validator, nothing is accepted). Keep-alive and
 * pipelining are supported; request bodies are not (the connection closes after one).
 * Each connection is a small state machine on the event loop, so a slow or stuck client
 * only ever costs its own connection. Docs: "Documents over HTTPS" in docs/protocol.md.
 */
class DocumentHttpServer : public QObject
{
    Q_OBJECT

public:
    /** Says whether a bearer token opens a session; called once per request. */
    using TokenValidator = std::function<bool(QByteArrayView token)>;
    /** Returns the manifest's JSON; called once per /manifest request. */
    using ManifestProvider = std::function<QByteArray()>;

    /** Serves `store`, which must outlive the server. */
    explicit DocumentHttpServer(const DocumentStore *store, QObject *parent = nullptr);
    ~DocumentHttpServer() override;

    void setTokenValidator(TokenValidator validator);
    void setManifestProvider(ManifestProvider provider);
    /** Applies to connections accepted afterwards. */
    void setLimits(const HttpServerLimits &limits);
    [[nodiscard]] const HttpServerLimits &limits() const { return m_limits; }

    /** Listens with TLS (the configuration from TlsMaterial::serverConfiguration()). */
    Result<void> listen(const QSslConfiguration &tls, const QHostAddress &address,
                        quint16 port = 0);
    /**
     * Listens without TLS, for development only; refuses any address that is not
     * loopback (code "http_plain_not_loopback").
     */
    Result<void> listenPlainLoopback(const QHostAddress &address, quint16 port = 0);
    /** Stops listening and drops every connection. */
    void close();

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] bool isSecure() const { return m_secure; }
    [[nodiscard]] QHostAddress serverAddress() const;
    /** The port actually bound (useful after listening on port 0). */
    [[nodiscard]] quint16 serverPort() const;
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }

Q_SIGNALS:
    /** A response was sent (or started streaming): for the audit log and for tests. */
    void requestHandled(const QByteArray &method, const QByteArray &path, int status);

private:
    friend class HttpConnection;

    Result<void> startListening(QTcpServer *server, const QHostAddress &address, quint16 port);
    void acceptPending();
    void dropConnection(HttpConnection *connection);

    const DocumentStore *m_store;
    TokenValidator m_validator;
    ManifestProvider m_manifest;
    HttpServerLimits m_limits;
    QPointer<QTcpServer> m_server;
    QSet<HttpConnection *> m_connections;
    bool m_secure = false;
};

} // namespace Aula::Server
