// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "platform/nfc/desfireprotocol.h"

#include <QByteArray>

namespace Aula::Badges {

/**
 * The reader's (PCD's) side of a DESFire EV1 session after AuthenticateAES: the session key
 * and the IV that EV1 chains through every MAC and cryptogram of the session.
 *
 * Followed: the public descriptions of EV1 secure messaging (NXP AN12343 and AN12752,
 * chapters on "EV1 secure messaging"/"CMAC calculation", as libfreefare implements them):
 * - a plain command is MACed with CMAC(session key, IV, cmd ‖ data) but the MAC is not
 *   sent; the CMAC becomes the next IV;
 * - a MACed response carries the first 8 bytes of CMAC(data ‖ status); the full CMAC
 *   becomes the next IV;
 * - an enciphered response is AES-CBC(IV) of data ‖ CRC32(data ‖ status) ‖ 00 padding; the
 *   last cipher block becomes the next IV;
 * - an enciphered command (ChangeKey) is AES-CBC(IV) of its data and a CRC32 over the
 *   command header and data; the last cipher block becomes the next IV.
 */
class DesfireSession
{
public:
    /** A fresh session: @p sessionKey from the authentication, IV zero. */
    explicit DesfireSession(QByteArray sessionKey);

    /** Wraps a plain command and advances the IV by its (unsent) MAC. */
    [[nodiscard]] QByteArray plainCommand(quint8 command, const QByteArray &data = {});

    /** Checks and strips the 8-byte MAC of a response; Error "integrity_error" if it fails. */
    [[nodiscard]] Result<QByteArray> verifyMacedResponse(const Desfire::Response &response);

    /** Decrypts an enciphered response of @p dataLength plain bytes and checks its CRC32. */
    [[nodiscard]] Result<QByteArray> decryptResponse(const Desfire::Response &response,
                                                     int dataLength);

    /**
     * ChangeKey (0xC4) for AES key @p keyNo. When @p keyNo is the key this session was
     * authenticated with, @p currentKey is ignored and the card ends the session; otherwise
     * the cryptogram carries newKey XOR currentKey and a CRC32 of the new key.
     */
    [[nodiscard]] QByteArray changeKeyCommand(quint8 keyNo, const QByteArray &newKey,
                                              quint8 keyVersion, const QByteArray &currentKey,
                                              bool changingAuthenticatedKey);

    [[nodiscard]] QByteArray sessionKey() const { return m_key; }
    [[nodiscard]] QByteArray iv() const { return m_iv; }

private:
    QByteArray m_key;
    QByteArray m_iv;
};

} // namespace Aula::Badges
