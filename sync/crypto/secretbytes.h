// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Aula::Crypto {

/**
 * A buffer for secret material (private keys, store keys, seeds).
 *
 * The bytes live in memory from libsodium's guarded allocator (sodium_malloc: guard
 * pages, mlock where the system allows it) and are wiped when the buffer is destroyed or
 * overwritten by a move. Move-only, so a secret is never silently copied; copy it out with
 * toByteArray() only when it must cross into code that cannot take a SecretBytes.
 */
class SecretBytes
{
public:
    /** An empty buffer. */
    SecretBytes() = default;
    /** A buffer of `size` zero bytes. Aborts if the guarded allocator has no memory. */
    explicit SecretBytes(qsizetype size);
    ~SecretBytes();

    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    /** A guarded copy of `bytes`. */
    static SecretBytes copyOf(QByteArrayView bytes);
    /** `size` bytes from the system's secure random generator. */
    static SecretBytes random(qsizetype size);

    [[nodiscard]] qsizetype size() const { return m_size; }
    [[nodiscard]] bool isEmpty() const { return m_size == 0; }
    [[nodiscard]] unsigned char *data() { return m_data; }
    [[nodiscard]] const unsigned char *data() const { return m_data; }
    /** A view of the bytes, valid while this buffer lives and is not moved from. */
    [[nodiscard]] QByteArrayView view() const { return { m_data, m_size }; }
    /** An ordinary (unguarded, not wiped) copy; use only at boundaries that need one. */
    [[nodiscard]] QByteArray toByteArray() const;

private:
    void release();

    unsigned char *m_data = nullptr;
    qsizetype m_size = 0;
};

} // namespace Aula::Crypto
