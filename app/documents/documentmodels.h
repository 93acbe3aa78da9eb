// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/carryover.h"
#include "app/documents/pdfdocument.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Aula::Documents {

/** The pages of the open document, for the page view and the thumbnail strip. */
class PagesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by a DocumentReader")

public:
    enum Role {
        PageRole = Qt::UserRole + 1,
        LabelRole,
        WidthRole,
        HeightRole,
        AspectRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    /** Shows `document`'s pages (null: none). */
    void setDocument(std::shared_ptr<PdfDocument> document);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    std::shared_ptr<PdfDocument> m_document;
};

/** The hits of the current search, in document order. */
class SearchHitsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by a DocumentReader")

public:
    enum Role {
        PageRole = Qt::UserRole + 1,
        /** The rectangles, in points, as a list of rect. */
        RectsRole,
        /** The line around the hit, for the result list. */
        ExcerptRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    void setHits(QList<SearchHit> hits, QStringList excerpts);
    [[nodiscard]] const QList<SearchHit> &hits() const { return m_hits; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    QList<SearchHit> m_hits;
    QStringList m_excerpts;
};

/** The outline, flattened in reading order with a depth for indentation. */
class OutlineModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by a DocumentReader")

public:
    enum Role {
        TitleRole = Qt::UserRole + 1,
        PageRole,
        DepthRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    void setOutline(const QList<OutlineEntry> &outline);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        QString title;
        int page;
        int depth;
    };
    void flatten(const QList<OutlineEntry> &entries, int depth);
    QList<Row> m_rows;
};

/**
 * The annotations a new version of the document could not place (their text is gone, or
 * their page), for the member to place by hand or dismiss: listed, never dropped. Page and
 * quote are those of the old version. The one model of them: the reader shows it
 * (DocumentReader::unplaced) and the app's AnnotationDesk keeps it for the open document.
 */
class UnplacedModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by a DocumentReader or the AnnotationDesk")
    /** Number of rows. */
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        AnnotationIdRole = Qt::UserRole + 1,
        /** "ink", "highlight" or "note". */
        KindRole,
        /** The kind in words, translated. */
        KindLabelRole,
        /** The page it was on in the old version, from 0. */
        PageRole,
        /** The text it was attached to, possibly empty. */
        QuoteRole,
        /** A note's text or a highlight's comment, possibly empty. */
        NoteRole,
        /** "text_gone" or "page_gone". */
        ReasonRole,
        /** Why it could not be placed, translated. */
        MessageRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    /** Replaces the rows. */
    void setItems(QList<UnplacedAnnotation> items);
    [[nodiscard]] const QList<UnplacedAnnotation> &items() const { return m_items; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void countChanged();

private:
    QList<UnplacedAnnotation> m_items;
};

/** "ink", "highlight" or "note": how QML names a kind. */
QString kindName(AnnotationKind kind);

} // namespace Aula::Documents
