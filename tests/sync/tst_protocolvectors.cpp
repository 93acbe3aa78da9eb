// SPDX-License-Identifier: GPL-3.0-or-later
// The test vectors of docs/protocol.md: a second client must produce these exact bytes.
// The Ed25519 seed is RFC 8032's test 1 secret key, so any library can reproduce them; the
// values were checked with OpenSSL 3 (openssl pkeyutl -sign -rawin) and coreutils sha256sum.
#include "core/canonicaljson.h"
#include "core/event.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/protocol/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Aula;

namespace {
const QByteArray kSeed =
    QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const QByteArray kNonce =
    QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
} // namespace

class TestProtocolVectors : public QObject
{
    Q_OBJECT

private slots:
    void deviceAuth()
    {
        const QByteArray message = Protocol::deviceAuthMessage(QStringLiteral("tablet-m07"), kNonce,
                                                               QStringLiteral("04acf9266b490985"));
        QCOMPARE(
            message,
            QByteArray(
                R"({"device":"tablet-m07","nonce":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","server":"04acf9266b490985","t":"aula.device-auth.v1"})"));
        const auto key = Crypto::SigningKey::fromSeed(kSeed).value();
        QCOMPARE(key.publicKey().toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        const QByteArray signature = key.sign(message);
        qInfo("device_auth signature: %s", signature.toHex().constData());
        QVERIFY(Crypto::verify(key.publicKey(), message, signature).ok());
        QCOMPARE(signature.toHex(),
                 QByteArray("aa40fdc1ec5a7a1b9120c11aafff9cc4c853cf4ad05dff5c11c2cc266e47954e60d880"
                            "1e84fc3d96a5db1be6b7c955ad817f086d60f0c5932a34244879b95503"));
    }

    void vote()
    {
        const QByteArray message = Protocol::voteMessage(
            QStringLiteral("b3"), QStringLiteral("favour"), QStringLiteral("m07"), kNonce);
        QCOMPARE(
            message,
            QByteArray(
                R"({"ballot":"b3","choice":"favour","member":"m07","nonce":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","t":"aula.vote.v1"})"));
        const auto key = Crypto::SigningKey::fromSeed(kSeed).value();
        const QByteArray signature = key.sign(message);
        qInfo("vote signature: %s", signature.toHex().constData());
        QCOMPARE(signature.toHex(),
                 QByteArray("2f31d6683276cfae56fdb1f5725cbbcea028ad2fb0860de0ee0e1c647433bb82eb374a"
                            "a4614313451cd591dc06fbc2b6c70022cf2ed3f0163b09782ca0484f09"));
    }

    void eventHash()
    {
        Event e;
        e.seq = 1;
        e.type = QStringLiteral("chamber.initialized");
        e.timeMs = 1795000000000;
        e.payload = QJsonObject {
            { QStringLiteral("chamber"), QStringLiteral("04acf9266b490985") },
            { QStringLiteral("name"), QStringLiteral("Consiglio comunale di Valdoria") },
            { QStringLiteral("public_key"),
              QStringLiteral(
                  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") }
        };
        e.prevHash = QByteArray(32, '\0');
        const QByteArray bytes = *e.canonicalBytes();
        QCOMPARE(
            bytes,
            QByteArray(
                R"({"payload":{"chamber":"04acf9266b490985","name":"Consiglio comunale di Valdoria","public_key":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"},"prev":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"time":1795000000000,"type":"chamber.initialized"})"));
        qInfo("event hash: %s", Crypto::sha256(bytes).toHex().constData());
        QCOMPARE(Crypto::sha256(bytes).toHex(),
                 QByteArray("5be18684cfe6d7d1b1e6df7884c9118db0c3a08e310545d21352908ec15e2e3c"));
    }

    // The two pushes of protocol 2 (docs/protocol.md, "Envelope" and "The live count").
    void pushes()
    {
        const Protocol::Tally tally { QStringLiteral("s1"), QStringLiteral("b3"), 912, 17, 21 };
        const QByteArray frame = Protocol::encodeTally(tally);
        QCOMPARE(
            frame,
            QByteArray(
                R"({"ballot":"b3","eligible":21,"seq":912,"sitting":"s1","type":"tally","v":2,"votes_received":17})"));
        const auto decoded = Protocol::decodeTally(QJsonDocument::fromJson(frame).object());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->seq, 912);
        QCOMPARE(decoded->votesReceived, 17);
        QCOMPARE(decoded->eligible, 21);
        QCOMPARE(decoded->ballot, QStringLiteral("b3"));
        // A count without a number is refused, naming the field.
        QJsonObject bad = QJsonDocument::fromJson(frame).object();
        bad.insert(QStringLiteral("votes_received"), QStringLiteral("17"));
        const auto refused = Protocol::decodeTally(bad);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("bad_message"));
        QCOMPARE(refused.error().field, QStringLiteral("votes_received"));
        bad = QJsonDocument::fromJson(frame).object();
        bad.remove(QStringLiteral("ballot"));
        QCOMPARE(Protocol::decodeTally(bad).error().field, QStringLiteral("ballot"));

        Event e;
        e.seq = 57;
        e.type = QStringLiteral("agenda.current");
        e.timeMs = 1795000000000;
        e.payload = { { QStringLiteral("sitting"), QStringLiteral("s1") },
                      { QStringLiteral("item"), QStringLiteral("i3") } };
        e.prevHash = QByteArray(32, '\0');
        const QJsonObject events =
            QJsonDocument::fromJson(Protocol::encodeEvents(QStringLiteral("s1"), { e.toJson() }))
                .object();
        QCOMPARE(events.value(QStringLiteral("v")).toInt(), 2);
        QCOMPARE(events.value(QStringLiteral("type")).toString(), QStringLiteral("events"));
        QCOMPARE(events.value(QStringLiteral("sitting")).toString(), QStringLiteral("s1"));
        const auto back = Event::fromJson(events[QStringLiteral("events")][0].toObject());
        QVERIFY(back.ok());
        QCOMPARE(back->seq, 57);
        QCOMPARE(back->type, QStringLiteral("agenda.current"));
    }
};

QTEST_GUILESS_MAIN(TestProtocolVectors)
#include "tst_protocolvectors.moc"
