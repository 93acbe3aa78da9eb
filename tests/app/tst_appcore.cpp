// SPDX-License-Identifier: GPL-3.0-or-later
// The app's core without a window, against the real chamber API on loopback: log in with
// badge and PIN, follow the sitting, see the agenda and quorum, take the floor, vote, see
// the result and its explanation, lose the chamber, vote while offline (not delivered),
// come back and retry (delivered once).
#include "app/chamber/agendamodel.h"
#include "app/chamber/ballotcontroller.h"
#include "app/chamber/connectionbanner.h"
#include "app/chamber/floorcontroller.h"
#include "app/chamber/presidentcontroller.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/sittingcontroller.h"
#include "app/chamber/sittingtracker.h"
#include "sync/connection/chamberconnection.h"
#include "tests/tablet/chamberfixture.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

using namespace Aula;
using namespace Aula::App;
using Aula::Test::ChamberFixture;
using Aula::Test::member;

namespace {

/** One tablet: a connection, a session and a tracker, as main.cpp wires them. */
struct Tablet
{
    Tablet(ChamberFixture &fx, quint16 port, const QString &person)
        : connection(options(port, person), fx.deviceKey(person))
        , session(connection, nullptr)
        , tracker(connection)
    {
        QObject::connect(&session, &SessionManager::loggedIn, &tracker,
                         [this] { tracker.follow(ChamberFixture::kSitting); });
        connection.open();
    }

    static Sync::ConnectionOptions options(quint16 port, const QString &person)
    {
        Sync::ConnectionOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port));
        o.device = QStringLiteral("tab-") + person;
        o.requestTimeoutMs = 3000;
        o.backoffInitialMs = 50;
        o.backoffMaxMs = 300;
        return o;
    }

    bool logIn(const QString &person, const QString &pin = QStringLiteral("1234"))
    {
        if (!QTest::qWaitFor([&] { return session.isOnline(); }, 10000))
            return false;
        session.badgeRead(Server::Demo::badgeUid(person));
        for (const QChar c : pin)
            session.appendDigit(c.digitValue());
        session.submitPin();
        return QTest::qWaitFor(
            [&] { return session.state() == SessionManager::State::LoggedIn && tracker.isReady(); },
            20000);
    }

    Sync::ChamberConnection connection;
    SessionManager session;
    SittingTracker tracker;
};

} // namespace

class TestAppCore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::Italian)); }

    void wrongPinIsExplained()
    {
        ChamberFixture fx;
        QVERIFY(fx.ok());
        QVERIFY(fx.listen().ok());
        Tablet t(fx, fx.m_api->port(), member(7));
        QVERIFY(QTest::qWaitFor([&] { return t.session.isOnline(); }, 10000));
        t.session.badgeRead(Server::Demo::badgeUid(member(7)));
        QCOMPARE(t.session.state(), SessionManager::State::EnteringPin);
        t.session.appendDigit(9);
        t.session.appendDigit(9);
        t.session.appendDigit(9);
        QVERIFY(!t.session.canSubmit()); // 3 digits are not a PIN
        t.session.appendDigit(9);
        QVERIFY(t.session.canSubmit());
        t.session.submitPin();
        QVERIFY(QTest::qWaitFor([&] { return !t.session.message().isEmpty(); }, 20000));
        QCOMPARE(t.session.state(), SessionManager::State::EnteringPin);
        QVERIFY2(t.session.message().contains(QLatin1String("PIN")),
                 qPrintable(t.session.message()));
        QCOMPARE(t.session.pinLength(), 0);
    }

    void offlineLoginIsExplained()
    {
        ChamberFixture fx;
        QVERIFY(fx.ok());
        QVERIFY(fx.listen().ok());
        const quint16 port = fx.m_api->port();
        fx.stopApi(); // nobody listens: the tablet stays offline
        Tablet t(fx, port, member(7));
        ConnectionBanner banner;
        banner.setSession(&t.session);
        QTest::qWait(300); // a few failed attempts
        // Never connected yet: the banner says it is still trying, not "connected".
        QCOMPARE(banner.level(), ConnectionBanner::Level::Connecting);
        QVERIFY(!t.session.isOnline());
        t.session.badgeRead(Server::Demo::badgeUid(member(7)));
        for (int d : { 1, 2, 3, 4 })
            t.session.appendDigit(d);
        t.session.submitPin();
        // Nothing is sent; the person is told why and keeps the PIN pad.
        QCOMPARE(t.session.state(), SessionManager::State::EnteringPin);
        QVERIFY(!t.session.message().isEmpty());
        QCOMPARE(t.session.pinLength(), 4);
    }

    void sittingEndToEnd()
    {
        ChamberFixture fx;
        QVERIFY(fx.ok());
        QVERIFY(fx.listen().ok());
        const quint16 port = fx.m_api->port();
        Tablet president(fx, port, member(1));
        Tablet councillor(fx, port, member(7));
        QVERIFY(president.logIn(member(1)));
        QVERIFY(councillor.logIn(member(7)));

        ConnectionBanner banner;
        banner.setSession(&councillor.session);
        QCOMPARE(banner.level(), ConnectionBanner::Level::Connected);

        AgendaModel agenda;
        QAbstractItemModelTester agendaTester(
            &agenda, QAbstractItemModelTester::FailureReportingMode::QtTest);
        agenda.setTracker(&councillor.tracker);
        QCOMPARE(agenda.rowCount(), 8);
        QCOMPARE(agenda.currentRow(), -1);
        QVERIFY(!agenda.data(agenda.index(0), AgendaModel::TitleRole).toString().isEmpty());

        SittingController mySitting;
        mySitting.setTracker(&councillor.tracker);
        PresidentController chair;
        chair.setTracker(&president.tracker);
        PresidentController notChair;
        notChair.setTracker(&councillor.tracker);
        QVERIFY(chair.isChair());
        QVERIFY(!notChair.isChair());
        QVERIFY(!notChair.canOpenSitting());
        QVERIFY(chair.canOpenSitting());
        QVERIFY(!mySitting.canCheckIn()); // not open yet

        // The chair opens the sitting; the councillor sees it and checks in.
        chair.openSitting();
        QVERIFY(QTest::qWaitFor([&] { return mySitting.status() == QLatin1String("open"); }, 5000));
        QVERIFY(mySitting.canCheckIn());
        mySitting.checkIn();
        QVERIFY(QTest::qWaitFor([&] { return mySitting.iAmPresent(); }, 5000));
        QCOMPARE(mySitting.present(), 1);
        QCOMPARE(mySitting.quorumRequired(), 13);
        QVERIFY(!mySitting.quorate());

        // No quorum: the chair cannot open a ballot, and is told why.
        chair.nextItem();
        QVERIFY(QTest::qWaitFor([&] { return agenda.currentRow() == 0; }, 5000));
        QVERIFY(agenda.data(agenda.index(0), AgendaModel::CurrentRole).toBool());
        QVERIFY(!chair.canOpenBallot());
        QVERIFY(!chair.ballotHint().isEmpty());

        for (int i = 1; i <= 14; ++i) {
            if (i != 7)
                QVERIFY(fx.command(member(1), QStringLiteral("attendance.set"),
                                   { { QStringLiteral("member"), member(i) },
                                     { QStringLiteral("present"), true } })
                            .ok());
        }
        QVERIFY(QTest::qWaitFor([&] { return mySitting.quorate(); }, 5000));
        QCOMPARE(mySitting.present(), 14);

        // The floor: ask, be granted, see the time run from the chamber's clock.
        FloorController myFloor;
        myFloor.setTracker(&councillor.tracker);
        FloorController chairFloor;
        chairFloor.setTracker(&president.tracker);
        QVERIFY(myFloor.canRequest());
        myFloor.requestFloor();
        QVERIFY(QTest::qWaitFor([&] { return myFloor.myPosition() == 1; }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return chairFloor.queueNames().size() == 1; }, 5000));
        QCOMPARE(chairFloor.queueText(), chairFloor.queueNames().constFirst());
        QVERIFY(!chairFloor.queueText().isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return chairFloor.canGrantNext(); }, 5000));
        QVERIFY(!myFloor.canGrantNext());
        chairFloor.grantNext();
        QVERIFY(QTest::qWaitFor([&] { return myFloor.iAmSpeaking(); }, 5000));
        QCOMPARE(myFloor.myPosition(), 0);
        QVERIFY2(myFloor.remainingSeconds() > 590 && myFloor.remainingSeconds() <= 600,
                 qPrintable(myFloor.remainingText()));
        chairFloor.extend(60);
        QVERIFY(QTest::qWaitFor([&] { return myFloor.remainingSeconds() > 650; }, 5000));
        myFloor.endSpeech(); // the speaker yields
        QVERIFY(QTest::qWaitFor([&] { return myFloor.speakerName().isEmpty(); }, 5000));

        // The ballot.
        BallotController ballot;
        ballot.setTracker(&councillor.tracker);
        QAbstractItemModelTester votesTester(
            ballot.votes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(ballot.phase(), BallotController::Phase::Idle);
        QVERIFY(chair.canOpenBallot());
        chair.openBallot();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Choosing; },
                                5000));
        QVERIFY(ballot.isActive());
        QCOMPARE(ballot.kindText(), QStringLiteral("Open ballot")); // no translator loaded here
        QVERIFY(ballot.itemTitle().startsWith(QLatin1String("Item 1")));
        ballot.choose(QStringLiteral("favour"));
        QCOMPARE(ballot.phase(), BallotController::Phase::Confirming);
        ballot.back();
        QCOMPARE(ballot.phase(), BallotController::Phase::Choosing);
        ballot.choose(QStringLiteral("against"));
        ballot.confirm();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Voted; },
                                5000));
        QCOMPARE(ballot.receipt().size(), 64);
        // The live count arrives; who voted what waits for the result.
        QVERIFY2(QTest::qWaitFor(
                     [&] { return ballot.progressText().startsWith(QLatin1String("1 of")); }, 5000),
                 qPrintable(ballot.progressText()));
        QCOMPARE(ballot.votes()->rowCount(), 0);
        QCOMPARE(fx.votersOn(councillor.tracker.sitting().openBallot()), 1);

        // Others vote favour; the chair closes; the result comes with the Italian explanation.
        const QString ballotId = councillor.tracker.sitting().openBallot();
        for (int i = 1; i <= 10; ++i) {
            if (i == 7)
                continue;
            QVERIFY(fx.command(member(i), QStringLiteral("ballot.vote"),
                               { { QStringLiteral("ballot"), ballotId },
                                 { QStringLiteral("choice"), QStringLiteral("favour") } })
                        .ok());
        }
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return ballot.progressText().startsWith(QLatin1String("10 of")); }, 5000),
            qPrintable(ballot.progressText()));
        chair.closeBallot();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Result; },
                                5000));
        // The result carries the roll: ten rows, mine among them with my choice.
        QCOMPARE(ballot.votes()->rowCount(), 10);
        int against = 0;
        for (int row = 0; row < 10; ++row)
            against +=
                ballot.votes()->data(ballot.votes()->index(row), VotesModel::ChoiceRole).toString()
                == QLatin1String("against");
        QCOMPARE(against, 1);
        QVERIFY(ballot.approved());
        QVERIFY(ballot.tallyText().contains(QLatin1String("9")));
        QVERIFY2(ballot.explanation().contains(QLatin1String("favorevoli"), Qt::CaseInsensitive),
                 qPrintable(ballot.explanation()));
        ballot.dismiss();
        QCOMPARE(ballot.phase(), BallotController::Phase::Idle);

        // A second ballot (the repeat on immediate effect is not needed: open another one on
        // item 1 again), during which the chamber goes away.
        chair.openBallot();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Choosing; },
                                5000));
        const QString second = councillor.tracker.sitting().openBallot();
        fx.stopApi();
        QVERIFY(QTest::qWaitFor(
            [&] { return banner.level() == ConnectionBanner::Level::Reconnecting; }, 5000));
        QVERIFY2(
            banner.text().contains(QDateTime::currentDateTime().toString(QStringLiteral("HH"))),
            qPrintable(banner.text()));
        ballot.choose(QStringLiteral("favour"));
        ballot.confirm();
        QVERIFY(QTest::qWaitFor(
            [&] { return ballot.phase() == BallotController::Phase::NotDelivered; }, 5000));
        QVERIFY(!ballot.problem().isEmpty());
        QCOMPARE(fx.votersOn(second), 0);

        // The chamber is back on the same port: the tablet reconnects, logs in again by
        // itself, the retry is delivered and counted once.
        QVERIFY(fx.listen(std::nullopt, port).ok());
        QVERIFY(QTest::qWaitFor(
            [&] { return banner.level() == ConnectionBanner::Level::Connected; }, 15000));
        QVERIFY(QTest::qWaitFor([&] { return councillor.tracker.isReady(); }, 5000));
        QCOMPARE(ballot.phase(), BallotController::Phase::NotDelivered);
        ballot.retry();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Voted; },
                                10000));
        QCOMPARE(fx.votersOn(second), 1);
        ballot.retry(); // not in NotDelivered: nothing is sent
        QTest::qWait(200);
        QCOMPARE(fx.votersOn(second), 1);
    }
};

QTEST_GUILESS_MAIN(TestAppCore)
#include "tst_appcore.moc"
