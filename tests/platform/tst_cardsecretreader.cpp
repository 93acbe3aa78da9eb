// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet's read of the badge secret (CardSecretReader) relayed through a BadgeReader, as
// the app does it at each tap, against the DESFire card model: what it reads, and which
// failures let the tablet fall back to the UID and which mean "tap again".
#include "platform/nfc/aulacard.h"
#include "platform/nfc/cardsecretreader.h"
#include "platform/nfc/fakebadgereader.h"
#include "platform/nfc/framerelay.h"
#include "tests/emulators/cards/desfirecard.h"
#include "tests/emulators/cards/uidonlycard.h"

#include <QTest>
#include <QTimer>

using namespace Aula;
using namespace Aula::Badges;
using Aula::Emulators::DesfireCard;

namespace {

const QByteArray Uid = QByteArray::fromHex("04A1B2C3D4E5F6");
const QByteArray Secret = QByteArray::fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

BadgeInfo badgeOf(const Emulators::Card &card)
{
    return { card.uid(),
             card.sak() & 0x20 ? BadgeInfo::Technology::Iso14443A4
                               : BadgeInfo::Technology::Iso14443A3,
             card.atqa(),
             card.sak(),
             {} };
}

/** Puts @p card on @p reader, answering frames from the model. */
void present(FakeBadgeReader &reader, Emulators::Card &card)
{
    card.activate();
    reader.present(badgeOf(card),
                   [&card](const QByteArray &frame) { return card.exchange(frame); });
}

Result<QByteArray> readSecret(BadgeReader &reader, const std::function<void(int)> &beforeStep = {})
{
    auto machine = std::make_shared<CardSecretReader>();
    std::optional<Result<QByteArray>> out;
    // A wrapper that can act between steps (remove the card mid-read).
    struct Stepper
    {
        std::shared_ptr<CardSecretReader> inner;
        std::function<void(int)> beforeStep;
        int step = 0;
        QByteArray begin()
        {
            if (beforeStep)
                beforeStep(step++);
            return inner->begin();
        }
        std::optional<QByteArray> feed(const QByteArray &a)
        {
            auto next = inner->feed(a);
            if (next && beforeStep)
                beforeStep(step++);
            return next;
        }
        void abort(const Error &e) { inner->abort(e); }
        bool isFinished() const { return inner->isFinished(); }
    };
    auto stepper = std::make_shared<Stepper>(Stepper { machine, beforeStep });
    relayFrames<Stepper>(reader, stepper, [&](Stepper &s) { out = s.inner->result(); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 5000))
        return Error { QStringLiteral("test_timeout"), QStringLiteral("no answer") };
    return *out;
}

} // namespace

class TestCardSecretReader : public QObject
{
    Q_OBJECT

    FakeBadgeReader m_reader;

private slots:
    void init() { m_reader.start(); }
    void cleanup() { m_reader.stop(); }

    void readsTheSecretWithoutAKey()
    {
        DesfireCard card(Uid);
        card.addApplication(kAulaAid, { QByteArray(16, 'k') });
        card.addStdDataFile(kAulaAid, kSecretFileNo, kSecretFileRights, Secret);
        present(m_reader, card);
        auto r = readSecret(m_reader);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QCOMPARE(*r, Secret);
    }

    void theSecretIsTakenNotCopied()
    {
        DesfireCard card(Uid);
        card.addApplication(kAulaAid, { QByteArray(16, 'k') });
        card.addStdDataFile(kAulaAid, kSecretFileNo, kSecretFileRights, Secret);
        present(m_reader, card);
        auto machine = std::make_shared<CardSecretReader>();
        bool done = false;
        relayFrames<CardSecretReader>(m_reader, machine, [&](CardSecretReader &) { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(machine->heldSecretBytes(), qsizetype(16));
        auto taken = machine->takeSecret();
        QVERIFY(taken.ok());
        QCOMPARE(*taken, Secret);
        // The reader keeps nothing: the caller's buffer is the only one to wipe.
        QCOMPARE(machine->heldSecretBytes(), qsizetype(0));
        QCOMPARE(machine->result().error().code, QStringLiteral("secret_taken"));
        QCOMPARE(machine->takeSecret().error().code, QStringLiteral("secret_taken"));
        QVERIFY(taken->isDetached()); // not shared with anything the reader still holds

        // An error is handed over as an error, and there was never a secret to hold.
        CardSecretReader failed;
        (void)failed.begin();
        QVERIFY(!failed.feed(QByteArray::fromHex("91A0")));
        QCOMPARE(failed.takeSecret().error().code, QStringLiteral("no_secret"));
        QCOMPARE(failed.heldSecretBytes(), qsizetype(0));
    }

    void aCardWithoutTheFileFallsBack()
    {
        // The Aula application as cards were enrolled before they had a secret.
        DesfireCard legacy(Uid);
        legacy.addApplication(kAulaAid, { QByteArray(16, 'k') });
        present(m_reader, legacy);
        auto r = readSecret(m_reader);
        QCOMPARE(r.error().code, QStringLiteral("no_secret"));
        QVERIFY2(r.error().message.contains(QLatin1String("FILE_NOT_FOUND")),
                 qPrintable(r.error().message));
        QVERIFY(CardSecretReader::allowsUidFallback(r.error()));

        DesfireCard blank(Uid);
        present(m_reader, blank);
        r = readSecret(m_reader);
        QCOMPARE(r.error().code, QStringLiteral("no_secret"));
        QVERIFY(r.error().message.contains(QLatin1String("APPLICATION_NOT_FOUND")));
    }

    void aUidOnlyBadgeFallsBack()
    {
        Emulators::UidOnlyCard cheap(Uid);
        present(m_reader, cheap);
        auto r = readSecret(m_reader);
        QCOMPARE(r.error().code, QStringLiteral("not_iso_dep"));
        QVERIFY(CardSecretReader::allowsUidFallback(r.error()));
    }

    void aCardTakenAwayMidReadMeansTapAgain()
    {
        DesfireCard card(Uid);
        card.addApplication(kAulaAid, { QByteArray(16, 'k') });
        card.addStdDataFile(kAulaAid, kSecretFileNo, kSecretFileRights, Secret);
        present(m_reader, card);
        auto r = readSecret(m_reader, [this](int step) {
            // After the select, while ReadData is in flight.
            if (step == 1)
                QTimer::singleShot(0, &m_reader, [this] { m_reader.remove(); });
        });
        QCOMPARE(r.error().code, QStringLiteral("badge_removed"));
        QVERIFY(!CardSecretReader::allowsUidFallback(r.error()));
    }

    void aSecretOfTheWrongSizeIsRefused()
    {
        DesfireCard card(Uid);
        card.addApplication(kAulaAid, { QByteArray(16, 'k') });
        card.addStdDataFile(kAulaAid, kSecretFileNo, kSecretFileRights, Secret.left(8));
        present(m_reader, card);
        auto r = readSecret(m_reader);
        // The card refuses to read 16 bytes from an 8-byte file: not a card without a secret.
        QCOMPARE(r.error().code, QStringLiteral("secret_unreadable"));
        QVERIFY(r.error().message.contains(QLatin1String("BOUNDARY_ERROR")));
        QVERIFY(!CardSecretReader::allowsUidFallback(r.error()));
    }

    void aSecretFileThatNeedsAKeyIsUnreadable()
    {
        // Read right key 0 instead of free: the card answers AUTHENTICATION_ERROR.
        DesfireCard keyed(Uid);
        keyed.addApplication(kAulaAid, { QByteArray(16, 'k') });
        keyed.addStdDataFile(kAulaAid, kSecretFileNo, { 0, 0, 0, 0 }, Secret);
        present(m_reader, keyed);
        auto r = readSecret(m_reader);
        QCOMPARE(r.error().code, QStringLiteral("secret_unreadable"));
        QVERIFY(r.error().message.contains(QLatin1String("AUTHENTICATION_ERROR")));
        QVERIFY(!CardSecretReader::allowsUidFallback(r.error()));

        // Never readable: PERMISSION_DENIED.
        DesfireCard closed(Uid);
        closed.addApplication(kAulaAid, { QByteArray(16, 'k') });
        closed.addStdDataFile(kAulaAid, kSecretFileNo,
                              { Desfire::NoAccess, 0, Desfire::NoAccess, 0 }, Secret);
        present(m_reader, closed);
        r = readSecret(m_reader);
        QCOMPARE(r.error().code, QStringLiteral("secret_unreadable"));
        QVERIFY(r.error().message.contains(QLatin1String("PERMISSION_DENIED")));
    }

    // Every answer the card may give at each step, fed to the machine directly: only
    // APPLICATION_NOT_FOUND at the select and FILE_NOT_FOUND at the read let the UID stand in.
    void eachAnswerDecidesTheFallback_data()
    {
        QTest::addColumn<bool>("atRead");
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("code");
        const QString noSecret = QStringLiteral("no_secret");
        const QString unreadable = QStringLiteral("secret_unreadable");
        const struct
        {
            const char *name;
            quint8 status;
        } statuses[] = { { "PERMISSION_DENIED", 0x9D },     { "AUTHENTICATION_ERROR", 0xAE },
                         { "BOUNDARY_ERROR", 0xBE },        { "ILLEGAL_COMMAND", 0x1C },
                         { "INTEGRITY_ERROR", 0x1E },       { "LENGTH_ERROR", 0x7E },
                         { "PARAMETER_ERROR", 0x9E },       { "COMMAND_ABORTED", 0xCA },
                         { "ADDITIONAL_FRAME", 0xAF },      { "unknown 0x42", 0x42 },
                         { "APPLICATION_NOT_FOUND", 0xA0 }, { "FILE_NOT_FOUND", 0xF0 } };
        for (const bool atRead : { false, true }) {
            const char *step = atRead ? "read" : "select";
            for (const auto &s : statuses) {
                const bool fallback = atRead ? s.status == 0xF0 : s.status == 0xA0;
                QTest::addRow("%s %s", step, s.name)
                    << atRead << (QByteArray::fromHex("91") + char(s.status))
                    << (fallback ? noSecret : unreadable);
            }
            QTest::addRow("%s empty", step) << atRead << QByteArray() << unreadable;
            QTest::addRow("%s one byte", step) << atRead << QByteArray::fromHex("91") << unreadable;
            QTest::addRow("%s ISO status 6E00", step)
                << atRead << QByteArray::fromHex("6E00") << unreadable;
            QTest::addRow("%s ISO status 9000", step)
                << atRead << QByteArray::fromHex("9000") << unreadable;
        }
        QTest::addRow("read OK, 3 bytes")
            << true << QByteArray::fromHex("0102039100") << unreadable;
        QTest::addRow("read OK, 17 bytes")
            << true << (QByteArray(17, 'x') + QByteArray::fromHex("9100")) << unreadable;
        QTest::addRow("read OK, nothing") << true << QByteArray::fromHex("9100") << unreadable;
    }

    void eachAnswerDecidesTheFallback()
    {
        QFETCH(bool, atRead);
        QFETCH(QByteArray, answer);
        QFETCH(QString, code);
        CardSecretReader machine;
        (void)machine.begin();
        if (atRead)
            QVERIFY(machine.feed(QByteArray::fromHex("9100")));
        QVERIFY(!machine.feed(answer));
        QVERIFY(machine.isFinished());
        const auto r = machine.result();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(CardSecretReader::allowsUidFallback(r.error()),
                 code == QLatin1String("no_secret"));
    }

    void relayErrorsMeanTapAgain()
    {
        for (const char *code :
             { "badge_removed", "reader_lost", "card_error", "no_badge", "reader_stopped" }) {
            CardSecretReader machine;
            (void)machine.begin();
            machine.abort(Error { QLatin1String(code), QStringLiteral("relay") });
            QCOMPARE(machine.result().error().code, QLatin1String(code));
            QVERIFY(!CardSecretReader::allowsUidFallback(machine.result().error()));
        }
        CardSecretReader uidOnly;
        (void)uidOnly.begin();
        uidOnly.abort(Error { QStringLiteral("not_iso_dep"), QStringLiteral("relay") });
        QVERIFY(CardSecretReader::allowsUidFallback(uidOnly.result().error()));
    }
};

QTEST_GUILESS_MAIN(TestCardSecretReader)
#include "tst_cardsecretreader.moc"
