// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretbytes.h"

#include "crypto.h"

#include <QtGlobal>
#include <sodium.h>
#include <utility>

namespace Aula::Crypto {

SecretBytes::SecretBytes(qsizetype size)
{
    Q_ASSERT(size >= 0);
    ensureInitialized();
    if (size <= 0)
        return;
    m_data = static_cast<unsigned char *>(sodium_malloc(size_t(size)));
    // Running out of guarded memory leaves no safe way to hold the secret.
    if (!m_data)
        qFatal("Aula::Crypto: sodium_malloc(%lld) failed", static_cast<long long>(size));
    sodium_memzero(m_data, size_t(size));
    m_size = size;
}

SecretBytes::~SecretBytes()
{
    release();
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{ }

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBytes SecretBytes::copyOf(QByteArrayView bytes)
{
    SecretBytes s(bytes.size());
    if (!bytes.isEmpty())
        memcpy(s.m_data, bytes.data(), size_t(bytes.size()));
    return s;
}

SecretBytes SecretBytes::random(qsizetype size)
{
    SecretBytes s(size);
    if (size > 0)
        randombytes_buf(s.m_data, size_t(size));
    return s;
}

QByteArray SecretBytes::toByteArray() const
{
    return QByteArray(reinterpret_cast<const char *>(m_data), m_size);
}

void SecretBytes::release()
{
    // sodium_free wipes the bytes before it unmaps them.
    if (m_data)
        sodium_free(m_data);
    m_data = nullptr;
    m_size = 0;
}

} // namespace Aula::Crypto
