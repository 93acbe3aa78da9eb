// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/documentreader.h"

#include "app/documents/annotationeditor.h"
#include "app/documents/carryover.h"

#include <QClipboard>
#include <QGuiApplication>

namespace Aula::Documents {

DocumentReader::DocumentReader(QObject *parent)
    : QObject(parent)
{ }

DocumentReader::~DocumentReader()
{
    stopSearch();
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
    m_pagesService = std::make_unique<RenderService>(m_document);
    m_pagesService->setNight(m_night);
    RenderSettings thumbnails;
    thumbnails.cacheBytes = 24ll * 1024 * 1024;
    thumbnails.prerender = false;
    m_thumbnailService = std::make_unique<RenderService>(m_document, thumbnails);
    m_thumbnailService->setNight(m_night);
    m_pages.setDocument(m_document);
    m_outline.setOutline(m_document->outline());
    emit documentChanged();
    return {};
}

bool DocumentReader::openFile(const QString &path)
{
    auto bytes = PdfDocument::fromFile(path);
    if (!bytes.ok()) {
        close();
        m_error = bytes.error();
        emit documentChanged();
        return false;
    }
    return open(bytes.value()->bytes()).ok();
}

void DocumentReader::close()
{
    stopSearch();
    m_pages.setDocument(nullptr);
    m_hits.setHits({}, {});
    m_outline.setOutline({});
    m_pagesService.reset();
    m_thumbnailService.reset();
    m_document.reset();
    m_currentPage = 0;
    m_currentHit = -1;
    emit currentHitChanged();
    emit documentChanged();
}

void DocumentReader::setAnnotations(AnnotationEditor *editor)
{
    if (m_annotations)
        disconnect(m_annotations, nullptr, this, nullptr);
    m_annotations = editor;
    if (editor)
        connect(editor, &AnnotationEditor::changed, this, &DocumentReader::annotationsChanged);
    emit annotationsChanged(-1);
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

QString DocumentReader::copyText(int page, const QRectF &rect)
{
    const QString text = m_document ? m_document->textIn(page, rect) : QString();
    if (!text.isEmpty())
        if (QClipboard *clipboard = QGuiApplication::clipboard())
            clipboard->setText(text);
    return text;
}

QString DocumentReader::add(Annotation annotation)
{
    if (!m_annotations || !m_document)
        return {};
    auto added = m_annotations->add(std::move(annotation));
    if (!added.ok()) {
        qCWarning(lcDocuments) << "annotation not saved:" << added.error().describe();
        return {};
    }
    return added.value();
}

QString DocumentReader::highlightSelection(int page, const QRectF &selection)
{
    if (!m_document)
        return {};
    const QString text = m_document->textIn(page, selection).simplified();
    if (text.isEmpty())
        return {};
    Annotation a;
    a.kind = AnnotationKind::Highlight;
    a.page = page;
    for (const QRectF &r : m_document->searchPage(page, text))
        if (r.intersects(selection))
            a.rects.append(r);
    if (a.rects.isEmpty())
        return {};
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

bool DocumentReader::undo()
{
    return m_annotations && m_annotations->undo().ok();
}

bool DocumentReader::redo()
{
    return m_annotations && m_annotations->redo().ok();
}

} // namespace Aula::Documents
