// SPDX-License-Identifier: GPL-3.0-or-later
#include "signingkey.h"

#include "crypto.h"

#include <sodium.h>
#include <utility>

namespace Aula::Crypto {

namespace {
constexpr qsizetype kSecretSize = crypto_sign_SECRETKEYBYTES;
static_assert(kSecretSize == kSeedSize + kPublicKeySize);
} // namespace

SigningKey::SigningKey(SecretBytes secret)
    : m_secret(std::move(secret))
{ }

SigningKey SigningKey::generate()
{
    SecretBytes seed = SecretBytes::random(kSeedSize);
    return std::move(fromSeed(seed.view())).value();
}

Result<SigningKey> SigningKey::fromSeed(QByteArrayView seed)
{
    ensureInitialized();
    if (seed.size() != kSeedSize)
        return Error { QStringLiteral("invalid_seed"),
                       QStringLiteral("an Ed25519 seed is 32 bytes, not %1").arg(seed.size()) };
    SecretBytes secret(kSecretSize);
    unsigned char publicKey[kPublicKeySize];
    crypto_sign_seed_keypair(publicKey, secret.data(),
                             reinterpret_cast<const unsigned char *>(seed.data()));
    return SigningKey(std::move(secret));
}

Result<SigningKey> SigningKey::fromSecret(QByteArrayView secret)
{
    if (secret.size() != kSecretSize)
        return Error {
            QStringLiteral("invalid_secret_key"),
            QStringLiteral("an Ed25519 secret key is 64 bytes, not %1").arg(secret.size())
        };
    auto key = fromSeed(secret.first(kSeedSize));
    // A secret whose public half does not belong to its seed would sign with one key and
    // advertise another; refuse it rather than trust either half.
    if (!key || !constantTimeEqual(key->publicKey(), secret.sliced(kSeedSize)))
        return Error { QStringLiteral("invalid_secret_key"),
                       QStringLiteral(
                           "the public half of the secret key does not match its seed") };
    return key;
}

QByteArray SigningKey::publicKey() const
{
    return m_secret.view().sliced(kSeedSize).toByteArray();
}

SecretBytes SigningKey::seed() const
{
    return SecretBytes::copyOf(m_secret.view().first(kSeedSize));
}

QByteArray SigningKey::sign(QByteArrayView message) const
{
    QByteArray signature(kSignatureSize, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.data()),
                         quint64(message.size()), m_secret.data());
    return signature;
}

} // namespace Aula::Crypto
