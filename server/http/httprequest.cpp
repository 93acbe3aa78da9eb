// SPDX-License-Identifier: GPL-3.0-or-later
#include "httprequest.h"

#include <limits>

namespace Aula::Server {

namespace {

Error malformed(const QString &why)
{
    return { QStringLiteral("http_malformed"), why };
}

bool isTchar(char c)
{
    // RFC 9110 §5.6.2 token characters.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

bool isDigits(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

/** Non-negative decimal that fits in qint64, or -1. */
qint64 parseDecimal(QByteArrayView s)
{
    if (!isDigits(s) || s.size() > 18)
        return -1;
    qint64 value = 0;
    for (const char c : s)
        value = value * 10 + (c - '0');
    return value;
}

bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

/** Splits a comma-separated field value into trimmed, non-empty elements. */
QList<QByteArrayView> splitList(QByteArrayView value)
{
    QList<QByteArrayView> items;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i == value.size() || value.at(i) == ',') {
            const QByteArrayView item = trimmed(value.sliced(start, i - start));
            if (!item.isEmpty())
                items << item;
            start = i + 1;
        }
    }
    return items;
}

/** The opaque tag of an entity tag with any W/ prefix removed, or empty when malformed. */
QByteArrayView opaqueTag(QByteArrayView etag)
{
    if (etag.startsWith("W/"))
        etag = etag.sliced(2);
    if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"')
        return {};
    return etag;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (equalsIgnoringCase(field.first, name))
            return field.second;
    }
    return {};
}

int HttpRequest::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &field : headers)
        count += equalsIgnoringCase(field.first, name) ? 1 : 0;
    return count;
}

Result<HttpRequest> parseRequestHead(QByteArrayView head)
{
    HttpRequest request;
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);

    // method SP request-target SP HTTP-version, single spaces.
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return malformed(QStringLiteral("the request line is not \"METHOD target HTTP/1.1\""));
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return malformed(QStringLiteral("the method is not a token"));
    if (target.isEmpty() || target.front() != '/')
        return malformed(QStringLiteral("only origin-form targets (\"/path\") are accepted"));
    for (const char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return malformed(QStringLiteral("the request target holds a control or non-ASCII "
                                            "character"));
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.'
        || !isDigits(version.sliced(5, 1)) || !isDigits(version.sliced(7, 1)))
        return malformed(QStringLiteral("the HTTP version is malformed"));
    if (version.at(5) != '1')
        return Error { QStringLiteral("http_version"),
                       QStringLiteral("only HTTP/1.0 and HTTP/1.1 are spoken here") };
    request.method = method.toByteArray();
    request.target = target.toByteArray();
    const qsizetype query = target.indexOf('?');
    request.path = (query < 0 ? target : target.first(query)).toByteArray();
    request.minorVersion = version.at(7) == '0' ? 0 : 1;

    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 2;
        lineEnd = head.indexOf("\r\n", start);
        const QByteArrayView line =
            lineEnd < 0 ? head.sliced(start) : head.sliced(start, lineEnd - start);
        if (line.isEmpty())
            return malformed(QStringLiteral("an empty line inside the header"));
        if (line.front() == ' ' || line.front() == '\t')
            return malformed(QStringLiteral("obsolete header line folding"));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return malformed(QStringLiteral("a header line without a name and a colon"));
        const QByteArrayView name = line.first(colon);
        if (!isToken(name))
            return malformed(QStringLiteral("a header name is not a token"));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        for (const char c : value) {
            if (!isFieldValueChar(c))
                return malformed(QStringLiteral("a header value holds a control character"));
        }
        request.headers.append({ name.toByteArray(), value.toByteArray() });
    }

    if (request.headerCount("Content-Length") > 1)
        return malformed(QStringLiteral("Content-Length appears more than once"));
    if (request.headerCount("Content-Length") == 1 && request.headerCount("Transfer-Encoding") > 0)
        return malformed(QStringLiteral("Content-Length and Transfer-Encoding together"));
    if (request.headerCount("Content-Length") == 1
        && parseDecimal(request.header("Content-Length")) < 0)
        return malformed(QStringLiteral("Content-Length is not a number"));
    if (request.minorVersion == 1 && request.headerCount("Host") != 1)
        return malformed(QStringLiteral("an HTTP/1.1 request needs exactly one Host field"));
    return request;
}

RangeDecision evaluateRange(QByteArrayView rangeHeader, qint64 size)
{
    const RangeDecision full;
    const QByteArrayView value = trimmed(rangeHeader);
    const qsizetype equals = value.indexOf('=');
    if (equals < 0 || !equalsIgnoringCase(trimmed(value.first(equals)), "bytes"))
        return full;
    const QByteArrayView spec = trimmed(value.sliced(equals + 1));
    if (spec.contains(','))
        return full; // several ranges: allowed to answer with the whole document
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return full;
    const QByteArrayView firstText = spec.first(dash);
    const QByteArrayView lastText = spec.sliced(dash + 1);

    RangeDecision decision;
    if (firstText.isEmpty()) {
        // bytes=-n: the last n bytes.
        const qint64 suffix = parseDecimal(lastText);
        if (suffix < 0)
            return full;
        if (suffix == 0 || size == 0)
            return { RangeDecision::Kind::Unsatisfiable };
        decision.first = size - std::min(suffix, size);
        decision.last = size - 1;
    } else {
        const qint64 first = parseDecimal(firstText);
        if (first < 0)
            return full;
        qint64 last = std::numeric_limits<qint64>::max();
        if (!lastText.isEmpty()) {
            last = parseDecimal(lastText);
            if (last < 0 || last < first)
                return full;
        }
        if (first >= size)
            return { RangeDecision::Kind::Unsatisfiable };
        decision.first = first;
        decision.last = std::min(last, size - 1);
    }
    decision.kind = RangeDecision::Kind::Partial;
    return decision;
}

bool ifNoneMatchMatches(QByteArrayView ifNoneMatch, QByteArrayView etag)
{
    const QByteArrayView ours = opaqueTag(etag);
    for (const QByteArrayView item : splitList(ifNoneMatch)) {
        if (item == "*")
            return true;
        const QByteArrayView theirs = opaqueTag(item);
        if (!theirs.isEmpty() && theirs == ours)
            return true;
    }
    return false;
}

bool ifRangeMatches(QByteArrayView ifRange, QByteArrayView etag)
{
    // Strong comparison; a date (we send no Last-Modified) or a weak tag never matches.
    const QByteArrayView value = trimmed(ifRange);
    return !value.startsWith("W/") && value == etag;
}

} // namespace Aula::Server
