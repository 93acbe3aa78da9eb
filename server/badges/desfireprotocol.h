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
 * below are the native command and status codes those notes list.
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
};

/** Key type bits of CreateApplication's second key settings byte: AES keys. */
inline constexpr quint8 KeyTypeAes = 0x80;

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

/** A short English name for a native status, for logs and error messages. */
[[nodiscard]] QString statusName(quint8 status);

} // namespace Aula::Badges::Desfire
