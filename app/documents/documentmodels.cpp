// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/documentmodels.h"

namespace Aula::Documents {

void PagesModel::setDocument(std::shared_ptr<PdfDocument> document)
{
    beginResetModel();
    m_document = std::move(document);
    endResetModel();
}

int PagesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_document ? 0 : m_document->pageCount();
}

QVariant PagesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QSizeF size = m_document->pageSize(index.row());
    switch (role) {
    case PageRole:
        return index.row();
    case Qt::DisplayRole:
    case LabelRole:
        return QString::number(index.row() + 1);
    case WidthRole:
        return size.width();
    case HeightRole:
        return size.height();
    case AspectRole:
        return size.width() / size.height();
    }
    return {};
}

QHash<int, QByteArray> PagesModel::roleNames() const
{
    return { { PageRole, "page" },
             { LabelRole, "label" },
             { WidthRole, "pageWidth" },
             { HeightRole, "pageHeight" },
             { AspectRole, "aspect" } };
}

void SearchHitsModel::setHits(QList<SearchHit> hits, QStringList excerpts)
{
    beginResetModel();
    m_hits = std::move(hits);
    m_excerpts = std::move(excerpts);
    endResetModel();
}

int SearchHitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchHitsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_hits[index.row()];
    switch (role) {
    case PageRole:
        return hit.page;
    case RectsRole: {
        QVariantList rects;
        for (const QRectF &r : hit.rects)
            rects.append(r);
        return rects;
    }
    case Qt::DisplayRole:
    case ExcerptRole:
        return m_excerpts.value(index.row());
    }
    return {};
}

QHash<int, QByteArray> SearchHitsModel::roleNames() const
{
    return { { PageRole, "page" }, { RectsRole, "rects" }, { ExcerptRole, "excerpt" } };
}

void OutlineModel::setOutline(const QList<OutlineEntry> &outline)
{
    beginResetModel();
    m_rows.clear();
    flatten(outline, 0);
    endResetModel();
}

void OutlineModel::flatten(const QList<OutlineEntry> &entries, int depth)
{
    for (const OutlineEntry &entry : entries) {
        m_rows.append(Row { entry.title, entry.page, depth });
        flatten(entry.children, depth + 1);
    }
}

int OutlineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant OutlineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case PageRole:
        return row.page;
    case DepthRole:
        return row.depth;
    }
    return {};
}

QHash<int, QByteArray> OutlineModel::roleNames() const
{
    return { { TitleRole, "title" }, { PageRole, "page" }, { DepthRole, "depth" } };
}

QString kindName(AnnotationKind kind)
{
    switch (kind) {
    case AnnotationKind::Ink:
        return QStringLiteral("ink");
    case AnnotationKind::Highlight:
        return QStringLiteral("highlight");
    case AnnotationKind::Note:
        return QStringLiteral("note");
    }
    return {};
}

void UnplacedModel::setItems(QList<UnplacedAnnotation> items)
{
    const bool countChanges = items.size() != m_items.size();
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
    if (countChanges)
        emit countChanged();
}

int UnplacedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant UnplacedModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UnplacedAnnotation &item = m_items[index.row()];
    const Annotation &a = item.annotation;
    switch (role) {
    case AnnotationIdRole:
        return a.id;
    case KindRole:
        return kindName(a.kind);
    case Qt::DisplayRole:
    case KindLabelRole:
        switch (a.kind) {
        case AnnotationKind::Ink:
            return tr("Pen");
        case AnnotationKind::Highlight:
            return tr("Highlighted text");
        case AnnotationKind::Note:
            return tr("Note");
        }
        return {};
    case PageRole:
        return a.page;
    case QuoteRole:
        return a.anchor.quote.simplified();
    case NoteRole:
        return a.note;
    case ReasonRole:
        return item.reason;
    case MessageRole:
        // Worded here, not taken from the store, so it follows the reader's language.
        if (item.reason == QLatin1String("page_gone"))
            return tr("Its page is no longer in this version.");
        if (item.reason == QLatin1String("text_gone"))
            return tr("The text it was attached to is no longer in this version.");
        return item.message;
    }
    return {};
}

QHash<int, QByteArray> UnplacedModel::roleNames() const
{
    return { { AnnotationIdRole, "annotationId" },
             { KindRole, "kind" },
             { KindLabelRole, "kindLabel" },
             { PageRole, "page" },
             { QuoteRole, "quote" },
             { NoteRole, "note" },
             { ReasonRole, "reason" },
             { MessageRole, "message" } };
}

} // namespace Aula::Documents
