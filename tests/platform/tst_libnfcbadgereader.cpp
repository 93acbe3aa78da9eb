// SPDX-License-Identifier: GPL-3.0-or-later
// LibNfcBadgeReader against libnfc's real pn532_uart driver, talking over a pseudo-terminal
// to tests/emulators/pn532-emulator: the whole path a seat or tablet reader takes, without
// hardware. Badge logins are run end to end: DesfireAuthenticator (server side) produces
// the APDUs, the reader relays them to the emulated card and back.
#include "platform/nfc/cardsecretreader.h"
#include "platform/nfc/libnfcbadgereader.h"
#include "server/badges/desfireauthenticator.h"
#include "server/badges/desfireenroller.h"
#include "tests/emulators/emulatorprocess.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Aula;
using namespace Aula::Badges;

namespace {

// Generous: two cores shared with other builds.
constexpr int Patience = 20000;
constexpr quint32 AulaAid = 0x4155AA;
const QByteArray DesfireUid = QByteArray::fromHex("04A1B2C3D4E5F6");

KeyDiversifier diversifier()
{
    return KeyDiversifier::create(QByteArray::fromHex("00112233445566778899AABBCCDDEEFF"),
                                  "Aula test")
        .value();
}

QString cardKeyHex(const QByteArray &uid)
{
    return QString::fromLatin1(diversifier().diversify(uid, AulaAid).value().toHex());
}

template<typename T> struct Relay
{
    Result<T> result = Error { QStringLiteral("not_run"), QString() };
    QList<QByteArray> answers;
    QList<Error> relayErrors;
};

// Relays one exchange of a step machine (DesfireAuthenticator, DesfireEnroller) through the
// reader, asynchronously as the tablet will. @p beforeStep runs before APDU number n is
// sent, so that a test can act in the middle.
template<typename Machine>
auto relay(BadgeReader &reader, Machine &machine, const std::function<void(int)> &beforeStep = {})
{
    using Value = std::decay_t<decltype(machine.result().value())>;
    Relay<Value> run;
    QEventLoop loop;
    int step = 0;
    std::function<void(const QByteArray &)> send = [&](const QByteArray &apdu) {
        if (beforeStep)
            beforeStep(step);
        ++step;
        reader.exchange(apdu, [&](quint64, const Result<QByteArray> &answer) {
            if (!answer) {
                run.relayErrors.append(answer.error());
                machine.abort(answer.error());
                loop.quit();
                return;
            }
            run.answers.append(*answer);
            if (auto next = machine.feed(*answer))
                send(*next);
            else
                loop.quit();
        });
    };
    send(machine.begin());
    QTimer::singleShot(Patience, &loop, &QEventLoop::quit);
    loop.exec();
    run.result = machine.result();
    return run;
}

} // namespace

class TestLibNfcBadgeReader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Test::EmulatorProcess> m_emulator;
    std::unique_ptr<LibNfcBadgeReader> m_reader;

    QString link() const { return m_dir.filePath(QStringLiteral("pn532")); }

    // Waits for a badge and returns it.
    std::optional<BadgeInfo> waitForBadge(QSignalSpy &presented)
    {
        if (presented.isEmpty() && !presented.wait(Patience))
            return std::nullopt;
        return presented.takeFirst().at(0).value<BadgeInfo>();
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_emulator = std::make_unique<Test::EmulatorProcess>(link(), Patience);
        QVERIFY(m_emulator->ready());
        QCOMPARE(m_emulator->command("card good desfire " + DesfireUid.toHex()), "ok card good");
        QVERIFY(m_emulator->command("app good 4155aa " + cardKeyHex(DesfireUid).toLatin1())
                    .startsWith("ok"));
        // Same UID, another key: what a cloner with a blank DESFire could make.
        QVERIFY(m_emulator->command("card clone desfire " + DesfireUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("app clone 4155aa 000102030405060708090a0b0c0d0e0f")
                    .startsWith("ok"));
        QVERIFY(m_emulator->command("card cheap uid " + DesfireUid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("card classic uid deadbeef").startsWith("ok"));

        LibNfcBadgeReader::Options options;
        options.connection = QStringLiteral("pn532_uart:") + link();
        options.pollIntervalMs = 50;
        options.presenceIntervalMs = 100;
        m_reader = std::make_unique<LibNfcBadgeReader>(options);
    }

    void cleanup()
    {
        m_reader.reset();
        m_emulator.reset();
    }

    void connectsAndReportsBadges()
    {
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        QSignalSpy removed(m_reader.get(), &BadgeReader::badgeRemoved);
        m_reader->start();
        QVERIFY(connected.wait(Patience));
        QVERIFY(m_reader->isConnected());
        QVERIFY(!m_reader->presentBadge());

        QCOMPARE(m_emulator->command("insert good"), "ok inserted good");
        auto desfire = waitForBadge(presented);
        QVERIFY(desfire);
        QCOMPARE(desfire->uid, DesfireUid);
        QCOMPARE(desfire->atqa.toHex(), QByteArray("0344"));
        QCOMPARE(desfire->sak, quint8(0x20));
        QCOMPARE(desfire->ats.toHex(), QByteArray("7577810280"));
        QVERIFY(desfire->speaksIsoDep());
        QCOMPARE(m_reader->presentBadge(), desfire);
        // It stays present through several presence checks (ISO 14443-4 R(NAK) pings).
        QTest::qWait(600);
        QVERIFY(removed.isEmpty());
        QVERIFY(presented.isEmpty());

        QCOMPARE(m_emulator->command("remove"), "ok removed");
        QVERIFY(removed.wait(Patience));
        QCOMPARE(removed.takeFirst().at(0).toByteArray(), DesfireUid);
        QVERIFY(!m_reader->presentBadge());

        // A 7-byte UID-only badge (Ultralight-like), then swapped for a 4-byte one
        // (Classic-like) without an empty field in between.
        QVERIFY(m_emulator->command("insert cheap").startsWith("ok"));
        auto cheap = waitForBadge(presented);
        QVERIFY(cheap);
        QCOMPARE(cheap->atqa.toHex(), QByteArray("0044"));
        QCOMPARE(cheap->sak, quint8(0x00));
        QVERIFY(!cheap->speaksIsoDep());
        QVERIFY(cheap->ats.isEmpty());
        QTest::qWait(600); // presence checks read page 0
        QVERIFY(removed.isEmpty());
        QVERIFY(presented.isEmpty());

        QVERIFY(m_emulator->command("insert classic").startsWith("ok"));
        QVERIFY(removed.wait(Patience));
        QCOMPARE(removed.takeFirst().at(0).toByteArray(), DesfireUid);
        auto classic = waitForBadge(presented);
        QVERIFY(classic);
        QCOMPARE(classic->uid.toHex(), QByteArray("deadbeef"));
        QCOMPARE(classic->atqa.toHex(), QByteArray("0004"));
        QCOMPARE(classic->sak, quint8(0x08));
        // Still there after several presence checks.
        QTest::qWait(500);
        QVERIFY(removed.isEmpty());
        QCOMPARE(m_reader->presentBadge(), classic);
    }

    void desfireLoginWithTheRightKey()
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, badge->uid);
        const auto login = relay(*m_reader, auth);
        QVERIFY2(login.result.ok(),
                 login.result.ok() ? "" : qPrintable(login.result.error().describe()));
        QCOMPARE(login.result->uid, DesfireUid);
        QCOMPARE(login.answers.size(), 4);
    }

    void cloneWithTheWrongKeyFails()
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        QVERIFY(m_emulator->command("insert clone").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        QCOMPARE(badge->uid, DesfireUid); // indistinguishable by UID
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, badge->uid);
        const auto login = relay(*m_reader, auth);
        QVERIFY(!login.result.ok());
        QCOMPARE(login.result.error().code, QStringLiteral("wrong_key"));
    }

    void uidOnlyBadgeFails()
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        QVERIFY(m_emulator->command("insert cheap").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        QCOMPARE(badge->uid, DesfireUid);
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, badge->uid);
        const auto login = relay(*m_reader, auth);
        QVERIFY(!login.result.ok());
        QCOMPARE(login.result.error().code, QStringLiteral("card_unreachable"));
        QCOMPARE(login.relayErrors.size(), 1);
        QCOMPARE(login.relayErrors[0].code, QStringLiteral("not_iso_dep"));
    }

    void replayedTranscriptFails()
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        DesfireAuthenticator first(diversifier(), AulaAid, 0, badge->uid);
        const auto recorded = relay(*m_reader, first);
        QVERIFY(recorded.result.ok());

        // A relay that replays the recorded card answers instead of asking the card.
        DesfireAuthenticator second(diversifier(), AulaAid, 0, badge->uid);
        std::optional<QByteArray> apdu = second.begin();
        for (const QByteArray &answer : recorded.answers) {
            if (!apdu)
                break;
            apdu = second.feed(answer);
        }
        QCOMPARE(second.result().error().code, QStringLiteral("card_proof_mismatch"));

        // The real card still logs in afterwards.
        DesfireAuthenticator third(diversifier(), AulaAid, 0, badge->uid);
        QVERIFY(relay(*m_reader, third).result.ok());
    }

    void badgeRemovedMidAuthentication()
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        QSignalSpy removed(m_reader.get(), &BadgeReader::badgeRemoved);
        m_reader->start();
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, badge->uid);
        const auto login = relay(*m_reader, auth, [&](int step) {
            if (step == 2) // after the card's challenge, before our answer to it
                QVERIFY(m_emulator->command("remove").startsWith("ok"));
        });
        QVERIFY(!login.result.ok());
        QCOMPARE(login.result.error().code, QStringLiteral("card_unreachable"));
        QCOMPARE(login.relayErrors.size(), 1);
        QCOMPARE(login.relayErrors[0].code, QStringLiteral("badge_removed"));
        QVERIFY(removed.count() == 1 || removed.wait(Patience));
        QVERIFY(!m_reader->presentBadge());
        // And the reader goes on: the badge comes back and logs in.
        presented.clear();
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        QVERIFY(waitForBadge(presented));
        DesfireAuthenticator again(diversifier(), AulaAid, 0, DesfireUid);
        QVERIFY(relay(*m_reader, again).result.ok());
    }

    void enrollThenLogIn()
    {
        const QByteArray uid = QByteArray::fromHex("04C0FFEE000042");
        QVERIFY(m_emulator->command("card blank desfire " + uid.toHex()).startsWith("ok"));
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        // Before enrollment the card has no Aula application.
        DesfireAuthenticator early(diversifier(), AulaAid, 0, badge->uid);
        QCOMPARE(relay(*m_reader, early).result.error().code,
                 QStringLiteral("application_missing"));

        DesfireEnroller enroller(diversifier(), AulaAid, badge->uid);
        const auto enrolled = relay(*m_reader, enroller);
        QVERIFY2(enrolled.result.ok(),
                 enrolled.result.ok() ? "" : qPrintable(enrolled.result.error().describe()));
        QCOMPARE(enrolled.result->uid, uid);

        // Off the reader and back, as from the clerk's desk to a seat.
        QVERIFY(m_emulator->command("remove").startsWith("ok"));
        QVERIFY(QTest::qWaitFor([&] { return !m_reader->presentBadge(); }, Patience));
        presented.clear();
        QVERIFY(m_emulator->command("insert blank").startsWith("ok"));
        QVERIFY(waitForBadge(presented));
        DesfireAuthenticator login(diversifier(), AulaAid, 0, uid);
        const auto verified = relay(*m_reader, login);
        QVERIFY2(verified.result.ok(),
                 verified.result.ok() ? "" : qPrintable(verified.result.error().describe()));
        QCOMPARE(verified.result->uid, uid);

        // The tablet's read of the badge secret enrollment wrote: no key, same bytes each time.
        CardSecretReader first;
        const auto secret = relay(*m_reader, first);
        QVERIFY2(secret.result.ok(),
                 secret.result.ok() ? "" : qPrintable(secret.result.error().describe()));
        QCOMPARE(secret.result->size(), 16);
        QVERIFY(*secret.result != QByteArray(16, '\0'));
        CardSecretReader second;
        QCOMPARE(relay(*m_reader, second).result.value(), *secret.result);
        // A card enrolled without it (as before badges had a secret) has none to read.
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        QVERIFY(waitForBadge(presented));
        CardSecretReader legacy;
        QCOMPARE(relay(*m_reader, legacy).result.error().code, QStringLiteral("no_secret"));
    }

    // What the tablet's read of the badge secret makes of each card, through the real driver:
    // only a card that says it has no secret (no application, no file) or a UID-only badge
    // lets the UID stand in; a card that refuses the read is "tap again".
    void secretReadOutcomesThroughTheDriver()
    {
        const QByteArray secret = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        const QByteArray key = cardKeyHex(DesfireUid).toLatin1();
        struct Case
        {
            QByteArray name;
            QByteArray file; // "file" command after the app ("" = no file); "-": no app
            QString code;
        };
        const QList<Case> cases {
            { "free", "1 e000 " + secret.toHex(), QString() },
            { "noapp", "-", QStringLiteral("no_secret") },
            { "nofile", "", QStringLiteral("no_secret") },
            { "keyed", "1 0000 " + secret.toHex(), QStringLiteral("secret_unreadable") },
            { "closed", "1 f0f0 " + secret.toHex(), QStringLiteral("secret_unreadable") },
            { "short", "1 e000 " + secret.left(8).toHex(), QStringLiteral("secret_unreadable") },
        };
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        m_reader->start();
        for (const Case &c : cases) {
            QVERIFY(m_emulator->command("card " + c.name + " desfire " + DesfireUid.toHex())
                        .startsWith("ok"));
            if (c.file != "-")
                QVERIFY(m_emulator->command("app " + c.name + " 4155aa " + key).startsWith("ok"));
            if (!c.file.isEmpty() && c.file != "-")
                QVERIFY(
                    m_emulator->command("file " + c.name + " 4155aa " + c.file).startsWith("ok"));
            presented.clear();
            QVERIFY(m_emulator->command("insert " + c.name).startsWith("ok"));
            QVERIFY(waitForBadge(presented));
            CardSecretReader reader;
            const auto read = relay(*m_reader, reader);
            if (c.code.isEmpty()) {
                QVERIFY2(read.result.ok(), c.name.constData());
                QCOMPARE(*read.result, secret);
            } else {
                QVERIFY2(!read.result.ok(), c.name.constData());
                QCOMPARE(read.result.error().code, c.code);
                QCOMPARE(CardSecretReader::allowsUidFallback(read.result.error()),
                         c.code == QLatin1String("no_secret"));
            }
            QVERIFY(m_emulator->command("remove").startsWith("ok"));
            QVERIFY(QTest::qWaitFor([&] { return !m_reader->presentBadge(); }, Patience));
        }
        // A UID-only badge cannot carry frames: the relay says so, and the UID stands in.
        presented.clear();
        QVERIFY(m_emulator->command("insert cheap").startsWith("ok"));
        QVERIFY(waitForBadge(presented));
        CardSecretReader cheap;
        const auto read = relay(*m_reader, cheap);
        QCOMPARE(read.result.error().code, QStringLiteral("not_iso_dep"));
        QVERIFY(CardSecretReader::allowsUidFallback(read.result.error()));
    }

    void readerAbsentAtStart()
    {
        QCOMPARE(m_emulator->command("unplug"), "ok unplugged");
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        QSignalSpy lost(m_reader.get(), &BadgeReader::readerLost);
        m_reader->start();
        QVERIFY(lost.wait(Patience));
        QCOMPARE(lost.takeFirst().at(0).value<Error>().code, QStringLiteral("reader_unavailable"));
        QVERIFY(!m_reader->isConnected());
        QVERIFY(m_emulator->command("replug").startsWith("ok replugged"));
        QVERIFY(connected.wait(Patience));
        QVERIFY(lost.isEmpty());
    }

    void stopAndStartAgain()
    {
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        QSignalSpy removed(m_reader.get(), &BadgeReader::badgeRemoved);
        m_reader->start();
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        QVERIFY(waitForBadge(presented));
        m_reader->stop();
        QCOMPARE(removed.count(), 1);
        QVERIFY(!m_reader->isConnected());
        QVERIFY(!m_reader->presentBadge());
        // Nothing arrives from the stopped worker afterwards.
        QTest::qWait(300);
        QCOMPARE(removed.count(), 1);
        QVERIFY(presented.isEmpty());
        // An exchange while stopped is answered, asynchronously, with a typed error.
        std::optional<Result<QByteArray>> answer;
        m_reader->exchange(QByteArray::fromHex("9060000000"),
                           [&](quint64, const Result<QByteArray> &r) { answer = r; });
        QVERIFY(!answer);
        QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, Patience));
        QCOMPARE(answer->error().code, QStringLiteral("reader_stopped"));
        // The port was released: a new start opens it again and finds the badge.
        connected.clear();
        m_reader->start();
        QVERIFY(connected.wait(Patience));
        QVERIFY(waitForBadge(presented));
    }

    void readerUnpluggedAndBack()
    {
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        QSignalSpy lost(m_reader.get(), &BadgeReader::readerLost);
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        QSignalSpy removed(m_reader.get(), &BadgeReader::badgeRemoved);
        m_reader->start();
        QVERIFY(connected.wait(Patience));
        QVERIFY(m_emulator->command("insert good").startsWith("ok"));
        QVERIFY(waitForBadge(presented));

        QCOMPARE(m_emulator->command("unplug"), "ok unplugged");
        QVERIFY(lost.wait(Patience));
        const Error reason = lost.takeFirst().at(0).value<Error>();
        QCOMPARE(reason.code, QStringLiteral("reader_lost"));
        QVERIFY(!m_reader->isConnected());
        QVERIFY(removed.count() == 1);
        // Exchanges fail cleanly while it is away.
        QEventLoop loop;
        std::optional<Result<QByteArray>> answer;
        m_reader->exchange(QByteArray::fromHex("9060000000"),
                           [&](quint64, const Result<QByteArray> &r) {
                               answer = r;
                               loop.quit();
                           });
        QTimer::singleShot(Patience, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(answer && !answer->ok());
        QVERIFY(answer->error().code == QLatin1String("reader_lost")
                || answer->error().code == QLatin1String("no_badge"));

        connected.clear();
        QVERIFY(m_emulator->command("replug").startsWith("ok replugged"));
        QVERIFY(connected.count() == 1 || connected.wait(Patience));
        QVERIFY(m_reader->isConnected());
        // One outage, one report: the reconnection attempts in between are not news.
        QVERIFY(lost.isEmpty());
        // The badge never left the field: it is found again and works.
        auto badge = waitForBadge(presented);
        QVERIFY(badge);
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, badge->uid);
        QVERIFY(relay(*m_reader, auth).result.ok());
    }
};

QTEST_GUILESS_MAIN(TestLibNfcBadgeReader)
#include "tst_libnfcbadgereader.moc"
