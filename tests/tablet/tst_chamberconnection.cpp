// SPDX-License-Identifier: GPL-3.0-or-later
// ChamberConnection against a real chamber server on loopback: TLS pinning, handshake,
// login, snapshot then events, reconnects, and votes across dropped links.
#include "chamberfixture.h"
#include "server/tls/tlsmaterial.h"
#include "sync/connection/chamberconnection.h"
#include "tcpproxy.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Sync;
using namespace Aula::Test;

namespace {

const QString kSitting = ChamberFixture::kSitting;

/** Waits for a callback-style result. */
template<typename T> struct Waiter
{
    std::optional<T> value;
    int calls = 0;
    auto callback()
    {
        return [this](const T &v) {
            value = v;
            ++calls;
        };
    }
    bool wait(int ms = 15000)
    {
        return QTest::qWaitFor([this] { return value.has_value(); }, ms);
    }
};

using ReplyWaiter = Waiter<Result<QJsonObject>>;

} // namespace

class TestChamberConnection : public QObject
{
    Q_OBJECT

    std::unique_ptr<ChamberFixture> m_fx;

    ConnectionOptions wsOptions(quint16 port, const QString &person = member(7))
    {
        ConnectionOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port));
        o.device = QStringLiteral("tab-") + person;
        o.requestTimeoutMs = 3000;
        o.backoffInitialMs = 50;
        o.backoffMaxMs = 400;
        return o;
    }

    /** Connected, logged in as m07 and subscribed to the sitting. */
    bool ready(ChamberConnection &c)
    {
        c.open();
        if (!QTest::qWaitFor([&] { return c.state() == ChamberConnection::State::Connected; },
                             10000))
            return false;
        ReplyWaiter login;
        c.login(Server::Demo::badgeUid(member(7)), Server::Demo::pin(), login.callback());
        if (!login.wait() || !login.value->ok())
            return false;
        ReplyWaiter sub;
        c.subscribe(kSitting, sub.callback());
        return sub.wait() && sub.value->ok();
    }

private slots:
    void init()
    {
        m_fx = std::make_unique<ChamberFixture>();
        QVERIFY(m_fx->ok());
    }

    void cleanup() { m_fx.reset(); }

    void followsTheSittingOverPinnedTls()
    {
        QTemporaryDir dir;
        auto tls = Server::TlsMaterial::generate(dir.path());
        QVERIFY(tls.ok());
        QVERIFY(m_fx->listen(tls->serverConfiguration()).ok());
        ConnectionOptions o = wsOptions(m_fx->m_api->port());
        o.url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_fx->m_api->port()));
        o.tls = tls->clientConfiguration();
        ChamberConnection c(o, m_fx->deviceKey(member(7)));
        QSignalSpy snapshots(&c, &ChamberConnection::snapshotReceived);
        QSignalSpy events(&c, &ChamberConnection::eventReceived);
        QVERIFY(ready(c));
        QCOMPARE(c.person(), member(7));
        QCOMPARE(c.sessionToken().size(), 64);
        QVERIFY(m_fx->m_api->isSessionToken(c.sessionToken()));
        QCOMPARE(c.serverId(), QStringLiteral("chamber-test"));
        QVERIFY(qAbs(c.serverTimeOffsetMs()) < 1000);
        QCOMPARE(snapshots.size(), 1);
        const qint64 snapshotSeq =
            snapshots.at(0).at(1).toJsonObject().value(QStringLiteral("seq")).toInteger();
        QVERIFY(snapshotSeq > 0);
        QCOMPARE(c.lastSeq(), snapshotSeq);

        QVERIFY(m_fx->command(member(1), QStringLiteral("sitting.open"),
                              { { QStringLiteral("call"), QStringLiteral("first") } })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 20000);
        const auto e = events.at(0).at(0).value<Event>();
        QCOMPARE(e.type, QStringLiteral("sitting.opened"));
        QVERIFY(e.seq > snapshotSeq);

        // A plain request with its reply.
        ReplyWaiter checkin;
        c.request(QStringLiteral("attendance.checkin"), { { QStringLiteral("sitting"), kSitting } },
                  checkin.callback());
        QVERIFY(checkin.wait());
        QVERIFY(checkin.value->ok());
        QVERIFY(m_fx->m_chamber->state().sitting(kSitting)->isPresent(member(7)));
    }

    void refusesAServerOutsideThePinnedCa()
    {
        QTemporaryDir dir;
        QTemporaryDir otherDir;
        auto tls = Server::TlsMaterial::generate(dir.path());
        auto other = Server::TlsMaterial::generate(otherDir.path());
        QVERIFY(tls.ok() && other.ok());
        QVERIFY(m_fx->listen(tls->serverConfiguration()).ok());
        ConnectionOptions o = wsOptions(m_fx->m_api->port());
        o.url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_fx->m_api->port()));
        o.tls = other->clientConfiguration(); // a CA the chamber's certificate does not chain to
        ChamberConnection c(o, m_fx->deviceKey(member(7)));
        c.open();
        QTest::qWait(1500);
        QCOMPARE(c.state(), ChamberConnection::State::Connecting);
        QCOMPARE(m_fx->m_api->connectionCount(), 0);

        // wss:// without a pinned CA, and ws:// off loopback, never start.
        ConnectionOptions bare = o;
        bare.tls.reset();
        ChamberConnection noCa(bare, m_fx->deviceKey(member(7)));
        QSignalSpy rejected(&noCa, &ChamberConnection::deviceRejected);
        noCa.open();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.at(0).at(0).value<Error>().code, QStringLiteral("insecure"));
        ConnectionOptions remote = wsOptions(1);
        remote.url = QUrl(QStringLiteral("ws://192.0.2.1:1"));
        ChamberConnection plain(remote, m_fx->deviceKey(member(7)));
        QSignalSpy rejectedPlain(&plain, &ChamberConnection::deviceRejected);
        plain.open();
        QCOMPARE(rejectedPlain.size(), 1);
        QCOMPARE(plain.state(), ChamberConnection::State::Offline);
    }

    void refusedDeviceStopsTrying()
    {
        QVERIFY(m_fx->listen().ok());
        ConnectionOptions o = wsOptions(m_fx->m_api->port());
        o.device = QStringLiteral("tab-stranger");
        ChamberConnection c(o, Crypto::SigningKey::generate());
        QSignalSpy rejected(&c, &ChamberConnection::deviceRejected);
        c.open();
        QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, 20000);
        QCOMPARE(rejected.at(0).at(0).value<Error>().code, QStringLiteral("device_unknown"));
        QCOMPARE(c.state(), ChamberConnection::State::Offline);
        // A device key that does not match the enrolled one.
        ConnectionOptions o2 = wsOptions(m_fx->m_api->port(), member(3));
        ChamberConnection impostor(o2, Crypto::SigningKey::generate());
        QSignalSpy rejected2(&impostor, &ChamberConnection::deviceRejected);
        impostor.open();
        QTRY_COMPARE_WITH_TIMEOUT(rejected2.size(), 1, 20000);
        QCOMPARE(rejected2.at(0).at(0).value<Error>().code, QStringLiteral("bad_signature"));
        QTest::qWait(300);
        QCOMPARE(impostor.state(), ChamberConnection::State::Offline);
    }

    void reconnectsLogsInAgainAndResubscribes()
    {
        QVERIFY(m_fx->listen().ok());
        ChamberConnection c(wsOptions(m_fx->m_api->port()), m_fx->deviceKey(member(7)));
        QSignalSpy snapshots(&c, &ChamberConnection::snapshotReceived);
        QSignalSpy events(&c, &ChamberConnection::eventReceived);
        QSignalSpy states(&c, &ChamberConnection::stateChanged);
        QVERIFY(ready(c));
        const QByteArray firstToken = c.sessionToken();
        QVERIFY(m_fx->command(member(1), QStringLiteral("sitting.open"),
                              { { QStringLiteral("call"), QStringLiteral("first") } })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 20000);

        m_fx->m_api->disconnectAll();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Reconnecting, 20000);
        QVERIFY(c.offlineSince().isValid());
        QVERIFY(c.offlineSince().secsTo(QDateTime::currentDateTime()) < 5);
        // Changes while the tablet is away arrive in the new snapshot, not as events.
        QVERIFY(m_fx->command(member(1), QStringLiteral("agenda.goto"),
                              { { QStringLiteral("item"), QStringLiteral("i4") } })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        QVERIFY(!c.offlineSince().isValid());
        QCOMPARE(c.reconnects(), 1);
        QCOMPARE(c.person(), member(7));
        QVERIFY(c.sessionToken() != firstToken);
        QVERIFY(m_fx->m_api->isSessionToken(c.sessionToken()));
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 2, 20000);
        const QJsonObject snap = snapshots.at(1).at(1).toJsonObject();
        QCOMPARE(snap[QStringLiteral("state")][QStringLiteral("current_item")].toString(),
                 QStringLiteral("i4"));
        QCOMPARE(events.size(), 1);
        QVERIFY(m_fx->command(member(1), QStringLiteral("agenda.goto"),
                              { { QStringLiteral("item"), QStringLiteral("i5") } })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 2, 20000);
        QCOMPARE(events.at(1).at(0).value<Event>().type, QStringLiteral("agenda.current"));
        QVERIFY(events.at(1).at(0).value<Event>().seq
                > snap.value(QStringLiteral("seq")).toInteger());
    }

    void backsOffWhileTheServerIsDownAndComesBack()
    {
        QVERIFY(m_fx->listen().ok());
        const quint16 port = m_fx->m_api->port();
        ChamberConnection c(wsOptions(port), m_fx->deviceKey(member(7)));
        QVERIFY(ready(c));
        m_fx->stopApi();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Reconnecting, 20000);
        // Delays stay within the cap (400 ms) and its jitter: never a tight loop.
        int maxSeen = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 2000) {
            maxSeen = qMax(maxSeen, c.nextAttemptIn());
            QTest::qWait(20);
        }
        QVERIFY(maxSeen > 0 && maxSeen <= 400);
        QCOMPARE(c.state(), ChamberConnection::State::Reconnecting);
        // Votes are not queued while offline.
        Waiter<VoteOutcome> vote;
        c.castVote(kSitting, QStringLiteral("b1"), QStringLiteral("favour"), vote.callback());
        QCOMPARE(vote.calls, 1);
        QCOMPARE(vote.value->status, VoteOutcome::Status::NotDelivered);
        QCOMPARE(vote.value->error.code, QStringLiteral("offline"));
        // The chamber restarts on the same port: the tablet finds it again.
        QVERIFY(m_fx->listen(std::nullopt, port).ok());
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        QCOMPARE(c.person(), member(7));
    }

    void revokedWhileConnectedStops()
    {
        QVERIFY(m_fx->listen().ok());
        ChamberConnection c(wsOptions(m_fx->m_api->port()), m_fx->deviceKey(member(7)));
        QSignalSpy rejected(&c, &ChamberConnection::deviceRejected);
        QVERIFY(ready(c));
        QVERIFY(m_fx->m_chamber
                    ->appendAdministrative({ qMakePair(
                        QStringLiteral("device.revoked"),
                        QJsonObject { { QStringLiteral("device"),
                                        QString(QStringLiteral("tab-") + member(7)) },
                                      { QStringLiteral("reason"), QStringLiteral("stolen") } }) })
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, 10000);
        QCOMPARE(rejected.at(0).at(0).value<Error>().code, QStringLiteral("device_revoked"));
        // It does not try again, and holds no session.
        QTest::qWait(1500);
        QCOMPARE(c.state(), ChamberConnection::State::Offline);
        QCOMPARE(c.person(), QString());
    }

    void sessionLostWhenThePinNoLongerOpensIt()
    {
        QVERIFY(m_fx->listen().ok());
        ChamberConnection c(wsOptions(m_fx->m_api->port()), m_fx->deviceKey(member(7)));
        QSignalSpy lost(&c, &ChamberConnection::sessionLost);
        QVERIFY(ready(c));
        m_fx->m_credentials->setPin(member(7), QStringLiteral("4321"));
        m_fx->m_api->disconnectAll();
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 20000);
        QCOMPARE(lost.at(0).at(0).value<Error>().code, QStringLiteral("wrong_pin"));
        QCOMPARE(c.person(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        // Exactly one wrong attempt was spent, not one per reconnect.
        QCOMPARE(m_fx->m_chamber->state().failedAttempts(member(7)), 1);
        m_fx->m_api->disconnectAll();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Reconnecting, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        QCOMPARE(m_fx->m_chamber->state().failedAttempts(member(7)), 1);
    }

    void voteWhoseAckIsLostCountsOnce()
    {
        QVERIFY(m_fx->listen().ok());
        TcpProxy proxy(m_fx->m_api->port());
        ChamberConnection c(wsOptions(proxy.port()), m_fx->deviceKey(member(7)));
        QVERIFY(ready(c));
        const QString ballot = m_fx->openBallot();
        QVERIFY(!ballot.isEmpty());

        // The chamber records the vote; its acknowledgement never reaches the tablet.
        proxy.cutOnServerBytes("\"receipt\"");
        Waiter<VoteOutcome> first;
        c.castVote(kSitting, ballot, QStringLiteral("against"), first.callback());
        QVERIFY(first.wait());
        QCOMPARE(first.calls, 1);
        QCOMPARE(proxy.cuts(), 1);
        QCOMPARE(first.value->status, VoteOutcome::Status::NotDelivered);
        QCOMPARE(first.value->error.code, QStringLiteral("connection_lost"));
        QCOMPARE(m_fx->votersOn(ballot), 1);

        // The retry, on the new link, is signed with the new session's nonce; the chamber
        // answers with the receipt of the vote it already holds.
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        Waiter<VoteOutcome> retry;
        c.castVote(kSitting, ballot, QStringLiteral("against"), retry.callback());
        QVERIFY(retry.wait());
        QCOMPARE(retry.value->status, VoteOutcome::Status::Delivered);
        QVERIFY(retry.value->alreadyRecorded);
        QCOMPARE(retry.value->receipt,
                 QString::fromLatin1(m_fx->m_chamber->voteReceipt(ballot, member(7)).toHex()));
        QCOMPARE(m_fx->votersOn(ballot), 1);
        QCOMPARE(retry.calls, 1);
        QCOMPARE(first.calls, 1);
    }

    void voteThatNeverArrivedIsReportedAndRetried()
    {
        QVERIFY(m_fx->listen().ok());
        TcpProxy proxy(m_fx->m_api->port());
        ChamberConnection c(wsOptions(proxy.port()), m_fx->deviceKey(member(7)));
        QVERIFY(ready(c));
        const QString ballot = m_fx->openBallot();
        QVERIFY(!ballot.isEmpty());

        proxy.setSwallowClientBytes(true);
        Waiter<VoteOutcome> first;
        c.castVote(kSitting, ballot, QStringLiteral("favour"), first.callback());
        QTest::qWait(100);
        QVERIFY(!first.value); // no answer yet: not reported as anything
        proxy.dropAll();
        QVERIFY(first.wait());
        QCOMPARE(first.value->status, VoteOutcome::Status::NotDelivered);
        QCOMPARE(m_fx->votersOn(ballot), 0);

        proxy.setSwallowClientBytes(false);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        Waiter<VoteOutcome> retry;
        c.castVote(kSitting, ballot, QStringLiteral("favour"), retry.callback());
        QVERIFY(retry.wait());
        QCOMPARE(retry.value->status, VoteOutcome::Status::Delivered);
        QVERIFY(!retry.value->alreadyRecorded);
        QCOMPARE(retry.value->receipt.size(), 64);
        QCOMPARE(m_fx->votersOn(ballot), 1);

        // Once the ballot is closed a retry is refused with the chamber's reason.
        QVERIFY(m_fx->command(member(1), QStringLiteral("ballot.close"),
                              { { QStringLiteral("ballot"), ballot } })
                    .ok());
        Waiter<VoteOutcome> late;
        c.castVote(kSitting, ballot, QStringLiteral("favour"), late.callback());
        QVERIFY(late.wait());
        QCOMPARE(late.value->status, VoteOutcome::Status::Refused);
        QVERIFY(!late.value->error.code.isEmpty());
    }

    void requestsTimeOutAndSilentLinksAreDropped()
    {
        QVERIFY(m_fx->listen().ok());
        TcpProxy proxy(m_fx->m_api->port());
        ConnectionOptions o = wsOptions(proxy.port());
        o.pingIntervalMs = 300;
        o.requestTimeoutMs = 250;
        ChamberConnection c(o, m_fx->deviceKey(member(7)));
        c.open();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
        proxy.setSwallowClientBytes(true);
        ReplyWaiter ping;
        c.request(QStringLiteral("ping"), {}, ping.callback(), 200);
        QVERIFY(ping.wait());
        QCOMPARE(ping.value->error().code, QStringLiteral("timeout"));
        QCOMPARE(ping.calls, 1);
        // The unanswered ping takes the link down, and the tablet says so.
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Reconnecting, 3000);
        proxy.setSwallowClientBytes(false);
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), ChamberConnection::State::Connected, 20000);
    }
};

QTEST_GUILESS_MAIN(TestChamberConnection)
#include "tst_chamberconnection.moc"
