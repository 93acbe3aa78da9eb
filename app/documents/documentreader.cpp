// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/documentreader.h"

#include "app/documents/annotationeditor.h"
#include "app/documents/carryover.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>

namespace Aula::Documents {

DocumentReader::DocumentReader(QObject *parent)
    : QObject(parent)
{
    m_finishTimer.setSingleShot(true);
    m_finishTimer.setInterval(1000);
    connect(&m_finishTimer, &QTimer::timeout, this, &DocumentReader::finishOpening);
}

DocumentReader::~DocumentReader()
{
    // Whoever owns the editor may delete it when it sees this reader go (QObject::destroyed
    // comes after these members are gone): it must not call back into a half-destroyed reader.
    if (m_annotations)
        disconnect(m_annotations, nullptr, this, nullptr);
    m_annotations = nullptr;
    stopSearch();
    stopOutline();
}

void DocumentReader::stopOutline()
{
    ++m_openGeneration;
    if (m_outlineThread.joinable())
        m_outlineThread.join();
}

void DocumentReader::stopSearch()
{
    ++m_searchGeneration;
    if (m_searchThread.joinable())
        m_searchThread.join();
    setSearching(false);
}

void DocumentReader::setSearching(bool searching)
{
    if (searching == m_searching)
        return;
    m_searching = searching;
    emit searchingChanged();
}

Result<void> DocumentReader::open(const QByteArray &bytes)
{
    close();
    auto opened = PdfDocument::fromBytes(bytes);
    if (!opened.ok()) {
        m_error = opened.error();
        qCInfo(lcDocuments) << "cannot open document:" << m_error.code << m_error.message;
        emit documentChanged();
        return m_error;
    }
    m_error = {};
    m_document = opened.value();
    // Only what the first page needs. The thumbnails would compete with it for the
    // document's lock, and the outline of a 1,000-page manual takes a while to read: both
    // wait for finishOpening().
    m_pagesService = std::make_unique<RenderService>(m_document);
    m_pagesService->setNight(m_night);
    m_finishTimer.start();
    emit documentChanged();
    emit editorChanged();
    return {};
}

void DocumentReader::pageShown()
{
    finishOpening();
}

void DocumentReader::finishOpening()
{
    m_finishTimer.stop();
    // Once per document: the thumbnail service is there from the first call on.
    if (!m_document || m_thumbnailService)
        return;
    RenderSettings thumbnails;
    thumbnails.cacheBytes = 24ll * 1024 * 1024;
    thumbnails.prerender = false;
    thumbnails.preview = false;
    m_thumbnailService = std::make_unique<RenderService>(m_document, thumbnails);
    m_thumbnailService->setNight(m_night);
    m_pages.setDocument(m_document);
    emit renderersChanged();
    // The outline is read in a thread; like search, it takes the document's lock only while
    // it reads, and close() waits for it.
    const quint64 generation = m_openGeneration.load();
    RenderService *pages = m_pagesService.get();
    m_outlineThread = std::thread([this, document = m_document, pages, generation] {
        // After the neighbours are prerendered: reading the outline of a large manual holds
        // the document for a while (each bookmark's page is looked up). The service lives
        // until close(), which joins this thread first.
        while (m_openGeneration.load() == generation && !pages->waitForIdle(50)) { }
        if (m_openGeneration.load() != generation)
            return;
        QList<OutlineEntry> outline = document->outline();
        QMetaObject::invokeMethod(
            this,
            [this, outline = std::move(outline), generation] {
                if (m_openGeneration.load() != generation)
                    return;
                m_outline.setOutline(outline);
                m_fullyOpen = true;
                emit fullyOpenChanged();
            },
            Qt::QueuedConnection);
    });
}

bool DocumentReader::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        close();
        m_error = Error { QStringLiteral("not_found"),
                          PdfDocument::tr("Cannot read %1: %2").arg(path, file.errorString()) };
        emit documentChanged();
        return false;
    }
    return open(file.readAll()).ok();
}

void DocumentReader::showError(const Error &error)
{
    close();
    m_error = error;
    emit documentChanged();
}

void DocumentReader::close()
{
    stopSearch();
    stopOutline();
    m_finishTimer.stop();
    const bool wasFullyOpen = m_fullyOpen;
    m_fullyOpen = false;
    m_pages.setDocument(nullptr);
    m_hits.setHits({}, {});
    m_outline.setOutline({});
    m_pagesService.reset();
    m_thumbnailService.reset();
    m_document.reset();
    m_currentPage = 0;
    m_currentHit = -1;
    emit renderersChanged();
    emit currentHitChanged();
    emit documentChanged();
    emit editorChanged();
    if (wasFullyOpen)
        emit fullyOpenChanged();
}

void DocumentReader::setAnnotations(AnnotationEditor *editor)
{
    if (m_annotations)
        disconnect(m_annotations, nullptr, this, nullptr);
    m_annotations = editor;
    if (editor) {
        connect(editor, &AnnotationEditor::changed, this, &DocumentReader::annotationsChanged);
        connect(editor, &AnnotationEditor::historyChanged, this, &DocumentReader::editorChanged);
        connect(editor, &AnnotationEditor::unplacedChanged, this, &DocumentReader::updateUnplaced);
        connect(editor, &QObject::destroyed, this, [this] { setAnnotations(nullptr); });
    }
    updateUnplaced();
    emit annotationsChanged(-1);
    emit editorChanged();
}

void DocumentReader::updateUnplaced()
{
    m_unplaced.setItems(m_annotations ? m_annotations->unplaced() : QList<UnplacedAnnotation>());
    emit unplacedChanged();
}

bool DocumentReader::canAnnotate() const
{
    return m_document && m_annotations && !m_annotations->loadError();
}

bool DocumentReader::canUndo() const
{
    return m_annotations && m_annotations->canUndo();
}

bool DocumentReader::canRedo() const
{
    return m_annotations && m_annotations->canRedo();
}

QString DocumentReader::status() const
{
    if (m_document)
        return QStringLiteral("ready");
    return m_error.code.isEmpty() ? QStringLiteral("empty") : QStringLiteral("error");
}

void DocumentReader::setCurrentPage(int page)
{
    page = qBound(0, page, qMax(0, pageCount() - 1));
    if (page == m_currentPage)
        return;
    m_currentPage = page;
    emit currentPageChanged();
}

void DocumentReader::setNight(bool night)
{
    if (night == m_night)
        return;
    m_night = night;
    if (m_pagesService)
        m_pagesService->setNight(night);
    if (m_thumbnailService)
        m_thumbnailService->setNight(night);
    emit nightChanged();
}

QSizeF DocumentReader::pageSize(int page) const
{
    return m_document ? m_document->pageSize(page) : QSizeF();
}

void DocumentReader::search(const QString &text)
{
    stopSearch();
    m_hits.setHits({}, {});
    m_currentHit = -1;
    emit currentHitChanged();
    if (!m_document || text.trimmed().isEmpty()) {
        emit searchFinished(0);
        return;
    }
    setSearching(true);
    const quint64 generation = m_searchGeneration.load();
    // The thread is joined before `this` goes away (stopSearch()), so posting to `this` is
    // safe; the document is shared, and its lock lets renders run between pages.
    m_searchThread = std::thread([this, document = m_document, text, generation] {
        QList<SearchHit> hits;
        QStringList excerpts;
        for (int page = 0; page < document->pageCount(); ++page) {
            if (m_searchGeneration.load() != generation)
                return;
            const QList<SearchHit> found = document->search(text, page, page + 1);
            for (const SearchHit &hit : found) {
                const QRectF r = hit.rects.first();
                const QRectF line(0, r.top(), document->pageSize(page).width(), r.height());
                hits.append(hit);
                excerpts.append(document->textIn(page, line).simplified());
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, hits, excerpts, generation] {
                if (m_searchGeneration.load() != generation)
                    return;
                m_hits.setHits(hits, excerpts);
                setSearching(false);
                if (!hits.isEmpty())
                    setCurrentHit(0);
                else
                    emit currentHitChanged();
                emit searchFinished(int(hits.size()));
            },
            Qt::QueuedConnection);
    });
}

void DocumentReader::setCurrentHit(int hit)
{
    m_currentHit = hit;
    if (hit >= 0)
        setCurrentPage(m_hits.hits()[hit].page);
    emit currentHitChanged();
}

void DocumentReader::nextHit()
{
    const int count = int(m_hits.hits().size());
    if (count > 0)
        setCurrentHit((m_currentHit + 1) % count);
}

void DocumentReader::previousHit()
{
    const int count = int(m_hits.hits().size());
    if (count > 0)
        setCurrentHit((m_currentHit - 1 + count) % count);
}

TextSelection DocumentReader::selection(int page, const QPointF &from, const QPointF &to) const
{
    return m_document ? m_document->selectWords(page, from, to) : TextSelection();
}

QVariantList DocumentReader::selectionRects(int page, const QPointF &from, const QPointF &to) const
{
    QVariantList out;
    for (const QRectF &r : selection(page, from, to).rects)
        out.append(r);
    return out;
}

QVariantList DocumentReader::selectionRects(int page, const QRectF &area) const
{
    return area.isNull() ? QVariantList()
                         : selectionRects(page, area.topLeft(), area.bottomRight());
}

QString DocumentReader::copyText(int page, const QPointF &from, const QPointF &to)
{
    const QString text = selection(page, from, to).text;
    if (!text.isEmpty())
        if (QClipboard *clipboard = QGuiApplication::clipboard())
            clipboard->setText(text);
    return text;
}

QString DocumentReader::copyText(int page, const QRectF &area)
{
    return area.isNull() ? QString() : copyText(page, area.topLeft(), area.bottomRight());
}

QString DocumentReader::add(Annotation annotation)
{
    if (!canAnnotate())
        return {};
    auto added = m_annotations->add(std::move(annotation));
    if (!added.ok()) {
        qCWarning(lcDocuments) << "annotation not saved:" << added.error().describe();
        return {};
    }
    return added.value();
}

QString DocumentReader::highlightSelection(int page, const QRectF &area)
{
    return area.isNull() ? QString() : highlightSelection(page, area.topLeft(), area.bottomRight());
}

QString DocumentReader::highlightSelection(int page, const QPointF &from, const QPointF &to)
{
    if (!canAnnotate())
        return {};
    const TextSelection selected = selection(page, from, to);
    const QString text = selected.text.simplified();
    if (text.isEmpty())
        return {};
    Annotation a;
    a.kind = AnnotationKind::Highlight;
    a.page = page;
    a.rects = selected.rects;
    QRectF covered;
    for (const QRectF &r : a.rects)
        covered = covered.united(r);
    a.anchor = anchorFor(*m_document, page, covered);
    a.anchor.quote = text;
    return add(a);
}

QString DocumentReader::addNote(int page, const QPointF &at, const QString &text)
{
    if (!m_document || page < 0 || page >= pageCount())
        return {};
    Annotation a;
    a.kind = AnnotationKind::Note;
    a.page = page;
    a.position = at;
    a.note = text;
    a.anchor = anchorFor(*m_document, page, a.bounds());
    return add(a);
}

QString DocumentReader::addInk(int page, const QVariantList &points)
{
    if (!m_document || page < 0 || page >= pageCount() || points.size() < 2)
        return {};
    Annotation a;
    a.kind = AnnotationKind::Ink;
    a.page = page;
    a.color = QColor(200, 20, 20);
    QList<QPointF> stroke;
    for (const QVariant &p : points)
        stroke.append(p.toPointF());
    a.strokes = { stroke };
    a.anchor = anchorFor(*m_document, page, a.bounds());
    return add(a);
}

QString DocumentReader::annotationAt(int page, const QPointF &at) const
{
    if (!m_annotations)
        return {};
    const QList<Annotation> on = m_annotations->annotationsOn(page);
    // A fingertip is ~8 mm wide; 6 points either side of the touch is forgiving enough
    // without catching the neighbour.
    for (qsizetype i = on.size() - 1; i >= 0; --i)
        if (on[i].contains(at, 6.0))
            return on[i].id;
    return {};
}

QVariantMap DocumentReader::annotationInfo(const QString &id) const
{
    const auto a = m_annotations ? m_annotations->find(id) : std::nullopt;
    if (!a)
        return {};
    return { { QStringLiteral("id"), a->id },
             { QStringLiteral("kind"), kindName(a->kind) },
             { QStringLiteral("page"), a->page },
             { QStringLiteral("note"), a->note },
             { QStringLiteral("quote"), a->anchor.quote } };
}

bool DocumentReader::removeAnnotation(const QString &id)
{
    if (!m_annotations)
        return false;
    auto removed = m_annotations->remove(id);
    if (!removed.ok())
        qCWarning(lcDocuments) << "annotation not removed:" << removed.error().describe();
    return removed.ok();
}

bool DocumentReader::setNoteText(const QString &id, const QString &text)
{
    auto a = m_annotations ? m_annotations->find(id) : std::nullopt;
    if (!a)
        return false;
    a->note = text;
    auto updated = m_annotations->update(*a);
    if (!updated.ok())
        qCWarning(lcDocuments) << "note not saved:" << updated.error().describe();
    return updated.ok();
}

bool DocumentReader::placeUnplaced(const QString &id, int page, const QPointF &at)
{
    if (!canAnnotate() || page < 0 || page >= pageCount())
        return false;
    for (const UnplacedAnnotation &u : m_annotations->unplaced()) {
        if (u.annotation.id != id)
            continue;
        Annotation a = placedAt(u.annotation, page, at);
        a.anchor = anchorFor(*m_document, page, a.bounds());
        auto placed = m_annotations->place(a);
        if (!placed.ok())
            qCWarning(lcDocuments) << "annotation not placed:" << placed.error().describe();
        return placed.ok();
    }
    return false;
}

bool DocumentReader::dismissUnplaced(const QString &id)
{
    if (!m_annotations)
        return false;
    auto dismissed = m_annotations->dismiss(id);
    if (!dismissed.ok())
        qCWarning(lcDocuments) << "not dismissed:" << dismissed.error().describe();
    return dismissed.ok();
}

bool DocumentReader::undo()
{
    return m_annotations && m_annotations->undo().ok();
}

bool DocumentReader::redo()
{
    return m_annotations && m_annotations->redo().ok();
}

} // namespace Aula::Documents
