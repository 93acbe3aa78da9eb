// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pageitem.h"

#include "app/documents/annotationeditor.h"
#include "app/documents/annotationpainter.h"

#include <QPainter>
#include <QPen>
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
        connect(reader, &DocumentReader::renderersChanged, this, &PageItem::request);
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

QVariantList PageItem::selection() const
{
    QVariantList out;
    for (const QRectF &r : m_selection)
        out.append(r);
    return out;
}

void PageItem::setSelection(const QVariantList &rects)
{
    QList<QRectF> selection;
    for (const QVariant &r : rects)
        selection.append(r.toRectF());
    if (selection == m_selection)
        return;
    m_selection = selection;
    emit selectionChanged();
    update();
}

QVariantList PageItem::pendingStroke() const
{
    QVariantList out;
    for (const QPointF &p : m_pendingStroke)
        out.append(p);
    return out;
}

void PageItem::setPendingStroke(const QVariantList &points)
{
    QList<QPointF> stroke;
    for (const QVariant &p : points)
        stroke.append(p.toPointF());
    if (stroke == m_pendingStroke)
        return;
    // Only the area of the stroke is repainted, not the whole page, while the pen moves.
    QRectF dirty;
    for (const QList<QPointF> *list : { &m_pendingStroke, &stroke })
        for (const QPointF &p : *list)
            dirty = dirty.united(QRectF(p, QSizeF(0.01, 0.01)));
    m_pendingStroke = stroke;
    emit pendingStrokeChanged();
    const double scale = pointScale();
    update(QRectF(dirty.topLeft() * scale, dirty.size() * scale)
               .adjusted(-8, -8, 8, 8)
               .toAlignedRect());
}

void PageItem::setSelectedAnnotation(const QString &id)
{
    if (id == m_selectedAnnotation)
        return;
    m_selectedAnnotation = id;
    emit selectedAnnotationChanged();
    update();
}

double PageItem::pointScale() const
{
    const QSizeF size = m_reader ? m_reader->pageSize(m_page) : QSizeF();
    return size.isEmpty() ? 1.0 : width() / size.width();
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
    m_slice = {};
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
            m_slice = view.slice;
        }
    }
    updateComplete();
    update();
}

void PageItem::onRendered(const RenderKey &key)
{
    if (m_keys.contains(key) || key == m_preview || key == m_slice) {
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
        if (complete && !m_thumbnail && m_reader)
            m_reader->pageShown();
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
    const auto targetOf = [&](const RenderKey &key) {
        return key.tile.isNull()
            ? QRectF(0, 0, width(), height())
            : QRectF(QPointF(key.tile.topLeft()) / dpr, QSizeF(key.tile.size()) / dpr);
    };
    for (const RenderKey &key : m_keys) {
        QImage image = renderer->cache().find(key);
        // Until the page arrives, its half-width preview, scaled up, or the part of it that
        // is on screen.
        if (image.isNull() && key.tile.isNull()) {
            if (m_preview.page >= 0)
                if (const QImage preview = renderer->cache().find(m_preview); !preview.isNull())
                    painter->drawImage(targetOf(key), preview);
            if (m_slice.page >= 0)
                if (const QImage slice = renderer->cache().find(m_slice); !slice.isNull())
                    painter->drawImage(targetOf(m_slice), slice);
            continue;
        }
        if (!image.isNull())
            painter->drawImage(targetOf(key), image);
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
    if (AnnotationEditor *editor = m_reader->annotations()) {
        const QList<Annotation> annotations = editor->annotationsOn(m_page);
        paintAnnotations(*painter, annotations, scale);
        for (const Annotation &a : annotations) {
            if (a.id != m_selectedAnnotation)
                continue;
            const QRectF r = a.bounds();
            painter->setPen(QPen(QColor(30, 90, 160), 2, Qt::DashLine));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(QRectF(r.topLeft() * scale, r.size() * scale).adjusted(-6, -6, 6, 6));
        }
    }
    // The selection, as text selections look everywhere: translucent blue over the words.
    for (const QRectF &r : m_selection)
        painter->fillRect(QRectF(r.topLeft() * scale, r.size() * scale).adjusted(-1, -1, 1, 1),
                          QColor(30, 110, 220, 80));
    if (m_pendingStroke.size() > 1) {
        Annotation stroke;
        stroke.kind = AnnotationKind::Ink;
        stroke.color = QColor(200, 20, 20);
        stroke.strokes = { m_pendingStroke };
        paintAnnotations(*painter, { stroke }, scale);
    }
}

} // namespace Aula::Documents
