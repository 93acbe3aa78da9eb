// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamberschema.h"

#include "sync/store/database.h"

namespace Aula::Server {

const QList<QByteArray> &chamberSchema()
{
    static const QList<QByteArray> steps = {
        // 1: the event log, its checkpoints and the secrets.
        QByteArrayLiteral("CREATE TABLE events ("
                          "  seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
                          "  body BLOB NOT NULL," // canonical bytes exactly as hashed
                          "  hash BLOB NOT NULL" // SHA-256 of body; the next event's prev
                          ");"
                          // The log only grows. This stops bugs, not attackers (who can drop the
                          // triggers): EventLog::verify() is what detects tampering.
                          "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
                          " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
                          "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
                          " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
                          "CREATE TABLE checkpoints ("
                          "  seq INTEGER PRIMARY KEY REFERENCES events(seq),"
                          "  hash BLOB NOT NULL,"
                          "  signature BLOB NOT NULL"
                          ");"
                          "CREATE TABLE secrets ("
                          "  name TEXT PRIMARY KEY,"
                          "  value BLOB NOT NULL"
                          ");"),
        // 2: the urn of secret ballots. Rows are keyed by random ids WITHOUT ROWID, so
        // neither their order nor a rowid follows the order of the votes; no member column.
        QByteArrayLiteral("CREATE TABLE urn ("
                          "  id BLOB PRIMARY KEY," // 16 random bytes
                          "  ballot TEXT NOT NULL,"
                          "  choice TEXT NOT NULL"
                          ") WITHOUT ROWID;"),
    };
    return steps;
}

Result<void> ensureChamberSchema(Store::Database &db)
{
    auto version = Store::applyMigrations(db, chamberSchema());
    if (!version)
        return version.error();
    return {};
}

} // namespace Aula::Server
