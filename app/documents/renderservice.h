// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/pagecache.h"
#include "app/documents/pdfdocument.h"

#include <QObject>
#include <QWaitCondition>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>

namespace Aula::Documents {

/** What the reader shows now: see RenderService::show(). */
struct View
{
    /** Every show() gets a new generation; older requests are stale. */
    quint64 generation = 0;
    /** The images that make up the visible page (one, or the visible tiles). */
    QList<RenderKey> keys;
    /** How many of `keys` were already in the cache when show() was called. */
    int cached = 0;
    /** Whether the page is split into tiles at this zoom. */
    bool tiled = false;
    /**
     * A half-width image of the page, rendered first when neither it nor the page (or the
     * slice) is cached, to show (scaled up) while the sharp image renders. page -1 when there
     * is none.
     */
    RenderKey preview;
    /**
     * When the whole page is not cached and only part of it is on screen (fit width: the top
     * of a portrait page), that part alone, rendered right after the preview so the screen
     * is sharp before the rest of the page is; shown until the whole page arrives. page -1
     * when there is none.
     */
    RenderKey slice;
};

/** Tuning of a RenderService; the defaults suit a 2560×1600 tablet. */
struct RenderSettings
{
    /**
     * Cache budget: what sequential reading needs at fit width, the page on screen, the next
     * and the previous one (three A4 pages at 2560 px wide: 111 MB; US letter: 102 MB); the
     * least recently used go first, so a first page's preview and slice go before them. At
     * fit page (1236×1600, 8 MB) it holds 16 pages. 192 MB held five fit-width pages and took
     * the reader over 300 MB of RSS (docs/benchmarks.md, session 4).
     */
    qint64 cacheBytes = 128ll * 1024 * 1024;
    /** Above this many pixels a page is rendered in tiles, never whole. */
    qint64 maxWholePagePixels = 2560ll * 3700;
    /** Side of a square tile, in pixels. */
    int tileSize = 512;
    /** Prerender the next and the previous page after the visible one. */
    bool prerender = true;
    /**
     * Render a half-width preview of a page that is not cached before the page itself (and
     * before the slice of the screen, see View::slice).
     */
    bool preview = true;
    /** Render the part of a page on screen first when the page is taller than the screen. */
    bool slice = true;
};

/**
 * Renders pages off the GUI thread, with a cache and prerendering, the way Okular does.
 *
 * One worker thread renders all requests of one PdfDocument, one at a time: Poppler is not
 * safe to render in parallel on one Poppler::Document, and a second Document per worker
 * would double the memory of a 600-page budget for little gain on a 2-core tablet. Text,
 * search and export calls on the same PdfDocument are serialized with rendering by its
 * lock.
 *
 * show() starts a new generation: queued requests of older generations are dropped and a
 * render in progress for an image that is no longer wanted is aborted inside Poppler. The
 * queue is then: a half-width preview when nothing of the page is cached, then the part of
 * the page on screen when the page is taller than the screen (neither when tiled); the
 * visible page (or its visible tiles); the next page; the previous one.
 * Images arrive through rendered(), emitted from the worker thread (connect with the
 * default connection type to receive them in the receiver's thread), and stay in cache().
 */
class RenderService : public QObject
{
    Q_OBJECT

public:
    explicit RenderService(std::shared_ptr<PdfDocument> document, RenderSettings settings = {},
                           QObject *parent = nullptr);
    ~RenderService() override;

    [[nodiscard]] const std::shared_ptr<PdfDocument> &document() const { return m_document; }
    [[nodiscard]] PageCache &cache() { return m_cache; }
    [[nodiscard]] const RenderSettings &settings() const { return m_settings; }

    /** Night mode: inverted colours; changes the keys of every later show(). */
    void setNight(bool night) { m_night = night; }
    [[nodiscard]] bool night() const { return m_night; }

    /**
     * Shows `page` at `pageWidth` pixels wide. `visible` is the part of the page on screen, in
     * pixels of the page at that width; only used when the page is tiled (null: the top-left
     * 2560×1600). Returns what is needed and how much of it was already cached.
     */
    View show(int page, int pageWidth, const QRect &visible = {});

    /**
     * Asks for `key` without starting a new generation: for thumbnails, which a separate
     * service renders behind the page on screen. Dropped only by a later show().
     */
    void request(const RenderKey &key);

    /** The keys that make up `page` at `pageWidth` for the `visible` area. */
    [[nodiscard]] QList<RenderKey> keysFor(int page, int pageWidth, const QRect &visible) const;
    /** Pixel size of the whole `page` at `pageWidth`. */
    [[nodiscard]] QSize pixelSize(int page, int pageWidth) const;

    /** Blocks until the queue is empty and nothing renders, or `timeoutMs` passed. */
    bool waitForIdle(int timeoutMs = 30000);

    /** Images rendered, and requests dropped or aborted because the reader moved on. */
    [[nodiscard]] int renderedCount() const { return m_rendered; }
    [[nodiscard]] int cancelledCount() const { return m_cancelled; }

signals:
    /** `key` is rendered and cached. Emitted from the worker thread. */
    void rendered(const Aula::Documents::RenderKey &key, const QImage &image, quint64 generation);

private:
    struct Job
    {
        RenderKey key;
        quint64 generation = 0;
    };
    void run();

    std::shared_ptr<PdfDocument> m_document;
    RenderSettings m_settings;
    PageCache m_cache;
    bool m_night = false;

    QMutex m_lock;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    std::deque<Job> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    RenderKey m_running;
    std::atomic<quint64> m_generation { 0 };
    std::atomic<quint64> m_runningGeneration { 0 };
    std::atomic<int> m_rendered { 0 };
    std::atomic<int> m_cancelled { 0 };
    std::thread m_worker;
};

} // namespace Aula::Documents

Q_DECLARE_METATYPE(Aula::Documents::RenderKey)
