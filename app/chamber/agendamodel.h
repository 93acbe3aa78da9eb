// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sittingtracker.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace Aula::App {

/** The order of business of the tracked sitting, the current item marked. */
class AgendaModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    /** The sitting to list; required. */
    Q_PROPERTY(Aula::App::SittingTracker *tracker READ tracker WRITE setTracker NOTIFY
                   trackerChanged REQUIRED)
    /** Row of the current item, -1 when none. */
    Q_PROPERTY(int currentRow READ currentRow NOTIFY currentRowChanged)
    /** Number of items. */
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /** Every document of the sitting, [{title, sha256, size}]. */
    Q_PROPERTY(QVariantList allDocuments READ allDocuments NOTIFY countChanged)

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        NumberRole,
        TitleRole,
        /** The kind in words ("Deliberation", …). */
        KindRole,
        CurrentRole,
        /** Whether a ballot follows. */
        VotedRole,
        /** [{title, sha256, size}] */
        DocumentsRole,
    };
    Q_ENUM(Role)

    explicit AgendaModel(QObject *parent = nullptr);

    [[nodiscard]] SittingTracker *tracker() const { return m_tracker; }
    void setTracker(SittingTracker *tracker);
    [[nodiscard]] int currentRow() const { return m_currentRow; }
    [[nodiscard]] int count() const { return int(m_items.size()); }
    [[nodiscard]] QVariantList allDocuments() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void trackerChanged();
    void currentRowChanged();
    void countChanged();

private:
    void refresh();

    QPointer<SittingTracker> m_tracker;
    QList<AgendaItem> m_items;
    QString m_current;
    int m_currentRow = -1;
};

} // namespace Aula::App
