// SPDX-License-Identifier: GPL-3.0-or-later
// The document reader on a real, large PDF: time to the first page, per-page render time
// on a 2560×1600 screen (fit page and fit width) against pdftoppm (same engine) and mutool
// draw (MuPDF) on the same pages at the same size in the same run, the share of sequential
// page turns served by the prerender cache at one page per second (at both zooms), and peak
// RSS. Prints figures; does not pass or fail (docs/benchmarks.md).

#include "app/documents/documentreader.h"
#include "app/documents/pdfdocument.h"
#include "app/documents/renderservice.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <sys/resource.h>

using namespace Aula::Documents;

namespace {

QTextStream out(stdout);

double peakRssMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; // kilobytes on Linux
}

struct Stats
{
    double median = 0, mean = 0, max = 0;
};

Stats stats(QList<double> ms)
{
    Stats s;
    if (ms.isEmpty())
        return s;
    std::sort(ms.begin(), ms.end());
    s.median = ms[ms.size() / 2];
    for (double v : ms)
        s.mean += v;
    s.mean /= ms.size();
    s.max = ms.last();
    return s;
}

// Runs a tool over the pages and returns the wall time per page in ms, or -1 when missing.
double toolPerPage(const QString &program, const QStringList &arguments, int pages)
{
    if (QStandardPaths::findExecutable(program).isEmpty())
        return -1;
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForFinished(600'000) || process.exitCode() != 0) {
        out << "  " << program << " failed: " << process.readAllStandardError() << "\n";
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e6 / pages;
}

// The pixel size of the first PPM a tool wrote into `dir` ("WxH"), to show that the tools
// rendered at the size asked for; "?" when there is none.
QString ppmSize(const QString &dir)
{
    const QStringList files =
        QDir(dir).entryList({ QStringLiteral("*.ppm") }, QDir::Files, QDir::Name);
    if (files.isEmpty())
        return QStringLiteral("?");
    QFile file(QDir(dir).filePath(files.first()));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    // "P6\n<width> <height>\n255\n": neither tool writes comments.
    const QList<QByteArray> header = file.read(64).simplified().split(' ');
    if (header.size() < 3 || header[0] != "P6")
        return QStringLiteral("?");
    return QString::fromLatin1(header[1]) + u'x' + QString::fromLatin1(header[2]);
}

// The same, the way the reader opened a document before session 2's changes, rebuilt from
// the same parts for an A/B in one run: openFile() parsed the PDF twice (fromFile(), then
// open() on its bytes), open() read the outline and started the thumbnail service at once,
// the strip asked for its first 12 thumbnails with the page, and a page taller than the
// screen got a half-width preview, not a slice of the screen.
int firstPageAsBefore(const QString &path, QSize screen, bool fitWidth)
{
    QElapsedTimer timer;
    timer.start();
    auto read = PdfDocument::fromFile(path);
    if (!read.ok())
        return 1;
    const double readMs = timer.nsecsElapsed() / 1e6;
    auto opened = PdfDocument::fromBytes(read.value()->bytes());
    if (!opened.ok())
        return 1;
    const std::shared_ptr<PdfDocument> doc = opened.value();
    RenderSettings noSlice;
    noSlice.slice = false;
    RenderService pages(doc, noSlice);
    RenderSettings thumbnailSettings;
    thumbnailSettings.cacheBytes = 24ll * 1024 * 1024;
    thumbnailSettings.prerender = false;
    RenderService thumbnails(doc, thumbnailSettings);
    const std::function<int(const QList<OutlineEntry> &)> count =
        [&](const QList<OutlineEntry> &entries) {
            int n = 0;
            for (const OutlineEntry &e : entries)
                n += 1 + count(e.children);
            return n;
        };
    const int outlineRows = count(doc->outline());
    read = Aula::Error {};
    const double openMs = timer.nsecsElapsed() / 1e6;
    const QSizeF size = doc->pageSize(0);
    const int width = fitWidth ? screen.width()
                               : int(std::lround(size.width()
                                                 * std::min(screen.width() / size.width(),
                                                            screen.height() / size.height())));
    View view;
    double firstImageMs = -1, pageMs = -1;
    QEventLoop loop;
    QObject::connect(&pages, &RenderService::rendered, &loop, [&](const RenderKey &key) {
        if (key == view.preview) {
            firstImageMs = timer.nsecsElapsed() / 1e6;
        } else if (key == view.keys.first()) {
            pageMs = timer.nsecsElapsed() / 1e6;
            loop.quit();
        }
    });
    view = pages.show(0, width);
    for (int page = 0; page < 12 && page < doc->pageCount(); ++page)
        for (const RenderKey &key :
             thumbnails.keysFor(page, int(std::lround(112 * size.width() / size.height())), {}))
            thumbnails.request(key);
    loop.exec();
    out << "first " << readMs << " " << openMs - readMs << " " << firstImageMs << " " << pageMs
        << " " << openMs << " " << outlineRows << " preview "
        << std::max(pages.pixelSize(0, width).width(), pages.pixelSize(0, width).height()) << " 0 "
        << pageMs << "\n";
    return 0;
}

// Open to first page the way the reader does it (DocumentPage → DocumentReader::open(bytes)
// → PdfPage::request() → RenderService::show()), in a process that has not opened a PDF
// yet: read the bytes, open, the first image on screen (the part of the page on screen,
// or the half-width preview), the whole page; then, once the page is shown, the page list,
// thumbnails and outline. `fitWidth`: the reader's default, the page as wide as the screen
// and the viewport 244 px shorter than it (two toolbars and the thumbnail strip); else the
// whole page in the screen. One line of figures in ms.
int firstPageOnly(const QString &path, QSize screen, bool fitWidth, bool warm)
{
    // As the app does at start-up, while the member logs in.
    const double warmUpMs = warm ? PdfDocument::warmUp() : 0;
    QElapsedTimer timer;
    timer.start();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    const QByteArray bytes = file.readAll();
    const double readMs = timer.nsecsElapsed() / 1e6;
    DocumentReader reader;
    if (!reader.open(bytes).ok())
        return 1;
    const double openMs = timer.nsecsElapsed() / 1e6;
    const QSizeF size = reader.pageSize(0);
    const int width = fitWidth ? screen.width()
                               : int(std::lround(size.width()
                                                 * std::min(screen.width() / size.width(),
                                                            screen.height() / size.height())));
    const QRect visible = fitWidth ? QRect(0, 0, screen.width(), screen.height() - 244)
                                   : QRect(0, 0, width, screen.height());
    // First image: whatever is on screen first (the preview, scaled up). Sharp: the screen at
    // full resolution (the slice, or the whole page when it fits the screen).
    double firstImageMs = -1, sharpMs = -1, pageMs = -1, fullyOpenMs = -1;
    QEventLoop loop;
    View view;
    QObject::connect(reader.renderService(), &RenderService::rendered, &loop,
                     [&](const RenderKey &key) {
                         const double now = timer.nsecsElapsed() / 1e6;
                         if (key == view.slice || key == view.preview || key == view.keys.first())
                             if (firstImageMs < 0)
                                 firstImageMs = now;
                         if (key == view.slice && sharpMs < 0)
                             sharpMs = now;
                         if (key == view.keys.first()) {
                             pageMs = now;
                             if (sharpMs < 0)
                                 sharpMs = now;
                             loop.quit();
                         }
                     });
    view = reader.renderService()->show(0, width, visible);
    loop.exec();
    reader.pageShown();
    QObject::connect(&reader, &DocumentReader::fullyOpenChanged, &loop, [&] {
        fullyOpenMs = timer.nsecsElapsed() / 1e6;
        loop.quit();
    });
    loop.exec();
    out << "first " << readMs << " " << openMs - readMs << " " << firstImageMs << " " << pageMs
        << " " << fullyOpenMs << " " << reader.outline()->rowCount() << " "
        << (view.preview.page >= 0 ? "preview" : (view.slice.page >= 0 ? "slice" : "page")) << " "
        << std::max(reader.renderService()->pixelSize(0, width).width(),
                    reader.renderService()->pixelSize(0, width).height())
        << " " << warmUpMs << " " << sharpMs << "\n";
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("pdf"), QStringLiteral("PDF to read."),
                       QStringLiteral("path"),
                       QStringLiteral("/usr/share/doc/octave/octave.pdf") });
    parser.addOption({ QStringLiteral("first"), QStringLiteral("First page (from 1)."),
                       QStringLiteral("n"), QStringLiteral("101") });
    parser.addOption({ QStringLiteral("pages"), QStringLiteral("Pages to render."),
                       QStringLiteral("n"), QStringLiteral("40") });
    parser.addOption({ QStringLiteral("width"), QStringLiteral("Screen width."),
                       QStringLiteral("px"), QStringLiteral("2560") });
    parser.addOption({ QStringLiteral("height"), QStringLiteral("Screen height."),
                       QStringLiteral("px"), QStringLiteral("1600") });
    parser.addOption({ QStringLiteral("first-only"),
                       QStringLiteral("Only time the first page through the reader, once.") });
    parser.addOption({ QStringLiteral("fit-page"),
                       QStringLiteral("With --first-only: fit page instead of fit width.") });
    parser.addOption({ QStringLiteral("as-before"),
                       QStringLiteral("With --first-only: the open path before session 2.") });
    parser.addOption({ QStringLiteral("warm-up"),
                       QStringLiteral("With --first-only: PdfDocument::warmUp() first.") });
    parser.addOption({ QStringLiteral("cold-runs"),
                       QStringLiteral("Fresh processes timing the first page."),
                       QStringLiteral("n"), QStringLiteral("7") });
    parser.process(app);
    const QString path = parser.value(QStringLiteral("pdf"));
    const int first = parser.value(QStringLiteral("first")).toInt() - 1;
    const int count = parser.value(QStringLiteral("pages")).toInt();
    const QSize screen(parser.value(QStringLiteral("width")).toInt(),
                       parser.value(QStringLiteral("height")).toInt());

    if (parser.isSet(QStringLiteral("first-only")) && parser.isSet(QStringLiteral("as-before")))
        return firstPageAsBefore(path, screen, !parser.isSet(QStringLiteral("fit-page")));
    if (parser.isSet(QStringLiteral("first-only")))
        return firstPageOnly(path, screen, !parser.isSet(QStringLiteral("fit-page")),
                             parser.isSet(QStringLiteral("warm-up")));

    // 0. The first page as the reader shows it, each in a fresh process (the first PDF a
    // process opens pays for Poppler's global setup), against pdftoppm's first page right
    // after each (same size): the median of the runs. The configurations take turns within
    // each run, so a load that changes during the run touches them alike.
    {
        struct Config
        {
            bool fitWidth = true;
            bool warm = false;
            bool asBefore = false;
            QList<double> read, open, firstImage, sharp, page, fullyOpen, tool, warmUp;
            int outlineRows = 0;
            QString firstKind;
        };
        QList<Config> configs;
        for (const bool fitWidth : { true, false })
            for (const auto &[warm, asBefore] :
                 { std::pair(false, true), std::pair(false, false), std::pair(true, false) }) {
                Config c;
                c.fitWidth = fitWidth;
                c.warm = warm;
                c.asBefore = asBefore;
                configs.append(c);
            }
        const int runs = parser.value(QStringLiteral("cold-runs")).toInt();
        for (int run = 0; run < runs; ++run) {
            for (Config &c : configs) {
                QProcess self;
                QStringList arguments = { QStringLiteral("--first-only"),
                                          QStringLiteral("--pdf"),
                                          path,
                                          QStringLiteral("--width"),
                                          QString::number(screen.width()),
                                          QStringLiteral("--height"),
                                          QString::number(screen.height()) };
                if (!c.fitWidth)
                    arguments.append(QStringLiteral("--fit-page"));
                if (c.warm)
                    arguments.append(QStringLiteral("--warm-up"));
                if (c.asBefore)
                    arguments.append(QStringLiteral("--as-before"));
                self.start(QCoreApplication::applicationFilePath(), arguments);
                self.waitForFinished(60'000);
                const QStringList f =
                    QString::fromLatin1(self.readAllStandardOutput()).trimmed().split(u' ');
                if (f.size() != 11 || f[0] != QLatin1String("first")) {
                    out << "first-page run failed: " << f.join(u' ') << "\n";
                    continue;
                }
                c.read.append(f[1].toDouble());
                c.open.append(f[2].toDouble());
                c.firstImage.append(f[3].toDouble());
                c.page.append(f[4].toDouble());
                c.fullyOpen.append(f[5].toDouble());
                c.outlineRows = f[6].toInt();
                c.firstKind = f[7];
                c.warmUp.append(f[9].toDouble());
                c.sharp.append(f[10].toDouble());
                QTemporaryDir dir;
                // pdftoppm renders the whole page at the same size.
                c.tool.append(
                    toolPerPage(QStringLiteral("pdftoppm"),
                                { QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                                  QStringLiteral("1"), QStringLiteral("-scale-to"), f[8], path,
                                  dir.filePath(QStringLiteral("p")) },
                                1));
            }
        }
        const auto line = [](const QList<double> &ms) {
            QList<double> sorted = ms;
            std::sort(sorted.begin(), sorted.end());
            if (sorted.isEmpty())
                return QStringLiteral("-");
            return QStringLiteral("median %1, min %2, max %3")
                .arg(sorted[sorted.size() / 2], 0, 'f', 0)
                .arg(sorted.first(), 0, 'f', 0)
                .arg(sorted.last(), 0, 'f', 0);
        };
        for (const Config &c : configs) {
            out << "first page, " << (c.fitWidth ? "fit width (the reader's default)" : "fit page")
                << (c.asBefore ? ", open path as before session 2" : ", DocumentReader")
                << (c.warm ? QStringLiteral(", after PdfDocument::warmUp() (%1 ms)")
                                 .arg(line(c.warmUp))
                           : QString())
                << ", " << c.read.size() << " fresh processes (ms from reading the file):\n";
            out << "  read " << line(c.read) << "; open " << line(c.open) << "\n";
            out << "  first image on screen (" << c.firstKind << ") " << line(c.firstImage) << "\n";
            out << "  screen sharp (full resolution) " << line(c.sharp) << "\n";
            out << "  whole page " << line(c.page) << "\n";
            out << "  page list + outline (" << c.outlineRows << " entries) ready "
                << line(c.fullyOpen) << "\n";
            out << "  pdftoppm, whole first page, right after each run " << line(c.tool) << "\n";
        }
        out.flush();
    }

    // 1. Open to first page visible: read the bytes (as from the store), open, render the
    // first page fitted to the screen through the render service, until its image arrives.
    QElapsedTimer timer;
    timer.start();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out << "cannot read " << path << " (install octave-doc, or pass --pdf)\n";
        return 1;
    }
    const QByteArray bytes = file.readAll();
    const double readMs = timer.nsecsElapsed() / 1e6;
    auto opened = PdfDocument::fromBytes(bytes);
    if (!opened.ok()) {
        out << "cannot open: " << opened.error().message << "\n";
        return 1;
    }
    const std::shared_ptr<PdfDocument> doc = opened.value();
    const double openMs = timer.nsecsElapsed() / 1e6;
    const QSizeF size = doc->pageSize(first);
    // Fit page: the whole page on the screen, as the reader opens a document.
    const double scale = std::min(screen.width() / size.width(), screen.height() / size.height());
    const int pageWidth = int(std::lround(size.width() * scale));
    QSize pixels;
    double previewMs = -1;
    {
        RenderService service(doc);
        QEventLoop loop;
        const int firstWidth =
            int(std::lround(doc->pageSize(0).width()
                            * std::min(screen.width() / doc->pageSize(0).width(),
                                       screen.height() / doc->pageSize(0).height())));
        QObject::connect(&service, &RenderService::rendered, &loop,
                         [&](const RenderKey &key, const QImage &image) {
                             if (key.page != 0)
                                 return;
                             if (key.width < firstWidth) {
                                 previewMs = timer.nsecsElapsed() / 1e6;
                                 return;
                             }
                             pixels = image.size();
                             loop.quit();
                         });
        service.show(0, firstWidth);
        loop.exec();
    }
    const double firstPageMs = timer.nsecsElapsed() / 1e6;
    out << "document: " << path << ", " << doc->pageCount() << " pages, "
        << bytes.size() / 1024 / 1024.0 << " MB\n";
    out << "time to first page: " << firstPageMs << " ms (read " << readMs << ", open "
        << openMs - readMs << ", render " << pixels.width() << "x" << pixels.height() << " "
        << firstPageMs - openMs << ")\n";
    out << "first page visible as a half-width preview after " << previewMs << " ms\n";
    out << "peak RSS after first page: " << peakRssMb() << " MB\n";
    {
        QElapsedTimer t;
        t.start();
        (void)doc->render(0, double(pixels.width()) / doc->pageSize(0).width());
        out << "first page again (warm): " << t.nsecsElapsed() / 1e6 << " ms\n";
        t.restart();
        (void)doc->render(0, double(pixels.width()) / 2 / doc->pageSize(0).width());
        out << "first page at half width (warm): " << t.nsecsElapsed() / 1e6 << " ms\n";
        t.restart();
        auto again = PdfDocument::fromBytes(bytes);
        out << "open again in the same process: " << t.nsecsElapsed() / 1e6 << " ms\n";
        t.restart();
        const int entries = int(doc->outline().size());
        out << "outline (" << entries << " top-level entries): " << t.nsecsElapsed() / 1e6
            << " ms\n";
    }
    {
        // The same first page by the command-line tools, start to file written.
        QTemporaryDir firstDir;
        const double byPdftoppm =
            toolPerPage(QStringLiteral("pdftoppm"),
                        { QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                          QStringLiteral("1"), QStringLiteral("-scale-to"),
                          QString::number(std::max(pixels.width(), pixels.height())), path,
                          firstDir.filePath(QStringLiteral("p")) },
                        1);
        const double byMutool =
            toolPerPage(QStringLiteral("mutool"),
                        { QStringLiteral("draw"), QStringLiteral("-q"), QStringLiteral("-o"),
                          firstDir.filePath(QStringLiteral("m.ppm")), QStringLiteral("-w"),
                          QString::number(screen.width()), QStringLiteral("-h"),
                          QString::number(screen.height()), path, QStringLiteral("1") },
                        1);
        out << "first page by pdftoppm (process start, open, render, write): " << byPdftoppm
            << " ms; by mutool draw: " << byMutool << " ms\n";
    }

    // 2 and 3, at the two zooms a 2560×1600 screen shows a page at: fit page (the whole page
    // on the screen, 1236×1600 for US letter) and fit width (the reader's default: 2560 px
    // wide, 2560×3313, the top 1356 px on screen under the toolbars and the strip).
    const int fitHeight = int(std::lround(size.height() * scale));
    const QString from = QString::number(first + 1), to = QString::number(first + count);
    for (const bool fitWidth : { false, true }) {
        const int width = fitWidth ? screen.width() : pageWidth;
        const double pageScale = double(width) / size.width();
        const QRect visible =
            fitWidth ? QRect(0, 0, screen.width(), screen.height() - 244) : QRect();
        const QString zoom = fitWidth ? QStringLiteral("fit width") : QStringLiteral("fit page");

        // 2. Per-page render time, same pages, same size: Aula, pdftoppm, mutool draw.
        QList<double> aula;
        QSize rendered;
        for (int page = first; page < first + count && page < doc->pageCount(); ++page) {
            QElapsedTimer t;
            t.start();
            const QImage image = doc->render(page, pageScale);
            aula.append(t.nsecsElapsed() / 1e6);
            if (image.isNull())
                out << "page " << page + 1 << " failed to render\n";
            else
                rendered = image.size();
        }
        const Stats a = stats(aula);
        QTemporaryDir scratch;
        // PPM output on both sides, so neither pays for PNG compression; both include starting
        // up and opening the document, amortised over the pages. Fit page: both fit the page
        // into the screen; fit width: both scale it to the screen's width.
        const QStringList pdftoppmSize = fitWidth
            ? QStringList { QStringLiteral("-scale-to-x"), QString::number(width),
                            QStringLiteral("-scale-to-y"), QStringLiteral("-1") }
            : QStringList { QStringLiteral("-scale-to"),
                            QString::number(std::max(pageWidth, fitHeight)) };
        const QStringList mutoolSize = fitWidth
            ? QStringList { QStringLiteral("-w"), QString::number(width) }
            : QStringList { QStringLiteral("-w"), QString::number(screen.width()),
                            QStringLiteral("-h"), QString::number(screen.height()) };
        const QString ppmDir = scratch.filePath(QStringLiteral("pdftoppm"));
        const QString mutoolDir = scratch.filePath(QStringLiteral("mutool"));
        QDir().mkpath(ppmDir);
        QDir().mkpath(mutoolDir);
        const double pdftoppm = toolPerPage(
            QStringLiteral("pdftoppm"),
            QStringList { QStringLiteral("-f"), from, QStringLiteral("-l"), to } + pdftoppmSize
                + QStringList { path, QDir(ppmDir).filePath(QStringLiteral("p")) },
            count);
        const double mutool = toolPerPage(
            QStringLiteral("mutool"),
            QStringList { QStringLiteral("draw"), QStringLiteral("-q"), QStringLiteral("-o"),
                          QDir(mutoolDir).filePath(QStringLiteral("m%d.ppm")) }
                + mutoolSize + QStringList { path, from + QLatin1Char('-') + to },
            count);
        out << "per-page render, " << zoom << " " << rendered.width() << "x" << rendered.height()
            << " (screen " << screen.width() << "x" << screen.height() << "), pages " << from << "-"
            << to << ":\n";
        out << "  aula (Poppler Splash, in process): median " << a.median << " ms, mean " << a.mean
            << " ms, max " << a.max << " ms\n";
        out << "  pdftoppm (per page, incl. process start and open): " << pdftoppm << " ms ("
            << ppmSize(ppmDir) << ")\n";
        out << "  mutool draw (per page, incl. process start and open): " << mutool << " ms ("
            << ppmSize(mutoolDir) << ")\n";

        // 3. Sequential reading at one page per second: each turn is served from the cache
        // when every image of the new page is already there. The worker gets up to one second
        // per page (the reader's reading time), so the clock is real but never waited beyond
        // need; how long it needed after each turn is the headroom.
        int served = 0, turns = 0;
        QList<double> busy;
        {
            RenderService service(doc);
            service.show(first, width, visible);
            service.waitForIdle(1000);
            for (int page = first + 1; page < first + count && page < doc->pageCount(); ++page) {
                const View view = service.show(page, width, visible);
                ++turns;
                if (view.cached == view.keys.size() && !view.keys.isEmpty())
                    ++served;
                QElapsedTimer t;
                t.start();
                service.waitForIdle(1000);
                busy.append(t.nsecsElapsed() / 1e6);
            }
            const Stats b = stats(busy);
            out << "sequential turns (" << zoom << ") served from the prerender cache: " << served
                << "/" << turns << " (" << (turns ? 100.0 * served / turns : 0)
                << "%); the worker busy after each turn: median " << b.median << " ms, max "
                << b.max << " ms; cache " << service.cache().bytes() / 1024 / 1024 << " MB in "
                << service.cache().count() << " images\n";
        }
        out << "peak RSS so far: " << peakRssMb() << " MB\n";
        out.flush();
    }
    // Also with a zoom of 4x: tiles, so the page is never rendered whole.
    {
        RenderService service(doc);
        QElapsedTimer t;
        t.start();
        const View view = service.show(first, pageWidth * 4, QRect(QPoint(0, 0), screen));
        service.waitForIdle(30000);
        out << "zoom 4x (" << pageWidth * 4 << " px wide): " << view.keys.size()
            << " tiles for the visible screen, " << t.nsecsElapsed() / 1e6
            << " ms with both neighbours prerendered\n";
    }
    {
        // Whole-document search, as DocumentReader::search() runs it: the first one
        // extracts every page's text, later ones only ask Poppler about pages that may match.
        for (const QString &word : { QStringLiteral("eigenvalues"), QStringLiteral("determinant"),
                                     QStringLiteral("sparse matrix") }) {
            QElapsedTimer t;
            t.start();
            const QList<SearchHit> hits = doc->search(word);
            out << "search \"" << word << "\" over " << doc->pageCount()
                << " pages: " << hits.size() << " hits in " << t.nsecsElapsed() / 1e6 << " ms\n";
        }
    }
    out << "peak RSS: " << peakRssMb() << " MB\n";
    return 0;
}
