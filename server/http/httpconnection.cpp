// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpconnection.h"

#include "server/documents/documentstore.h"
#include "server/http/documenthttpserver.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Aula::Server {

namespace {

using Field = QPair<QByteArray, QByteArray>;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 416:
        return "Range Not Satisfiable";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'")
        .toLatin1();
}

bool listHasToken(QByteArrayView value, QByteArrayView token)
{
    for (const QByteArray &item : value.toByteArray().split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

/** The token of "Bearer <token>" (RFC 6750 b64token), or an empty view. */
QByteArrayView bearerToken(QByteArrayView authorization)
{
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0 || authorization.first(space).compare("Bearer", Qt::CaseInsensitive) != 0)
        return {};
    QByteArrayView token = authorization.sliced(space + 1);
    while (!token.isEmpty() && token.front() == ' ')
        token = token.sliced(1);
    if (token.isEmpty())
        return {};
    bool padding = false;
    for (const char c : token) {
        const bool base = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        if (c == '=')
            padding = true;
        else if (!base || padding)
            return {};
    }
    return token;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, DocumentHttpServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_sslSocket(qobject_cast<QSslSocket *>(socket))
{
    const HttpServerLimits &limits = m_server->m_limits;
    m_socket->setParent(this);
    // Bounded: while a response streams, pipelined requests wait in the kernel, not here.
    m_socket->setReadBufferSize(std::max<qint64>(2 * qint64(limits.maxHeadBytes), 16 * 1024));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onProgress);
    if (m_sslSocket)
        connect(m_sslSocket, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onProgress);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        qCDebug(lcHttp) << "connection from" << m_socket->peerAddress().toString()
                        << m_socket->errorString();
    });
    m_timer.start(limits.idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0) {
        m_processingQueued = true;
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
    }
}

HttpConnection::~HttpConnection()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

void HttpConnection::refuseBusy()
{
    qCWarning(lcHttp) << "refusing a connection from" << m_socket->peerAddress().toString()
                      << ": the server already has" << m_server->m_limits.maxConnections;
    m_closeAfterResponse = true;
    sendSimple(503, "The server is busy; try again shortly.\n", { { "Retry-After", "5" } });
}

void HttpConnection::abort()
{
    m_state = State::Done;
    m_timer.stop();
    m_file.reset();
    m_socket->disconnect(this);
    m_socket->abort();
}

qint64 HttpConnection::pendingBytes() const
{
    // A QSslSocket holds plaintext (bytesToWrite) and ciphertext (encryptedBytesToWrite)
    // separately; back-pressure must count both or the ciphertext queue grows unbounded.
    return m_socket->bytesToWrite() + (m_sslSocket ? m_sslSocket->encryptedBytesToWrite() : 0);
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::ReadingHead)
        processInput();
}

void HttpConnection::processInput()
{
    m_processingQueued = false;
    const qsizetype maxHead = m_server->m_limits.maxHeadBytes;
    while (m_state == State::ReadingHead) {
        // A head is at most maxHead bytes plus the blank line that ends it.
        const qint64 room = maxHead + 4 - m_input.size();
        if (room > 0 && m_socket->bytesAvailable() > 0)
            m_input += m_socket->read(room);
        // RFC 9112 §2.2: ignore empty lines before a request line.
        while (m_input.startsWith("\r\n"))
            m_input.remove(0, 2);
        const qsizetype end = m_input.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_input.size() >= maxHead + 4)
                sendErrorAndClose(431,
                                  "The request line and header fields exceed "
                                      + QByteArray::number(maxHead) + " bytes.\n");
            return;
        }
        if (end > maxHead) {
            sendErrorAndClose(431,
                              "The request line and header fields exceed "
                                  + QByteArray::number(maxHead) + " bytes.\n");
            return;
        }
        const QByteArray head = m_input.left(end);
        m_input.remove(0, end + 4);
        auto request = parseRequestHead(head);
        if (!request) {
            qCDebug(lcHttp) << "bad request from" << m_socket->peerAddress().toString() << ":"
                            << request.error().message;
            m_method.clear();
            m_path.clear();
            const int status = request.error().code == QLatin1String("http_version") ? 505 : 400;
            sendErrorAndClose(status, request.error().message.toUtf8() + '\n');
            return;
        }
        handle(*request);
    }
}

void HttpConnection::handle(const HttpRequest &request)
{
    m_method = request.method;
    m_path = request.path;
    m_headOnly = request.method == "HEAD";
    const bool hasBody = request.headerCount("Transfer-Encoding") > 0
        || (request.headerCount("Content-Length") > 0 && request.header("Content-Length") != "0");
    // A body is never read, so the connection cannot be reused after one.
    m_closeAfterResponse = request.minorVersion == 0 || hasBody
        || listHasToken(request.header("Connection"), "close")
        || m_served + 1 >= m_server->m_limits.maxRequestsPerConnection;

    const QByteArrayView token = bearerToken(request.header("Authorization"));
    // Without a valid token a connection gets one answer and is closed: it must not hold
    // one of the server's connection slots for the next thousand requests.
    const bool authorized =
        !token.isEmpty() && m_server->m_validator && m_server->m_validator(token);
    if (!authorized)
        m_closeAfterResponse = true;
    if (token.isEmpty()) {
        sendSimple(401, "This service needs \"Authorization: Bearer <token>\".\n",
                   { { "WWW-Authenticate", "Bearer realm=\"aula\"" } });
        return;
    }
    if (!m_server->m_validator || !m_server->m_validator(token)) {
        sendSimple(401, "The bearer token is not valid (expired or revoked?).\n",
                   { { "WWW-Authenticate", "Bearer realm=\"aula\", error=\"invalid_token\"" } });
        return;
    }

    static const QByteArray documentsPrefix = "/documents/";
    const bool isManifest = request.path == "/manifest";
    const bool isDocument = request.path.startsWith(documentsPrefix)
        && DocumentStore::isValidSha256(
                                QString::fromLatin1(request.path.mid(documentsPrefix.size())));
    if (!isManifest && !isDocument) {
        sendSimple(404, "No such resource.\n");
        return;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        sendSimple(405, "Only GET and HEAD are allowed here.\n", { { "Allow", "GET, HEAD" } });
        return;
    }
    if (isManifest)
        serveManifest(request);
    else
        serveDocument(request, request.path.mid(documentsPrefix.size()));
}

void HttpConnection::serveDocument(const HttpRequest &request, const QByteArray &sha256)
{
    auto opened = m_server->m_store->open(QString::fromLatin1(sha256));
    if (!opened) {
        if (opened.error().code == QLatin1String("document_not_found")) {
            sendSimple(404, "No such document.\n");
        } else {
            qCWarning(lcHttp) << "cannot serve" << sha256 << ":" << opened.error().message;
            sendSimple(500, "The document cannot be read.\n");
        }
        return;
    }
    std::unique_ptr<QFile> file = std::move(opened).value();
    const qint64 size = file->size();
    const QByteArray etag = '"' + sha256 + '"';
    // Content-addressed: the bytes behind a name never change, so caches may keep them.
    const QList<QPair<QByteArray, QByteArray>> validators = {
        { "ETag", etag }, { "Cache-Control", "private, max-age=31536000, immutable" }
    };

    const QByteArray ifNoneMatch = request.header("If-None-Match");
    if (!ifNoneMatch.isNull() && ifNoneMatchMatches(ifNoneMatch, etag)) {
        Head head { 304, validators, -1 };
        if (writeHead(head))
            finishResponse();
        return;
    }

    RangeDecision range;
    const QByteArray rangeHeader = request.header("Range");
    const QByteArray ifRange = request.header("If-Range");
    if (!rangeHeader.isNull() && (ifRange.isNull() || ifRangeMatches(ifRange, etag)))
        range = evaluateRange(rangeHeader, size);
    if (range.kind == RangeDecision::Kind::Unsatisfiable) {
        sendSimple(416, "The requested range is outside the document.\n",
                   validators
                       + QList<QPair<QByteArray, QByteArray>> {
                           { "Accept-Ranges", "bytes" },
                           { "Content-Range", "bytes */" + QByteArray::number(size) } });
        return;
    }

    Head head { 200, validators, size };
    head.fields.append(Field { "Accept-Ranges", "bytes" });
    head.fields.append(
        Field { "Content-Type",
                file->peek(5) == "%PDF-" ? "application/pdf" : "application/octet-stream" });
    qint64 first = 0;
    if (range.kind == RangeDecision::Kind::Partial) {
        head.status = 206;
        first = range.first;
        head.contentLength = range.last - range.first + 1;
        head.fields.append(Field { "Content-Range",
                                   "bytes " + QByteArray::number(range.first) + '-'
                                       + QByteArray::number(range.last) + '/'
                                       + QByteArray::number(size) });
    }
    if (!writeHead(head))
        return;
    if (m_headOnly || head.contentLength == 0) {
        finishResponse();
        return;
    }
    if (!file->seek(first)) {
        qCWarning(lcHttp) << "cannot seek in" << sha256 << ":" << file->errorString();
        m_socket->abort();
        return;
    }
    m_file = std::move(file);
    m_remaining = head.contentLength;
    m_state = State::Sending;
    m_timer.start(m_server->m_limits.stallTimeoutMs);
    pump();
}

void HttpConnection::serveManifest(const HttpRequest &request)
{
    if (!m_server->m_manifest) {
        sendSimple(503, "No manifest is published yet.\n", { { "Retry-After", "5" } });
        return;
    }
    const QByteArray body = m_server->m_manifest();
    const QByteArray etag =
        '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex() + '"';
    const QList<QPair<QByteArray, QByteArray>> validators = { { "ETag", etag },
                                                              { "Cache-Control", "no-cache" } };
    const QByteArray ifNoneMatch = request.header("If-None-Match");
    if (!ifNoneMatch.isNull() && ifNoneMatchMatches(ifNoneMatch, etag)) {
        if (writeHead({ 304, validators, -1 }))
            finishResponse();
        return;
    }
    Head head { 200, validators, body.size() };
    head.fields.append(Field { "Content-Type", "application/json" });
    if (!writeHead(head))
        return;
    if (!m_headOnly)
        m_socket->write(body);
    finishResponse();
}

bool HttpConnection::writeHead(const Head &head)
{
    QByteArray out;
    out.reserve(512);
    out += "HTTP/1.1 " + QByteArray::number(head.status) + ' ' + reasonPhrase(head.status)
        + "\r\nDate: " + httpDate() + "\r\nServer: Aula\r\n";
    for (const auto &field : head.fields)
        out += field.first + ": " + field.second + "\r\n";
    if (head.contentLength >= 0)
        out += "Content-Length: " + QByteArray::number(head.contentLength) + "\r\n";
    if (m_closeAfterResponse)
        out += "Connection: close\r\n";
    out += "\r\n";
    m_socket->write(out);
    qCDebug(lcHttp).noquote() << m_socket->peerAddress().toString() << m_method << m_path
                              << head.status << head.contentLength;
    Q_EMIT m_server->requestHandled(m_method, m_path, head.status);
    return m_state != State::Done;
}

void HttpConnection::sendSimple(int status, const QByteArray &text,
                                QList<QPair<QByteArray, QByteArray>> fields)
{
    fields.append(Field { "Content-Type", "text/plain; charset=utf-8" });
    if (!writeHead({ status, fields, text.size() }))
        return;
    if (!m_headOnly)
        m_socket->write(text);
    finishResponse();
}

void HttpConnection::sendErrorAndClose(int status, const QByteArray &text)
{
    // The stream is out of step (or hostile): answer once, then close.
    m_closeAfterResponse = true;
    m_headOnly = false;
    sendSimple(status, text);
}

void HttpConnection::pump()
{
    const HttpServerLimits &limits = m_server->m_limits;
    while (m_state == State::Sending && m_remaining > 0 && pendingBytes() < limits.highWaterBytes) {
        const QByteArray chunk = m_file->read(std::min(limits.chunkBytes, m_remaining));
        if (chunk.isEmpty()) {
            // The file shrank under us: the promised length cannot be kept, so cut the
            // connection rather than send a short or padded body.
            qCWarning(lcHttp) << "document" << m_path << "ended early:" << m_file->errorString();
            m_socket->abort();
            return;
        }
        m_remaining -= chunk.size();
        if (m_socket->write(chunk) != chunk.size()) {
            qCDebug(lcHttp) << "cannot queue more of" << m_path << ":" << m_socket->errorString();
            m_socket->abort();
            onDisconnected();
            return;
        }
    }
    if (m_state == State::Sending && m_remaining == 0)
        finishResponse();
}

void HttpConnection::onProgress()
{
    if (m_state == State::Sending) {
        m_timer.start(m_server->m_limits.stallTimeoutMs);
        pump();
    } else if (m_state == State::Closing) {
        m_timer.start(m_server->m_limits.stallTimeoutMs);
    }
}

void HttpConnection::finishResponse()
{
    m_file.reset();
    m_remaining = 0;
    ++m_served;
    if (m_closeAfterResponse) {
        startClosing();
        return;
    }
    m_state = State::ReadingHead;
    m_timer.start(m_server->m_limits.idleTimeoutMs);
    if (!m_processingQueued && (!m_input.isEmpty() || m_socket->bytesAvailable() > 0)) {
        m_processingQueued = true;
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
    }
}

void HttpConnection::startClosing()
{
    m_state = State::Closing;
    m_timer.start(m_server->m_limits.stallTimeoutMs);
    // Sends what is queued, then closes (with close_notify under TLS).
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void HttpConnection::onTimeout()
{
    switch (m_state) {
    case State::ReadingHead:
        if (m_input.isEmpty()) {
            qCDebug(lcHttp) << "closing idle connection from" << m_socket->peerAddress().toString();
            startClosing();
        } else {
            qCDebug(lcHttp) << "request head from" << m_socket->peerAddress().toString()
                            << "too slow";
            m_method.clear();
            m_path.clear();
            sendErrorAndClose(408, "The request head took too long.\n");
        }
        break;
    case State::Sending:
    case State::Closing:
        qCDebug(lcHttp) << "client" << m_socket->peerAddress().toString()
                        << "stopped reading; dropping it";
        m_socket->abort();
        onDisconnected();
        break;
    case State::Done:
        break;
    }
}

void HttpConnection::onDisconnected()
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    m_timer.stop();
    m_file.reset();
    Q_EMIT finished(this);
}

} // namespace Aula::Server
