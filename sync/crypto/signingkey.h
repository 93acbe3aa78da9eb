// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/secretbytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Aula::Crypto {

/**
 * An Ed25519 signing key (a device key, the chamber server's key). The secret half lives
 * in a SecretBytes and is wiped when the key is destroyed. Move-only.
 * Verify signatures with Crypto::verify() in crypto.h.
 */
class SigningKey
{
public:
    /** A fresh key from the system's secure random generator. */
    static SigningKey generate();
    /** The key determined by a 32-byte seed. Error "invalid_seed" for another size. */
    static Result<SigningKey> fromSeed(QByteArrayView seed);
    /**
     * A key from libsodium's 64-byte secret form (seed || public key). Error
     * "invalid_secret_key" when the size is wrong or the public half does not match the seed.
     */
    static Result<SigningKey> fromSecret(QByteArrayView secret);

    SigningKey(SigningKey &&) noexcept = default;
    SigningKey &operator=(SigningKey &&) noexcept = default;
    SigningKey(const SigningKey &) = delete;
    SigningKey &operator=(const SigningKey &) = delete;

    /** The 32-byte public key. */
    [[nodiscard]] QByteArray publicKey() const;
    /** The 32-byte seed, the compact form to store the key in (e.g. a secrets table). */
    [[nodiscard]] SecretBytes seed() const;
    /** A 64-byte Ed25519 detached signature of `message`. */
    [[nodiscard]] QByteArray sign(QByteArrayView message) const;

private:
    explicit SigningKey(SecretBytes secret);

    SecretBytes m_secret; // libsodium's 64-byte form: seed || public key
};

} // namespace Aula::Crypto
