// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

/**
 * The framing of MIFARE DESFire EV1 native commands in ISO 7816-4 APDUs ("ISO wrapping"):
 * CLA 0x90, INS = native command, P1 = P2 = 0, Lc + data when there is data, Le = 0; the
 * card answers data ‖ 0x91 ‖ native status. This follows NXP's public descriptions of the
 * wrapped mode (AN12343 and AN12752 chapter "ISO/IEC 7816-4 APDU wrapping"), and the codes
 * below are the native command and status codes those notes list. The data file commands
 * (CreateStdDataFile, WriteData, ReadData) and their layout follow NXP's MF3ICDx21_41_81
 * (MIFARE DESFire EV1) product short data sheet rev. 3.1, §9.5 table 8 and §9.6 table 9, and
 * the native frames of NXP AN11004 "MIFARE DESFire as Type 4 Tag" rev. 2.4, which formats an
 * EV1 with them (dataFileCommand() below).
 *
 * It lives in platform/nfc because both sides speak it: the chamber server (authentication,
 * enrollment) and the tablet (reading the badge secret, platform/nfc/cardsecretreader.h).
 */
namespace Aula::Badges::Desfire {

/** Native command codes used by Aula. */
enum Command : quint8 {
    GetVersion = 0x60,
    SelectApplication = 0x5A,
    AuthenticateAes = 0xAA,
    AdditionalFrame = 0xAF,
    GetCardUid = 0x51,
    CreateApplication = 0xCA,
    ChangeKey = 0xC4,
    GetKeySettings = 0x45,
    FormatPicc = 0xFC,
    CreateStdDataFile = 0xCD,
    WriteData = 0x3D,
    ReadData = 0xBD,
};

/** Native status codes (the byte after 0x91). */
enum Status : quint8 {
    OperationOk = 0x00,
    NoChanges = 0x0C,
    IllegalCommand = 0x1C,
    IntegrityError = 0x1E,
    NoSuchKey = 0x40,
    LengthError = 0x7E,
    PermissionDenied = 0x9D,
    ParameterError = 0x9E,
    ApplicationNotFound = 0xA0,
    AuthenticationError = 0xAE,
    AdditionalFrameExpected = 0xAF,
    BoundaryError = 0xBE,
    CommandAborted = 0xCA,
    DuplicateError = 0xDE,
    FileNotFound = 0xF0,
};

/** Key type bits of CreateApplication's second key settings byte: AES keys. */
inline constexpr quint8 KeyTypeAes = 0x80;

/** File communication settings (CreateStdDataFile): plain, MACed, fully enciphered. */
enum CommunicationMode : quint8 {
    CommunicationPlain = 0x00,
    CommunicationMaced = 0x01,
    CommunicationEnciphered = 0x03,
};

/**
 * A file's access rights: for each of read, write, read&write and changing the rights, the
 * key number that grants it (0x0 to 0xD), FreeAccess (0xE: no authentication; the data
 * then travels in plain whatever the file's communication settings) or NoAccess (0xF).
 */
inline constexpr quint8 FreeAccess = 0x0E;
inline constexpr quint8 NoAccess = 0x0F;
struct AccessRights
{
    quint8 read = NoAccess;
    quint8 write = NoAccess;
    quint8 readWrite = NoAccess;
    quint8 change = NoAccess;

    /** The two bytes on the wire: least significant first, i.e. (RW, Change) then (R, W). */
    [[nodiscard]] QByteArray bytes() const;
    /** Parses bytes(); the nibbles are taken as they come. */
    [[nodiscard]] static AccessRights fromBytes(char low, char high);
};

/** A native command wrapped as an ISO 7816-4 APDU. */
[[nodiscard]] QByteArray wrap(quint8 command, const QByteArray &data = {});

/** A card's answer to a wrapped command, split into data and native status. */
struct Response
{
    QByteArray data;
    quint8 status = 0;
};

/** Splits "data ‖ 91 ‖ status"; anything else (e.g. 6E 00, too short) is an Error. */
[[nodiscard]] Result<Response> unwrap(const QByteArray &apdu);

/** An application id as DESFire sends it: three bytes, least significant first. */
[[nodiscard]] QByteArray aidBytes(quint32 aid);

/** A 3-byte little-endian length or offset, as the data file commands carry them. */
[[nodiscard]] QByteArray lengthBytes(quint32 value);
/** Reads lengthBytes() back from @p data at @p at (which must hold 3 bytes). */
[[nodiscard]] quint32 lengthAt(const QByteArray &data, qsizetype at);

/** CreateStdDataFile's data: file number, communication mode, access rights, size. */
[[nodiscard]] QByteArray createStdDataFileData(quint8 fileNo, quint8 mode,
                                               const AccessRights &rights, quint32 size);
/** ReadData's (and WriteData's header) data: file number, offset, length. */
[[nodiscard]] QByteArray dataFileCommand(quint8 fileNo, quint32 offset, quint32 length);

/** A short English name for a native status, for logs and error messages. */
[[nodiscard]] QString statusName(quint8 status);

} // namespace Aula::Badges::Desfire
