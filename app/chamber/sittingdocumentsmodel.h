// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tabletvault.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace Aula::App {

/**
 * The documents of one sitting held by the tablet (its manifest in the member's store), in
 * agenda order: each with its title, its agenda item and whether it can be read offline.
 * The Sittings page lists the chosen sitting with it; it follows `sittings` as documents
 * arrive or a new manifest comes.
 */
class SittingDocumentsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    /** The sittings to read from (TabletVault.sittings); required. */
    Q_PROPERTY(Aula::App::SittingsModel *sittings READ sittings WRITE setSittings NOTIFY
                   sittingsChanged REQUIRED)
    /** The sitting whose documents are listed (empty or unknown: none). */
    Q_PROPERTY(QString sittingId READ sittingId WRITE setSittingId NOTIFY sittingIdChanged)
    /** Number of documents. */
    Q_PROPERTY(int count READ count NOTIFY countsChanged)
    /** How many of them are on this tablet. */
    Q_PROPERTY(int hereCount READ hereCount NOTIFY countsChanged)

public:
    enum Role {
        /** SHA-256 in lowercase hex, what DocumentShelf and the reader take. */
        Sha256Role = Qt::UserRole + 1,
        /** The manifest's title (else the file name without ".pdf"). */
        TitleRole,
        FileNameRole,
        ItemIdRole,
        ItemTitleRole,
        /** Whether it is on this tablet (can be opened offline). */
        HereRole,
        /** "Available offline · 1.2 MB" or "Not on this tablet yet · 1.2 MB". */
        StatusTextRole,
    };
    Q_ENUM(Role)

    explicit SittingDocumentsModel(QObject *parent = nullptr);

    [[nodiscard]] SittingsModel *sittings() const { return m_sittings; }
    void setSittings(SittingsModel *sittings);
    [[nodiscard]] QString sittingId() const { return m_sittingId; }
    void setSittingId(const QString &id);
    [[nodiscard]] int count() const { return int(m_documents.size()); }
    [[nodiscard]] int hereCount() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void sittingsChanged();
    void sittingIdChanged();
    void countsChanged();

private:
    void refresh();

    QPointer<SittingsModel> m_sittings;
    QString m_sittingId;
    QList<SittingsModel::Document> m_documents;
};

} // namespace Aula::App
