// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QString>

namespace Aula {

/**
 * An exact fraction in (0, 1], such as the "1/2" of "metà più uno" or the "2/3" of a
 * qualified majority. Thresholds are computed in integers so that "at least two thirds
 * of 25" is 17 on every machine, never 16.999.
 */
class Fraction
{
public:
    constexpr Fraction() = default;
    constexpr Fraction(int numerator, int denominator)
        : m_num(numerator)
        , m_den(denominator)
    { }

    /** Parses "n/d" (or a whole "1"); the result must lie in (0, 1]. */
    static Result<Fraction> parse(const QString &text);

    [[nodiscard]] constexpr int numerator() const { return m_num; }
    [[nodiscard]] constexpr int denominator() const { return m_den; }

    /** The smallest integer n with n >= f × base. */
    [[nodiscard]] int ceilOf(int base) const;
    /** The smallest integer n with n > f × base. */
    [[nodiscard]] int smallestAbove(int base) const;

    /** "2/3". */
    [[nodiscard]] QString toString() const;

    friend constexpr bool operator==(Fraction a, Fraction b)
    {
        return qint64(a.m_num) * b.m_den == qint64(b.m_num) * a.m_den;
    }

private:
    int m_num = 1;
    int m_den = 2;
};

} // namespace Aula
