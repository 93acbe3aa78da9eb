// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pagecache.h"
#include "app/documents/renderservice.h"
#include "tests/documents/pdffixtures.h"

#include <QTest>
#include <QThread>

using namespace Aula;
using namespace Aula::Documents;

namespace {

std::shared_ptr<PdfDocument> numbered(int pages)
{
    auto doc = PdfDocument::fromBytes(Tests::makeNumberedPdf(pages));
    if (!doc.ok())
        qFatal("open failed: %s", qPrintable(doc.error().message));
    return doc.value();
}

QImage filled(int w, int h)
{
    QImage image(w, h, QImage::Format_ARGB32);
    image.fill(Qt::red);
    return image;
}

} // namespace

class TestRenderService : public QObject
{
    Q_OBJECT

private slots:
    void cacheEvictsLeastRecentlyUsedByBytes()
    {
        // 100×100 ARGB = 40 000 bytes; a budget of 100 000 holds two.
        PageCache cache(100'000);
        const RenderKey a { 0, 100, {}, false }, b { 1, 100, {}, false }, c { 2, 100, {}, false };
        cache.insert(a, filled(100, 100));
        cache.insert(b, filled(100, 100));
        QCOMPARE(cache.bytes(), 80'000);
        QVERIFY(!cache.find(a).isNull()); // a is now the most recent
        cache.insert(c, filled(100, 100));
        QVERIFY(cache.contains(a));
        QVERIFY(!cache.contains(b));
        QVERIFY(cache.contains(c));
        QCOMPARE(cache.count(), 2);
        // Bytes, not count: one big image pushes out both small ones.
        cache.insert(RenderKey { 3, 200, {}, false }, filled(150, 150));
        QCOMPARE(cache.count(), 1);
        QVERIFY(cache.bytes() <= cache.budget());
        // Night and tiles are different images.
        QVERIFY(!cache.contains(RenderKey { 3, 200, {}, true }));
        QVERIFY(!cache.contains(RenderKey { 3, 200, QRect(0, 0, 10, 10), false }));
    }

    void rendersOffTheGuiThreadNextPageFirstThenPrevious()
    {
        RenderSettings settings;
        settings.preview = false;
        RenderService service(numbered(10), settings);
        QList<int> order;
        QList<QThread *> threads;
        connect(
            &service, &RenderService::rendered, this,
            [&](const RenderKey &key, const QImage &) {
                order.append(key.page);
                threads.append(QThread::currentThread());
            },
            Qt::DirectConnection);
        const View view = service.show(5, 600);
        QCOMPARE(view.keys.size(), 1);
        QCOMPARE(view.cached, 0);
        QVERIFY(!view.tiled);
        QVERIFY(service.waitForIdle());
        QCOMPARE(order, (QList<int> { 5, 6, 4 }));
        for (QThread *thread : threads)
            QVERIFY(thread != QThread::currentThread());
        const QImage image = service.cache().find(view.keys.first());
        QCOMPARE(image.width(), 600);
        QVERIFY(qAbs(image.height() - 849) <= 1);
        // The first page has no previous one; the last has no next one.
        order.clear();
        service.show(0, 600);
        QVERIFY(service.waitForIdle());
        QCOMPARE(order, (QList<int> { 0, 1 }));
        order.clear();
        service.show(9, 600);
        QVERIFY(service.waitForIdle());
        QCOMPARE(order, (QList<int> { 9, 8 }));
    }

    void aPreviewComesFirstWhenNothingIsCached()
    {
        RenderService service(numbered(10));
        QList<RenderKey> order;
        connect(
            &service, &RenderService::rendered, this,
            [&](const RenderKey &key) { order.append(key); }, Qt::DirectConnection);
        const View view = service.show(5, 600);
        QCOMPARE(view.preview, (RenderKey { 5, 300, {}, false }));
        QVERIFY(service.waitForIdle());
        QCOMPARE(order.size(), 4);
        QCOMPARE(order[0], view.preview);
        QCOMPARE(service.cache().find(view.preview).width(), 300);
        QCOMPARE(order[1], view.keys.first());
        QCOMPARE(order[2].page, 6);
        QCOMPARE(order[3].page, 4);
        // A prerendered page needs no preview.
        order.clear();
        service.show(6, 600);
        QVERIFY(service.waitForIdle());
        QCOMPARE(order.size(), 1);
        QCOMPARE(order[0].page, 7);
        // Tiled pages have none either.
        QCOMPARE(service.show(6, 6000, QRect(0, 0, 100, 100)).preview.page, -1);
    }

    void theScreenComesFirstWhenThePageIsTallerThanIt()
    {
        RenderService service(numbered(10));
        QList<RenderKey> order;
        connect(
            &service, &RenderService::rendered, this,
            [&](const RenderKey &key) { order.append(key); }, Qt::DirectConnection);
        // Fit width: 600 px wide, 849 px tall, 400 px of it on screen.
        const View view = service.show(5, 600, QRect(0, 0, 600, 400));
        QCOMPARE(view.slice, (RenderKey { 5, 600, QRect(0, 0, 600, 400), false }));
        // Something on screen soonest: the half-width preview, then the sharp slice.
        QCOMPARE(view.preview, (RenderKey { 5, 300, {}, false }));
        QVERIFY(!view.tiled);
        QVERIFY(service.waitForIdle());
        QCOMPARE(order.size(), 5);
        QCOMPARE(order[0], view.preview);
        QCOMPARE(order[1], view.slice);
        QCOMPARE(order[2], view.keys.first());
        QCOMPARE(order[3].page, 6);
        QCOMPARE(order[4].page, 4);
        // The slice is exactly that part of the page.
        const QImage whole = service.cache().find(view.keys.first());
        QCOMPARE(service.cache().find(view.slice), whole.copy(view.slice.tile));
        // Once the page is cached, no slice; a page all on screen gets the preview instead.
        QCOMPARE(service.show(5, 600, QRect(0, 200, 600, 400)).slice.page, -1);
        const View fitPage = service.show(8, 300, QRect(-100, 0, 500, 500));
        QCOMPARE(fitPage.slice.page, -1);
        QCOMPARE(fitPage.preview, (RenderKey { 8, 150, {}, false }));
    }

    void signalReachesAReceiverInItsOwnThread()
    {
        RenderService service(numbered(2));
        QList<int> pages;
        QList<QThread *> threads;
        // Default (auto) connection with `this` as context: delivered in the test's thread.
        connect(&service, &RenderService::rendered, this, [&](const RenderKey &key) {
            pages.append(key.page);
            threads.append(QThread::currentThread());
        });
        service.show(0, 300);
        QVERIFY(service.waitForIdle());
        QTRY_COMPARE(pages.size(), 3); // preview, page, next page
        QCOMPARE(pages, (QList<int> { 0, 0, 1 }));
        for (QThread *thread : threads)
            QCOMPARE(thread, QThread::currentThread());
    }

    void sequentialReadingIsServedFromThePrerenderCache()
    {
        RenderService service(numbered(12));
        int fromCache = 0;
        for (int page = 0; page < 12; ++page) {
            const View view = service.show(page, 800);
            if (view.cached == view.keys.size())
                ++fromCache;
            QVERIFY(service.waitForIdle()); // the reader spends a second on each page
        }
        QCOMPARE(fromCache, 11); // every turn but the very first page
        // Going back is served too.
        const View back = service.show(10, 800);
        QCOMPARE(back.cached, 1);
    }

    // The default budget holds what sequential reading needs at the reader's default zoom on
    // a 2560×1600 tablet (fit width: A4 pages 2560×3621, 37 MB each): every turn forward is
    // served from the cache, and the page left behind is still there for a turn back.
    void theDefaultBudgetKeepsThePageAndBothNeighboursAtFitWidth()
    {
        RenderService service(numbered(6));
        const QRect visible(0, 0, 2560, 1356); // the screen under the toolbars and the strip
        const qint64 pageBytes =
            qint64(service.pixelSize(0, 2560).width()) * service.pixelSize(0, 2560).height() * 4;
        QVERIFY2(pageBytes > 32ll * 1024 * 1024, qPrintable(QString::number(pageBytes)));
        service.show(0, 2560, visible);
        QVERIFY(service.waitForIdle(60000));
        for (int page = 1; page < 5; ++page) {
            const View view = service.show(page, 2560, visible);
            QVERIFY(!view.tiled);
            QCOMPARE(view.cached, view.keys.size());
            QVERIFY(service.waitForIdle(60000));
            for (int neighbour : { page - 1, page + 1 })
                QVERIFY(
                    service.cache().contains(service.keysFor(neighbour, 2560, visible).first()));
            QVERIFY(service.cache().bytes() <= service.settings().cacheBytes);
        }
    }

    void movingOnCancelsStaleRequests()
    {
        // Large pages so renders take long enough for the reader to move on meanwhile.
        RenderSettings settings;
        settings.maxWholePagePixels = 4000ll * 6000;
        RenderService service(numbered(30), settings);
        View last;
        for (int page = 0; page < 30; ++page)
            last = service.show(page, 3000);
        QVERIFY(service.waitForIdle(60000));
        // 30 shows asked for ~90 images; most were dropped before or during rendering.
        QVERIFY2(service.renderedCount() < 30,
                 qPrintable(QString::number(service.renderedCount())));
        QVERIFY(service.cancelledCount() > 0);
        // What the reader looks at now, and its neighbours, are there.
        QVERIFY(service.cache().contains(last.keys.first()));
        QVERIFY(service.cache().contains(service.keysFor(28, 3000, {}).first()));
    }

    void zoomedPagesRenderOnlyVisibleTiles()
    {
        RenderSettings settings;
        settings.prerender = false;
        RenderService service(numbered(2), settings);
        QList<QSize> sizes;
        connect(
            &service, &RenderService::rendered, this,
            [&](const RenderKey &, const QImage &image) { sizes.append(image.size()); },
            Qt::DirectConnection);
        // 6000 px wide: 6000×8485, far above the whole-page limit.
        const QRect visible(2000, 3000, 1280, 800);
        const View view = service.show(0, 6000, visible);
        QVERIFY(view.tiled);
        // Columns from 1536 to 3583 (4 tiles) × rows from 2560 to 4095 (3 tiles).
        QCOMPARE(view.keys.size(), 12);
        QVERIFY(service.waitForIdle());
        QCOMPARE(sizes.size(), 12);
        for (const QSize &size : sizes)
            QVERIFY(size.width() <= 512 && size.height() <= 512);
        QRect covered;
        for (const RenderKey &key : view.keys)
            covered = covered.united(key.tile);
        QVERIFY(covered.contains(visible));
        // Not zoomed: one whole page.
        QVERIFY(!service.show(0, 1200).tiled);
    }

    void nightModeInvertsAndIsCachedSeparately()
    {
        RenderService service(numbered(1));
        const View day = service.show(0, 595);
        QVERIFY(service.waitForIdle());
        service.setNight(true);
        const View night = service.show(0, 595);
        QCOMPARE(night.cached, 0);
        QVERIFY(night.keys.first().night);
        QVERIFY(service.waitForIdle());
        const QImage a = service.cache().find(day.keys.first());
        const QImage b = service.cache().find(night.keys.first());
        QCOMPARE(a.pixelColor(300, 400), QColor(Qt::white));
        QCOMPARE(b.pixelColor(300, 400), QColor(Qt::black));
    }

    void destroyingWhileRenderingIsSafe()
    {
        auto service = std::make_unique<RenderService>(numbered(5));
        service->show(0, 3000);
        service.reset(); // joins the worker, aborting the render in progress
        QVERIFY(true);
    }
};

QTEST_MAIN(TestRenderService)
#include "tst_renderservice.moc"
