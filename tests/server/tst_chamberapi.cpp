// SPDX-License-Identifier: GPL-3.0-or-later
// The chamber over a real WebSocket on loopback, driven by simulated tablets.
#include "server/api/chamberapi.h"
#include "server/chamber/chamber.h"
#include "server/demo/democouncil.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/protocol/protocol.h"
#include "tests/emulators/cards/desfirecard.h"
#include "tests/support/simtablet.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace Aula;
using namespace Aula::Server;
using Aula::Test::SimTablet;

namespace {

const QString kSitting = QStringLiteral("s1");

class DemoCredentials : public Credentials
{
public:
    DemoCredentials()
    {
        const QByteArray hash = *Crypto::hashPin(Demo::pin().toUtf8());
        const QJsonArray creds =
            Demo::councilImport().value(QStringLiteral("credentials")).toArray();
        for (const QJsonValue v : creds) {
            const QString person = v[QStringLiteral("person")].toString();
            m_badges.insert(QByteArray::fromHex(v[QStringLiteral("badge")].toString().toLatin1()),
                            person);
            m_pins.insert(person, hash);
        }
    }
    QString personForBadge(const QByteArray &uid) const override { return m_badges.value(uid); }
    QByteArray pinHash(const QString &person) const override { return m_pins.value(person); }
    // The demo's badges are UID-only (the fake reader), so its council uses the `uid`
    // policy; badge tests switch to `desfire` with a master key of their own.
    Badges::BadgePolicy badgePolicy() const override { return m_policy; }
    Result<Badges::KeyDiversifier> badgeKeys() const override
    {
        return Badges::KeyDiversifier::create(m_masterKey, QByteArray(Badges::kSystemIdentifier));
    }
    void setBadgePolicy(Badges::BadgePolicy policy) { m_policy = policy; }
    void setMasterKey(const QByteArray &key) { m_masterKey = key; }

private:
    QHash<QByteArray, QString> m_badges;
    QHash<QString, QByteArray> m_pins;
    Badges::BadgePolicy m_policy = Badges::BadgePolicy::Uid;
    QByteArray m_masterKey = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
};

QString member(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

bool isOk(const QJsonObject &reply)
{
    return reply.value(QStringLiteral("type")) == QLatin1String("ok");
}

QString code(const QJsonObject &reply)
{
    return reply.value(QStringLiteral("code")).toString();
}

} // namespace

class TestChamberApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<MemoryJournal> m_journal;
    std::unique_ptr<Chamber> m_chamber;
    std::unique_ptr<DemoCredentials> m_credentials;
    std::unique_ptr<ChamberApi> m_api;
    QHash<QString, QByteArray> m_deviceSeeds;
    QUrl m_url;
    // The chamber's TLS material, made once: every tablet pins its CA.
    QTemporaryDir m_tlsDir;
    std::optional<TlsMaterial> m_tls;
    // Added to the chamber's clock (tests that need hours to pass).
    qint64 m_clockOffset = 0;

    std::unique_ptr<SimTablet> connected(const QString &device)
    {
        // Devices the chamber does not know get a key of their own.
        auto key = m_deviceSeeds.contains(device)
            ? Crypto::SigningKey::fromSeed(m_deviceSeeds.value(device)).value()
            : Crypto::SigningKey::generate();
        auto t = std::make_unique<SimTablet>(device, std::move(key));
        if (!t->open(m_url, m_tls->clientConfiguration()))
            return nullptr;
        return t;
    }

    std::unique_ptr<SimTablet> loggedIn(const QString &person)
    {
        auto t = connected(QStringLiteral("tab-") + person);
        if (!t || !t->authenticateDevice())
            return nullptr;
        if (!isOk(t->login(Demo::badgeUid(person), Demo::pin())))
            return nullptr;
        if (!isOk(t->subscribe(kSitting)))
            return nullptr;
        return t;
    }

    /** The president opens the sitting at first call and marks m01…m`present` present. */
    static bool openSittingWithPresent(SimTablet &president, int present)
    {
        if (!isOk(president.request(QStringLiteral("sitting.open"),
                                    { { QStringLiteral("sitting"), kSitting },
                                      { QStringLiteral("call"), QStringLiteral("first") } })))
            return false;
        for (int i = 1; i <= present; ++i) {
            if (!isOk(president.request(QStringLiteral("attendance.set"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("member"), member(i) },
                                          { QStringLiteral("present"), true } })))
                return false;
        }
        return true;
    }

    /** The president opens an open ballot on item i1; its id, empty if refused. */
    static QString openBallot(SimTablet &president)
    {
        const QJsonObject opened =
            president.request(QStringLiteral("ballot.open"),
                              { { QStringLiteral("sitting"), kSitting },
                                { QStringLiteral("item"), QStringLiteral("i1") } });
        return isOk(opened) ? opened.value(QStringLiteral("ballot")).toString() : QString();
    }

    /** Waits for `ballot.closed` on @p tablet; its roll (who voted what), empty on time-out. */
    static QString closedRoll(SimTablet &tablet)
    {
        return tablet.waitEvent(QStringLiteral("ballot.closed"))
            .value(QStringLiteral("payload"))
            .toObject()
            .value(QStringLiteral("roll"))
            .toString();
    }

    /** A sitting open with m01…m15 present, m07 and m08 logged in, a ballot open on i1. */
    struct BallotScene
    {
        std::unique_ptr<SimTablet> president, m07, m08;
        QString ballot;
    };
    std::optional<BallotScene> openBallotScene()
    {
        BallotScene scene;
        scene.president = loggedIn(member(1));
        if (!scene.president || !openSittingWithPresent(*scene.president, 15))
            return std::nullopt;
        scene.m07 = loggedIn(member(7));
        scene.m08 = loggedIn(member(8));
        if (!scene.m07 || !scene.m08)
            return std::nullopt;
        scene.ballot = openBallot(*scene.president);
        if (scene.ballot.isEmpty())
            return std::nullopt;
        return scene;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(Crypto::initialize().ok());
        m_credentials = std::make_unique<DemoCredentials>();
        auto tls = TlsMaterial::generate(m_tlsDir.path());
        QVERIFY(tls.ok());
        m_tls = std::move(tls).value();
    }

    void init()
    {
        m_journal = std::make_unique<MemoryJournal>();
        m_clockOffset = 0;
        m_chamber = std::make_unique<Chamber>(
            *m_journal, [this] { return QDateTime::currentMSecsSinceEpoch() + m_clockOffset; });
        QJsonObject council = Demo::councilImport().value(QStringLiteral("council")).toObject();
        // A point of order lasts 2 s here, so that a test sees the server end it.
        council.insert(QStringLiteral("floor"),
                       QJsonObject { { QStringLiteral("point_of_order"), 2 } });
        QList<QPair<QString, QJsonObject>> admin = {
            { QStringLiteral("council.imported"), { { QStringLiteral("council"), council } } },
            { QStringLiteral("sitting.imported"),
              { { QStringLiteral("sitting"), Demo::sittingImport(kSitting) } } }
        };
        QStringList people;
        for (int i = 1; i <= 25; ++i)
            people << member(i);
        people << QStringLiteral("s01") << QStringLiteral("s02") << QStringLiteral("extra");
        for (const QString &p : people) {
            const QString device = QStringLiteral("tab-") + p;
            auto key = Crypto::SigningKey::generate();
            admin.append({ QStringLiteral("device.enrolled"),
                           { { QStringLiteral("device"), device },
                             { QStringLiteral("name"), device },
                             { QStringLiteral("public_key"),
                               QString::fromLatin1(key.publicKey().toHex()) } } });
            m_deviceSeeds.insert(device, key.seed().toByteArray());
        }
        QVERIFY(m_chamber->appendAdministrative(admin).ok());
        m_api = std::make_unique<ChamberApi>(*m_chamber, *m_credentials,
                                             QStringLiteral("chamber-test"));
        // The API switches Nagle's algorithm off through Qt's TLS listener; if a Qt update
        // ever hides it, answers wait for delayed ACKs again and this warning says so.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Nagle")));
        QVERIFY(m_api->listen(QHostAddress::LocalHost, 0, m_tls->serverConfiguration()).ok());
        m_url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_api->port()));
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Uid);
    }

    void cleanup()
    {
        m_api.reset();
        m_chamber.reset();
    }

    void refusesPlainTextOffLoopback()
    {
        ChamberApi api(*m_chamber, *m_credentials, QStringLiteral("x"));
        QCOMPARE(api.listen(QHostAddress::Any, 0, std::nullopt).error().code,
                 QStringLiteral("insecure"));
    }

    void wholeSitting()
    {
        auto president = loggedIn(member(1));
        QVERIFY(president);
        std::vector<std::unique_ptr<SimTablet>> councillors;
        for (int i = 2; i <= 21; ++i) {
            councillors.push_back(loggedIn(member(i)));
            QVERIFY2(councillors.back(), qPrintable(member(i)));
        }
        auto publicViewer = connected(QStringLiteral("none"));
        QVERIFY(publicViewer);
        QVERIFY(isOk(publicViewer->request(
            QStringLiteral("hello"), { { QStringLiteral("protocol"), Protocol::kVersion } })));
        QVERIFY(isOk(publicViewer->subscribe(kSitting)));
        QCOMPARE(code(publicViewer->request(QStringLiteral("ballot.open"),
                                            { { QStringLiteral("sitting"), kSitting },
                                              { QStringLiteral("item"), QStringLiteral("i1") } })),
                 QStringLiteral("not_authenticated"));

        QVERIFY(isOk(president->request(QStringLiteral("sitting.open"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("call"), QStringLiteral("first") } })));
        // Roll call from the tablets.
        QVERIFY(isOk(president->request(QStringLiteral("attendance.checkin"),
                                        { { QStringLiteral("sitting"), kSitting } })));
        for (auto &t : councillors)
            QVERIFY(isOk(t->request(QStringLiteral("attendance.checkin"),
                                    { { QStringLiteral("sitting"), kSitting } })));
        // Everyone sees the roll call: 21 present.
        QVERIFY(!publicViewer
                     ->waitEvent(QStringLiteral("attendance.changed"), 5000,
                                 [](const QJsonObject &e) {
                                     return e[QStringLiteral("payload")][QStringLiteral("member")]
                                         == QStringLiteral("m21");
                                 })
                     .isEmpty());
        QCOMPARE(m_chamber->state().sitting(kSitting)->presentCount(), 21);

        struct Plan
        {
            QString item;
            QString kind;
            int favour;
            int against;
            QString outcome;
        };
        const QList<Plan> plans = {
            { QStringLiteral("i1"), QStringLiteral("open"), 15, 4, QStringLiteral("approved") },
            { QStringLiteral("i3"), QStringLiteral("roll_call"), 9, 10,
              QStringLiteral("rejected") },
            { QStringLiteral("i5"), QStringLiteral("secret"), 11, 9, QStringLiteral("approved") }
        };
        for (const Plan &plan : plans) {
            QVERIFY(isOk(president->request(QStringLiteral("agenda.goto"),
                                            { { QStringLiteral("sitting"), kSitting },
                                              { QStringLiteral("item"), plan.item } })));
            // The floor, with the timer on the server.
            QVERIFY(isOk(councillors[3]->request(
                QStringLiteral("floor.request"),
                { { QStringLiteral("sitting"), kSitting },
                  { QStringLiteral("kind"), QStringLiteral("first_speech") } })));
            const QJsonObject granted =
                president->request(QStringLiteral("floor.grant"),
                                   { { QStringLiteral("sitting"), kSitting },
                                     { QStringLiteral("member"), member(5) } });
            QVERIFY(isOk(granted));
            QCOMPARE(granted.value(QStringLiteral("seconds")).toInt(), 600);
            const QJsonObject grantEvent =
                councillors[10]->waitEvent(QStringLiteral("floor.granted"));
            QCOMPARE(grantEvent[QStringLiteral("payload")][QStringLiteral("member")].toString(),
                     member(5));
            QVERIFY(isOk(president->request(QStringLiteral("floor.end"),
                                            { { QStringLiteral("sitting"), kSitting } })));

            const QJsonObject opened = president->request(
                QStringLiteral("ballot.open"),
                { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("item"), plan.item } });
            QVERIFY2(isOk(opened), qPrintable(code(opened)));
            const QString ballot = opened.value(QStringLiteral("ballot")).toString();
            QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->kind
                         == BallotKind::Secret,
                     plan.kind == QLatin1String("secret"));
            // Everyone votes at once; the president abstains.
            QElapsedTimer voting;
            voting.start();
            QList<qint64> ids;
            for (size_t i = 0; i < councillors.size(); ++i) {
                const QString choice = int(i) < plan.favour ? QStringLiteral("favour")
                    : int(i) < plan.favour + plan.against   ? QStringLiteral("against")
                                                            : QStringLiteral("abstain");
                ids.append(councillors[i]->sendVote(kSitting, ballot, choice));
            }
            const qint64 presidentVote =
                president->sendVote(kSitting, ballot, QStringLiteral("abstain"));
            for (size_t i = 0; i < councillors.size(); ++i) {
                const QJsonObject ack = councillors[i]->waitReply(ids[qsizetype(i)]);
                QVERIFY2(isOk(ack), qPrintable(code(ack)));
                QCOMPARE(ack.value(QStringLiteral("receipt")).toString().size(), 64);
            }
            QVERIFY(isOk(president->waitReply(presidentVote)));
            // The live count reaches everyone, the public too, without choices.
            for (auto &t : councillors)
                QVERIFY2(!t->waitTally(ballot, 21).isEmpty(), qPrintable(t->person()));
            const QJsonObject tally = publicViewer->waitTally(ballot, 21);
            QCOMPARE(tally.value(QStringLiteral("eligible")).toInt(), 21);
            QCOMPARE(tally.value(QStringLiteral("sitting")).toString(), kSitting);
            QCOMPARE(tally.keys(),
                     QStringList({ QStringLiteral("ballot"), QStringLiteral("eligible"),
                                   QStringLiteral("seq"), QStringLiteral("sitting"),
                                   QStringLiteral("type"), QStringLiteral("v"),
                                   QStringLiteral("votes_received") }));
            // Coalesced: at most one count per 100 ms (and per commit), not one per vote.
            const qint64 votingMs = voting.elapsed();
            qsizetype counts = 0;
            for (const QJsonObject &t : publicViewer->tallies())
                counts += t.value(QStringLiteral("ballot")) == ballot ? 1 : 0;
            QVERIFY2(counts >= 1 && counts <= votingMs / 100 + 1,
                     qPrintable(QStringLiteral("%1 counts in %2 ms").arg(counts).arg(votingMs)));
            const QJsonObject closed = president->request(
                QStringLiteral("ballot.close"),
                { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } });
            QVERIFY(isOk(closed));
            const QJsonObject outcome = closed.value(QStringLiteral("outcome")).toObject();
            QCOMPARE(outcome.value(QStringLiteral("outcome")).toString(), plan.outcome);
            // Checked against the rules engine directly.
            BallotInput input;
            input.council = m_chamber->state().council()->composition;
            input.present = 21;
            input.kind = plan.kind == QLatin1String("secret") ? BallotKind::Secret
                : plan.kind == QLatin1String("roll_call")     ? BallotKind::RollCall
                                                              : BallotKind::Open;
            input.votes = { plan.favour, plan.against, 21 - plan.favour - plan.against, 0, 0 };
            QCOMPARE(outcome.value(QStringLiteral("explanation_it")).toString(),
                     evaluate(input)->explanationIt);
            // Every tablet and the public see the result.
            for (auto &t : councillors) {
                const QJsonObject e =
                    t->waitEvent(QStringLiteral("ballot.closed"), 5000, [&](const QJsonObject &ev) {
                        return ev[QStringLiteral("payload")][QStringLiteral("ballot")] == ballot;
                    });
                QCOMPARE(e[QStringLiteral("payload")][QStringLiteral("outcome")].toString(),
                         plan.outcome);
            }
            QVERIFY(
                !publicViewer
                     ->waitEvent(QStringLiteral("ballot.closed"), 5000,
                                 [&](const QJsonObject &ev) {
                                     return ev[QStringLiteral("payload")][QStringLiteral("ballot")]
                                         == ballot;
                                 })
                     .isEmpty());
            // For open and roll-call ballots, who voted what comes with the result; for
            // secret ones, who took part only, never linked to a choice.
            const QJsonObject result =
                councillors[0]
                    ->waitEvent(QStringLiteral("ballot.closed"), 5000,
                                [&](const QJsonObject &ev) {
                                    return ev[QStringLiteral("payload")][QStringLiteral("ballot")]
                                        == ballot;
                                })
                    .value(QStringLiteral("payload"))
                    .toObject();
            // One mark per council member, in the council's order.
            QString expected;
            for (const Member &m : m_chamber->state().council()->members) {
                const int n = m.id.mid(1).toInt();
                const int i = n - 2; // councillors[i] is member(i + 2)
                if (n > 21)
                    expected += QLatin1Char('-');
                else if (plan.kind == QLatin1String("secret"))
                    expected += QLatin1Char('v');
                else if (n == 1 || i >= plan.favour + plan.against)
                    expected += QLatin1Char('a'); // the president abstains
                else
                    expected += i < plan.favour ? QLatin1Char('y') : QLatin1Char('n');
            }
            QCOMPARE(result.value(QStringLiteral("roll")).toString(), expected);
            QCOMPARE(result.value(QStringLiteral("choices")).toArray().size(),
                     plan.kind == QLatin1String("secret") ? 21 : 0);
            // No vote was pushed as an event: the live count stood for them.
            for (const QJsonObject &ev : councillors[0]->events())
                QVERIFY(ev.value(QStringLiteral("type")) != QLatin1String("ballot.vote_cast"));
        }
        // A point of order whose time runs out: the server ends it, everyone sees it.
        QVERIFY(isOk(councillors[8]->request(
            QStringLiteral("floor.request"),
            { { QStringLiteral("sitting"), kSitting },
              { QStringLiteral("kind"), QStringLiteral("point_of_order") } })));
        const QJsonObject pointOfOrder = president->request(
            QStringLiteral("floor.grant"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("member"), member(10) } });
        QCOMPARE(pointOfOrder.value(QStringLiteral("seconds")).toInt(), 2);
        const QJsonObject timeUp =
            publicViewer->waitEvent(QStringLiteral("floor.ended"), 10000, [](const QJsonObject &e) {
                return e[QStringLiteral("payload")][QStringLiteral("reason")]
                    == QStringLiteral("time_up");
            });
        QCOMPARE(timeUp[QStringLiteral("payload")][QStringLiteral("member")].toString(),
                 member(10));
        QVERIFY(isOk(president->request(QStringLiteral("sitting.close"),
                                        { { QStringLiteral("sitting"), kSitting } })));
    }

    void reconnectGetsStateThenChanges()
    {
        auto president = loggedIn(member(1));
        QVERIFY(president);
        QVERIFY(isOk(president->request(QStringLiteral("sitting.open"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("call"), QStringLiteral("first") } })));
        auto t = loggedIn(member(7));
        QVERIFY(t);
        QVERIFY(isOk(t->request(QStringLiteral("attendance.checkin"),
                                { { QStringLiteral("sitting"), kSitting } })));
        t->socket().close();
        QVERIFY(isOk(president->request(QStringLiteral("agenda.goto"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("item"), QStringLiteral("i4") } })));
        auto again = connected(QStringLiteral("tab-m07"));
        QVERIFY(again && again->authenticateDevice());
        QVERIFY(isOk(again->login(Demo::badgeUid(member(7)), Demo::pin())));
        const QJsonObject snapshot = again->subscribe(kSitting);
        QVERIFY(isOk(snapshot));
        const QJsonObject state = snapshot.value(QStringLiteral("state")).toObject();
        QCOMPARE(state.value(QStringLiteral("current_item")).toString(), QStringLiteral("i4"));
        QCOMPARE(state.value(QStringLiteral("attendance"))
                     .toObject()
                     .value(member(7))
                     .toObject()
                     .value(QStringLiteral("present"))
                     .toBool(),
                 true);
        QVERIFY(snapshot.value(QStringLiteral("council"))
                    .toObject()
                    .value(QStringLiteral("members"))
                    .toArray()
                    .size()
                == 25);
        QVERIFY(isOk(president->request(QStringLiteral("agenda.goto"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("item"), QStringLiteral("i5") } })));
        const QJsonObject change = again->waitEvent(QStringLiteral("agenda.current"));
        QCOMPARE(change[QStringLiteral("payload")][QStringLiteral("item")].toString(),
                 QStringLiteral("i5"));
        QVERIFY(change[QStringLiteral("seq")].toInteger()
                > snapshot.value(QStringLiteral("seq")).toInteger());
    }

    // Votes are checked on the verifier pool, yet the engine takes commands in the order they
    // arrived: a close sent right behind a vote on the same connection cannot overtake it,
    // and a forged vote in the line holds nobody up.
    void votesReachTheEngineInArrivalOrder()
    {
        auto scene = openBallotScene();
        QVERIFY(scene);
        auto &[president, m07, m08, ballot] = *scene;
        Q_UNUSED(m08);
        const int checksBefore = m_api->signatureChecksStarted();

        // m07: a forged vote, then its own, back to back.
        const QByteArray forged = Crypto::SigningKey::generate().sign(Protocol::voteMessage(
            ballot, QStringLiteral("against"), member(7), QByteArray(32, 'x')));
        const qint64 forgedId =
            m07->send(QStringLiteral("ballot.vote"),
                      { { QStringLiteral("sitting"), kSitting },
                        { QStringLiteral("ballot"), ballot },
                        { QStringLiteral("choice"), QStringLiteral("against") },
                        { QStringLiteral("signature"), QString::fromLatin1(forged.toHex()) } });
        const qint64 m07Vote = m07->sendVote(kSitting, ballot, QStringLiteral("favour"));
        QCOMPARE(code(m07->waitReply(forgedId)), QStringLiteral("bad_signature"));
        QVERIFY(isOk(m07->waitReply(m07Vote)));

        // The president votes and closes without waiting for the vote's answer.
        const qint64 vote = president->sendVote(kSitting, ballot, QStringLiteral("abstain"));
        const qint64 close = president->send(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } });
        const QJsonObject voted = president->waitReply(vote);
        QVERIFY2(isOk(voted), qPrintable(code(voted)));
        QVERIFY(!voted.value(QStringLiteral("receipt")).toString().isEmpty());
        QVERIFY(isOk(president->waitReply(close)));
        const QString roll = closedRoll(*m07);
        QCOMPARE(roll, QStringLiteral("a-----y------------------"));
        // The three signatures went through the pool.
        QVERIFY(m_api->signatureChecksStarted() > checksBefore);
    }

    // Across connections too: with the vote's check held back, a close from the president's
    // tablet and a revocation of the voter's tablet line up behind it or act before it.
    void signatureChecksKeepTheOrderAcrossConnections()
    {
        auto scene = openBallotScene();
        QVERIFY(scene);
        auto &[president, m07, m08, ballot] = *scene;

        // m08's tablet is revoked while its vote waits: the vote is not recorded.
        m_api->holdSignatureChecksForTests(true);
        m08->sendVote(kSitting, ballot, QStringLiteral("against"));
        QTRY_COMPARE(m_api->commandsWaiting(), 1);
        QVERIFY(m_chamber
                    ->appendAdministrative({ qMakePair(
                        QStringLiteral("device.revoked"),
                        QJsonObject { { QStringLiteral("device"), QStringLiteral("tab-m08") },
                                      { QStringLiteral("reason"), QStringLiteral("stolen") } }) })
                    .ok());
        // m07 votes; the president closes from another tablet right after.
        const qint64 vote = m07->sendVote(kSitting, ballot, QStringLiteral("favour"));
        QTRY_COMPARE(m_api->commandsWaiting(), 2);
        const qint64 close = president->send(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } });
        QTRY_COMPARE(m_api->commandsWaiting(), 3);
        m_api->holdSignatureChecksForTests(false);

        const QJsonObject voted = m07->waitReply(vote);
        QVERIFY2(isOk(voted), qPrintable(code(voted)));
        QVERIFY(isOk(president->waitReply(close)));
        QCOMPARE(m_api->commandsWaiting(), 0);
        const SittingState *s = m_chamber->state().sitting(kSitting);
        QVERIFY(s);
        const BallotState *b = s->ballot(ballot);
        QVERIFY(b);
        QVERIFY(b->voters.contains(member(7)));
        QVERIFY(!b->voters.contains(member(8)));
        const QString roll = closedRoll(*m07);
        QCOMPARE(roll, QStringLiteral("------y------------------"));
    }

    void reconnectMidBallotGetsTheCount()
    {
        auto scene = openBallotScene();
        QVERIFY(scene);
        auto &[president, m07, m08, ballot] = *scene;
        QVERIFY(isOk(m07->waitReply(m07->sendVote(kSitting, ballot, QStringLiteral("favour")))));
        const QJsonObject first = m08->waitTally(ballot, 1);
        QCOMPARE(first.value(QStringLiteral("votes_received")).toInt(), 1);
        QCOMPARE(first.value(QStringLiteral("eligible")).toInt(), 15);

        // m07's tablet drops; m08 votes meanwhile; m07 comes back mid-ballot.
        m07->socket().close();
        QVERIFY(isOk(m08->waitReply(m08->sendVote(kSitting, ballot, QStringLiteral("against")))));
        auto again = connected(QStringLiteral("tab-m07"));
        QVERIFY(again && again->authenticateDevice());
        QVERIFY(isOk(again->login(Demo::badgeUid(member(7)), Demo::pin())));
        const QJsonObject snapshot = again->subscribe(kSitting);
        QVERIFY(isOk(snapshot));
        QJsonObject shown;
        for (const QJsonValue v :
             snapshot[QStringLiteral("state")][QStringLiteral("ballots")].toArray()) {
            if (v[QStringLiteral("id")] == ballot)
                shown = v.toObject();
        }
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(shown.value(QStringLiteral("votes_received")).toInt(), 2);
        QCOMPARE(shown.value(QStringLiteral("eligible")).toInt(), 15);
        // It knows its own vote is recorded, not what anyone chose before the result.
        QVERIFY(shown.value(QStringLiteral("voters")).toArray().contains(member(7)));
        QVERIFY(!shown.contains(QStringLiteral("choices")));

        // Then the changes: the count after the snapshot, then the result with the roll.
        QVERIFY(isOk(president->waitReply(
            president->sendVote(kSitting, ballot, QStringLiteral("abstain")))));
        const QJsonObject later = again->waitTally(ballot, 3);
        QCOMPARE(later.value(QStringLiteral("votes_received")).toInt(), 3);
        QVERIFY(later.value(QStringLiteral("seq")).toInteger()
                >= snapshot.value(QStringLiteral("seq")).toInteger());
        QVERIFY(isOk(president->request(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } })));
        const QString roll = closedRoll(*again);
        // m01 abstained, m07 for, m08 against; the other 22 members did not vote.
        QCOMPARE(roll, QStringLiteral("a-----yn-----------------"));
        // After the close a snapshot carries who voted what, too.
        auto late = connected(QStringLiteral("tab-m09"));
        QVERIFY(late && late->authenticateDevice());
        QVERIFY(isOk(late->login(Demo::badgeUid(member(9)), Demo::pin())));
        const QJsonObject after = late->subscribe(kSitting);
        for (const QJsonValue v :
             after[QStringLiteral("state")][QStringLiteral("ballots")].toArray()) {
            if (v[QStringLiteral("id")] != ballot)
                continue;
            QCOMPARE(v[QStringLiteral("choices")][member(8)].toString(), QStringLiteral("against"));
            QCOMPARE(v[QStringLiteral("result")][QStringLiteral("roll")].toString(), roll);
        }
    }

    void revokedWhileConnected()
    {
        auto stolen = loggedIn(member(7));
        auto other = loggedIn(member(8));
        QVERIFY(stolen && other);
        QVERIFY(m_chamber
                    ->appendAdministrative({ qMakePair(
                        QStringLiteral("device.revoked"),
                        QJsonObject { { QStringLiteral("device"), QStringLiteral("tab-m07") },
                                      { QStringLiteral("reason"), QStringLiteral("stolen") } }) })
                    .ok());
        // The stolen tablet is told why, in a typed error, and its link is closed.
        QVERIFY(QTest::qWaitFor([&] { return !stolen->isOpen(); }, 5000));
        QVERIFY(!stolen->unsolicited().isEmpty());
        const QJsonObject notice = stolen->unsolicited().constLast();
        QCOMPARE(code(notice), QStringLiteral("device_revoked"));
        QCOMPARE(notice.value(QStringLiteral("re")).toInt(), 0);
        QVERIFY(
            notice.value(QStringLiteral("message")).toString().contains(QLatin1String("stolen")));
        // Its session token opens nothing any more; nobody else notices.
        QVERIFY(!m_api->isSessionToken(stolen->token()));
        QVERIFY(m_api->isSessionToken(other->token()));
        QVERIFY(isOk(other->request(QStringLiteral("ping"))));
        // And it cannot come back.
        auto again = connected(QStringLiteral("tab-m07"));
        QVERIFY(again);
        QCOMPARE(code(again->request(QStringLiteral("hello"),
                                     { { QStringLiteral("protocol"), Protocol::kVersion },
                                       { QStringLiteral("device"), QStringLiteral("tab-m07") } })),
                 QStringLiteral("device_revoked"));
    }

    void loginFailures()
    {
        auto unknownDevice = connected(QStringLiteral("tab-unknown"));
        QVERIFY(unknownDevice);
        const QJsonObject hello =
            unknownDevice->request(QStringLiteral("hello"),
                                   { { QStringLiteral("protocol"), Protocol::kVersion },
                                     { QStringLiteral("device"), QStringLiteral("tab-unknown") } });
        QCOMPARE(code(hello), QStringLiteral("device_unknown"));

        // A device that signs with the wrong key is refused and disconnected.
        auto impostor =
            std::make_unique<SimTablet>(QStringLiteral("tab-m03"), Crypto::SigningKey::generate());
        QVERIFY(impostor->open(m_url, m_tls->clientConfiguration()));
        QVERIFY(!impostor->authenticateDevice());
        QTRY_VERIFY(!impostor->isOpen());

        auto t = connected(QStringLiteral("tab-m04"));
        QVERIFY(t && t->authenticateDevice());
        QCOMPARE(code(t->login(QByteArray::fromHex("0411223344"), Demo::pin())),
                 QStringLiteral("badge_unknown"));
        for (int attempt = 1; attempt <= 5; ++attempt) {
            const QJsonObject r = t->login(Demo::badgeUid(member(4)), QStringLiteral("9999"));
            QCOMPARE(code(r), QStringLiteral("wrong_pin"));
            QCOMPARE(r.value(QStringLiteral("attempts_left")).toInt(), 5 - attempt);
            if (attempt == 5)
                QVERIFY(r.value(QStringLiteral("locked_until")).toInteger() > 0);
        }
        // Locked: even the right PIN is refused until the lock expires.
        QCOMPARE(code(t->login(Demo::badgeUid(member(4)), Demo::pin())), QStringLiteral("locked"));
        int failures = 0;
        for (const Event &e : m_journal->events())
            failures += e.type == QLatin1String("login.failed") ? 1 : 0;
        QCOMPARE(failures, 7); // unknown badge, five wrong PINs, one while locked: each an event
        QVERIFY(
            std::any_of(m_journal->events().begin(), m_journal->events().end(),
                        [](const Event &e) { return e.type == QLatin1String("person.locked"); }));
        // Another member logs in normally meanwhile.
        QVERIFY(loggedIn(member(6)));
    }

    // --- The badge proof (the `desfire` policy), with an in-process DESFire card model. ---

    /** m05's enrolled badge: a DESFire EV1 holding the key diversified for its UID. */
    std::shared_ptr<Aula::Emulators::DesfireCard> enrolledCard(const QByteArray &uid)
    {
        auto card = std::make_shared<Aula::Emulators::DesfireCard>(uid);
        const QByteArray key = m_credentials->badgeKeys()->diversify(uid, Badges::kAulaAid).value();
        card->addApplication(Badges::kAulaAid, { key });
        card->activate();
        return card;
    }

    QString lastLoginFailure() const
    {
        m_chamber->flush();
        const QList<Event> &events = m_journal->events();
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            if (it->type == QLatin1String("login.failed"))
                return it->payload.value(QStringLiteral("reason")).toString();
            if (it->type == QLatin1String("login.succeeded"))
                return QString();
        }
        return QStringLiteral("<none>");
    }

    void loginAnswerCarriesTheLease()
    {
        auto login = [this](const QString &person) {
            auto t = connected(QStringLiteral("tab-") + person);
            return t && t->authenticateDevice() ? t->login(Demo::badgeUid(person), Demo::pin())
                                                : QJsonObject();
        };
        const QJsonObject byDefault = login(member(3));
        QVERIFY(isOk(byDefault));
        QCOMPARE(m_api->leaseDays(), Protocol::kDefaultLeaseDays);
        QCOMPARE(byDefault.value(QStringLiteral("lease_days")).toInt(-1),
                 Protocol::kDefaultLeaseDays);
        m_api->setLeaseDays(3);
        const QJsonObject shorter = login(member(4));
        QVERIFY(isOk(shorter));
        QCOMPARE(shorter.value(QStringLiteral("lease_days")).toInt(-1), 3);
        // Out of range is held to the range, never 0 (which tablets would read as "none").
        m_api->setLeaseDays(0);
        QCOMPARE(m_api->leaseDays(), Protocol::kMinLeaseDays);
        m_api->setLeaseDays(1000);
        QCOMPARE(m_api->leaseDays(), Protocol::kMaxLeaseDays);
    }

    void badgeProofLogsIn()
    {
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        const QByteArray uid = Demo::badgeUid(member(5));
        auto card = enrolledCard(uid);
        auto t = connected(QStringLiteral("tab-m05"));
        QVERIFY(t && t->authenticateDevice());
        QList<QJsonObject> steps;
        const QJsonObject r = t->loginWithCard(
            uid, Demo::pin(), [&](const QByteArray &apdu) { return card->exchange(apdu); }, 15000,
            &steps);
        QVERIFY2(isOk(r), QJsonDocument(r).toJson().constData());
        QCOMPARE(r.value(QStringLiteral("person")).toString(), member(5));
        QCOMPARE(steps.size(), 4);
        for (int i = 0; i < steps.size(); ++i)
            QCOMPARE(steps[i].value(QStringLiteral("card_step")).toInt(), i + 1);
        // The resume ticket stands for the card once, for this device and person only.
        const QString resume = r.value(QStringLiteral("resume")).toString();
        QCOMPARE(resume.size(), 64);
        auto resumeLogin = [&](SimTablet &tablet, const QString &person) {
            return tablet.request(
                QStringLiteral("login"),
                { { QStringLiteral("badge"), QString::fromLatin1(Demo::badgeUid(person).toHex()) },
                  { QStringLiteral("pin"), Demo::pin() },
                  { QStringLiteral("resume"), resume } });
        };
        auto other = connected(QStringLiteral("tab-m06"));
        QVERIFY(other && other->authenticateDevice());
        QCOMPARE(code(resumeLogin(*other, member(5))), QStringLiteral("resume_invalid"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("resume_invalid"));
        // (A ticket tried elsewhere is spent: it was taken out of the table.)
        auto again = connected(QStringLiteral("tab-m05"));
        QVERIFY(again && again->authenticateDevice());
        QCOMPARE(code(resumeLogin(*again, member(5))), QStringLiteral("resume_invalid"));
    }

    void badgeProofWithoutIsoDepIsRefused()
    {
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        auto t = connected(QStringLiteral("tab-m05"));
        QVERIFY(t && t->authenticateDevice());
        // A tablet that says nothing of the technology is treated as UID-only.
        QCOMPARE(code(t->login(Demo::badgeUid(member(5)), Demo::pin())),
                 QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_uid_only"));
        QCOMPARE(m_chamber->state().failedAttempts(member(5)), 0);
    }

    void badgeProofLimits()
    {
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        const QByteArray uid = Demo::badgeUid(member(5));
        auto card = enrolledCard(uid);
        auto t = connected(QStringLiteral("tab-m05"));
        QVERIFY(t && t->authenticateDevice());
        const QJsonObject start { { QStringLiteral("badge"), QString::fromLatin1(uid.toHex()) },
                                  { QStringLiteral("pin"), Demo::pin() },
                                  { QStringLiteral("technology"), QStringLiteral("iso14443a4") } };
        auto step = [&](int n, const QJsonObject &extra = {}) {
            QJsonObject args = extra;
            args.insert(QStringLiteral("step"), n);
            return t->request(QStringLiteral("login.card"), args);
        };
        auto answer = [&](const QJsonObject &reply) {
            const auto a = card->exchange(QByteArray::fromHex(
                reply.value(QStringLiteral("card_apdu")).toString().toLatin1()));
            return QJsonObject { { QStringLiteral("answer"),
                                   QString::fromLatin1(a.value_or(QByteArray()).toHex()) } };
        };

        // No proof under way.
        QCOMPARE(code(step(1, { { QStringLiteral("failure"), QStringLiteral("card_error") } })),
                 QStringLiteral("invalid_state"));

        // One proof at a time per connection.
        QJsonObject first = t->request(QStringLiteral("login"), start);
        QVERIFY(isOk(first));
        QCOMPARE(first.value(QStringLiteral("card_step")).toInt(), 1);
        QCOMPARE(code(t->request(QStringLiteral("login"), start)), QStringLiteral("busy"));

        // An answer for another step ends the proof.
        QCOMPARE(code(step(2, answer(first))), QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_protocol_error"));
        QCOMPARE(code(step(2, answer(first))), QStringLiteral("invalid_state"));

        // Both an answer and a failure, or neither: refused.
        first = t->request(QStringLiteral("login"), start);
        QVERIFY(isOk(first));
        QCOMPARE(code(step(1)), QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_protocol_error"));

        // The tablet reports the card gone.
        first = t->request(QStringLiteral("login"), start);
        QVERIFY(isOk(first));
        QJsonObject second = step(1, answer(first));
        QCOMPARE(second.value(QStringLiteral("card_step")).toInt(), 2);
        QCOMPARE(code(step(2, { { QStringLiteral("failure"), QStringLiteral("badge_removed") } })),
                 QStringLiteral("badge_removed"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_removed"));

        // Too slow: the proof ends on the server's clock, recorded even with nobody asking.
        m_api->setCardProofTimeout(300);
        first = t->request(QStringLiteral("login"), start);
        QVERIFY(isOk(first));
        QTRY_COMPARE_WITH_TIMEOUT(lastLoginFailure(), QStringLiteral("badge_timeout"), 5000);
        QCOMPARE(code(step(1, answer(first))), QStringLiteral("badge_timeout"));

        // A card answer that is not hex, or too long, is a bad message.
        m_api->setCardProofTimeout(10000);
        first = t->request(QStringLiteral("login"), start);
        QVERIFY(isOk(first));
        QCOMPARE(code(step(1, { { QStringLiteral("answer"), QString(600, QLatin1Char('a')) } })),
                 QStringLiteral("bad_message"));

        // A tablet that hangs up mid-proof leaves a record too.
        t->socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(lastLoginFailure(), QStringLiteral("badge_abandoned"), 5000);

        // None of this counted as a wrong PIN.
        QCOMPARE(m_chamber->state().failedAttempts(member(5)), 0);
    }

    void parallelLoginsCannotBypassTheLock()
    {
        // Ten connections of one device try wrong PINs for m04 at the same moment: one is
        // checked, the others are told to wait; the lock still comes after five failures.
        std::vector<std::unique_ptr<SimTablet>> tabs;
        QList<qint64> ids;
        for (int i = 0; i < 10; ++i) {
            tabs.push_back(connected(QStringLiteral("tab-m04")));
            QVERIFY(tabs.back() && tabs.back()->authenticateDevice());
        }
        for (auto &t : tabs)
            ids.append(t->sendLogin(Demo::badgeUid(member(4)), QStringLiteral("9999")));
        int wrong = 0;
        int busy = 0;
        for (size_t i = 0; i < tabs.size(); ++i) {
            const QString c = code(tabs[i]->waitReply(ids[qsizetype(i)], 20000));
            wrong += c == QLatin1String("wrong_pin") ? 1 : 0;
            busy += c == QLatin1String("busy") ? 1 : 0;
        }
        QCOMPARE(wrong + busy, 10);
        QVERIFY2(wrong <= 2,
                 qPrintable(QString::number(wrong))); // at most one at a time, plus timing
        for (int attempt = wrong; attempt < 5; ++attempt)
            QCOMPARE(code(tabs[0]->login(Demo::badgeUid(member(4)), QStringLiteral("9999"))),
                     QStringLiteral("wrong_pin"));
        // Locked now: the right PIN, from any connection, does not open a session.
        for (auto &t : tabs)
            QCOMPARE(code(t->login(Demo::badgeUid(member(4)), Demo::pin())),
                     QStringLiteral("locked"));
    }

    /** Starts a badge proof for @p person on @p t (the `login` request), without finishing it. */
    QJsonObject startProof(SimTablet &t, const QString &person, const QString &pin)
    {
        return t.request(
            QStringLiteral("login"),
            { { QStringLiteral("badge"), QString::fromLatin1(Demo::badgeUid(person).toHex()) },
              { QStringLiteral("pin"), pin },
              { QStringLiteral("technology"), QStringLiteral("iso14443a4") } });
    }

    /** Finishes a proof started with startProof; returns the final reply. */
    static QJsonObject finishProof(SimTablet &t, Aula::Emulators::DesfireCard &card,
                                   QJsonObject reply)
    {
        while (reply.contains(QStringLiteral("card_step"))) {
            const auto a = card.exchange(QByteArray::fromHex(
                reply.value(QStringLiteral("card_apdu")).toString().toLatin1()));
            reply =
                t.request(QStringLiteral("login.card"),
                          { { QStringLiteral("step"), reply.value(QStringLiteral("card_step")) },
                            { QStringLiteral("answer"),
                              QString::fromLatin1(a.value_or(QByteArray()).toHex()) } },
                          15000);
        }
        return reply;
    }

    int journalCount(const QString &type, const QString &reason = {}) const
    {
        m_chamber->flush();
        int n = 0;
        for (const Event &e : m_journal->events())
            n += e.type == type
                    && (reason.isEmpty()
                        || e.payload.value(QStringLiteral("reason")).toString() == reason)
                ? 1
                : 0;
        return n;
    }

    void badgeProofsCannotOutrunTheLock()
    {
        // A stolen badge, several connections: the proofs cannot be lined up before the lock
        // and finished after it, and a right PIN is not told apart from a wrong one.
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        const QString who = member(4);
        auto card = enrolledCard(Demo::badgeUid(who));
        std::vector<std::unique_ptr<SimTablet>> tabs;
        for (int i = 0; i < 4; ++i) {
            tabs.push_back(connected(QStringLiteral("tab-m04")));
            QVERIFY(tabs.back() && tabs.back()->authenticateDevice());
        }
        // One proof per person at a time, across connections.
        QJsonObject first = startProof(*tabs[0], who, QStringLiteral("9999"));
        QVERIFY(first.contains(QStringLiteral("card_step")));
        for (size_t i = 1; i < tabs.size(); ++i)
            QCOMPARE(code(startProof(*tabs[i], who, QStringLiteral("9999"))),
                     QStringLiteral("busy"));
        QCOMPARE(code(finishProof(*tabs[0], *card, first)), QStringLiteral("wrong_pin"));
        for (int attempt = 2; attempt <= 4; ++attempt)
            QCOMPARE(code(finishProof(*tabs[size_t(attempt) % tabs.size()], *card,
                                      startProof(*tabs[size_t(attempt) % tabs.size()], who,
                                                 QStringLiteral("9999")))),
                     QStringLiteral("wrong_pin"));
        // A proof (with the right PIN) in flight when the fifth wrong PIN locks the person,
        // here recorded straight on the chamber: its PIN is never checked.
        QJsonObject inFlight = startProof(*tabs[1], who, Demo::pin());
        QVERIFY(inFlight.contains(QStringLiteral("card_step")));
        m_chamber->recordLogin(who, QStringLiteral("tab-m04"), false, QStringLiteral("wrong_pin"),
                               [](const Result<QJsonObject> &) {});
        QVERIFY(m_chamber->state().lockedUntil(who) > m_chamber->now());
        QCOMPARE(code(finishProof(*tabs[1], *card, inFlight)), QStringLiteral("locked"));
        // Locked: right and wrong PINs get the same answer, at `login` or after a proof.
        for (auto &t : tabs) {
            QCOMPARE(code(startProof(*t, who, Demo::pin())), QStringLiteral("locked"));
            QCOMPARE(code(startProof(*t, who, QStringLiteral("1111"))), QStringLiteral("locked"));
        }
        QCOMPARE(journalCount(QStringLiteral("login.failed"), QStringLiteral("wrong_pin")), 5);
        QCOMPARE(journalCount(QStringLiteral("login.succeeded")), 0);
        // Four PINs were checked here (the fifth failure came straight to the chamber); the
        // proof in flight at the lock and every attempt since never reached Argon2id.
        QCOMPARE(m_api->pinChecksStarted(), 4);
        // A wrong PIN that reaches the chamber while locked is recorded as `locked`, not counted.
        m_chamber->recordLogin(who, QStringLiteral("tab-m04"), false, QStringLiteral("wrong_pin"),
                               [](const Result<QJsonObject> &) {});
        QCOMPARE(journalCount(QStringLiteral("login.failed"), QStringLiteral("wrong_pin")), 5);
        QCOMPARE(m_chamber->state().failedAttempts(who), 0);
    }

    void resumeTicketsLastFromTheCardProof()
    {
        m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        const QString who = member(5);
        auto card = enrolledCard(Demo::badgeUid(who));
        auto login = [&]() -> std::unique_ptr<SimTablet> {
            auto t = connected(QStringLiteral("tab-m05"));
            return t && t->authenticateDevice() ? std::move(t) : nullptr;
        };
        auto resumeLogin = [&](SimTablet &t, const QString &resume) {
            return t.request(
                QStringLiteral("login"),
                { { QStringLiteral("badge"), QString::fromLatin1(Demo::badgeUid(who).toHex()) },
                  { QStringLiteral("pin"), Demo::pin() },
                  { QStringLiteral("resume"), resume } });
        };
        auto t = login();
        QVERIFY(t);
        const QJsonObject proven = finishProof(*t, *card, startProof(*t, who, Demo::pin()));
        QVERIFY2(isOk(proven), QJsonDocument(proven).toJson().constData());
        const QString firstTicket = proven.value(QStringLiteral("resume")).toString();
        // A second card login on the same device replaces the first ticket.
        auto t2 = login();
        QVERIFY(t2);
        const QJsonObject again = finishProof(*t2, *card, startProof(*t2, who, Demo::pin()));
        QVERIFY(isOk(again));
        auto t3 = login();
        QVERIFY(t3);
        QCOMPARE(code(resumeLogin(*t3, firstTicket)), QStringLiteral("resume_invalid"));
        // Eleven hours later a resume works, and its new ticket keeps the proof's end.
        m_clockOffset = 11 * 3600 * 1000LL;
        auto t4 = login();
        QVERIFY(t4);
        const QJsonObject resumed =
            resumeLogin(*t4, again.value(QStringLiteral("resume")).toString());
        QVERIFY2(isOk(resumed), QJsonDocument(resumed).toJson().constData());
        const QString renewed = resumed.value(QStringLiteral("resume")).toString();
        QCOMPARE(renewed.size(), 64);
        // Past twelve hours from the card proof, the renewed ticket is worth nothing.
        m_clockOffset = 12 * 3600 * 1000LL + 60000;
        auto t5 = login();
        QVERIFY(t5);
        QCOMPARE(code(resumeLogin(*t5, renewed)), QStringLiteral("resume_invalid"));
        // A ticket survives a `busy` answer: it is taken only when the PIN check starts.
        m_clockOffset = 0;
        auto t6 = login();
        QVERIFY(t6);
        const QJsonObject fresh = finishProof(*t6, *card, startProof(*t6, who, Demo::pin()));
        QVERIFY(isOk(fresh));
        auto t7 = login();
        auto t8 = login();
        QVERIFY(t7 && t8);
        QJsonObject blocker = startProof(*t7, who, Demo::pin());
        QVERIFY(blocker.contains(QStringLiteral("card_step")));
        const QString ticket = fresh.value(QStringLiteral("resume")).toString();
        QCOMPARE(code(resumeLogin(*t8, ticket)), QStringLiteral("busy"));
        t7->socket().close();
        QTRY_COMPARE_WITH_TIMEOUT(lastLoginFailure(), QStringLiteral("badge_abandoned"), 5000);
        QVERIFY(isOk(resumeLogin(*t8, ticket)));
    }

    void badInput()
    {
        auto president = loggedIn(member(1));
        QVERIFY(president);
        QVERIFY(isOk(president->request(QStringLiteral("sitting.open"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("call"), QStringLiteral("first") } })));
        std::vector<std::unique_ptr<SimTablet>> others;
        for (int i = 2; i <= 14; ++i) {
            others.push_back(loggedIn(member(i)));
            QVERIFY(others.back());
            QVERIFY(isOk(others.back()->request(QStringLiteral("attendance.checkin"),
                                                { { QStringLiteral("sitting"), kSitting } })));
        }
        QVERIFY(isOk(president->request(QStringLiteral("attendance.checkin"),
                                        { { QStringLiteral("sitting"), kSitting } })));
        auto attacker = loggedIn(member(15));
        QVERIFY(attacker);

        auto errorFor = [&](const QString &frame) -> QJsonObject {
            const qsizetype before = attacker->unsolicited().size();
            attacker->sendRaw(frame);
            (void)QTest::qWaitFor(
                [&] { return attacker->unsolicited().size() > before || !attacker->isOpen(); },
                5000);
            return attacker->unsolicited().size() > before ? attacker->unsolicited().last()
                                                           : QJsonObject();
        };
        QCOMPARE(code(errorFor(QStringLiteral("{not json"))), QStringLiteral("bad_json"));
        QCOMPARE(code(errorFor(QStringLiteral("[1,2,3]"))), QStringLiteral("bad_json"));
        // A frame whose id can be read gets its error as a reply to that id.
        attacker->sendRaw(QStringLiteral(R"({"v":2,"id":90001})"));
        QCOMPARE(code(attacker->waitReply(90001)), QStringLiteral("bad_message"));
        // Version 1 (one push per event) is gone: a client of it is told so.
        attacker->sendRaw(QStringLiteral(R"({"v":1,"id":90002,"type":"ping"})"));
        QCOMPARE(code(attacker->waitReply(90002)), QStringLiteral("unsupported_version"));
        QCOMPARE(code(errorFor(QString::fromLatin1(R"({"v":2,"id":0,"type":"ping"})"))),
                 QStringLiteral("bad_message"));
        QCOMPARE(code(errorFor(QString(70000, QLatin1Char(' ')))), QStringLiteral("too_large"));
        // Errors that carry a request id come back as replies.
        QCOMPARE(code(attacker->request(QStringLiteral("frobnicate"))),
                 QStringLiteral("unknown_type"));
        QCOMPARE(code(attacker->request(
                     QStringLiteral("ballot.vote"),
                     { { QStringLiteral("sitting"), kSitting },
                       { QStringLiteral("ballot"), QStringLiteral("b1") },
                       { QStringLiteral("choice"), QStringLiteral("maybe") },
                       { QStringLiteral("signature"), QString(128, QLatin1Char('0')) } })),
                 QStringLiteral("bad_message"));
        QCOMPARE(
            code(attacker->request(QStringLiteral("ping"), { { QStringLiteral("extra"), 1 } })),
            QStringLiteral("bad_message"));
        QCOMPARE(code(attacker->request(QStringLiteral("ballot.open"),
                                        { { QStringLiteral("sitting"), kSitting },
                                          { QStringLiteral("item"), QStringLiteral("i1") } })),
                 QStringLiteral("forbidden"));

        const QJsonObject opened =
            president->request(QStringLiteral("ballot.open"),
                               { { QStringLiteral("sitting"), kSitting },
                                 { QStringLiteral("item"), QStringLiteral("i1") } });
        QVERIFY(isOk(opened));
        const QString ballot = opened.value(QStringLiteral("ballot")).toString();
        // A forged signature: the attacker signs m15's vote with another key.
        QVERIFY(isOk(attacker->request(QStringLiteral("attendance.checkin"),
                                       { { QStringLiteral("sitting"), kSitting } })));
        const QByteArray forged = Crypto::SigningKey::generate().sign(Protocol::voteMessage(
            ballot, QStringLiteral("favour"), member(15), QByteArray(32, 'x')));
        QCOMPARE(code(attacker->request(
                     QStringLiteral("ballot.vote"),
                     { { QStringLiteral("sitting"), kSitting },
                       { QStringLiteral("ballot"), ballot },
                       { QStringLiteral("choice"), QStringLiteral("favour") },
                       { QStringLiteral("signature"), QString::fromLatin1(forged.toHex()) } })),
                 QStringLiteral("bad_signature"));
        // A replayed vote: m02's genuine signed vote sent again is refused with its receipt.
        const qint64 first = others[0]->sendVote(kSitting, ballot, QStringLiteral("favour"));
        const QJsonObject ack = others[0]->waitReply(first);
        QVERIFY(isOk(ack));
        const QJsonObject replay =
            others[0]->waitReply(others[0]->sendVote(kSitting, ballot, QStringLiteral("favour")));
        QCOMPARE(code(replay), QStringLiteral("already_voted"));
        QCOMPARE(replay.value(QStringLiteral("receipt")).toString(),
                 ack.value(QStringLiteral("receipt")).toString());

        // A flood from one connection: rate-limited, then cut off; nobody else notices.
        for (int i = 0; i < 400; ++i)
            attacker->sendRaw(
                QString::fromUtf8(Protocol::encodeRequest(1000 + i, QStringLiteral("ping"))));
        QTRY_VERIFY_WITH_TIMEOUT(!attacker->isOpen(), 10000);
        QVERIFY(std::any_of(attacker->unsolicited().begin(), attacker->unsolicited().end(),
                            [](const QJsonObject &o) {
                                return o.value(QStringLiteral("code"))
                                    == QLatin1String("rate_limited");
                            }));
        QVERIFY(isOk(others[1]->request(QStringLiteral("ping"))));
        const qint64 vote = others[1]->sendVote(kSitting, ballot, QStringLiteral("against"));
        QVERIFY(isOk(others[1]->waitReply(vote)));
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->voters.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestChamberApi)
#include "tst_chamberapi.moc"
