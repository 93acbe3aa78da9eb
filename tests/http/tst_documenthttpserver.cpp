// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/documents/documentstore.h"
#include "server/http/documenthttpserver.h"
#include "server/tls/tlsmaterial.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>

using namespace Aula::Server;

namespace {

const QByteArray kToken = "s3cr3t-t0ken";
const QByteArray kManifest = R"({"sitting":42,"documents":[]})";

struct Response
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lowercase names
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        return headers.value(name.toLower());
    }
};

/** One raw HTTP/1.1 response, parsed from the front of `buffer` (which loses it). */
std::optional<Response> takeRawResponse(QByteArray &buffer, bool headOnly = false)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    Response response;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    response.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        response.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    const qint64 length =
        headOnly || response.status == 304 ? 0 : response.header("content-length").toLongLong();
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    response.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return response;
}

/** Resident set size of this process in KiB, from /proc (Linux), or -1. */
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestDocumentHttpServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<TlsMaterial> m_tls;
    std::optional<TlsMaterial> m_otherTls;
    std::unique_ptr<DocumentStore> m_store;
    std::unique_ptr<DocumentHttpServer> m_server;
    QNetworkAccessManager m_nam;
    QByteArray m_small;
    QString m_smallSha;
    QByteArray m_big;
    QString m_bigSha;

    QUrl url(const QString &path, DocumentHttpServer *server = nullptr) const
    {
        server = server ? server : m_server.get();
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                        .arg(server->isSecure() ? QStringLiteral("https") : QStringLiteral("http"))
                        .arg(server->serverPort())
                        .arg(path));
    }

    Response fetch(const QByteArray &verb, const QUrl &target,
                   const QList<QPair<QByteArray, QByteArray>> &headers = {},
                   std::optional<QByteArray> token = kToken,
                   std::optional<QSslConfiguration> tls = std::nullopt)
    {
        QNetworkRequest request(target);
        request.setSslConfiguration(tls ? *tls : m_tls->clientConfiguration());
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (token)
            request.setRawHeader("Authorization", "Bearer " + *token);
        for (const auto &header : headers)
            request.setRawHeader(header.first, header.second);
        // QNAM only knows that a HEAD response has no body when asked through head().
        QNetworkReply *reply =
            verb == "HEAD" ? m_nam.head(request) : m_nam.sendCustomRequest(request, verb);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(60000);
        Response response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.error = reply->error();
        response.body = reply->readAll();
        for (const auto &pair : reply->rawHeaderPairs())
            response.headers.insert(pair.first.toLower(), pair.second);
        reply->deleteLater();
        return response;
    }

    Response get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return fetch("GET", url(path), headers);
    }

    std::unique_ptr<QSslSocket> connectRaw(DocumentHttpServer *server = nullptr)
    {
        server = server ? server : m_server.get();
        auto socket = std::make_unique<QSslSocket>();
        socket->setSslConfiguration(m_tls->clientConfiguration());
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), server->serverPort());
        return socket;
    }

    /** Sends raw bytes on a fresh TLS connection and collects what comes back until the
     *  server closes it (or `until` bytes are in). */
    QByteArray rawExchange(const QByteArray &bytes)
    {
        auto socket = connectRaw();
        if (!QTest::qWaitFor([&] { return socket->isEncrypted(); }, 10000))
            return "no handshake";
        socket->write(bytes);
        QByteArray received;
        const bool closed = QTest::qWaitFor(
            [&] {
                received += socket->readAll();
                return socket->state() == QAbstractSocket::UnconnectedState;
            },
            10000);
        if (!closed)
            received += "(the server did not close the connection)";
        received += socket->readAll();
        return received;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto tls = TlsMaterial::generate(m_dir.filePath(QStringLiteral("tls")));
        QVERIFY(tls.ok());
        m_tls = *tls;
        auto other = TlsMaterial::generate(m_dir.filePath(QStringLiteral("other-tls")));
        QVERIFY(other.ok());
        m_otherTls = *other;

        m_store = std::make_unique<DocumentStore>(m_dir.filePath(QStringLiteral("store")));
        QVERIFY(m_store->initialize().ok());

        m_small = "%PDF-1.4\n% Verbale della seduta del 12 ottobre\n" + QByteArray(2000, 'x');
        QRandomGenerator random(20261123);
        m_big.resize(6 * 1024 * 1024 + 123);
        for (qsizetype i = 0; i < m_big.size(); i += 4) {
            const quint32 word = random.generate();
            memcpy(m_big.data() + i, &word, std::min<qsizetype>(4, m_big.size() - i));
        }
        for (auto [data, sha] : { std::pair { &m_small, &m_smallSha }, { &m_big, &m_bigSha } }) {
            QFile file(m_dir.filePath(QStringLiteral("source")));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(file.write(*data), data->size());
            file.close();
            const auto stored = m_store->importFile(file.fileName());
            QVERIFY(stored.ok());
            *sha = stored->sha256;
        }

        m_server = std::make_unique<DocumentHttpServer>(m_store.get());
        m_server->setTokenValidator([](QByteArrayView token) { return token == kToken; });
        m_server->setManifestProvider([] { return kManifest; });
        const auto listening =
            m_server->listen(m_tls->serverConfiguration(), QHostAddress::LocalHost, 0);
        QVERIFY2(listening.ok(),
                 qPrintable(listening.ok() ? QString() : listening.error().describe()));
        QVERIFY(m_server->isSecure());
        QVERIFY(m_server->serverPort() != 0);
    }

    void fullGet()
    {
        const Response r = get(QStringLiteral("/documents/") + m_smallSha);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, m_small);
        QCOMPARE(r.header("etag"), '"' + m_smallSha.toLatin1() + '"');
        QCOMPARE(r.header("accept-ranges"), QByteArray("bytes"));
        QCOMPARE(r.header("content-type"), QByteArray("application/pdf"));
        QCOMPARE(r.header("content-length").toLongLong(), m_small.size());
    }

    void head()
    {
        const Response r = fetch("HEAD", url(QStringLiteral("/documents/") + m_bigSha));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(r.header("content-length").toLongLong(), m_big.size());
        QCOMPARE(r.header("content-type"), QByteArray("application/octet-stream"));
        QCOMPARE(r.header("etag"), '"' + m_bigSha.toLatin1() + '"');
    }

    void ranges_data()
    {
        QTest::addColumn<QByteArray>("range");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        const qint64 size = 2000 + 47; // m_small's size
        QTest::newRow("a-b") << QByteArray("bytes=0-9") << 0LL << 9LL;
        QTest::newRow("a-b middle") << QByteArray("bytes=100-199") << 100LL << 199LL;
        QTest::newRow("a-b past end") << QByteArray("bytes=2000-999999") << 2000LL << size - 1;
        QTest::newRow("a-") << QByteArray("bytes=1500-") << 1500LL << size - 1;
        QTest::newRow("-n") << QByteArray("bytes=-64") << size - 64 << size - 1;
        QTest::newRow("-n whole") << QByteArray("bytes=-100000") << 0LL << size - 1;
    }

    void ranges()
    {
        QFETCH(QByteArray, range);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        QCOMPARE(m_small.size(), 2047);
        const Response r = get(QStringLiteral("/documents/") + m_smallSha, { { "Range", range } });
        QCOMPARE(r.status, 206);
        QCOMPARE(r.body, m_small.mid(first, last - first + 1));
        QCOMPARE(r.header("content-range"),
                 "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/'
                     + QByteArray::number(m_small.size()));
        QCOMPARE(r.header("content-length").toLongLong(), last - first + 1);
    }

    void unsatisfiableRange()
    {
        const Response r =
            get(QStringLiteral("/documents/") + m_smallSha,
                { { "Range", "bytes=" + QByteArray::number(m_small.size()) + '-' } });
        QCOMPARE(r.status, 416);
        QCOMPARE(r.header("content-range"), "bytes */" + QByteArray::number(m_small.size()));
    }

    void ignoredRangesGiveTheWholeDocument()
    {
        // Several ranges and unknown units: the server may send it all, and does.
        for (const QByteArray &range : { QByteArray("bytes=0-1,4-5"), QByteArray("pages=1-2") }) {
            const Response r =
                get(QStringLiteral("/documents/") + m_smallSha, { { "Range", range } });
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body, m_small);
        }
    }

    void notModified()
    {
        const QByteArray etag = '"' + m_smallSha.toLatin1() + '"';
        const Response r = get(QStringLiteral("/documents/") + m_smallSha,
                               { { "If-None-Match", "\"other\", " + etag } });
        QCOMPARE(r.status, 304);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(r.header("etag"), etag);

        const Response changed =
            get(QStringLiteral("/documents/") + m_smallSha, { { "If-None-Match", "\"other\"" } });
        QCOMPARE(changed.status, 200);
    }

    void manifest()
    {
        const Response r = get(QStringLiteral("/manifest"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, kManifest);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        const QByteArray etag = '"' + sha256Hex(kManifest).toLatin1() + '"';
        QCOMPARE(r.header("etag"), etag);
        QCOMPARE(get(QStringLiteral("/manifest"), { { "If-None-Match", etag } }).status, 304);
    }

    void unauthorized()
    {
        const QUrl target = url(QStringLiteral("/documents/") + m_smallSha);
        const Response none = fetch("GET", target, {}, std::nullopt);
        QCOMPARE(none.status, 401);
        QVERIFY(none.header("www-authenticate").startsWith("Bearer"));
        QVERIFY(!none.body.contains("%PDF"));

        const Response wrong = fetch("GET", target, {}, QByteArray("not-the-token"));
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.header("www-authenticate").contains("invalid_token"));

        QNetworkRequest basic(target);
        const Response otherScheme =
            fetch("GET", target, { { "Authorization", "Basic " + kToken } }, std::nullopt);
        QCOMPARE(otherScheme.status, 401);
        QCOMPARE(fetch("GET", url(QStringLiteral("/manifest")), {}, std::nullopt).status, 401);
    }

    void notFound()
    {
        QCOMPARE(get(QStringLiteral("/nothing")).status, 404);
        QCOMPARE(get(QStringLiteral("/documents/") + QString(64, u'0')).status, 404);
        QCOMPARE(get(QStringLiteral("/documents/") + m_smallSha.toUpper()).status, 404);
        QCOMPARE(get(QStringLiteral("/documents/..%2F..%2Fetc%2Fpasswd")).status, 404);
        QCOMPARE(get(QStringLiteral("/documents/")).status, 404);
    }

    void methodNotAllowed()
    {
        for (const QByteArray &verb :
             { QByteArray("DELETE"), QByteArray("PUT"), QByteArray("OPTIONS") }) {
            const Response r = fetch(verb, url(QStringLiteral("/documents/") + m_smallSha));
            QCOMPARE(r.status, 405);
            QCOMPARE(r.header("allow"), QByteArray("GET, HEAD"));
        }
        const Response post = fetch("POST", url(QStringLiteral("/manifest")));
        QCOMPARE(post.status, 405);
    }

    void badRequest()
    {
        QByteArray received = rawExchange("GARBAGE\r\n\r\n");
        auto r = takeRawResponse(received);
        QVERIFY2(r.has_value(), received.constData());
        QCOMPARE(r->status, 400);
        QCOMPARE(r->header("connection"), QByteArray("close"));

        received = rawExchange("GET /manifest HTTP/1.1\r\nAuthorization: Bearer " + kToken
                               + "\r\n\r\n"); // no Host
        r = takeRawResponse(received);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 400);
    }

    void headersTooLarge()
    {
        QByteArray request = "GET /manifest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken
            + "\r\nX-Padding: " + QByteArray(9000, 'p') + "\r\n\r\n";
        QByteArray received = rawExchange(request);
        auto r = takeRawResponse(received);
        QVERIFY2(r.has_value(), received.left(200).constData());
        QCOMPARE(r->status, 431);

        // Just under the limit is fine.
        request = "GET /manifest HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
            + kToken + "\r\nX-Padding: ";
        request += QByteArray(8192 - request.size(), 'p') + "\r\n\r\n";
        QCOMPARE(request.size(), 8192 + 4);
        received = rawExchange(request);
        r = takeRawResponse(received);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
    }

    void keepAliveAndPipelining()
    {
        auto socket = connectRaw();
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 10000);
        const QByteArray auth = "Authorization: Bearer " + kToken + "\r\n";
        const QByteArray path = "/documents/" + m_smallSha.toLatin1();
        socket->write("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n" + "GET " + path
                      + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-4\r\n" + auth + "\r\n"
                      + "GET /manifest HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        QByteArray buffer;
        QList<Response> responses;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                buffer += socket->readAll();
                while (auto r = takeRawResponse(buffer))
                    responses << *r;
                return responses.size() == 3;
            }(),
            10000);
        QCOMPARE(responses.at(0).status, 200);
        QCOMPARE(responses.at(0).body, m_small);
        QCOMPARE(responses.at(1).status, 206);
        QCOMPARE(responses.at(1).body, QByteArray("%PDF-"));
        QCOMPARE(responses.at(2).body, kManifest);
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);

        // A later request on the same connection still works.
        socket->write("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
        std::optional<Response> last;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                buffer += socket->readAll();
                if (!last) // QTRY_ evaluates its condition once more after success
                    last = takeRawResponse(buffer, true);
                return last.has_value();
            }(),
            10000);
        QCOMPARE(last->status, 200);
        QCOMPARE(last->header("content-length").toLongLong(), m_small.size());
    }

    void bigDownloadHashesRight()
    {
        const Response r = get(QStringLiteral("/documents/") + m_bigSha);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), m_big.size());
        QCOMPARE(sha256Hex(r.body), m_bigSha);
    }

    void resumeFromTheMiddle()
    {
        const qint64 offset = 2'500'001;
        const QByteArray etag = '"' + m_bigSha.toLatin1() + '"';
        const Response first = get(QStringLiteral("/documents/") + m_bigSha,
                                   { { "Range", "bytes=0-" + QByteArray::number(offset - 1) } });
        QCOMPARE(first.status, 206);
        const Response rest =
            get(QStringLiteral("/documents/") + m_bigSha,
                { { "Range", "bytes=" + QByteArray::number(offset) + '-' }, { "If-Range", etag } });
        QCOMPARE(rest.status, 206);
        QCOMPARE(rest.header("content-range"),
                 "bytes " + QByteArray::number(offset) + '-' + QByteArray::number(m_big.size() - 1)
                     + '/' + QByteArray::number(m_big.size()));
        QCOMPARE(first.body + rest.body, m_big);
        QCOMPARE(sha256Hex(first.body + rest.body), m_bigSha);

        // A stale If-Range gets the whole (new) representation instead of a wrong splice.
        const Response stale = get(QStringLiteral("/documents/") + m_bigSha,
                                   { { "Range", "bytes=" + QByteArray::number(offset) + '-' },
                                     { "If-Range", "\"0000\"" } });
        QCOMPARE(stale.status, 200);
        QCOMPARE(stale.body.size(), m_big.size());
    }

    void parallelDownloads()
    {
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 2; ++i) {
            QNetworkRequest request(url(QStringLiteral("/documents/") + m_bigSha));
            request.setSslConfiguration(m_tls->clientConfiguration());
            request.setRawHeader("Authorization", "Bearer " + kToken);
            replies << m_nam.get(request);
        }
        QTRY_VERIFY_WITH_TIMEOUT(replies.at(0)->isFinished() && replies.at(1)->isFinished(), 60000);
        for (QNetworkReply *reply : replies) {
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QCOMPARE(sha256Hex(reply->readAll()), m_bigSha);
            reply->deleteLater();
        }
    }

    void stalledClientDoesNotBlockOthers()
    {
        // This client asks for 6 MB and never reads: its connection fills up and waits.
        auto stalled = connectRaw();
        stalled->setReadBufferSize(4096);
        QTRY_VERIFY_WITH_TIMEOUT(stalled->isEncrypted(), 10000);
        stalled->write("GET /documents/" + m_bigSha.toLatin1() + " HTTP/1.1\r\nHost: x\r\n"
                       + "Authorization: Bearer " + kToken + "\r\n\r\n");
        QTest::qWait(200);
        const Response r = get(QStringLiteral("/documents/") + m_bigSha);
        QCOMPARE(r.status, 200);
        QCOMPARE(sha256Hex(r.body), m_bigSha);
        QCOMPARE(stalled->state(), QAbstractSocket::ConnectedState);
    }

    void hugeDocumentStreamsWithBoundedMemory()
    {
        // 200 MB through one TLS connection: the server must read it from disk as the
        // client drains it, never all at once. Client and server share this process, so
        // the client hashes as it reads and keeps nothing.
        constexpr qint64 kSize = 200LL * 1024 * 1024;
        QString sha;
        {
            QFile file(m_dir.filePath(QStringLiteral("huge")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(kSize)); // sparse: cheap to make, real bytes to serve
            QVERIFY(file.seek(kSize - 12));
            file.write("the last bit");
            file.close();
            const auto stored = m_store->importFile(file.fileName());
            QVERIFY(stored.ok());
            QCOMPARE(stored->size, kSize);
            sha = stored->sha256;
            QFile::remove(file.fileName());
        }
        const qint64 before = residentKiB();
        if (before < 0)
            QSKIP("no /proc/self/status here");

        auto socket = connectRaw();
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 10000);
        QByteArray head;
        qint64 bodyBytes = 0;
        qint64 peak = before;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        connect(socket.get(), &QSslSocket::readyRead, this, [&] {
            QByteArray data = socket->readAll();
            if (!head.endsWith("\r\n\r\n")) {
                const qsizetype end = QByteArray(head + data).indexOf("\r\n\r\n");
                if (end < 0) {
                    head += data;
                    return;
                }
                const qsizetype fromData = end + 4 - head.size();
                head += data.left(fromData);
                data.remove(0, fromData);
            }
            bodyBytes += data.size();
            hash.addData(data);
        });
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] { peak = std::max(peak, residentKiB()); });
        sampler.start(20);
        socket->write("GET /documents/" + sha.toLatin1() + " HTTP/1.1\r\nHost: x\r\n"
                      + "Authorization: Bearer " + kToken + "\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(bodyBytes >= kSize, 180000);
        sampler.stop();
        QVERIFY(head.startsWith("HTTP/1.1 200 "));
        QCOMPARE(bodyBytes, kSize);
        QCOMPARE(QString::fromLatin1(hash.result().toHex()), sha);
        const qint64 growthMiB = (peak - before) / 1024;
#if defined(__SANITIZE_ADDRESS__)
        // ASan keeps freed chunks in quarantine, which is memory it holds, not the server.
        Q_UNUSED(growthMiB);
#else
        QVERIFY2(growthMiB < 32, qPrintable(QStringLiteral("grew by %1 MiB").arg(growthMiB)));
#endif
    }

    void otherCaFailsTheHandshake()
    {
        // QNAM pools connections per host and port whatever their TLS configuration, so an
        // earlier, trusted connection would be reused without a handshake.
        m_nam.clearConnectionCache();
        const Response r = fetch("GET", url(QStringLiteral("/manifest")), {}, kToken,
                                 m_otherTls->clientConfiguration());
        QCOMPARE(r.error, QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(r.status, 0);
        QVERIFY(r.body.isEmpty());

        // And a client with only the system CAs fails as well.
        m_nam.clearConnectionCache();
        const Response system = fetch("GET", url(QStringLiteral("/manifest")), {}, kToken,
                                      QSslConfiguration::defaultConfiguration());
        QCOMPARE(system.error, QNetworkReply::SslHandshakeFailedError);
    }

    void idleConnectionsAreClosed()
    {
        DocumentHttpServer server(m_store.get());
        HttpServerLimits limits;
        limits.idleTimeoutMs = 300;
        server.setLimits(limits);
        QVERIFY(server.listen(m_tls->serverConfiguration(), QHostAddress::LocalHost).ok());
        auto socket = connectRaw(&server);
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 10000);
        // Half a request head, then silence: 408 and closed.
        socket->write("GET /manifest HTTP/1.1\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                received += socket->readAll();
                return socket->state() == QAbstractSocket::UnconnectedState;
            }(),
            5000);
        received += socket->readAll();
        const auto r = takeRawResponse(received);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 408);
        QTRY_COMPARE(server.connectionCount(), 0);
    }

    void tooManyConnections()
    {
        DocumentHttpServer server(m_store.get());
        server.setTokenValidator([](QByteArrayView token) { return token == kToken; });
        HttpServerLimits limits;
        limits.maxConnections = 1;
        server.setLimits(limits);
        QVERIFY(server.listen(m_tls->serverConfiguration(), QHostAddress::LocalHost).ok());
        auto first = connectRaw(&server);
        QTRY_VERIFY_WITH_TIMEOUT(first->isEncrypted(), 10000);
        QTRY_COMPARE(server.connectionCount(), 1);
        auto second = connectRaw(&server);
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                received += second->readAll();
                return received.contains("\r\n\r\n");
            }(),
            10000);
        const auto r = takeRawResponse(received);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 503);
    }

    void plainModeIsLoopbackOnly()
    {
        DocumentHttpServer server(m_store.get());
        const auto refused = server.listenPlainLoopback(QHostAddress(QStringLiteral("192.0.2.1")));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("http_plain_not_loopback"));
        QVERIFY(!server.isListening());

        server.setTokenValidator([](QByteArrayView token) { return token == kToken; });
        QVERIFY(server.listenPlainLoopback(QHostAddress::LocalHost).ok());
        QVERIFY(!server.isSecure());
        const Response r = fetch("GET", url(QStringLiteral("/documents/") + m_smallSha, &server),
                                 { { "Range", "bytes=-5" } });
        QCOMPARE(r.status, 206);
        QCOMPARE(r.body, m_small.right(5));
    }

    void closingMidDownloadIsClean()
    {
        auto server = std::make_unique<DocumentHttpServer>(m_store.get());
        server->setTokenValidator([](QByteArrayView token) { return token == kToken; });
        QVERIFY(server->listen(m_tls->serverConfiguration(), QHostAddress::LocalHost).ok());
        // The owner shuts the service down from inside its own signal.
        connect(server.get(), &DocumentHttpServer::requestHandled, server.get(),
                [&server] { server->close(); });
        auto socket = connectRaw(server.get());
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 10000);
        socket->write("GET /documents/" + m_bigSha.toLatin1() + " HTTP/1.1\r\nHost: x\r\n"
                      + "Authorization: Bearer " + kToken + "\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 10000);
        QVERIFY(!server->isListening());
        QCOMPARE(server->connectionCount(), 0);
        server.reset();
    }

    void noValidatorDeniesEverything()
    {
        DocumentHttpServer server(m_store.get());
        QVERIFY(server.listen(m_tls->serverConfiguration(), QHostAddress::LocalHost).ok());
        const Response r = fetch("GET", url(QStringLiteral("/documents/") + m_smallSha, &server));
        QCOMPARE(r.status, 401);
    }
};

QTEST_GUILESS_MAIN(TestDocumentHttpServer)
#include "tst_documenthttpserver.moc"
