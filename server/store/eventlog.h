// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/event.h"
#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace Aula::Crypto {
class SigningKey;
}
namespace Aula::Store {
class Database;
}

namespace Aula::Server {

/** An event to append: the log assigns its seq and prevHash. */
struct NewEvent
{
    /** Event type, e.g. "ballot.opened"; not empty. */
    QString type;
    /** When the chamber accepted it, in ms since the Unix epoch (UTC); not negative. */
    qint64 timeMs = 0;
    /** Type-specific fields; must have a canonical form (integers, no fractions). */
    QJsonObject payload;
};

/** A signed statement "the chain up to event `seq` has head `hash`". */
struct Checkpoint
{
    qint64 seq = 0;
    /** SHA-256 of event `seq`'s canonical bytes. */
    QByteArray hash;
    /** Ed25519 signature of EventLog::checkpointMessage(seq, hash). */
    QByteArray signature;
};

/** What EventLog::verify() found in a sound log. */
struct VerifyReport
{
    /** Number of events, which is also the last seq (0 for an empty log). */
    qint64 events = 0;
    /** Number of checkpoints whose signature verified. */
    qint64 checkpoints = 0;
    /** Hash of the last event (32 zero bytes for an empty log). */
    QByteArray lastHash;
    /** Seq of the last checkpoint (0 if none): events after it are not covered by a signature. */
    qint64 lastCheckpointSeq = 0;
};

/**
 * The chamber's durable, hash-chained event log (DESIGN.md "The chamber engine is
 * event-sourced"), stored in the `events` table of the chamber database.
 *
 * Each event's canonical bytes (Event::canonicalBytes) are stored exactly as hashed; its
 * prevHash is the SHA-256 of the previous event's bytes (32 zero bytes for event 1).
 * One writer: the engine owns the EventLog and calls it from one thread (not thread-safe;
 * move-only). The Database must outlive the EventLog and stay at the same address.
 * append() re-reads the head inside its write transaction, so a second writer on the
 * same file continues the chain instead of forking it; lastSeq() and lastHash() are this
 * object's view as of its last call.
 */
class EventLog
{
public:
    /** The hash event 1 links to: 32 zero bytes. */
    [[nodiscard]] static QByteArray genesisHash();

    /** Opens the log in `db`, creating or upgrading the chamber schema if needed. */
    static Result<EventLog> open(Store::Database &db);

    EventLog(EventLog &&) noexcept = default;
    EventLog &operator=(EventLog &&) noexcept = default;
    EventLog(const EventLog &) = delete;
    EventLog &operator=(const EventLog &) = delete;

    /**
     * Appends `batch` in one transaction (group commit: one fsync for the whole batch),
     * numbering the events after the last one and chaining them. Returns the stored events
     * only once the commit is durable; on any error nothing of the batch is stored, and
     * the error says why ("invalid_event" with a field such as "batch[3].payload",
     * "disk_full", ...). An empty batch is a no-op.
     */
    Result<QList<Event>> append(const QList<NewEvent> &batch);
    /**
     * As append(), and runs `alsoWrite` inside the same transaction before the commit, so
     * that rows kept outside the chain (a secret ballot's urn) become durable atomically with
     * the events. An Error from `alsoWrite` rolls everything back.
     */
    Result<QList<Event>> append(const QList<NewEvent> &batch,
                                const std::function<Result<void>(Store::Database &)> &alsoWrite);

    /** The seq of the last durable event, 0 when the log is empty. */
    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; }
    /** The hash of the last durable event, genesisHash() when the log is empty. */
    [[nodiscard]] QByteArray lastHash() const { return m_lastHash; }

    /**
     * Calls `visit` with every event from `fromSeq` (1 for all) in seq order, checking
     * continuity and prev links on the way ("chain_broken" naming the event). Stops at the
     * first error `visit` returns and returns it. Do not append from inside `visit`.
     */
    Result<void> replay(qint64 fromSeq, const std::function<Result<void>(const Event &)> &visit);
    /** The event `seq`; "not_found" when there is none. */
    [[nodiscard]] Result<Event> read(qint64 seq);

    /**
     * Signs the current head of the log with `key` and stores the checkpoint (replacing
     * one at the same seq). "empty_log" when there is nothing to sign; "chain_broken"
     * when the last event's bytes no longer match its stored hash.
     */
    Result<Checkpoint> writeCheckpoint(const Crypto::SigningKey &key);
    /** The checkpoint with the highest seq, if any. */
    [[nodiscard]] Result<std::optional<Checkpoint>> lastCheckpoint();

    /**
     * The bytes a checkpoint signs: the canonical JSON
     * {"context":"aula/checkpoint/v1","hash":"<64 lower-case hex>","seq":<seq>}.
     * Documented in docs/security.md so that any client can check a checkpoint.
     */
    [[nodiscard]] static QByteArray checkpointMessage(qint64 seq, const QByteArray &hash);

    /**
     * Checks the whole log in `db` from the stored bytes alone: seq continuity from 1, each
     * stored hash against the SHA-256 of the stored bytes, each body parses
     * (Event::fromJson) and is canonical and carries its own seq, each prev link, and each
     * checkpoint's hash and signature against `publicKey`. Stops at the first problem in
     * seq order: the Error (code "chain_broken", "bad_checkpoint" or "chain_truncated")
     * says "event N: ..." or "checkpoint at event N: ..." and its field is "events.N" or
     * "checkpoints.N".
     */
    static Result<VerifyReport> verify(Store::Database &db, const QByteArray &publicKey);

private:
    explicit EventLog(Store::Database &db);
    Result<void> loadHead();

    Store::Database *m_db;
    qint64 m_lastSeq = 0;
    QByteArray m_lastHash;
};

} // namespace Aula::Server
