// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfirecrypto.h"

#include <QString>
#include <memory>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace Aula::Badges::DesfireCrypto {

namespace {

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const QByteArray &zeroBlock()
{
    static const QByteArray zero(BlockSize, '\0');
    return zero;
}

QByteArray runCbc(const QByteArray &key, const QByteArray &iv, const QByteArray &data, bool encrypt)
{
    const QByteArray &effectiveIv = iv.isEmpty() ? zeroBlock() : iv;
    Q_ASSERT(key.size() == BlockSize && effectiveIv.size() == BlockSize);
    Q_ASSERT(data.size() % BlockSize == 0);
    if (key.size() != BlockSize || effectiveIv.size() != BlockSize || data.size() % BlockSize)
        return {};
    if (data.isEmpty())
        return {};
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx)
        return {};
    const auto *k = reinterpret_cast<const unsigned char *>(key.constData());
    const auto *v = reinterpret_cast<const unsigned char *>(effectiveIv.constData());
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, k, v, encrypt ? 1 : 0) != 1)
        return {};
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    QByteArray out(data.size(), '\0');
    int written = 0;
    if (EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &written,
                         reinterpret_cast<const unsigned char *>(data.constData()),
                         int(data.size()))
        != 1)
        return {};
    int finalWritten = 0;
    if (EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + written,
                           &finalWritten)
        != 1)
        return {};
    Q_ASSERT(written + finalWritten == data.size());
    return out;
}

// One left shift of a 128-bit block; the CMAC subkey step (SP 800-38B, 6.1).
QByteArray shiftLeftOneBit(const QByteArray &block)
{
    QByteArray out(block.size(), '\0');
    for (int i = 0; i < block.size(); ++i) {
        const auto current = quint8(block[i]);
        const quint8 next = i + 1 < block.size() ? quint8(block[i + 1]) : 0;
        out[i] = char(quint8(current << 1) | quint8(next >> 7));
    }
    return out;
}

struct Subkeys
{
    QByteArray k1;
    QByteArray k2;
};

Subkeys subkeys(const QByteArray &key)
{
    const QByteArray l = cbcEncrypt(key, {}, zeroBlock());
    if (l.isEmpty())
        return {};
    QByteArray k1 = shiftLeftOneBit(l);
    if (quint8(l[0]) & 0x80)
        k1[BlockSize - 1] = char(quint8(k1[BlockSize - 1]) ^ 0x87);
    QByteArray k2 = shiftLeftOneBit(k1);
    if (quint8(k1[0]) & 0x80)
        k2[BlockSize - 1] = char(quint8(k2[BlockSize - 1]) ^ 0x87);
    return { k1, k2 };
}

// CMAC over data already split by the caller's rule: the last block is complete (K1) or
// padded with 80 00… (K2). minBlocks lets AN10922 force two blocks of input.
QByteArray cmacPadded(const QByteArray &key, const QByteArray &data, const QByteArray &iv,
                      int minBlocks)
{
    const Subkeys keys = subkeys(key);
    if (keys.k1.isEmpty())
        return {};
    QByteArray message = data;
    const int blocks = std::max<int>(minBlocks, int((data.size() + BlockSize - 1) / BlockSize));
    const bool complete = !data.isEmpty() && data.size() == blocks * BlockSize;
    if (!complete) {
        message.append(char(0x80));
        message.append(QByteArray(blocks * BlockSize - message.size(), '\0'));
    }
    const QByteArray &subkey = complete ? keys.k1 : keys.k2;
    for (int i = 0; i < BlockSize; ++i) {
        const qsizetype pos = message.size() - BlockSize + i;
        message[pos] = char(quint8(message[pos]) ^ quint8(subkey[i]));
    }
    const QByteArray encrypted = cbcEncrypt(key, iv, message);
    return encrypted.isEmpty() ? QByteArray() : encrypted.right(BlockSize);
}

} // namespace

QByteArray cbcEncrypt(const QByteArray &key, const QByteArray &iv, const QByteArray &data)
{
    return runCbc(key, iv, data, true);
}

QByteArray cbcDecrypt(const QByteArray &key, const QByteArray &iv, const QByteArray &data)
{
    return runCbc(key, iv, data, false);
}

QByteArray cmac(const QByteArray &key, const QByteArray &data, const QByteArray &iv)
{
    return cmacPadded(key, data, iv, 1);
}

QByteArray an10922Aes128(const QByteArray &masterKey, const QByteArray &input)
{
    Q_ASSERT(!input.isEmpty() && input.size() <= 31);
    if (input.isEmpty() || input.size() > 31)
        return {};
    // AN10922 2.2: the diversification constant for AES-128 is 0x01, and the input is
    // always processed as two blocks (32 bytes), padded when M is shorter than 31 bytes.
    return cmacPadded(masterKey, QByteArray(1, char(0x01)) + input, {}, 2);
}

QByteArray crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    QByteArray out(4, '\0');
    for (int i = 0; i < 4; ++i)
        out[i] = char((crc >> (8 * i)) & 0xFF);
    return out;
}

QByteArray randomBytes(int count)
{
    QByteArray out(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure randomness, refusing to continue");
    return out;
}

QByteArray rotateLeft(const QByteArray &data)
{
    return data.isEmpty() ? data : data.mid(1) + data.left(1);
}

QByteArray xorBytes(const QByteArray &a, const QByteArray &b)
{
    Q_ASSERT(a.size() == b.size());
    QByteArray out(std::min(a.size(), b.size()), '\0');
    for (qsizetype i = 0; i < out.size(); ++i)
        out[i] = char(quint8(a[i]) ^ quint8(b[i]));
    return out;
}

bool constantTimeEqual(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size()
        && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

} // namespace Aula::Badges::DesfireCrypto
