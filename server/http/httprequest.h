// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace Aula::Server {

/** One HTTP/1.x request head, as received; the server never accepts a request body. */
struct HttpRequest
{
    QByteArray method;
    /** The request target in origin form, query included ("/documents/ab…?x"). */
    QByteArray target;
    /** The target without its query. Not percent-decoded: Aula's paths never need it. */
    QByteArray path;
    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    int minorVersion = 1;
    /** Header fields in order; names as sent, values trimmed. */
    QList<QPair<QByteArray, QByteArray>> headers;

    /** The first value of the field `name` (case-insensitive), or a null QByteArray. */
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    /** How many times the field `name` occurs. */
    [[nodiscard]] int headerCount(QByteArrayView name) const;
};

/**
 * Parses a request head: the request line and header fields, without the blank line
 * that ends them. Strict where laxness has been exploited (request smuggling, header
 * injection): CRLF line ends, no whitespace before a colon, no obsolete line folding,
 * Content-Length and Transfer-Encoding never together, Host present once in HTTP/1.1.
 * Errors: "http_malformed" (answer 400) or "http_version" (answer 505).
 */
Result<HttpRequest> parseRequestHead(QByteArrayView head);

/** The result of reading a Range field against a representation of a known size. */
struct RangeDecision
{
    enum class Kind {
        Full, ///< no usable Range (absent, malformed, several ranges): send everything, 200
        Partial, ///< one satisfiable range: send [first, last], 206
        Unsatisfiable, ///< a valid range that misses the representation: 416
    };
    Kind kind = Kind::Full;
    qint64 first = 0;
    qint64 last = -1; ///< inclusive
};

/**
 * Reads one `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size` (RFC 9110 §14).
 * Several ranges, other units and malformed values are ignored (a full 200), which the
 * RFC allows; that keeps the server single-part.
 */
RangeDecision evaluateRange(QByteArrayView rangeHeader, qint64 size);

/**
 * True when an If-None-Match value ("*" or a list of entity tags) matches `etag` with
 * the weak comparison RFC 9110 §13.1.2 asks for.
 */
bool ifNoneMatchMatches(QByteArrayView ifNoneMatch, QByteArrayView etag);

/** True when an If-Range value is exactly the strong entity tag `etag`. */
bool ifRangeMatches(QByteArrayView ifRange, QByteArrayView etag);

} // namespace Aula::Server
