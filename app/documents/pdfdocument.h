// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QLoggingCategory>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <functional>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcDocuments)

namespace Aula::Documents {

struct Annotation;

/** One entry of a document's outline (table of contents). */
struct OutlineEntry
{
    /** The title shown to the reader. */
    QString title;
    /** The page it points to, from 0; -1 when it points nowhere inside the document. */
    int page = -1;
    /** Nested entries. */
    QList<OutlineEntry> children;
};

/** One occurrence of a searched text. */
struct SearchHit
{
    /** Page, from 0. */
    int page = -1;
    /** Where the text is, in page coordinates (points, origin top-left); several when split. */
    QList<QRectF> rects;
};

/** What a selection covers: whole words, from one word to another in reading order. */
struct TextSelection
{
    /** The selected words, one rectangle per line, in reading order (points). */
    QList<QRectF> rects;
    /** Their text in reading order: words separated as on the page, lines by a newline. */
    QString text;
};

/** How a page is rendered. */
struct RenderOptions
{
    /** Inverted colours for reading in the dark. */
    bool night = false;
    /** Draw the annotations stored inside the PDF itself (Aula's own are drawn on top). */
    bool pdfAnnotations = true;
};

/**
 * A PDF opened with Poppler, behind Aula's own types: the only way the rest of Aula reaches
 * Poppler. Coordinates are page coordinates in points (1/72 inch), origin at the top-left
 * corner of the unrotated page; pages are numbered from 0.
 *
 * Thread-safe by serialization: every call takes the document's lock, because Poppler must
 * not run two calls on one Poppler::Document at the same time. Calls from several threads
 * (the render worker, a search) therefore wait for each other; use one PdfDocument per
 * thread when they must not.
 *
 * A damaged page past the first (found only when it is shown) renders as nothing and has no
 * text, rather than failing the document.
 *
 * Errors from open(): "empty", "not_pdf" (garbage), "damaged" (truncated or corrupt),
 * "encrypted" (password protected; Aula has no passwords for acts), "no_pages",
 * "not_found" (file).
 */
class PdfDocument
{
    // The open errors are shown to the member: translated like the rest of the reader.
    Q_DECLARE_TR_FUNCTIONS(Aula::Documents::PdfDocument)

public:
    /** Opens the PDF held in `bytes`: the usual path, since PDFs live in the encrypted store. */
    static Result<std::shared_ptr<PdfDocument>> fromBytes(const QByteArray &bytes);
    /** Reads the file at `path` and opens it like fromBytes(). */
    static Result<std::shared_ptr<PdfDocument>> fromFile(const QString &path);

    /**
     * Pays Poppler's once-per-process costs (global tables, the Splash and FreeType set-up,
     * fontconfig, the code itself being paged in) by opening and rendering a tiny built-in
     * PDF, so the first act the member opens does not. Blocking and thread-safe: call it
     * once at start-up off the GUI thread, e.g. from QThreadPool::globalInstance(). Returns
     * how long it took, in ms.
     */
    static double warmUp();
    /** The 200×100 pt page warmUp() renders: text, an inline image, and a logo twice. */
    static QByteArray warmUpPdf();

    ~PdfDocument();
    PdfDocument(const PdfDocument &) = delete;
    PdfDocument &operator=(const PdfDocument &) = delete;

    /** The bytes this document was opened from (shared, not copied). */
    [[nodiscard]] QByteArray bytes() const { return m_bytes; }
    /** Number of pages (at least 1). */
    [[nodiscard]] int pageCount() const { return m_pageCount; }
    /**
     * Size of page `page` in points; an empty size when `page` is out of range or damaged.
     * Pages are looked up lazily (a 1,000-page manual opens in milliseconds), so the first
     * call for a page may wait for a render in progress.
     */
    [[nodiscard]] QSizeF pageSize(int page) const;
    /** The document title from its metadata, possibly empty. */
    [[nodiscard]] QString title() const;

    /** All text of a page, in reading order; empty when out of range. */
    [[nodiscard]] QString text(int page) const;
    /** The text inside `rect` (points) on `page`: what a selection copies. */
    [[nodiscard]] QString textIn(int page, const QRectF &rect) const;
    /** The outline, empty when the document has none. */
    [[nodiscard]] QList<OutlineEntry> outline() const;
    /**
     * Every occurrence of `needle` in the document, case- and accent-insensitive, also across a
     * line break, in page order, on pages [fromPage, toPage) (toPage -1: to the end). Empty
     * needle: no hits. Takes the lock page by page, so renders interleave.
     */
    [[nodiscard]] QList<SearchHit> search(const QString &needle, int fromPage = 0,
                                          int toPage = -1) const;
    /** Occurrences on one page only. */
    [[nodiscard]] QList<QRectF> searchPage(int page, const QString &needle) const;
    /**
     * The words of `page` a finger dragged from `from` to `to` (points) selects, snapped to
     * whole words: from the word at (or, off text, after) `from` to the word at (or, off text,
     * before) `to`, every word between them in Poppler's reading order included (so a drag
     * down a column takes the ends of the lines it crosses, as in any reader). A drag
     * backwards selects the same words as forwards; a drag over no text selects nothing.
     */
    [[nodiscard]] TextSelection selectWords(int page, const QPointF &from, const QPointF &to) const;
    /**
     * selectWords() from the top-left to the bottom-right corner of `area`: its rectangles.
     */
    [[nodiscard]] QList<QRectF> wordRects(int page, const QRectF &area) const;

    /**
     * Renders the part `tile` (pixels of the whole page rendered at `scale` pixels per point;
     * a null rect means the whole page) of `page`. `abort` is polled by Poppler while it
     * renders; when it returns true the render stops and a null image is returned.
     */
    [[nodiscard]] QImage render(int page, double scale, const QRect &tile = {},
                                const RenderOptions &options = {},
                                const std::function<bool()> &abort = {}) const;

    /**
     * A copy of this PDF with `annotations` written as real PDF annotations (ink, highlight,
     * text notes), for printing or sharing. Errors: "export_failed".
     */
    [[nodiscard]] Result<QByteArray> exportAnnotated(const QList<Annotation> &annotations) const;

    /**
     * The ink, highlight and text-note annotations stored inside the PDF on `page` (those of an
     * exported copy, or a colleague's annotated PDF), as Aula annotations: the PDF's unique
     * name becomes the id, its contents the note. Other kinds are skipped.
     */
    [[nodiscard]] QList<Annotation> embeddedAnnotations(int page) const;

    struct Private;

private:
    explicit PdfDocument(std::unique_ptr<Private> d, QByteArray bytes, int pageCount);

    std::unique_ptr<Private> d;
    QByteArray m_bytes;
    int m_pageCount = 0;
};

} // namespace Aula::Documents
