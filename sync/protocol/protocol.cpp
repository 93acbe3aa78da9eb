// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocol.h"

#include "core/canonicaljson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <cmath>
#include <variant>

namespace Aula::Protocol {

namespace {

// The schema of every client message: one table, so the decoder, the documentation and
// the fuzzer all speak of the same thing.
enum class Kind { Id, Text, Int, Bool, Enum, Hex, Digits };

struct Field
{
    const char *name;
    Kind kind;
    bool required;
    int min = 0; // length (Text, Digits), byte count (Hex), value (Int)
    int max = 0;
    const char *choices = nullptr; // Enum: "a|b|c"
};

struct Schema
{
    const char *type;
    std::vector<Field> fields;
};

const Field sittingField { "sitting", Kind::Id, true, 1, 40 };

const std::vector<Schema> &schemas()
{
    static const std::vector<Schema> all = {
        { "hello",
          { { "protocol", Kind::Int, true, 1, 1000 },
            { "device", Kind::Id, false, 1, 40 },
            { "client", Kind::Text, false, 0, 80 } } },
        { "device_auth", { { "signature", Kind::Hex, true, 64, 64 } } },
        { "login",
          { { "badge", Kind::Hex, true, 4, 10 },
            { "pin", Kind::Digits, true, 4, 12 },
            { "technology", Kind::Enum, false, 0, 0, "iso14443a3|iso14443a4" },
            { "atqa", Kind::Hex, false, 2, 2 },
            { "sak", Kind::Int, false, 0, 255 },
            { "resume", Kind::Hex, false, 32, 32 } } },
        // One step of the badge proof (docs/protocol.md, "The badge proof"): the card's
        // answer to the APDU of step `step`, or why the tablet could not get one.
        { "login.card",
          { { "step", Kind::Int, true, 1, kMaxCardSteps },
            { "answer", Kind::Hex, false, 2, kMaxCardFrameBytes },
            { "failure", Kind::Enum, false, 0, 0,
              "badge_removed|reader_lost|no_badge|not_iso_dep|card_error" } } },
        { "logout", {} },
        { "ping", {} },
        { "subscribe", { sittingField } },
        { "sitting.open",
          { sittingField,
            { "call", Kind::Enum, true, 0, 0, "first|second" },
            { "mode", Kind::Enum, false, 0, 0, "in_person|mixed" } } },
        { "sitting.suspend", { sittingField, { "reason", Kind::Text, false, 0, 300 } } },
        { "sitting.resume", { sittingField } },
        { "sitting.close", { sittingField } },
        { "attendance.checkin", { sittingField, { "remote", Kind::Bool, false } } },
        { "attendance.checkout", { sittingField } },
        { "attendance.set",
          { sittingField, { "member", Kind::Id, true, 1, 40 }, { "present", Kind::Bool, true } } },
        { "agenda.goto", { sittingField, { "item", Kind::Id, true, 1, 40 } } },
        { "floor.request",
          { sittingField,
            { "kind", Kind::Enum, true, 0, 0, "first_speech|reply|declaration|point_of_order" } } },
        { "floor.withdraw", { sittingField } },
        { "floor.grant",
          { sittingField,
            { "member", Kind::Id, true, 1, 40 },
            { "kind", Kind::Enum, false, 0, 0,
              "first_speech|reply|declaration|point_of_order" } } },
        { "floor.extend", { sittingField, { "seconds", Kind::Int, true, 10, 3600 } } },
        { "floor.end", { sittingField } },
        { "ballot.open",
          { sittingField,
            { "item", Kind::Id, true, 1, 40 },
            { "kind", Kind::Enum, false, 0, 0, "open|roll_call|secret" },
            { "majority", Kind::Enum, false, 0, 0,
              "item|relative|absolute_voting|absolute_present|immediate_effect|two_thirds_"
              "assigned" },
            { "subject", Kind::Text, false, 0, 300 },
            { "repeat_of", Kind::Id, false, 1, 40 } } },
        { "ballot.vote",
          { sittingField,
            { "ballot", Kind::Id, true, 1, 40 },
            { "choice", Kind::Enum, true, 0, 0, "favour|against|abstain|blank" },
            { "signature", Kind::Hex, true, 64, 64 } } },
        { "ballot.close", { sittingField, { "ballot", Kind::Id, true, 1, 40 } } },
        { "ballot.cancel",
          { sittingField,
            { "ballot", Kind::Id, true, 1, 40 },
            { "reason", Kind::Text, true, 1, 300 } } },
    };
    return all;
}

const Schema *schemaFor(const QString &type)
{
    for (const Schema &s : schemas()) {
        if (type == QLatin1String(s.type))
            return &s;
    }
    return nullptr;
}

Error fieldError(const QString &field, const QString &message)
{
    return Error { QStringLiteral("bad_message"), message, field };
}

bool isControlFree(const QString &s)
{
    for (const QChar c : s) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return false;
    }
    return true;
}

Result<QJsonValue> checkField(const Field &f, const QJsonValue &v)
{
    const QString name = QLatin1String(f.name);
    switch (f.kind) {
    case Kind::Id: {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]{1,40}$"));
        if (!v.isString() || !re.match(v.toString()).hasMatch())
            return fieldError(
                name,
                QStringLiteral("must be an identifier of 1–40 letters, digits, '.', '_' or '-'"));
        return v;
    }
    case Kind::Text: {
        if (!v.isString())
            return fieldError(name, QStringLiteral("must be a string"));
        const QString s = v.toString();
        if (s.size() < f.min || s.size() > f.max)
            return fieldError(
                name, QStringLiteral("must be %1–%2 characters long").arg(f.min).arg(f.max));
        if (!isControlFree(s))
            return fieldError(name, QStringLiteral("must not contain control characters"));
        return v;
    }
    case Kind::Digits: {
        static const QRegularExpression re(QStringLiteral("^[0-9]+$"));
        const QString s = v.toString();
        if (!v.isString() || !re.match(s).hasMatch() || s.size() < f.min || s.size() > f.max)
            return fieldError(name, QStringLiteral("must be %1–%2 digits").arg(f.min).arg(f.max));
        return v;
    }
    case Kind::Int: {
        const double d = v.toDouble();
        if (!v.isDouble() || std::trunc(d) != d || d < f.min || d > f.max)
            return fieldError(
                name, QStringLiteral("must be a whole number from %1 to %2").arg(f.min).arg(f.max));
        return v;
    }
    case Kind::Bool:
        if (!v.isBool())
            return fieldError(name, QStringLiteral("must be true or false"));
        return v;
    case Kind::Enum: {
        const QStringList choices = QString::fromLatin1(f.choices).split(QLatin1Char('|'));
        if (!v.isString() || !choices.contains(v.toString()))
            return fieldError(
                name, QStringLiteral("must be one of %1").arg(choices.join(QStringLiteral(", "))));
        return v;
    }
    case Kind::Hex: {
        static const QRegularExpression re(QStringLiteral("^([0-9a-f]{2})+$"));
        const QString s = v.toString();
        if (!v.isString() || !re.match(s).hasMatch() || s.size() < 2 * f.min
            || s.size() > 2 * f.max)
            return fieldError(name,
                              f.min == f.max
                                  ? QStringLiteral("must be %1 bytes in lower-case hex").arg(f.min)
                                  : QStringLiteral("must be %1–%2 bytes in lower-case hex")
                                        .arg(f.min)
                                        .arg(f.max));
        return v;
    }
    }
    return fieldError(name, QStringLiteral("unknown field kind"));
}

QJsonObject envelope(const QString &type)
{
    return { { QStringLiteral("v"), kVersion }, { QStringLiteral("type"), type } };
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

std::variant<ClientMessage, DecodeError> decodeClientMessage(QByteArrayView frame)
{
    if (frame.size() > kMaxFrameBytes) {
        return DecodeError { Error { QStringLiteral("too_large"),
                                     QStringLiteral("message of %1 bytes; the limit is %2")
                                         .arg(frame.size())
                                         .arg(kMaxFrameBytes) } };
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(frame.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return DecodeError { Error { QStringLiteral("bad_json"),
                                     parseError.error != QJsonParseError::NoError
                                         ? QStringLiteral("not JSON: %1 at byte %2")
                                               .arg(parseError.errorString())
                                               .arg(parseError.offset)
                                         : QStringLiteral("a message must be a JSON object") } };
    }
    const QJsonObject o = doc.object();
    ClientMessage m;
    const QJsonValue id = o.value(QStringLiteral("id"));
    const double idValue = id.toDouble();
    const bool idOk =
        id.isDouble() && std::trunc(idValue) == idValue && idValue >= 1 && idValue <= 2147483647.0;
    if (idOk)
        m.id = qint64(idValue);
    const QJsonValue v = o.value(QStringLiteral("v"));
    if (!v.isDouble())
        return DecodeError { fieldError(QStringLiteral("v"),
                                        QStringLiteral("is required: the protocol version")),
                             m.id };
    if (v.toDouble() != kVersion) {
        return DecodeError {
            Error { QStringLiteral("unsupported_version"),
                    QStringLiteral("protocol version %1 is not supported; this server speaks %2")
                        .arg(v.toDouble())
                        .arg(kVersion),
                    QStringLiteral("v") },
            m.id
        };
    }
    if (!idOk)
        return DecodeError { fieldError(
            QStringLiteral("id"), QStringLiteral("must be a whole number from 1 to 2147483647")) };
    const QJsonValue type = o.value(QStringLiteral("type"));
    if (!type.isString())
        return DecodeError { fieldError(QStringLiteral("type"), QStringLiteral("is required")),
                             m.id };
    const Schema *schema = schemaFor(type.toString());
    if (!schema) {
        return DecodeError { Error { QStringLiteral("unknown_type"),
                                     QStringLiteral("\"%1\" is not a message type of protocol %2")
                                         .arg(type.toString().left(60))
                                         .arg(kVersion),
                                     QStringLiteral("type") },
                             m.id };
    }
    m.type = type.toString();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("v") || key == QLatin1String("id") || key == QLatin1String("type"))
            continue;
        const Field *field = nullptr;
        for (const Field &f : schema->fields) {
            if (key == QLatin1String(f.name))
                field = &f;
        }
        if (!field)
            return DecodeError {
                fieldError(key.left(60), QStringLiteral("is not a field of %1").arg(m.type)), m.id
            };
        auto checked = checkField(*field, it.value());
        if (!checked)
            return DecodeError { checked.error(), m.id };
        m.args.insert(key, *checked);
    }
    for (const Field &f : schema->fields) {
        if (f.required && !m.args.contains(QLatin1String(f.name)))
            return DecodeError { fieldError(QLatin1String(f.name),
                                            QStringLiteral("is required in %1").arg(m.type)),
                                 m.id };
    }
    return m;
}

QStringList clientMessageTypes()
{
    QStringList types;
    for (const Schema &s : schemas())
        types.append(QLatin1String(s.type));
    return types;
}

QByteArray encodeOk(qint64 re, const QJsonObject &fields)
{
    QJsonObject o = fields;
    const QJsonObject env = envelope(QStringLiteral("ok"));
    for (auto it = env.begin(); it != env.end(); ++it)
        o.insert(it.key(), it.value());
    o.insert(QStringLiteral("re"), re);
    return compact(o);
}

QByteArray encodeError(qint64 re, const Error &error, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("v"), kVersion);
    o.insert(QStringLiteral("type"), QStringLiteral("error"));
    o.insert(QStringLiteral("re"), re);
    o.insert(QStringLiteral("code"), error.code);
    o.insert(QStringLiteral("message"), error.message);
    if (!error.field.isEmpty())
        o.insert(QStringLiteral("field"), error.field);
    return compact(o);
}

QByteArray encodePush(const QString &type, const QJsonObject &fields)
{
    QJsonObject o = fields;
    o.insert(QStringLiteral("v"), kVersion);
    o.insert(QStringLiteral("type"), type);
    return compact(o);
}

QByteArray encodeEvents(const QString &sitting, const QJsonArray &events)
{
    return compact(QJsonObject { { QStringLiteral("v"), kVersion },
                                 { QStringLiteral("type"), QStringLiteral("events") },
                                 { QStringLiteral("sitting"), sitting },
                                 { QStringLiteral("events"), events } });
}

QByteArray encodeTally(const Tally &tally)
{
    return compact(QJsonObject { { QStringLiteral("v"), kVersion },
                                 { QStringLiteral("type"), QStringLiteral("tally") },
                                 { QStringLiteral("sitting"), tally.sitting },
                                 { QStringLiteral("ballot"), tally.ballot },
                                 { QStringLiteral("seq"), tally.seq },
                                 { QStringLiteral("votes_received"), tally.votesReceived },
                                 { QStringLiteral("eligible"), tally.eligible } });
}

Result<Tally> decodeTally(const QJsonObject &message)
{
    Tally t;
    t.sitting = message.value(QStringLiteral("sitting")).toString();
    t.ballot = message.value(QStringLiteral("ballot")).toString();
    if (t.sitting.isEmpty())
        return fieldError(QStringLiteral("sitting"), QStringLiteral("is required"));
    if (t.ballot.isEmpty())
        return fieldError(QStringLiteral("ballot"), QStringLiteral("is required"));
    const QJsonValue seq = message.value(QStringLiteral("seq"));
    const QJsonValue received = message.value(QStringLiteral("votes_received"));
    const QJsonValue eligible = message.value(QStringLiteral("eligible"));
    if (!seq.isDouble() || seq.toInteger(-1) < 0)
        return fieldError(QStringLiteral("seq"), QStringLiteral("must be a whole number >= 0"));
    if (!received.isDouble() || received.toInt(-1) < 0)
        return fieldError(QStringLiteral("votes_received"),
                          QStringLiteral("must be a whole number >= 0"));
    if (!eligible.isDouble() || eligible.toInt(-1) < 0)
        return fieldError(QStringLiteral("eligible"),
                          QStringLiteral("must be a whole number >= 0"));
    t.seq = seq.toInteger();
    t.votesReceived = received.toInt();
    t.eligible = eligible.toInt();
    return t;
}

QByteArray encodeRequest(qint64 id, const QString &type, const QJsonObject &args)
{
    QJsonObject o = args;
    o.insert(QStringLiteral("v"), kVersion);
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("type"), type);
    return compact(o);
}

QByteArray deviceAuthMessage(const QString &device, const QByteArray &nonce,
                             const QString &serverId)
{
    return *canonicalJson(
        QJsonObject { { QStringLiteral("device"), device },
                      { QStringLiteral("nonce"), QString::fromLatin1(nonce.toHex()) },
                      { QStringLiteral("server"), serverId },
                      { QStringLiteral("t"), QStringLiteral("aula.device-auth.v1") } });
}

QByteArray voteMessage(const QString &ballot, const QString &choice, const QString &member,
                       const QByteArray &nonce)
{
    return *canonicalJson(
        QJsonObject { { QStringLiteral("ballot"), ballot },
                      { QStringLiteral("choice"), choice },
                      { QStringLiteral("member"), member },
                      { QStringLiteral("nonce"), QString::fromLatin1(nonce.toHex()) },
                      { QStringLiteral("t"), QStringLiteral("aula.vote.v1") } });
}

bool RateLimiter::allow(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_burst, m_tokens + (nowMs - m_lastMs) * m_rate / 1000.0);
    m_lastMs = std::max(m_lastMs, nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

} // namespace Aula::Protocol
