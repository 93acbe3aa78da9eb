// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pdfdocument.h"

#include "app/documents/annotation.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <optional>
#include <poppler-annotation.h>
#include <poppler-link.h>
#include <poppler-qt6.h>

Q_LOGGING_CATEGORY(lcDocuments, "aula.app.documents")

namespace Aula::Documents {

namespace {

// One word of a page as Poppler's text layout gives it, in reading order.
struct Word
{
    QString text;
    QRectF rect;
    bool spaceAfter = false;
    // The last word of its line (Poppler links the words of a line; this one has no next).
    bool lineEnd = true;
};

// A line: the words [first, last] and the rectangle around them.
struct Line
{
    qsizetype first = 0;
    qsizetype last = 0;
    QRectF rect;
};

struct PageWords
{
    QList<Word> words;
    QList<Line> lines;
};

} // namespace

struct PdfDocument::Private
{
    mutable QMutex lock;
    // Poppler reads the PDF through this device over the caller's bytes (shared, never
    // copied): Document::loadFromData() would deep-copy them (it calls the non-const data()
    // of a shared QByteArray), which on a 4.5 MB manual was more than half of the open.
    // Read only under `lock`, like the document. Declared before `doc`, which uses it.
    QByteArray bytes;
    QBuffer device;
    std::unique_ptr<Poppler::Document> doc;
    // Page objects are cheap to keep and expensive to look up again in a large page tree;
    // they are looked up on first use. Guarded by `lock`.
    std::vector<std::unique_ptr<Poppler::Page>> pages;
    std::vector<bool> tried;
    // Each page's text folded for a quick "could it match?" before Poppler's own search,
    // which extracts the page's text again on every call. Guarded by `lock`.
    std::vector<std::optional<QString>> folded;
    // Sizes have their own lock so a known size never waits for a render.
    mutable QMutex sizeLock;
    std::vector<QSizeF> sizes;
    // The words of the last page a selection asked about: a drag asks on every move.
    // Guarded by `lock`.
    int wordsPage = -1;
    PageWords words;

    // The page, looked up if needed; null when damaged. Call with `lock` held.
    Poppler::Page *page(int i)
    {
        if (!tried[i]) {
            tried[i] = true;
            pages[i] = doc->page(i);
            const QSizeF size = pages[i] ? pages[i]->pageSizeF() : QSizeF();
            if (pages[i] && size.isEmpty())
                pages[i].reset();
            QMutexLocker sizeLocker(&sizeLock);
            sizes[i] = size;
        }
        return pages[i].get();
    }
};

namespace {

void routePopplerMessages()
{
    // Poppler writes parse errors to stderr by default; a broken PDF is expected input here,
    // so its complaints belong in our category, where they can be silenced or collected.
    static const bool once = [] {
        Poppler::setDebugErrorFunction(
            [](const QString &message, const QVariant &) {
                qCDebug(lcDocuments) << "poppler:" << message;
            },
            QVariant());
        return true;
    }();
    Q_UNUSED(once);
}

// Case, accents, spaces and hyphens removed: lenient on purpose, so that anything Poppler's
// search (IgnoreCase, IgnoreDiacritics, AcrossLines) can find passes this filter.
QString fold(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.isMark() || c.isSpace() || c == u'-' || c == QChar(0x00AD))
            continue;
        out.append(c.toCaseFolded());
    }
    return out;
}

Error openError(const QString &code, const QString &message)
{
    return Error { code, message };
}

void configure(Poppler::Document &doc)
{
    doc.setRenderBackend(Poppler::Document::SplashBackend);
    doc.setRenderHint(Poppler::Document::Antialiasing);
    doc.setRenderHint(Poppler::Document::TextAntialiasing);
}

QList<OutlineEntry> convertOutline(const QVector<Poppler::OutlineItem> &items)
{
    QList<OutlineEntry> out;
    for (const Poppler::OutlineItem &item : items) {
        OutlineEntry entry;
        entry.title = item.name();
        if (const auto destination = item.destination())
            entry.page = destination->pageNumber() - 1;
        if (item.hasChildren())
            entry.children = convertOutline(item.children());
        out.append(entry);
    }
    return out;
}

QRectF normalized(const QRectF &r, const QSizeF &size)
{
    return { r.x() / size.width(), r.y() / size.height(), r.width() / size.width(),
             r.height() / size.height() };
}

QPointF normalized(const QPointF &p, const QSizeF &size)
{
    return { p.x() / size.width(), p.y() / size.height() };
}

std::unique_ptr<Poppler::Annotation> toPoppler(const Annotation &a, const QSizeF &size)
{
    std::unique_ptr<Poppler::Annotation> out;
    switch (a.kind) {
    case AnnotationKind::Ink: {
        auto ink = std::make_unique<Poppler::InkAnnotation>();
        QList<QVector<QPointF>> paths;
        for (const auto &stroke : a.strokes) {
            QVector<QPointF> path;
            for (const QPointF &p : stroke)
                path.append(normalized(p, size));
            paths.append(path);
        }
        ink->setInkPaths(paths);
        out = std::move(ink);
        break;
    }
    case AnnotationKind::Highlight: {
        auto highlight = std::make_unique<Poppler::HighlightAnnotation>();
        highlight->setHighlightType(Poppler::HighlightAnnotation::Highlight);
        QList<Poppler::HighlightAnnotation::Quad> quads;
        for (const QRectF &r : a.rects) {
            const QRectF n = normalized(r, size);
            Poppler::HighlightAnnotation::Quad quad {};
            quad.points[0] = n.topLeft();
            quad.points[1] = n.topRight();
            quad.points[2] = n.bottomRight();
            quad.points[3] = n.bottomLeft();
            quad.capStart = false;
            quad.capEnd = false;
            quad.feather = 0.1;
            quads.append(quad);
        }
        highlight->setHighlightQuads(quads);
        out = std::move(highlight);
        break;
    }
    case AnnotationKind::Note: {
        auto text = std::make_unique<Poppler::TextAnnotation>(Poppler::TextAnnotation::Linked);
        text->setTextIcon(QStringLiteral("Note"));
        out = std::move(text);
        break;
    }
    }
    out->setUniqueName(a.id);
    out->setContents(a.kind == AnnotationKind::Highlight && a.note.isEmpty() ? a.anchor.quote
                                                                             : a.note);
    out->setBoundary(normalized(a.bounds(), size));
    Poppler::Annotation::Style style;
    style.setColor(a.color);
    style.setOpacity(a.kind == AnnotationKind::Highlight ? 0.5 : 1.0);
    style.setWidth(2.0);
    out->setStyle(style);
    return out;
}

QPointF denormalized(const QPointF &p, const QSizeF &size)
{
    return { p.x() * size.width(), p.y() * size.height() };
}

} // namespace

PdfDocument::PdfDocument(std::unique_ptr<Private> dd, QByteArray bytes, int pageCount)
    : d(std::move(dd))
    , m_bytes(std::move(bytes))
    , m_pageCount(pageCount)
{ }

PdfDocument::~PdfDocument() = default;

Result<std::shared_ptr<PdfDocument>> PdfDocument::fromBytes(const QByteArray &bytes)
{
    routePopplerMessages();
    if (bytes.isEmpty())
        return openError(QStringLiteral("empty"), tr("The document is empty."));
    // PDF readers accept the header anywhere in the first kilobyte.
    if (!bytes.left(1024).contains("%PDF-"))
        return openError(QStringLiteral("not_pdf"), tr("The document is not a PDF."));
    auto d = std::make_unique<Private>();
    d->bytes = bytes;
    d->device.setBuffer(&d->bytes);
    d->device.open(QIODevice::ReadOnly);
    // Used by whichever thread holds the lock (the render worker, a search): no affinity.
    d->device.moveToThread(nullptr);
    d->doc = Poppler::Document::load(&d->device);
    if (!d->doc)
        return openError(QStringLiteral("damaged"),
                         tr("The PDF is damaged or incomplete and cannot be opened; download it "
                            "again."));
    if (d->doc->isLocked())
        return openError(QStringLiteral("encrypted"),
                         tr("The PDF is protected by a password; ask the clerk for a copy "
                            "without one."));
    const int count = d->doc->numPages();
    if (count <= 0)
        return openError(QStringLiteral("no_pages"),
                         tr("The PDF has no readable pages; it is probably damaged or "
                            "incomplete."));
    configure(*d->doc);
    d->pages.resize(count);
    d->tried.resize(count, false);
    d->sizes.resize(count);
    d->folded.resize(count);
    // The first page must be readable: it is what the reader shows first.
    if (!d->page(0))
        return openError(QStringLiteral("damaged"),
                         tr("The first page of the PDF is damaged; download the document "
                            "again."));
    return std::shared_ptr<PdfDocument>(new PdfDocument(std::move(d), bytes, count));
}

QByteArray PdfDocument::warmUpPdf()
{
    // One page with what the first page of an act typically needs: a line of Helvetica (not
    // embedded: fontconfig finds a substitute, as for many acts exported from word
    // processors), a small inline image, and a Flate-compressed RGB image drawn smaller than
    // it is, directly and through a form XObject (a letterhead's logo).
    const auto flate = [](const QByteArray &data) -> QByteArray {
        // qCompress() is zlib's format behind a 4-byte length: what /FlateDecode reads.
        return qCompress(data).mid(4);
    };
    const auto stream = [](const QByteArray &dictionary, const QByteArray &data) -> QByteArray {
        return "<< " + dictionary + " /Length " + QByteArray::number(data.size()) + " >>\nstream\n"
            + data + "\nendstream";
    };
    QByteArray pixels;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            pixels.append(char(x * 4)).append(char(y * 4)).append(char(128));
    const QByteArray content = "BT /F1 12 Tf 10 50 Td (Aula) Tj ET\n"
                               "q 20 0 0 20 100 40 cm BI /W 2 /H 2 /CS /G /BPC 8 ID "
                               "\x10\x80\x80\x10 EI Q\n"
                               "q 30 0 0 30 130 40 cm /Im1 Do Q /Fm1 Do\n";
    const QList<QByteArray> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Resources << /Font << /F1 4 0 R "
        ">> /XObject << /Im1 6 0 R /Fm1 7 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream("/Filter /FlateDecode", flate(content)),
        stream("/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceRGB "
               "/BitsPerComponent 8 /Filter /FlateDecode",
               flate(pixels)),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 200 100] /Resources << /XObject << "
               "/Im1 6 0 R >> >>",
               "q 25 0 0 25 165 60 cm /Im1 Do Q"),
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1)
        + " /Root 1 0 R >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

double PdfDocument::warmUp()
{
    QElapsedTimer timer;
    timer.start();
    if (auto doc = fromBytes(warmUpPdf()); doc.ok())
        (void)doc.value()->render(0, 2.0);
    else
        qCWarning(lcDocuments) << "warm-up PDF did not open:" << doc.error().message;
    return timer.nsecsElapsed() / 1e6;
}

Result<std::shared_ptr<PdfDocument>> PdfDocument::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("not_found"),
                       tr("Cannot read %1: %2").arg(path, file.errorString()) };
    return fromBytes(file.readAll());
}

QSizeF PdfDocument::pageSize(int page) const
{
    if (page < 0 || page >= m_pageCount)
        return {};
    {
        QMutexLocker sizeLocker(&d->sizeLock);
        if (!d->sizes[page].isEmpty())
            return d->sizes[page];
    }
    QMutexLocker locker(&d->lock);
    d->page(page);
    QMutexLocker sizeLocker(&d->sizeLock);
    return d->sizes[page];
}

QString PdfDocument::title() const
{
    QMutexLocker locker(&d->lock);
    return d->doc->info(QStringLiteral("Title"));
}

QString PdfDocument::text(int page) const
{
    if (page < 0 || page >= pageCount())
        return {};
    QMutexLocker locker(&d->lock);
    Poppler::Page *p = d->page(page);
    return p ? p->text(QRectF()) : QString();
}

QString PdfDocument::textIn(int page, const QRectF &rect) const
{
    if (page < 0 || page >= pageCount() || rect.isEmpty())
        return {};
    QMutexLocker locker(&d->lock);
    Poppler::Page *p = d->page(page);
    return p ? p->text(rect) : QString();
}

QList<OutlineEntry> PdfDocument::outline() const
{
    QMutexLocker locker(&d->lock);
    return convertOutline(d->doc->outline());
}

QList<QRectF> PdfDocument::searchPage(int page, const QString &needle) const
{
    if (page < 0 || page >= pageCount() || needle.trimmed().isEmpty())
        return {};
    QMutexLocker locker(&d->lock);
    Poppler::Page *p = d->page(page);
    if (!p)
        return {};
    if (!d->folded[page])
        d->folded[page] = fold(p->text(QRectF()));
    if (!d->folded[page]->contains(fold(needle)))
        return {};
    return p->search(needle,
                     Poppler::Page::IgnoreCase | Poppler::Page::IgnoreDiacritics
                         | Poppler::Page::AcrossLines);
}

namespace {

PageWords wordsOf(Poppler::Page &page)
{
    PageWords out;
    const auto boxes = page.textList();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const auto &box = boxes[i];
        Word word { box->text(), box->boundingBox(), box->hasSpaceAfter(), true };
        word.lineEnd =
            !(i + 1 < boxes.size() && box->nextWord() && box->nextWord() == boxes[i + 1].get());
        const qsizetype index = out.words.size();
        out.words.append(word);
        if (out.lines.isEmpty() || out.words[index - 1].lineEnd)
            out.lines.append(Line { index, index, word.rect });
        else {
            out.lines.last().last = index;
            out.lines.last().rect = out.lines.last().rect.united(word.rect);
        }
    }
    return out;
}

// How far `x` lies outside [left, right]; 0 inside.
double outside(double x, const QRectF &r)
{
    return x < r.left() ? r.left() - x : (x > r.right() ? x - r.right() : 0.0);
}

// The line whose height holds `p` (give or take a point and a half: a drag along the edge
// of a line is on it), nearest to it sideways (columns); -1 when none.
qsizetype lineAt(const PageWords &page, const QPointF &p)
{
    constexpr double kTolerance = 1.5;
    const auto vertical = [&](const QRectF &r) {
        return p.y() < r.top() ? r.top() - p.y() : (p.y() > r.bottom() ? p.y() - r.bottom() : 0.0);
    };
    qsizetype best = -1;
    for (qsizetype i = 0; i < page.lines.size(); ++i) {
        const QRectF &r = page.lines[i].rect;
        if (vertical(r) > kTolerance)
            continue;
        const QRectF &b = best < 0 ? r : page.lines[best].rect;
        if (best < 0 || vertical(r) < vertical(b)
            || (vertical(r) == vertical(b) && outside(p.x(), r) < outside(p.x(), b)))
            best = i;
    }
    return best;
}

// Off any line: the nearest line below `p` (`below`) or above it, preferring lines under or
// over `p` sideways (the same column); -1 when none.
qsizetype lineNear(const PageWords &page, const QPointF &p, bool below)
{
    qsizetype best = -1;
    const auto better = [&](qsizetype i) {
        const QRectF &r = page.lines[i].rect;
        const QRectF &b = page.lines[best].rect;
        const bool inColumn = outside(p.x(), r) == 0;
        const bool bestInColumn = outside(p.x(), b) == 0;
        if (inColumn != bestInColumn)
            return inColumn;
        return below ? r.top() < b.top() : r.bottom() > b.bottom();
    };
    for (qsizetype i = 0; i < page.lines.size(); ++i) {
        const QRectF &r = page.lines[i].rect;
        if (below ? r.top() <= p.y() : r.bottom() >= p.y())
            continue;
        if (best < 0 || better(i))
            best = i;
    }
    return best;
}

qsizetype wordAt(const PageWords &page, const QPointF &p)
{
    for (qsizetype i = 0; i < page.words.size(); ++i)
        if (page.words[i].rect.contains(p))
            return i;
    return -1;
}

// The first word a selection starting at `p` takes (words.size() when none).
qsizetype startWord(const PageWords &page, const QPointF &p)
{
    if (const qsizetype w = wordAt(page, p); w >= 0)
        return w;
    if (const qsizetype l = lineAt(page, p); l >= 0) {
        const Line &line = page.lines[l];
        for (qsizetype i = line.first; i <= line.last; ++i)
            if (page.words[i].rect.right() >= p.x())
                return i;
        return line.last + 1; // right of the line's end: from the next word on
    }
    const qsizetype l = lineNear(page, p, true);
    return l < 0 ? page.words.size() : page.lines[l].first;
}

// The last word a selection ending at `p` takes (-1 when none).
qsizetype endWord(const PageWords &page, const QPointF &p)
{
    if (const qsizetype w = wordAt(page, p); w >= 0)
        return w;
    if (const qsizetype l = lineAt(page, p); l >= 0) {
        const Line &line = page.lines[l];
        for (qsizetype i = line.last; i >= line.first; --i)
            if (page.words[i].rect.left() <= p.x())
                return i;
        return line.first - 1; // left of the line's start: up to the word before
    }
    const qsizetype l = lineNear(page, p, false);
    return l < 0 ? -1 : page.lines[l].last;
}

} // namespace

TextSelection PdfDocument::selectWords(int page, const QPointF &from, const QPointF &to) const
{
    if (page < 0 || page >= pageCount())
        return {};
    QMutexLocker locker(&d->lock);
    if (d->wordsPage != page) {
        Poppler::Page *p = d->page(page);
        d->words = p ? wordsOf(*p) : PageWords();
        d->wordsPage = page;
    }
    const PageWords &words = d->words;
    qsizetype first = startWord(words, from);
    qsizetype last = endWord(words, to);
    if (first > last) {
        // Dragged backwards (up, or to the left on one line).
        first = startWord(words, to);
        last = endWord(words, from);
    }
    TextSelection out;
    for (qsizetype i = first; i <= last; ++i) {
        const Word &word = words.words[i];
        if (i == first || words.words[i - 1].lineEnd)
            out.rects.append(word.rect);
        else
            out.rects.last() = out.rects.last().united(word.rect);
        out.text += word.text;
        if (i < last)
            out.text += word.lineEnd ? QStringLiteral("\n")
                                     : (word.spaceAfter ? QStringLiteral(" ") : QString());
    }
    return out;
}

QList<QRectF> PdfDocument::wordRects(int page, const QRectF &area) const
{
    if (area.isNull())
        return {};
    return selectWords(page, area.topLeft(), area.bottomRight()).rects;
}

QList<SearchHit> PdfDocument::search(const QString &needle, int fromPage, int toPage) const
{
    QList<SearchHit> hits;
    const int end = toPage < 0 ? pageCount() : qMin(toPage, pageCount());
    for (int page = qMax(0, fromPage); page < end; ++page) {
        const QList<QRectF> rects = searchPage(page, needle);
        // AcrossLines returns a match split over two lines as two consecutive rectangles
        // whose second starts left of the first: group them into one hit.
        for (qsizetype i = 0; i < rects.size(); ++i) {
            SearchHit hit { page, { rects[i] } };
            const QRectF &a = rects[i];
            if (i + 1 < rects.size() && rects[i + 1].left() < a.left()
                && rects[i + 1].top() > a.center().y()
                && rects[i + 1].top() < a.bottom() + 2 * a.height()) {
                QRectF b = rects[++i];
                // Poppler 22.12 gives the second part of such a match no height, at its
                // line's bottom: give it the first part's height.
                if (b.height() <= 0)
                    b = QRectF(b.left(), b.top() - a.height(), b.width(), a.height());
                hit.rects.append(b);
            }
            hits.append(hit);
        }
    }
    return hits;
}

QImage PdfDocument::render(int page, double scale, const QRect &tile, const RenderOptions &options,
                           const std::function<bool()> &abort) const
{
    if (page < 0 || page >= pageCount() || scale <= 0)
        return {};
    QMutexLocker locker(&d->lock);
    if (abort && abort())
        return {};
    Poppler::Page *p = d->page(page);
    if (!p)
        return {};
    d->doc->setRenderHint(Poppler::Document::HideAnnotations, !options.pdfAnnotations);
    const double dpi = 72.0 * scale;
    const QRect area = tile.isNull() ? QRect(-1, -1, -1, -1) : tile;
    QImage image;
    if (abort) {
        image = p->renderToImage(
            dpi, dpi, area.x(), area.y(), area.width(), area.height(), Poppler::Page::Rotate0,
            nullptr, nullptr,
            [](const QVariant &closure) {
                // Poppler takes a plain function pointer; the closure carries the callable.
                return (
                    *reinterpret_cast<const std::function<bool()> *>(closure.value<quintptr>()))();
            },
            QVariant::fromValue(reinterpret_cast<quintptr>(&abort)));
    } else {
        image = p->renderToImage(dpi, dpi, area.x(), area.y(), area.width(), area.height());
    }
    locker.unlock();
    if (image.isNull() || (abort && abort()))
        return {};
    if (options.night)
        image.invertPixels(QImage::InvertRgb);
    return image;
}

Result<QByteArray> PdfDocument::exportAnnotated(const QList<Annotation> &annotations) const
{
    // A fresh Poppler document, so the one being read is never modified.
    auto copy = Poppler::Document::loadFromData(m_bytes);
    if (!copy || copy->isLocked())
        return Error { QStringLiteral("export_failed"),
                       QStringLiteral("The PDF could not be reopened for export.") };
    for (const Annotation &a : annotations) {
        auto page = copy->page(a.page);
        if (!page)
            return Error { QStringLiteral("export_failed"),
                           QStringLiteral("Annotation %1 is on page %2, which the document "
                                          "does not have.")
                               .arg(a.id)
                               .arg(a.page + 1) };
        const auto annotation = toPoppler(a, page->pageSizeF());
        page->addAnnotation(annotation.get());
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    auto converter = copy->pdfConverter();
    converter->setOutputDevice(&buffer);
    converter->setPDFOptions(Poppler::PDFConverter::WithChanges);
    if (!converter->convert())
        return Error { QStringLiteral("export_failed"),
                       QStringLiteral("Writing the annotated PDF failed (Poppler error %1).")
                           .arg(int(converter->lastError())) };
    return out;
}

QList<Annotation> PdfDocument::embeddedAnnotations(int page) const
{
    if (page < 0 || page >= pageCount())
        return {};
    const QSizeF size = pageSize(page);
    QMutexLocker locker(&d->lock);
    Poppler::Page *p = d->page(page);
    if (!p)
        return {};
    QList<Annotation> out;
    for (const auto &pdf : p->annotations()) {
        Annotation a;
        a.id = pdf->uniqueName();
        a.page = page;
        a.color = pdf->style().color();
        a.note = pdf->contents();
        switch (pdf->subType()) {
        case Poppler::Annotation::AInk:
            a.kind = AnnotationKind::Ink;
            for (const auto &path : static_cast<const Poppler::InkAnnotation &>(*pdf).inkPaths()) {
                QList<QPointF> stroke;
                for (const QPointF &point : path)
                    stroke.append(denormalized(point, size));
                a.strokes.append(stroke);
            }
            break;
        case Poppler::Annotation::AHighlight:
            a.kind = AnnotationKind::Highlight;
            for (const auto &quad :
                 static_cast<const Poppler::HighlightAnnotation &>(*pdf).highlightQuads()) {
                a.rects.append(
                    QRectF(denormalized(quad.points[0], size), denormalized(quad.points[2], size))
                        .normalized());
            }
            break;
        case Poppler::Annotation::AText:
            a.kind = AnnotationKind::Note;
            a.position = denormalized(pdf->boundary().topLeft(), size);
            break;
        default:
            continue;
        }
        out.append(a);
    }
    return out;
}

} // namespace Aula::Documents
