// SPDX-License-Identifier: GPL-3.0-or-later
#include "event.h"

#include "canonicaljson.h"

namespace Aula {

namespace {
constexpr qsizetype kHashSize = 32;
}

QJsonObject Event::toJson() const
{
    return QJsonObject { { QStringLiteral("seq"), seq },
                         { QStringLiteral("type"), type },
                         { QStringLiteral("time"), timeMs },
                         { QStringLiteral("payload"), payload },
                         { QStringLiteral("prev"), QString::fromLatin1(prevHash.toHex()) } };
}

Result<QByteArray> Event::canonicalBytes() const
{
    if (prevHash.size() != kHashSize) {
        return Error { QStringLiteral("invalid_event"),
                       QStringLiteral("event %1 has a previous hash of %2 bytes, not 32")
                           .arg(seq)
                           .arg(prevHash.size()) };
    }
    return canonicalJson(toJson());
}

Result<Event> Event::fromJson(const QJsonObject &object)
{
    static const QStringList expected = { QStringLiteral("payload"), QStringLiteral("prev"),
                                          QStringLiteral("seq"), QStringLiteral("time"),
                                          QStringLiteral("type") };
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!expected.contains(it.key())) {
            return Error { QStringLiteral("invalid_event"), QStringLiteral("unknown field"),
                           it.key() };
        }
    }
    const auto integer = [&](const QString &key) -> Result<qint64> {
        const QJsonValue v = object.value(key);
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < 0)
            return Error { QStringLiteral("invalid_event"),
                           QStringLiteral("must be a non-negative integer"), key };
        return v.toInteger();
    };
    Event e;
    auto seq = integer(QStringLiteral("seq"));
    if (!seq)
        return seq.error();
    auto time = integer(QStringLiteral("time"));
    if (!time)
        return time.error();
    e.seq = *seq;
    e.timeMs = *time;
    const QJsonValue type = object.value(QStringLiteral("type"));
    if (!type.isString() || type.toString().isEmpty())
        return Error { QStringLiteral("invalid_event"),
                       QStringLiteral("must be a non-empty string"), QStringLiteral("type") };
    e.type = type.toString();
    const QJsonValue payload = object.value(QStringLiteral("payload"));
    if (!payload.isObject())
        return Error { QStringLiteral("invalid_event"), QStringLiteral("must be an object"),
                       QStringLiteral("payload") };
    e.payload = payload.toObject();
    const QJsonValue prev = object.value(QStringLiteral("prev"));
    const QByteArray prevHex = prev.toString().toLatin1();
    e.prevHash = QByteArray::fromHex(prevHex);
    if (!prev.isString() || prevHex.size() != 2 * kHashSize
        || e.prevHash.toHex() != prevHex.toLower())
        return Error { QStringLiteral("invalid_event"), QStringLiteral("must be 64 hex digits"),
                       QStringLiteral("prev") };
    return e;
}

} // namespace Aula
