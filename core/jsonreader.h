// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <cmath>
#include <optional>

namespace Aula::Json {

/** An Error with code "invalid_field" for the dotted path `path`. */
inline Error invalid(const QString &path, const QString &message)
{
    return Error { QStringLiteral("invalid_field"), message, path };
}

inline QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

/** A JSON object seen through its path, refusing fields it does not know. */
class Reader
{
public:
    Reader(QJsonObject object, QString path)
        : m_object(std::move(object))
        , m_path(std::move(path))
    { }

    static Result<Reader> open(const QJsonValue &value, const QString &path)
    {
        if (!value.isObject())
            return invalid(path, QStringLiteral("must be a JSON object"));
        return Reader(value.toObject(), path);
    }

    Result<void> allowOnly(std::initializer_list<const char *> keys) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            bool known = false;
            for (const char *k : keys)
                known = known || it.key() == QLatin1String(k);
            if (!known)
                return invalid(join(m_path, it.key()), QStringLiteral("unknown field"));
        }
        return {};
    }

    [[nodiscard]] bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }
    [[nodiscard]] QJsonValue value(const char *key) const
    {
        return m_object.value(QLatin1String(key));
    }
    [[nodiscard]] QString path(const char *key) const { return join(m_path, QLatin1String(key)); }

    Result<QString> string(const char *key, std::optional<QString> fallback,
                           int maxLength = 200) const
    {
        if (!has(key)) {
            if (fallback)
                return *fallback;
            return invalid(path(key), QStringLiteral("is required"));
        }
        const QJsonValue v = value(key);
        if (!v.isString())
            return invalid(path(key), QStringLiteral("must be a string"));
        if (v.toString().size() > maxLength)
            return invalid(path(key),
                           QStringLiteral("is longer than %1 characters").arg(maxLength));
        return v.toString();
    }

    Result<QJsonArray> array(const char *key, bool required) const
    {
        if (!has(key)) {
            if (!required)
                return QJsonArray();
            return invalid(path(key), QStringLiteral("is required"));
        }
        if (!value(key).isArray())
            return invalid(path(key), QStringLiteral("must be an array"));
        return value(key).toArray();
    }

    Result<int> count(const char *key, std::optional<int> fallback) const
    {
        if (!has(key)) {
            if (fallback)
                return *fallback;
            return invalid(path(key), QStringLiteral("is required"));
        }
        const QJsonValue v = value(key);
        const double d = v.toDouble();
        if (!v.isDouble() || std::trunc(d) != d || std::fabs(d) > 1e6)
            return invalid(path(key), QStringLiteral("must be a whole number"));
        if (d < 0)
            return invalid(path(key), QStringLiteral("must not be negative (got %1)").arg(d));
        return int(d);
    }

    Result<bool> boolean(const char *key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        if (!value(key).isBool())
            return invalid(path(key), QStringLiteral("must be true or false"));
        return value(key).toBool();
    }

    Result<QString> choice(const char *key, const QStringList &choices,
                           const QString &fallback) const
    {
        if (!has(key)) {
            if (!fallback.isEmpty())
                return fallback;
            return invalid(
                path(key),
                QStringLiteral("is required (one of %1)").arg(choices.join(QStringLiteral(", "))));
        }
        const QJsonValue v = value(key);
        if (!v.isString() || !choices.contains(v.toString())) {
            return invalid(
                path(key),
                QStringLiteral("must be one of %1").arg(choices.join(QStringLiteral(", "))));
        }
        return v.toString();
    }

    Result<Fraction> fraction(const char *key) const
    {
        if (!has(key))
            return invalid(path(key), QStringLiteral("is required, e.g. \"2/3\""));
        if (!value(key).isString())
            return invalid(path(key), QStringLiteral("must be a string such as \"2/3\""));
        auto f = Fraction::parse(value(key).toString());
        if (!f)
            return invalid(path(key), f.error().message);
        return f;
    }

private:
    QJsonObject m_object;
    QString m_path;
};

/** Declares `var` from a Result-returning `expr`, returning its Error from the caller on failure.
 */
#define AULA_TRY(var, expr)                                                                        \
    auto var = (expr);                                                                             \
    if (!var)                                                                                      \
        return var.error();

} // namespace Aula::Json
