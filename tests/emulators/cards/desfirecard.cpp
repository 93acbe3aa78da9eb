// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfirecard.h"

#include "platform/nfc/desfireprotocol.h"
#include "server/badges/desfirecrypto.h"

namespace Aula::Emulators {

using namespace Aula::Badges;
using namespace Aula::Badges::DesfireCrypto;
namespace D = Aula::Badges::Desfire;

DesfireCard::DesfireCard(QByteArray uid, RandomSource random)
    : m_uid(std::move(uid))
    , m_random(random ? std::move(random) : RandomSource(&DesfireCrypto::randomBytes))
{
    Q_ASSERT(m_uid.size() == 7);
    m_picc.keySettings = 0x0F;
    m_picc.keys = { QByteArray(16, '\0') };
    m_picc.keyVersions = { 0 };
}

void DesfireCard::addApplication(quint32 aid, const QVector<QByteArray> &keys)
{
    Application app;
    app.keySettings = 0x0B;
    app.keys = keys;
    app.keyVersions = QVector<quint8>(keys.size(), 0);
    m_apps.insert(aid, app);
}

void DesfireCard::addStdDataFile(quint32 aid, quint8 fileNo, const D::AccessRights &rights,
                                 const QByteArray &data)
{
    Q_ASSERT(m_apps.contains(aid));
    m_apps[aid].files.insert(fileNo, DataFile { D::CommunicationPlain, rights, data });
}

QByteArray DesfireCard::fileData(quint32 aid, quint8 fileNo) const
{
    return m_apps.value(aid).files.value(fileNo).data;
}

D::AccessRights DesfireCard::fileRights(quint32 aid, quint8 fileNo) const
{
    return m_apps.value(aid).files.value(fileNo).rights;
}

QByteArray DesfireCard::key(quint32 aid, int keyNo) const
{
    const Application *app = aid == 0 ? &m_picc : nullptr;
    if (aid != 0) {
        auto it = m_apps.constFind(aid);
        if (it == m_apps.constEnd())
            return {};
        app = &*it;
    }
    return keyNo >= 0 && keyNo < app->keys.size() ? app->keys[keyNo] : QByteArray();
}

QByteArray DesfireCard::atqa() const
{
    return QByteArray::fromHex("0344");
}

QByteArray DesfireCard::ats() const
{
    // TL=6, T0=0x75 (TA, TB, TC present, FSCI 5 = 64 bytes), TA=0x77, TB=0x81, TC=0x02,
    // one historical byte 0x80: the ATS that EV1 cards commonly report.
    return QByteArray::fromHex("067577810280");
}

void DesfireCard::activate()
{
    m_selected = 0;
    resetAuthentication();
}

void DesfireCard::resetAuthentication()
{
    m_authKey = -1;
    m_sessionKey.clear();
    m_iv.clear();
    m_pending = Pending::None;
    m_pendingKey = -1;
    m_rndB.clear();
}

std::optional<QByteArray> DesfireCard::exchange(const QByteArray &frame)
{
    // ISO 7816-4 case 1/2/3/4 short APDU: CLA INS P1 P2 [Lc data] [Le].
    if (frame.size() < 4)
        return QByteArray::fromHex("6700");
    if (quint8(frame[0]) != 0x90)
        return QByteArray::fromHex("6E00");
    if (frame[2] != 0 || frame[3] != 0)
        return QByteArray::fromHex("6A86");
    QByteArray data;
    if (frame.size() > 5) {
        const int lc = quint8(frame[4]);
        if (frame.size() != 5 + lc && frame.size() != 6 + lc)
            return QByteArray::fromHex("6700");
        data = frame.mid(5, lc);
    }
    return process(quint8(frame[1]), data);
}

QByteArray DesfireCard::reply(quint8 status, const QByteArray &data)
{
    return data + char(0x91) + char(status);
}

QByteArray DesfireCard::fail(quint8 status)
{
    resetAuthentication();
    return reply(status);
}

DesfireCard::Application &DesfireCard::current()
{
    return m_selected == 0 ? m_picc : m_apps[m_selected];
}

void DesfireCard::macCommand(quint8 command, const QByteArray &data)
{
    if (authenticated())
        m_iv = cmac(m_sessionKey, QByteArray(1, char(command)) + data, m_iv);
}

QByteArray DesfireCard::macReply(const QByteArray &data)
{
    if (!authenticated())
        return reply(D::OperationOk, data);
    m_iv = cmac(m_sessionKey, data + char(D::OperationOk), m_iv);
    return reply(D::OperationOk, data + m_iv.left(8));
}

QByteArray DesfireCard::process(quint8 command, const QByteArray &data)
{
    const Pending pending = m_pending;
    m_pending = Pending::None;
    if (command == D::AdditionalFrame) {
        switch (pending) {
        case Pending::Version2:
            m_pending = Pending::Version3;
            // Software info: vendor NXP, type 1, subtype 1, version 1.4, 4 kB, ISO 14443-4.
            return reply(D::AdditionalFrameExpected, QByteArray::fromHex("04010101041805"));
        case Pending::Version3:
            // UID, batch number (5), production week and year (2 BCD bytes).
            return reply(D::OperationOk,
                         m_uid + QByteArray::fromHex("BA7C4A0E10") + char(0x12) + char(0x24));
        case Pending::AuthProof:
            return authenticateSecondPass(data);
        case Pending::None:
            break;
        }
        return fail(D::IllegalCommand);
    }
    if (pending != Pending::None && command != D::AdditionalFrame) {
        // A new command aborts a chained exchange; an interrupted authentication leaves
        // the card unauthenticated.
        if (pending == Pending::AuthProof)
            resetAuthentication();
    }
    switch (command) {
    case D::GetVersion:
        return getVersion();
    case D::SelectApplication:
        return selectApplication(data);
    case D::AuthenticateAes:
        return authenticate(data);
    case D::GetCardUid:
        return getCardUid(data);
    case D::GetKeySettings:
        return getKeySettings(data);
    case D::CreateApplication:
        return createApplication(data);
    case D::ChangeKey:
        return changeKey(data);
    case D::FormatPicc:
        return formatPicc(data);
    case D::CreateStdDataFile:
        return createStdDataFile(data);
    case D::WriteData:
        return writeData(data);
    case D::ReadData:
        return readData(data);
    default:
        return fail(D::IllegalCommand);
    }
}

QByteArray DesfireCard::getVersion()
{
    macCommand(D::GetVersion, {});
    m_pending = Pending::Version2;
    // Hardware info: vendor NXP (04), type 1, subtype 1, version 1.0, 4 kB (0x18), ISO 14443-4.
    return reply(D::AdditionalFrameExpected, QByteArray::fromHex("04010101001805"));
}

QByteArray DesfireCard::selectApplication(const QByteArray &data)
{
    if (data.size() != 3)
        return fail(D::LengthError);
    const quint32 aid =
        quint8(data[0]) | quint32(quint8(data[1])) << 8 | quint32(quint8(data[2])) << 16;
    if (aid != 0 && !m_apps.contains(aid))
        return fail(D::ApplicationNotFound);
    resetAuthentication();
    m_selected = aid;
    return reply(D::OperationOk);
}

QByteArray DesfireCard::authenticate(const QByteArray &data)
{
    resetAuthentication();
    if (data.size() != 1)
        return fail(D::LengthError);
    const int keyNo = quint8(data[0]);
    if (keyNo >= current().keys.size())
        return fail(D::NoSuchKey);
    // AuthenticateAES first pass: E(K, RndB) with a zero IV; the CBC chain continues
    // through the next two messages (EV1 AES, see the class comment's sources).
    m_rndB = m_random(BlockSize);
    const QByteArray challenge = cbcEncrypt(current().keys[keyNo], {}, m_rndB);
    m_iv = challenge;
    m_pendingKey = keyNo;
    m_pending = Pending::AuthProof;
    return reply(D::AdditionalFrameExpected, challenge);
}

QByteArray DesfireCard::authenticateSecondPass(const QByteArray &data)
{
    if (data.size() != 32)
        return fail(D::LengthError);
    const QByteArray key = current().keys[m_pendingKey];
    const QByteArray plain = cbcDecrypt(key, m_iv, data);
    m_iv = data.right(BlockSize);
    const QByteArray rndA = plain.left(16);
    if (!constantTimeEqual(plain.mid(16), rotateLeft(m_rndB)))
        return fail(D::AuthenticationError);
    const QByteArray proof = cbcEncrypt(key, m_iv, rotateLeft(rndA));
    m_authKey = m_pendingKey;
    m_sessionKey = rndA.left(4) + m_rndB.left(4) + rndA.mid(12, 4) + m_rndB.mid(12, 4);
    m_iv = QByteArray(BlockSize, '\0');
    m_rndB.clear();
    return reply(D::OperationOk, proof);
}

QByteArray DesfireCard::getCardUid(const QByteArray &data)
{
    if (!data.isEmpty())
        return fail(D::LengthError);
    if (!authenticated())
        return fail(D::AuthenticationError);
    macCommand(D::GetCardUid, {});
    QByteArray plain = m_uid + crc32(m_uid + char(D::OperationOk));
    plain.append(QByteArray(BlockSize - plain.size() % BlockSize, '\0'));
    const QByteArray encrypted = cbcEncrypt(m_sessionKey, m_iv, plain);
    m_iv = encrypted.right(BlockSize);
    return reply(D::OperationOk, encrypted);
}

QByteArray DesfireCard::getKeySettings(const QByteArray &data)
{
    if (!data.isEmpty())
        return fail(D::LengthError);
    macCommand(D::GetKeySettings, {});
    const Application &app = current();
    const quint8 maxKeys = quint8(app.keys.size()) | (m_selected == 0 ? 0x00 : D::KeyTypeAes);
    return macReply(QByteArray(1, char(app.keySettings)) + char(maxKeys));
}

QByteArray DesfireCard::createApplication(const QByteArray &data)
{
    if (m_selected != 0)
        return fail(D::PermissionDenied);
    if (data.size() != 5)
        return fail(D::LengthError);
    // PICC key settings bit 2: applications may be created without the PICC master key.
    if (!(m_picc.keySettings & 0x04) && m_authKey != 0)
        return fail(D::AuthenticationError);
    macCommand(D::CreateApplication, data);
    const quint32 aid =
        quint8(data[0]) | quint32(quint8(data[1])) << 8 | quint32(quint8(data[2])) << 16;
    const auto keySettings = quint8(data[3]);
    const auto keyByte = quint8(data[4]);
    const int keyCount = keyByte & 0x0F;
    if (aid == 0 || keyCount < 1 || keyCount > 14 || (keyByte & 0xC0) != D::KeyTypeAes)
        return fail(D::ParameterError);
    if (m_apps.contains(aid))
        return fail(D::DuplicateError);
    Application app;
    app.keySettings = keySettings;
    app.keys = QVector<QByteArray>(keyCount, QByteArray(16, '\0'));
    app.keyVersions = QVector<quint8>(keyCount, 0);
    m_apps.insert(aid, app);
    return macReply({});
}

QByteArray DesfireCard::changeKey(const QByteArray &data)
{
    if (!authenticated())
        return fail(D::AuthenticationError);
    if (data.size() != 33)
        return fail(D::LengthError);
    Application &app = current();
    // At PICC level the key number carries the new key's type (0x80 = AES).
    const int keyNo = quint8(data[0]) & (m_selected == 0 ? 0x3F : 0x0F);
    if (keyNo >= app.keys.size())
        return fail(D::NoSuchKey);
    // ChangeKey access (key settings bits 7..4): 0 = with the master key, 0x1..0xD = with
    // that key, 0xE = with the key to change itself, 0xF = frozen.
    const int access = app.keySettings >> 4;
    const bool allowed = m_selected == 0 ? m_authKey == 0
        : access == 0x0F                 ? false
        : access == 0x0E                 ? m_authKey == keyNo
                                         : m_authKey == access;
    if (!allowed)
        return fail(D::PermissionDenied);
    const QByteArray cryptogram = data.mid(1);
    const QByteArray plain = cbcDecrypt(m_sessionKey, m_iv, cryptogram);
    m_iv = cryptogram.right(BlockSize);
    const bool sameKey = keyNo == m_authKey;
    const QByteArray header = data.left(1).prepend(char(D::ChangeKey));
    QByteArray newKey = plain.left(16);
    const auto version = quint8(plain[16]);
    if (crc32(header + plain.left(17)) != plain.mid(17, 4))
        return fail(D::IntegrityError);
    if (!sameKey) {
        newKey = xorBytes(newKey, app.keys[keyNo]);
        if (crc32(newKey) != plain.mid(21, 4))
            return fail(D::IntegrityError);
    }
    app.keys[keyNo] = newKey;
    app.keyVersions[keyNo] = version;
    if (sameKey) {
        // The session key was derived from the old key: the session ends, no MAC.
        resetAuthentication();
        return reply(D::OperationOk);
    }
    return macReply({});
}

QByteArray DesfireCard::formatPicc(const QByteArray &data)
{
    if (!data.isEmpty())
        return fail(D::LengthError);
    if (m_selected != 0 || m_authKey != 0)
        return fail(D::AuthenticationError);
    macCommand(D::FormatPicc, {});
    m_apps.clear();
    return macReply({});
}

QByteArray DesfireCard::createStdDataFile(const QByteArray &data)
{
    if (m_selected == 0)
        return fail(D::PermissionDenied); // files live in applications, not at PICC level
    if (data.size() != 7)
        return fail(D::LengthError); // no ISO file identifier in this model
    Application &app = current();
    // Key settings bit 2: files may be created without the application master key.
    if (!(app.keySettings & 0x04) && m_authKey != 0)
        return fail(D::AuthenticationError);
    macCommand(D::CreateStdDataFile, data);
    const auto fileNo = quint8(data[0]);
    const auto mode = quint8(data[1]);
    const quint32 size = D::lengthAt(data, 4);
    if (fileNo > 31 || size == 0
        || (mode != D::CommunicationPlain && mode != D::CommunicationMaced
            && mode != D::CommunicationEnciphered))
        return fail(D::ParameterError);
    if (app.files.contains(fileNo))
        return fail(D::DuplicateError);
    app.files.insert(fileNo,
                     DataFile { mode, D::AccessRights::fromBytes(data[2], data[3]),
                                QByteArray(qsizetype(size), '\0') });
    return macReply({});
}

bool DesfireCard::grants(quint8 a) const
{
    return a == D::FreeAccess || (a != D::NoAccess && m_authKey == a);
}

QByteArray DesfireCard::writeData(const QByteArray &data)
{
    if (data.size() < 7)
        return fail(D::LengthError);
    const auto fileNo = quint8(data[0]);
    const quint32 offset = D::lengthAt(data, 1);
    const quint32 length = D::lengthAt(data, 4);
    if (data.size() != 7 + qsizetype(length) || length > 52)
        return fail(D::LengthError);
    if (m_selected == 0 || !current().files.contains(fileNo))
        return fail(D::FileNotFound);
    DataFile &file = current().files[fileNo];
    const D::AccessRights r = file.rights;
    if (r.write == D::NoAccess && r.readWrite == D::NoAccess)
        return fail(D::PermissionDenied);
    const bool free = r.write == D::FreeAccess || r.readWrite == D::FreeAccess;
    if (!grants(r.write) && !grants(r.readWrite))
        return fail(D::AuthenticationError);
    if (!free && file.mode != D::CommunicationPlain)
        return fail(D::IllegalCommand); // MACed and enciphered file data: not modelled
    if (quint64(offset) + length > quint64(file.data.size()))
        return fail(D::BoundaryError);
    macCommand(D::WriteData, data);
    file.data.replace(qsizetype(offset), qsizetype(length), data.mid(7));
    return macReply({});
}

QByteArray DesfireCard::readData(const QByteArray &data)
{
    if (data.size() != 7)
        return fail(D::LengthError);
    const auto fileNo = quint8(data[0]);
    const quint32 offset = D::lengthAt(data, 1);
    quint32 length = D::lengthAt(data, 4);
    if (m_selected == 0 || !current().files.contains(fileNo))
        return fail(D::FileNotFound);
    const DataFile &file = current().files[fileNo];
    const D::AccessRights r = file.rights;
    if (r.read == D::NoAccess && r.readWrite == D::NoAccess)
        return fail(D::PermissionDenied);
    const bool free = r.read == D::FreeAccess || r.readWrite == D::FreeAccess;
    if (!grants(r.read) && !grants(r.readWrite))
        return fail(D::AuthenticationError);
    if (!free && file.mode != D::CommunicationPlain)
        return fail(D::IllegalCommand); // MACed and enciphered file data: not modelled
    if (length == 0 && offset < quint32(file.data.size()))
        length = quint32(file.data.size()) - offset;
    if (quint64(offset) + length > quint64(file.data.size()))
        return fail(D::BoundaryError);
    if (length > 59)
        return fail(D::LengthError); // would need 0xAF chaining, not modelled
    macCommand(D::ReadData, data);
    return macReply(file.data.mid(qsizetype(offset), qsizetype(length)));
}

} // namespace Aula::Emulators
