// SPDX-License-Identifier: GPL-3.0-or-later
// Seat readers: `serve` with a seat reader file, each seat a tests/emulators/pn532-emulator
// behind libnfc's real pn532_uart driver. A DESFire badge proves its key and marks its
// member present at the seat; removal marks them absent after the grace period; copied
// UIDs do not count; a reader that disappears is reported and found again.
#include "server/admin.h"
#include "server/badgeadmin.h"
#include "server/badges/aulabadge.h"
#include "server/chamberserver.h"
#include "server/demo/democouncil.h"
#include "server/hardware/hardwarebridge.h"
#include "server/hardware/seatreaderconfig.h"
#include "sync/crypto/crypto.h"
#include "tests/emulators/emulatorprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;
using Aula::Test::EmulatorProcess;

namespace {

constexpr int Patience = 30000;
constexpr int GraceMs = 600;
const QString kSitting = QStringLiteral("s1");
const QString kMember = QStringLiteral("m07");

} // namespace

class TestSeatReaders : public QObject
{
    Q_OBJECT

    QByteArray m_pinHash;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EmulatorProcess> m_seat7;
    std::unique_ptr<EmulatorProcess> m_seat8;
    std::unique_ptr<ChamberServer> m_server;
    QByteArray m_cardKey;

    QString dataDir() const { return m_dir->filePath(QStringLiteral("chamber")); }

    [[nodiscard]] bool present(const QString &member)
    {
        return m_server->chamber().state().sitting(kSitting)->isPresent(member);
    }

    // m07's badge: a DESFire card with its UID, personalised for this chamber.
    void defineCards(EmulatorProcess &emulator)
    {
        const QByteArray uid = Demo::badgeUid(kMember);
        QVERIFY(emulator.command("card good desfire " + uid.toHex()).startsWith("ok"));
        QVERIFY(emulator.command("app good 4155aa " + m_cardKey.toHex()).startsWith("ok"));
        // What a cloner can make: the UID on a cheap card, or on a DESFire without the key.
        QVERIFY(emulator.command("card cheap uid " + uid.toHex()).startsWith("ok"));
        QVERIFY(emulator.command("card clone desfire " + uid.toHex()).startsWith("ok"));
        QVERIFY(
            emulator.command("app clone 4155aa 000102030405060708090a0b0c0d0e0f").startsWith("ok"));
    }

    void startServer(const QByteArray &proof = "desfire", int reproveSeconds = 60)
    {
        QFile config(dataDir() + QStringLiteral("/seat-readers.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            QJsonDocument(
                QJsonObject { { QStringLiteral("seats"),
                                QJsonObject { { QStringLiteral("7"), m_seat7->connection() },
                                              { QStringLiteral("8"), m_seat8->connection() } } },
                              { QStringLiteral("proof"), QString::fromLatin1(proof) },
                              { QStringLiteral("reprove_seconds"), reproveSeconds } })
                .toJson());
        config.close();
        ServeOptions options;
        options.dataDir = dataDir();
        options.address = QHostAddress::LocalHost;
        options.port = 0;
        options.insecureLoopback = true;
        options.seatGraceMs = GraceMs;
        auto server = ChamberServer::start(options);
        QVERIFY2(server.ok(), server.ok() ? "" : qPrintable(server.error().describe()));
        m_server = std::move(server).value();
        // The sitting opens, so that seat presence is the roll call's.
        m_server->chamber().submit(
            Actor { QStringLiteral("m01"), {} },
            Command { QStringLiteral("sitting.open"),
                      { { QStringLiteral("sitting"), kSitting },
                        { QStringLiteral("call"), QStringLiteral("first") } } },
            {});
        m_server->chamber().flush();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(Crypto::initialize().ok());
        auto hash = Crypto::hashPin("1234");
        QVERIFY(hash.ok());
        m_pinHash = *hash;
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(Admin::init(dataDir(), {}).ok());
        {
            auto oc = OpenChamber::open(dataDir());
            QVERIFY(oc.ok());
            QJsonObject file = Demo::councilImport(24, false);
            QJsonArray credentials;
            for (const QString &person : { kMember, QStringLiteral("m08") })
                credentials.append(
                    QJsonObject { { QStringLiteral("person"), person },
                                  { QStringLiteral("badge"),
                                    QString::fromLatin1(Demo::badgeUid(person).toHex()) },
                                  { QStringLiteral("pin_hash"), QString::fromUtf8(m_pinHash) } });
            file.insert(QStringLiteral("credentials"), credentials);
            QVERIFY(Admin::importCouncil(**oc, file).ok());
            QVERIFY((*oc)
                        ->chamber
                        ->appendAdministrative({ { QStringLiteral("sitting.imported"),
                                                   { { QStringLiteral("sitting"),
                                                       Demo::sittingImport(kSitting) } } } })
                        .ok());
            auto diversifier = Admin::badgeDiversifier((*oc)->dataDir);
            QVERIFY(diversifier.ok());
            auto key = diversifier->diversify(Demo::badgeUid(kMember), Badges::kApplicationId);
            QVERIFY(key.ok());
            m_cardKey = *key;
        }
        m_seat7 = std::make_unique<EmulatorProcess>(m_dir->filePath(QStringLiteral("seat7")));
        m_seat8 = std::make_unique<EmulatorProcess>(m_dir->filePath(QStringLiteral("seat8")));
        QVERIFY(m_seat7->ready());
        QVERIFY(m_seat8->ready());
        defineCards(*m_seat7);
        defineCards(*m_seat8);
    }

    void cleanup()
    {
        m_server.reset();
        m_seat7.reset();
        m_seat8.reset();
        m_dir.reset();
    }

    void configIsCheckedField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("no seats") << QByteArray("{}") << QStringLiteral("seats");
        QTest::newRow("seat zero")
            << QByteArray(R"({"seats": {"0": "pn532_uart:/dev/a"}})") << QStringLiteral("seats.0");
        QTest::newRow("seat name") << QByteArray(R"({"seats": {"seven": "pn532_uart:/dev/a"}})")
                                   << QStringLiteral("seats.seven");
        QTest::newRow("empty reader")
            << QByteArray(R"({"seats": {"7": " "}})") << QStringLiteral("seats.7");
        QTest::newRow("reader twice")
            << QByteArray(R"({"seats": {"7": "pn532_uart:/dev/a", "8": "pn532_uart:/dev/a"}})")
            << QStringLiteral("seats.8");
        QTest::newRow("proof") << QByteArray(R"({"seats": {}, "proof": "maybe"})")
                               << QStringLiteral("proof");
        QTest::newRow("reprove") << QByteArray(R"({"seats": {}, "reprove_seconds": 1.5})")
                                 << QStringLiteral("reprove_seconds");
        QTest::newRow("unknown") << QByteArray(R"({"seats": {}, "grace": 3})")
                                 << QStringLiteral("grace");
    }

    void configIsCheckedField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        auto config = SeatReaderConfig::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, QStringLiteral("invalid_field"));
        QCOMPARE(config.error().field, field);
    }

    void configDefaults()
    {
        auto config = SeatReaderConfig::fromJson(
            QJsonDocument::fromJson(R"({"seats": {"12": "pn532_uart:/dev/ttyUSB3"}})").object());
        QVERIFY(config.ok());
        QCOMPARE(config->proof, SeatReaderConfig::Proof::Desfire);
        QCOMPARE(config->readers.value(12), QStringLiteral("pn532_uart:/dev/ttyUSB3"));
        // serve names the file when it cannot start from it.
        QFile bad(dataDir() + QStringLiteral("/seat-readers.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"seats": {"7": 7}})");
        bad.close();
        ServeOptions options;
        options.dataDir = dataDir();
        options.address = QHostAddress::LocalHost;
        options.port = 0;
        options.insecureLoopback = true;
        auto server = ChamberServer::start(options);
        QVERIFY(!server.ok());
        QVERIFY2(server.error().message.contains(QLatin1String("seat-readers.json")),
                 qPrintable(server.error().describe()));
        QCOMPARE(server.error().field, QStringLiteral("seats.7"));
    }

    void presentAtTheSeatThenAbsentAfterTheGracePeriod()
    {
        startServer();
        QSignalSpy connected(&m_server->hardware(), &HardwareBridge::seatReaderConnected);
        QVERIFY(QTest::qWaitFor([&] { return connected.count() >= 2; }, Patience));
        QVERIFY(!present(kMember));

        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
        QCOMPARE(m_server->chamber().state().sitting(kSitting)->attendance.value(kMember).source,
                 QStringLiteral("seat"));

        // Lifted for a moment and put back: still present.
        QVERIFY(m_seat7->command("remove").startsWith("ok"));
        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTest::qWait(GraceMs * 3);
        QVERIFY(present(kMember));

        // Taken away: present for the grace period, then absent.
        QSignalSpy removed(&m_server->hardware(), &HardwareBridge::badgeRemoved);
        QVERIFY(m_seat7->command("remove").startsWith("ok"));
        QVERIFY(removed.wait(Patience));
        QElapsedTimer sinceRemoval;
        sinceRemoval.start();
        QVERIFY(present(kMember));
        QTRY_VERIFY_WITH_TIMEOUT(!present(kMember), Patience);
        QVERIFY(sinceRemoval.elapsed() >= GraceMs - 50);

        // The same badge at another seat's reader counts too (the member moved).
        QVERIFY(m_seat8->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
    }

    void copiedUidsDoNotCount()
    {
        startServer();
        QSignalSpy refused(&m_server->hardware(), &HardwareBridge::badgeRefused);
        QSignalSpy placed(&m_server->hardware(), &HardwareBridge::badgePlaced);
        QVERIFY(m_seat7->command("insert cheap").startsWith("ok"));
        QVERIFY(refused.wait(Patience));
        QCOMPARE(refused.at(0).at(0).toInt(), 7);
        QVERIFY(refused.at(0).at(2).toString().contains(QLatin1String("only shows its UID")));
        QVERIFY(m_seat8->command("insert clone").startsWith("ok"));
        QVERIFY(refused.wait(Patience));
        QCOMPARE(refused.at(1).at(0).toInt(), 8);
        QVERIFY2(refused.at(1).at(2).toString().contains(QLatin1String("wrong_key"))
                     || refused.at(1).at(2).toString().contains(QLatin1String("key")),
                 qPrintable(refused.at(1).at(2).toString()));
        QTest::qWait(GraceMs);
        QVERIFY(placed.isEmpty());
        QVERIFY(!present(kMember));
        // Taking a refused copy away does not mark anyone absent either. (Wait until the
        // reader has seen the field empty: a card with the same UID put back at once is,
        // to the reader, the same card still there.)
        QVERIFY(m_seat7->command("remove").startsWith("ok"));
        QTest::qWait(1000);
        // The real badge still works at the same reader.
        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
    }

    void swapForACopyIsCaughtByTheNextProof()
    {
        startServer("desfire", 1);
        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
        // The proven badge swapped for a DESFire copy of its UID without an empty field in
        // between: to the reader it is the same card, only the next proof tells.
        QSignalSpy refused(&m_server->hardware(), &HardwareBridge::badgeRefused);
        QSignalSpy removed(&m_server->hardware(), &HardwareBridge::badgeRemoved);
        QVERIFY(m_seat7->command("insert clone").startsWith("ok"));
        QVERIFY(refused.wait(Patience));
        QVERIFY(removed.count() == 1 || removed.wait(Patience));
        QTRY_VERIFY_WITH_TIMEOUT(!present(kMember), Patience);
        // The genuine badge back the same way: it passes the next proof and counts again.
        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
    }

    void uidProofAcceptsAUidOnlyBadge()
    {
        // The council's explicit "uid" setting: the UID alone counts, copies included.
        startServer("uid");
        QVERIFY(m_seat8->command("insert cheap").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
    }

    void readerLostAndBack()
    {
        startServer();
        QSignalSpy lost(&m_server->hardware(), &HardwareBridge::seatReaderLost);
        QSignalSpy connected(&m_server->hardware(), &HardwareBridge::seatReaderConnected);
        QVERIFY(m_seat7->command("insert good").startsWith("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);

        QCOMPARE(m_seat7->command("unplug"), QByteArray("ok unplugged"));
        QVERIFY(lost.wait(Patience));
        QCOMPARE(lost.at(0).at(0).toInt(), 7);
        QVERIFY(!lost.at(0).at(1).toString().isEmpty());
        // Its badge can no longer be seen: absent once the grace period is over.
        QTRY_VERIFY_WITH_TIMEOUT(!present(kMember), Patience);

        connected.clear();
        QVERIFY(m_seat7->command("replug").startsWith("ok replugged"));
        QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), Patience);
        QCOMPARE(connected.at(0).at(0).toInt(), 7);
        // The badge never left the field: found again, it proves itself again.
        QTRY_VERIFY_WITH_TIMEOUT(present(kMember), Patience);
        QCOMPARE(lost.count(), 1); // one outage, one report
    }
};

QTEST_GUILESS_MAIN(TestSeatReaders)
#include "tst_seatreaders.moc"
