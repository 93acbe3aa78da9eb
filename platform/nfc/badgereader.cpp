// SPDX-License-Identifier: GPL-3.0-or-later
#include "badgereader.h"

namespace Aula {

QString BadgeInfo::describe() const
{
    return QStringLiteral("UID %1 (%2, ATQA %3, SAK %4)")
        .arg(QString::fromLatin1(uid.toHex()),
             speaksIsoDep() ? QStringLiteral("ISO 14443-4") : QStringLiteral("ISO 14443-3"),
             QString::fromLatin1(atqa.toHex()))
        .arg(sak, 2, 16, QLatin1Char('0'));
}

BadgeReader::BadgeReader(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<Aula::BadgeInfo>();
    qRegisterMetaType<Aula::Error>();
}

BadgeReader::~BadgeReader() = default;

} // namespace Aula
