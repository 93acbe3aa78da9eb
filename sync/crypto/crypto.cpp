// SPDX-License-Identifier: GPL-3.0-or-later
#include "crypto.h"

#include <QLoggingCategory>
#include <cstring>
#include <openssl/evp.h>
#include <sodium.h>

Q_LOGGING_CATEGORY(lcCrypto, "aula.crypto")

namespace Aula::Crypto {

static_assert(kSha256Size == crypto_hash_sha256_BYTES);
static_assert(kSaltSize == crypto_pwhash_SALTBYTES);
static_assert(kPublicKeySize == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignatureSize == crypto_sign_BYTES);
static_assert(kSeedSize == crypto_sign_SEEDBYTES);
static_assert(kKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kPinHashOpsLimit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(kPinHashMemLimit == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);

namespace {

constexpr unsigned char kWrapVersion = 0x01;
constexpr qsizetype kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr qsizetype kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr qsizetype kWrappedSize = 1 + kNonceSize + kKeySize + kTagSize;

const unsigned char *bytes(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

Error error(const char *code, const QString &message)
{
    return Error { QString::fromLatin1(code), message };
}

// The associated data of a wrapped key: the version byte, then the caller's context, so
// neither can be swapped without failing authentication.
QByteArray wrapAssociatedData(QByteArrayView context)
{
    QByteArray ad(1, char(kWrapVersion));
    ad.append(context);
    return ad;
}

} // namespace

Result<void> initialize()
{
    // sodium_init is itself idempotent; the static makes the outcome cheap to ask again
    // and its initialisation is thread-safe (C++11 magic statics).
    static const int rc = sodium_init();
    if (rc < 0)
        return error("crypto_unavailable",
                     QStringLiteral("libsodium could not initialise (no usable random source)"));
    return {};
}

void ensureInitialized()
{
    if (!initialize()) {
        qCCritical(lcCrypto) << "libsodium could not initialise; refusing to continue";
        qFatal("Aula::Crypto: sodium_init failed");
    }
}

QByteArray randomBytes(qsizetype size)
{
    ensureInitialized();
    QByteArray out(qMax<qsizetype>(size, 0), Qt::Uninitialized);
    randombytes_buf(out.data(), size_t(out.size()));
    return out;
}

// SHA-256 is OpenSSL's: it uses the CPU's SHA extensions where there are some (5-6x
// libsodium's portable code on the development VM), which the document sync and the
// tablet store hash at the speed of the network. Same function, same digests.
QByteArray sha256(QByteArrayView data)
{
    QByteArray out(kSha256Size, Qt::Uninitialized);
    if (EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()),
                   nullptr, EVP_sha256(), nullptr)
        != 1)
        qFatal("Aula::Crypto: OpenSSL's SHA-256 failed");
    return out;
}

struct Sha256::State
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    State()
    {
        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
            qFatal("Aula::Crypto: OpenSSL's SHA-256 is not available");
    }
    ~State() { EVP_MD_CTX_free(ctx); }
    State(const State &) = delete;
    State &operator=(const State &) = delete;
};

Sha256::Sha256()
    : m_state(std::make_unique<State>())
{ }

Sha256::Sha256(Sha256 &&) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(QByteArrayView data)
{
    if (EVP_DigestUpdate(m_state->ctx, data.data(), size_t(data.size())) != 1)
        qFatal("Aula::Crypto: OpenSSL's SHA-256 failed");
    m_length += data.size();
}

QByteArray Sha256::finish()
{
    QByteArray out(kSha256Size, Qt::Uninitialized);
    unsigned int written = 0;
    if (EVP_DigestFinal_ex(m_state->ctx, reinterpret_cast<unsigned char *>(out.data()), &written)
            != 1
        || qsizetype(written) != kSha256Size
        || EVP_DigestInit_ex(m_state->ctx, EVP_sha256(), nullptr) != 1)
        qFatal("Aula::Crypto: OpenSSL's SHA-256 failed");
    m_length = 0;
    return out;
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty()) {
        ensureInitialized();
        sodium_memzero(bytes.data(), size_t(bytes.size()));
    }
    bytes.clear();
}

bool constantTimeEqual(QByteArrayView a, QByteArrayView b)
{
    ensureInitialized();
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return sodium_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

Result<QByteArray> hashPin(QByteArrayView pin, PinHashCost cost)
{
    ensureInitialized();
    if (pin.isEmpty())
        return error("empty_pin", QStringLiteral("a PIN cannot be empty"));
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), quint64(pin.size()), cost.opsLimit, cost.memLimit,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return error("out_of_memory",
                     QStringLiteral("not enough memory to hash the PIN (Argon2id needs %1 MiB)")
                         .arg(cost.memLimit / (1024 * 1024)));
    }
    return QByteArray(out);
}

Result<bool> verifyPin(QByteArrayView encodedHash, QByteArrayView pin)
{
    ensureInitialized();
    // crypto_pwhash_str_verify needs a NUL-terminated string within STRBYTES.
    if (encodedHash.size() >= crypto_pwhash_STRBYTES
        || !encodedHash.startsWith(QByteArrayView(crypto_pwhash_argon2id_STRPREFIX))
        || encodedHash.contains('\0')) {
        return error("invalid_pin_hash",
                     QStringLiteral("the stored PIN hash is not an Argon2id "
                                    "hash string"));
    }
    const QByteArray terminated = encodedHash.toByteArray();
    const int rc =
        crypto_pwhash_str_verify(terminated.constData(), pin.data(), quint64(pin.size()));
    if (rc == 0)
        return true;
    // libsodium reports a malformed string and a wrong PIN the same way (-1); tell them
    // apart by asking whether the string parses at all.
    if (crypto_pwhash_argon2id_str_needs_rehash(terminated.constData(), kPinHashOpsLimit,
                                                kPinHashMemLimit)
        == -1) {
        return error("invalid_pin_hash",
                     QStringLiteral("the stored PIN hash is malformed or uses unknown parameters"));
    }
    return false;
}

bool pinHashNeedsRehash(QByteArrayView encodedHash)
{
    ensureInitialized();
    const QByteArray terminated = encodedHash.toByteArray();
    return crypto_pwhash_str_needs_rehash(terminated.constData(), kPinHashOpsLimit,
                                          kPinHashMemLimit)
        != 0;
}

Result<SecretBytes> deriveKey(QByteArrayView secret, QByteArrayView salt, quint64 opsLimit,
                              size_t memLimit)
{
    ensureInitialized();
    if (salt.size() != kSaltSize)
        return error(
            "invalid_salt",
            QStringLiteral("the salt must be %1 bytes, not %2").arg(kSaltSize).arg(salt.size()));
    if (opsLimit < crypto_pwhash_argon2id_OPSLIMIT_MIN
        || opsLimit > crypto_pwhash_argon2id_OPSLIMIT_MAX
        || memLimit < crypto_pwhash_argon2id_MEMLIMIT_MIN
        || memLimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
        return error("invalid_cost",
                     QStringLiteral("Argon2id cost out of range (operations %1, memory %2 bytes)")
                         .arg(opsLimit)
                         .arg(memLimit));
    }
    SecretBytes key(kKeySize);
    if (crypto_pwhash(key.data(), quint64(key.size()), secret.data(), quint64(secret.size()),
                      bytes(salt), opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        return error("out_of_memory",
                     QStringLiteral("not enough memory to derive the key (Argon2id wants %1 MiB)")
                         .arg(memLimit / (1024 * 1024)));
    }
    return key;
}

Result<QByteArray> wrapKey(const SecretBytes &wrappingKey, const SecretBytes &key,
                           QByteArrayView context)
{
    ensureInitialized();
    if (wrappingKey.size() != kKeySize || key.size() != kKeySize)
        return error("invalid_key_size", QStringLiteral("both keys must be 32 bytes"));
    const QByteArray ad = wrapAssociatedData(context);
    QByteArray out(kWrappedSize, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(out.data());
    p[0] = kWrapVersion;
    randombytes_buf(p + 1, kNonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(p + 1 + kNonceSize, &written, key.data(),
                                               quint64(key.size()), bytes(ad), quint64(ad.size()),
                                               nullptr, p + 1, wrappingKey.data());
    Q_ASSERT(qsizetype(written) == kKeySize + kTagSize);
    return out;
}

Result<SecretBytes> unwrapKey(const SecretBytes &wrappingKey, QByteArrayView wrapped,
                              QByteArrayView context)
{
    ensureInitialized();
    if (wrappingKey.size() != kKeySize)
        return error("invalid_key_size", QStringLiteral("the wrapping key must be 32 bytes"));
    if (wrapped.size() != kWrappedSize)
        return error("invalid_wrapped_key",
                     QStringLiteral("a wrapped key is %1 bytes, not %2")
                         .arg(kWrappedSize)
                         .arg(wrapped.size()));
    if (quint8(wrapped[0]) != kWrapVersion)
        return error("invalid_wrapped_key",
                     QStringLiteral("unknown wrapped key version %1").arg(quint8(wrapped[0])));
    const QByteArray ad = wrapAssociatedData(context);
    const unsigned char *p = bytes(wrapped);
    SecretBytes key(kKeySize);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            key.data(), &written, nullptr, p + 1 + kNonceSize, kKeySize + kTagSize, bytes(ad),
            quint64(ad.size()), p + 1, wrappingKey.data())
        != 0) {
        return error("unwrap_failed",
                     QStringLiteral("the wrapped key does not authenticate: wrong key, wrong "
                                    "context or tampered data"));
    }
    return key;
}

Result<SecretBytes> deriveSubkey(const SecretBytes &key, quint64 id, QByteArrayView context)
{
    ensureInitialized();
    static_assert(crypto_kdf_KEYBYTES == kKeySize);
    if (key.size() != kKeySize)
        return error("invalid_key_size", QStringLiteral("the master key must be 32 bytes"));
    if (context.size() != crypto_kdf_CONTEXTBYTES)
        return error("invalid_context",
                     QStringLiteral("a key derivation context is %1 characters")
                         .arg(crypto_kdf_CONTEXTBYTES));
    SecretBytes subkey(kKeySize);
    char ctx[crypto_kdf_CONTEXTBYTES];
    std::memcpy(ctx, context.data(), sizeof ctx);
    crypto_kdf_derive_from_key(subkey.data(), size_t(subkey.size()), id, ctx, key.data());
    return subkey;
}

static_assert(kSealOverhead == kNonceSize + kTagSize);

Result<void> sealAppend(const SecretBytes &key, QByteArrayView plain, QByteArrayView ad,
                        QByteArray &out)
{
    ensureInitialized();
    if (key.size() != kKeySize)
        return error("invalid_key_size", QStringLiteral("the key must be 32 bytes"));
    const qsizetype at = out.size();
    out.resize(at + kSealOverhead + plain.size());
    auto *p = reinterpret_cast<unsigned char *>(out.data()) + at;
    randombytes_buf(p, kNonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(p + kNonceSize, &written, bytes(plain),
                                               quint64(plain.size()), bytes(ad), quint64(ad.size()),
                                               nullptr, p, key.data());
    Q_ASSERT(qsizetype(written) == plain.size() + kTagSize);
    return {};
}

Result<void> openAppend(const SecretBytes &key, QByteArrayView sealed, QByteArrayView ad,
                        QByteArray &out)
{
    ensureInitialized();
    if (key.size() != kKeySize)
        return error("invalid_key_size", QStringLiteral("the key must be 32 bytes"));
    if (sealed.size() < kSealOverhead)
        return error("invalid_sealed",
                     QStringLiteral("sealed data is at least %1 bytes, not %2")
                         .arg(kSealOverhead)
                         .arg(sealed.size()));
    const qsizetype at = out.size();
    out.resize(at + sealed.size() - kSealOverhead);
    const unsigned char *p = bytes(sealed);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(out.data()) + at, &written, nullptr, p + kNonceSize,
            quint64(sealed.size() - kNonceSize), bytes(ad), quint64(ad.size()), p, key.data())
        != 0) {
        out.truncate(at);
        return error("open_failed",
                     QStringLiteral("sealed data does not authenticate: wrong key, wrong "
                                    "context or tampered data"));
    }
    return {};
}

Result<void> verify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature)
{
    ensureInitialized();
    if (publicKey.size() != kPublicKeySize)
        return error(
            "invalid_public_key",
            QStringLiteral("an Ed25519 public key is 32 bytes, not %1").arg(publicKey.size()));
    if (signature.size() != kSignatureSize)
        return error(
            "invalid_signature",
            QStringLiteral("an Ed25519 signature is 64 bytes, not %1").arg(signature.size()));
    if (crypto_sign_verify_detached(bytes(signature), bytes(message), quint64(message.size()),
                                    bytes(publicKey))
        != 0) {
        return error("bad_signature",
                     QStringLiteral("the signature does not verify with this public key"));
    }
    return {};
}

} // namespace Aula::Crypto
