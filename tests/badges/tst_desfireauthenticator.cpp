// SPDX-License-Identifier: GPL-3.0-or-later
// The server's badge authentication against the DESFire card model, in-process: the same
// frames the tablet relays, with the reader taken out.
#include "platform/nfc/desfireprotocol.h"
#include "server/badges/desfireauthenticator.h"
#include "tests/emulators/cards/desfirecard.h"
#include "tests/emulators/cards/uidonlycard.h"

#include <QTest>

using namespace Aula;
using namespace Aula::Badges;
using namespace Aula::Emulators;

namespace {

constexpr quint32 AulaAid = 0x4155AA;
const QByteArray Uid = QByteArray::fromHex("04A1B2C3D4E5F6");

KeyDiversifier diversifier(char fill = 'm')
{
    return KeyDiversifier::create(QByteArray(16, fill), "Aula test").value();
}

// What one authentication looked like on the wire: the APDUs and the card's answers.
struct Transcript
{
    QList<QByteArray> commands;
    QList<QByteArray> answers;
};

Result<VerifiedCard> relay(DesfireAuthenticator &auth, Card &card, Transcript *transcript = nullptr)
{
    std::optional<QByteArray> apdu = auth.begin();
    while (apdu) {
        const std::optional<QByteArray> answer = card.exchange(*apdu);
        if (transcript) {
            transcript->commands.append(*apdu);
            transcript->answers.append(answer.value_or(QByteArray()));
        }
        if (!answer) {
            auth.abort(
                Error { QStringLiteral("timeout"), QStringLiteral("the card did not answer") });
            break;
        }
        apdu = auth.feed(*answer);
    }
    return auth.result();
}

std::unique_ptr<DesfireCard> enrolledCard(const QByteArray &uid, const QByteArray &key)
{
    auto card = std::make_unique<DesfireCard>(uid);
    card->addApplication(AulaAid, { key });
    card->activate();
    return card;
}

} // namespace

class TestDesfireAuthenticator : public QObject
{
    Q_OBJECT

private slots:
    void rightKeyVerifiesTheUid()
    {
        auto card = enrolledCard(Uid, diversifier().diversify(Uid, AulaAid).value());
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, Uid);
        Transcript t;
        auto result = relay(auth, *card, &t);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().describe()));
        QCOMPARE(result->uid, Uid);
        QCOMPARE(auth.state(), DesfireAuthenticator::State::Verified);
        // Select, authenticate, second pass, GetCardUID.
        QCOMPARE(t.commands.size(), 4);
        QCOMPARE(quint8(t.commands[1][1]), quint8(Desfire::AuthenticateAes));
        QCOMPARE(quint8(t.commands[3][1]), quint8(Desfire::GetCardUid));
    }

    void wrongKeyIsRejectedByTheCard()
    {
        // Same UID, a key that is not the one diversified from our master key: a clone.
        auto card = enrolledCard(Uid, QByteArray(16, '\x42'));
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, Uid);
        auto result = relay(auth, *card);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("wrong_key"));
    }

    void otherMasterKeyFails()
    {
        auto card = enrolledCard(Uid, diversifier('x').diversify(Uid, AulaAid).value());
        DesfireAuthenticator auth(diversifier('m'), AulaAid, 0, Uid);
        QCOMPARE(relay(auth, *card).error().code, QStringLiteral("wrong_key"));
    }

    void blankCardHasNoApplication()
    {
        DesfireCard card(Uid);
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, Uid);
        QCOMPARE(relay(auth, card).error().code, QStringLiteral("application_missing"));
    }

    void uidOnlyCardFails()
    {
        UidOnlyCard card(QByteArray::fromHex("04A1B2C3D4E5F6"));
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, card.uid());
        auto result = relay(auth, card);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("card_unreachable"));
    }

    void replayedCardAnswersFail()
    {
        auto card = enrolledCard(Uid, diversifier().diversify(Uid, AulaAid).value());
        DesfireAuthenticator first(diversifier(), AulaAid, 0, Uid);
        Transcript recorded;
        QVERIFY(relay(first, *card, &recorded).ok());

        // An attacker who recorded a good login replays the card's answers to the server:
        // the server's fresh RndA makes the recorded proof worthless.
        DesfireAuthenticator second(diversifier(), AulaAid, 0, Uid);
        std::optional<QByteArray> apdu = second.begin();
        for (const QByteArray &answer : std::as_const(recorded.answers)) {
            if (!apdu)
                break;
            apdu = second.feed(answer);
        }
        QVERIFY(second.isFinished());
        QCOMPARE(second.result().error().code, QStringLiteral("card_proof_mismatch"));
    }

    void replayedServerCommandsFail()
    {
        auto card = enrolledCard(Uid, diversifier().diversify(Uid, AulaAid).value());
        DesfireAuthenticator first(diversifier(), AulaAid, 0, Uid);
        Transcript recorded;
        QVERIFY(relay(first, *card, &recorded).ok());
        // Replaying the server's side to the card: the card's fresh RndB rejects it.
        card->activate();
        QList<QByteArray> answers;
        for (const QByteArray &command : std::as_const(recorded.commands))
            answers.append(card->exchange(command).value_or(QByteArray()));
        QCOMPARE(answers[2].toHex(), QByteArray("91ae"));
    }

    void uidMustMatchTheAuthenticatedUid()
    {
        // A card that holds the key diversified for another UID and shows that UID during
        // anticollision (a UID-changeable card with a stolen key) still reports its own UID
        // inside the session.
        const QByteArray shownUid = QByteArray::fromHex("04999999999999");
        auto card = enrolledCard(Uid, diversifier().diversify(shownUid, AulaAid).value());
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, shownUid);
        QCOMPARE(relay(auth, *card).error().code, QStringLiteral("uid_mismatch"));
    }

    void freshChallengeEveryTime()
    {
        auto card = enrolledCard(Uid, diversifier().diversify(Uid, AulaAid).value());
        Transcript a, b;
        DesfireAuthenticator first(diversifier(), AulaAid, 0, Uid);
        DesfireAuthenticator second(diversifier(), AulaAid, 0, Uid);
        QVERIFY(relay(first, *card, &a).ok());
        QVERIFY(relay(second, *card, &b).ok());
        QVERIFY(a.commands[2] != b.commands[2]);
    }

    void garbageAndAbortAreTypedErrors()
    {
        DesfireAuthenticator auth(diversifier(), AulaAid, 0, Uid);
        QVERIFY(!auth.result().ok());
        QCOMPARE(auth.result().error().code, QStringLiteral("not_finished"));
        QVERIFY(!auth.begin().isEmpty());
        QVERIFY(!auth.feed(QByteArray::fromHex("6E00")));
        QCOMPARE(auth.result().error().code, QStringLiteral("not_desfire"));

        DesfireAuthenticator bad(diversifier(), AulaAid, 0, QByteArray::fromHex("0102"));
        QVERIFY(bad.begin().isEmpty());
        QCOMPARE(bad.result().error().code, QStringLiteral("invalid_uid"));
    }

    void deterministicWithAFixedRandomSource()
    {
        // With RndA and RndB pinned, the whole exchange is reproducible byte for byte.
        const auto fixed = [](char c) { return [c](int n) { return QByteArray(n, c); }; };
        const QByteArray key = diversifier().diversify(Uid, AulaAid).value();
        Transcript a, b;
        for (Transcript *t : { &a, &b }) {
            DesfireCard card(Uid, fixed('B'));
            card.addApplication(AulaAid, { key });
            DesfireAuthenticator auth(diversifier(), AulaAid, 0, Uid, fixed('A'));
            QVERIFY(relay(auth, card, t).ok());
        }
        QCOMPARE(a.commands, b.commands);
        QCOMPARE(a.answers, b.answers);
    }
};

QTEST_GUILESS_MAIN(TestDesfireAuthenticator)
#include "tst_desfireauthenticator.moc"
