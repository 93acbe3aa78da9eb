// SPDX-License-Identifier: GPL-3.0-or-later
// Enrollment, then login with the enrolled card, end to end and without hardware: the real
// `aula-server badge enroll` personalises a blank DESFire card in tests/emulators/
// pn532-emulator through libnfc's real pn532_uart driver; then the chamber is served from
// the same data directory on loopback over wss:// (ChamberServer, as `serve` runs it), and
// the tablet's SessionManager logs the member in with that card and the PIN, relaying the
// card's frames through its own LibNfcBadgeReader on the same emulated reader. The tablet's
// store key takes the secret enrollment wrote on the card. Cards with the member's UID that
// were not enrolled, or hold another key (even with a copy of the secret), are refused and
// logged with their reason.
#include "app/chamber/sessionmanager.h"
#include "app/chamber/tabletvault.h"
#include "platform/keyvault/filekeyvault.h"
#include "platform/nfc/cardsecretreader.h"
#include "platform/nfc/framerelay.h"
#include "platform/nfc/libnfcbadgereader.h"
#include "server/admin.h"
#include "server/chamber/chamber.h"
#include "server/chamberserver.h"
#include "server/demo/democouncil.h"
#include "server/tls/tlsmaterial.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "tests/emulators/emulatorprocess.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using App::SessionManager;

namespace {

// Generous: two cores shared with other builds.
constexpr int kPatience = 30000;
const QString kMember = QStringLiteral("m07");
const QString kPin = QStringLiteral("2468");
// A blank DESFire EV1 from the box: its UID is all a copier needs to start.
const QByteArray kUid = QByteArray::fromHex("04E1E2E3E4E5E6");

} // namespace

class TestEnrolledBadge : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Crypto::SigningKey> m_deviceKey;
    std::unique_ptr<Test::EmulatorProcess> m_emulator;
    std::unique_ptr<Server::ChamberServer> m_server;
    std::optional<Server::TlsMaterial> m_tls;
    // Per test: the tablet.
    std::unique_ptr<LibNfcBadgeReader> m_reader;
    std::unique_ptr<Sync::ChamberConnection> m_connection;
    std::unique_ptr<Platform::FileKeyVault> m_keys;
    std::unique_ptr<App::TabletVault> m_vault;
    std::unique_ptr<SessionManager> m_session;

    QString dataDir() const { return m_dir.filePath(QStringLiteral("chamber")); }

    /** Puts card @p name on the reader and waits until the tablet's reader reports it. */
    bool insert(const QByteArray &name)
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        if (!m_emulator->command("insert " + name).startsWith("ok"))
            return false;
        return !presented.isEmpty() || presented.wait(kPatience);
    }

    bool remove()
    {
        if (!m_reader->presentBadge())
            return m_emulator->command("remove").startsWith("ok");
        QSignalSpy removed(m_reader.get(), &BadgeReader::badgeRemoved);
        return m_emulator->command("remove").startsWith("ok")
            && (!removed.isEmpty() || removed.wait(kPatience));
    }

    void typePin(const QString &pin)
    {
        for (const QChar c : pin)
            m_session->appendDigit(c.digitValue());
        m_session->submitPin();
    }

    /** The reason of the last login event in the served chamber's log ("" for a success). */
    QString lastLoginFailure()
    {
        m_server->chamber().flush();
        QString last = QStringLiteral("<none>");
        (void)m_server->openChamber().journal->replay(
            [&](const Event &e, const QByteArray &) -> Result<void> {
                if (e.type == QLatin1String("login.failed"))
                    last = e.payload.value(QStringLiteral("reason")).toString();
                else if (e.type == QLatin1String("login.succeeded"))
                    last.clear();
                return {};
            });
        return last;
    }

    /** Reads the badge secret of the card on the reader, as any reader may (no key). */
    Result<QByteArray> skim()
    {
        std::optional<Result<QByteArray>> out;
        relayFrames<CardSecretReader>(*m_reader, std::make_shared<CardSecretReader>(),
                                      [&](CardSecretReader &r) { out = r.result(); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, kPatience))
            return Error { QStringLiteral("test_timeout"), QStringLiteral("no answer") };
        return *out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(Crypto::initialize().ok());
        // The clerk: a chamber, the council with a PIN for m07 and no badge (it will be
        // enrolled), and m07's tablet enrolled.
        QVERIFY(Server::Admin::init(dataDir(), {}).ok());
        {
            auto oc = Server::OpenChamber::open(dataDir());
            QVERIFY(oc.ok());
            QJsonObject file = Server::Demo::councilImport(24, false);
            file.insert(QStringLiteral("badge_policy"), QStringLiteral("desfire"));
            file.insert(QStringLiteral("credentials"),
                        QJsonArray { QJsonObject { { QStringLiteral("person"), kMember },
                                                   { QStringLiteral("pin"), kPin } } });
            auto imported = Server::Admin::importCouncil(**oc, file);
            QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().describe()));
            QVERIFY(imported->contains(QLatin1String("Badge policy: desfire")));
            m_deviceKey = Crypto::SigningKey::generate();
            QVERIFY(Server::Admin::enrollDevice(
                        **oc, QStringLiteral("tablet-m07"), QStringLiteral("Tablet m07"),
                        QString::fromLatin1(m_deviceKey->publicKey().toHex()))
                        .ok());
        }

        // The card: blank, then enrolled by the real command through the emulated reader.
        m_emulator = std::make_unique<Test::EmulatorProcess>(
            m_dir.filePath(QStringLiteral("pn532")), kPatience);
        QVERIFY(m_emulator->ready());
        QVERIFY(m_emulator->command("card enrolled desfire " + kUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert enrolled").startsWith("ok"));
        QProcess enroll;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LIBNFC_DEVICE"));
        enroll.setProcessEnvironment(env);
        enroll.start(QStringLiteral(AULA_SERVER_BIN),
                     { QStringLiteral("badge"), QStringLiteral("enroll"),
                       QStringLiteral("--member"), kMember, QStringLiteral("--data"), dataDir(),
                       QStringLiteral("--reader"), m_emulator->connection(),
                       QStringLiteral("--timeout"), QStringLiteral("60") });
        QVERIFY(enroll.waitForFinished(4 * kPatience));
        const QString out = QString::fromUtf8(enroll.readAllStandardOutput());
        QVERIFY2(enroll.exitCode() == 0,
                 qPrintable(QString::fromUtf8(enroll.readAllStandardError())));
        QVERIFY2(out.contains(QLatin1String("bound to")), qPrintable(out));
        QVERIFY(m_emulator->command("remove").startsWith("ok"));

        // Copies of its UID: a blank DESFire (not enrolled), and a UID-only card.
        QVERIFY(m_emulator->command("card blank desfire " + kUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("card cheap uid " + kUid.toHex()).startsWith("ok"));

        // The chamber served from that data directory: wss:// on loopback.
        Server::ServeOptions o;
        o.dataDir = dataDir();
        o.address = QHostAddress::LocalHost;
        o.port = 0;
        o.httpPort = 0;
        auto started = Server::ChamberServer::start(o);
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().describe()));
        m_server = std::move(started).value();
        auto tls = Server::TlsMaterial::load(dataDir() + QStringLiteral("/tls"));
        QVERIFY(tls.ok());
        m_tls = std::move(tls).value();
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_emulator.reset();
    }

    void init()
    {
        // m07's tablet: a libnfc reader on the emulator, the pinned wss:// link, the vault.
        LibNfcBadgeReader::Options options;
        options.connection = m_emulator->connection();
        options.pollIntervalMs = 50;
        options.presenceIntervalMs = 100;
        m_reader = std::make_unique<LibNfcBadgeReader>(options);
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        m_reader->start();
        QVERIFY(connected.wait(kPatience));

        Sync::ConnectionOptions o;
        o.url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_server->apiPort()));
        o.tls = m_tls->clientConfiguration();
        o.device = QStringLiteral("tablet-m07");
        o.loginTimeoutMs = kPatience;
        o.backoffInitialMs = 50;
        o.backoffMaxMs = 300;
        m_connection = std::make_unique<Sync::ChamberConnection>(
            o, Crypto::SigningKey::fromSeed(m_deviceKey->seed().toByteArray()).value());
        const QString tablet = m_dir.filePath(
            QStringLiteral("tablet-%1").arg(QString::fromLatin1(QTest::currentTestFunction())));
        m_keys = std::make_unique<Platform::FileKeyVault>(tablet + QStringLiteral("/keyvault"));
        App::VaultOptions vo;
        vo.root = tablet + QStringLiteral("/stores");
        vo.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 }; // cheap Argon2id for tests
        m_vault = std::make_unique<App::TabletVault>(vo, *m_keys);
        m_session = std::make_unique<SessionManager>(*m_connection, m_reader.get());
        m_session->setVault(m_vault.get());
        m_connection->open();
        QVERIFY(QTest::qWaitFor(
            [&] { return m_connection->state() == Sync::ChamberConnection::State::Connected; },
            kPatience));
    }

    void cleanup()
    {
        if (m_session)
            m_session->logout();
        m_session.reset();
        m_vault.reset();
        m_keys.reset();
        m_connection.reset();
        QVERIFY(remove());
        m_reader.reset();
    }

    void enrolledCardAndPinLogIn()
    {
        QVERIFY(insert("enrolled"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::EnteringPin,
                                  kPatience);
        typePin(kPin);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::LoggedIn,
                                  3 * kPatience);
        QCOMPARE(m_session->person(), kMember);
        QVERIFY(!m_session->isOfflineSession());
        QCOMPARE(lastLoginFailure(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(m_vault->isOpen(), 3 * kPatience);

        // The store key took the card's secret, and the index says so: the UID alone finds
        // the store only to be refused by name (below).
        auto secret = skim();
        QVERIFY2(secret.ok(), secret.ok() ? "" : qPrintable(secret.error().describe()));
        QVERIFY(m_vault->hasStoreFor(App::BadgeTap { kUid, *secret }));
        QCOMPARE(m_vault->badgeKindOf(kMember), QStringLiteral("card"));

        // Offline, the same card (its secret read again at the tap) and PIN open the store.
        m_session->logout();
        QVERIFY(remove());
        m_connection->close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->isOnline(), kPatience);
        QVERIFY(insert("enrolled"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::EnteringPin,
                                  kPatience);
        typePin(kPin);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::LoggedIn,
                                  3 * kPatience);
        QVERIFY(m_session->isOfflineSession());
        QCOMPARE(m_session->person(), kMember);

        // A copy of the UID offline, through the real driver: refused because the store needs
        // the card's secret, and it costs the holder no attempt.
        m_session->logout();
        QVERIFY(remove());
        QVERIFY(insert("cheap"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::EnteringPin,
                                  kPatience);
        typePin(kPin);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_session->message().contains(QLatin1String("locked with the secret on the card")),
            kPatience);
        QVERIFY(m_session->state() != SessionManager::State::LoggedIn);
        QCOMPARE(m_vault->offlineAttemptsLeft(), -1);
        QVERIFY(!m_session->holdsCardSecret());
    }

    void sameUidNotEnrolledIsRefused()
    {
        QVERIFY(insert("blank"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::EnteringPin,
                                  kPatience);
        typePin(kPin);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::WaitingForBadge,
                                  3 * kPatience);
        QVERIFY2(m_session->message().contains(QLatin1String("not a valid chamber badge")),
                 qPrintable(m_session->message()));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_not_enrolled"));
        QCOMPARE(m_server->chamber().state().failedAttempts(kMember), 0);
    }

    void sameUidWrongKeyIsRefusedEvenWithTheSecret()
    {
        // A skimmer holds the real card to a reader for a moment: UID and secret are free to
        // read. Its clone carries both, on a DESFire with a key of its own.
        QVERIFY(insert("enrolled"));
        auto secret = skim();
        QVERIFY2(secret.ok(), secret.ok() ? "" : qPrintable(secret.error().describe()));
        QVERIFY(remove());
        m_session->cancel(); // the real card's tap is not a login
        QVERIFY(m_emulator->command("card clone desfire " + kUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("app clone 4155aa 000102030405060708090a0b0c0d0e0f")
                    .startsWith("ok"));
        QVERIFY(
            m_emulator->command("file clone 4155aa 1 e000 " + secret->toHex()).startsWith("ok"));

        QVERIFY(insert("clone"));
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::EnteringPin,
                                  kPatience);
        typePin(kPin);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), SessionManager::State::WaitingForBadge,
                                  3 * kPatience);
        QVERIFY2(m_session->message().contains(QLatin1String("not a valid chamber badge")),
                 qPrintable(m_session->message()));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_wrong_key"));
        // The PIN was never looked at: no wrong-PIN count for the real holder.
        QCOMPARE(m_server->chamber().state().failedAttempts(kMember), 0);
    }
};

QTEST_MAIN(TestEnrolledBadge)
#include "tst_enrolledbadge.moc"
