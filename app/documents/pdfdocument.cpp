// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pdfdocument.h"

#include "app/documents/annotation.h"

#include <QBuffer>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <poppler-annotation.h>
#include <poppler-link.h>
#include <poppler-qt6.h>

Q_LOGGING_CATEGORY(lcDocuments, "aula.app.documents")

namespace Aula::Documents {

struct PdfDocument::Private
{
    mutable QMutex lock;
    std::unique_ptr<Poppler::Document> doc;
    // Page objects are cheap to keep and expensive to look up again in a large page tree.
    std::vector<std::unique_ptr<Poppler::Page>> pages;
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

PdfDocument::PdfDocument(std::unique_ptr<Private> dd, QByteArray bytes, QList<QSizeF> sizes)
    : d(std::move(dd))
    , m_bytes(std::move(bytes))
    , m_pageSizes(std::move(sizes))
{ }

PdfDocument::~PdfDocument() = default;

Result<std::shared_ptr<PdfDocument>> PdfDocument::fromBytes(const QByteArray &bytes)
{
    routePopplerMessages();
    if (bytes.isEmpty())
        return openError(QStringLiteral("empty"), QStringLiteral("The document is empty."));
    // PDF readers accept the header anywhere in the first kilobyte.
    if (!bytes.left(1024).contains("%PDF-"))
        return openError(QStringLiteral("not_pdf"),
                         QStringLiteral("The document is not a PDF (no %PDF- header)."));
    auto d = std::make_unique<Private>();
    d->doc = Poppler::Document::loadFromData(bytes);
    if (!d->doc)
        return openError(QStringLiteral("damaged"),
                         QStringLiteral("The PDF is damaged or incomplete and cannot be opened; "
                                        "download it again."));
    if (d->doc->isLocked())
        return openError(QStringLiteral("encrypted"),
                         QStringLiteral("The PDF is protected by a password; ask the clerk for "
                                        "a copy without one."));
    const int count = d->doc->numPages();
    if (count <= 0)
        return openError(QStringLiteral("no_pages"),
                         QStringLiteral("The PDF has no readable pages; it is probably damaged "
                                        "or incomplete."));
    configure(*d->doc);
    QList<QSizeF> sizes;
    sizes.reserve(count);
    d->pages.reserve(count);
    for (int i = 0; i < count; ++i) {
        auto page = d->doc->page(i);
        if (!page || page->pageSizeF().isEmpty())
            return openError(QStringLiteral("damaged"),
                             QStringLiteral("Page %1 of the PDF is damaged or missing; download "
                                            "the document again.")
                                 .arg(i + 1));
        sizes.append(page->pageSizeF());
        d->pages.push_back(std::move(page));
    }
    return std::shared_ptr<PdfDocument>(new PdfDocument(std::move(d), bytes, std::move(sizes)));
}

Result<std::shared_ptr<PdfDocument>> PdfDocument::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("not_found"),
                       QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()) };
    return fromBytes(file.readAll());
}

QSizeF PdfDocument::pageSize(int page) const
{
    return page >= 0 && page < m_pageSizes.size() ? m_pageSizes[page] : QSizeF();
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
    return d->pages[page]->text(QRectF());
}

QString PdfDocument::textIn(int page, const QRectF &rect) const
{
    if (page < 0 || page >= pageCount() || rect.isEmpty())
        return {};
    QMutexLocker locker(&d->lock);
    return d->pages[page]->text(rect);
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
    return d->pages[page]->search(needle,
                                  Poppler::Page::IgnoreCase | Poppler::Page::IgnoreDiacritics
                                      | Poppler::Page::AcrossLines);
}

QList<SearchHit> PdfDocument::search(const QString &needle) const
{
    QList<SearchHit> hits;
    for (int page = 0; page < pageCount(); ++page) {
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
    d->doc->setRenderHint(Poppler::Document::HideAnnotations, !options.pdfAnnotations);
    const double dpi = 72.0 * scale;
    const QRect area = tile.isNull() ? QRect(-1, -1, -1, -1) : tile;
    QImage image;
    if (abort) {
        image = d->pages[page]->renderToImage(
            dpi, dpi, area.x(), area.y(), area.width(), area.height(), Poppler::Page::Rotate0,
            nullptr, nullptr,
            [](const QVariant &closure) {
                // Poppler takes a plain function pointer; the closure carries the callable.
                return (
                    *reinterpret_cast<const std::function<bool()> *>(closure.value<quintptr>()))();
            },
            QVariant::fromValue(reinterpret_cast<quintptr>(&abort)));
    } else {
        image = d->pages[page]->renderToImage(dpi, dpi, area.x(), area.y(), area.width(),
                                              area.height());
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
    QMutexLocker locker(&d->lock);
    const QSizeF size = m_pageSizes[page];
    QList<Annotation> out;
    for (const auto &pdf : d->pages[page]->annotations()) {
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
                for (const QPointF &p : path)
                    stroke.append(denormalized(p, size));
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
