// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Store;

// Evaluates `expr` once (it may be a call with effects) and shows the error on failure.
#define AULA_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const auto &aulaResult = (expr);                                                           \
        QVERIFY2(aulaResult.ok(), aulaResult.ok() ? "" : qPrintable(aulaResult.error().message));  \
    } while (false)

namespace {

const QByteArray kPlaintextMarker = "Delibera segreta numero 4711 del consiglio comunale";

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_key = Crypto::randomBytes(32);

    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    Database openOrFail(const QString &path)
    {
        auto db = Database::open(path, m_key);
        if (!db.ok())
            qFatal("open failed: %s", qPrintable(db.error().message));
        return std::move(db).value();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void cipherPageSizeIsAnOption()
    {
        const QString path = file("pages.db");
        OpenOptions big;
        big.cipherPageSize = 8192;
        big.cacheSizeKiB = 4096;
        {
            auto db = Database::open(path, m_key, big);
            AULA_VERIFY_OK(db);
            AULA_VERIFY_OK(db.value().exec("CREATE TABLE t (b BLOB); INSERT INTO t VALUES "
                                           "(zeroblob(100000));"));
            auto size = db.value().prepare("PRAGMA cipher_page_size");
            AULA_VERIFY_OK(size);
            QCOMPARE(size.value().step().value(), true);
            QCOMPARE(size.value().columnInt64(0), 8192);
        }
        {
            // The page size is part of the format: the right one opens it again...
            auto db = Database::open(path, m_key, big);
            AULA_VERIFY_OK(db);
            auto n = db.value().prepare("SELECT length(b) FROM t");
            AULA_VERIFY_OK(n);
            QCOMPARE(n.value().step().value(), true);
            QCOMPARE(n.value().columnInt64(0), 100000);
        }
        // ... the library's default does not.
        auto wrong = Database::open(path, m_key);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("wrong_key"));
        for (int bad : { 100, 3000, 131072, -4096 }) {
            OpenOptions o;
            o.cipherPageSize = bad;
            auto r = Database::open(file("bad-pages.db"), m_key, o);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("invalid_page_size"));
        }
        OpenOptions negative;
        negative.cacheSizeKiB = -1;
        QCOMPARE(Database::open(file("bad-cache.db"), m_key, negative).error().code,
                 QStringLiteral("invalid_cache_size"));
    }

    void roundTripsEveryType()
    {
        Database db = openOrFail(file("types.db"));
        AULA_VERIFY_OK(db.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n BLOB);"));
        auto insert = db.prepare("INSERT INTO t (i, s, b, n) VALUES (?1, :s, ?3, :n);");
        AULA_VERIFY_OK(insert);
        const QByteArray blob("\x00\x01\xff binary", 10);
        insert.value()
            .bindInt64(1, std::numeric_limits<qint64>::min())
            .bindText(":s", u"perché è così")
            .bindBlob(3, blob)
            .bindNull(":n");
        AULA_VERIFY_OK(insert.value().run());
        QCOMPARE(db.changes(), 1);
        QCOMPARE(db.lastInsertRowId(), 1);
        insert.value().reset();
        insert.value().bindInt64(1, 7).bindText(2, u"").bindBlob(3, QByteArray()).bindInt64(4, 0);
        AULA_VERIFY_OK(insert.value().run());

        auto select = db.prepare("SELECT i, s, b, n FROM t ORDER BY rowid");
        AULA_VERIFY_OK(select);
        Statement &s = select.value();
        QCOMPARE(s.columnCount(), 4);
        QCOMPARE(s.step().value(), true);
        QCOMPARE(s.columnInt64(0), std::numeric_limits<qint64>::min());
        QCOMPARE(s.columnText(1), QStringLiteral("perché è così"));
        QCOMPARE(s.columnBlob(2), blob);
        QVERIFY(s.columnIsNull(3));
        QCOMPARE(s.step().value(), true);
        QCOMPARE(s.columnInt64(0), 7);
        QVERIFY(!s.columnIsNull(2)); // an empty blob is not NULL
        QCOMPARE(s.columnBlob(2), QByteArray());
        QCOMPARE(s.step().value(), false);
    }

    void bindErrorsSurfaceAtStep()
    {
        Database db = openOrFail(file("bind.db"));
        AULA_VERIFY_OK(db.exec("CREATE TABLE t (x INTEGER);"));
        auto insert = db.prepare("INSERT INTO t (x) VALUES (:x);");
        AULA_VERIFY_OK(insert);
        insert.value().bindInt64(":nope", 1);
        auto step = insert.value().step();
        QVERIFY(!step.ok());
        QCOMPARE(step.error().code, QStringLiteral("invalid_parameter"));
        insert.value().reset();
        insert.value().bindInt64(5, 1);
        QCOMPARE(insert.value().step().error().code, QStringLiteral("store_error")); // SQLITE_RANGE
    }

    void prepareRefusesBadSql()
    {
        Database db = openOrFail(file("sql.db"));
        QCOMPARE(db.prepare("SELEKT 1").error().code, QStringLiteral("store_error"));
        QCOMPARE(db.prepare("   ").error().code, QStringLiteral("invalid_sql"));
        QCOMPARE(db.prepare("SELECT 1; SELECT 2;").error().code, QStringLiteral("invalid_sql"));
    }

    void transactionRollsBackUnlessCommitted()
    {
        Database db = openOrFail(file("tx.db"));
        AULA_VERIFY_OK(db.exec("CREATE TABLE t (x INTEGER);"));
        {
            auto tx = db.begin();
            AULA_VERIFY_OK(tx);
            AULA_VERIFY_OK(db.exec("INSERT INTO t VALUES (1);"));
            // no commit: the scope ends
        }
        {
            auto tx = db.begin();
            AULA_VERIFY_OK(tx);
            AULA_VERIFY_OK(db.exec("INSERT INTO t VALUES (2);"));
            AULA_VERIFY_OK(tx.value().commit());
            QCOMPARE(tx.value().commit().error().code, QStringLiteral("no_transaction"));
        }
        {
            auto tx = db.begin();
            AULA_VERIFY_OK(db.exec("INSERT INTO t VALUES (3);"));
            AULA_VERIFY_OK(tx.value().rollback());
        }
        auto rows = db.prepare("SELECT group_concat(x) FROM t;");
        QCOMPARE(rows.value().step().value(), true);
        QCOMPARE(rows.value().columnText(0), QStringLiteral("2"));
    }

    void migrationsAreIdempotent()
    {
        const QList<QByteArray> steps = {
            "CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
            "ALTER TABLE members ADD COLUMN grp TEXT; CREATE INDEX members_grp ON members(grp);",
        };
        const QString path = file("migrate.db");
        {
            Database db = openOrFail(path);
            QCOMPARE(db.userVersion().value(), 0);
            QCOMPARE(applyMigrations(db, steps.first(1)).value(), 1);
            AULA_VERIFY_OK(db.exec("INSERT INTO members (name) VALUES ('Rossi');"));
            QCOMPARE(applyMigrations(db, steps).value(), 2);
            QCOMPARE(applyMigrations(db, steps).value(), 2);
        }
        Database db = openOrFail(path);
        QCOMPARE(db.userVersion().value(), 2);
        QCOMPARE(applyMigrations(db, steps).value(), 2);
        auto row = db.prepare("SELECT name, grp FROM members;");
        QCOMPARE(row.value().step().value(), true);
        QCOMPARE(row.value().columnText(0), QStringLiteral("Rossi"));
        QVERIFY(row.value().columnIsNull(1));

        auto tooNew = applyMigrations(db, steps.first(1));
        QCOMPARE(tooNew.error().code, QStringLiteral("schema_too_new"));
    }

    void failedMigrationLeavesPreviousVersion()
    {
        Database db = openOrFail(file("migrate-fail.db"));
        const QList<QByteArray> steps = { "CREATE TABLE a (x);",
                                          "CREATE TABLE b (x); BROKEN SQL;" };
        auto result = applyMigrations(db, steps);
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.startsWith(QStringLiteral("schema step 2")));
        QCOMPARE(db.userVersion().value(), 0);
        // Step 1 ran in the same transaction, so it is gone too.
        QCOMPARE(db.prepare("SELECT * FROM a").error().code, QStringLiteral("store_error"));
    }

    void wrongKeyIsRefused()
    {
        const QString path = file("wrongkey.db");
        {
            Database db = openOrFail(path);
            AULA_VERIFY_OK(db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
        }
        auto wrong = Database::open(path, Crypto::randomBytes(32));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("wrong_key"));
        QCOMPARE(Database::open(path, "short").error().code, QStringLiteral("invalid_key"));
        // A file that is no database at all looks the same as a wrong key.
        QFile junk(file("junk.db"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'j'));
        junk.close();
        QCOMPARE(Database::open(junk.fileName(), m_key).error().code, QStringLiteral("wrong_key"));
        OpenOptions noCreate;
        noCreate.create = false;
        QCOMPARE(Database::open(file("absent.db"), m_key, noCreate).error().code,
                 QStringLiteral("not_found"));
        // And the right key still opens it.
        AULA_VERIFY_OK(Database::open(path, m_key));
    }

    void fileIsEncrypted()
    {
        const QString path = file("secret.db");
        {
            Database db = openOrFail(path);
            AULA_VERIFY_OK(db.exec("CREATE TABLE t (s TEXT);"));
            auto insert = db.prepare("INSERT INTO t VALUES (?);");
            for (int i = 0; i < 50; ++i) {
                insert.value().reset();
                insert.value().bindText(1, QString::fromUtf8(kPlaintextMarker));
                AULA_VERIFY_OK(insert.value().run());
            }
        } // closing checkpoints the WAL into the main file
        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        QVERIFY(bytes.size() >= 4096);
        QVERIFY(!bytes.startsWith("SQLite format 3"));
        QVERIFY(!bytes.contains(kPlaintextMarker));
        QVERIFY(!bytes.contains("CREATE TABLE"));
    }

    void walIsEncryptedToo()
    {
        const QString path = file("wal.db");
        Database db = openOrFail(path);
        AULA_VERIFY_OK(db.exec("CREATE TABLE t (s TEXT);"));
        auto insert = db.prepare("INSERT INTO t VALUES (?);");
        insert.value().bindText(1, QString::fromUtf8(kPlaintextMarker));
        AULA_VERIFY_OK(insert.value().run());
        // While the connection is open the row sits in the WAL file.
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::ReadOnly));
        const QByteArray bytes = wal.readAll();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(kPlaintextMarker));
    }

    void diskFullIsATypedError()
    {
        Database db = openOrFail(file("full.db"));
        AULA_VERIFY_OK(db.exec("CREATE TABLE t (b BLOB);"));
        // A hard page limit makes SQLite hit SQLITE_FULL exactly as a full disk does.
        AULA_VERIFY_OK(db.exec("PRAGMA max_page_count = 8;"));
        auto insert = db.prepare("INSERT INTO t VALUES (?);");
        insert.value().bindBlob(1, QByteArray(64 * 1024, 'x'));
        auto result = insert.value().run();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("disk_full"));
        QVERIFY(result.error().message.contains(QStringLiteral("disk is full")));
        // The connection stays usable afterwards.
        auto count = db.prepare("SELECT count(*) FROM t;");
        QCOMPARE(count.value().step().value(), true);
        QCOMPARE(count.value().columnInt64(0), 0);
    }

    void databaseIsMovable()
    {
        Database a = openOrFail(file("move.db"));
        AULA_VERIFY_OK(a.exec("CREATE TABLE t (x);"));
        auto statement = a.prepare("INSERT INTO t VALUES (42);");
        Database b = std::move(a);
        AULA_VERIFY_OK(statement.value().run());
        auto count = b.prepare("SELECT x FROM t;");
        QCOMPARE(count.value().step().value(), true);
        QCOMPARE(count.value().columnInt64(0), 42);
        QCOMPARE(b.path(), file("move.db"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
