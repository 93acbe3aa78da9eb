// SPDX-License-Identifier: GPL-3.0-or-later
// Canonical bytes are what the log hashes and devices sign: they must never drift.
#include "core/canonicaljson.h"
#include "core/event.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Aula;

class TestCanonicalJson : public QObject
{
    Q_OBJECT

private slots:
    void vectors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("canonical");
        // These vectors are also in docs/protocol.md; a second implementation must match them.
        QTest::newRow("sorted keys, no spaces")
            << QByteArray(R"({ "b": 1, "a": [true, null, "x"] })")
            << QByteArray(R"({"a":[true,null,"x"],"b":1})");
        QTest::newRow("nested objects") << QByteArray(R"({"z":{"y":2,"x":1},"a":{}})")
                                        << QByteArray(R"({"a":{},"z":{"x":1,"y":2}})");
        QTest::newRow("escapes") << QByteArray("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\t\"}")
                                 << QByteArray("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\t\"}");
        QTest::newRow("utf-8 stays raw")
            << QByteArray("{\"nome\":\"Niccol\\u00f2 Citt\\u00e0\"}")
            << QByteArray("{\"nome\":\"Niccol\xc3\xb2 Citt\xc3\xa0\"}");
        QTest::newRow("slash not escaped")
            << QByteArray(R"({"p":"a\/b"})") << QByteArray(R"({"p":"a/b"})");
        QTest::newRow("integers") << QByteArray(R"({"n":[0,-7,9007199254740991,1.0e3]})")
                                  << QByteArray(R"({"n":[0,-7,9007199254740991,1000]})");
        QTest::newRow("utf-16 key order") << QByteArray("{\"\\u00e9\":1,\"z\":2,\"Z\":3}")
                                          << QByteArray("{\"Z\":3,\"z\":2,\"\xc3\xa9\":1}");
    }

    void vectors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, canonical);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(input, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const auto bytes = canonicalJson(doc.object());
        QVERIFY(bytes.ok());
        QCOMPARE(*bytes, canonical);
        // Canonical bytes are a fixed point.
        const auto again = canonicalJson(QJsonDocument::fromJson(*bytes).object());
        QVERIFY(again.ok());
        QCOMPARE(*again, canonical);
    }

    void refusesWhatItCannotEncodeExactly()
    {
        QVERIFY(!canonicalJson(QJsonValue(1.5)).ok());
        QVERIFY(!canonicalJson(QJsonValue(9007199254740992.0)).ok());
        QVERIFY(!canonicalJson(QJsonObject { { QStringLiteral("x"), QJsonArray { 0.1 } } }).ok());
        QJsonValue deep = QJsonArray {};
        for (int i = 0; i < 100; ++i)
            deep = QJsonArray { deep };
        QCOMPARE(canonicalJson(deep).error().code, QStringLiteral("too_deep"));
    }

    void eventBytes()
    {
        Event e;
        e.seq = 1;
        e.type = QStringLiteral("council.imported");
        e.timeMs = 1790000000000;
        e.payload = QJsonObject { { QStringLiteral("members"), 25 } };
        e.prevHash = QByteArray(32, '\0');
        const auto bytes = e.canonicalBytes();
        QVERIFY(bytes.ok());
        QCOMPARE(*bytes,
                 QByteArray(R"({"payload":{"members":25},"prev":")") + QByteArray(64, '0')
                     + QByteArray(R"(","seq":1,"time":1790000000000,"type":"council.imported"})"));
        const auto back = Event::fromJson(QJsonDocument::fromJson(*bytes).object());
        QVERIFY(back.ok());
        QCOMPARE(back->seq, 1);
        QCOMPARE(back->prevHash, e.prevHash);
        QCOMPARE(*back->canonicalBytes(), *bytes);

        e.prevHash = QByteArray(31, '\0');
        QVERIFY(!e.canonicalBytes().ok());
    }

    void eventParsingIsStrict()
    {
        QJsonObject good =
            QJsonObject { { QStringLiteral("seq"), 3 },
                          { QStringLiteral("type"), QStringLiteral("t") },
                          { QStringLiteral("time"), 5 },
                          { QStringLiteral("payload"), QJsonObject {} },
                          { QStringLiteral("prev"), QString(64, QLatin1Char('a')) } };
        QVERIFY(Event::fromJson(good).ok());
        auto broken = [&](const QString &key, const QJsonValue &v) {
            QJsonObject o = good;
            if (v.isUndefined())
                o.remove(key);
            else
                o.insert(key, v);
            return Event::fromJson(o);
        };
        QCOMPARE(broken(QStringLiteral("seq"), -1).error().field, QStringLiteral("seq"));
        QCOMPARE(broken(QStringLiteral("seq"), 1.5).error().field, QStringLiteral("seq"));
        QCOMPARE(broken(QStringLiteral("type"), QString()).error().field, QStringLiteral("type"));
        QCOMPARE(broken(QStringLiteral("payload"), QJsonValue(QJsonValue::Undefined)).error().field,
                 QStringLiteral("payload"));
        QCOMPARE(broken(QStringLiteral("prev"), QStringLiteral("zz")).error().field,
                 QStringLiteral("prev"));
        QCOMPARE(broken(QStringLiteral("prev"), QString(64, QLatin1Char('g'))).error().field,
                 QStringLiteral("prev"));
        QCOMPARE(broken(QStringLiteral("extra"), 1).error().field, QStringLiteral("extra"));
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "tst_canonicaljson.moc"
