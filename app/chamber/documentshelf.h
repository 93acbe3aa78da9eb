// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/chamber/annotationdesk.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace Aula::App {

class TabletVault;
class AnnotationDesk;

/**
 * Where this tablet finds a sitting's documents offline: the member's encrypted store (the
 * TabletVault, filled by DocumentSync) when one is open, else a folder of PDFs named by
 * content, `<root>/<ab>/<sha256>` (the chamber's own layout, for the demo without a store).
 * Only well-formed hashes are looked up. Built in main.cpp.
 */
class DocumentShelf : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Built in main.cpp and passed to the pages")
    /** The folder; empty when the tablet has no documents folder. */
    Q_PROPERTY(QString root READ root CONSTANT)
    /** Bumps when documents arrive or the store opens or closes (bind counts to it). */
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    /**
     * The member's annotations on the document openIn() opened from the store: unplaced ones,
     * export (null while no store is open).
     */
    Q_PROPERTY(Aula::App::AnnotationDesk *annotations READ annotations NOTIFY changed)

public:
    explicit DocumentShelf(const QString &root, QObject *parent = nullptr);
    /** Reads from `vault`'s store while it is open (not owned; may be null). */
    void setVault(TabletVault *vault);

    [[nodiscard]] QString root() const { return m_root; }
    [[nodiscard]] int revision() const { return m_revision; }
    [[nodiscard]] AnnotationDesk *annotations() const;
    /** The local file holding `sha256`, or empty when it is not in the folder. */
    Q_INVOKABLE [[nodiscard]] QString pathFor(const QString &sha256) const;
    /** Whether `sha256` can be opened here (store or folder). */
    Q_INVOKABLE [[nodiscard]] bool has(const QString &sha256) const;
    /** How many of `documents` ([{sha256}], as AgendaModel gives them) are here. */
    Q_INVOKABLE [[nodiscard]] int availableCount(const QVariantList &documents) const;
    /**
     * Opens `sha256` in `reader` (an Aula.Documents DocumentReader): the bytes from the
     * store (with the member's annotations attached), or the folder's file. False when it is
     * not here or the reader refused it.
     */
    Q_INVOKABLE bool openIn(QObject *reader, const QString &sha256) const;

Q_SIGNALS:
    void changed();

private:
    QString m_root;
    TabletVault *m_vault = nullptr;
    int m_revision = 0;
};

} // namespace Aula::App
