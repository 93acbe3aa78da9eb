// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pageitem.h"

#include "app/documents/annotationeditor.h"
#include "app/documents/annotationpainter.h"

#include <QPainter>
#include <QQuickWindow>

namespace Aula::Documents {

PageItem::PageItem(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setOpaquePainting(true);
}

void PageItem::setReader(DocumentReader *reader)
{
    if (reader == m_reader)
        return;
    if (m_reader)
        disconnect(m_reader, nullptr, this, nullptr);
    m_reader = reader;
    if (reader) {
        connect(reader, &DocumentReader::documentChanged, this, &PageItem::request);
        connect(reader, &DocumentReader::nightChanged, this, &PageItem::request);
        connect(reader, &DocumentReader::currentHitChanged, this, [this] { update(); });
        connect(reader, &DocumentReader::annotationsChanged, this, [this](int page) {
            if (page < 0 || page == m_page)
                update();
        });
    }
    emit readerChanged();
    request();
}

void PageItem::setPage(int page)
{
    if (page == m_page)
        return;
    m_page = page;
    emit pageChanged();
    request();
}

void PageItem::setThumbnail(bool thumbnail)
{
    if (thumbnail == m_thumbnail)
        return;
    m_thumbnail = thumbnail;
    emit thumbnailChanged();
    request();
}

void PageItem::setVisibleArea(const QRectF &area)
{
    if (area == m_visibleArea)
        return;
    m_visibleArea = area;
    emit visibleAreaChanged();
    request();
}

void PageItem::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickPaintedItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        request();
}

RenderService *PageItem::service() const
{
    if (!m_reader)
        return nullptr;
    return m_thumbnail ? m_reader->thumbnailService() : m_reader->renderService();
}

int PageItem::pixelWidth() const
{
    const qreal dpr = window() ? window()->effectiveDevicePixelRatio() : 1.0;
    return int(std::lround(width() * dpr));
}

QRect PageItem::visiblePixels() const
{
    if (m_visibleArea.isEmpty())
        return {};
    const qreal dpr = window() ? window()->effectiveDevicePixelRatio() : 1.0;
    return QRectF(m_visibleArea.topLeft() * dpr, m_visibleArea.size() * dpr).toAlignedRect();
}

void PageItem::request()
{
    RenderService *renderer = service();
    disconnect(m_renderedConnection);
    m_keys.clear();
    m_preview = {};
    if (renderer && pixelWidth() > 0 && m_page >= 0 && m_page < m_reader->pageCount()) {
        m_renderedConnection = connect(renderer, &RenderService::rendered, this,
                                       [this](const RenderKey &key) { onRendered(key); });
        if (m_thumbnail) {
            m_keys = renderer->keysFor(m_page, pixelWidth(), {});
            for (const RenderKey &key : m_keys)
                renderer->request(key);
        } else {
            const View view = renderer->show(m_page, pixelWidth(), visiblePixels());
            m_keys = view.keys;
            m_preview = view.preview;
        }
    }
    updateComplete();
    update();
}

void PageItem::onRendered(const RenderKey &key)
{
    if (m_keys.contains(key) || key == m_preview) {
        updateComplete();
        update();
    }
}

void PageItem::updateComplete()
{
    bool complete = !m_keys.isEmpty();
    if (RenderService *renderer = service())
        for (const RenderKey &key : m_keys)
            complete = complete && renderer->cache().contains(key);
    if (complete != m_complete) {
        m_complete = complete;
        emit completeChanged();
    }
}

void PageItem::paint(QPainter *painter)
{
    const bool night = m_reader && m_reader->night();
    painter->fillRect(QRectF(0, 0, width(), height()), night ? Qt::black : Qt::white);
    RenderService *renderer = service();
    if (!renderer || m_keys.isEmpty())
        return;
    const qreal dpr = window() ? window()->effectiveDevicePixelRatio() : 1.0;
    for (const RenderKey &key : m_keys) {
        QImage image = renderer->cache().find(key);
        // Until the page arrives, its half-width preview, scaled up.
        if (image.isNull() && key.tile.isNull() && m_preview.page >= 0)
            image = renderer->cache().find(m_preview);
        if (image.isNull())
            continue;
        const QRectF target = key.tile.isNull()
            ? QRectF(0, 0, width(), height())
            : QRectF(QPointF(key.tile.topLeft()) / dpr, QSizeF(key.tile.size()) / dpr);
        painter->drawImage(target, image);
    }
    if (m_thumbnail)
        return;
    const double scale = width() / m_reader->pageSize(m_page).width();
    // Search hits: all of this page's in yellow, the current one in orange.
    const QList<SearchHit> &hits = m_reader->searchHits()->hits();
    for (int i = 0; i < hits.size(); ++i) {
        if (hits[i].page != m_page)
            continue;
        const QColor colour =
            i == m_reader->currentHit() ? QColor(255, 140, 0, 120) : QColor(255, 230, 0, 90);
        for (const QRectF &r : hits[i].rects)
            painter->fillRect(QRectF(r.topLeft() * scale, r.size() * scale), colour);
    }
    if (AnnotationEditor *editor = m_reader->annotations())
        paintAnnotations(*painter, editor->annotationsOn(m_page), scale);
}

} // namespace Aula::Documents
