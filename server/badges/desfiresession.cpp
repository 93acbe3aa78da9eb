// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfiresession.h"

#include "desfirecrypto.h"

namespace Aula::Badges {

using namespace DesfireCrypto;

DesfireSession::DesfireSession(QByteArray sessionKey)
    : m_key(std::move(sessionKey))
    , m_iv(BlockSize, '\0')
{ }

QByteArray DesfireSession::plainCommand(quint8 command, const QByteArray &data)
{
    m_iv = cmac(m_key, QByteArray(1, char(command)) + data, m_iv);
    return Desfire::wrap(command, data);
}

Result<QByteArray> DesfireSession::verifyMacedResponse(const Desfire::Response &response)
{
    if (response.data.size() < 8) {
        return Error { QStringLiteral("protocol_error"),
                       QStringLiteral("the card's answer is too short to carry a MAC") };
    }
    const QByteArray data = response.data.left(response.data.size() - 8);
    const QByteArray mac = cmac(m_key, data + char(response.status), m_iv);
    if (!constantTimeEqual(mac.left(8), response.data.right(8))) {
        return Error { QStringLiteral("integrity_error"),
                       QStringLiteral("the card's answer carries a wrong MAC") };
    }
    m_iv = mac;
    return data;
}

Result<QByteArray> DesfireSession::decryptResponse(const Desfire::Response &response,
                                                   int dataLength)
{
    const int expected = ((dataLength + 4 + BlockSize - 1) / BlockSize) * BlockSize;
    if (response.data.size() != expected) {
        return Error { QStringLiteral("protocol_error"),
                       QStringLiteral("an enciphered answer of %1 bytes was expected, got %2")
                           .arg(expected)
                           .arg(response.data.size()) };
    }
    const QByteArray plain = cbcDecrypt(m_key, m_iv, response.data);
    m_iv = response.data.right(BlockSize);
    const QByteArray data = plain.left(dataLength);
    const QByteArray crc = plain.mid(dataLength, 4);
    const QByteArray padding = plain.mid(dataLength + 4);
    if (!constantTimeEqual(crc, crc32(data + char(response.status)))
        || padding != QByteArray(padding.size(), '\0')) {
        return Error { QStringLiteral("integrity_error"),
                       QStringLiteral("the card's enciphered answer fails its CRC32: it was not "
                                      "made with this session's key") };
    }
    return data;
}

QByteArray DesfireSession::changeKeyCommand(quint8 keyNo, const QByteArray &newKey,
                                            quint8 keyVersion, const QByteArray &currentKey,
                                            bool changingAuthenticatedKey)
{
    const QByteArray header = QByteArray(1, char(Desfire::ChangeKey)) + char(keyNo);
    QByteArray plain = changingAuthenticatedKey ? newKey : xorBytes(newKey, currentKey);
    plain.append(char(keyVersion));
    plain.append(crc32(header + plain));
    if (!changingAuthenticatedKey)
        plain.append(crc32(newKey));
    plain.append(QByteArray((BlockSize - plain.size() % BlockSize) % BlockSize, '\0'));
    const QByteArray cryptogram = cbcEncrypt(m_key, m_iv, plain);
    m_iv = cryptogram.right(BlockSize);
    return Desfire::wrap(Desfire::ChangeKey, QByteArray(1, char(keyNo)) + cryptogram);
}

} // namespace Aula::Badges
