// SPDX-License-Identifier: GPL-3.0-or-later
#include "fraction.h"

namespace Aula {

Result<Fraction> Fraction::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype slash = trimmed.indexOf(QLatin1Char('/'));
    bool okNum = false;
    bool okDen = true;
    int num = 0;
    int den = 1;
    if (slash < 0) {
        num = trimmed.toInt(&okNum);
    } else {
        num = trimmed.left(slash).toInt(&okNum);
        den = trimmed.mid(slash + 1).toInt(&okDen);
    }
    if (!okNum || !okDen) {
        return Error {
            QStringLiteral("invalid_fraction"),
            QStringLiteral("\"%1\" is not a fraction; write it as \"n/d\", e.g. \"2/3\"").arg(text)
        };
    }
    if (num <= 0 || den <= 0 || num > den || den > 1000) {
        return Error { QStringLiteral("invalid_fraction"),
                       QStringLiteral("\"%1\" must be a fraction greater than 0 and at most 1, "
                                      "with a denominator of at most 1000")
                           .arg(text) };
    }
    return Fraction(num, den);
}

int Fraction::ceilOf(int base) const
{
    const qint64 product = qint64(m_num) * base;
    return int((product + m_den - 1) / m_den);
}

int Fraction::smallestAbove(int base) const
{
    const qint64 product = qint64(m_num) * base;
    return int(product / m_den + 1);
}

QString Fraction::toString() const
{
    return QStringLiteral("%1/%2").arg(m_num).arg(m_den);
}

} // namespace Aula
