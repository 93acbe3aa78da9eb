// SPDX-License-Identifier: GPL-3.0-or-later
// `aula-server badge enroll` and `badge revoke`, the real binary against a reader that is
// tests/emulators/pn532-emulator behind libnfc's real pn532_uart driver: the card is
// personalised, then proves its diversified key to the server's DesfireAuthenticator.
#include "platform/nfc/cardsecretreader.h"
#include "platform/nfc/framerelay.h"
#include "platform/nfc/libnfcbadgereader.h"
#include "server/admin.h"
#include "server/badgeadmin.h"
#include "server/badges/aulabadge.h"
#include "server/badges/desfireauthenticator.h"
#include "server/demo/democouncil.h"
#include "sync/crypto/crypto.h"
#include "tests/emulators/emulatorprocess.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;
using Aula::Test::EmulatorProcess;

namespace {

constexpr int Patience = 30000;
const QByteArray BlankUid = QByteArray::fromHex("04C0FFEE000042");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestBadgeEnroll : public QObject
{
    Q_OBJECT

    QByteArray m_pinHash;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EmulatorProcess> m_emulator;

    QString dataDir() const { return m_dir->filePath(QStringLiteral("chamber")); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LIBNFC_DEVICE"));
        return env;
    }

    Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AULA_SERVER_BIN), args);
        p.waitForFinished(120000);
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                 QString::fromUtf8(p.readAllStandardOutput()),
                 QString::fromUtf8(p.readAllStandardError()) };
    }

    Run enroll(const QString &member, const QStringList &extra = {})
    {
        return run(QStringList { QStringLiteral("badge"), QStringLiteral("enroll"),
                                 QStringLiteral("--member"), member, QStringLiteral("--data"),
                                 dataDir(), QStringLiteral("--reader"), m_emulator->connection(),
                                 QStringLiteral("--timeout"), QStringLiteral("30") }
                       + extra,
                   environment());
    }

    QString holderOf(const QByteArray &uid)
    {
        auto oc = OpenChamber::open(dataDir());
        return oc ? (*oc)->credentials->personForBadge(uid) : QStringLiteral("<cannot open>");
    }

    /** Runs @p machine through a fresh reader on the emulator, against the card there. */
    template<typename Machine>
    auto relayToCard(std::shared_ptr<Machine> machine) -> decltype(machine->result())
    {
        LibNfcBadgeReader::Options options;
        options.connection = m_emulator->connection();
        options.pollIntervalMs = 50;
        LibNfcBadgeReader reader(options);
        QSignalSpy presented(&reader, &BadgeReader::badgePresented);
        reader.start();
        if (!presented.wait(Patience))
            return Error { QStringLiteral("no_badge"), QStringLiteral("no badge on the reader") };
        bool done = false;
        relayFrames<Machine>(reader, machine, [&](Machine &) { done = true; });
        if (!QTest::qWaitFor([&] { return done; }, Patience))
            return Error { QStringLiteral("timeout"), QStringLiteral("no answer") };
        return machine->result();
    }

    // The server's check that the card on the emulated reader holds its diversified key.
    Result<Badges::VerifiedCard> authenticate(const QByteArray &uid)
    {
        auto oc = OpenChamber::open(dataDir());
        if (!oc)
            return oc.error();
        auto diversifier = Admin::badgeDiversifier((*oc)->dataDir);
        if (!diversifier)
            return diversifier.error();
        return relayToCard(std::make_shared<Badges::DesfireAuthenticator>(
            *diversifier, Badges::kApplicationId, Badges::kKeyNumber, uid));
    }

    // What a tablet reads from the card's secret file at a tap.
    Result<QByteArray> readSecret() { return relayToCard(std::make_shared<CardSecretReader>()); }

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
        auto oc = OpenChamber::open(dataDir());
        QVERIFY(oc.ok());
        // The demo council, with a badge only for m02 (an imported UID-only binding).
        QJsonObject file = Demo::councilImport(24, false);
        file.insert(QStringLiteral("credentials"),
                    QJsonArray { QJsonObject {
                        { QStringLiteral("person"), QStringLiteral("m02") },
                        { QStringLiteral("badge"),
                          QString::fromLatin1(Demo::badgeUid(QStringLiteral("m02")).toHex()) },
                        { QStringLiteral("pin_hash"), QString::fromUtf8(m_pinHash) } } });
        auto imported = Admin::importCouncil(**oc, file);
        QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().describe()));
        oc.value().reset();

        m_emulator = std::make_unique<EmulatorProcess>(m_dir->filePath(QStringLiteral("pn532")));
        QVERIFY(m_emulator->ready());
    }

    void cleanup()
    {
        m_emulator.reset();
        m_dir.reset();
    }

    void enrollThenTheCardAuthenticates()
    {
        QVERIFY(m_emulator->command("card blank desfire " + BlankUid.toHex()).startsWith("ok"));
        // No --reader: LIBNFC_DEVICE names it. The card comes after the prompt.
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("LIBNFC_DEVICE"), m_emulator->connection());
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AULA_SERVER_BIN),
                { QStringLiteral("badge"), QStringLiteral("enroll"), QStringLiteral("--member"),
                  QStringLiteral("m03"), QStringLiteral("--data"), dataDir(),
                  QStringLiteral("--timeout"), QStringLiteral("60") });
        QString err;
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += QString::fromUtf8(p.readAllStandardError());
                return err.contains(QLatin1String("Place a blank MIFARE DESFire card"))
                    || p.state() == QProcess::NotRunning;
            },
            Patience));
        QVERIFY2(err.contains(QLatin1String("Place a blank")), qPrintable(err));
        QVERIFY(err.contains(m_emulator->connection()));
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        QVERIFY(p.waitForFinished(Patience * 2));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        err += QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QVERIFY2(out.contains(QLatin1String("bound to")), qPrintable(out));
        QVERIFY(out.contains(QLatin1String("m03")));
        QVERIFY(out.contains(QLatin1String("has no PIN yet")));

        QCOMPARE(holderOf(BlankUid), QStringLiteral("m03"));
        const auto verified = authenticate(BlankUid);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().describe()));
        QCOMPARE(verified->uid, BlankUid);

        // The log says a badge was bound to m03, by its hash only.
        auto oc = OpenChamber::open(dataDir());
        QVERIFY(oc.ok());
        bool bound = false;
        bool uidInLog = false;
        QVERIFY((*oc)
                    ->journal
                    ->replay([&](const Event &e, const QByteArray &bytes) -> Result<void> {
                        uidInLog = uidInLog || bytes.contains(BlankUid.toHex());
                        if (e.type == QLatin1String("badge.bound")
                            && e.payload.value(QStringLiteral("person")) == QLatin1String("m03"))
                            bound = e.payload.value(QStringLiteral("badge_sha256")).toString()
                                == QString::fromLatin1(Crypto::sha256(BlankUid).toHex());
                        return {};
                    })
                    .ok());
        QVERIFY(bound);
        QVERIFY(!uidInLog);
        oc.value().reset();

        // Again for the same person: nothing to do.
        Run again = enroll(QStringLiteral("m03"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY(again.out.contains(QLatin1String("nothing changed")));

        // Revoked, the card is no one's; enrolled for someone else, it is bound again
        // without being rewritten.
        Run revoked =
            run({ QStringLiteral("badge"), QStringLiteral("revoke"), QStringLiteral("--member"),
                  QStringLiteral("m03"), QStringLiteral("--data"), dataDir() },
                environment());
        QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
        QCOMPARE(holderOf(BlankUid), QString());
        Run reissued = enroll(QStringLiteral("m04"));
        QVERIFY2(reissued.exitCode == 0, qPrintable(reissued.err));
        QVERIFY(reissued.out.contains(QLatin1String("already personalised by this chamber")));
        QCOMPARE(holderOf(BlankUid), QStringLiteral("m04"));
        QVERIFY(authenticate(BlankUid).ok());
    }

    // A card enrolled before: its secret stays unless --renew-secret asks for a new one.
    void reEnrollmentKeepsOrRenewsTheSecret()
    {
        QVERIFY(m_emulator->command("card blank desfire " + BlankUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        Run first = enroll(QStringLiteral("m03"));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const auto secret = readSecret();
        QVERIFY2(secret.ok(), secret.ok() ? "" : qPrintable(secret.error().describe()));

        Run again = enroll(QStringLiteral("m03"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QLatin1String("nothing changed")), qPrintable(again.out));
        QCOMPARE(readSecret().value(), *secret);

        Run renewed = enroll(QStringLiteral("m03"), { QStringLiteral("--renew-secret") });
        QVERIFY2(renewed.exitCode == 0, qPrintable(renewed.err));
        QVERIFY2(renewed.out.contains(QLatin1String("badge secret was renewed")),
                 qPrintable(renewed.out));
        QVERIFY(renewed.out.contains(QLatin1String("logs in once on each tablet")));
        const auto fresh = readSecret();
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->size(), 16);
        QVERIFY(*fresh != *secret);
        QCOMPARE(holderOf(BlankUid), QStringLiteral("m03"));
        QVERIFY(authenticate(BlankUid).ok()); // the key did not change
    }

    // The card leaves the field after N frames of the enrollment (the emulator's pull-after):
    // the enrollment fails and binds nothing; the next one finishes, and the card logs in.
    void interruptedEnrollmentIsResumed_data()
    {
        QTest::addColumn<int>("cutAfter");
        QTest::addColumn<QString>("outcome");
        // 1 select PICC, 2 create application, 3 select it, 4-5 authenticate with the zero key,
        // 6 GetCardUID, 7 create the secret file, 8 write the secret, 9 change the key (the
        // verification that follows finds no card).
        QTest::newRow("after CreateApplication") << 2 << QStringLiteral("cut off");
        QTest::newRow("after the authentication") << 5 << QStringLiteral("cut off");
        QTest::newRow("after the secret file") << 7 << QStringLiteral("cut off");
        QTest::newRow("after the secret") << 8 << QStringLiteral("cut off");
        QTest::newRow("after ChangeKey") << 9 << QStringLiteral("already personalised");
    }

    void interruptedEnrollmentIsResumed()
    {
        QFETCH(int, cutAfter);
        QFETCH(QString, outcome);
        QVERIFY(m_emulator->command("card blank desfire " + BlankUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        QCOMPARE(m_emulator->command("pull-after " + QByteArray::number(cutAfter)),
                 "ok pull-after " + QByteArray::number(cutAfter));
        Run cut = enroll(QStringLiteral("m03"));
        QCOMPARE(cut.exitCode, 1);
        QCOMPARE(m_emulator->command("status").split(' ').last(), QByteArray("-"));
        QCOMPARE(holderOf(BlankUid), QString());

        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        Run again = enroll(QStringLiteral("m03"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(outcome), qPrintable(again.out));
        QCOMPARE(holderOf(BlankUid), QStringLiteral("m03"));
        const auto verified = authenticate(BlankUid);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().describe()));
        const auto secret = readSecret();
        QVERIFY2(secret.ok(), secret.ok() ? "" : qPrintable(secret.error().describe()));
        QCOMPARE(secret->size(), 16);
    }

    void replacesThePreviousBadge()
    {
        // m02 has an imported UID-only badge; enrolling a DESFire card replaces it.
        QVERIFY(m_emulator->command("card blank desfire " + BlankUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        Run r = enroll(QStringLiteral("m02"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("no longer works")));
        QCOMPARE(holderOf(BlankUid), QStringLiteral("m02"));
        QCOMPARE(holderOf(Demo::badgeUid(QStringLiteral("m02"))), QString());
    }

    void nonBlankCardIsRefused()
    {
        // Another chamber's badge: the Aula application under a key that is not ours.
        QVERIFY(m_emulator->command("card other desfire " + BlankUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("app other 4155aa 000102030405060708090a0b0c0d0e0f")
                    .startsWith("ok"));
        QVERIFY(m_emulator->command("insert other").startsWith("ok"));
        Run r = enroll(QStringLiteral("m03"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("is not blank")), qPrintable(r.err));
        QCOMPARE(holderOf(BlankUid), QString());
    }

    void cardBoundToSomeoneElseIsRefused()
    {
        const QByteArray m02 = Demo::badgeUid(QStringLiteral("m02"));
        QVERIFY(m_emulator->command("card taken desfire " + m02.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert taken").startsWith("ok"));
        Run r = enroll(QStringLiteral("m03"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("is already the badge of")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("(m02)")));
        QCOMPARE(holderOf(m02), QStringLiteral("m02"));
    }

    void uidOnlyCardIsRefused()
    {
        QVERIFY(m_emulator->command("card cheap uid " + BlankUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("insert cheap").startsWith("ok"));
        Run r = enroll(QStringLiteral("m03"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("is not a MIFARE DESFire card")), qPrintable(r.err));
        QCOMPARE(holderOf(BlankUid), QString());
    }

    void wrongMemberIsRefused()
    {
        Run r = enroll(QStringLiteral("m99"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--member")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("\"m99\" is neither a member nor staff")));
        Run revoke =
            run({ QStringLiteral("badge"), QStringLiteral("revoke"), QStringLiteral("--member"),
                  QStringLiteral("m03"), QStringLiteral("--data"), dataDir() },
                environment());
        QCOMPARE(revoke.exitCode, 2);
        QVERIFY2(revoke.err.contains(QLatin1String("has no badge")), qPrintable(revoke.err));
    }

    void missingReaderIsAClearError()
    {
        const QString nowhere =
            QStringLiteral("pn532_uart:") + m_dir->filePath(QStringLiteral("no-such-reader"));
        QElapsedTimer timer;
        timer.start();
        Run r = run({ QStringLiteral("badge"), QStringLiteral("enroll"), QStringLiteral("--member"),
                      QStringLiteral("m03"), QStringLiteral("--data"), dataDir(),
                      QStringLiteral("--reader"), nowhere },
                    environment());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("cannot open the badge reader")), qPrintable(r.err));
        QVERIFY(r.err.contains(nowhere));
        QVERIFY(r.err.contains(QLatin1String("plugged in")));
        QVERIFY(timer.elapsed() < 20000); // it says so at once, not after the card timeout
    }
};

QTEST_GUILESS_MAIN(TestBadgeEnroll)
#include "tst_badgeenroll.moc"
