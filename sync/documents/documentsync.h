// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/documents/manifest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace Aula::Tablet {
class TabletStore;
}

namespace Aula::Sync {

class StoreWriter;

/** Where the documents come from and how hard to try. */
struct DocumentSyncOptions
{
    /** https://host:port of the chamber's document service (http:// on loopback only). */
    QUrl baseUrl;
    /** TlsMaterial::clientConfiguration(ca): the chamber CA pinned. Required for https://. */
    std::optional<QSslConfiguration> tls;
    /** Downloads at once (HTTP/1.1 connections to the one server). */
    int parallel = 4;
    /**
     * Bytes gathered in memory before they are written to the store as one chunk. Writes
     * run on a thread of their own; at most a few chunks wait for it before the downloads
     * are paused (so memory stays bounded by about (2 × parallel + 3) × chunkBytes). 4 MiB
     * was not faster than 1 MiB in bench/sync (docs/benchmarks.md) and holds 4× the memory.
     */
    qint64 chunkBytes = 1024 * 1024;
    /** Attempts per document before it is reported failed (drops, corrupt content). */
    int maxAttempts = 6;
    /** First retry delay; doubles per attempt up to retryMaxMs. */
    int retryInitialMs = 200;
    int retryMaxMs = 5000;
    /** A response that makes no progress this long is abandoned (and retried). */
    int stallTimeoutMs = 30000;
};

/** Where a sync stands: files and bytes, for the progress bar. */
struct SyncProgress
{
    int filesTotal = 0;
    int filesDone = 0;
    int filesFailed = 0;
    qint64 bytesTotal = 0;
    /** Bytes of the planned documents now in the store (finished or partial). */
    qint64 bytesDone = 0;
    /** Body bytes received from the network in this run (re-downloads included). */
    qint64 bytesTransferred = 0;
};

/**
 * Brings a member's TabletStore up to date with a chamber's manifest over HTTPS.
 *
 * The manifest decides what is missing (documents the store lacks, by SHA-256), the
 * current sitting first. Up to `parallel` downloads run at once through one
 * QNetworkAccessManager (one DocumentSync per chamber). Each download is written to the
 * encrypted store in chunks as it arrives, so a drop, a cancel or a server restart keeps
 * every byte received: the next attempt asks for `Range: bytes=<have>-` with `If-Range`.
 * A finished download is verified (size and SHA-256) before the store accepts it; a
 * mismatch is dropped and fetched again, up to maxAttempts. A full disk stops the sync
 * with "disk_full" and leaves the store consistent (every write is a transaction).
 *
 * The store writes (sealing the document file, the SHA-256 computed as the chunks are
 * written, the disk) run on a writer thread with its own connection to the store
 * (TabletStore::openConnection()), opened by start() and closed when the run ends: the
 * GUI thread only moves bytes from the network to that thread's queue. Every write of a
 * run has reached the store when finished() is emitted.
 */
class DocumentSync : public QObject
{
    Q_OBJECT

public:
    DocumentSync(Tablet::TabletStore &store, DocumentSyncOptions options,
                 QObject *parent = nullptr);
    ~DocumentSync() override;

    /** The session token from ChamberConnection::sessionToken(); updated after reconnects. */
    void setToken(const QByteArray &token) { m_token = token; }

    /** GET /manifest; `done` gets the parsed manifest or an Error. */
    void fetchManifest(std::function<void(const Result<Manifest> &)> done);

    /** The documents of `manifest` the store does not hold yet, in fetch order. */
    [[nodiscard]] Result<QList<ManifestDocument>> missing(const Manifest &manifest);

    /** Starts fetching what is missing; finished() follows (at once if nothing is). */
    void start(const Manifest &manifest);
    /** Stops every download; received bytes stay in the store; finished("cancelled"). */
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const SyncProgress &progress() const { return m_progress; }

Q_SIGNALS:
    void progressChanged(const Aula::Sync::SyncProgress &progress);
    /** A document was verified and stored. */
    void documentStored(const Aula::Sync::ManifestDocument &document);
    /** An attempt failed and will be retried (hash mismatch, dropped link, server error). */
    void retrying(const Aula::Sync::ManifestDocument &document, const Aula::Error &why);
    /** A document could not be fetched after every attempt. */
    void documentFailed(const Aula::Sync::ManifestDocument &document, const Aula::Error &why);
    /**
     * The run ended: ok when every document is in the store; otherwise the first reason
     * ("cancelled", "disk_full", "unauthorized", "incomplete" when some documents failed).
     */
    void finished(const Aula::Result<void> &result);

private:
    struct Job
    {
        ManifestDocument doc;
        int attempts = 0;
        qint64 stored = 0; // bytes in the store's partial
        QByteArray buffer; // received, not yet written
        QNetworkReply *reply = nullptr;
        bool started = false; // headers checked for this attempt
        bool throttled = false; // not read while the writer catches up
        QElapsedTimer lastProgress;
    };
    using StoreTask = std::function<Result<void>(Tablet::TabletStore &)>;

    void pump();
    void startJob(const std::shared_ptr<Job> &job);
    void onReadyRead(const std::shared_ptr<Job> &job);
    void onFinished(const std::shared_ptr<Job> &job);
    void flush(Job &job);
    void write(StoreTask task, qint64 bytes, std::function<void(const Result<void> &)> then);
    void dropPartial(Job &job);
    void onCompleted(const std::shared_ptr<Job> &job, const Result<void> &result);
    void resumeReading();
    [[nodiscard]] qint64 maxPendingBytes() const;
    void retryOrFail(const std::shared_ptr<Job> &job, const Error &why);
    void stop(const Error &why);
    void finish(const Result<void> &result);
    void emitProgress();

    Tablet::TabletStore &m_store;
    DocumentSyncOptions m_options;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QByteArray m_token;
    QList<std::shared_ptr<Job>> m_queue;
    QList<std::shared_ptr<Job>> m_active;
    int m_waiting = 0; // jobs sleeping before a retry
    int m_completing = 0; // downloads being verified by the writer
    std::unique_ptr<StoreWriter> m_writer; // during a run
    SyncProgress m_progress;
    bool m_running = false;
    int m_run = 0;
    std::optional<Error> m_firstFailure;
    QTimer *m_stallTimer = nullptr;
};

} // namespace Aula::Sync
