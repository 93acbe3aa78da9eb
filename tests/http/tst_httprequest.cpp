// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/http/httprequest.h"

#include <QTest>

using namespace Aula::Server;

class TestHttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAGoodHead()
    {
        const auto request = parseRequestHead("GET /documents/abc?x=1 HTTP/1.1\r\n"
                                              "Host: aula\r\n"
                                              "Authorization:   Bearer t0k3n  \r\n"
                                              "range: bytes=0-9");
        QVERIFY(request.ok());
        QCOMPARE(request->method, QByteArray("GET"));
        QCOMPARE(request->target, QByteArray("/documents/abc?x=1"));
        QCOMPARE(request->path, QByteArray("/documents/abc"));
        QCOMPARE(request->minorVersion, 1);
        QCOMPARE(request->header("AUTHORIZATION"), QByteArray("Bearer t0k3n"));
        QCOMPARE(request->header("Range"), QByteArray("bytes=0-9"));
        QVERIFY(request->header("If-Range").isNull());
    }

    void rejectsMalformedHeads_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("code");
        const QString bad = QStringLiteral("http_malformed");
        QTest::newRow("garbage") << QByteArray("GARBAGE") << bad;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: a") << bad;
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: a") << bad;
        QTest::newRow("bad version") << QByteArray("GET / HTTP/1.1x\r\nHost: a") << bad;
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\nHost: a")
                               << QStringLiteral("http_version");
        QTest::newRow("no host") << QByteArray("GET / HTTP/1.1") << bad;
        QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b") << bad;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a") << bad;
        QTest::newRow("folding") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n b") << bad;
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost a") << bad;
        QTest::newRow("control char") << QByteArray("GET / HTTP/1.1\r\nHost: a\x01") << bad;
        QTest::newRow("cl and te")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                          "Transfer-Encoding: chunked")
            << bad;
        QTest::newRow("two cl") << QByteArray(
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1")
                                << bad;
        QTest::newRow("cl not a number")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1") << bad;
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: a") << bad;
    }

    void rejectsMalformedHeads()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, code);
        const auto request = parseRequestHead(head);
        QVERIFY(!request.ok());
        QCOMPARE(request.error().code, code);
        QVERIFY(!request.error().message.isEmpty());
    }

    void http10NeedsNoHost()
    {
        const auto request = parseRequestHead("HEAD /manifest HTTP/1.0");
        QVERIFY(request.ok());
        QCOMPARE(request->minorVersion, 0);
    }

    void ranges_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        const int full = int(RangeDecision::Kind::Full);
        const int partial = int(RangeDecision::Kind::Partial);
        const int none = int(RangeDecision::Kind::Unsatisfiable);
        QTest::newRow("a-b") << QByteArray("bytes=0-99") << qint64(1000) << partial << 0LL << 99LL;
        QTest::newRow("a-b clamped")
            << QByteArray("bytes=900-5000") << qint64(1000) << partial << 900LL << 999LL;
        QTest::newRow("a-") << QByteArray("bytes=400-") << qint64(1000) << partial << 400LL
                            << 999LL;
        QTest::newRow("-n") << QByteArray("bytes=-100") << qint64(1000) << partial << 900LL
                            << 999LL;
        QTest::newRow("-n too big")
            << QByteArray("bytes=-5000") << qint64(1000) << partial << 0LL << 999LL;
        QTest::newRow("unit case")
            << QByteArray("Bytes=1-1") << qint64(10) << partial << 1LL << 1LL;
        QTest::newRow("start past end")
            << QByteArray("bytes=1000-") << qint64(1000) << none << 0LL << -1LL;
        QTest::newRow("-0") << QByteArray("bytes=-0") << qint64(1000) << none << 0LL << -1LL;
        QTest::newRow("empty file") << QByteArray("bytes=0-") << qint64(0) << none << 0LL << -1LL;
        QTest::newRow("reversed") << QByteArray("bytes=9-1") << qint64(1000) << full << 0LL << -1LL;
        QTest::newRow("several") << QByteArray("bytes=0-1,5-6") << qint64(1000) << full << 0LL
                                 << -1LL;
        QTest::newRow("other unit")
            << QByteArray("pages=1-2") << qint64(1000) << full << 0LL << -1LL;
        QTest::newRow("junk") << QByteArray("bytes=a-b") << qint64(1000) << full << 0LL << -1LL;
        QTest::newRow("just dash") << QByteArray("bytes=-") << qint64(1000) << full << 0LL << -1LL;
        QTest::newRow("overflow") << QByteArray("bytes=99999999999999999999-") << qint64(1000)
                                  << full << 0LL << -1LL;
    }

    void ranges()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, size);
        QFETCH(int, kind);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const RangeDecision decision = evaluateRange(header, size);
        QCOMPARE(int(decision.kind), kind);
        if (decision.kind == RangeDecision::Kind::Partial) {
            QCOMPARE(decision.first, first);
            QCOMPARE(decision.last, last);
        }
    }

    void entityTags()
    {
        const QByteArray etag = "\"abc\"";
        QVERIFY(ifNoneMatchMatches("\"abc\"", etag));
        QVERIFY(ifNoneMatchMatches("W/\"abc\"", etag));
        QVERIFY(ifNoneMatchMatches("\"x\", \"abc\"", etag));
        QVERIFY(ifNoneMatchMatches("*", etag));
        QVERIFY(!ifNoneMatchMatches("\"abd\"", etag));
        QVERIFY(!ifNoneMatchMatches("abc", etag));
        QVERIFY(ifRangeMatches("\"abc\"", etag));
        QVERIFY(!ifRangeMatches("W/\"abc\"", etag));
        QVERIFY(!ifRangeMatches("Mon, 23 Nov 2026 10:00:00 GMT", etag));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "tst_httprequest.moc"
