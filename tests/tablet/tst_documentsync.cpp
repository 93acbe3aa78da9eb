// SPDX-License-Identifier: GPL-3.0-or-later
// DocumentSync against the real DocumentHttpServer over https:// on loopback.
#include "documentfixture.h"
#include "sync/documents/documentsync.h"
#include "tcpproxy.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Aula;
using namespace Aula::Sync;
using namespace Aula::Test;

namespace {

const QList<qint64> kSizes = { 300000, 800000, 120000, 1500000, 700000, 64, 1000000, 2200000 };

DocumentSyncOptions options(const DocumentFixture &fx, quint16 port = 0)
{
    DocumentSyncOptions o;
    o.baseUrl = fx.url(port);
    o.tls = fx.clientTls();
    o.chunkBytes = 256 * 1024;
    o.retryInitialMs = 50;
    o.retryMaxMs = 400;
    return o;
}

std::optional<Result<void>> runToEnd(DocumentSync &sync, const Manifest &manifest,
                                     int timeoutMs = 60000)
{
    std::optional<Result<void>> out;
    auto c = QObject::connect(&sync, &DocumentSync::finished,
                              [&out](const Result<void> &r) { out = r; });
    sync.start(manifest);
    (void)QTest::qWaitFor([&] { return out.has_value(); }, timeoutMs);
    QObject::disconnect(c);
    return out;
}

bool allStored(DocumentFixture &fx)
{
    for (auto it = fx.m_contents.cbegin(); it != fx.m_contents.cend(); ++it) {
        auto d = fx.m_tablet->document(it.key());
        if (!d || *d != it.value())
            return false;
    }
    return true;
}

} // namespace

class TestDocumentSync : public QObject
{
    Q_OBJECT

private slots:
    void manifestIsParsedStrictly()
    {
        QCOMPARE(Manifest::fromJson("[1]").error().code, QStringLiteral("bad_manifest"));
        const QByteArray bad =
            "{\"v\":1,\"sittings\":[{\"id\":\"s1\",\"items\":[{\"id\":\"i1\","
            "\"documents\":[{\"sha256\":\"ABC\",\"size\":1,\"name\":\"x\"}]}]}]}";
        QCOMPARE(Manifest::fromJson(bad).error().field,
                 QStringLiteral("sittings.0.items.0.documents.0.sha256"));
        const QByteArray negative = "{\"v\":1,\"sittings\":[{\"id\":\"s1\",\"items\":[{\"id\":"
                                    "\"i1\",\"documents\":[{\"sha256\":\""
            + QByteArray(64, 'a') + "\",\"size\":-1,\"name\":\"x\"}]}]}]}";
        QCOMPARE(Manifest::fromJson(negative).error().field,
                 QStringLiteral("sittings.0.items.0.documents.0.size"));
    }

    void syncsEverythingCurrentSittingFirst()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        DocumentSync sync(*fx.m_tablet, options(fx));
        sync.setToken(DocumentFixture::kToken);
        std::optional<Result<Manifest>> manifest;
        sync.fetchManifest([&](const Result<Manifest> &m) { manifest = m; });
        QTRY_VERIFY_WITH_TIMEOUT(manifest.has_value(), 20000);
        QVERIFY(manifest->ok());
        QCOMPARE(manifest->value().documentsInFetchOrder().size(), kSizes.size());
        QCOMPARE(sync.missing(manifest->value()).value().size(), kSizes.size());

        QList<ManifestDocument> order;
        connect(&sync, &DocumentSync::documentStored,
                [&](const ManifestDocument &d) { order.append(d); });
        QSignalSpy progress(&sync, &DocumentSync::progressChanged);
        auto r = runToEnd(sync, manifest->value());
        QVERIFY(r.has_value());
        QVERIFY(r->ok());
        QVERIFY(allStored(fx));
        QCOMPARE(order.size(), kSizes.size());
        // With 4 downloads at a time the current sitting's 4 documents start first, so
        // the first to finish is one of them.
        QCOMPARE(order.first().sitting, QStringLiteral("s2"));
        const SyncProgress &p = sync.progress();
        QCOMPARE(p.filesDone, int(kSizes.size()));
        QCOMPARE(p.filesTotal, int(kSizes.size()));
        QCOMPARE(p.bytesDone, fx.totalBytes());
        QCOMPARE(p.bytesTotal, fx.totalBytes());
        QCOMPARE(p.bytesTransferred, fx.totalBytes());
        QVERIFY(progress.size() > kSizes.size());

        // Nothing is missing afterwards: a second run asks the server for nothing.
        const qsizetype requests = fx.m_requests.size();
        auto again = runToEnd(sync, manifest->value());
        QVERIFY(again && again->ok());
        QCOMPARE(fx.m_requests.size(), requests);
        QCOMPARE(sync.progress().filesTotal, 0);
    }

    void resumesAfterADropWithoutFetchingAgain()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        TcpProxy proxy(fx.m_port);
        DocumentSync sync(*fx.m_tablet, options(fx, proxy.port()));
        sync.setToken(DocumentFixture::kToken);
        QSignalSpy retries(&sync, &DocumentSync::retrying);
        proxy.cutAllAfterServerBytes(fx.totalBytes() / 2);
        auto r = runToEnd(sync, fx.m_manifest);
        QVERIFY(r && r->ok());
        QVERIFY(proxy.cuts() >= 1);
        QVERIFY(retries.size() >= 1);
        QVERIFY(allStored(fx));
        // Only what was in flight when the link dropped is fetched twice.
        const qint64 extra = sync.progress().bytesTransferred - fx.totalBytes();
        QVERIFY2(extra < fx.totalBytes() / 20, qPrintable(QString::number(extra)));
        qInfo("re-downloaded after a cut at 50%%: %lld of %lld bytes", extra, fx.totalBytes());
    }

    void corruptDownloadIsRefusedAndRetried()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        const ManifestDocument victim = fx.m_manifest.sittings[1].items[0].documents[0];
        const QString path = fx.serverPath(victim.sha256);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QByteArray original;
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            original = f.readAll();
            f.seek(original.size() / 2);
            f.write("XXXX");
        }
        DocumentSync sync(*fx.m_tablet, options(fx));
        sync.setToken(DocumentFixture::kToken);
        QList<Error> why;
        connect(&sync, &DocumentSync::retrying, [&](const ManifestDocument &d, const Error &e) {
            if (d.sha256 != victim.sha256)
                return;
            why.append(e);
            // The server's copy is repaired after the first refusal.
            QFile f(path);
            if (f.open(QIODevice::WriteOnly))
                f.write(original);
        });
        auto r = runToEnd(sync, fx.m_manifest);
        QVERIFY(r && r->ok());
        QCOMPARE(why.size(), 1);
        QCOMPARE(why.first().code, QStringLiteral("hash_mismatch"));
        QVERIFY(allStored(fx));

        // A document that stays corrupt is never stored, and the run says so.
        DocumentFixture fx2({ 50000, 60000 });
        QVERIFY(fx2.ok());
        const ManifestDocument bad = fx2.m_manifest.sittings[1].items[0].documents[0];
        const QString badPath = fx2.serverPath(bad.sha256);
        QFile::setPermissions(badPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        {
            QFile f(badPath);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(10);
            f.write("corrupt");
        }
        DocumentSyncOptions o = options(fx2);
        o.maxAttempts = 3;
        DocumentSync sync2(*fx2.m_tablet, o);
        sync2.setToken(DocumentFixture::kToken);
        QSignalSpy failed(&sync2, &DocumentSync::documentFailed);
        auto r2 = runToEnd(sync2, fx2.m_manifest);
        QVERIFY(r2 && !r2->ok());
        QCOMPARE(r2->error().code, QStringLiteral("incomplete"));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(fx2.requestsFor(bad.sha256), 3);
        QVERIFY(!fx2.m_tablet->hasDocument(bad.sha256).value());
        QCOMPARE(fx2.m_tablet->partialSize(bad.sha256).value(), 0);
        QCOMPARE(sync2.progress().filesDone, 1);
    }

    void serverRestartCostsNoFinishedBytes()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        DocumentSyncOptions o = options(fx);
        o.parallel = 2;
        DocumentSync sync(*fx.m_tablet, o);
        sync.setToken(DocumentFixture::kToken);
        QList<QByteArray> beforeRestart;
        bool restarted = false;
        connect(&sync, &DocumentSync::documentStored, [&](const ManifestDocument &d) {
            if (restarted)
                return;
            beforeRestart.append(d.sha256);
            if (beforeRestart.size() == 3) {
                restarted = true;
                fx.m_http->close();
                QTimer::singleShot(300, [&fx] { QVERIFY(fx.restartHttp().ok()); });
            }
        });
        auto r = runToEnd(sync, fx.m_manifest);
        QVERIFY(r && r->ok());
        QVERIFY(restarted);
        QVERIFY(allStored(fx));
        for (const QByteArray &sha : beforeRestart)
            QCOMPARE(fx.requestsFor(sha), 1);
        QVERIFY(sync.progress().bytesTransferred - fx.totalBytes() < fx.totalBytes() / 20);
    }

    void cancelKeepsWhatArrived()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        DocumentSyncOptions o = options(fx);
        o.chunkBytes = 64 * 1024;
        DocumentSync sync(*fx.m_tablet, o);
        sync.setToken(DocumentFixture::kToken);
        const qint64 third = fx.totalBytes() / 3;
        bool armed = true;
        auto once = connect(
            &sync, &DocumentSync::progressChanged, &sync,
            [&sync, &armed, third](const SyncProgress &p) {
                if (armed && sync.isRunning() && p.bytesDone > third)
                    sync.cancel();
            },
            Qt::QueuedConnection);
        auto r = runToEnd(sync, fx.m_manifest);
        disconnect(once);
        armed = false;
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("cancelled"));
        QVERIFY(!sync.isRunning());
        const qint64 firstRun = sync.progress().bytesTransferred;
        QVERIFY(firstRun > 0 && firstRun < fx.totalBytes());
        // Partial downloads live in the encrypted store (the database and its sealed
        // document files): no plaintext of them on disk.
        int partials = 0;
        const QString db = fx.m_tablet->databasePath();
        QByteArray onDisk;
        QStringList files { db, db + QStringLiteral("-wal") };
        const QDir blobs(fx.m_tablet->documentDirectory());
        for (const QString &name : blobs.entryList(QDir::Files))
            files.append(blobs.filePath(name));
        QVERIFY(files.size() > 2);
        for (const QString &path : std::as_const(files)) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                onDisk += f.readAll();
        }
        for (auto it = fx.m_contents.cbegin(); it != fx.m_contents.cend(); ++it) {
            const qint64 have = fx.m_tablet->partialSize(it.key()).value();
            if (have >= 4096) {
                ++partials;
                QVERIFY(!onDisk.contains(it.value().mid(1024, 64)));
            }
        }
        QVERIFY(partials > 0);
        QCOMPARE(
            QDir(fx.m_dir.path() + QStringLiteral("/tablet/m07")).entryList(QDir::Files).size(), 4);
        // The next run fetches the rest, not everything again.
        auto rest = runToEnd(sync, fx.m_manifest);
        QVERIFY(rest && rest->ok());
        QVERIFY(allStored(fx));
        QVERIFY(firstRun + sync.progress().bytesTransferred - fx.totalBytes()
                < fx.totalBytes() / 20);
    }

    void fullDiskStopsAndLeavesTheStoreConsistent()
    {
        DocumentFixture fx(kSizes);
        QVERIFY(fx.ok());
        // Room for roughly 2 MB of documents: the sync runs out of space part-way.
        fx.m_tablet->setDocumentSpaceLimit(fx.m_tablet->documentBytes() + 2 * 1024 * 1024);
        DocumentSync sync(*fx.m_tablet, options(fx));
        sync.setToken(DocumentFixture::kToken);
        auto r = runToEnd(sync, fx.m_manifest);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("disk_full"));
        QVERIFY(!r->error().message.isEmpty());
        // Consistent: the integrity check passes and what was stored reads back intact.
        auto check = fx.m_tablet->database().prepare("PRAGMA integrity_check");
        QVERIFY(check.ok() && check.value().step().value());
        QCOMPARE(check.value().columnText(0), QStringLiteral("ok"));
        check.value().reset();
        auto docs = fx.m_tablet->documents();
        QVERIFY(docs.ok());
        for (const auto &d : docs.value())
            QCOMPARE(fx.m_tablet->document(d.sha256).value(), fx.m_contents.value(d.sha256));
        QVERIFY(docs.value().size() < kSizes.size());
        // Nothing refused was kept: the files hold the stored documents and whole records of
        // the download that ran out of space, within the limit.
        QVERIFY(fx.m_tablet->documentBytes() <= 2 * 1024 * 1024);
        // Space again: the sync completes.
        fx.m_tablet->setDocumentSpaceLimit(std::nullopt);
        auto again = runToEnd(sync, fx.m_manifest);
        QVERIFY(again && again->ok());
        QVERIFY(allStored(fx));
    }

    void refusedSessionStopsAtOnce()
    {
        DocumentFixture fx({ 1000, 2000 });
        QVERIFY(fx.ok());
        DocumentSync sync(*fx.m_tablet, options(fx));
        sync.setToken("not-a-session");
        auto r = runToEnd(sync, fx.m_manifest);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QStringLiteral("unauthorized"));
        std::optional<Result<Manifest>> manifest;
        sync.fetchManifest([&](const Result<Manifest> &m) { manifest = m; });
        QTRY_VERIFY_WITH_TIMEOUT(manifest.has_value(), 20000);
        QCOMPARE(manifest->error().code, QStringLiteral("unauthorized"));
        // And a chamber outside the pinned CA is never trusted.
        QTemporaryDir otherDir;
        auto other = Server::TlsMaterial::generate(otherDir.path());
        QVERIFY(other.ok());
        DocumentSyncOptions o = options(fx);
        o.tls = other.value().clientConfiguration();
        o.maxAttempts = 2;
        DocumentSync untrusted(*fx.m_tablet, o);
        untrusted.setToken(DocumentFixture::kToken);
        auto r2 = runToEnd(untrusted, fx.m_manifest);
        QVERIFY(r2 && !r2->ok());
        QCOMPARE(fx.m_tablet->documents().value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDocumentSync)
#include "tst_documentsync.moc"
