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

    void enrollingTwiceIsRefused()
    {
        DesfireCard card(Uid);
        DesfireEnroller first(diversifier(), AulaAid, Uid);
        QVERIFY(run(first, card).ok());
        card.activate();
        DesfireEnroller second(diversifier(), AulaAid, Uid);
        QCOMPARE(run(second, card).error().code, QStringLiteral("already_enrolled"));
        // The first enrollment's key is untouched.
        QCOMPARE(card.key(AulaAid, 0), diversifier().diversify(Uid, AulaAid).value());
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
        // What is left is an application with the default key, which login rejects and
        // enrollment reports as already enrolled: the clerk formats the card and starts over.
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
