// SPDX-License-Identifier: GPL-3.0-or-later
// The AES building blocks against published vectors: if these drift, no real card will
// ever authenticate, whatever the emulator says.
#include "server/badges/desfirecrypto.h"
#include "server/badges/keydiversifier.h"

#include <QTest>

using namespace Aula::Badges;

namespace {
QByteArray hex(const char *s)
{
    return QByteArray::fromHex(s);
}
} // namespace

class TestDesfireCrypto : public QObject
{
    Q_OBJECT

private slots:
    void cmacRfc4493_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("mac");
        // RFC 4493 section 4, examples 1 to 4 (key 2b7e1516…).
        QTest::newRow("empty") << QByteArray() << hex("bb1d6929e95937287fa37d129b756746");
        QTest::newRow("16 bytes") << hex("6bc1bee22e409f96e93d7e117393172a")
                                  << hex("070a16b46b4d4144f79bdd9dd04a287c");
        QTest::newRow("40 bytes") << hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac4"
                                         "5af8e5130c81c46a35ce411")
                                  << hex("dfa66747de9ae63030ca32611497c827");
        QTest::newRow("64 bytes") << hex(
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35c"
            "e411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
                                  << hex("51f0bebf7e3b9d92fc49741779363cfe");
    }

    void cmacRfc4493()
    {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, mac);
        QCOMPARE(DesfireCrypto::cmac(hex("2b7e151628aed2a6abf7158809cf4f3c"), message).toHex(),
                 mac.toHex());
    }

    void an10922PublishedExample()
    {
        // NXP AN10922 rev. 2.0, section 2.2.1: AES-128 master key, 7-byte UID, AID 3042F5
        // and system identifier "NXP Abu"; the note publishes the diversified key.
        auto diversifier =
            KeyDiversifier::create(hex("00112233445566778899AABBCCDDEEFF"), hex("4E585020416275"));
        QVERIFY(diversifier.ok());
        // The AID bytes go into M as sent on the wire (LSB first): 30 42 F5 = 0xF54230.
        auto key = diversifier->diversify(hex("04782E21801D80"), 0xF54230);
        QVERIFY2(key.ok(), key.ok() ? "" : qPrintable(key.error().describe()));
        QCOMPARE(key->toHex().toUpper(), QByteArray("A8DD63A3B89D54B37CA802473FDA9175"));
    }

    void diversificationSeparatesCardsAndApplications()
    {
        auto d = KeyDiversifier::create(QByteArray(16, 'k'), "Aula");
        QVERIFY(d.ok());
        const QByteArray a = d->diversify(hex("04112233445566"), 0x4155AA).value();
        QCOMPARE(a.size(), 16);
        QVERIFY(a != d->diversify(hex("04112233445567"), 0x4155AA).value());
        QVERIFY(a != d->diversify(hex("04112233445566"), 0x4155AB).value());
        auto other = KeyDiversifier::create(QByteArray(16, 'k'), "Other");
        QVERIFY(a != other->diversify(hex("04112233445566"), 0x4155AA).value());
    }

    void diversificationRejectsBadInput()
    {
        auto shortKey = KeyDiversifier::create(QByteArray(15, 'k'), "Aula");
        QVERIFY(!shortKey.ok());
        QCOMPARE(shortKey.error().code, QStringLiteral("invalid_key"));
        auto d = KeyDiversifier::create(QByteArray(16, 'k'), "Aula");
        auto badUid = d->diversify(hex("0411"), 1);
        QVERIFY(!badUid.ok());
        QCOMPARE(badUid.error().field, QStringLiteral("uid"));
        auto longSystem = KeyDiversifier::create(QByteArray(16, 'k'), QByteArray(21, 'x'));
        QVERIFY(longSystem.ok());
        auto tooLong = longSystem->diversify(QByteArray(10, '\1'), 1);
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error().field, QStringLiteral("systemIdentifier"));
    }

    void crc32IsTheInvertedIeeeCrc()
    {
        // "123456789": IEEE CRC-32 is CBF43926; DESFire omits the final inversion, giving
        // 340BC6D9, sent least significant byte first.
        QCOMPARE(DesfireCrypto::crc32("123456789").toHex(), QByteArray("d9c60b34"));
    }

    void cbcRoundTripsAndChains()
    {
        const QByteArray key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        const QByteArray iv = hex("000102030405060708090a0b0c0d0e0f");
        // NIST SP 800-38A F.2.1, CBC-AES128 first block.
        const QByteArray c =
            DesfireCrypto::cbcEncrypt(key, iv, hex("6bc1bee22e409f96e93d7e117393172a"));
        QCOMPARE(c.toHex(), QByteArray("7649abac8119b246cee98e9b12e9197d"));
        QCOMPARE(DesfireCrypto::cbcDecrypt(key, iv, c).toHex(),
                 QByteArray("6bc1bee22e409f96e93d7e117393172a"));
        QCOMPARE(DesfireCrypto::rotateLeft("ABCD"), QByteArray("BCDA"));
    }
};

QTEST_GUILESS_MAIN(TestDesfireCrypto)
#include "tst_desfirecrypto.moc"
