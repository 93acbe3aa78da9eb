// SPDX-License-Identifier: GPL-3.0-or-later
// Document sync throughput: N MB of sitting documents over loopback https:// into the
// encrypted tablet store (DocumentSync), against curl downloading the same files to disk
// in the same run, and the bytes fetched again after a cut at 50%. Prints figures; does
// not pass or fail (docs/benchmarks.md, "Tablet sync").
//
//   sync_throughput [--mb 200] [--files 40] [--parallel 4] [--rounds 2] [--chunk-kib 4096]
#include "server/documents/documentstore.h"
#include "server/http/documenthttpserver.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/documents/documentsync.h"
#include "sync/tablet/tabletstore.h"
#include "tests/tablet/tcpproxy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

using namespace Aula;

namespace {

const QByteArray kToken = "bench-token";

struct Fetch
{
    double seconds = 0;
    qint64 transferred = 0;
    bool ok = false;
    QString error;
};

Fetch runSync(const QString &storeRoot, const Sync::Manifest &manifest,
              Sync::DocumentSyncOptions options, Test::TcpProxy *cutter, qint64 cutAt)
{
    Fetch out;
    auto store = Tablet::TabletStore::create(
        storeRoot, QStringLiteral("m07"), Tablet::Unlock { "badge", "2468", QByteArray(32, 'd') },
        QDateTime::currentMSecsSinceEpoch());
    if (!store) {
        out.error = store.error().message;
        return out;
    }
    Sync::DocumentSync sync(store.value(), options);
    sync.setToken(kToken);
    QEventLoop loop;
    Result<void> result = Error { QStringLiteral("not_run"), QString() };
    QObject::connect(&sync, &Sync::DocumentSync::finished, &loop, [&](const Result<void> &r) {
        result = r;
        loop.quit();
    });
    if (cutter)
        cutter->cutAllAfterServerBytes(cutAt);
    QElapsedTimer t;
    t.start();
    sync.start(manifest);
    if (sync.isRunning())
        loop.exec();
    out.seconds = t.nsecsElapsed() / 1e9;
    out.transferred = sync.progress().bytesTransferred;
    out.ok = result.ok();
    if (!result)
        out.error = result.error().message;
    return out;
}

Fetch runCurl(const QString &outDir, const QString &caPath, quint16 port,
              const Sync::Manifest &manifest, int parallel)
{
    Fetch out;
    QDir().mkpath(outDir);
    QStringList args { QStringLiteral("-sS"),
                       QStringLiteral("--fail"),
                       QStringLiteral("--cacert"),
                       caPath,
                       QStringLiteral("-H"),
                       QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(kToken),
                       QStringLiteral("--parallel"),
                       QStringLiteral("--parallel-max"),
                       QString::number(parallel) };
    for (const auto &d : manifest.documentsInFetchOrder()) {
        const QString hex = QString::fromLatin1(d.sha256.toHex());
        args << QStringLiteral("-o") << outDir + QLatin1Char('/') + hex
             << QStringLiteral("https://127.0.0.1:%1/documents/%2").arg(port).arg(hex);
        out.transferred += d.size;
    }
    QProcess curl;
    QEventLoop loop;
    QObject::connect(&curl, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&curl, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QElapsedTimer t;
    t.start();
    curl.start(QStringLiteral("curl"), args);
    loop.exec();
    out.seconds = t.nsecsElapsed() / 1e9;
    out.ok = curl.exitStatus() == QProcess::NormalExit && curl.exitCode() == 0;
    if (!out.ok)
        out.error = QString::fromLocal8Bit(curl.readAllStandardError());
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("mb"), QStringLiteral("Megabytes of documents."),
                       QStringLiteral("n"), QStringLiteral("200") });
    parser.addOption({ QStringLiteral("files"), QStringLiteral("Number of documents."),
                       QStringLiteral("n"), QStringLiteral("40") });
    parser.addOption({ QStringLiteral("parallel"), QStringLiteral("Downloads at once."),
                       QStringLiteral("n"), QStringLiteral("4") });
    parser.addOption({ QStringLiteral("rounds"), QStringLiteral("Rounds of curl + sync."),
                       QStringLiteral("n"), QStringLiteral("2") });
    parser.addOption(
        { QStringLiteral("chunk-kib"),
          QStringLiteral("DocumentSyncOptions::chunkBytes in KiB (default: its default)."),
          QStringLiteral("n"), QStringLiteral("0") });
    parser.process(app);
    const qint64 totalBytes = parser.value(QStringLiteral("mb")).toLongLong() * 1024 * 1024;
    const int files = parser.value(QStringLiteral("files")).toInt();
    const int parallel = parser.value(QStringLiteral("parallel")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    const qint64 chunk = parser.value(QStringLiteral("chunk-kib")).toLongLong() > 0
        ? parser.value(QStringLiteral("chunk-kib")).toLongLong() * 1024
        : Sync::DocumentSyncOptions().chunkBytes;
    Crypto::ensureInitialized();

    QTemporaryDir dir;
    Server::DocumentStore docs(dir.path() + QStringLiteral("/docs"));
    if (!docs.initialize())
        return 1;
    Sync::Manifest manifest;
    manifest.currentSitting = QStringLiteral("s1");
    Sync::ManifestSitting sitting {
        QStringLiteral("s1"), QStringLiteral("bench"), QStringLiteral("2026-11-26"), {}
    };
    QRandomGenerator rng(7);
    for (int i = 0; i < files; ++i) {
        // Sizes vary around the mean like real acts do (0.5x … 1.5x).
        const qint64 mean = totalBytes / files;
        qint64 size = mean / 2 + qint64(rng.bounded(double(mean)));
        QByteArray content(size, Qt::Uninitialized);
        rng.fillRange(reinterpret_cast<quint32 *>(content.data()), size / 4);
        const QString src = dir.path() + QStringLiteral("/src");
        QFile f(src);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != size)
            return 1;
        f.close();
        auto stored = docs.importFile(src);
        if (!stored)
            return 1;
        Sync::ManifestDocument d;
        d.sha256 = QByteArray::fromHex(stored->sha256.toLatin1());
        d.size = stored->size;
        d.name = QStringLiteral("act-%1.pdf").arg(i);
        sitting.items.append({ QStringLiteral("i%1").arg(i), d.name, { d } });
    }
    manifest.sittings = { sitting };
    qint64 total = 0;
    for (const auto &d : manifest.documentsInFetchOrder())
        total += d.size;

    auto tls = Server::TlsMaterial::generate(dir.path() + QStringLiteral("/tls"));
    if (!tls)
        return 1;
    // The server has a thread of its own, as it has a process of its own in production:
    // otherwise it would share the client's event loop and halve what the client can do.
    QThread serverThread;
    serverThread.start();
    auto *http = new Server::DocumentHttpServer(&docs);
    http->setTokenValidator([](QByteArrayView t) { return t == kToken; });
    http->moveToThread(&serverThread);
    quint16 port = 0;
    QMetaObject::invokeMethod(
        http,
        [&] {
            if (http->listen(tls->serverConfiguration(), QHostAddress::LocalHost))
                port = http->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (!port)
        return 1;

    {
        // The store alone, on this thread: the same bytes appended in chunks (hashed as they
        // are written), then verified.
        auto store = Tablet::TabletStore::create(
            dir.path() + QStringLiteral("/store-only"), QStringLiteral("m07"),
            Tablet::Unlock { "b", "1", QByteArray(32, 'd') }, QDateTime::currentMSecsSinceEpoch());
        if (!store)
            return 1;
        QElapsedTimer t;
        t.start();
        qint64 appendNs = 0;
        for (const auto &d : manifest.documentsInFetchOrder()) {
            auto file = docs.open(QString::fromLatin1(d.sha256.toHex()));
            if (!file)
                return 1;
            const QByteArray content = file.value()->readAll();
            QElapsedTimer a;
            a.start();
            for (qint64 off = 0; off < content.size(); off += chunk)
                (void)store.value().appendPartial(d.sha256, off, content.mid(off, chunk));
            appendNs += a.nsecsElapsed();
            (void)store.value().completePartial({ d.sha256, d.size, d.name, d.mediaType, 1 });
        }
        std::printf("store alone: %.1f MiB/s (appends %.1f MiB/s)\n",
                    total / 1048576.0 / (t.nsecsElapsed() / 1e9),
                    total / 1048576.0 / (appendNs / 1e9));
    }
    std::printf("documents: %d files, %.1f MiB, parallel %d, chunks of %lld KiB, https on "
                "loopback\n",
                files, total / 1048576.0, parallel, chunk / 1024);
    Sync::DocumentSyncOptions options;
    options.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port));
    options.tls = tls->clientConfiguration();
    options.parallel = parallel;
    options.chunkBytes = chunk;
    double bestCurl = 1e9, bestSync = 1e9;
    for (int round = 1; round <= rounds; ++round) {
        const Fetch c =
            runCurl(dir.path() + QStringLiteral("/curl-%1").arg(round),
                    Server::TlsPaths::in(dir.path() + QStringLiteral("/tls")).caCertificate, port,
                    manifest, parallel);
        QDir(dir.path() + QStringLiteral("/curl-%1").arg(round)).removeRecursively();
        const Fetch s = runSync(dir.path() + QStringLiteral("/tablet-%1").arg(round), manifest,
                                options, nullptr, 0);
        QDir(dir.path() + QStringLiteral("/tablet-%1").arg(round)).removeRecursively();
        if (!c.ok || !s.ok) {
            std::fprintf(stderr, "round %d failed: curl %s sync %s\n", round, qPrintable(c.error),
                         qPrintable(s.error));
            return 1;
        }
        std::printf("round %d: curl %.2f s (%.1f MiB/s)   DocumentSync→store %.2f s (%.1f MiB/s)   "
                    "ratio %.0f%%\n",
                    round, c.seconds, total / 1048576.0 / c.seconds, s.seconds,
                    total / 1048576.0 / s.seconds, 100.0 * c.seconds / s.seconds);
        bestCurl = qMin(bestCurl, c.seconds);
        bestSync = qMin(bestSync, s.seconds);
    }
    std::printf("best: curl %.1f MiB/s, DocumentSync %.1f MiB/s: %.0f%% of curl\n",
                total / 1048576.0 / bestCurl, total / 1048576.0 / bestSync,
                100.0 * bestCurl / bestSync);

    // Resume: every connection cut once half of the bytes went through.
    Test::TcpProxy proxy(port);
    Sync::DocumentSyncOptions viaProxy = options;
    viaProxy.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(proxy.port()));
    viaProxy.retryInitialMs = 100;
    const Fetch r = runSync(dir.path() + QStringLiteral("/tablet-resume"), manifest, viaProxy,
                            &proxy, total / 2);
    if (!r.ok) {
        std::fprintf(stderr, "resume run failed: %s\n", qPrintable(r.error));
        return 1;
    }
    std::printf("resume: cut at 50%% (%d cut), %.1f MiB transferred for %.1f MiB: %.2f%% "
                "fetched again, %.2f s\n",
                proxy.cuts(), r.transferred / 1048576.0, total / 1048576.0,
                100.0 * double(r.transferred - total) / double(total), r.seconds);

    QMetaObject::invokeMethod(
        http, [http] { delete http; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
