// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"
#include "app/documents/documentmodels.h"
#include "app/documents/pdfdocument.h"
#include "app/documents/renderservice.h"

#include <QObject>
#include <QQmlEngine>
#include <atomic>
#include <memory>
#include <thread>

namespace Aula::Documents {

class AnnotationEditor;

/**
 * The reader of one document, as QML sees it: opening (with a clear error for a broken or
 * protected PDF), the current page, search with next/previous, selection, night mode, and
 * the models for pages, search hits and outline. The pages themselves are drawn by PdfPage
 * items (pageitem.h) from the render services held here.
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

public:
    explicit DocumentReader(QObject *parent = nullptr);
    ~DocumentReader() override;

    /** Opens the PDF in `bytes` (from the encrypted store); on error the reader is empty. */
    Result<void> open(const QByteArray &bytes);
    /** Opens a file, for the demo and tests; returns false and sets errorMessage on error. */
    Q_INVOKABLE bool openFile(const QString &path);
    /** Closes the document. */
    Q_INVOKABLE void close();

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
    /** The text in `rect` (points) on `page`, also put on the clipboard. */
    Q_INVOKABLE QString copyText(int page, const QRectF &rect);

    /**
     * Highlights the text inside `selection` (points) on `page`, anchored to it; returns the
     * new annotation's id, empty when there is no text there or no annotations are set.
     */
    Q_INVOKABLE QString highlightSelection(int page, const QRectF &selection);
    /** Adds a sticky note at `at` (points); returns its id. */
    Q_INVOKABLE QString addNote(int page, const QPointF &at, const QString &text);
    /** Adds one ink stroke through `points` (points, a list of point); returns its id. */
    Q_INVOKABLE QString addInk(int page, const QVariantList &points);
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

private:
    void setCurrentHit(int hit);
    void stopSearch();
    void setSearching(bool searching);
    QString add(Annotation annotation);

    std::shared_ptr<PdfDocument> m_document;
    std::unique_ptr<RenderService> m_pagesService;
    std::unique_ptr<RenderService> m_thumbnailService;
    AnnotationEditor *m_annotations = nullptr;
    Error m_error;
    int m_currentPage = 0;
    int m_currentHit = -1;
    bool m_night = false;
    bool m_searching = false;
    // The search thread checks this between pages; it is joined before a new one starts.
    std::atomic<quint64> m_searchGeneration { 0 };
    std::thread m_searchThread;
    PagesModel m_pages;
    SearchHitsModel m_hits;
    OutlineModel m_outline;
};

} // namespace Aula::Documents
