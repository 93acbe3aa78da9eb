// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Aula {

/**
 * One fact in a chamber's log. The log is a hash chain: each event carries the hash of
 * the one before it, so changing any byte of any event breaks every later link.
 *
 * The hash itself is computed in sync/crypto (libsodium); core only fixes the bytes that
 * are hashed, canonicalBytes(), so that every implementation hashes the same thing.
 */
struct Event
{
    /** Position in the log, from 1, without gaps. */
    qint64 seq = 0;
    /** Event type, e.g. "ballot.opened"; see docs/protocol.md for the catalogue. */
    QString type;
    /** When the chamber accepted it: milliseconds since the Unix epoch, UTC. */
    qint64 timeMs = 0;
    /** Type-specific fields; integers, strings, booleans, arrays and objects only. */
    QJsonObject payload;
    /** The hash of the previous event's canonical bytes (32 zero bytes for the first). */
    QByteArray prevHash;

    /** The canonical JSON of {"payload","prev","seq","time","type"} with prev in hex. */
    [[nodiscard]] Result<QByteArray> canonicalBytes() const;
    /** The event as a JSON object (prev in hex), the form the log stores and sends. */
    [[nodiscard]] QJsonObject toJson() const;
    /** Parses toJson()'s form strictly; every field must be there and of its type. */
    static Result<Event> fromJson(const QJsonObject &object);
};

} // namespace Aula
