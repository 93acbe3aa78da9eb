// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlog.h"

#include "chamberschema.h"
#include "core/canonicaljson.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/store/database.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEventLog, "aula.server.eventlog")

namespace Aula::Server {

namespace {

constexpr qsizetype kHashSize = Crypto::kSha256Size;

Error eventError(const char *code, qint64 seq, const QString &what)
{
    return Error { QString::fromLatin1(code), QStringLiteral("event %1: %2").arg(seq).arg(what),
                   QStringLiteral("events.%1").arg(seq) };
}

Error checkpointError(const char *code, qint64 seq, const QString &what)
{
    return Error { QString::fromLatin1(code),
                   QStringLiteral("checkpoint at event %1: %2").arg(seq).arg(what),
                   QStringLiteral("checkpoints.%1").arg(seq) };
}

// Parses a stored body back into an Event; the error names the event.
Result<Event> parseBody(qint64 seq, const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return eventError("chain_broken", seq,
                          QStringLiteral("its stored body is not a JSON object (%1)")
                              .arg(parseError.errorString()));
    auto event = Event::fromJson(document.object());
    if (!event)
        return eventError("chain_broken", seq,
                          QStringLiteral("its stored body is not a valid event (%1)")
                              .arg(event.error().describe()));
    if (event->seq != seq)
        return eventError("chain_broken", seq,
                          QStringLiteral("its stored body says it is event %1").arg(event->seq));
    return event;
}

} // namespace

QByteArray EventLog::genesisHash()
{
    return QByteArray(kHashSize, '\0');
}

EventLog::EventLog(Store::Database &db)
    : m_db(&db)
    , m_lastHash(genesisHash())
{ }

Result<EventLog> EventLog::open(Store::Database &db)
{
    if (auto schema = ensureChamberSchema(db); !schema)
        return schema.error();
    EventLog log(db);
    if (auto head = log.loadHead(); !head)
        return head.error();
    return log;
}

Result<void> EventLog::loadHead()
{
    auto statement = m_db->prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1;");
    if (!statement)
        return statement.error();
    auto row = statement.value().step();
    if (!row)
        return row.error();
    if (*row) {
        m_lastSeq = statement.value().columnInt64(0);
        m_lastHash = statement.value().columnBlob(1);
    } else {
        m_lastSeq = 0;
        m_lastHash = genesisHash();
    }
    return {};
}

Result<QList<Event>> EventLog::append(const QList<NewEvent> &batch)
{
    return append(batch, {});
}

Result<QList<Event>>
EventLog::append(const QList<NewEvent> &batch,
                 const std::function<Result<void>(Store::Database &)> &alsoWrite)
{
    if (batch.isEmpty() && !alsoWrite)
        return QList<Event>();
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const QString at = QStringLiteral("batch[%1]").arg(i);
        if (batch[i].type.isEmpty())
            return Error { QStringLiteral("invalid_event"), QStringLiteral("must not be empty"),
                           at + QStringLiteral(".type") };
        if (batch[i].timeMs < 0)
            return Error { QStringLiteral("invalid_event"), QStringLiteral("must not be negative"),
                           at + QStringLiteral(".timeMs") };
    }

    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    // Read the head inside the write transaction: it is the truth, whatever this object
    // cached, so a second writer could never fork the chain (it would fail instead).
    if (auto head = loadHead(); !head)
        return head.error();
    auto insert = m_db->prepare("INSERT INTO events (seq, body, hash) VALUES (?1, ?2, ?3);");
    if (!insert)
        return insert.error();

    QList<Event> stored;
    stored.reserve(batch.size());
    qint64 seq = m_lastSeq;
    QByteArray prev = m_lastHash;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        Event event { ++seq, batch[i].type, batch[i].timeMs, batch[i].payload, prev };
        auto body = event.canonicalBytes();
        if (!body) {
            Error e = body.error();
            e.field = QStringLiteral("batch[%1].payload").arg(i)
                + (e.field.isEmpty() ? QString() : QStringLiteral(".") + e.field);
            return e;
        }
        prev = Crypto::sha256(*body);
        insert.value().reset();
        insert.value().bindInt64(1, seq).bindBlob(2, *body).bindBlob(3, prev);
        if (auto r = insert.value().run(); !r)
            return r.error();
        stored.append(std::move(event));
    }
    if (alsoWrite) {
        if (auto r = alsoWrite(*m_db); !r)
            return r.error();
    }
    if (auto r = tx.value().commit(); !r) {
        qCWarning(lcEventLog) << "appending" << batch.size()
                              << "events failed:" << r.error().message;
        return r.error();
    }
    m_lastSeq = seq;
    m_lastHash = prev;
    return stored;
}

Result<void> EventLog::replay(qint64 fromSeq,
                              const std::function<Result<void>(const Event &)> &visit)
{
    fromSeq = qMax<qint64>(fromSeq, 1);
    QByteArray prev = genesisHash();
    if (fromSeq > 1) {
        auto before = m_db->prepare("SELECT hash FROM events WHERE seq = ?1;");
        if (!before)
            return before.error();
        before.value().bindInt64(1, fromSeq - 1);
        auto row = before.value().step();
        if (!row)
            return row.error();
        if (!*row)
            return Error { QStringLiteral("not_found"),
                           QStringLiteral("cannot replay from event %1: the log has only %2 events")
                               .arg(fromSeq)
                               .arg(m_lastSeq) };
        prev = before.value().columnBlob(0);
    }

    auto rows = m_db->prepare("SELECT seq, body, hash FROM events WHERE seq >= ?1 ORDER BY seq;");
    if (!rows)
        return rows.error();
    rows.value().bindInt64(1, fromSeq);
    qint64 expected = fromSeq;
    for (;;) {
        auto row = rows.value().step();
        if (!row)
            return row.error();
        if (!*row)
            return {};
        const qint64 seq = rows.value().columnInt64(0);
        if (seq != expected)
            return eventError("chain_broken", expected, QStringLiteral("it is missing"));
        auto event = parseBody(seq, rows.value().columnBlob(1));
        if (!event)
            return event.error();
        if (event->prevHash != prev)
            return eventError(
                "chain_broken", seq - 1,
                QStringLiteral("its hash does not match the link stored in event %1").arg(seq));
        if (auto r = visit(*event); !r)
            return r;
        prev = rows.value().columnBlob(2);
        ++expected;
    }
}

Result<Event> EventLog::read(qint64 seq)
{
    auto statement = m_db->prepare("SELECT body FROM events WHERE seq = ?1;");
    if (!statement)
        return statement.error();
    statement.value().bindInt64(1, seq);
    auto row = statement.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return Error {
            QStringLiteral("not_found"),
            QStringLiteral("there is no event %1 (the log has %2)").arg(seq).arg(m_lastSeq)
        };
    return parseBody(seq, statement.value().columnBlob(0));
}

QByteArray EventLog::checkpointMessage(qint64 seq, const QByteArray &hash)
{
    const QJsonObject message { { QStringLiteral("context"), QStringLiteral("aula/checkpoint/v1") },
                                { QStringLiteral("hash"), QString::fromLatin1(hash.toHex()) },
                                { QStringLiteral("seq"), seq } };
    // Strings and a seq far below 2^53 always have a canonical form.
    return canonicalJson(message).value();
}

Result<Checkpoint> EventLog::writeCheckpoint(const Crypto::SigningKey &key)
{
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    auto head = m_db->prepare("SELECT seq, body, hash FROM events ORDER BY seq DESC LIMIT 1;");
    if (!head)
        return head.error();
    auto row = head.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return Error { QStringLiteral("empty_log"),
                       QStringLiteral("the event log is empty: there is nothing to sign") };
    Checkpoint checkpoint;
    checkpoint.seq = head.value().columnInt64(0);
    checkpoint.hash = head.value().columnBlob(2);
    // Never sign a head whose bytes were changed under us.
    if (!Crypto::constantTimeEqual(Crypto::sha256(head.value().columnBlob(1)), checkpoint.hash))
        return eventError("chain_broken", checkpoint.seq,
                          QStringLiteral("its stored bytes do not hash to its stored hash; "
                                         "refusing to sign it"));
    checkpoint.signature = key.sign(checkpointMessage(checkpoint.seq, checkpoint.hash));

    auto insert = m_db->prepare(
        "INSERT OR REPLACE INTO checkpoints (seq, hash, signature) VALUES (?1, ?2, ?3);");
    if (!insert)
        return insert.error();
    insert.value()
        .bindInt64(1, checkpoint.seq)
        .bindBlob(2, checkpoint.hash)
        .bindBlob(3, checkpoint.signature);
    if (auto r = insert.value().run(); !r)
        return r.error();
    if (auto r = tx.value().commit(); !r)
        return r.error();
    return checkpoint;
}

Result<std::optional<Checkpoint>> EventLog::lastCheckpoint()
{
    auto statement =
        m_db->prepare("SELECT seq, hash, signature FROM checkpoints ORDER BY seq DESC LIMIT 1;");
    if (!statement)
        return statement.error();
    auto row = statement.value().step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Checkpoint>();
    return std::optional<Checkpoint>(Checkpoint { statement.value().columnInt64(0),
                                                  statement.value().columnBlob(1),
                                                  statement.value().columnBlob(2) });
}

Result<VerifyReport> EventLog::verify(Store::Database &db, const QByteArray &publicKey)
{
    if (publicKey.size() != Crypto::kPublicKeySize)
        return Error {
            QStringLiteral("invalid_public_key"),
            QStringLiteral("an Ed25519 public key is 32 bytes, not %1").arg(publicKey.size())
        };
    // One snapshot for both tables.
    auto snapshot = db.beginRead();
    if (!snapshot)
        return snapshot.error();
    auto events = db.prepare("SELECT seq, body, hash FROM events ORDER BY seq;");
    if (!events)
        return events.error();
    auto checkpoints = db.prepare("SELECT seq, hash, signature FROM checkpoints ORDER BY seq;");
    if (!checkpoints)
        return checkpoints.error();

    Store::Statement &e = events.value();
    Store::Statement &c = checkpoints.value();
    auto cpRow = c.step();
    if (!cpRow)
        return cpRow.error();
    bool haveCheckpoint = *cpRow;

    VerifyReport report;
    report.lastHash = genesisHash();
    for (;;) {
        auto row = e.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const qint64 seq = e.columnInt64(0);
        const qint64 expected = report.events + 1;
        if (seq != expected)
            return eventError("chain_broken", expected,
                              QStringLiteral("it is missing (the log goes from event %1 to %2)")
                                  .arg(expected - 1)
                                  .arg(seq));
        const QByteArray body = e.columnBlob(1);
        const QByteArray storedHash = e.columnBlob(2);
        const QByteArray hash = Crypto::sha256(body);
        if (hash != storedHash)
            return eventError("chain_broken", seq,
                              QStringLiteral("its stored bytes do not hash to its stored hash"));
        auto event = parseBody(seq, body);
        if (!event)
            return event.error();
        if (event->canonicalBytes().value() != body)
            return eventError("chain_broken", seq,
                              QStringLiteral("its stored body is not in canonical form"));
        if (event->prevHash != report.lastHash) {
            if (seq == 1)
                return eventError("chain_broken", 1,
                                  QStringLiteral("it does not link to the genesis hash "
                                                 "(32 zero bytes)"));
            return eventError("chain_broken", seq - 1,
                              QStringLiteral("its stored bytes do not hash to the link in event "
                                             "%1 (one of the two was altered)")
                                  .arg(seq));
        }
        while (haveCheckpoint && c.columnInt64(0) <= seq) {
            const qint64 cpSeq = c.columnInt64(0);
            if (cpSeq < seq)
                return checkpointError("bad_checkpoint", cpSeq,
                                       QStringLiteral("it signs an event that is not in the log"));
            if (c.columnBlob(1) != hash)
                return checkpointError("bad_checkpoint", cpSeq,
                                       QStringLiteral("it signs another hash than the event's"));
            if (!Crypto::verify(publicKey, checkpointMessage(cpSeq, hash), c.columnBlob(2)))
                return checkpointError("bad_checkpoint", cpSeq,
                                       QStringLiteral("its signature does not verify with the "
                                                      "chamber's public key"));
            ++report.checkpoints;
            report.lastCheckpointSeq = cpSeq;
            cpRow = c.step();
            if (!cpRow)
                return cpRow.error();
            haveCheckpoint = *cpRow;
        }
        report.events = seq;
        report.lastHash = hash;
    }
    if (haveCheckpoint)
        return checkpointError("chain_truncated", c.columnInt64(0),
                               QStringLiteral("it signs an event the log no longer has (the log "
                                              "ends at event %1: later events were removed)")
                                   .arg(report.events));
    return report;
}

} // namespace Aula::Server
