// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/documentreader.h"

#include "app/documents/annotationeditor.h"

#include <QClipboard>
#include <QGuiApplication>

namespace Aula::Documents {

DocumentReader::DocumentReader(QObject *parent)
    : QObject(parent)
{ }

DocumentReader::~DocumentReader() = default;

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

int DocumentReader::search(const QString &text)
{
    QList<SearchHit> hits;
    QStringList excerpts;
    if (m_document) {
        hits = m_document->search(text);
        for (const SearchHit &hit : hits) {
            const QRectF r = hit.rects.first();
            const QRectF line(0, r.top(), m_document->pageSize(hit.page).width(), r.height());
            excerpts.append(m_document->textIn(hit.page, line).simplified());
        }
    }
    m_hits.setHits(hits, excerpts);
    m_currentHit = -1;
    if (!hits.isEmpty())
        setCurrentHit(0);
    else
        emit currentHitChanged();
    return int(hits.size());
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

} // namespace Aula::Documents
