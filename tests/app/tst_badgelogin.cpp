// SPDX-License-Identifier: GPL-3.0-or-later
// Badge logins end to end, without hardware: a chamber server on loopback over wss://, the
// tablet's ChamberConnection and SessionManager, a LibNfcBadgeReader on libnfc's real
// pn532_uart driver, and tests/emulators/pn532-emulator on a pseudo-terminal holding the
// cards. The server runs the DESFire AES authentication; the tablet only relays frames.
#include "app/chamber/readercardchannel.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/tabletvault.h"
#include "platform/keyvault/filekeyvault.h"
#include "platform/nfc/libnfcbadgereader.h"
#include "server/badges/badgekeys.h"
#include "server/tls/tlsmaterial.h"
#include "sync/connection/chamberconnection.h"
#include "tests/emulators/emulatorprocess.h"
#include "tests/tablet/chamberfixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Test;

namespace {

// Generous: two cores shared with other builds.
constexpr int Patience = 20000;
const QByteArray MasterKey = QByteArray::fromHex("00112233445566778899aabbccddeeff");

QByteArray cardKey(const QByteArray &uid)
{
    return Badges::KeyDiversifier::create(MasterKey, QByteArray(Badges::kSystemIdentifier))
        .value()
        .diversify(uid, Badges::kAulaAid)
        .value();
}

Sync::BadgeEvidence evidence(const BadgeInfo &badge)
{
    return { badge.uid, badge.speaksIsoDep(), badge.atqa, int(badge.sak) };
}

/** A CardChannel that records every answer, and can act before a given step. */
class RecordingChannel : public Sync::CardChannel
{
public:
    RecordingChannel(Sync::CardChannel &inner, std::function<void(int)> beforeStep = {})
        : m_inner(inner)
        , m_beforeStep(std::move(beforeStep))
    { }
    void exchange(const QByteArray &apdu, Done done) override
    {
        if (m_beforeStep)
            m_beforeStep(m_steps);
        ++m_steps;
        apdus.append(apdu);
        m_inner.exchange(apdu, [this, done](const Result<QByteArray> &answer) {
            if (answer)
                answers.append(*answer);
            done(answer);
        });
    }
    QList<QByteArray> apdus;
    QList<QByteArray> answers;

private:
    Sync::CardChannel &m_inner;
    std::function<void(int)> m_beforeStep;
    int m_steps = 0;
};

/** A CardChannel that plays back a recorded transcript instead of asking a card. */
class ReplayChannel : public Sync::CardChannel
{
public:
    explicit ReplayChannel(QList<QByteArray> answers)
        : m_answers(std::move(answers))
    { }
    void exchange(const QByteArray &, Done done) override
    {
        const QByteArray answer = m_answers.isEmpty() ? QByteArray() : m_answers.takeFirst();
        QTimer::singleShot(0, [done, answer] {
            if (answer.isEmpty())
                done(Error { QStringLiteral("card_error"), QStringLiteral("transcript over") });
            else
                done(answer);
        });
    }

private:
    QList<QByteArray> m_answers;
};

} // namespace

class TestBadgeLogin : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ChamberFixture> m_fx;
    std::optional<Server::TlsMaterial> m_tls;
    std::unique_ptr<EmulatorProcess> m_emulator;
    std::unique_ptr<LibNfcBadgeReader> m_reader;
    std::unique_ptr<App::ReaderCardChannel> m_channel;
    std::unique_ptr<Sync::ChamberConnection> m_connection;
    const QString m_person = member(7);
    QByteArray m_uid;

    /** Puts card @p name in the field and waits until the tablet's reader reports it. */
    std::optional<BadgeInfo> insert(const QByteArray &name)
    {
        QSignalSpy presented(m_reader.get(), &BadgeReader::badgePresented);
        if (!m_emulator->command("insert " + name).startsWith("ok"))
            return std::nullopt;
        if (presented.isEmpty() && !presented.wait(Patience))
            return std::nullopt;
        return presented.takeLast().at(0).value<BadgeInfo>();
    }

    Result<QJsonObject> login(const BadgeInfo &badge, const QString &pin = Server::Demo::pin())
    {
        std::optional<Result<QJsonObject>> out;
        m_connection->login(evidence(badge), pin,
                            [&out](const Result<QJsonObject> &r) { out = r; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 3 * Patience))
            return Error { QStringLiteral("test_timeout"), QStringLiteral("no answer") };
        return *out;
    }

    /** The reason of the last login.failed in the log, or "" if the last login event is not one. */
    QString lastLoginFailure() const
    {
        m_fx->m_chamber->flush();
        const QList<Event> events = m_fx->m_journal->events();
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            if (it->type == QLatin1String("login.failed"))
                return it->payload.value(QStringLiteral("reason")).toString();
            if (it->type == QLatin1String("login.succeeded"))
                return QString();
        }
        return QStringLiteral("<none>");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto tls = Server::TlsMaterial::generate(m_dir.filePath(QStringLiteral("tls")));
        QVERIFY(tls.ok());
        m_tls = std::move(*tls);
        m_uid = Server::Demo::badgeUid(m_person);
        QCOMPARE(m_uid.size(), 7); // a DESFire EV1 UID
    }

    void init()
    {
        m_fx = std::make_unique<ChamberFixture>();
        QVERIFY(m_fx->ok());
        m_fx->m_credentials->setBadgePolicy(Badges::BadgePolicy::Desfire);
        m_fx->m_credentials->setMasterKey(MasterKey);
        QVERIFY(m_fx->listen(m_tls->serverConfiguration()).ok());

        const QString link = m_dir.filePath(QStringLiteral("pn532"));
        m_emulator = std::make_unique<EmulatorProcess>(link, Patience);
        QVERIFY(m_emulator->ready());
        // The enrolled badge, a clone of its UID on a DESFire with another key, and a
        // UID-only copy, as a cloner with a few euros of blanks could make.
        QVERIFY(m_emulator->command("card good desfire " + m_uid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("app good 4155aa " + cardKey(m_uid).toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("card clone desfire " + m_uid.toHex()).startsWith("ok"));
        QVERIFY(m_emulator->command("app clone 4155aa 000102030405060708090a0b0c0d0e0f")
                    .startsWith("ok"));
        QVERIFY(m_emulator->command("card cheap uid " + m_uid.toHex()).startsWith("ok"));

        LibNfcBadgeReader::Options options;
        options.connection = QStringLiteral("pn532_uart:") + link;
        options.pollIntervalMs = 50;
        options.presenceIntervalMs = 100;
        m_reader = std::make_unique<LibNfcBadgeReader>(options);
        QSignalSpy connected(m_reader.get(), &BadgeReader::readerConnected);
        m_reader->start();
        QVERIFY(connected.wait(Patience));

        Sync::ConnectionOptions o;
        o.url = QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_fx->m_api->port()));
        o.tls = m_tls->clientConfiguration();
        o.device = QStringLiteral("tab-") + m_person;
        o.loginTimeoutMs = Patience;
        m_connection = std::make_unique<Sync::ChamberConnection>(o, m_fx->deviceKey(m_person));
        m_channel = std::make_unique<App::ReaderCardChannel>(m_reader.get());
        m_connection->setCardChannel(m_channel.get());
        m_connection->open();
        QVERIFY(QTest::qWaitFor(
            [&] { return m_connection->state() == Sync::ChamberConnection::State::Connected; },
            Patience));
    }

    void cleanup()
    {
        m_connection.reset();
        m_channel.reset();
        m_reader.reset();
        m_emulator.reset();
        m_fx.reset();
    }

    void rightCardAndPinLogIn()
    {
        auto badge = insert("good");
        QVERIFY(badge);
        QVERIFY(badge->speaksIsoDep());
        QCOMPARE(badge->uid, m_uid);
        auto r = login(*badge);
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().describe()));
        QCOMPARE(r->value(QStringLiteral("person")).toString(), m_person);
        QCOMPARE(r->value(QStringLiteral("resume")).toString().size(), 64);
        QCOMPARE(lastLoginFailure(), QString());
    }

    void rightCardWrongPinIsWrongPin()
    {
        auto badge = insert("good");
        QVERIFY(badge);
        auto r = login(*badge, QStringLiteral("9999"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("wrong_pin"));
    }

    void sameUidWrongKeyFails()
    {
        auto badge = insert("clone");
        QVERIFY(badge);
        QCOMPARE(badge->uid, m_uid);
        auto r = login(*badge);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_wrong_key"));
        // The PIN was never looked at: no wrong-PIN count, no lock-out for the real holder.
        QCOMPARE(m_fx->m_chamber->state().failedAttempts(m_person), 0);
    }

    void uidOnlyCardFailsUnderDesfire()
    {
        auto badge = insert("cheap");
        QVERIFY(badge);
        QVERIFY(!badge->speaksIsoDep());
        auto r = login(*badge);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_uid_only"));
        // Claiming ISO 14443-4 for it does not help: the card cannot answer the APDUs.
        BadgeInfo lie = *badge;
        lie.technology = BadgeInfo::Technology::Iso14443A4;
        r = login(lie);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_unreachable"));
    }

    void replayedTranscriptFails()
    {
        auto badge = insert("good");
        QVERIFY(badge);
        RecordingChannel recorder(*m_channel);
        m_connection->setCardChannel(&recorder);
        QVERIFY(login(*badge).ok());
        QCOMPARE(recorder.answers.size(), 4); // select, auth ×2, GetCardUID
        m_connection->logout();

        // An eavesdropper on the tablet plays the card's answers back, without the card.
        ReplayChannel replay(recorder.answers);
        m_connection->setCardChannel(&replay);
        QTest::qWait(200); // the logout reaches the server first
        auto r = login(*badge);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("badge_rejected"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_proof_mismatch"));
        m_connection->setCardChannel(m_channel.get());
    }

    void cardRemovedMidAuthenticationFailsCleanly()
    {
        auto badge = insert("good");
        QVERIFY(badge);
        // Taken away after the card's first AuthenticateAES answer, before the second pass.
        RecordingChannel remover(*m_channel, [this](int step) {
            if (step == 2)
                QVERIFY(m_emulator->command("remove").startsWith("ok"));
        });
        m_connection->setCardChannel(&remover);
        auto r = login(*badge);
        m_connection->setCardChannel(m_channel.get());
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("badge_removed"));
        QCOMPARE(lastLoginFailure(), QStringLiteral("badge_removed"));
        // Cleanly: the connection is usable, and the card back on the reader logs in.
        auto again = insert("good");
        QVERIFY(again);
        auto ok = login(*again);
        QVERIFY2(ok.ok(), qPrintable(ok ? QString() : ok.error().describe()));
    }

    void uidPolicyAcceptsUidOnlyCard()
    {
        m_fx->m_credentials->setBadgePolicy(Badges::BadgePolicy::Uid);
        auto badge = insert("cheap");
        QVERIFY(badge);
        auto r = login(*badge);
        QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().describe()));
        QCOMPARE(r->value(QStringLiteral("person")).toString(), m_person);
        QVERIFY(!r->contains(QStringLiteral("resume")));
    }

    void reconnectResumesWithoutTheCard()
    {
        auto badge = insert("good");
        QVERIFY(badge);
        QVERIFY(login(*badge).ok());
        QVERIFY(m_emulator->command("remove").startsWith("ok"));
        // The link drops; the tablet logs in again with the chamber's resume ticket and the
        // PIN, while the badge is back in the councillor's pocket.
        QSignalSpy sessions(m_connection.get(), &Sync::ChamberConnection::sessionChanged);
        QSignalSpy lost(m_connection.get(), &Sync::ChamberConnection::sessionLost);
        m_fx->m_api->disconnectAll();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_connection->reconnects() >= 1
                    && m_connection->state() == Sync::ChamberConnection::State::Connected;
            },
            Patience));
        QVERIFY(lost.isEmpty());
        QCOMPARE(m_connection->person(), m_person);
    }

    void sessionManagerLogsInThroughTheReader()
    {
        App::SessionManager session(*m_connection, m_reader.get());
        auto badge = insert("good");
        QVERIFY(badge);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::EnteringPin,
                                  Patience);
        for (int d : { 1, 2, 3, 4 })
            session.appendDigit(d);
        session.submitPin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::LoggedIn,
                                  3 * Patience);
        QCOMPARE(session.person(), m_person);
    }

    void offlineSessionWaitsForATapToGoOnline()
    {
        // An offline session, then the chamber comes back while the badge is in a pocket:
        // the card proof cannot run, and that must not end the session (nor close the store).
        Platform::FileKeyVault keys(m_dir.filePath(QStringLiteral("keyvault-upgrade")));
        App::VaultOptions vo;
        vo.root = m_dir.filePath(QStringLiteral("stores-upgrade"));
        vo.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 };
        App::TabletVault vault(vo, keys);
        App::SessionManager session(*m_connection, m_reader.get());
        session.setVault(&vault);
        auto typePin = [&] {
            for (int d : { 1, 2, 3, 4 })
                session.appendDigit(d);
            session.submitPin();
        };
        QVERIFY(insert("good"));
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::EnteringPin,
                                  Patience);
        typePin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::LoggedIn,
                                  3 * Patience);
        // The store opens off the UI thread: wait for it before logging out.
        QTRY_VERIFY_WITH_TIMEOUT(vault.isOpen(), 3 * Patience);
        session.logout();
        QVERIFY(m_emulator->command("remove").startsWith("ok"));
        QTest::qWait(500); // the reader sees the card go
        m_connection->close();
        QTRY_VERIFY_WITH_TIMEOUT(!session.isOnline(), Patience);

        QVERIFY(insert("good"));
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::EnteringPin,
                                  Patience);
        typePin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::LoggedIn,
                                  3 * Patience);
        QVERIFY(session.isOfflineSession());
        QVERIFY(m_emulator->command("remove").startsWith("ok"));
        QTest::qWait(500); // the reader sees the card go

        m_connection->open();
        QTRY_VERIFY_WITH_TIMEOUT(session.message().contains(QStringLiteral("tap your badge")),
                                 3 * Patience);
        QCOMPARE(session.state(), App::SessionManager::State::LoggedIn);
        QVERIFY(session.isOfflineSession());
        QVERIFY(vault.isOpen());

        // The tap: the same badge on the reader, and the session goes online.
        QVERIFY(insert("good"));
        QTRY_VERIFY_WITH_TIMEOUT(!session.isOfflineSession(), 3 * Patience);
        QCOMPARE(session.state(), App::SessionManager::State::LoggedIn);
        QCOMPARE(session.person(), m_person);
        QVERIFY(vault.isOpen());
    }

    void sessionManagerExplainsARejectedBadge()
    {
        App::SessionManager session(*m_connection, m_reader.get());
        auto badge = insert("cheap");
        QVERIFY(badge);
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::EnteringPin,
                                  Patience);
        for (int d : { 1, 2, 3, 4 })
            session.appendDigit(d);
        session.submitPin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), App::SessionManager::State::WaitingForBadge,
                                  3 * Patience);
        QVERIFY(session.message().contains(QStringLiteral("not a valid chamber badge")));
    }
};

QTEST_MAIN(TestBadgeLogin)
#include "tst_badgelogin.moc"
