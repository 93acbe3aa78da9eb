// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet offline, against the real chamber server (aula-server serve, in process, with
// the demo council and its PDFs) on loopback: log in, sync the sitting into the encrypted
// store, lose the chamber, log in offline with badge + PIN and open every document from the
// store, get the chamber back, vote and see the result. Also: a wrong PIN offline opens
// nothing and locks after 5; an expired lease refuses; a revocation wipes the tablet.
#include "app/chamber/ballotcontroller.h"
#include "app/chamber/documentshelf.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/sittingdocumentsmodel.h"
#include "app/chamber/sittingtracker.h"
#include "app/chamber/tabletvault.h"
#include "app/documents/documentreader.h"
#include "platform/keyvault/filekeyvault.h"
#include "server/admin.h"
#include "server/chamber/chamber.h"
#include "server/chamberserver.h"
#include "server/demo/democouncil.h"
#include "server/demo/pdfs/demodocumentsdir.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"
#include "sync/store/statement.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::App;

namespace {

constexpr qint64 kHour = 3600LL * 1000;
constexpr qint64 kDay = 24 * kHour;
const QString kSitting = Server::Demo::sittingId();

/** `aula-server serve` in this process, on loopback, plain ws:// and http://. */
struct ChamberOnLoopback
{
    /** `leaseDays`: `aula-server serve --lease-days`. */
    explicit ChamberOnLoopback(int leaseDays = Protocol::kDefaultLeaseDays)
        : m_leaseDays(leaseDays)
    {
        auto seeded = Server::Admin::seedDemo(m_dir.path(), QString::fromUtf8(Demo::kDocumentsDir));
        if (!seeded) {
            qWarning().noquote() << seeded.error().describe();
            return;
        }
        m_ok = start();
    }

    bool start()
    {
        Server::ServeOptions o;
        o.dataDir = m_dir.path();
        o.address = QHostAddress::LocalHost;
        o.insecureLoopback = true;
        o.port = m_api; // 0 the first time: any free port, then the same ones again
        o.httpPort = m_http;
        o.leaseDays = m_leaseDays;
        auto started = Server::ChamberServer::start(o);
        if (!started) {
            qWarning().noquote() << started.error().describe();
            return false;
        }
        m_server = std::move(started).value();
        m_api = m_server->apiPort();
        m_http = m_server->httpPort();
        return true;
    }
    void stop() { m_server.reset(); }

    [[nodiscard]] Crypto::SigningKey deviceKey(const QString &person) const
    {
        QFile f(m_dir.path() + QStringLiteral("/demo-devices/tablet-%1.key").arg(person));
        (void)f.open(QIODevice::ReadOnly);
        return Crypto::SigningKey::fromSeed(QByteArray::fromHex(f.readAll().trimmed())).value();
    }

    /** Runs a command as `person` (on their demo tablet) and waits for the commit. */
    Result<QJsonObject> command(const QString &person, const QString &type, QJsonObject args)
    {
        args.insert(QStringLiteral("sitting"), kSitting);
        std::optional<Result<QJsonObject>> out;
        m_server->chamber().submit(Server::Actor { person, QStringLiteral("tablet-") + person },
                                   Server::Command { type, args },
                                   [&out](const Result<QJsonObject> &r) { out = r; });
        m_server->chamber().flush();
        (void)QTest::qWaitFor([&] { return out.has_value(); }, 5000);
        if (!out)
            return Error { QStringLiteral("timeout"), QStringLiteral("no answer") };
        return *out;
    }

    int m_leaseDays;
    QTemporaryDir m_dir;
    std::unique_ptr<Server::ChamberServer> m_server;
    quint16 m_api = 0;
    quint16 m_http = 0;
    bool m_ok = false;
};

/** One councillor's tablet, wired as main.cpp wires it, with a clock the test moves. */
struct TestTablet
{
    TestTablet(ChamberOnLoopback &chamber, const QString &person)
        : m_person(person)
        , keys(dir.path() + QStringLiteral("/keyvault"))
        , connection(options(chamber, person), chamber.deviceKey(person))
        , vault(vaultOptions(chamber), keys)
        , session(connection, nullptr)
        , tracker(connection)
        , shelf(QString())
    {
        vault.setClock([this] { return QDateTime::currentMSecsSinceEpoch() + skewMs; });
        vault.setConnection(&connection);
        session.setVault(&vault);
        shelf.setVault(&vault);
        QObject::connect(&session, &SessionManager::loggedIn, &tracker,
                         [this] { tracker.follow(kSitting); });
        connection.open();
    }

    Sync::ConnectionOptions options(const ChamberOnLoopback &chamber, const QString &person)
    {
        Sync::ConnectionOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(chamber.m_api));
        o.device = QStringLiteral("tablet-") + person;
        o.requestTimeoutMs = 3000;
        o.backoffInitialMs = 50;
        o.backoffMaxMs = 300;
        return o;
    }

    VaultOptions vaultOptions(const ChamberOnLoopback &chamber)
    {
        VaultOptions o;
        o.root = dir.path() + QStringLiteral("/stores");
        o.sync.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(chamber.m_http));
        o.sync.retryInitialMs = 50;
        o.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 }; // cheap Argon2id for tests
        return o;
    }

    void typeBadgeAndPin(const QString &pin)
    {
        session.badgeRead(Server::Demo::badgeUid(m_person));
        for (const QChar c : pin)
            session.appendDigit(c.digitValue());
        session.submitPin();
        // The store is unlocked on a worker thread: wait for the answer.
        (void)QTest::qWaitFor([&] { return session.state() != SessionManager::State::LoggingIn; },
                              10000);
    }

    /** Logs in online and waits until every document of the manifest is in the store. */
    bool logInAndSync()
    {
        if (!QTest::qWaitFor([&] { return session.isOnline(); }, 10000))
            return false;
        typeBadgeAndPin(Server::Demo::pin());
        if (!QTest::qWaitFor([&] { return session.state() == SessionManager::State::LoggedIn; },
                             20000))
            return false;
        return QTest::qWaitFor(
            [&] {
                return vault.isOpen() && !vault.isSyncing() && vault.sittings()->rowCount() > 0
                    && vault.syncText().contains(QLatin1String("Every document"));
            },
            30000);
    }

    QString m_person;
    qint64 skewMs = 0;
    QTemporaryDir dir;
    Platform::FileKeyVault keys;
    Sync::ChamberConnection connection;
    TabletVault vault;
    SessionManager session;
    SittingTracker tracker;
    DocumentShelf shelf;
};

} // namespace

class TestOfflineTablet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Crypto::ensureInitialized(); }

    void syncReadOfflineComeBackAndVote()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QAbstractItemModelTester tester(t.vault.sittings(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(t.logInAndSync());
        QVERIFY(!t.vault.syncProblem());
        QVERIFY(!t.vault.leaseText().isEmpty());

        // The sittings page's data: the demo sitting, upcoming, every file here.
        SittingsModel &sittings = *t.vault.sittings();
        QCOMPARE(sittings.rowCount(), 1);
        const QModelIndex row = sittings.index(0);
        QCOMPARE(sittings.data(row, SittingsModel::IdRole).toString(), kSitting);
        QVERIFY(sittings.data(row, SittingsModel::UpcomingRole).toBool());
        QCOMPARE(sittings.data(row, SittingsModel::FilesTotalRole).toInt(), 8);
        QCOMPARE(sittings.data(row, SittingsModel::FilesHereRole).toInt(), 8);
        QCOMPARE(sittings.data(row, SittingsModel::ProgressRole).toDouble(), 1.0);
        // Its documents as the page lists them: titled as the chamber's manifest titles them.
        SittingDocumentsModel listed;
        QAbstractItemModelTester listedTester(
            &listed, QAbstractItemModelTester::FailureReportingMode::QtTest);
        listed.setSittings(&sittings);
        listed.setSittingId(kSitting);
        QCOMPARE(listed.count(), 8);
        QCOMPARE(listed.hereCount(), 8);
        QJsonObject firstDocument; // the agenda's first document, in the chamber's manifest
        const QJsonArray items =
            QJsonDocument::fromJson(chamber.m_server->manifest())
                .object()[QStringLiteral("sittings")][0][QStringLiteral("items")]
                .toArray();
        for (const QJsonValue &item : items) {
            const QJsonArray docs = item[QStringLiteral("documents")].toArray();
            if (firstDocument.isEmpty() && !docs.isEmpty())
                firstDocument = docs.first().toObject();
        }
        const QString firstTitle = firstDocument.value(QStringLiteral("title")).toString();
        QVERIFY(!firstTitle.isEmpty());
        QCOMPARE(listed.data(listed.index(0), SittingDocumentsModel::TitleRole).toString(),
                 firstTitle);
        QCOMPARE(listed.data(listed.index(0), SittingDocumentsModel::FileNameRole).toString(),
                 firstDocument.value(QStringLiteral("name")).toString());
        QVERIFY(listed.data(listed.index(0), SittingDocumentsModel::StatusTextRole)
                    .toString()
                    .startsWith(QLatin1String("Available offline")));
        QStringList documents;
        for (int i = 0; i < listed.rowCount(); ++i)
            documents << listed.data(listed.index(i), SittingDocumentsModel::Sha256Role).toString();

        // Log out; the chamber goes away.
        t.session.logout();
        QVERIFY(!t.vault.isOpen());
        chamber.stop();
        QVERIFY(QTest::qWaitFor([&] { return !t.session.isOnline(); }, 5000));
        QVERIFY(!t.session.offlineText().isEmpty());

        // Offline: badge + PIN open the store; every document opens in the reader.
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::LoggedIn);
        QVERIFY(t.session.isOfflineSession());
        QCOMPARE(t.session.person(), QStringLiteral("m07"));
        QVERIFY(!t.session.personName().isEmpty());
        QCOMPARE(t.vault.sittings()->rowCount(), 1);
        for (const QString &sha : std::as_const(documents)) {
            QVERIFY(t.shelf.has(sha));
            auto bytes = t.vault.document(sha);
            QVERIFY(bytes);
            QCOMPARE(QString::fromLatin1(Crypto::sha256(*bytes).toHex()), sha);
            Documents::DocumentReader reader;
            QVERIFY2(t.shelf.openIn(&reader, sha), qPrintable(reader.errorMessage()));
            QVERIFY(reader.pageCount() > 0);
        }

        // The chamber is back on the same ports: the tablet logs in there by itself.
        QVERIFY(chamber.start());
        QVERIFY(QTest::qWaitFor([&] { return !t.session.isOfflineSession(); }, 15000));
        QCOMPARE(t.session.state(), SessionManager::State::LoggedIn);
        QVERIFY(QTest::qWaitFor([&] { return t.tracker.isReady(); }, 10000));

        // The president opens the sitting and a ballot; the councillor votes and sees it.
        const QString president = QStringLiteral("m01");
        QVERIFY(chamber.command(president, QStringLiteral("sitting.open"),
                                { { QStringLiteral("call"), QStringLiteral("first") } }));
        for (int i = 1; i <= 14; ++i)
            QVERIFY(chamber.command(president, QStringLiteral("attendance.set"),
                                    { { QStringLiteral("member"),
                                        QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0')) },
                                      { QStringLiteral("present"), true } }));
        QVERIFY(chamber.command(president, QStringLiteral("agenda.goto"),
                                { { QStringLiteral("item"), QStringLiteral("i1") } }));
        auto opened = chamber.command(president, QStringLiteral("ballot.open"),
                                      { { QStringLiteral("item"), QStringLiteral("i1") } });
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().describe()));
        const QString ballotId = opened->value(QStringLiteral("ballot")).toString();
        BallotController ballot;
        ballot.setTracker(&t.tracker);
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Choosing; },
                                5000));
        ballot.choose(QStringLiteral("favour"));
        ballot.confirm();
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Voted; },
                                5000));
        QCOMPARE(ballot.receipt().size(), 64);
        QVERIFY(chamber.command(president, QStringLiteral("ballot.close"),
                                { { QStringLiteral("ballot"), ballotId } }));
        QVERIFY(QTest::qWaitFor([&] { return ballot.phase() == BallotController::Phase::Result; },
                                5000));
        QVERIFY(!ballot.explanation().isEmpty());
    }

    void onlineWrongPinsShowAttemptsAndLockOut()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QVERIFY(QTest::qWaitFor([&] { return t.session.isOnline(); }, 10000));
        const QString wrong = Server::Demo::pin() == QLatin1String("9999") ? QStringLiteral("8888")
                                                                           : QStringLiteral("9999");
        // The chamber's count reaches the page: 4, 3, 2, 1 attempts left.
        for (int left = 4; left >= 1; --left) {
            t.typeBadgeAndPin(wrong);
            QVERIFY(QTest::qWaitFor(
                [&] { return t.session.state() == SessionManager::State::EnteringPin; }, 20000));
            QCOMPARE(t.session.attemptsLeft(), left);
            t.session.cancel();
        }
        // The fifth locks the badge on the chamber: "locked until HH:MM".
        t.typeBadgeAndPin(wrong);
        QVERIFY(QTest::qWaitFor(
            [&] { return t.session.state() == SessionManager::State::WaitingForBadge; }, 20000));
        QVERIFY(t.session.lockedUntil() > QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(t.session.lockedUntilText(),
                 QDateTime::fromMSecsSinceEpoch(t.session.lockedUntil())
                     .toString(QStringLiteral("HH:mm")));
        // The right PIN while locked: refused with the same time; no store is made.
        t.typeBadgeAndPin(Server::Demo::pin());
        QVERIFY(QTest::qWaitFor(
            [&] { return t.session.state() == SessionManager::State::WaitingForBadge; }, 20000));
        QVERIFY(!t.session.lockedUntilText().isEmpty());
        QVERIFY(!t.vault.isOpen());
    }

    void wrongPinOfflineOpensNothingAndLocks()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QVERIFY(t.logInAndSync());
        t.session.logout();
        chamber.stop();
        QVERIFY(QTest::qWaitFor([&] { return !t.session.isOnline(); }, 5000));

        const QString wrong = Server::Demo::pin() == QLatin1String("9999") ? QStringLiteral("8888")
                                                                           : QStringLiteral("9999");
        for (int left = 4; left >= 1; --left) {
            t.typeBadgeAndPin(wrong);
            QCOMPARE(t.session.state(), SessionManager::State::EnteringPin);
            QVERIFY(!t.vault.isOpen());
            QCOMPARE(t.session.attemptsLeft(), left);
            QVERIFY2(t.session.message().contains(QLatin1String("Wrong PIN")),
                     qPrintable(t.session.message()));
            t.session.cancel();
        }
        t.typeBadgeAndPin(wrong); // the fifth
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QVERIFY(!t.vault.isOpen());
        // "Locked until HH:MM": 15 minutes from now.
        const qint64 until = t.session.lockedUntil();
        QVERIFY(qAbs(until - (QDateTime::currentMSecsSinceEpoch() + 15 * 60 * 1000)) < 5000);
        QCOMPARE(t.session.lockedUntilText(),
                 QDateTime::fromMSecsSinceEpoch(until).toString(QStringLiteral("HH:mm")));
        QVERIFY(!t.session.message().isEmpty());

        // Locked: even the right PIN opens nothing until the lock-out ends.
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QVERIFY(!t.vault.isOpen());
        t.skewMs = 16 * 60 * 1000;
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::LoggedIn);
        QVERIFY(t.vault.isOpen());

        // A clock set back before the last attempt counts as locked.
        t.session.logout();
        t.skewMs = 0;
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QVERIFY(!t.vault.isOpen());

        // Ten wrong PINs offline since the last online login: only the chamber opens it now,
        // even with the lock-out over and the right PIN.
        t.skewMs = 17 * 60 * 1000;
        for (int left = 4; left >= 1; --left) {
            t.typeBadgeAndPin(wrong);
            QCOMPARE(t.session.attemptsLeft(), left);
            t.session.cancel();
        }
        t.typeBadgeAndPin(wrong); // the tenth since the online login
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        t.skewMs = 40 * 60 * 1000;
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QVERIFY(!t.vault.isOpen());
        QVERIFY2(t.session.message().contains(QLatin1String("chamber")),
                 qPrintable(t.session.message()));
    }

    void expiredLeaseRefuses_data()
    {
        QTest::addColumn<int>("leaseDays"); // aula-server serve --lease-days
        QTest::addColumn<qint64>("within");
        QTest::addColumn<qint64>("beyond");
        QTest::newRow("default 14 days") << Protocol::kDefaultLeaseDays << 13 * kDay << 15 * kDay;
        // The chamber's lease, not the tablet's own default: the store's lease is renewed to
        // what the login answer says.
        QTest::newRow("the chamber's 1 day") << 1 << 20 * kHour << kDay + kHour;
    }

    void expiredLeaseRefuses()
    {
        QFETCH(int, leaseDays);
        QFETCH(qint64, within);
        QFETCH(qint64, beyond);
        ChamberOnLoopback chamber(leaseDays);
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QVERIFY(t.logInAndSync());
        t.session.logout();
        chamber.stop();
        QVERIFY(QTest::qWaitFor([&] { return !t.session.isOnline(); }, 5000));

        t.skewMs = within;
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::LoggedIn);
        t.session.logout();
        t.skewMs = beyond;
        t.typeBadgeAndPin(Server::Demo::pin());
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QVERIFY(!t.vault.isOpen());
        QVERIFY2(t.session.message().contains(QLatin1String("too long")),
                 qPrintable(t.session.message()));
    }

    void damagedDownloadIsFetchedAgainAndSaid()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        // One of the chamber's files is damaged; it is repaired after the tablet refuses it.
        const QString docs = chamber.m_dir.path() + QStringLiteral("/documents");
        QString victim;
        QDirIterator it(docs, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext() && victim.isEmpty()) {
            const QString path = it.next();
            if (QFileInfo(path).fileName().size() == 64)
                victim = path;
        }
        QVERIFY(!victim.isEmpty());
        QFile::setPermissions(victim, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QByteArray original;
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::ReadWrite));
            original = f.readAll();
            f.seek(original.size() / 2);
            f.write("XXXX");
        }
        QObject::connect(&t.vault, &TabletVault::openChanged, &t.vault, [&] {
            if (auto *sync = t.vault.documentSync())
                QObject::connect(sync, &Sync::DocumentSync::retrying, sync, [&] {
                    QFile f(victim);
                    if (f.open(QIODevice::WriteOnly))
                        f.write(original);
                });
        });
        QVERIFY(t.logInAndSync());
        QVERIFY(!t.vault.syncProblem());
        QVERIFY2(t.vault.syncText().contains(QLatin1String("fetched again: 1")),
                 qPrintable(t.vault.syncText()));
        QCOMPARE(t.vault.sittings()
                     ->data(t.vault.sittings()->index(0), SittingsModel::FilesHereRole)
                     .toInt(),
                 8);
    }

    void aDamagedStoredCopyIsSaidAndFetchedAgain()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QVERIFY(t.logInAndSync());
        SittingsModel &sittings = *t.vault.sittings();
        const QList<SittingsModel::Document> docs = sittings.documents(kSitting);
        QVERIFY(!docs.isEmpty());
        const QString sha = QString::fromLatin1(docs.first().sha256.toHex());
        // Flash damage: one byte of every sealed document file changes.
        const QDir files(t.vault.store()->documentDirectory());
        const QStringList names = files.entryList(QDir::Files);
        QCOMPARE(names.size(), 8);
        for (const QString &name : names) {
            QFile f(files.filePath(name));
            QVERIFY(f.open(QIODevice::ReadWrite));
            const QByteArray bytes = f.readAll();
            QVERIFY(f.seek(bytes.size() / 2));
            QVERIFY(f.write(QByteArray(1, char(bytes.at(bytes.size() / 2) ^ 0x20))) == 1);
        }
        // The reader says what happened instead of opening garbage or nothing...
        Documents::DocumentReader reader;
        QVERIFY(!t.shelf.openIn(&reader, sha));
        QCOMPARE(reader.status(), QStringLiteral("error"));
        QCOMPARE(reader.errorCode(), QStringLiteral("corrupt"));
        QVERIFY2(reader.errorMessage().contains(QLatin1String("downloaded again")),
                 qPrintable(reader.errorMessage()));
        // ...and the tablet, online, fetches that document again at once.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !t.vault.isSyncing()
                    && t.vault.store()->hasDocument(docs.first().sha256).value();
            },
            20000));
        Documents::DocumentReader again;
        QVERIFY2(t.shelf.openIn(&again, sha), qPrintable(again.errorMessage()));
        QVERIFY(again.pageCount() > 0);
    }

    void fullDiskIsSaidAndTheStoreStaysReadable()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        // Room for about 300 KB of documents when the store opens, before the sync starts:
        // the disk "fills" part-way through the 690 KB of the sitting.
        bool limited = false;
        QObject::connect(&t.vault, &TabletVault::openChanged, &t.vault, [&] {
            Tablet::TabletStore *store = t.vault.store();
            if (!store || limited)
                return;
            store->setDocumentSpaceLimit(store->documentBytes() + 300 * 1024);
            limited = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return t.session.isOnline(); }, 10000));
        t.typeBadgeAndPin(Server::Demo::pin());
        QVERIFY(QTest::qWaitFor([&] { return t.vault.syncProblem(); }, 30000));
        QVERIFY(limited);
        QVERIFY(!t.vault.isSyncing());
        QVERIFY2(t.vault.syncText().contains(QLatin1String("storage is full")),
                 qPrintable(t.vault.syncText()));
        SittingsModel &sittings = *t.vault.sittings();
        const int here = sittings.data(sittings.index(0), SittingsModel::FilesHereRole).toInt();
        QVERIFY2(here > 0 && here < 8, qPrintable(QString::number(here)));
        QVERIFY(t.vault.syncText().contains(QStringLiteral("%1 of 8").arg(here)));
        // Consistent: the store passes its integrity check and what it holds opens.
        auto check = t.vault.store()->database().prepare("PRAGMA integrity_check");
        QVERIFY(check && check.value().step().value());
        QCOMPARE(check.value().columnText(0), QStringLiteral("ok"));
        int opened = 0;
        for (const SittingsModel::Document &d : sittings.documents(kSitting)) {
            if (!d.here)
                continue;
            Documents::DocumentReader reader;
            QVERIFY(t.shelf.openIn(&reader, QString::fromLatin1(d.sha256.toHex())));
            ++opened;
        }
        QCOMPARE(opened, here);
    }

    void revocationWipesTheTablet()
    {
        ChamberOnLoopback chamber;
        QVERIFY(chamber.m_ok);
        TestTablet t(chamber, QStringLiteral("m07"));
        QVERIFY(t.logInAndSync());
        const QString root = t.dir.path() + QStringLiteral("/stores");
        QVERIFY(Tablet::TabletStore::exists(root, QStringLiteral("m07")));
        const QString secret = Tablet::TabletStore::vaultSecretName(QStringLiteral("m07"));
        QVERIFY(t.keys.contains(secret));

        // The clerk revokes the tablet; on its next connection the chamber says so.
        QVERIFY(chamber.m_server->chamber()
                    .appendAdministrative(
                        { { QStringLiteral("device.revoked"),
                            { { QStringLiteral("device"), QStringLiteral("tablet-m07") },
                              { QStringLiteral("reason"), QStringLiteral("stolen") } } } })
                    .ok());
        chamber.stop();
        QVERIFY(chamber.start());
        QVERIFY(QTest::qWaitFor([&] { return !t.vault.wipeText().isEmpty(); }, 15000));
        QVERIFY(!t.vault.isOpen());
        QVERIFY(!Tablet::TabletStore::exists(root, QStringLiteral("m07")));
        QVERIFY(!t.keys.contains(secret));
        QCOMPARE(t.session.state(), SessionManager::State::WaitingForBadge);
        QCOMPARE(t.session.message(), t.vault.wipeText());

        // Nothing opens offline any more.
        chamber.stop();
        t.typeBadgeAndPin(Server::Demo::pin());
        QVERIFY(!t.vault.isOpen());
        QVERIFY(t.session.state() != SessionManager::State::LoggedIn);
    }
};

QTEST_MAIN(TestOfflineTablet)
#include "tst_offlinetablet.moc"
