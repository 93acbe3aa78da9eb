// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/documentreader.h"

#include <QPointer>
#include <QQuickPaintedItem>

namespace Aula::Documents {

/**
 * One page of a DocumentReader's document, at the item's size, with the member's
 * annotations and the search hits drawn over it. The page on screen asks the reader's page
 * service (a new generation: stale renders stop, neighbours are prerendered); a thumbnail
 * asks the thumbnail service. When the page is zoomed past the tile limit only the tiles
 * under `visibleArea` are rendered.
 */
class PageItem : public QQuickPaintedItem
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PdfPage)
    /** The reader whose document is shown. */
    Q_PROPERTY(
        Aula::Documents::DocumentReader *reader READ reader WRITE setReader NOTIFY readerChanged)
    /** Page, from 0. */
    Q_PROPERTY(int page READ page WRITE setPage NOTIFY pageChanged)
    /** A thumbnail: rendered by the thumbnail service, without annotations or hits. */
    Q_PROPERTY(bool thumbnail READ thumbnail WRITE setThumbnail NOTIFY thumbnailChanged)
    /** The part of this item on screen, in item coordinates; empty: all of it. */
    Q_PROPERTY(QRectF visibleArea READ visibleArea WRITE setVisibleArea NOTIFY visibleAreaChanged)
    /** Whether every image the page needs is there (for tests and a busy indicator). */
    Q_PROPERTY(bool complete READ complete NOTIFY completeChanged)
    /** The selected text's rectangles (points; list of rect), drawn over the page. */
    Q_PROPERTY(QVariantList selection READ selection WRITE setSelection NOTIFY selectionChanged)
    /** The stroke being drawn (points; list of point), drawn until it is stored. */
    Q_PROPERTY(QVariantList pendingStroke READ pendingStroke WRITE setPendingStroke NOTIFY
                   pendingStrokeChanged)
    /** The id of the annotation to outline (being edited); empty: none. */
    Q_PROPERTY(QString selectedAnnotation READ selectedAnnotation WRITE setSelectedAnnotation NOTIFY
                   selectedAnnotationChanged)

public:
    explicit PageItem(QQuickItem *parent = nullptr);

    [[nodiscard]] DocumentReader *reader() const { return m_reader; }
    void setReader(DocumentReader *reader);
    [[nodiscard]] int page() const { return m_page; }
    void setPage(int page);
    [[nodiscard]] bool thumbnail() const { return m_thumbnail; }
    void setThumbnail(bool thumbnail);
    [[nodiscard]] QRectF visibleArea() const { return m_visibleArea; }
    void setVisibleArea(const QRectF &area);
    [[nodiscard]] bool complete() const { return m_complete; }
    [[nodiscard]] QVariantList selection() const;
    void setSelection(const QVariantList &rects);
    [[nodiscard]] QVariantList pendingStroke() const;
    void setPendingStroke(const QVariantList &points);
    [[nodiscard]] QString selectedAnnotation() const { return m_selectedAnnotation; }
    void setSelectedAnnotation(const QString &id);

    void paint(QPainter *painter) override;

signals:
    void readerChanged();
    void pageChanged();
    void thumbnailChanged();
    void visibleAreaChanged();
    void completeChanged();
    void selectionChanged();
    void pendingStrokeChanged();
    void selectedAnnotationChanged();

protected:
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    void request();
    void onRendered(const RenderKey &key);
    [[nodiscard]] RenderService *service() const;
    [[nodiscard]] int pixelWidth() const;
    [[nodiscard]] double pointScale() const;
    [[nodiscard]] QRect visiblePixels() const;
    void updateComplete();

    QPointer<DocumentReader> m_reader;
    int m_page = 0;
    bool m_thumbnail = false;
    bool m_complete = false;
    QRectF m_visibleArea;
    QList<QRectF> m_selection;
    QList<QPointF> m_pendingStroke;
    QString m_selectedAnnotation;
    QList<RenderKey> m_keys;
    RenderKey m_preview;
    RenderKey m_slice;
    QMetaObject::Connection m_renderedConnection;
};

} // namespace Aula::Documents
