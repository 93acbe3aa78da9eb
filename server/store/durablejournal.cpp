// SPDX-License-Identifier: GPL-3.0-or-later
#include "durablejournal.h"

#include "server/store/datadir.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"
#include "sync/store/statement.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcJournal, "aula.server.journal")

namespace Aula::Server {

namespace {

bool closesSomething(const QString &type)
{
    return type == QLatin1String("ballot.closed") || type == QLatin1String("ballot.cancelled")
        || type == QLatin1String("sitting.closed") || type == QLatin1String("sitting.imported")
        || type == QLatin1String("council.imported");
}

} // namespace

DurableJournal::DurableJournal(DataDir &dataDir, EventLog log)
    : m_dataDir(dataDir)
    , m_log(std::move(log))
{ }

Result<std::unique_ptr<DurableJournal>> DurableJournal::open(DataDir &dataDir)
{
    // Deleted urn rows are overwritten with zeros, not left in free pages.
    if (auto r = dataDir.database().exec("PRAGMA secure_delete = ON;"); !r)
        return r.error();
    auto log = EventLog::open(dataDir.database());
    if (!log)
        return log.error();
    return std::unique_ptr<DurableJournal>(new DurableJournal(dataDir, std::move(log).value()));
}

Result<QList<QByteArray>> DurableJournal::append(QList<Event> &events,
                                                 const QList<UrnEntry> &urnAdds,
                                                 const QStringList &urnClear)
{
    if (!events.isEmpty() && events.first().seq != m_log.lastSeq() + 1) {
        return Error { QStringLiteral("bad_sequence"),
                       QStringLiteral("the engine expected event %1 next, the log is at %2")
                           .arg(events.first().seq)
                           .arg(m_log.lastSeq()) };
    }
    QList<NewEvent> batch;
    batch.reserve(events.size());
    for (const Event &e : std::as_const(events))
        batch.append(NewEvent { e.type, e.timeMs, e.payload });
    auto writeUrn = [&](Store::Database &db) -> Result<void> {
        if (!urnClear.isEmpty()) {
            auto del = db.prepare("DELETE FROM urn WHERE ballot = ?1;");
            if (!del)
                return del.error();
            for (const QString &ballot : urnClear) {
                del.value().reset();
                del.value().bindText(1, ballot);
                if (auto r = del.value().run(); !r)
                    return r.error();
            }
        }
        if (!urnAdds.isEmpty()) {
            auto ins = db.prepare("INSERT INTO urn (id, ballot, choice) VALUES (?1, ?2, ?3);");
            if (!ins)
                return ins.error();
            for (const UrnEntry &u : urnAdds) {
                ins.value().reset();
                ins.value()
                    .bindBlob(1, Crypto::randomBytes(16))
                    .bindText(2, u.ballot)
                    .bindText(3, u.choice);
                if (auto r = ins.value().run(); !r)
                    return r.error();
            }
        }
        return {};
    };
    auto stored = m_log.append(batch, writeUrn);
    if (!stored)
        return stored.error();
    QList<QByteArray> hashes;
    hashes.reserve(stored->size());
    bool checkpoint = false;
    const bool urnClosed = !urnClear.isEmpty();
    for (qsizetype i = 0; i < stored->size(); ++i) {
        const Event &s = stored->at(i);
        events[i].seq = s.seq;
        events[i].prevHash = s.prevHash;
        hashes.append(i + 1 < stored->size() ? stored->at(i + 1).prevHash : m_log.lastHash());
        checkpoint = checkpoint || closesSomething(s.type);
    }
    if (checkpoint) {
        // A signed head after every decisive moment: copies of it kept by the tablets make
        // truncating the log after a ballot detectable.
        if (auto c = m_log.writeCheckpoint(m_dataDir.signingKey()); !c)
            qCWarning(lcJournal) << "could not write a checkpoint:" << c.error().message;
    }
    if (urnClosed) {
        // The WAL keeps every commit of the ballot: the page with a participation event next
        // to the urn page with its choice. Once the urn is emptied, move everything into the
        // main file (where secure_delete zeroed the rows) and truncate the WAL, so that no
        // later copy of the data directory holds that history.
        if (auto r = m_dataDir.database().exec("PRAGMA wal_checkpoint(TRUNCATE);"); !r)
            qCWarning(lcJournal) << "could not truncate the WAL after a secret ballot:"
                                 << r.error().message;
    }
    return hashes;
}

Result<QStringList> DurableJournal::urn(const QString &ballot)
{
    auto q = m_dataDir.database().prepare("SELECT choice FROM urn WHERE ballot = ?1;");
    if (!q)
        return q.error();
    q.value().bindText(1, ballot);
    QStringList choices;
    while (true) {
        auto row = q.value().step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        choices.append(q.value().columnText(0));
    }
    return choices;
}

Result<void>
DurableJournal::replay(const std::function<Result<void>(const Event &, const QByteArray &)> &visit)
{
    // The hash of an event is the next one's prev; the last one's is the log's head.
    std::optional<Event> previous;
    auto r = m_log.replay(1, [&](const Event &e) -> Result<void> {
        if (previous) {
            if (auto v = visit(*previous, e.prevHash); !v)
                return v;
        }
        previous = e;
        return {};
    });
    if (!r)
        return r;
    if (previous)
        return visit(*previous, m_log.lastHash());
    return {};
}

} // namespace Aula::Server
