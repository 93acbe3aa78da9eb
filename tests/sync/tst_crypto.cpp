// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"

#include <QTest>

using namespace Aula;
using namespace Aula::Crypto;

namespace {

QByteArray hex(const char *digits)
{
    return QByteArray::fromHex(digits);
}

// 0x00, 0x01, ... 0x1f: a fixed seed for the pinned vector below.
QByteArray countingSeed()
{
    QByteArray seed(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        seed[i] = char(i);
    return seed;
}

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private slots:
    void initializeIsIdempotent()
    {
        QVERIFY(initialize().ok());
        QVERIFY(initialize().ok());
    }

    void sha256Incremental()
    {
        // Pieces of every size, across the 64-byte block boundary, give sha256() of the whole.
        const QByteArray data = randomBytes(100003);
        Sha256 h;
        qsizetype off = 0;
        for (qsizetype step = 1; off < data.size(); step = step * 3 + 1) {
            const qsizetype n = qMin(step, data.size() - off);
            h.update(QByteArrayView(data).sliced(off, n));
            off += n;
        }
        QCOMPARE(h.length(), data.size());
        QCOMPARE(h.finish(), sha256(data));
        QCOMPARE(h.length(), 0);
        QCOMPARE(h.finish(), sha256(""));
        Sha256 moved = std::move(h);
        moved.update("abc");
        QCOMPARE(moved.finish().toHex(),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void sha256KnownAnswers()
    {
        // FIPS 180-2, appendix B.1 and the empty string.
        QCOMPARE(sha256("abc").toHex(),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256("").toHex(),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").toHex(),
                 QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    }

    void randomBytesAreRandom()
    {
        const QByteArray a = randomBytes(32);
        const QByteArray b = randomBytes(32);
        QCOMPARE(a.size(), 32);
        QVERIFY(a != b);
        QCOMPARE(randomBytes(0).size(), 0);
        QCOMPARE(SecretBytes::random(16).size(), 16);
    }

    void wipeEmptiesOnlyTheWipedCopy()
    {
        QByteArray secret = Crypto::randomBytes(32);
        Crypto::wipe(secret);
        QVERIFY(secret.isEmpty());
        // Qt shares data between copies: a copy taken before keeps its bytes (wipe detaches),
        // which is why secrets are wiped where they are made, before they are copied.
        QByteArray original = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        QByteArray shared = original;
        Crypto::wipe(shared);
        QVERIFY(shared.isEmpty());
        QCOMPARE(original.toHex(), QByteArray("00112233445566778899aabbccddeeff"));
        QByteArray empty;
        Crypto::wipe(empty);
        QVERIFY(empty.isEmpty());
    }

    void constantTimeEqualCompares()
    {
        QVERIFY(constantTimeEqual("same bytes", "same bytes"));
        QVERIFY(!constantTimeEqual("same bytes", "same bytez"));
        QVERIFY(!constantTimeEqual("short", "shorter"));
        QVERIFY(constantTimeEqual("", ""));
    }

    void secretBytesMoveAndCopy()
    {
        SecretBytes a = SecretBytes::copyOf("secret");
        QCOMPARE(a.view(), QByteArrayView("secret"));
        SecretBytes b = std::move(a);
        QVERIFY(a.isEmpty()); // NOLINT(bugprone-use-after-move): moved-from is defined empty
        QCOMPARE(b.toByteArray(), QByteArray("secret"));
        b = SecretBytes(4);
        QCOMPARE(b.toByteArray(), QByteArray(4, '\0'));
    }

    void ed25519Rfc8032Vectors_data()
    {
        QTest::addColumn<QByteArray>("seed");
        QTest::addColumn<QByteArray>("publicKey");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        // RFC 8032, section 7.1, TEST 1 and TEST 2.
        QTest::newRow("test 1")
            << hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            << hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            << QByteArray()
            << hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33ba"
                   "cc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        QTest::newRow("test 2")
            << hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
            << hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c") << hex("72")
            << hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996"
                   "e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    void ed25519Rfc8032Vectors()
    {
        QFETCH(QByteArray, seed);
        QFETCH(QByteArray, publicKey);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        auto key = SigningKey::fromSeed(seed);
        QVERIFY(key.ok());
        QCOMPARE(key->publicKey().toHex(), publicKey.toHex());
        QCOMPARE(key->sign(message).toHex(), signature.toHex());
        QVERIFY(verify(publicKey, message, signature).ok());
    }

    void ed25519PinnedVector()
    {
        // Computed once with libsodium 1.0.18, checked against Python's `cryptography`
        // (OpenSSL) Ed25519, and pinned: a change of library or of our wrapping that
        // alters keys or signatures cannot pass unnoticed.
        auto key = SigningKey::fromSeed(countingSeed());
        QVERIFY(key.ok());
        QCOMPARE(key->publicKey().toHex(),
                 QByteArray("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"));
        QCOMPARE(key->sign("Aula: seduta 1, voto 1").toHex(),
                 QByteArray("598a232fd593331c34e35fa7330c37fdc8db0a4dbb4d144079256e40762a6777"
                            "f422de1eb94b1c89ff8e8144ceebfc933da3c64d672739e0c73b2a3304c9bb0c"));
    }

    void signingKeyRoundTrips()
    {
        const SigningKey key = SigningKey::generate();
        const QByteArray message = "il consiglio approva";
        const QByteArray signature = key.sign(message);
        QCOMPARE(signature.size(), kSignatureSize);
        QVERIFY(verify(key.publicKey(), message, signature).ok());

        auto again = SigningKey::fromSeed(key.seed().view());
        QVERIFY(again.ok());
        QCOMPARE(again->publicKey(), key.publicKey());

        QByteArray secret = key.seed().toByteArray() + key.publicKey();
        QVERIFY(SigningKey::fromSecret(secret).ok());
        secret[40] = char(secret[40] ^ 1);
        auto mismatched = SigningKey::fromSecret(secret);
        QVERIFY(!mismatched.ok());
        QCOMPARE(mismatched.error().code, QStringLiteral("invalid_secret_key"));
        QCOMPARE(SigningKey::fromSeed("short").error().code, QStringLiteral("invalid_seed"));
    }

    void signatureRejections()
    {
        const SigningKey key = SigningKey::generate();
        const SigningKey other = SigningKey::generate();
        const QByteArray message = "favorevoli 12";
        QByteArray signature = key.sign(message);

        auto wrongKey = verify(other.publicKey(), message, signature);
        QCOMPARE(wrongKey.error().code, QStringLiteral("bad_signature"));
        auto wrongMessage = verify(key.publicKey(), "favorevoli 13", signature);
        QCOMPARE(wrongMessage.error().code, QStringLiteral("bad_signature"));
        QByteArray flipped = signature;
        flipped[10] = char(flipped[10] ^ 0x40);
        QCOMPARE(verify(key.publicKey(), message, flipped).error().code,
                 QStringLiteral("bad_signature"));
        QCOMPARE(verify(key.publicKey(), message, signature.left(63)).error().code,
                 QStringLiteral("invalid_signature"));
        QCOMPARE(verify(key.publicKey().left(31), message, signature).error().code,
                 QStringLiteral("invalid_public_key"));
    }

    void pinHashing()
    {
        auto hash = hashPin("4711");
        QVERIFY(hash.ok());
        QVERIFY(hash->startsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
        QCOMPARE(verifyPin(*hash, "4711").value(), true);
        QCOMPARE(verifyPin(*hash, "4712").value(), false);
        QCOMPARE(verifyPin(*hash, "").value(), false);
        QVERIFY(!pinHashNeedsRehash(*hash));

        auto second = hashPin("4711");
        QVERIFY(second.ok());
        QVERIFY(*second != *hash); // a fresh salt every time

        QCOMPARE(hashPin("").error().code, QStringLiteral("empty_pin"));
        QCOMPARE(verifyPin("not a hash", "4711").error().code, QStringLiteral("invalid_pin_hash"));
        QCOMPARE(verifyPin("$argon2id$v=19$m=65536,t=2,p=1$garbage", "4711").error().code,
                 QStringLiteral("invalid_pin_hash"));

        QByteArray weaker = *hash;
        weaker.replace("m=65536", "m=32768");
        QVERIFY(pinHashNeedsRehash(weaker));

        // The test-only cost is cheap, still verifies, and is flagged for rehashing.
        auto cheap = hashPin("4711", kPinHashCostForTestsOnly);
        QVERIFY(cheap.ok());
        QVERIFY(cheap->startsWith("$argon2id$v=19$m=8,t=1,p=1$"));
        QCOMPARE(verifyPin(*cheap, "4711").value(), true);
        QCOMPARE(verifyPin(*cheap, "4712").value(), false);
        QVERIFY(pinHashNeedsRehash(*cheap));
    }

    void deriveKeyIsDeterministic()
    {
        const QByteArray salt = hex("000102030405060708090a0b0c0d0e0f");
        auto a = deriveKey("badge|4711|device", salt, 1, 8192);
        QVERIFY(a.ok());
        QCOMPARE(a->size(), kKeySize);
        // Pinned once (libsodium 1.0.18, Argon2id v1.3, t=1, m=8 KiB, p=1).
        QCOMPARE(a->toByteArray().toHex(),
                 QByteArray("7f741c740c0b494ccdb37d219f28c8c9ce4694d1df99a9ce41b2a91952cb2186"));
        auto b = deriveKey("badge|4711|device", salt, 1, 8192);
        QCOMPARE(b->toByteArray(), a->toByteArray());
        auto c = deriveKey("badge|4712|device", salt, 1, 8192);
        QVERIFY(c->toByteArray() != a->toByteArray());

        QCOMPARE(deriveKey("x", "short", 1, 8192).error().code, QStringLiteral("invalid_salt"));
        QCOMPARE(deriveKey("x", salt, 0, 8192).error().code, QStringLiteral("invalid_cost"));
        QCOMPARE(deriveKey("x", salt, 1, 1024).error().code, QStringLiteral("invalid_cost"));
    }

    void keyWrapRoundTrip()
    {
        const SecretBytes kek = SecretBytes::random(kKeySize);
        const SecretBytes storeKey = SecretBytes::random(kKeySize);
        auto wrapped = wrapKey(kek, storeKey, "aula/tablet-store-key/v1");
        QVERIFY(wrapped.ok());
        QCOMPARE(wrapped->size(), 73);
        QCOMPARE(quint8(wrapped->at(0)), quint8(1));
        auto unwrapped = unwrapKey(kek, *wrapped, "aula/tablet-store-key/v1");
        QVERIFY(unwrapped.ok());
        QCOMPARE(unwrapped->toByteArray(), storeKey.toByteArray());
        // Same key, fresh nonce: the wrapped form never repeats.
        QVERIFY(wrapKey(kek, storeKey, "aula/tablet-store-key/v1").value() != *wrapped);
    }

    void keyWrapRejectsTampering_data()
    {
        QTest::addColumn<int>("offset");
        QTest::newRow("nonce") << 1;
        QTest::newRow("nonce end") << 24;
        QTest::newRow("ciphertext") << 25;
        QTest::newRow("ciphertext end") << 56;
        QTest::newRow("tag") << 57;
        QTest::newRow("tag end") << 72;
    }

    void keyWrapRejectsTampering()
    {
        QFETCH(int, offset);
        const SecretBytes kek = SecretBytes::random(kKeySize);
        const SecretBytes storeKey = SecretBytes::random(kKeySize);
        QByteArray wrapped = wrapKey(kek, storeKey, "ctx").value();
        wrapped[offset] = char(wrapped[offset] ^ 0x01);
        auto result = unwrapKey(kek, wrapped, "ctx");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("unwrap_failed"));
    }

    void keyWrapRejectsWrongInputs()
    {
        const SecretBytes kek = SecretBytes::random(kKeySize);
        const SecretBytes storeKey = SecretBytes::random(kKeySize);
        const QByteArray wrapped = wrapKey(kek, storeKey, "ctx").value();

        QCOMPARE(unwrapKey(SecretBytes::random(kKeySize), wrapped, "ctx").error().code,
                 QStringLiteral("unwrap_failed"));
        QCOMPARE(unwrapKey(kek, wrapped, "other ctx").error().code,
                 QStringLiteral("unwrap_failed"));
        QCOMPARE(unwrapKey(kek, wrapped.left(72), "ctx").error().code,
                 QStringLiteral("invalid_wrapped_key"));
        QByteArray version = wrapped;
        version[0] = 2;
        QCOMPARE(unwrapKey(kek, version, "ctx").error().code,
                 QStringLiteral("invalid_wrapped_key"));
        QCOMPARE(unwrapKey(SecretBytes::random(16), wrapped, "ctx").error().code,
                 QStringLiteral("invalid_key_size"));
        QCOMPARE(wrapKey(kek, SecretBytes::random(31), "ctx").error().code,
                 QStringLiteral("invalid_key_size"));
    }

    void subkeysAreLibsodiumKdf()
    {
        // crypto_kdf_derive_from_key = BLAKE2b-256 keyed by the master key, with the id
        // (little-endian) as salt and the context as personalisation; pinned here from
        // Python's hashlib.blake2b so a second implementation can check itself.
        QByteArray master;
        for (int i = 0; i < 32; ++i)
            master.append(char(i));
        const SecretBytes key = SecretBytes::copyOf(master);
        const auto subkey = deriveSubkey(key, 1, "aulablob");
        QVERIFY(subkey.ok());
        QCOMPARE(subkey.value().toByteArray().toHex(),
                 QByteArray("d9ce028b26ddffe31f3f669e1559d944f9a641aea5e7fa90fd7aede626c6a60a"));
        QVERIFY(deriveSubkey(key, 2, "aulablob").value().toByteArray()
                != subkey.value().toByteArray());
        QVERIFY(deriveSubkey(key, 1, "aulaothr").value().toByteArray()
                != subkey.value().toByteArray());
        QCOMPARE(deriveSubkey(key, 1, "short").error().code, QStringLiteral("invalid_context"));
        QCOMPARE(deriveSubkey(SecretBytes::random(16), 1, "aulablob").error().code,
                 QStringLiteral("invalid_key_size"));
    }

    void sealAndOpen()
    {
        const SecretBytes key = SecretBytes::random(kKeySize);
        const QByteArray plain = randomBytes(100000);
        QByteArray sealed = "prefix";
        QVERIFY(sealAppend(key, plain, "ad", sealed).ok());
        QCOMPARE(sealed.size(), 6 + plain.size() + kSealOverhead);
        QVERIFY(sealed.startsWith("prefix"));
        QVERIFY(!sealed.contains(plain.left(64)));
        // A fresh nonce each time: the same message never seals the same way twice.
        QByteArray again;
        QVERIFY(sealAppend(key, plain, "ad", again).ok());
        QVERIFY(again != sealed.mid(6));
        QByteArray out = "kept";
        QVERIFY(openAppend(key, QByteArrayView(sealed).sliced(6), "ad", out).ok());
        QCOMPARE(out, QByteArray("kept") + plain);
        // Empty messages seal and open too.
        QByteArray empty;
        QVERIFY(sealAppend(key, {}, "ad", empty).ok());
        QCOMPARE(empty.size(), kSealOverhead);
        QByteArray none;
        QVERIFY(openAppend(key, empty, "ad", none).ok());
        QVERIFY(none.isEmpty());
    }

    void openRefusesWhatWasNotSealedSo()
    {
        const SecretBytes key = SecretBytes::random(kKeySize);
        QByteArray sealed;
        QVERIFY(sealAppend(key, "the budget of 2027", "doc-1", sealed).ok());
        QByteArray out = "unchanged";
        const auto refused = [&](const SecretBytes &k, QByteArrayView bytes, QByteArrayView ad) {
            auto r = openAppend(k, bytes, ad, out);
            return r.ok() ? QString() : r.error().code;
        };
        QCOMPARE(refused(key, sealed, "doc-2"), QStringLiteral("open_failed"));
        QCOMPARE(refused(SecretBytes::random(kKeySize), sealed, "doc-1"),
                 QStringLiteral("open_failed"));
        for (qsizetype i : { qsizetype(0), qsizetype(23), qsizetype(24), sealed.size() - 1 }) {
            QByteArray tampered = sealed;
            tampered[i] = char(tampered[i] ^ 0x80);
            QCOMPARE(refused(key, tampered, "doc-1"), QStringLiteral("open_failed"));
        }
        QCOMPARE(refused(key, QByteArrayView(sealed).chopped(1), "doc-1"),
                 QStringLiteral("open_failed"));
        QCOMPARE(refused(key, QByteArrayView(sealed).first(kSealOverhead - 1), "doc-1"),
                 QStringLiteral("invalid_sealed"));
        QCOMPARE(refused(SecretBytes::random(16), sealed, "doc-1"),
                 QStringLiteral("invalid_key_size"));
        QCOMPARE(out, QByteArray("unchanged"));
        QVERIFY(openAppend(key, sealed, "doc-1", out).ok());
        QCOMPARE(out, QByteArray("unchangedthe budget of 2027"));
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
