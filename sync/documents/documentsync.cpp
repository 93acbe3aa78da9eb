// SPDX-License-Identifier: GPL-3.0-or-later
#include "documentsync.h"

#include "sync/documents/storewriter.h"
#include "sync/tablet/tabletstore.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

Q_LOGGING_CATEGORY(lcDocSync, "aula.sync.documents")

namespace Aula::Sync {

namespace {

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost")
        || host == QLatin1String("::1");
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// The first byte of "Content-Range: bytes a-b/size", or -1.
qint64 rangeStart(const QByteArray &contentRange)
{
    static const QRegularExpression re(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+)$"));
    const auto m = re.match(QString::fromLatin1(contentRange.trimmed()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

} // namespace

DocumentSync::DocumentSync(Tablet::TabletStore &store, DocumentSyncOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(std::move(options))
    , m_nam(std::make_unique<QNetworkAccessManager>())
    , m_stallTimer(new QTimer(this))
{
    // One manager per chamber: it pools connections by host and port, not by TLS
    // configuration (docs/security.md), so it must never serve another chamber.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_stallTimer->setInterval(1000);
    connect(m_stallTimer, &QTimer::timeout, this, [this] {
        const auto active = m_active; // abort() finishes the reply at once
        for (const auto &job : active) {
            if (job->reply && !job->throttled && job->lastProgress.isValid()
                && job->lastProgress.elapsed() > m_options.stallTimeoutMs) {
                qCWarning(lcDocSync) << "download of" << job->doc.name << "stalled; retrying";
                job->reply->abort();
            }
        }
    });
}

DocumentSync::~DocumentSync()
{
    for (const auto &job : std::as_const(m_active)) {
        if (job->reply) {
            disconnect(job->reply, nullptr, this, nullptr);
            job->reply->abort();
            job->reply->deleteLater();
        }
    }
    m_writer.reset(); // runs what is queued; its reports to this object are dropped
}

void DocumentSync::fetchManifest(std::function<void(const Result<Manifest> &)> done)
{
    QUrl url = m_options.baseUrl;
    url.setPath(QStringLiteral("/manifest"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_options.tls)
        request.setSslConfiguration(*m_options.tls);
    QNetworkReply *reply = m_nam->get(request);
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const int status = statusOf(reply);
        if (status == 401 || status == 403) {
            done(err("unauthorized",
                     QStringLiteral("the chamber did not accept this session; log in again")));
            return;
        }
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            done(err("network",
                     QStringLiteral("cannot fetch the manifest: %1 (HTTP %2)")
                         .arg(reply->errorString())
                         .arg(status)));
            return;
        }
        done(Manifest::fromJson(reply->readAll()));
    });
}

Result<QList<ManifestDocument>> DocumentSync::missing(const Manifest &manifest)
{
    QList<ManifestDocument> out;
    for (const ManifestDocument &d : manifest.documentsInFetchOrder()) {
        auto has = m_store.hasDocument(d.sha256);
        if (!has)
            return has.error();
        if (!*has)
            out.append(d);
    }
    return out;
}

void DocumentSync::start(const Manifest &manifest)
{
    if (m_running)
        cancel();
    ++m_run;
    m_progress = {};
    m_firstFailure.reset();
    m_queue.clear();
    m_waiting = 0;
    m_completing = 0;
    m_running = true;
    const QString scheme = m_options.baseUrl.scheme();
    if (scheme == QLatin1String("https") && !m_options.tls) {
        finish(err("insecure", QStringLiteral("https:// needs the pinned chamber CA")));
        return;
    }
    if (scheme != QLatin1String("https")
        && !(scheme == QLatin1String("http") && isLoopbackHost(m_options.baseUrl.host()))) {
        finish(err("insecure",
                   QStringLiteral("documents come over https:// (http:// only on "
                                  "loopback)")));
        return;
    }
    auto todo = missing(manifest);
    if (!todo) {
        finish(todo.error());
        return;
    }
    if (!todo->isEmpty()) {
        auto connection = m_store.openConnection();
        if (!connection) {
            finish(connection.error());
            return;
        }
        m_writer = std::make_unique<StoreWriter>(std::move(connection).value());
    }
    for (const ManifestDocument &d : *todo) {
        auto job = std::make_shared<Job>();
        job->doc = d;
        auto have = m_store.partialSize(d.sha256);
        if (!have) {
            finish(have.error());
            return;
        }
        job->stored = *have;
        m_progress.bytesTotal += d.size;
        m_progress.bytesDone += qMin(*have, d.size);
        m_queue.append(job);
    }
    m_progress.filesTotal = int(m_queue.size());
    qCInfo(lcDocSync) << "syncing" << m_progress.filesTotal << "documents," << m_progress.bytesTotal
                      << "bytes," << m_progress.bytesDone << "already here";
    m_stallTimer->start();
    emitProgress();
    pump();
}

void DocumentSync::pump()
{
    if (!m_running)
        return;
    while (m_active.size() < qMax(1, m_options.parallel) && !m_queue.isEmpty())
        startJob(m_queue.takeFirst());
    if (m_running && m_active.isEmpty() && m_queue.isEmpty() && m_waiting == 0
        && m_completing == 0) {
        if (m_firstFailure)
            finish(Error { QStringLiteral("incomplete"),
                           QStringLiteral("%1 document(s) could not be fetched: %2")
                               .arg(m_progress.filesFailed)
                               .arg(m_firstFailure->message) });
        else
            finish({});
    }
}

void DocumentSync::startJob(const std::shared_ptr<Job> &job)
{
    ++job->attempts;
    job->started = false;
    job->buffer.clear();
    if (job->stored >= job->doc.size && job->doc.size > 0) {
        // Everything arrived before a drop or a restart: only the check is left.
        m_active.append(job);
        QTimer::singleShot(0, this, [this, job, run = m_run] {
            if (run == m_run)
                onFinished(job);
        });
        return;
    }
    QUrl url = m_options.baseUrl;
    url.setPath(QStringLiteral("/documents/") + QString::fromLatin1(job->doc.sha256.toHex()));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    if (m_options.tls)
        request.setSslConfiguration(*m_options.tls);
    if (job->stored > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(job->stored) + "-");
        request.setRawHeader("If-Range", '"' + job->doc.sha256.toHex() + '"');
    }
    job->reply = m_nam->get(request);
    // Bounded: while the writer catches up, the network waits instead of memory growing.
    job->reply->setReadBufferSize(m_options.chunkBytes);
    job->throttled = false;
    job->lastProgress.start();
    m_active.append(job);
    connect(job->reply, &QNetworkReply::readyRead, this, [this, job] { onReadyRead(job); });
    connect(job->reply, &QNetworkReply::finished, this, [this, job] { onFinished(job); });
}

void DocumentSync::onReadyRead(const std::shared_ptr<Job> &job)
{
    QNetworkReply *reply = job->reply;
    if (!reply || !m_running)
        return;
    job->lastProgress.restart();
    if (!job->started) {
        const int status = statusOf(reply);
        if (status == 206) {
            if (rangeStart(reply->rawHeader("Content-Range")) != job->stored) {
                // Not the bytes we asked for: start this document over.
                reply->abort();
                return;
            }
        } else if (status == 200) {
            if (job->stored > 0) {
                // The server sent the whole document (If-Range did not match): start over.
                m_progress.bytesDone -= qMin(job->stored, job->doc.size);
                dropPartial(*job);
            }
        } else {
            return; // an error status: handled in onFinished, the body is not content
        }
        job->started = true;
    }
    qint64 received = 0;
    while (reply->bytesAvailable() > 0) {
        if (m_writer->pendingBytes() >= maxPendingBytes()) {
            job->throttled = true; // resumeReading() comes back when a chunk is written
            break;
        }
        // Straight from the reply into the chunk being gathered: one copy, one allocation
        // per chunk.
        const qint64 chunk = qMax<qint64>(m_options.chunkBytes, 1);
        if (job->buffer.isEmpty())
            job->buffer.reserve(chunk);
        const qsizetype at = job->buffer.size();
        const qint64 want = qMin(reply->bytesAvailable(), qMax<qint64>(chunk - at, 1));
        job->buffer.resize(at + want);
        const qint64 got = reply->read(job->buffer.data() + at, want);
        job->buffer.resize(at + qMax<qint64>(got, 0));
        if (got <= 0)
            break;
        received += got;
        m_progress.bytesTransferred += got;
        m_progress.bytesDone += got;
        if (job->stored + job->buffer.size() > job->doc.size) {
            reply->abort(); // longer than the manifest says: onFinished refuses it
            return;
        }
        if (job->buffer.size() >= chunk)
            flush(*job);
    }
    if (received > 0)
        emitProgress();
}

qint64 DocumentSync::maxPendingBytes() const
{
    // Enough for the writer never to wait for the network, not enough to fill the memory.
    return 3 * qMax<qint64>(m_options.chunkBytes, 64 * 1024);
}

void DocumentSync::write(StoreTask task, qint64 bytes,
                         std::function<void(const Result<void> &)> then)
{
    m_writer->post(
        [this, task = std::move(task), then = std::move(then),
         run = m_run](Tablet::TabletStore &store) mutable {
            Result<void> result = task(store);
            task = nullptr;
            // Back on this object's thread; dropped if the run ended meanwhile. The writer
            // is drained before this object goes, so `this` is alive here.
            QMetaObject::invokeMethod(
                this,
                [this, run, then = std::move(then), result = std::move(result)] {
                    if (run == m_run && m_running)
                        then(result);
                },
                Qt::QueuedConnection);
        },
        bytes);
}

void DocumentSync::flush(Job &job)
{
    if (job.buffer.isEmpty())
        return;
    const QByteArray data = std::exchange(job.buffer, QByteArray());
    const qint64 offset = job.stored;
    job.stored += data.size();
    write([sha = job.doc.sha256, offset,
           data](Tablet::TabletStore &store) { return store.appendPartial(sha, offset, data); },
          data.size(),
          [this](const Result<void> &r) {
              if (!r)
                  stop(r.error());
              else
                  resumeReading();
          });
}

void DocumentSync::dropPartial(Job &job)
{
    job.stored = 0;
    job.buffer.clear();
    write([sha = job.doc.sha256](Tablet::TabletStore &store) { return store.dropPartial(sha); }, 0,
          [this](const Result<void> &r) {
              if (!r)
                  stop(r.error());
          });
}

void DocumentSync::resumeReading()
{
    const auto active = m_active; // onReadyRead may end a job
    for (const auto &job : active) {
        if (!m_running || m_writer->pendingBytes() >= maxPendingBytes())
            return;
        if (job->reply && job->throttled) {
            job->throttled = false;
            job->lastProgress.restart();
            onReadyRead(job);
        }
    }
}

void DocumentSync::onFinished(const std::shared_ptr<Job> &job)
{
    if (!m_running)
        return;
    m_active.removeOne(job);
    QNetworkReply *reply = job->reply;
    job->reply = nullptr;
    if (reply) {
        reply->deleteLater();
        disconnect(reply, nullptr, this, nullptr);
        const int status = statusOf(reply);
        if (status == 401 || status == 403) {
            stop(err("unauthorized",
                     QStringLiteral("the chamber did not accept this session; log in again")));
            return;
        }
        if (status == 404) {
            ++m_progress.filesFailed;
            m_firstFailure = err(
                "not_found", QStringLiteral("%1 is not on the chamber server").arg(job->doc.name));
            Q_EMIT documentFailed(job->doc, *m_firstFailure);
            pump();
            return;
        }
        if (status == 416) {
            // Our partial does not fit the document: forget it and start again.
            m_progress.bytesDone -= qMin(job->stored, job->doc.size);
            dropPartial(*job);
            retryOrFail(job, err("bad_range", QStringLiteral("the server refused the range")));
            return;
        }
        if (job->started) {
            const QByteArray rest = reply->readAll();
            job->buffer.append(rest);
            m_progress.bytesTransferred += rest.size();
            m_progress.bytesDone += rest.size();
        }
        const bool tooLong = job->stored + job->buffer.size() > job->doc.size;
        if (tooLong) {
            m_progress.bytesDone -= qMin(job->stored + job->buffer.size(), job->doc.size);
            dropPartial(*job);
            retryOrFail(
                job,
                err("size_mismatch",
                    QStringLiteral("%1 is larger than the manifest says").arg(job->doc.name)));
            return;
        }
        // Whatever arrived is a prefix worth keeping, even when the link dropped.
        flush(*job);
        if (reply->error() != QNetworkReply::NoError || (status != 200 && status != 206)) {
            retryOrFail(job,
                        err("network",
                            QStringLiteral("%1: %2 (HTTP %3)")
                                .arg(job->doc.name, reply->errorString())
                                .arg(status)));
            return;
        }
    }
    if (job->stored < job->doc.size) {
        retryOrFail(
            job, err("network", QStringLiteral("%1: the download ended early").arg(job->doc.name)));
        return;
    }
    // The writer verifies it after its last chunk; meanwhile the next download starts.
    Tablet::DocumentMeta meta { job->doc.sha256, job->doc.size, job->doc.name, job->doc.mediaType,
                                job->doc.version };
    ++m_completing;
    write([meta](Tablet::TabletStore &store) { return store.completePartial(meta); }, 0,
          [this, job](const Result<void> &r) {
              --m_completing;
              onCompleted(job, r);
          });
    pump();
}

void DocumentSync::onCompleted(const std::shared_ptr<Job> &job, const Result<void> &done)
{
    if (!done) {
        const QString code = done.error().code;
        if (code == QLatin1String("hash_mismatch") || code == QLatin1String("size_mismatch")) {
            qCWarning(lcDocSync) << "refused" << job->doc.name << ":" << done.error().message;
            m_progress.bytesDone -= job->doc.size;
            job->stored = 0;
            retryOrFail(job, done.error());
            return;
        }
        stop(done.error());
        return;
    }
    ++m_progress.filesDone;
    Q_EMIT documentStored(job->doc);
    emitProgress();
    pump();
}

void DocumentSync::retryOrFail(const std::shared_ptr<Job> &job, const Error &why)
{
    if (job->attempts >= m_options.maxAttempts) {
        qCWarning(lcDocSync) << "giving up on" << job->doc.name << ":" << why.message;
        ++m_progress.filesFailed;
        if (!m_firstFailure)
            m_firstFailure = why;
        Q_EMIT documentFailed(job->doc, why);
        emitProgress();
        pump();
        return;
    }
    Q_EMIT retrying(job->doc, why);
    const qint64 delay = qMin<qint64>(
        m_options.retryMaxMs, qint64(m_options.retryInitialMs) << qMin(job->attempts - 1, 16));
    ++m_waiting;
    QTimer::singleShot(int(delay), this, [this, job, run = m_run] {
        if (run != m_run)
            return;
        --m_waiting;
        m_queue.prepend(job); // keeps its place: the current sitting stays first
        pump();
    });
    pump();
}

void DocumentSync::cancel()
{
    if (!m_running)
        return;
    stop(err("cancelled", QStringLiteral("the sync was cancelled; what arrived is kept")));
}

void DocumentSync::stop(const Error &why)
{
    // Keep every byte that arrived, then end the downloads.
    const auto active = m_active;
    m_active.clear();
    for (const auto &job : active) {
        if (!job->reply)
            continue;
        disconnect(job->reply, nullptr, this, nullptr);
        if (job->started) {
            const QByteArray rest = job->reply->readAll();
            job->buffer.append(rest);
            if (job->stored + job->buffer.size() <= job->doc.size)
                flush(*job);
        }
        job->reply->abort();
        job->reply->deleteLater();
        job->reply = nullptr;
    }
    m_queue.clear();
    finish(why);
}

void DocumentSync::finish(const Result<void> &result)
{
    if (m_writer) {
        // Every write of this run reaches the store before anyone hears it ended.
        m_writer.reset();
    }
    m_running = false;
    ++m_run;
    m_waiting = 0;
    m_stallTimer->stop();
    if (result)
        qCInfo(lcDocSync) << "sync finished:" << m_progress.filesDone << "documents,"
                          << m_progress.bytesTransferred << "bytes transferred";
    else
        qCWarning(lcDocSync) << "sync stopped:" << result.error().code << result.error().message;
    emitProgress();
    Q_EMIT finished(result);
}

void DocumentSync::emitProgress()
{
    Q_EMIT progressChanged(m_progress);
}

} // namespace Aula::Sync
