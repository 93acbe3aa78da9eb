// SPDX-License-Identifier: GPL-3.0-or-later
#include "sittingdocumentsmodel.h"

#include <QLocale>
#include <algorithm>

namespace Aula::App {

SittingDocumentsModel::SittingDocumentsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void SittingDocumentsModel::setSittings(SittingsModel *sittings)
{
    if (m_sittings == sittings)
        return;
    if (m_sittings)
        disconnect(m_sittings, nullptr, this, nullptr);
    m_sittings = sittings;
    if (m_sittings) {
        // Every change of the sittings (a new manifest, a document arrived) bumps revision.
        connect(m_sittings, &SittingsModel::revisionChanged, this, &SittingDocumentsModel::refresh);
        connect(m_sittings, &QObject::destroyed, this, &SittingDocumentsModel::refresh);
    }
    Q_EMIT sittingsChanged();
    refresh();
}

void SittingDocumentsModel::setSittingId(const QString &id)
{
    if (m_sittingId == id)
        return;
    m_sittingId = id;
    Q_EMIT sittingIdChanged();
    refresh();
}

int SittingDocumentsModel::hereCount() const
{
    return int(std::count_if(m_documents.cbegin(), m_documents.cend(),
                             [](const SittingsModel::Document &d) { return d.here; }));
}

int SittingDocumentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant SittingDocumentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SittingsModel::Document &d = m_documents.at(index.row());
    switch (role) {
    case Sha256Role:
        return QString::fromLatin1(d.sha256.toHex());
    case Qt::DisplayRole:
    case TitleRole:
        return d.title;
    case FileNameRole:
        return d.fileName;
    case ItemIdRole:
        return d.itemId;
    case ItemTitleRole:
        return d.itemTitle;
    case HereRole:
        return d.here;
    case StatusTextRole: {
        const QString size = QLocale().formattedDataSize(d.size, 1, QLocale::DataSizeSIFormat);
        return d.here ? tr("Available offline · %1").arg(size)
                      : tr("Not on this tablet yet · %1").arg(size);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> SittingDocumentsModel::roleNames() const
{
    return { { Sha256Role, "sha256" },        { TitleRole, "title" },
             { FileNameRole, "fileName" },    { ItemIdRole, "itemId" },
             { ItemTitleRole, "itemTitle" },  { HereRole, "here" },
             { StatusTextRole, "statusText" } };
}

void SittingDocumentsModel::refresh()
{
    QList<SittingsModel::Document> documents =
        m_sittings ? m_sittings->documents(m_sittingId) : QList<SittingsModel::Document>();
    if (documents == m_documents)
        return;
    const bool sameRows = documents.size() == m_documents.size()
        && std::equal(documents.cbegin(), documents.cend(), m_documents.cbegin(),
                      [](const auto &a, const auto &b) {
                          return a.sha256 == b.sha256 && a.itemId == b.itemId;
                      });
    if (sameRows) {
        // The same documents: some arrived, or were renamed. Rows stay where they are.
        for (qsizetype i = 0; i < documents.size(); ++i) {
            if (documents[i] == m_documents[i])
                continue;
            m_documents[i] = documents[i];
            const QModelIndex at = index(int(i));
            Q_EMIT dataChanged(at, at);
        }
    } else {
        beginResetModel();
        m_documents = std::move(documents);
        endResetModel();
    }
    Q_EMIT countsChanged();
}

} // namespace Aula::App
