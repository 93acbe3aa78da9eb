// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/http/httprequest.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QTimer>
#include <memory>

class QTcpSocket;
class QSslSocket;

namespace Aula::Server {

class DocumentHttpServer;

/**
 * One client connection of DocumentHttpServer (internal): reads a request head, answers
 * it, streams a body from disk as the socket drains, then reads the next request.
 *
 * States: ReadingHead → (Sending →) ReadingHead … → Closing. While Sending, further
 * pipelined requests wait in the socket (a bounded read buffer), which keeps memory per
 * connection bounded whatever the client does.
 */
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    /** Takes ownership of `socket` (connected; encrypted already when TLS is on). */
    HttpConnection(QTcpSocket *socket, DocumentHttpServer *server);
    ~HttpConnection() override;

    /** Answers 503 and closes: the server is full. */
    void refuseBusy();
    /** Drops the client at once and goes quiet; safe to call from any of its signals. */
    void abort();

Q_SIGNALS:
    /** The socket is gone; the server deletes the connection. */
    void finished(Aula::Server::HttpConnection *connection);

private:
    enum class State { ReadingHead, Sending, Closing, Done };

    struct Head
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> fields;
        qint64 contentLength = -1; ///< -1: no Content-Length (304)
    };

    void onReadyRead();
    void processInput();
    void handle(const HttpRequest &request);
    void serveDocument(const HttpRequest &request, const QByteArray &sha256);
    void serveManifest(const HttpRequest &request);
    /** Writes the status line and fields; false when a slot of requestHandled closed us. */
    [[nodiscard]] bool writeHead(const Head &head);
    void sendSimple(int status, const QByteArray &text,
                    QList<QPair<QByteArray, QByteArray>> fields = {});
    void sendErrorAndClose(int status, const QByteArray &text);
    void pump();
    void onProgress();
    void finishResponse();
    void startClosing();
    void onTimeout();
    void onDisconnected();
    [[nodiscard]] qint64 pendingBytes() const;

    DocumentHttpServer *m_server;
    QTcpSocket *m_socket;
    QSslSocket *m_sslSocket = nullptr;
    QTimer m_timer;
    State m_state = State::ReadingHead;
    QByteArray m_input;
    bool m_processingQueued = false;

    // The response in progress.
    QByteArray m_method;
    QByteArray m_path;
    bool m_closeAfterResponse = false;
    bool m_headOnly = false;
    std::unique_ptr<QFile> m_file;
    qint64 m_remaining = 0;
    int m_served = 0;
};

} // namespace Aula::Server
