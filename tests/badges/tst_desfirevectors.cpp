// SPDX-License-Identifier: GPL-3.0-or-later
// Known answers from a real MIFARE DESFire EV1 card: the debug transcript published with
// the "DIY electronic RFID Door Lock" project (Elmü, CodeProject 1096861, mirrored as
// "Desfire EV1 Communication Examples.htm" in github.com/sotechcllc/RFDoorLock), AES
// section. Both our reader side (authenticator, session) and our card model must produce
// the very bytes that card and its reader exchanged.
#include "platform/nfc/desfireprotocol.h"
#include "server/badges/desfireauthenticator.h"
#include "server/badges/desfirecrypto.h"
#include "server/badges/desfiresession.h"
#include "tests/emulators/cards/desfirecard.h"

#include <QTest>

using namespace Aula;
using namespace Aula::Badges;
namespace D = Aula::Badges::Desfire;

namespace {

QByteArray hex(const char *s)
{
    return QByteArray::fromHex(s);
}

QByteArray hexOf(const QByteArray &bytes)
{
    return bytes.toHex();
}

// Application 0x00AE16, key 0 = sixteen zero bytes, first AES authentication.
const QByteArray RndB = hex("C05DDD714FD788A6B7B754F3C4D066E8");
const QByteArray RndBEnc = hex("B969FDFE56FD91FC9DE6F6F213B8FD1E");
const QByteArray RndA = hex("F44B26F5686F3A391CD38EBD10772281");
const QByteArray RndABEnc = hex("36AAD7DF6E436BA08D18613830A70D5A"
                                "D43E3D3F4A8D47541EEE623A934E4774");
const QByteArray RndAEnc = hex("800DB680BC146BD121D6578F2D2E2059");
const QByteArray SessionKey = hex("F44B26F5C05DDD7110772281C4D066E8");
// ChangeKey(0) to 00102030…, key version 0x10, right after that authentication.
const QByteArray NewKey = hex("00102030405060708090A0B0B0A09080");
const QByteArray ChangeKeyEnc = hex("E9F85E219496C2B58C1090DC3935FAE9"
                                    "E840CF61B383D9531946256B1F110C10");
const QByteArray ZeroKey(16, '\0');

DesfireAuthenticator::RandomSource fixed(const QByteArray &bytes)
{
    return [bytes](int) { return bytes; };
}

} // namespace

class TestDesfireVectors : public QObject
{
    Q_OBJECT

private slots:
    void readerSideOfTheAuthentication()
    {
        DesfireAuthenticator auth(ZeroKey, 0x00AE16, 0, hex("04063F72633480"), fixed(RndA));
        QCOMPARE(auth.begin().toHex(), QByteArray("905a00000316ae0000"));
        QCOMPARE(auth.feed(hex("9100"))->toHex(), QByteArray("90aa0000010000"));
        const auto token = auth.feed(RndBEnc + hex("91AF"));
        QVERIFY(token);
        QCOMPARE(token->toHex(), hexOf(hex("90AF000020") + RndABEnc + hex("00")));
        // The card's proof is accepted, and the next command is GetCardUID.
        const auto next = auth.feed(RndAEnc + hex("9100"));
        QVERIFY2(next, auth.result().ok() ? "" : qPrintable(auth.result().error().describe()));
        QCOMPARE(next->toHex(), QByteArray("9051000000"));
    }

    void cardModelSideOfTheAuthentication()
    {
        Emulators::DesfireCard card(hex("04063F72633480"), fixed(RndB));
        card.addApplication(0x00AE16, { ZeroKey, ZeroKey });
        QCOMPARE(card.exchange(D::wrap(D::SelectApplication, hex("16AE00")))->toHex(),
                 QByteArray("9100"));
        QCOMPARE(card.exchange(D::wrap(D::AuthenticateAes, hex("00")))->toHex(),
                 hexOf(RndBEnc + hex("91AF")));
        QCOMPARE(card.exchange(D::wrap(D::AdditionalFrame, RndABEnc))->toHex(),
                 hexOf(RndAEnc + hex("9100")));
        // The card accepts the published ChangeKey cryptogram under that session.
        QCOMPARE(card.exchange(D::wrap(D::ChangeKey, hex("00") + ChangeKeyEnc))->toHex(),
                 QByteArray("9100"));
        QCOMPARE(card.key(0x00AE16, 0).toHex(), NewKey.toHex());
    }

    void changeTheAuthenticatedKey()
    {
        DesfireSession session(SessionKey);
        QCOMPARE(session.changeKeyCommand(0, NewKey, 0x10, {}, true).toHex(),
                 hexOf(hex("90C4000021") + hex("00") + ChangeKeyEnc + hex("00")));
    }

    void changeAnotherKeyAndChainTheIv()
    {
        // Session C2A1E47B…, ChangeKey(1) twice: the second starts from the IV that the
        // first answer's CMAC left behind.
        DesfireSession session(hex("C2A1E47BD8100044FE6D00A74D7AB17C"));
        QCOMPARE(session.changeKeyCommand(1, NewKey, 0x10, ZeroKey, false).toHex(),
                 hexOf(hex("90C400002101")
                       + hex("E7ECCB6BD1CA64BC161A12B1C024F71430337408C8A87EACAB7A1FF18951FCA3")
                       + hex("00")));
        auto first = session.verifyMacedResponse({ hex("2128D3CD9C9ACFFF"), 0x00 });
        QVERIFY(first.ok());
        QCOMPARE(session.iv().toHex(), QByteArray("2128d3cd9c9acffff6eb9546adf35e17"));
        const QByteArray next = hex("10182028303840485058606870788088");
        QCOMPARE(session.changeKeyCommand(1, next, 0x10, NewKey, false).toHex(),
                 hexOf(hex("90C400002101")
                       + hex("2841938C40A4BC2C33064482FEADA5F43EC535D34255B0286C2352CD173863C7")
                       + hex("00")));
        QVERIFY(session.verifyMacedResponse({ hex("CAF3BF0B2836E9DE"), 0x00 }).ok());
        QCOMPARE(session.iv().toHex(), QByteArray("caf3bf0b2836e9de80b1fd6fb45e9380"));
    }

    void plainCommandMacsChainTheIv()
    {
        // Session 90F7A201…, GetKeyVersion(0): TX CMAC 257FC538…, answer 10 with RX CMAC.
        DesfireSession session(hex("90F7A20191036845EC63DECD544B9931"));
        QCOMPARE(session.plainCommand(0x64, hex("00")).toHex(),
                 QByteArray("906400000100"
                            "00"));
        QCOMPARE(session.iv().toHex(), QByteArray("257fc538618a944a3a20967b6f314348"));
        auto version = session.verifyMacedResponse({ hex("108A8FA36F55CD210D"), 0x00 });
        QVERIFY(version.ok());
        QCOMPARE(version->toHex(), QByteArray("10"));
        QCOMPARE(session.iv().toHex(), QByteArray("8a8fa36f55cd210dd8054658ac70d99a"));
        // A MAC off by one bit is refused.
        DesfireSession other(hex("90F7A20191036845EC63DECD544B9931"));
        (void)other.plainCommand(0x64, hex("00"));
        QCOMPARE(other.verifyMacedResponse({ hex("108A8FA36F55CD210C"), 0x00 }).error().code,
                 QStringLiteral("integrity_error"));
    }

    void getCardUidCrcCoversTheStatus()
    {
        // A decrypted GetCardUID answer, as published in Proxmark3's DESFire tests
        // (client/src/mifare/desfiretest.c, TestCRC32): UID ‖ CRC32(UID ‖ 00).
        QCOMPARE(DesfireCrypto::crc32(hex("04440F3276318000")).toHex(), QByteArray("99ce1ad4"));
    }
};

QTEST_GUILESS_MAIN(TestDesfireVectors)
#include "tst_desfirevectors.moc"
