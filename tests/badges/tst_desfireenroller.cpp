// SPDX-License-Identifier: GPL-3.0-or-later
// Personalising a blank DESFire card, then logging in with it, in-process against the card
// model: what `aula-server badge enroll` will drive through a reader.
#include "platform/nfc/aulacard.h"
#include "platform/nfc/cardsecretreader.h"
#include "server/badges/desfireauthenticator.h"
#include "server/badges/desfireenroller.h"
#include "tests/emulators/cards/desfirecard.h"

#include <QTest>

using namespace Aula;
using namespace Aula::Badges;
using namespace Aula::Emulators;

namespace {

constexpr quint32 AulaAid = 0x4155AA;
const QByteArray Uid = QByteArray::fromHex("04A1B2C3D4E5F6");

KeyDiversifier diversifier()
{
    return KeyDiversifier::create(QByteArray(16, 'm'), "Aula test").value();
}

// Runs any of the step machines against a card; @p stopAfter cuts the relay short.
template<typename Machine> auto run(Machine &machine, Card &card, int stopAfter = -1)
{
    std::optional<QByteArray> apdu = machine.begin();
    int sent = 0;
    while (apdu && !apdu->isEmpty()) {
        if (sent++ == stopAfter) {
            machine.abort(Error { QStringLiteral("badge_removed"), QStringLiteral("removed") });
            break;
        }
        const auto answer = card.exchange(*apdu);
        if (!answer) {
            machine.abort(Error { QStringLiteral("timeout"), QStringLiteral("silent card") });
            break;
        }
        apdu = machine.feed(*answer);
    }
    return machine.result();
}

} // namespace

class TestDesfireEnroller : public QObject
{
    Q_OBJECT

private slots:
    void enrollThenLogIn()
    {
        DesfireCard card(Uid);
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        auto enrolled = run(enroller, card);
        QVERIFY2(enrolled.ok(), enrolled.ok() ? "" : qPrintable(enrolled.error().describe()));
        QCOMPARE(enrolled->uid, Uid);
        QCOMPARE(enroller.state(), DesfireEnroller::State::Enrolled);
        QCOMPARE(card.applications(), QList<quint32>({ AulaAid }));
        QCOMPARE(card.key(AulaAid, 0), diversifier().diversify(Uid, AulaAid).value());

        card.activate(); // taken off the enrollment reader, put on a tablet
        DesfireAuthenticator login(diversifier(), AulaAid, 0, Uid);
        auto verified = run(login, card);
        QVERIFY2(verified.ok(), verified.ok() ? "" : qPrintable(verified.error().describe()));
        QCOMPARE(verified->uid, Uid);
    }

    void enrollmentWritesARandomBadgeSecret()
    {
        // Two blank cards, two enrollments: each card gets 16 bytes of its own.
        DesfireCard first(Uid);
        DesfireEnroller one(diversifier(), AulaAid, Uid);
        QVERIFY(run(one, first).ok());
        const QByteArray secret = first.fileData(AulaAid, kSecretFileNo);
        QCOMPARE(secret.size(), 16);
        QVERIFY(secret != QByteArray(16, '\0'));
        DesfireCard second(Uid);
        DesfireEnroller two(diversifier(), AulaAid, Uid);
        QVERIFY(run(two, second).ok());
        QVERIFY(second.fileData(AulaAid, kSecretFileNo) != secret);

        // Read free, everything else only with key 0 (the diversified key).
        const Desfire::AccessRights rights = first.fileRights(AulaAid, kSecretFileNo);
        QCOMPARE(rights.read, Desfire::FreeAccess);
        QCOMPARE(rights.write, quint8(0));
        QCOMPARE(rights.readWrite, quint8(0));
        QCOMPARE(rights.change, quint8(0));

        // The tablet, with no key, reads what enrollment wrote.
        first.activate();
        CardSecretReader tablet;
        auto read = run(tablet, first);
        QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().describe()));
        QCOMPARE(*read, secret);
    }

    void withoutTheKeyTheSecretCannotBeReplaced()
    {
        DesfireCard card(Uid);
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        QVERIFY(run(enroller, card).ok());
        const QByteArray secret = card.fileData(AulaAid, kSecretFileNo);
        card.activate();
        QVERIFY(card.exchange(Desfire::wrap(Desfire::SelectApplication, Desfire::aidBytes(AulaAid)))
                    ->endsWith(QByteArray::fromHex("9100")));
        const auto answer = card.exchange(
            Desfire::wrap(Desfire::WriteData,
                          Desfire::dataFileCommand(kSecretFileNo, 0, 16) + QByteArray(16, 'x')));
        QVERIFY(answer);
        QCOMPARE(answer->toHex(), QByteArray("91ae")); // AUTHENTICATION_ERROR
        QCOMPARE(card.fileData(AulaAid, kSecretFileNo), secret);
    }

    void enrollingAgainKeepsOrRenewsTheSecret()
    {
        using Outcome = EnrolledCard::Outcome;
        DesfireCard card(Uid);
        DesfireEnroller first(diversifier(), AulaAid, Uid);
        QCOMPARE(run(first, card)->outcome, Outcome::Personalised);
        const QByteArray secret = card.fileData(AulaAid, kSecretFileNo);
        const QByteArray key = diversifier().diversify(Uid, AulaAid).value();

        // EnsureSecret (the default): it reads fine, so it stays.
        card.activate();
        DesfireEnroller again(diversifier(), AulaAid, Uid);
        auto kept = run(again, card);
        QVERIFY2(kept.ok(), kept.ok() ? "" : qPrintable(kept.error().describe()));
        QCOMPARE(kept->outcome, Outcome::SecretKept);
        QVERIFY(!kept->keyWritten());
        QCOMPARE(card.fileData(AulaAid, kSecretFileNo), secret);
        QCOMPARE(card.key(AulaAid, 0), key);

        // RenewSecret: a new one, same key.
        card.activate();
        DesfireEnroller renew(diversifier(), AulaAid, Uid, {}, DesfireEnroller::Mode::RenewSecret);
        auto renewed = run(renew, card);
        QVERIFY2(renewed.ok(), renewed.ok() ? "" : qPrintable(renewed.error().describe()));
        QCOMPARE(renewed->outcome, Outcome::SecretRenewed);
        const QByteArray fresh = card.fileData(AulaAid, kSecretFileNo);
        QCOMPARE(fresh.size(), 16);
        QVERIFY(fresh != secret);
        QCOMPARE(card.key(AulaAid, 0), key);
        card.activate();
        CardSecretReader tablet;
        QCOMPARE(run(tablet, card).value(), fresh);

        // Another chamber (another master key): refused, nothing written.
        card.activate();
        DesfireEnroller other(KeyDiversifier::create(QByteArray(16, 'o'), "Aula test").value(),
                              AulaAid, Uid);
        QCOMPARE(run(other, card).error().code, QStringLiteral("already_enrolled"));
        QCOMPARE(card.key(AulaAid, 0), key);
        QCOMPARE(card.fileData(AulaAid, kSecretFileNo), fresh);
    }

    void aCardEnrolledWithoutASecretGetsOne()
    {
        // Enrolled before badges had a secret: the application under the diversified key.
        DesfireCard card(Uid);
        card.addApplication(AulaAid, { diversifier().diversify(Uid, AulaAid).value() });
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        auto r = run(enroller, card);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QCOMPARE(r->outcome, EnrolledCard::Outcome::SecretWritten);
        QCOMPARE(card.fileData(AulaAid, kSecretFileNo).size(), 16);
        QCOMPARE(card.fileRights(AulaAid, kSecretFileNo).read, Desfire::FreeAccess);
    }

    void anUnreadableSecretIsNotKept()
    {
        DesfireCard card(Uid);
        card.addApplication(AulaAid, { diversifier().diversify(Uid, AulaAid).value() });
        card.addStdDataFile(AulaAid, kSecretFileNo, kSecretFileRights, QByteArray(8, 's'));
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        const auto r = run(enroller, card);
        QCOMPARE(r.error().code, QStringLiteral("secret_unreadable"));
        QVERIFY(r.error().message.contains(QLatin1String("--renew-secret")));
    }

    void aDefaultKeyApplicationAulaDidNotCreateIsRefused()
    {
        // The all-zero key, but key settings 0x0B (what the fixture makes, not Aula's 0x09).
        DesfireCard card(Uid);
        card.addApplication(AulaAid, { QByteArray(16, '\0') });
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        const auto r = run(enroller, card);
        QCOMPARE(r.error().code, QStringLiteral("already_enrolled"));
        QVERIFY(r.error().message.contains(QLatin1String("0b81")));
        QCOMPARE(card.key(AulaAid, 0), QByteArray(16, '\0'));
    }

    // An enrollment cut after each of its frames, then enrolled again: the second one
    // finishes (personalising again, or keeping what the first one completed), and the card
    // logs in and gives its secret.
    void anInterruptedEnrollmentIsResumed_data()
    {
        QTest::addColumn<int>("cutAfter");
        for (int n = 1; n <= 9; ++n)
            QTest::addRow("after frame %d", n) << n;
    }

    void anInterruptedEnrollmentIsResumed()
    {
        QFETCH(int, cutAfter);
        DesfireCard card(Uid);
        DesfireEnroller cut(diversifier(), AulaAid, Uid);
        const auto first = run(cut, card, cutAfter);
        if (cutAfter < 9)
            QCOMPARE(first.error().code, QStringLiteral("card_unreachable"));
        card.activate();
        DesfireEnroller again(diversifier(), AulaAid, Uid);
        const auto second = run(again, card);
        QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().describe()));
        using Outcome = EnrolledCard::Outcome;
        const Outcome expected = cutAfter <= 1 ? Outcome::Personalised
            : cutAfter < 9                     ? Outcome::Resumed
                                               : Outcome::SecretKept;
        QCOMPARE(second->outcome, expected);
        QCOMPARE(card.key(AulaAid, 0), diversifier().diversify(Uid, AulaAid).value());

        card.activate();
        DesfireAuthenticator login(diversifier(), AulaAid, 0, Uid);
        QVERIFY(run(login, card).ok());
        card.activate();
        CardSecretReader tablet;
        const auto secret = run(tablet, card);
        QVERIFY(secret.ok());
        QCOMPARE(*secret, card.fileData(AulaAid, kSecretFileNo));
    }

    void lockedCardIsRefused()
    {
        DesfireCard card(Uid);
        card.setPiccKeySettings(0x0B);
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        QCOMPARE(run(enroller, card).error().code, QStringLiteral("card_locked"));
        QVERIFY(card.applications().isEmpty());
    }

    void uidMustBeTheRealOne()
    {
        DesfireCard card(Uid);
        DesfireEnroller enroller(diversifier(), AulaAid, QByteArray::fromHex("04000000000000"));
        QCOMPARE(run(enroller, card).error().code, QStringLiteral("uid_mismatch"));
        // The key was not written: the application still has its default key.
        QCOMPARE(card.key(AulaAid, 0), QByteArray(16, '\0'));
    }

    void removedMidEnrollment()
    {
        DesfireCard card(Uid);
        DesfireEnroller enroller(diversifier(), AulaAid, Uid);
        const auto result = run(enroller, card, 4); // after the first authentication pass
        QCOMPARE(result.error().code, QStringLiteral("card_unreachable"));
        QCOMPARE(enroller.state(), DesfireEnroller::State::Failed);
        // What is left is an application with the default key, which login rejects (and
        // which the next enrollment personalises again: anInterruptedEnrollmentIsResumed).
        card.activate();
        DesfireAuthenticator login(diversifier(), AulaAid, 0, Uid);
        QCOMPARE(run(login, card).error().code, QStringLiteral("wrong_key"));
    }

    void uidOnlyBadgesCannotBeEnrolled()
    {
        DesfireEnroller enroller(diversifier(), AulaAid, QByteArray::fromHex("deadbeef"));
        QVERIFY(enroller.begin().isEmpty());
        QCOMPARE(enroller.result().error().code, QStringLiteral("not_desfire"));
    }
};

QTEST_GUILESS_MAIN(TestDesfireEnroller)
#include "tst_desfireenroller.moc"
