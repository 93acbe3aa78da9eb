// SPDX-License-Identifier: GPL-3.0-or-later
// The emulator's PN532 link layer and chip, byte for byte against UM0701-02's frame
// formats: what libnfc relies on, checked without libnfc.
#include "tests/emulators/cards/desfirecard.h"
#include "tests/emulators/cards/uidonlycard.h"
#include "tests/emulators/pn532emulator.h"

#include <QTest>

using namespace Aula::Emulators;

namespace {

const QByteArray Ack = QByteArray::fromHex("0000ff00ff00");

QByteArray hostFrame(const QByteArray &command)
{
    // Host frames are PN532 frames with TFI D4.
    return Pn532Link::frame(char(0xD4) + command);
}

QByteArray answerFrame(const QByteArray &answer)
{
    return Ack + Pn532Link::frame(char(0xD5) + answer);
}

} // namespace

class TestPn532Emulator : public QObject
{
    Q_OBJECT

private slots:
    void framing()
    {
        // SAMConfiguration normal mode, as libnfc sends it (checksums from UM0701-02 6.2.1.1).
        QCOMPARE(hostFrame(QByteArray::fromHex("1401")).toHex(),
                 QByteArray("0000ff03fdd4140117"
                            "00"));
        // A 300-byte payload needs the extended frame: 00 00 FF FF FF LENM LENL LCS.
        const QByteArray extended = Pn532Link::frame(QByteArray(300, 'x'));
        QCOMPARE(extended.left(8).toHex(), QByteArray("0000ffffff012cd3"));
        QCOMPARE(extended.size(), 8 + 300 + 2);
    }

    void wakeUpThenCommunicationTest()
    {
        Pn532Chip chip;
        Pn532Link link(chip);
        const QByteArray wake = QByteArray::fromHex("55550000000000000000000000000000");
        QCOMPARE(link.receive(wake + hostFrame(QByteArray::fromHex("1401"))).toHex(),
                 answerFrame(QByteArray::fromHex("15")).toHex());
        // Diagnose 0x00 echoes; arriving in two pieces must not matter.
        const QByteArray diag = hostFrame(QByteArray::fromHex("0000") + "libnfc");
        QVERIFY(link.receive(diag.left(5)).isEmpty());
        QCOMPARE(link.receive(diag.mid(5)), answerFrame(QByteArray::fromHex("0100") + "libnfc"));
        // GetFirmwareVersion: a PN532 v1.6.
        QCOMPARE(link.receive(hostFrame("\x02")).toHex(),
                 answerFrame(QByteArray::fromHex("0332010607")).toHex());
    }

    void extendedHostFramesAreAccepted()
    {
        Pn532Chip chip;
        Pn532Link link(chip);
        QByteArray params(2, '\0');
        params.append(QByteArray(298, 'y'));
        const QByteArray frame = Pn532Link::frame(char(0xD4) + params);
        QCOMPARE(link.receive(frame), answerFrame(QByteArray(1, char(0x01)) + params.mid(1)));
    }

    void badChecksumsNackAndAbort()
    {
        Pn532Chip chip;
        Pn532Link link(chip);
        QByteArray bad = hostFrame("\x02");
        bad[bad.size() - 2] = char(bad[bad.size() - 2] + 1); // DCS
        QCOMPARE(link.receive(bad).toHex(), QByteArray("0000ff01ff7f8100"));
        const QByteArray good = link.receive(hostFrame("\x02"));
        // NACK: the last answer again, without a new ACK.
        QCOMPARE(link.receive(QByteArray::fromHex("0000ffff0000")), good.mid(6));
        // A host ACK (abort) is swallowed.
        QVERIFY(link.receive(Ack).isEmpty());
        // Unknown command: syntax error frame.
        QCOMPARE(link.receive(hostFrame("\x7e")).toHex(),
                 QByteArray(Ack + QByteArray::fromHex("0000ff01ff7f8100")).toHex());
    }

    void listExchangeAndRelease()
    {
        Pn532Chip chip;
        QCOMPARE(chip.execute(QByteArray::fromHex("4a0100"))->toHex(), QByteArray("4b00"));
        auto card = std::make_shared<DesfireCard>(QByteArray::fromHex("04A1B2C3D4E5F6"));
        chip.setCard(card);
        QCOMPARE(chip.execute(QByteArray::fromHex("4a0100"))->toHex(),
                 QByteArray("4b0101034420070"
                            "4a1b2c3d4e5f6"
                            "067577810280"));
        // GetVersion through InDataExchange, target 1.
        QCOMPARE(chip.execute(QByteArray::fromHex("40019060000000"))->toHex(),
                 QByteArray("410004010101001805"
                            "91af"));
        // Presence ping R(NAK) → R(ACK) with the PICC's block number (one I-block so far).
        QCOMPARE(chip.execute(QByteArray::fromHex("42b2"))->toHex(), QByteArray("4300a3"));
        // Targeted select with a cascade tag finds the card; another UID does not.
        QCOMPARE(chip.execute(QByteArray::fromHex("4a010088"
                                                  "04a1b2c3d4e5f6"))
                     ->left(2)
                     .toHex(),
                 QByteArray("4b01"));
        QCOMPARE(chip.execute(QByteArray::fromHex("4a010088"
                                                  "04a1b2c3d4e5f7"))
                     ->toHex(),
                 QByteArray("4b00"));
        QCOMPARE(chip.execute(QByteArray::fromHex("4a0100"))->left(2).toHex(), QByteArray("4b01"));
        QCOMPARE(chip.execute(QByteArray::fromHex("5200"))->toHex(), QByteArray("5300"));
        // Released: exchanges time out (status 0x01) until the next selection.
        QCOMPARE(chip.execute(QByteArray::fromHex("40019060000000"))->toHex(), QByteArray("4101"));
        chip.setCard(nullptr);
        QCOMPARE(chip.execute(QByteArray::fromHex("4a0100"))->toHex(), QByteArray("4b00"));
    }

    void registersRemember()
    {
        Pn532Chip chip;
        QVERIFY(chip.execute(QByteArray::fromHex("08630280633d05")));
        QCOMPARE(chip.execute(QByteArray::fromHex("066302633d6303"))->toHex(),
                 QByteArray("07800500"));
    }
};

QTEST_GUILESS_MAIN(TestPn532Emulator)
#include "tst_pn532emulator.moc"
