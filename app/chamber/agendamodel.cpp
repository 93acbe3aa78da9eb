// SPDX-License-Identifier: GPL-3.0-or-later
#include "agendamodel.h"

#include <QVariantMap>

namespace Aula::App {

namespace {

QString kindText(const QString &kind)
{
    if (kind == QLatin1String("deliberation"))
        return AgendaModel::tr("Deliberation");
    if (kind == QLatin1String("motion"))
        return AgendaModel::tr("Motion");
    if (kind == QLatin1String("question"))
        return AgendaModel::tr("Question");
    if (kind == QLatin1String("communication"))
        return AgendaModel::tr("Communication");
    if (kind == QLatin1String("election"))
        return AgendaModel::tr("Election");
    if (kind == QLatin1String("minutes"))
        return AgendaModel::tr("Minutes");
    return kind;
}

bool sameItems(const QList<AgendaItem> &a, const QList<AgendaItem> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].title != b[i].title
            || a[i].documents.size() != b[i].documents.size())
            return false;
    }
    return true;
}

} // namespace

AgendaModel::AgendaModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void AgendaModel::setTracker(SittingTracker *tracker)
{
    if (tracker == m_tracker)
        return;
    if (m_tracker)
        disconnect(m_tracker, nullptr, this, nullptr);
    m_tracker = tracker;
    if (m_tracker)
        connect(m_tracker, &SittingTracker::changed, this, &AgendaModel::refresh);
    Q_EMIT trackerChanged();
    refresh();
}

void AgendaModel::refresh()
{
    const bool ready = m_tracker && m_tracker->isReady();
    const QList<AgendaItem> items = ready ? m_tracker->sitting().plan().items : QList<AgendaItem>();
    const QString current = ready ? m_tracker->sitting().currentItem() : QString();
    if (!sameItems(items, m_items)) {
        beginResetModel();
        m_items = items;
        m_current = current;
        endResetModel();
        Q_EMIT countChanged();
    } else if (current != m_current) {
        const QString old = m_current;
        m_current = current;
        for (int row = 0; row < m_items.size(); ++row) {
            if (m_items[row].id == old || m_items[row].id == current)
                Q_EMIT dataChanged(index(row), index(row), { CurrentRole });
        }
    }
    int row = -1;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].id == m_current)
            row = i;
    }
    if (row != m_currentRow) {
        m_currentRow = row;
        Q_EMIT currentRowChanged();
    }
}

QVariantList AgendaModel::allDocuments() const
{
    QVariantList out;
    for (int row = 0; row < m_items.size(); ++row)
        out.append(data(index(row), DocumentsRole).toList());
    return out;
}

int AgendaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant AgendaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgendaItem &item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return item.title;
    case ItemIdRole:
        return item.id;
    case NumberRole:
        return item.number;
    case KindRole:
        return kindText(item.kind);
    case CurrentRole:
        return item.id == m_current;
    case VotedRole:
        return item.voted;
    case DocumentsRole: {
        QVariantList docs;
        for (const auto &d : item.documents) {
            docs.append(QVariantMap { { QStringLiteral("title"), d.title },
                                      { QStringLiteral("sha256"), d.sha256 },
                                      { QStringLiteral("size"), d.size } });
        }
        return docs;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> AgendaModel::roleNames() const
{
    return { { ItemIdRole, "itemId" },      { NumberRole, "number" },   { TitleRole, "title" },
             { KindRole, "kind" },          { CurrentRole, "current" }, { VotedRole, "voted" },
             { DocumentsRole, "documents" } };
}

} // namespace Aula::App
