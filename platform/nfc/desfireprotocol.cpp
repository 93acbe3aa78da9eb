// SPDX-License-Identifier: GPL-3.0-or-later
#include "desfireprotocol.h"

namespace Aula::Badges::Desfire {

QByteArray wrap(quint8 command, const QByteArray &data)
{
    QByteArray apdu;
    apdu.append(char(0x90));
    apdu.append(char(command));
    apdu.append(2, '\0');
    if (!data.isEmpty()) {
        Q_ASSERT(data.size() <= 255);
        apdu.append(char(data.size()));
        apdu.append(data);
    }
    apdu.append('\0');
    return apdu;
}

Result<Response> unwrap(const QByteArray &apdu)
{
    if (apdu.size() < 2) {
        return Error {
            QStringLiteral("protocol_error"),
            QStringLiteral("the card answered %1 bytes, fewer than a status word").arg(apdu.size())
        };
    }
    const auto sw1 = quint8(apdu[apdu.size() - 2]);
    const auto sw2 = quint8(apdu[apdu.size() - 1]);
    if (sw1 != 0x91) {
        return Error { QStringLiteral("not_desfire"),
                       QStringLiteral("the card answered status %1 %2, not a DESFire status "
                                      "(91 xx): it does not speak DESFire native commands")
                           .arg(sw1, 2, 16, QLatin1Char('0'))
                           .arg(sw2, 2, 16, QLatin1Char('0')) };
    }
    return Response { apdu.left(apdu.size() - 2), sw2 };
}

QByteArray aidBytes(quint32 aid)
{
    QByteArray out(3, '\0');
    out[0] = char(aid & 0xFF);
    out[1] = char((aid >> 8) & 0xFF);
    out[2] = char((aid >> 16) & 0xFF);
    return out;
}

QByteArray AccessRights::bytes() const
{
    QByteArray out(2, '\0');
    out[0] = char(((readWrite & 0x0F) << 4) | (change & 0x0F));
    out[1] = char(((read & 0x0F) << 4) | (write & 0x0F));
    return out;
}

AccessRights AccessRights::fromBytes(char low, char high)
{
    AccessRights r;
    r.readWrite = quint8(low) >> 4;
    r.change = quint8(low) & 0x0F;
    r.read = quint8(high) >> 4;
    r.write = quint8(high) & 0x0F;
    return r;
}

QByteArray lengthBytes(quint32 value)
{
    QByteArray out(3, '\0');
    out[0] = char(value & 0xFF);
    out[1] = char((value >> 8) & 0xFF);
    out[2] = char((value >> 16) & 0xFF);
    return out;
}

quint32 lengthAt(const QByteArray &data, qsizetype at)
{
    Q_ASSERT(at + 3 <= data.size());
    return quint8(data[at]) | quint32(quint8(data[at + 1])) << 8
        | quint32(quint8(data[at + 2])) << 16;
}

QByteArray createStdDataFileData(quint8 fileNo, quint8 mode, const AccessRights &rights,
                                 quint32 size)
{
    return QByteArray(1, char(fileNo)) + char(mode) + rights.bytes() + lengthBytes(size);
}

QByteArray dataFileCommand(quint8 fileNo, quint32 offset, quint32 length)
{
    return QByteArray(1, char(fileNo)) + lengthBytes(offset) + lengthBytes(length);
}

QString statusName(quint8 status)
{
    switch (status) {
    case OperationOk:
        return QStringLiteral("OPERATION_OK");
    case NoChanges:
        return QStringLiteral("NO_CHANGES");
    case IllegalCommand:
        return QStringLiteral("ILLEGAL_COMMAND_CODE");
    case IntegrityError:
        return QStringLiteral("INTEGRITY_ERROR");
    case NoSuchKey:
        return QStringLiteral("NO_SUCH_KEY");
    case LengthError:
        return QStringLiteral("LENGTH_ERROR");
    case PermissionDenied:
        return QStringLiteral("PERMISSION_DENIED");
    case ParameterError:
        return QStringLiteral("PARAMETER_ERROR");
    case ApplicationNotFound:
        return QStringLiteral("APPLICATION_NOT_FOUND");
    case AuthenticationError:
        return QStringLiteral("AUTHENTICATION_ERROR");
    case AdditionalFrameExpected:
        return QStringLiteral("ADDITIONAL_FRAME");
    case BoundaryError:
        return QStringLiteral("BOUNDARY_ERROR");
    case CommandAborted:
        return QStringLiteral("COMMAND_ABORTED");
    case DuplicateError:
        return QStringLiteral("DUPLICATE_ERROR");
    case FileNotFound:
        return QStringLiteral("FILE_NOT_FOUND");
    }
    return QStringLiteral("status 0x%1").arg(status, 2, 16, QLatin1Char('0'));
}

} // namespace Aula::Badges::Desfire
