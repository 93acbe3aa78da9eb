// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"
#include "app/documents/documentmodels.h"
#include "app/documents/pdfdocument.h"
#include "app/documents/renderservice.h"

#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <atomic>
#include <memory>
#include <thread>

namespace Aula::Documents {

class AnnotationEditor;

/**
 * The reader of one document, as QML sees it: opening (with a clear error for a broken or
 * protected PDF), the current page, search with next/previous, selection, night mode, the
 * member's annotations (through an AnnotationEditor: QML presents, this class decides), and
 * the models for pages, search hits, outline and unplaced annotations. The pages themselves
 * are drawn by PdfPage items (pageitem.h) from the render services held here.
 *
 * Opening puts the first page first: open() parses the PDF and starts the page renderer
 * only; the page list (thumbnails), the thumbnail renderer and the outline (read in a
 * thread) follow once the page on screen is complete (pageShown()), or after a second when
 * no page is shown. `fullyOpen` tells when they are there.
 */
class DocumentReader : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /** "empty" (nothing opened), "ready", or "error" (see errorCode/errorMessage). */
    Q_PROPERTY(QString status READ status NOTIFY documentChanged)
    /** The Error code of the last failed open(): "damaged", "encrypted", "not_pdf", ... */
    Q_PROPERTY(QString errorCode READ errorCode NOTIFY documentChanged)
    /** The message to show for the last failed open(). */
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY documentChanged)
    /** Number of pages; 0 when nothing is open. */
    Q_PROPERTY(int pageCount READ pageCount NOTIFY documentChanged)
    /** The page on screen, from 0; setting it clamps to the document. */
    Q_PROPERTY(int currentPage READ currentPage WRITE setCurrentPage NOTIFY currentPageChanged)
    /** Inverted colours. */
    Q_PROPERTY(bool night READ night WRITE setNight NOTIFY nightChanged)
    /** The pages, for the thumbnail strip. */
    Q_PROPERTY(Aula::Documents::PagesModel *pages READ pages CONSTANT)
    /** The hits of the last search(). */
    Q_PROPERTY(Aula::Documents::SearchHitsModel *searchHits READ searchHits CONSTANT)
    /** The outline. */
    Q_PROPERTY(Aula::Documents::OutlineModel *outline READ outline CONSTANT)
    /** The hit next/previous moved to, -1 when none. */
    Q_PROPERTY(int currentHit READ currentHit NOTIFY currentHitChanged)
    /** Whether a search() is under way. */
    Q_PROPERTY(bool searching READ searching NOTIFY searchingChanged)
    /** Number of hits of the last search(). */
    Q_PROPERTY(int hitCount READ hitCount NOTIFY currentHitChanged)
    /** Whether the page list, thumbnails and outline are loaded (they follow the first page). */
    Q_PROPERTY(bool fullyOpen READ fullyOpen NOTIFY fullyOpenChanged)
    /** Whether annotations can be made: a document is open and an editor is set and loaded. */
    Q_PROPERTY(bool canAnnotate READ canAnnotate NOTIFY editorChanged)
    /** Whether undo() would do something. */
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY editorChanged)
    /** Whether redo() would do something. */
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY editorChanged)
    /** The annotations a new version could not place, to place by hand or dismiss. */
    Q_PROPERTY(Aula::Documents::UnplacedModel *unplaced READ unplaced CONSTANT)
    /** Number of rows of `unplaced`. */
    Q_PROPERTY(int unplacedCount READ unplacedCount NOTIFY unplacedChanged)

public:
    explicit DocumentReader(QObject *parent = nullptr);
    ~DocumentReader() override;

    /** Opens the PDF in `bytes` (from the encrypted store); on error the reader is empty. */
    Result<void> open(const QByteArray &bytes);
    /**
     * Opens a file, for the demo and tests; returns false and sets errorMessage on error. The
     * file is read and parsed once (it used to be parsed twice).
     */
    Q_INVOKABLE bool openFile(const QString &path);
    /** Closes the document. */
    Q_INVOKABLE void close();
    /** Closes the document and shows `error` instead (e.g. the store could not read it back). */
    void showError(const Error &error);

    /** The annotations drawn over the pages; not owned; may be null. */
    void setAnnotations(AnnotationEditor *editor);
    [[nodiscard]] AnnotationEditor *annotations() const { return m_annotations; }

    [[nodiscard]] QString status() const;
    [[nodiscard]] QString errorCode() const { return m_error.code; }
    [[nodiscard]] QString errorMessage() const { return m_error.message; }
    [[nodiscard]] int pageCount() const { return m_document ? m_document->pageCount() : 0; }
    [[nodiscard]] int currentPage() const { return m_currentPage; }
    void setCurrentPage(int page);
    [[nodiscard]] bool night() const { return m_night; }
    void setNight(bool night);
    [[nodiscard]] PagesModel *pages() { return &m_pages; }
    [[nodiscard]] SearchHitsModel *searchHits() { return &m_hits; }
    [[nodiscard]] OutlineModel *outline() { return &m_outline; }
    [[nodiscard]] int currentHit() const { return m_currentHit; }
    [[nodiscard]] int hitCount() const { return int(m_hits.hits().size()); }
    [[nodiscard]] bool fullyOpen() const { return m_fullyOpen; }
    [[nodiscard]] bool canAnnotate() const;
    [[nodiscard]] bool canUndo() const;
    [[nodiscard]] bool canRedo() const;
    [[nodiscard]] UnplacedModel *unplaced() { return &m_unplaced; }
    [[nodiscard]] int unplacedCount() const { return m_unplaced.rowCount(); }

    /**
     * The page on screen is complete (PdfPage calls this): the page list, thumbnails and
     * outline may now load without delaying it.
     */
    void pageShown();

    /** Size of `page` in points. */
    Q_INVOKABLE QSizeF pageSize(int page) const;
    /**
     * Starts searching the document off the GUI thread (a 1,000-page manual takes seconds);
     * a new search or close() cancels the one under way. searchFinished() gives the number
     * of hits; the view then moves to the first one.
     */
    Q_INVOKABLE void search(const QString &text);
    [[nodiscard]] bool searching() const { return m_searching; }
    /** Moves to the next hit (wrapping) and its page. */
    Q_INVOKABLE void nextHit();
    /** Moves to the previous hit (wrapping) and its page. */
    Q_INVOKABLE void previousHit();
    /**
     * What a finger dragged from `from` to `to` (points) on `page` selects: whole words, every
     * word between the two in reading order (see PdfDocument::selectWords()), one rectangle
     * per line (a list of rect). Copy and highlight take exactly these words.
     */
    Q_INVOKABLE QVariantList selectionRects(int page, const QPointF &from, const QPointF &to) const;
    /** selectionRects() of a drag from the top-left to the bottom-right corner of `area`. */
    Q_INVOKABLE QVariantList selectionRects(int page, const QRectF &area) const;
    /**
     * The words a drag from `from` to `to` selects, in reading order (lines end with a
     * newline); also put on the clipboard.
     */
    Q_INVOKABLE QString copyText(int page, const QPointF &from, const QPointF &to);
    /** copyText() of a drag over `area`, from its top-left to its bottom-right corner. */
    Q_INVOKABLE QString copyText(int page, const QRectF &area);

    /**
     * Highlights the words a drag from `from` to `to` selects on `page`, anchored to their
     * text; returns the new annotation's id, empty when there is no text there or no
     * annotations are set.
     */
    Q_INVOKABLE QString highlightSelection(int page, const QPointF &from, const QPointF &to);
    /** highlightSelection() of a drag over `selection`, corner to corner. */
    Q_INVOKABLE QString highlightSelection(int page, const QRectF &selection);
    /** Adds a sticky note at `at` (points); returns its id. */
    Q_INVOKABLE QString addNote(int page, const QPointF &at, const QString &text);
    /** Adds one ink stroke through `points` (points, a list of point); returns its id. */
    Q_INVOKABLE QString addInk(int page, const QVariantList &points);
    /**
     * The member's annotation under `at` (points) on `page`, the topmost (latest) one when
     * several overlap, within a finger's tolerance; empty when none.
     */
    Q_INVOKABLE QString annotationAt(int page, const QPointF &at) const;
    /** `id`'s kind ("ink", "highlight", "note"), page, note and quote; empty map when none. */
    Q_INVOKABLE QVariantMap annotationInfo(const QString &id) const;
    /** Deletes annotation `id` (undoable); false when there is none. */
    Q_INVOKABLE bool removeAnnotation(const QString &id);
    /** Changes the text of note (or a highlight's comment) `id` (undoable). */
    Q_INVOKABLE bool setNoteText(const QString &id, const QString &text);
    /**
     * Puts the unplaced annotation `id` on `page` at `at` (points), see placedAt(), and takes
     * it off the unplaced list; undoable like any addition. False when it is not listed.
     */
    Q_INVOKABLE bool placeUnplaced(const QString &id, int page, const QPointF &at);
    /** Takes `id` off the unplaced list; it stays with the previous version. */
    Q_INVOKABLE bool dismissUnplaced(const QString &id);
    /** Undoes the last annotation change; false when there is none. */
    Q_INVOKABLE bool undo();
    /** Redoes the last undone annotation change; false when there is none. */
    Q_INVOKABLE bool redo();

    [[nodiscard]] const std::shared_ptr<PdfDocument> &document() const { return m_document; }
    /** Renders the page on screen and prerenders its neighbours; null when nothing is open. */
    [[nodiscard]] RenderService *renderService() const { return m_pagesService.get(); }
    /** Renders thumbnails, behind the page on screen in priority only by being separate. */
    [[nodiscard]] RenderService *thumbnailService() const { return m_thumbnailService.get(); }

signals:
    void documentChanged();
    void currentPageChanged();
    void nightChanged();
    void currentHitChanged();
    void searchingChanged();
    /** The last search() ended with `hits` hits (its results are in searchHits). */
    void searchFinished(int hits);
    /** Annotations changed on `page` (-1: any). */
    void annotationsChanged(int page);
    void fullyOpenChanged();
    void editorChanged();
    void unplacedChanged();
    /** The thumbnail service appeared or went away (PdfPage thumbnails ask again). */
    void renderersChanged();

private:
    void setCurrentHit(int hit);
    void stopSearch();
    void setSearching(bool searching);
    QString add(Annotation annotation);
    void finishOpening();
    void stopOutline();
    void updateUnplaced();
    // The words a drag from `from` to `to` selects.
    [[nodiscard]] TextSelection selection(int page, const QPointF &from, const QPointF &to) const;

    std::shared_ptr<PdfDocument> m_document;
    std::unique_ptr<RenderService> m_pagesService;
    std::unique_ptr<RenderService> m_thumbnailService;
    AnnotationEditor *m_annotations = nullptr;
    Error m_error;
    int m_currentPage = 0;
    int m_currentHit = -1;
    bool m_night = false;
    bool m_searching = false;
    bool m_fullyOpen = false;
    // Opening finishes (thumbnails, outline) at the latest this long after open().
    QTimer m_finishTimer;
    std::atomic<quint64> m_openGeneration { 0 };
    std::thread m_outlineThread;
    // The search thread checks this between pages; it is joined before a new one starts.
    std::atomic<quint64> m_searchGeneration { 0 };
    std::thread m_searchThread;
    PagesModel m_pages;
    SearchHitsModel m_hits;
    OutlineModel m_outline;
    UnplacedModel m_unplaced;
};

} // namespace Aula::Documents
