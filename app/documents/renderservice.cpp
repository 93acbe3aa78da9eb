// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/renderservice.h"

#include <QElapsedTimer>
#include <cmath>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Aula::Documents {

namespace {

// Page images are allocated and freed two or three times a second while a member reads:
// at fit width on a 2560×1600 screen a page is 2560×3313 ARGB32, 34 MB. glibc serves any
// allocation above its mmap threshold with a fresh mmap() and returns it with munmap() on
// free; the threshold adapts to freed sizes, but never beyond 32 MB. So every fit-width
// page came in new memory whose 8,300 pages Splash then faulted in one by one: 131–137 ms
// per page where pdftoppm (its RGB8 bitmap is 25 MB, under the ceiling) took 55–62 ms
// (docs/benchmarks.md, "All four figures, session 4"). With the threshold above the largest
// whole page (maxWholePagePixels × 4 bytes = 38 MB), a page's memory is taken from the heap
// and a freed (evicted) page's memory is reused by the next one: 33 ms. The trim threshold
// keeps one such page at the top of the heap instead of giving it back and faulting it in
// again. Process-wide, set once by the first RenderService; other allocators (Android's,
// Apple's) are left alone.
void reuseMemoryOfLargeImages()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        constexpr int kLargest = 64 * 1024 * 1024;
        mallopt(M_MMAP_THRESHOLD, kLargest);
        mallopt(M_TRIM_THRESHOLD, kLargest);
    });
#endif
}

} // namespace

RenderService::RenderService(std::shared_ptr<PdfDocument> document, RenderSettings settings,
                             QObject *parent)
    : QObject(parent)
    , m_document(std::move(document))
    , m_settings(settings)
    , m_cache(settings.cacheBytes)
{
    qRegisterMetaType<RenderKey>();
    reuseMemoryOfLargeImages();
    m_worker = std::thread([this] { run(); });
}

RenderService::~RenderService()
{
    {
        QMutexLocker locker(&m_lock);
        m_stop = true;
        m_queue.clear();
        ++m_generation; // aborts the render in progress
        m_wake.wakeAll();
    }
    m_worker.join();
}

QSize RenderService::pixelSize(int page, int pageWidth) const
{
    const QSizeF points = m_document->pageSize(page);
    if (points.isEmpty() || pageWidth <= 0)
        return {};
    return { pageWidth, int(std::lround(points.height() * pageWidth / points.width())) };
}

QList<RenderKey> RenderService::keysFor(int page, int pageWidth, const QRect &visible) const
{
    const QSize size = pixelSize(page, pageWidth);
    if (size.isEmpty())
        return {};
    if (qint64(size.width()) * size.height() <= m_settings.maxWholePagePixels)
        return { RenderKey { page, pageWidth, {}, m_night } };
    const QRect area = (visible.isNull() ? QRect(0, 0, 2560, 1600) : visible)
                           .intersected(QRect(QPoint(0, 0), size));
    const int t = m_settings.tileSize;
    QList<RenderKey> keys;
    for (int y = area.top() / t * t; y <= area.bottom(); y += t)
        for (int x = area.left() / t * t; x <= area.right(); x += t)
            keys.append(RenderKey { page, pageWidth,
                                    QRect(x, y, t, t).intersected(QRect(QPoint(0, 0), size)),
                                    m_night });
    return keys;
}

View RenderService::show(int page, int pageWidth, const QRect &visible)
{
    View view;
    view.keys = keysFor(page, pageWidth, visible);
    view.tiled = !view.keys.isEmpty() && !view.keys.first().tile.isNull();
    QList<RenderKey> wanted;
    if (!view.tiled && !view.keys.isEmpty() && !m_cache.contains(view.keys.first())) {
        // The screen first: when only part of the page is on screen, that part is rendered
        // alone before the whole page (at 2560 px wide, the top 1600 px of a 3313 px page).
        const QRect whole(QPoint(0, 0), pixelSize(page, pageWidth));
        const QRect onScreen = visible.intersected(whole);
        if (m_settings.slice && !onScreen.isEmpty()
            && qint64(onScreen.width()) * onScreen.height() * 4
                < qint64(whole.width()) * whole.height() * 3) {
            view.slice = RenderKey { page, pageWidth, onScreen, m_night };
            // Even the slice of a 2560 px wide page takes a whole pass over the page (fonts,
            // images): a half-width preview of the page comes before it, so the screen is
            // never blank for that long; the slice then makes it sharp.
            if (m_settings.preview && !m_cache.contains(view.slice)) {
                view.preview = RenderKey { page, pageWidth / 2, {}, m_night };
                if (!m_cache.contains(view.preview))
                    wanted.append(view.preview);
            }
            if (!m_cache.contains(view.slice))
                wanted.append(view.slice);
        } else if (m_settings.preview) {
            view.preview = RenderKey { page, pageWidth / 2, {}, m_night };
            if (!m_cache.contains(view.preview))
                wanted.append(view.preview);
        }
    }
    wanted += view.keys;
    if (m_settings.prerender) {
        // Okular's order: the next page first (reading goes forward), then the previous.
        for (int neighbour : { page + 1, page - 1 })
            wanted += keysFor(neighbour, pageWidth, visible);
    }
    for (const RenderKey &key : view.keys)
        view.cached += m_cache.contains(key) ? 1 : 0;

    QMutexLocker locker(&m_lock);
    view.generation = ++m_generation;
    for (const Job &job : m_queue)
        if (!wanted.contains(job.key))
            ++m_cancelled;
    m_queue.clear();
    // A render already under way for an image still wanted is adopted, not aborted.
    if (m_busy && wanted.contains(m_running))
        m_runningGeneration = view.generation;
    for (const RenderKey &key : wanted)
        if (!m_cache.contains(key) && !(m_busy && key == m_running))
            m_queue.push_back(Job { key, view.generation });
    m_wake.wakeAll();
    return view;
}

void RenderService::request(const RenderKey &key)
{
    if (m_cache.contains(key))
        return;
    QMutexLocker locker(&m_lock);
    for (const Job &job : m_queue)
        if (job.key == key)
            return;
    if (m_busy && m_running == key)
        return;
    m_queue.push_back(Job { key, m_generation.load() });
    m_wake.wakeAll();
}

bool RenderService::waitForIdle(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QMutexLocker locker(&m_lock);
    while (!m_queue.empty() || m_busy) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return false;
        m_idle.wait(&m_lock, QDeadlineTimer(left));
    }
    return true;
}

void RenderService::run()
{
    QMutexLocker locker(&m_lock);
    while (true) {
        while (m_queue.empty() && !m_stop)
            m_wake.wait(&m_lock);
        if (m_stop)
            break;
        const Job job = m_queue.front();
        m_queue.pop_front();
        if (m_cache.contains(job.key))
            continue;
        m_busy = true;
        m_running = job.key;
        m_runningGeneration = job.generation;
        locker.unlock();

        const double scale = double(job.key.width) / m_document->pageSize(job.key.page).width();
        RenderOptions options;
        options.night = job.key.night;
        const QImage image = m_document->render(job.key.page, scale, job.key.tile, options, [this] {
            return m_runningGeneration.load() < m_generation.load();
        });
        quint64 generation = m_runningGeneration.load();
        if (image.isNull()) {
            ++m_cancelled;
        } else {
            m_cache.insert(job.key, image);
            ++m_rendered;
            emit rendered(job.key, image, generation);
        }

        locker.relock();
        m_busy = false;
        m_running = {};
        if (m_queue.empty())
            m_idle.wakeAll();
    }
    m_busy = false;
    m_idle.wakeAll();
}

} // namespace Aula::Documents
