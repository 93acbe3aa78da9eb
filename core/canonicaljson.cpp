// SPDX-License-Identifier: GPL-3.0-or-later
#include "canonicaljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace Aula {

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0; // 2^53 - 1

void appendString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

Result<void> append(QByteArray &out, const QJsonValue &value, int depth)
{
    if (depth > 64)
        return Error { QStringLiteral("too_deep"), QStringLiteral("nested deeper than 64 levels") };
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        return {};
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        return {};
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxSafeInteger) {
            return Error { QStringLiteral("not_canonical"),
                           QStringLiteral("%1 is not an integer within ±(2^53 − 1)").arg(d) };
        }
        out += QByteArray::number(static_cast<qint64>(d));
        return {};
    }
    case QJsonValue::String:
        appendString(out, value.toString());
        return {};
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i)
                out += ',';
            if (auto r = append(out, array.at(i), depth + 1); !r)
                return r;
        }
        out += ']';
        return {};
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QStringList keys = object.keys();
        // QString's operator< compares UTF-16 code units, as RFC 8785 asks.
        std::sort(keys.begin(), keys.end());
        out += '{';
        bool first = true;
        for (const QString &key : std::as_const(keys)) {
            if (!first)
                out += ',';
            first = false;
            appendString(out, key);
            out += ':';
            if (auto r = append(out, object.value(key), depth + 1); !r)
                return r;
        }
        out += '}';
        return {};
    }
    }
    return {};
}

} // namespace

Result<QByteArray> canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    if (auto r = append(out, value, 0); !r)
        return r.error();
    return out;
}

} // namespace Aula
