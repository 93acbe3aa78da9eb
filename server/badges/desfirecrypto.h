// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

/**
 * AES-128 building blocks for MIFARE DESFire EV1 badges. OpenSSL (libcrypto) is reached
 * from desfirecrypto.cpp only; everything else in Aula uses these functions.
 *
 * Sizes are preconditions, not input errors: every key is 16 bytes and every CBC input a
 * multiple of 16 bytes. Callers validate what comes from outside (cards, files) before
 * calling; a violated precondition asserts in debug builds and yields an empty array.
 */
namespace Aula::Badges::DesfireCrypto {

/** Block and key size of AES-128, in bytes. */
inline constexpr int BlockSize = 16;

/** AES-128-CBC without padding. An empty @p iv means 16 zero bytes. */
[[nodiscard]] QByteArray cbcEncrypt(const QByteArray &key, const QByteArray &iv,
                                    const QByteArray &data);
/** The inverse of cbcEncrypt(). */
[[nodiscard]] QByteArray cbcDecrypt(const QByteArray &key, const QByteArray &iv,
                                    const QByteArray &data);

/**
 * AES-CMAC (NIST SP 800-38B, RFC 4493) of @p data, started from @p iv instead of zero.
 * With an empty @p iv this is the standard CMAC. DESFire EV1 chains the session IV through
 * every MAC in an authenticated session, hence the parameter.
 */
[[nodiscard]] QByteArray cmac(const QByteArray &key, const QByteArray &data,
                              const QByteArray &iv = {});

/**
 * NXP AN10922 rev. 2.0, section 2.2 (AES-128 key diversification): CMAC under @p masterKey
 * of 0x01 ‖ @p input padded to 32 bytes (80 00…, with subkey K2) or, when @p input is
 * already 31 bytes, unpadded with subkey K1. @p input must be 1 to 31 bytes.
 */
[[nodiscard]] QByteArray an10922Aes128(const QByteArray &masterKey, const QByteArray &input);

/**
 * The CRC32 that DESFire EV1 appends to enciphered data: the IEEE 802.3 polynomial,
 * initial value 0xFFFFFFFF and no final inversion (what libfreefare and NXP's public
 * descriptions call CRC32 for EV1), returned least significant byte first.
 */
[[nodiscard]] QByteArray crc32(const QByteArray &data);

/** @p count cryptographically random bytes (OpenSSL's RAND_bytes). */
[[nodiscard]] QByteArray randomBytes(int count);

/** Rotates left by one byte: RndB → RndB' in the three-pass authentication. */
[[nodiscard]] QByteArray rotateLeft(const QByteArray &data);

/** XOR of two arrays of equal length. */
[[nodiscard]] QByteArray xorBytes(const QByteArray &a, const QByteArray &b);

/** Compares without leaking, through timing, where the first difference is. */
[[nodiscard]] bool constantTimeEqual(const QByteArray &a, const QByteArray &b);

} // namespace Aula::Badges::DesfireCrypto
