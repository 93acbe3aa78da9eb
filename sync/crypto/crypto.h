// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/secretbytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>

/**
 * Aula's cryptography, and the only place in the tree that calls libsodium.
 *
 * Every function initialises libsodium on first use (thread-safe), so callers need no
 * setup; initialize() exists for programs that want to fail early and loudly.
 * docs/security.md ("Crypto and storage") explains the choices and parameters.
 */
namespace Aula::Crypto {

/** Size of a SHA-256 digest. */
inline constexpr qsizetype kSha256Size = 32;
/** Size of a symmetric key (store key, key-encryption key). */
inline constexpr qsizetype kKeySize = 32;
/** Size of a salt for deriveKey(). */
inline constexpr qsizetype kSaltSize = 16;

/**
 * Initialises libsodium once; later calls return the first outcome. Fails only if the
 * system has no usable random source.
 */
[[nodiscard]] Result<void> initialize();
/** initialize(), and abort the process if it fails: nothing is safe without randomness. */
void ensureInitialized();

/** `size` bytes from the system's secure random generator (not for secrets; see SecretBytes). */
[[nodiscard]] QByteArray randomBytes(qsizetype size);
/** SHA-256 of `data` (32 bytes). */
[[nodiscard]] QByteArray sha256(QByteArrayView data);
/**
 * SHA-256 over data that arrives in pieces (a download hashed as it is written). Gives
 * the same digest as sha256() of the pieces joined. Move-only.
 */
class Sha256
{
public:
    Sha256();
    Sha256(Sha256 &&) noexcept;
    Sha256 &operator=(Sha256 &&) noexcept;
    ~Sha256();

    /** Adds the next `data`. */
    void update(QByteArrayView data);
    /** Bytes hashed so far. */
    [[nodiscard]] qint64 length() const { return m_length; }
    /** The digest of everything added (32 bytes); the hasher starts over afterwards. */
    [[nodiscard]] QByteArray finish();

private:
    struct State;
    std::unique_ptr<State> m_state;
    qint64 m_length = 0;
};

/** Compares two byte strings in time independent of their content; false if sizes differ. */
[[nodiscard]] bool constantTimeEqual(QByteArrayView a, QByteArrayView b);

/**
 * Overwrites the bytes of @p bytes with zeros (sodium_memzero, which the compiler may not
 * drop as a dead store) and empties it, for a secret held in a QByteArray once it is used.
 * Qt shares QByteArray data between copies: if @p bytes shares its data, only this copy is
 * detached and wiped, so wipe a secret where it was made, before it is copied around.
 */
void wipe(QByteArray &bytes);

/** Argon2id cost of a PIN hash (see docs/security.md for why "interactive"). */
inline constexpr quint64 kPinHashOpsLimit = 2; // crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE
inline constexpr size_t kPinHashMemLimit = 64u * 1024 * 1024; // ..._MEMLIMIT_INTERACTIVE

/** The Argon2id cost of a PIN hash: iterations and memory in bytes. */
struct PinHashCost
{
    quint64 opsLimit = kPinHashOpsLimit;
    size_t memLimit = kPinHashMemLimit;
};

/**
 * The cheapest cost libsodium accepts (1 iteration, 8 KiB): FOR TESTS AND BENCHMARKS ONLY,
 * which seed hundreds of members and must not spend ~95 ms on each login. A hash made
 * with it protects nothing; the server never uses it (it stores what the clerk imports,
 * and hashPin() without a cost is always the interactive one).
 */
inline constexpr PinHashCost kPinHashCostForTestsOnly { 1, 8u * 1024 };

/**
 * Hashes a PIN with Argon2id, random salt, and returns the self-describing encoded string
 * ("$argon2id$v=19$m=65536,t=2,p=1$..."). The default `cost` is libsodium's interactive
 * one, the only one production code uses; verifyPin() reads the cost from the string.
 * Errors: "empty_pin", "out_of_memory".
 */
[[nodiscard]] Result<QByteArray> hashPin(QByteArrayView pin, PinHashCost cost = {});
/**
 * True when `pin` matches `encodedHash`, false when it does not. Error "invalid_pin_hash"
 * when `encodedHash` is not an Argon2id string this library understands.
 */
[[nodiscard]] Result<bool> verifyPin(QByteArrayView encodedHash, QByteArrayView pin);
/** True when `encodedHash` was made with other parameters than hashPin() uses today. */
[[nodiscard]] bool pinHashNeedsRehash(QByteArrayView encodedHash);

/**
 * Derives a 32-byte key from `secret` with Argon2id (e.g. badge + PIN + device secret on
 * the tablet). `salt` must be 16 bytes; `opsLimit` >= 1 and `memLimit` >= 8 KiB.
 * Errors: "invalid_salt", "invalid_cost", "out_of_memory".
 */
[[nodiscard]] Result<SecretBytes> deriveKey(QByteArrayView secret, QByteArrayView salt,
                                            quint64 opsLimit, size_t memLimit);

/**
 * Encrypts the 32-byte `key` under the 32-byte `wrappingKey` with XChaCha20-Poly1305
 * (IETF), binding `context` (e.g. "aula/tablet-store-key/v1") as associated data.
 * Layout: version byte 0x01 || 24-byte random nonce || 32-byte ciphertext || 16-byte tag
 * (73 bytes). Errors: "invalid_key_size".
 */
[[nodiscard]] Result<QByteArray> wrapKey(const SecretBytes &wrappingKey, const SecretBytes &key,
                                         QByteArrayView context);
/**
 * Reverses wrapKey(). Errors: "invalid_key_size", "invalid_wrapped_key" (wrong length or
 * version), "unwrap_failed" (tampered data, wrong wrapping key or wrong context: the AEAD
 * cannot tell these apart, by design).
 */
[[nodiscard]] Result<SecretBytes> unwrapKey(const SecretBytes &wrappingKey, QByteArrayView wrapped,
                                            QByteArrayView context);

/**
 * Subkey `id` of the 32-byte `key` for `context` (exactly 8 characters, e.g. "aulablob"),
 * with libsodium's crypto_kdf (BLAKE2b): a key for one purpose that reveals nothing of
 * `key` or of its other subkeys. Errors: "invalid_key_size", "invalid_context".
 */
[[nodiscard]] Result<SecretBytes> deriveSubkey(const SecretBytes &key, quint64 id,
                                               QByteArrayView context);

/** Bytes seal() adds to its input: a 24-byte nonce and a 16-byte tag. */
inline constexpr qsizetype kSealOverhead = 24 + 16;
/**
 * Appends `plain` encrypted and authenticated under the 32-byte `key` to `out`:
 * XChaCha20-Poly1305 (IETF) with a fresh random nonce and `ad` as associated data, laid out
 * nonce (24) || ciphertext || tag (16), so kSealOverhead bytes longer than `plain`. Random
 * 192-bit nonces make it safe to seal any number of messages under one key.
 * Errors: "invalid_key_size".
 */
Result<void> sealAppend(const SecretBytes &key, QByteArrayView plain, QByteArrayView ad,
                        QByteArray &out);
/**
 * Reverses sealAppend(): appends the plaintext of `sealed` to `out`. Errors:
 * "invalid_key_size", "invalid_sealed" (shorter than kSealOverhead), "open_failed" (tampered
 * data, wrong key or wrong `ad`: the AEAD cannot tell these apart). `out` is unchanged on error.
 */
Result<void> openAppend(const SecretBytes &key, QByteArrayView sealed, QByteArrayView ad,
                        QByteArray &out);

/** Size of an Ed25519 public key. */
inline constexpr qsizetype kPublicKeySize = 32;
/** Size of an Ed25519 detached signature. */
inline constexpr qsizetype kSignatureSize = 64;
/** Size of an Ed25519 seed (the 32 secret bytes everything else is derived from). */
inline constexpr qsizetype kSeedSize = 32;

/**
 * Checks an Ed25519 detached signature. Errors: "invalid_public_key" and
 * "invalid_signature" (wrong sizes), "bad_signature" (does not verify).
 */
[[nodiscard]] Result<void> verify(QByteArrayView publicKey, QByteArrayView message,
                                  QByteArrayView signature);

} // namespace Aula::Crypto
