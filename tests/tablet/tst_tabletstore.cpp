// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet's encrypted store: unlock, lease, wipe, documents, partial downloads, and
// proof that nothing readable reaches the disk.
#include "platform/keyvault/filekeyvault.h"
#include "sync/crypto/crypto.h"
#include "sync/tablet/tabletstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace Aula;
using namespace Aula::Tablet;

namespace {

constexpr qint64 kDay = 24LL * 3600 * 1000;
const QString kMember = QStringLiteral("m07");
const QByteArray kBadge = QByteArray::fromHex("04a1b2c3d4e5f6");
// Cheap Argon2id for tests; the cost is a parameter stored with the key.
const KdfCost kCheap { 1, 8u * 1024 * 1024 };
const QByteArray kPhrase = "Variante al piano regolatore della frazione di Rocca Alta";

// A small PDF whose text is not compressed, so the phrase is in its bytes.
QByteArray pdfWithPhrase()
{
    const QByteArray content = "BT /F1 12 Tf 72 720 Td (" + kPhrase + ") Tj ET";
    QByteArray pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                     "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     "/Contents 4 0 R >> endobj\n4 0 obj << /Length "
        + QByteArray::number(content.size()) + " >> stream\n" + content
        + "\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    // Padding that looks like a real act's size, with the phrase repeated inside.
    for (int i = 0; i < 200; ++i)
        pdf += "% " + kPhrase + " " + QByteArray::number(i) + "\n";
    return pdf;
}

DocumentMeta metaFor(const QByteArray &content, const QString &name)
{
    return DocumentMeta { Crypto::sha256(content), content.size(), name,
                          QStringLiteral("application/pdf"), 1 };
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestTabletStore : public QObject
{
    Q_OBJECT

    QByteArray m_device;
    qint64 m_now = QDateTime::currentMSecsSinceEpoch();

    Unlock unlock(const QByteArray &pin = "2468") const { return Unlock { kBadge, pin, m_device }; }

private slots:
    void initTestCase()
    {
        QVERIFY(Crypto::initialize().ok());
        m_device = Crypto::randomBytes(32);
    }

    void keyVaultKeepsASecretOnlyItsOwnerCanRead()
    {
        QTemporaryDir dir;
        const QString vaultDir = dir.path() + QStringLiteral("/vault");
        Platform::FileKeyVault vault(vaultDir);
        QVERIFY(!vault.contains(QStringLiteral("store-m07")));
        auto first = vault.secret(QStringLiteral("store-m07"));
        QVERIFY(first.ok());
        QCOMPARE(first->size(), Platform::KeyVault::kSecretSize);
        QCOMPARE(vault.secret(QStringLiteral("store-m07")).value(), first.value());
        QVERIFY(vault.secret(QStringLiteral("store-m08")).value() != first.value());
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(vaultDir + QStringLiteral("/store-m07.secret")), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(::stat(QFile::encodeName(vaultDir), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        // A secret that others can read is not trusted.
        ::chmod(QFile::encodeName(vaultDir + QStringLiteral("/store-m07.secret")), 0644);
        QCOMPARE(vault.secret(QStringLiteral("store-m07")).error().code,
                 QStringLiteral("keyvault_insecure"));
        QCOMPARE(vault.secret(QStringLiteral("../etc")).error().code,
                 QStringLiteral("invalid_name"));
        QVERIFY(vault.destroy(QStringLiteral("store-m08")).ok());
        QVERIFY(!vault.contains(QStringLiteral("store-m08")));
        QVERIFY(Platform::createKeyVault(vaultDir)->backend().startsWith(QStringLiteral("file:")));
    }

    void opensOnlyWithBadgePinAndDevice()
    {
        QTemporaryDir dir;
        {
            auto store = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(store.ok());
            QVERIFY(store.value().setValue(QStringLiteral("k"), "v").ok());
        }
        QCOMPARE(TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap).error().code,
                 QStringLiteral("store_exists"));
        auto again = TabletStore::open(dir.path(), kMember, unlock(), m_now + 1000);
        QVERIFY(again.ok());
        QCOMPARE(again.value().value(QStringLiteral("k")).value().value(), QByteArray("v"));
        // Wrong PIN offline, wrong badge, another device: all refused the same way.
        QCOMPARE(TabletStore::open(dir.path(), kMember, unlock("1357"), m_now).error().code,
                 QStringLiteral("wrong_credentials"));
        const QByteArray otherBadge = QByteArray::fromHex("04ffffffffffff");
        QCOMPARE(
            TabletStore::open(dir.path(), kMember, Unlock { otherBadge, "2468", m_device }, m_now)
                .error()
                .code,
            QStringLiteral("wrong_credentials"));
        const QByteArray otherDevice = Crypto::randomBytes(32);
        QCOMPARE(
            TabletStore::open(dir.path(), kMember, Unlock { kBadge, "2468", otherDevice }, m_now)
                .error()
                .code,
            QStringLiteral("wrong_credentials"));
        QCOMPARE(TabletStore::open(dir.path(), QStringLiteral("m08"), unlock(), m_now).error().code,
                 QStringLiteral("store_missing"));
        QCOMPARE(
            TabletStore::open(dir.path(), QStringLiteral("../x"), unlock(), m_now).error().code,
            QStringLiteral("invalid_member"));
        // The key file is private.
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(dir.path() + QStringLiteral("/m07/store.key")), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(::stat(QFile::encodeName(dir.path() + QStringLiteral("/m07")), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
    }

    void appSchemasKeepTheirOwnVersions()
    {
        QTemporaryDir dir;
        const QList<QByteArray> notes = { "CREATE TABLE notes_a (x INTEGER);",
                                          "CREATE TABLE notes_b (y TEXT);" };
        const QList<QByteArray> other = { "CREATE TABLE other_a (z BLOB);" };
        {
            auto store = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(store);
            const int before = *store->database().userVersion();
            auto first = store->applySchema(QStringLiteral("notes"), notes.mid(0, 1));
            QVERIFY(first);
            QCOMPARE(*first, 1);
            QCOMPARE(*store->applySchema(QStringLiteral("other"), other), 1);
            // The store's own version is untouched by the app's sets.
            QCOMPARE(*store->database().userVersion(), before);
            QVERIFY(store->database().exec("INSERT INTO notes_a (x) VALUES (7);"));
        }
        auto store = TabletStore::open(dir.path(), kMember, unlock(), m_now + 1000);
        QVERIFY(store);
        // A newer app adds a step: only that one runs, the data stays.
        QCOMPARE(*store->applySchema(QStringLiteral("notes"), notes), 2);
        QCOMPARE(*store->applySchema(QStringLiteral("notes"), notes), 2);
        QVERIFY(store->database().exec("INSERT INTO notes_b (y) VALUES ('ok');"));
        auto count = store->database().prepare("SELECT count(*) FROM notes_a;");
        QVERIFY(count && *count->step());
        QCOMPARE(count->columnInt64(0), 1);
        // An older app refuses a set it does not know in full, naming it.
        auto older = store->applySchema(QStringLiteral("notes"), notes.mid(0, 1));
        QVERIFY(!older);
        QCOMPARE(older.error().code, QStringLiteral("schema_too_new"));
        QVERIFY(older.error().message.contains(QStringLiteral("notes")));
        // A failing step leaves the set where it was.
        auto broken =
            store->applySchema(QStringLiteral("other"), { other.at(0), "CREATE TABLE other_b (;" });
        QVERIFY(!broken);
        QCOMPARE(*store->applySchema(QStringLiteral("other"), other), 1);
        QCOMPARE(store->applySchema(QString(), other).error().code,
                 QStringLiteral("invalid_schema"));
    }

    void leaseExpiresOfflineAndRenewsOnline()
    {
        QTemporaryDir dir;
        {
            auto store = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(store.ok());
            QCOMPARE(store.value().leaseExpiresAt().value(), m_now + 14 * kDay);
        }
        QVERIFY(TabletStore::open(dir.path(), kMember, unlock(), m_now + 13 * kDay).ok());
        QCOMPARE(TabletStore::open(dir.path(), kMember, unlock(), m_now + 14 * kDay).error().code,
                 QStringLiteral("lease_expired"));
        // Setting the clock back does not buy time.
        QCOMPARE(TabletStore::open(dir.path(), kMember, unlock(), m_now + 2 * kDay).error().code,
                 QStringLiteral("clock_rewound"));
        // Wrong credentials are still wrong credentials, expired or not.
        QCOMPARE(
            TabletStore::open(dir.path(), kMember, unlock("0000"), m_now + 20 * kDay).error().code,
            QStringLiteral("wrong_credentials"));
        // Online again (the caller has logged in): the server's lease (here 3 days) restarts.
        {
            auto store = TabletStore::open(dir.path(), kMember, unlock(), m_now + 20 * kDay, 3);
            QVERIFY(store.ok());
            QCOMPARE(store.value().leaseExpiresAt().value(), m_now + 23 * kDay);
        }
        QVERIFY(TabletStore::open(dir.path(), kMember, unlock(), m_now + 22 * kDay).ok());
        QCOMPARE(TabletStore::open(dir.path(), kMember, unlock(), m_now + 23 * kDay).error().code,
                 QStringLiteral("lease_expired"));
    }

    void remoteWipeLeavesNothingToOpen()
    {
        QTemporaryDir dir;
        const QByteArray pdf = pdfWithPhrase();
        {
            auto store = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(store.ok());
            QVERIFY(store.value().putDocument(metaFor(pdf, QStringLiteral("a.pdf")), pdf).ok());
        }
        // A copy of the key file taken before the wipe is useless once the device secret is gone.
        const QByteArray keyCopy = readAll(dir.path() + QStringLiteral("/m07/store.key"));
        QVERIFY(TabletStore::wipe(dir.path(), kMember).ok());
        QVERIFY(!TabletStore::exists(dir.path(), kMember));
        QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/m07/store.db")));
        QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/m07/store.db-wal")));
        QVERIFY(!QDir(dir.path() + QStringLiteral("/m07/blobs")).exists());
        QVERIFY(!QDir(dir.path() + QStringLiteral("/m07")).exists());
        QCOMPARE(TabletStore::open(dir.path(), kMember, unlock(), m_now).error().code,
                 QStringLiteral("store_missing"));
        QVERIFY(!keyCopy.isEmpty());
        QVERIFY(TabletStore::wipe(dir.path(), kMember).ok()); // twice is fine
    }

    void documentsAreVerifiedAndNothingIsPlaintext()
    {
        QTemporaryDir dir;
        const QByteArray pdf = pdfWithPhrase();
        QVERIFY(pdf.contains(kPhrase)); // the test's premise
        auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
        QVERIFY(created.ok());
        TabletStore store = std::move(created.value());
        const DocumentMeta meta = metaFor(pdf, QStringLiteral("variante.pdf"));
        QByteArray tampered = pdf;
        tampered[100] = char(tampered[100] ^ 1);
        QCOMPARE(store.putDocument(meta, tampered).error().code, QStringLiteral("hash_mismatch"));
        QCOMPARE(store.putDocument(meta, pdf.left(10)).error().code,
                 QStringLiteral("size_mismatch"));
        QVERIFY(!store.hasDocument(meta.sha256).value());
        QVERIFY(store.putDocument(meta, pdf).ok());
        QVERIFY(store.hasDocument(meta.sha256).value());
        QCOMPARE(store.document(meta.sha256).value(), pdf);
        QCOMPARE(store.documents().value().size(), 1);

        // A second document arrives in chunks, as a download does.
        QByteArray second = pdfWithPhrase() + QByteArray(300000, 'x');
        const DocumentMeta meta2 = metaFor(second, QStringLiteral("allegato.pdf"));
        QVERIFY(store.appendPartial(meta2.sha256, 0, second.left(100000)).ok());
        QCOMPARE(store.appendPartial(meta2.sha256, 5, second.mid(5, 10)).error().code,
                 QStringLiteral("bad_offset"));
        QCOMPARE(store.partialSize(meta2.sha256).value(), 100000);
        QVERIFY(store.appendPartial(meta2.sha256, 100000, second.mid(100000)).ok());
        QVERIFY(store.completePartial(meta2).ok());
        QCOMPARE(store.partialSize(meta2.sha256).value(), 0);
        QCOMPARE(store.document(meta2.sha256).value(), second);
        // A corrupted download is refused and forgotten.
        const DocumentMeta meta3 = metaFor(QByteArray("right"), QStringLiteral("c.pdf"));
        QVERIFY(store.appendPartial(meta3.sha256, 0, "wrong").ok());
        QCOMPARE(store.completePartial(meta3).error().code, QStringLiteral("hash_mismatch"));
        QCOMPARE(store.partialSize(meta3.sha256).value(), 0);
        QVERIFY(!store.hasDocument(meta3.sha256).value());

        // 4 KiB pages (SQLCipher 3's default is 1 KiB, half the throughput for documents).
        auto pageSize = store.database().prepare("PRAGMA page_size");
        QVERIFY(pageSize.ok() && pageSize.value().step().value());
        QCOMPARE(pageSize.value().columnInt64(0), 4096);
        QVERIFY(!QFile::exists(store.databasePath() + QStringLiteral(".scratch")));

        // While the store is open, the WAL holds the recent pages: neither file is readable.
        const QString db = store.databasePath();
        const QByteArray raw = readAll(db);
        const QByteArray wal = readAll(db + QStringLiteral("-wal"));
        QVERIFY(!raw.startsWith("SQLite format 3"));
        QVERIFY(!raw.contains(kPhrase));
        QVERIFY(!raw.contains("%PDF"));
        QVERIFY(!wal.contains(kPhrase));
        QVERIFY(!wal.contains("%PDF"));
        QVERIFY(!raw.contains("variante.pdf"));
        QVERIFY(!wal.contains("variante.pdf"));
        const QByteArray keyFile = readAll(dir.path() + QStringLiteral("/m07/store.key"));
        QVERIFY(!keyFile.contains("2468"));
        QVERIFY(!keyFile.contains(kBadge.toHex()));
        // The documents are sealed in files of their own, one per document, named by
        // random ids (not their hashes): nothing readable there either.
        QCOMPARE(store.documentDirectory(), dir.path() + QStringLiteral("/m07/blobs"));
        QCOMPARE(QFileInfo(store.documentDirectory()).permissions()
                     & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QStringList files =
            QDir(store.documentDirectory()).entryList(QDir::Files | QDir::Hidden, QDir::Name);
        QCOMPARE(files.size(), 2); // variante.pdf and allegato.pdf; the refused one is gone
        QByteArray sealed;
        for (const QString &name : files) {
            QCOMPARE(name.size(), 32);
            QVERIFY(!meta.sha256.toHex().contains(name.toLatin1()));
            QVERIFY(!meta2.sha256.toHex().contains(name.toLatin1()));
            const QByteArray bytes = readAll(store.documentDirectory() + QLatin1Char('/') + name);
            QVERIFY(bytes.startsWith("AULABLB1"));
            QVERIFY(!bytes.contains(kPhrase));
            QVERIFY(!bytes.contains("%PDF"));
            QVERIFY(!bytes.contains(QByteArray(64, 'x')));
            sealed += bytes;
        }
        QVERIFY(sealed.size() > pdf.size() + second.size()); // the content is in there
        QCOMPARE(store.documentBytes(), sealed.size());
        // No other file appeared beside the store (no plaintext temporary files).
        QCOMPARE(QDir(dir.path() + QStringLiteral("/m07"))
                     .entryList(QDir::Files | QDir::Hidden, QDir::Name),
                 QStringList({ QStringLiteral("store.db"), QStringLiteral("store.db-shm"),
                               QStringLiteral("store.db-wal"), QStringLiteral("store.key") }));
    }

    void aDamagedOrSwappedDocumentFileIsRefusedAndFetchedAgain()
    {
        QTemporaryDir dir;
        auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
        QVERIFY(created.ok());
        TabletStore store = std::move(created.value());
        // Three records: 1 MiB, 1 MiB, 0.5 MiB.
        const QByteArray a = Crypto::randomBytes(2 * 1024 * 1024 + 512 * 1024);
        const QByteArray b = Crypto::randomBytes(a.size());
        const DocumentMeta metaA = metaFor(a, QStringLiteral("a.pdf"));
        const DocumentMeta metaB = metaFor(b, QStringLiteral("b.pdf"));
        const qint64 record = 4 + 1024 * 1024 + Crypto::kSealOverhead;
        const qint64 lastRecord = 4 + 512 * 1024 + Crypto::kSealOverhead;
        const auto write = [](const QString &p, const QByteArray &bytes) {
            QFile f(p);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate)
                && f.write(bytes) == bytes.size();
        };
        // Each case: both documents stored afresh, their files then changed on disk.
        struct Files
        {
            QString a, b;
            QByteArray bytesA, bytesB;
        };
        const auto newFile = [&](const QStringList &before) {
            const QStringList now = QDir(store.documentDirectory()).entryList(QDir::Files);
            QStringList added;
            for (const QString &name : now)
                if (!before.contains(name))
                    added.append(store.documentDirectory() + QLatin1Char('/') + name);
            return added.size() == 1 ? added.first() : QString();
        };
        const auto storeBoth = [&]() -> std::optional<Files> {
            (void)store.removeDocument(metaA.sha256);
            (void)store.removeDocument(metaB.sha256);
            Files f;
            QStringList before = QDir(store.documentDirectory()).entryList(QDir::Files);
            if (!store.putDocument(metaA, a))
                return std::nullopt;
            f.a = newFile(before);
            before = QDir(store.documentDirectory()).entryList(QDir::Files);
            if (!store.putDocument(metaB, b))
                return std::nullopt;
            f.b = newFile(before);
            if (f.a.isEmpty() || f.b.isEmpty())
                return std::nullopt;
            f.bytesA = readAll(f.a);
            f.bytesB = readAll(f.b);
            return f;
        };
        const auto refusedAndForgotten = [&](const DocumentMeta &meta, const char *code) {
            const auto r = store.document(meta.sha256);
            if (r.ok() || r.error().code != QLatin1String(code) || r.error().message.isEmpty())
                return false;
            // Forgotten, so that the next sync fetches it again.
            return !store.hasDocument(meta.sha256).value()
                && store.document(meta.sha256).error().code == QLatin1String("not_found");
        };
        {
            auto f = storeBoth(); // one flipped bit in the middle of a record
            QVERIFY(f);
            QByteArray flipped = f->bytesA;
            flipped[1500000] = char(flipped[1500000] ^ 0x01);
            QVERIFY(write(f->a, flipped));
            QVERIFY(refusedAndForgotten(metaA, "corrupt"));
            QCOMPARE(store.document(metaB.sha256).value(), b); // the other one is untouched
        }
        {
            auto f = storeBoth(); // the two files swapped: each is sealed for its own document
            QVERIFY(f);
            QVERIFY(write(f->a, f->bytesB) && write(f->b, f->bytesA));
            QVERIFY(refusedAndForgotten(metaA, "corrupt"));
            QVERIFY(refusedAndForgotten(metaB, "corrupt"));
        }
        {
            auto f = storeBoth(); // cut short by one whole record, or by one byte
            QVERIFY(f);
            QVERIFY(write(f->a, f->bytesA.left(f->bytesA.size() - lastRecord)));
            QVERIFY(write(f->b, f->bytesB.left(f->bytesB.size() - 1)));
            QVERIFY(refusedAndForgotten(metaA, "corrupt"));
            QVERIFY(refusedAndForgotten(metaB, "corrupt"));
        }
        {
            auto f = storeBoth(); // two records swapped, and a record added at the end
            QVERIFY(f);
            const QByteArray &o = f->bytesA;
            QVERIFY(write(f->a,
                          o.left(8) + o.mid(8 + record, record) + o.mid(8, record)
                              + o.mid(8 + 2 * record)));
            QVERIFY(write(f->b, f->bytesB + f->bytesB.mid(8, record)));
            QVERIFY(refusedAndForgotten(metaA, "corrupt"));
            QVERIFY(refusedAndForgotten(metaB, "corrupt"));
        }
        {
            // An older file of the same document put back under the current file's name
            // (a refused download renamed into place would look the same): each file is
            // sealed under its own id.
            auto f = storeBoth();
            QVERIFY(f);
            const QByteArray older = f->bytesA;
            auto g = storeBoth();
            QVERIFY(g);
            QVERIFY(g->bytesA != older);
            QVERIFY(write(g->a, older));
            QVERIFY(refusedAndForgotten(metaA, "corrupt"));
        }
        {
            auto f = storeBoth(); // removed from the disk
            QVERIFY(f);
            QVERIFY(QFile::remove(f->a));
            QVERIFY(refusedAndForgotten(metaA, "file_missing"));
            QCOMPARE(store.document(metaB.sha256).value(), b);
        }
        // And intact, both read back.
        QVERIFY(storeBoth());
        QCOMPARE(store.document(metaA.sha256).value(), a);
        QCOMPARE(store.document(metaB.sha256).value(), b);
    }

    void aDownloadCutByACrashGoesOnFromItsLastWholeRecord()
    {
        QTemporaryDir dir;
        const QByteArray d = Crypto::randomBytes(3 * 1024 * 1024);
        const DocumentMeta meta = metaFor(d, QStringLiteral("d.pdf"));
        QString file;
        {
            auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(created.ok());
            TabletStore store = std::move(created.value());
            QVERIFY(store.appendPartial(meta.sha256, 0, d.left(1000000)).ok());
            QVERIFY(store.appendPartial(meta.sha256, 1000000, d.mid(1000000, 1000000)).ok());
            const QStringList files = QDir(store.documentDirectory()).entryList(QDir::Files);
            QCOMPARE(files.size(), 1);
            file = store.documentDirectory() + QLatin1Char('/') + files[0];
            // An orphan, as a crash between creating a file and recording it leaves.
            QFile orphan(store.documentDirectory()
                         + QStringLiteral("/0123456789abcdef0123456789abcdef"));
            QVERIFY(orphan.open(QIODevice::WriteOnly));
            orphan.write("AULABLB1");
            QVERIFY(orphan.flush()); // a later flush would make it new again
            QVERIFY(orphan.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                                       QFileDevice::FileModificationTime));
            // A fresh one may be another connection's, between its file and its row: kept.
            QFile fresh(store.documentDirectory()
                        + QStringLiteral("/fedcba9876543210fedcba9876543210"));
            QVERIFY(fresh.open(QIODevice::WriteOnly));
        }
        // The process died half-way through writing the second record.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 400000));
        f.close();
        auto reopened = TabletStore::open(dir.path(), kMember, unlock(), m_now + 1000);
        QVERIFY(reopened.ok());
        TabletStore store = std::move(reopened.value());
        // The old orphan is gone; the download's file and the fresh one stay.
        QCOMPARE(QDir(store.documentDirectory()).entryList(QDir::Files).size(), 2);
        QVERIFY(!QFile::exists(store.documentDirectory()
                               + QStringLiteral("/0123456789abcdef0123456789abcdef")));
        QVERIFY(QFile::exists(store.documentDirectory()
                              + QStringLiteral("/fedcba9876543210fedcba9876543210")));
        QCOMPARE(store.partialSize(meta.sha256).value(), 1000000);
        QCOMPARE(store.appendPartial(meta.sha256, 2000000, d.mid(2000000)).error().code,
                 QStringLiteral("bad_offset"));
        QVERIFY(store.appendPartial(meta.sha256, 1000000, d.mid(1000000)).ok());
        QVERIFY(store.completePartial(meta).ok());
        QCOMPARE(store.document(meta.sha256).value(), d);
        // The torn record was cut off: the file is the header, the first record, then the
        // rest in records of at most 1 MiB (2 145 728 bytes: 1 MiB, 1 MiB and 48 576).
        const qint64 overhead = 4 + Crypto::kSealOverhead;
        QCOMPARE(QFileInfo(file).size(),
                 8 + (1000000 + overhead) + (d.size() - 1000000) + 3 * overhead);
    }

    void documentFilesStayWithinTheirSpaceLimit()
    {
        QTemporaryDir dir;
        auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
        QVERIFY(created.ok());
        TabletStore store = std::move(created.value());
        auto writer = store.openConnection();
        QVERIFY(writer.ok());
        store.setDocumentSpaceLimit(1500000); // shared by every connection of the store
        const QByteArray d = Crypto::randomBytes(2000000);
        const DocumentMeta meta = metaFor(d, QStringLiteral("d.pdf"));
        QVERIFY(writer.value().appendPartial(meta.sha256, 0, d.left(1000000)).ok());
        const qint64 used = store.documentBytes();
        auto full = writer.value().appendPartial(meta.sha256, 1000000, d.mid(1000000));
        QCOMPARE(full.error().code, QStringLiteral("disk_full"));
        QVERIFY(!full.error().message.isEmpty());
        QCOMPARE(store.documentBytes(), used); // nothing of the refused bytes was kept
        QCOMPARE(store.partialSize(meta.sha256).value(), 1000000);
        QCOMPARE(store.putDocument(meta, d).error().code, QStringLiteral("disk_full"));
        QCOMPARE(QDir(store.documentDirectory()).entryList(QDir::Files).size(), 1);
        store.setDocumentSpaceLimit(std::nullopt);
        QVERIFY(writer.value().appendPartial(meta.sha256, 1000000, d.mid(1000000)).ok());
        QVERIFY(writer.value().completePartial(meta).ok());
        QCOMPARE(store.document(meta.sha256).value(), d);
        // Removing a document removes its file and gives its space back.
        QVERIFY(store.removeDocument(meta.sha256).ok());
        QCOMPARE(QDir(store.documentDirectory()).entryList(QDir::Files).size(), 0);
        QCOMPARE(store.documentBytes(), 0);
    }

    void documentsOfAnOlderStoreStayReadable()
    {
        // Before the document files, documents were chunks inside the database.
        QTemporaryDir dir;
        const QByteArray d = Crypto::randomBytes(300000);
        const DocumentMeta meta = metaFor(d, QStringLiteral("old.pdf"));
        {
            auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(created.ok());
            Store::Database &db = created.value().database();
            auto chunk = db.prepare(
                "INSERT INTO chunks (sha256, offset, length, data) VALUES (?1, ?2, ?3, ?4)");
            QVERIFY(chunk.ok());
            for (qint64 off = 0; off < d.size(); off += 100000) {
                chunk.value().reset();
                QVERIFY(chunk.value()
                            .bindBlob(1, meta.sha256)
                            .bindInt64(2, off)
                            .bindInt64(3, 100000)
                            .bindBlob(4, d.mid(off, 100000))
                            .run()
                            .ok());
            }
            chunk = Error {};
            auto doc = db.prepare("INSERT INTO documents (sha256, size, name, media_type, version, "
                                  "stored_at) VALUES (?1, ?2, 'old.pdf', 'application/pdf', 1, 0)");
            QVERIFY(doc.ok());
            QVERIFY(doc.value().bindBlob(1, meta.sha256).bindInt64(2, d.size()).run().ok());
        }
        auto reopened = TabletStore::open(dir.path(), kMember, unlock(), m_now + 1000);
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.value().document(meta.sha256).value(), d);
        QVERIFY(reopened.value().removeDocument(meta.sha256).ok());
        QCOMPARE(reopened.value().document(meta.sha256).error().code, QStringLiteral("not_found"));
    }

    void downloadsAreHashedAsTheyArriveOnAnyConnection()
    {
        QTemporaryDir dir;
        const QByteArray d = Crypto::randomBytes(400000);
        const DocumentMeta metaD = metaFor(d, QStringLiteral("d.pdf"));
        {
            auto created = TabletStore::create(dir.path(), kMember, unlock(), m_now, 14, kCheap);
            QVERIFY(created.ok());
            TabletStore store = std::move(created.value());
            auto other = store.openConnection();
            QVERIFY2(other.ok(), other.ok() ? "" : qPrintable(other.error().message));
            TabletStore &writer = other.value();
            auto pageSize = writer.database().prepare("PRAGMA page_size");
            QVERIFY(pageSize.ok() && pageSize.value().step().value());
            QCOMPARE(pageSize.value().columnInt64(0), TabletStore::kCipherPageSize);

            // A download written through the other connection is seen by this one once done.
            const QByteArray a = Crypto::randomBytes(700000);
            const DocumentMeta metaA = metaFor(a, QStringLiteral("a.pdf"));
            for (qsizetype off = 0; off < a.size(); off += 65536)
                QVERIFY(writer.appendPartial(metaA.sha256, off, a.mid(off, 65536)).ok());
            QCOMPARE(store.partialSize(metaA.sha256).value(), a.size());
            QVERIFY(writer.completePartial(metaA).ok());
            QCOMPARE(store.document(metaA.sha256).value(), a);

            // Begun on one connection, resumed on another: the prefix is hashed from the store.
            const QByteArray b = Crypto::randomBytes(300000);
            const DocumentMeta metaB = metaFor(b, QStringLiteral("b.pdf"));
            QVERIFY(store.appendPartial(metaB.sha256, 0, b.left(123457)).ok());
            QVERIFY(writer.appendPartial(metaB.sha256, 123457, b.mid(123457)).ok());
            QVERIFY(writer.completePartial(metaB).ok());
            QCOMPARE(store.document(metaB.sha256).value(), b);

            // One flipped bit in a middle chunk is caught by the running hash.
            QByteArray c = Crypto::randomBytes(200000);
            const DocumentMeta metaC = metaFor(c, QStringLiteral("c.pdf"));
            c[150000] = char(c[150000] ^ 0x10);
            for (qsizetype off = 0; off < c.size(); off += 50000)
                QVERIFY(writer.appendPartial(metaC.sha256, off, c.mid(off, 50000)).ok());
            QCOMPARE(writer.completePartial(metaC).error().code, QStringLiteral("hash_mismatch"));
            QCOMPARE(store.partialSize(metaC.sha256).value(), 0);
            QVERIFY(!store.hasDocument(metaC.sha256).value());

            // Resumed after the store was closed and opened again (a restart mid-download).
            QVERIFY(writer.appendPartial(metaD.sha256, 0, d.left(250000)).ok());
        }
        auto reopened = TabletStore::open(dir.path(), kMember, unlock(), m_now + 1000);
        QVERIFY(reopened.ok());
        TabletStore again = std::move(reopened.value());
        QCOMPARE(again.partialSize(metaD.sha256).value(), 250000);
        QVERIFY(again.appendPartial(metaD.sha256, 250000, d.mid(250000)).ok());
        QVERIFY(again.completePartial(metaD).ok());
        QCOMPARE(again.document(metaD.sha256).value(), d);
    }
};

QTEST_GUILESS_MAIN(TestTabletStore)
#include "tst_tabletstore.moc"
