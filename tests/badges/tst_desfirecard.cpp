// SPDX-License-Identifier: GPL-3.0-or-later
// The DESFire EV1 and UID-only card models, driven as a reader would drive them. The PCD
// side of the authentication is restated here from the public description, so that the
// model is checked against something other than the authenticator it serves.
#include "platform/nfc/desfireprotocol.h"
#include "server/badges/desfirecrypto.h"
#include "server/badges/desfiresession.h"
#include "tests/emulators/cards/desfirecard.h"
#include "tests/emulators/cards/uidonlycard.h"

#include <QTest>

using namespace Aula;
using namespace Aula::Badges;
using namespace Aula::Emulators;
namespace D = Aula::Badges::Desfire;
namespace C = Aula::Badges::DesfireCrypto;

namespace {

const QByteArray Uid = QByteArray::fromHex("04A1B2C3D4E5F6");
const QByteArray ZeroKey(16, '\0');

D::Response send(Card &card, const QByteArray &apdu)
{
    const auto answer = card.exchange(apdu);
    if (!answer)
        return { {}, 0xFF };
    auto r = D::unwrap(*answer);
    return r.ok() ? *r : D::Response { {}, 0xFE };
}

// AuthenticateAES from the reader's side; std::nullopt when the card refuses.
std::optional<DesfireSession> authenticate(Card &card, const QByteArray &key, quint8 keyNo)
{
    const D::Response challenge =
        send(card, D::wrap(D::AuthenticateAes, QByteArray(1, char(keyNo))));
    if (challenge.status != D::AdditionalFrameExpected || challenge.data.size() != 16)
        return std::nullopt;
    const QByteArray rndB = C::cbcDecrypt(key, {}, challenge.data);
    const QByteArray rndA = QByteArray::fromHex("00112233445566778899aabbccddeeff");
    const QByteArray token = C::cbcEncrypt(key, challenge.data, rndA + C::rotateLeft(rndB));
    const D::Response proof = send(card, D::wrap(D::AdditionalFrame, token));
    if (proof.status != D::OperationOk)
        return std::nullopt;
    if (C::cbcDecrypt(key, token.right(16), proof.data) != C::rotateLeft(rndA))
        return std::nullopt;
    return DesfireSession(rndA.left(4) + rndB.left(4) + rndA.mid(12, 4) + rndB.mid(12, 4));
}

} // namespace

class TestDesfireCard : public QObject
{
    Q_OBJECT

private slots:
    void identity()
    {
        DesfireCard card(Uid);
        QCOMPARE(card.uid(), Uid);
        QCOMPARE(card.atqa().toHex(), QByteArray("0344"));
        QCOMPARE(card.sak(), quint8(0x20));
        QCOMPARE(quint8(card.ats()[0]), quint8(card.ats().size()));
    }

    void getVersionTakesThreeFrames()
    {
        DesfireCard card(Uid);
        const D::Response hw = send(card, D::wrap(D::GetVersion));
        QCOMPARE(hw.status, quint8(D::AdditionalFrameExpected));
        QCOMPARE(hw.data.size(), 7);
        QCOMPARE(quint8(hw.data[0]), quint8(0x04)); // NXP
        const D::Response sw = send(card, D::wrap(D::AdditionalFrame));
        QCOMPARE(sw.status, quint8(D::AdditionalFrameExpected));
        const D::Response prod = send(card, D::wrap(D::AdditionalFrame));
        QCOMPARE(prod.status, quint8(D::OperationOk));
        QCOMPARE(prod.data.left(7), Uid);
        QCOMPARE(prod.data.size(), 14);
        // A stray continuation is an illegal command.
        QCOMPARE(send(card, D::wrap(D::AdditionalFrame)).status, quint8(D::IllegalCommand));
    }

    void notDesfireApdusAreRefused()
    {
        DesfireCard card(Uid);
        QCOMPARE(card.exchange(QByteArray::fromHex("00A4040000"))->toHex(), QByteArray("6e00"));
        QCOMPARE(send(card, D::wrap(0x01)).status, quint8(D::IllegalCommand));
        QCOMPARE(send(card, D::wrap(D::SelectApplication, "\x01")).status, quint8(D::LengthError));
    }

    void getCardUidNeedsAuthentication()
    {
        DesfireCard card(Uid);
        QCOMPARE(send(card, D::wrap(D::GetCardUid)).status, quint8(D::AuthenticationError));
    }

    void wrongKeyFailsTheSecondPass()
    {
        DesfireCard card(Uid);
        QVERIFY(!authenticate(card, QByteArray(16, '\x01'), 0));
        QVERIFY(authenticate(card, ZeroKey, 0));
        QCOMPARE(send(card, D::wrap(D::AuthenticateAes, "\x05")).status, quint8(D::NoSuchKey));
    }

    void enrolmentOverTheAir()
    {
        // What `aula-server badge enroll` will do: create the application on a blank card,
        // authenticate with its default key and replace it with the card's own key.
        DesfireCard card(Uid);
        const quint32 aid = 0x4155AA;
        const QByteArray cardKey = QByteArray::fromHex("A8DD63A3B89D54B37CA802473FDA9175");

        QCOMPARE(
            send(card, D::wrap(D::CreateApplication, D::aidBytes(aid) + char(0x0B) + char(0x81)))
                .status,
            quint8(D::OperationOk));
        QCOMPARE(
            send(card, D::wrap(D::CreateApplication, D::aidBytes(aid) + char(0x0B) + char(0x81)))
                .status,
            quint8(D::DuplicateError));
        QCOMPARE(send(card, D::wrap(D::SelectApplication, D::aidBytes(aid))).status,
                 quint8(D::OperationOk));

        auto session = authenticate(card, ZeroKey, 0);
        QVERIFY(session);
        // GetKeySettings inside the session: MACed, and the MAC must verify.
        D::Response settings = send(card, session->plainCommand(D::GetKeySettings));
        auto plain = session->verifyMacedResponse(settings);
        QVERIFY2(plain.ok(), plain.ok() ? "" : qPrintable(plain.error().describe()));
        QCOMPARE(plain->toHex(), QByteArray("0b81"));

        const D::Response changed = send(card, session->changeKeyCommand(0, cardKey, 1, {}, true));
        QCOMPARE(changed.status, quint8(D::OperationOk));
        QCOMPARE(card.key(aid, 0), cardKey);
        // The old key no longer works, the new one does, and the UID comes out enciphered.
        QVERIFY(!authenticate(card, ZeroKey, 0));
        auto newSession = authenticate(card, cardKey, 0);
        QVERIFY(newSession);
        const D::Response uid = send(card, newSession->plainCommand(D::GetCardUid));
        QCOMPARE(uid.data.size(), 16);
        QVERIFY(!uid.data.contains(Uid));
        auto decrypted = newSession->decryptResponse(uid, 7);
        QVERIFY2(decrypted.ok(), decrypted.ok() ? "" : qPrintable(decrypted.error().describe()));
        QCOMPARE(*decrypted, Uid);
    }

    void standardDataFiles()
    {
        // What enrollment does for the badge secret, then what a tablet does to read it.
        DesfireCard card(Uid);
        const quint32 aid = 0x4155AA;
        QCOMPARE(
            send(card, D::wrap(D::CreateApplication, D::aidBytes(aid) + char(0x09) + char(0x81)))
                .status,
            quint8(D::OperationOk));
        QCOMPARE(send(card, D::wrap(D::SelectApplication, D::aidBytes(aid))).status,
                 quint8(D::OperationOk));
        const QByteArray create =
            D::createStdDataFileData(1, D::CommunicationPlain, { D::FreeAccess, 0, 0, 0 }, 16);
        QCOMPARE(create.toHex(), QByteArray("010000e0100000"));
        // Key settings 0x09 do not allow creating files without the application master key.
        QCOMPARE(send(card, D::wrap(D::CreateStdDataFile, create)).status,
                 quint8(D::AuthenticationError));

        auto session = authenticate(card, ZeroKey, 0);
        QVERIFY(session);
        const D::Response created = send(card, session->plainCommand(D::CreateStdDataFile, create));
        QCOMPARE(created.status, quint8(D::OperationOk));
        QVERIFY(session->verifyMacedResponse(created).ok());
        const QByteArray data = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
        const D::Response written =
            send(card, session->plainCommand(D::WriteData, D::dataFileCommand(1, 0, 16) + data));
        QCOMPARE(written.status, quint8(D::OperationOk));
        QVERIFY(session->verifyMacedResponse(written).ok());
        QCOMPARE(card.fileData(aid, 1), data);

        // Another tap: no session, and the file reads in plain (free read access).
        card.activate();
        QCOMPARE(send(card, D::wrap(D::SelectApplication, D::aidBytes(aid))).status,
                 quint8(D::OperationOk));
        D::Response read = send(card, D::wrap(D::ReadData, D::dataFileCommand(1, 0, 16)));
        QCOMPARE(read.status, quint8(D::OperationOk));
        QCOMPARE(read.data, data);
        read = send(card, D::wrap(D::ReadData, D::dataFileCommand(1, 4, 0))); // to the end
        QCOMPARE(read.data, data.mid(4));
        QCOMPARE(send(card, D::wrap(D::ReadData, D::dataFileCommand(1, 8, 16))).status,
                 quint8(D::BoundaryError));
        QCOMPARE(send(card, D::wrap(D::ReadData, D::dataFileCommand(2, 0, 1))).status,
                 quint8(D::FileNotFound));
        // Writing needs key 0.
        QCOMPARE(send(card, D::wrap(D::WriteData, D::dataFileCommand(1, 0, 1) + 'x')).status,
                 quint8(D::AuthenticationError));
        QCOMPARE(card.fileData(aid, 1), data);
    }

    void changeOtherKeyUsesXorAndCrc()
    {
        DesfireCard card(Uid);
        card.addApplication(0x010203, { ZeroKey, ZeroKey });
        QCOMPARE(send(card, D::wrap(D::SelectApplication, D::aidBytes(0x010203))).status,
                 quint8(D::OperationOk));
        auto session = authenticate(card, ZeroKey, 0);
        QVERIFY(session);
        const QByteArray newKey(16, '\x5A');
        const D::Response r = send(card, session->changeKeyCommand(1, newKey, 2, ZeroKey, false));
        QCOMPARE(r.status, quint8(D::OperationOk));
        QVERIFY(session->verifyMacedResponse(r).ok());
        QCOMPARE(card.key(0x010203, 1), newKey);
        // A tampered cryptogram fails its CRC and changes nothing.
        auto again = authenticate(card, ZeroKey, 0);
        QByteArray tampered = again->changeKeyCommand(1, QByteArray(16, '\x11'), 3, newKey, false);
        tampered[8] = char(tampered[8] ^ 0x01);
        QCOMPARE(send(card, tampered).status, quint8(D::IntegrityError));
        QCOMPARE(card.key(0x010203, 1), newKey);
    }

    void formatPiccNeedsThePiccMasterKey()
    {
        DesfireCard card(Uid);
        card.addApplication(0x010203, { ZeroKey });
        QCOMPARE(send(card, D::wrap(D::FormatPicc)).status, quint8(D::AuthenticationError));
        auto session = authenticate(card, ZeroKey, 0);
        QVERIFY(session);
        const D::Response r = send(card, session->plainCommand(D::FormatPicc));
        QCOMPARE(r.status, quint8(D::OperationOk));
        QVERIFY(session->verifyMacedResponse(r).ok());
        QVERIFY(card.applications().isEmpty());
    }

    void activationEndsTheSession()
    {
        DesfireCard card(Uid);
        auto session = authenticate(card, ZeroKey, 0);
        QVERIFY(session);
        card.activate();
        QCOMPARE(send(card, session->plainCommand(D::GetCardUid)).status,
                 quint8(D::AuthenticationError));
    }

    void uidOnlyCards()
    {
        UidOnlyCard classic(QByteArray::fromHex("DEADBEEF"));
        QCOMPARE(classic.atqa().toHex(), QByteArray("0004"));
        QCOMPARE(classic.sak(), quint8(0x08));
        QVERIFY(classic.ats().isEmpty());
        QVERIFY(!classic.exchange(D::wrap(D::GetVersion)));

        UidOnlyCard ultralight(Uid);
        QCOMPARE(ultralight.atqa().toHex(), QByteArray("0044"));
        QCOMPARE(ultralight.sak(), quint8(0x00));
        const auto page0 = ultralight.exchange(QByteArray::fromHex("3000"));
        QVERIFY(page0);
        QCOMPARE(page0->size(), 16);
        QCOMPARE(page0->left(3), Uid.left(3));
        QCOMPARE(quint8(page0->at(3)), quint8(0x88 ^ 0x04 ^ 0xA1 ^ 0xB2));
        QVERIFY(!ultralight.exchange(D::wrap(D::GetVersion)));
    }
};

QTEST_GUILESS_MAIN(TestDesfireCard)
#include "tst_desfirecard.moc"
