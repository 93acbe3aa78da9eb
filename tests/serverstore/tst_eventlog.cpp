// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/canonicaljson.h"
#include "server/store/eventlog.h"
#include "server/store/secretstore.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/store/database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;

// Evaluates `expr` once and shows the error on failure.
#define AULA_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const auto &aulaResult = (expr);                                                           \
        QVERIFY2(aulaResult.ok(), aulaResult.ok() ? "" : qPrintable(aulaResult.error().message));  \
    } while (false)

namespace {

const QByteArray kKey(32, 'k');

NewEvent vote(int i)
{
    return NewEvent { QStringLiteral("vote.cast"), 1'700'000'000'000 + i,
                      QJsonObject { { QStringLiteral("ballot"), 7 },
                                    { QStringLiteral("member"), QStringLiteral("m%1").arg(i) },
                                    { QStringLiteral("choice"), QStringLiteral("yes") } } };
}

QList<NewEvent> votes(int from, int count)
{
    QList<NewEvent> batch;
    for (int i = from; i < from + count; ++i)
        batch.append(vote(i));
    return batch;
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;

    Store::Database openDb()
    {
        auto db = Store::Database::open(m_path, kKey);
        if (!db.ok())
            qFatal("open failed: %s", qPrintable(db.error().message));
        return std::move(db).value();
    }

    // What an attacker with the key does first: the append-only triggers only stop bugs.
    static void dropGuards(Store::Database &db)
    {
        QVERIFY(db.exec("DROP TRIGGER events_append_only_update;"
                        "DROP TRIGGER events_append_only_delete;")
                    .ok());
    }

    static void flipByte(Store::Database &db, const char *table, const char *column, qint64 seq,
                         qsizetype offset)
    {
        auto select = db.prepare(
            QByteArray(QByteArray("SELECT ") + column + " FROM " + table + " WHERE seq = ?1"));
        select.value().bindInt64(1, seq);
        QCOMPARE(select.value().step().value(), true);
        QByteArray value = select.value().columnBlob(0);
        QVERIFY(offset < value.size());
        value[offset] = char(value[offset] ^ 0x01);
        auto update = db.prepare(
            QByteArray(QByteArray("UPDATE ") + table + " SET " + column + " = ?1 WHERE seq = ?2"));
        update.value().bindBlob(1, value).bindInt64(2, seq);
        AULA_VERIFY_OK(update.value().run());
        QCOMPARE(db.changes(), 1);
    }

    // 50 events, checkpoints at 20, 42 and 50.
    QByteArray buildSignedLog(const Crypto::SigningKey &key)
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        [&] {
            AULA_VERIFY_OK(log.value().append(votes(1, 20)));
            AULA_VERIFY_OK(log.value().writeCheckpoint(key));
            AULA_VERIFY_OK(log.value().append(votes(21, 22)));
            AULA_VERIFY_OK(log.value().writeCheckpoint(key));
            AULA_VERIFY_OK(log.value().append(votes(43, 8)));
            AULA_VERIFY_OK(log.value().writeCheckpoint(key));
        }();
        return key.publicKey();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("chamber.db"));
    }

    void appendAssignsSeqAndChain()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log);
        QCOMPARE(log->lastSeq(), 0);
        QCOMPARE(log->lastHash(), QByteArray(32, '\0'));

        auto first = log.value().append(votes(1, 3));
        AULA_VERIFY_OK(first);
        auto second = log.value().append(votes(4, 2));
        AULA_VERIFY_OK(second);
        const QList<Event> all = *first + *second;
        QCOMPARE(all.size(), 5);
        QByteArray prev(32, '\0');
        for (qsizetype i = 0; i < all.size(); ++i) {
            QCOMPARE(all[i].seq, i + 1);
            QCOMPARE(all[i].prevHash.toHex(), prev.toHex());
            QCOMPARE(all[i].payload.value(QStringLiteral("member")).toString(),
                     QStringLiteral("m%1").arg(i + 1));
            prev = Crypto::sha256(all[i].canonicalBytes().value());
        }
        QCOMPARE(log->lastSeq(), 5);
        QCOMPARE(log->lastHash().toHex(), prev.toHex());
        QCOMPARE(log.value().append({}).value().size(), 0);
        QCOMPARE(log->lastSeq(), 5);

        QList<Event> replayed;
        AULA_VERIFY_OK(log.value().replay(1, [&](const Event &e) -> Result<void> {
            replayed.append(e);
            return {};
        }));
        QCOMPARE(replayed.size(), 5);
        for (qsizetype i = 0; i < all.size(); ++i)
            QCOMPARE(replayed[i].toJson(), all[i].toJson());

        QList<qint64> tail;
        AULA_VERIFY_OK(log.value().replay(4, [&](const Event &e) -> Result<void> {
            tail.append(e.seq);
            return {};
        }));
        QCOMPARE(tail, (QList<qint64> { 4, 5 }));
        QCOMPARE(log.value().read(3).value().toJson(), all[2].toJson());
        QCOMPARE(log.value().read(6).error().code, QStringLiteral("not_found"));
        QCOMPARE(log.value().replay(9, [](const Event &) { return Result<void>(); }).error().code,
                 QStringLiteral("not_found"));
    }

    void replayStopsAtTheVisitorsError()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log.value().append(votes(1, 5)));
        int seen = 0;
        auto result = log.value().replay(1, [&](const Event &e) -> Result<void> {
            ++seen;
            if (e.seq == 3)
                return Error { QStringLiteral("fold_failed"), QStringLiteral("stop here") };
            return {};
        });
        QCOMPARE(result.error().code, QStringLiteral("fold_failed"));
        QCOMPARE(seen, 3);
    }

    void chainContinuesAcrossReopen()
    {
        QByteArray hashBefore;
        {
            Store::Database db = openDb();
            auto log = EventLog::open(db);
            AULA_VERIFY_OK(log.value().append(votes(1, 4)));
            hashBefore = log->lastHash();
        }
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log);
        QCOMPARE(log->lastSeq(), 4);
        QCOMPARE(log->lastHash(), hashBefore);
        auto more = log.value().append(votes(5, 1));
        AULA_VERIFY_OK(more);
        QCOMPARE(more->first().seq, 5);
        QCOMPARE(more->first().prevHash, hashBefore);
        auto report = EventLog::verify(db, Crypto::SigningKey::generate().publicKey());
        AULA_VERIFY_OK(report);
        QCOMPARE(report->events, 5);
        QCOMPARE(report->lastHash, log->lastHash());
    }

    void aSecondWriterContinuesTheChain()
    {
        Store::Database dbA = openDb();
        Store::Database dbB = openDb();
        auto a = EventLog::open(dbA);
        auto b = EventLog::open(dbB);
        AULA_VERIFY_OK(a.value().append(votes(1, 2)));
        auto fromB = b.value().append(votes(3, 1)); // b's cached head is stale (0)
        AULA_VERIFY_OK(fromB);
        QCOMPARE(fromB->first().seq, 3);
        QCOMPARE(fromB->first().prevHash, a->lastHash());
        AULA_VERIFY_OK(EventLog::verify(dbA, Crypto::SigningKey::generate().publicKey()));
    }

    void batchIsAtomicWhenAnInsertFails()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log.value().append(votes(1, 2)));
        const QByteArray head = log->lastHash();
        // A failure in the middle of the batch: the 2nd of 3 inserts is refused.
        AULA_VERIFY_OK(
            db.exec("CREATE TEMP TRIGGER fail_mid_batch BEFORE INSERT ON main.events"
                    " WHEN NEW.seq = 4 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;"));
        auto failed = log.value().append(votes(3, 3));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, QStringLiteral("constraint"));
        QCOMPARE(log->lastSeq(), 2);
        QCOMPARE(log->lastHash(), head);
        auto count = db.prepare("SELECT count(*), max(seq) FROM events;");
        QCOMPARE(count.value().step().value(), true);
        QCOMPARE(count.value().columnInt64(0), 2); // event 3 was inserted, then rolled back
        QCOMPARE(count.value().columnInt64(1), 2);

        AULA_VERIFY_OK(db.exec("DROP TRIGGER temp.fail_mid_batch;"));
        auto retried = log.value().append(votes(3, 3));
        AULA_VERIFY_OK(retried);
        QCOMPARE(retried->first().seq, 3);
        QCOMPARE(retried->first().prevHash, head);
        AULA_VERIFY_OK(EventLog::verify(db, Crypto::SigningKey::generate().publicKey()));
    }

    void batchIsAtomicWhenTheDiskIsFull()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log.value().append(votes(1, 1)));
        auto pages = db.prepare("PRAGMA page_count;");
        QCOMPARE(pages.value().step().value(), true);
        const qint64 pageCount = pages.value().columnInt64(0);
        // Room for a few more pages only: the batch below needs far more.
        AULA_VERIFY_OK(db.exec(
            QByteArray("PRAGMA max_page_count = ").append(QByteArray::number(pageCount + 3))));
        QList<NewEvent> big = votes(2, 20);
        for (NewEvent &e : big)
            e.payload.insert(QStringLiteral("text"), QString(4000, QLatin1Char('x')));
        auto failed = log.value().append(big);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, QStringLiteral("disk_full"));
        QCOMPARE(log->lastSeq(), 1);

        AULA_VERIFY_OK(db.exec("PRAGMA max_page_count = 1073741823;"));
        auto retried = log.value().append(big);
        AULA_VERIFY_OK(retried);
        QCOMPARE(retried->first().seq, 2);
        QCOMPARE(log->lastSeq(), 21);
        AULA_VERIFY_OK(EventLog::verify(db, Crypto::SigningKey::generate().publicKey()));
    }

    void invalidEventsAreRefusedWhole()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        QList<NewEvent> batch = votes(1, 3);
        batch[1].type.clear();
        auto noType = log.value().append(batch);
        QCOMPARE(noType.error().code, QStringLiteral("invalid_event"));
        QCOMPARE(noType.error().field, QStringLiteral("batch[1].type"));

        batch = votes(1, 3);
        batch[2].payload.insert(QStringLiteral("quorum"), 0.5);
        auto fraction = log.value().append(batch);
        QVERIFY(!fraction.ok());
        QVERIFY(fraction.error().field.startsWith(QStringLiteral("batch[2].payload")));

        batch = votes(1, 1);
        batch[0].timeMs = -1;
        QCOMPARE(log.value().append(batch).error().field, QStringLiteral("batch[0].timeMs"));
        QCOMPARE(log->lastSeq(), 0);
        QCOMPARE(EventLog::verify(db, Crypto::SigningKey::generate().publicKey()).value().events,
                 0);
    }

    void theLogIsAppendOnlyForHonestCode()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log.value().append(votes(1, 2)));
        QCOMPARE(db.exec("DELETE FROM events WHERE seq = 2;").error().code,
                 QStringLiteral("constraint"));
        QCOMPARE(db.exec("UPDATE events SET body = x'00' WHERE seq = 1;").error().code,
                 QStringLiteral("constraint"));
    }

    void checkpointsVerify()
    {
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        auto report = EventLog::verify(db, key.publicKey());
        AULA_VERIFY_OK(report);
        QCOMPARE(report->events, 50);
        QCOMPARE(report->checkpoints, 3);
        QCOMPARE(report->lastCheckpointSeq, 50);

        auto log = EventLog::open(db);
        auto last = log.value().lastCheckpoint();
        AULA_VERIFY_OK(last);
        QVERIFY(last->has_value());
        const Checkpoint &cp = **last;
        QCOMPARE(cp.seq, 50);
        QCOMPARE(cp.hash, log->lastHash());
        AULA_VERIFY_OK(Crypto::verify(key.publicKey(), EventLog::checkpointMessage(cp.seq, cp.hash),
                                      cp.signature));

        auto wrongKey = EventLog::verify(db, Crypto::SigningKey::generate().publicKey());
        QVERIFY(!wrongKey.ok());
        QCOMPARE(wrongKey.error().code, QStringLiteral("bad_checkpoint"));
        QCOMPARE(wrongKey.error().field, QStringLiteral("checkpoints.20"));
        QCOMPARE(EventLog::verify(db, "short").error().code, QStringLiteral("invalid_public_key"));
    }

    void checkpointMessageIsDocumentedBytes()
    {
        const QByteArray hash =
            QByteArray::fromHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        QCOMPARE(EventLog::checkpointMessage(42, hash),
                 QByteArray("{\"context\":\"aula/checkpoint/v1\",\"hash\":"
                            "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
                            "\"seq\":42}"));
    }

    void checkpointOfEmptyLogIsRefused()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        QCOMPARE(log.value().writeCheckpoint(Crypto::SigningKey::generate()).error().code,
                 QStringLiteral("empty_log"));
        QVERIFY(!log.value().lastCheckpoint().value().has_value());
    }

    void tamperedBodyIsNamed_data()
    {
        QTest::addColumn<qint64>("seq");
        QTest::newRow("first") << qint64(1);
        QTest::newRow("middle") << qint64(42);
        QTest::newRow("last") << qint64(50);
    }

    void tamperedBodyIsNamed()
    {
        QFETCH(qint64, seq);
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        dropGuards(db);
        // Change one character of the member id ("m41" -> "m40" style): still valid JSON.
        auto select = db.prepare("SELECT body FROM events WHERE seq = ?1");
        select.value().bindInt64(1, seq);
        QCOMPARE(select.value().step().value(), true);
        const QByteArray body = select.value().columnBlob(0);
        const qsizetype at = body.indexOf("\"member\":\"m") + 11;
        flipByte(db, "events", "body", seq, at);

        auto result = EventLog::verify(db, key.publicKey());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("chain_broken"));
        QCOMPARE(result.error().field, QStringLiteral("events.%1").arg(seq));
        QVERIFY2(result.error().message.startsWith(QStringLiteral("event %1:").arg(seq)),
                 qPrintable(result.error().message));
    }

    void tamperedBodyWithRecomputedHashIsNamed()
    {
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        dropGuards(db);
        // A careful forger also rewrites the stored hash: event 43's link catches it.
        auto read = db.prepare("SELECT body FROM events WHERE seq = 42");
        QCOMPARE(read.value().step().value(), true);
        QByteArray body = read.value().columnBlob(0);
        body.replace("\"choice\":\"yes\"", "\"choice\":\"no!\"");
        auto update = db.prepare("UPDATE events SET body = ?1, hash = ?2 WHERE seq = 42");
        update.value().bindBlob(1, body).bindBlob(2, Crypto::sha256(body));
        AULA_VERIFY_OK(update.value().run());

        auto result = EventLog::verify(db, key.publicKey());
        QVERIFY(!result.ok());
        // The checkpoint at 42 signs the original hash, so it is the first thing to fail.
        QCOMPARE(result.error().field, QStringLiteral("checkpoints.42"));
        AULA_VERIFY_OK(db.exec("DELETE FROM checkpoints;"));
        result = EventLog::verify(db, key.publicKey());
        QCOMPARE(result.error().field, QStringLiteral("events.42"));
        QVERIFY2(result.error().message.contains(QStringLiteral("event 43")),
                 qPrintable(result.error().message));
    }

    void tamperedHashIsNamed()
    {
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        dropGuards(db);
        flipByte(db, "events", "hash", 42, 17);
        auto result = EventLog::verify(db, key.publicKey());
        QCOMPARE(result.error().code, QStringLiteral("chain_broken"));
        QCOMPARE(result.error().field, QStringLiteral("events.42"));
    }

    void tamperedCheckpointSignatureIsNamed()
    {
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        flipByte(db, "checkpoints", "signature", 42, 5);
        auto result = EventLog::verify(db, key.publicKey());
        QCOMPARE(result.error().code, QStringLiteral("bad_checkpoint"));
        QCOMPARE(result.error().field, QStringLiteral("checkpoints.42"));
        QVERIFY(result.error().message.startsWith(QStringLiteral("checkpoint at event 42:")));
    }

    void missingAndTruncatedEventsAreNamed()
    {
        const Crypto::SigningKey key = Crypto::SigningKey::generate();
        buildSignedLog(key);
        Store::Database db = openDb();
        dropGuards(db);
        AULA_VERIFY_OK(db.exec("DELETE FROM events WHERE seq = 30;"));
        auto gap = EventLog::verify(db, key.publicKey());
        QCOMPARE(gap.error().field, QStringLiteral("events.30"));
        QVERIFY(gap.error().message.contains(QStringLiteral("missing")));

        Store::Database db2 = openDb();
        AULA_VERIFY_OK(db2.exec("PRAGMA foreign_keys = OFF; DELETE FROM events WHERE seq >= 25;"));
        auto truncated = EventLog::verify(db2, key.publicKey());
        QCOMPARE(truncated.error().code, QStringLiteral("chain_truncated"));
        QCOMPARE(truncated.error().field, QStringLiteral("checkpoints.42"));
        // Without the checkpoint nothing could tell: truncation after the last published
        // checkpoint is invisible in the file alone (docs/security.md).
        auto log = EventLog::open(db2);
        AULA_VERIFY_OK(log.value().replay(1, [](const Event &) { return Result<void>(); }));
        QCOMPARE(log->lastSeq(), 24);
    }

    void replayNoticesABrokenLink()
    {
        Store::Database db = openDb();
        auto log = EventLog::open(db);
        AULA_VERIFY_OK(log.value().append(votes(1, 10)));
        dropGuards(db);
        flipByte(db, "events", "hash", 6, 0);
        auto result = log.value().replay(1, [](const Event &) { return Result<void>(); });
        QCOMPARE(result.error().code, QStringLiteral("chain_broken"));
        QCOMPARE(result.error().field, QStringLiteral("events.6"));
    }

    void secretsStayOutOfTheLog()
    {
        Store::Database db = openDb();
        auto secrets = SecretStore::open(db);
        AULA_VERIFY_OK(secrets);
        QVERIFY(!secrets.value().get(QStringLiteral("pin/m1")).value().has_value());
        AULA_VERIFY_OK(secrets.value().put(QStringLiteral("pin/m1"), "hash-one"));
        AULA_VERIFY_OK(secrets.value().put(QStringLiteral("pin/m1"), "hash-two"));
        auto got = secrets.value().get(QStringLiteral("pin/m1"));
        AULA_VERIFY_OK(got);
        QCOMPARE(got.value()->toByteArray(), QByteArray("hash-two"));
        QCOMPARE(secrets.value().put(QString(), "x").error().code, QStringLiteral("invalid_name"));
        QCOMPARE(secrets.value().remove(QStringLiteral("pin/m1")).value(), true);
        QCOMPARE(secrets.value().remove(QStringLiteral("pin/m1")).value(), false);
        auto log = EventLog::open(db);
        QCOMPARE(log->lastSeq(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
