// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace Aula::App {

/**
 * Where this tablet finds a sitting's documents offline: a folder of PDFs named by content,
 * `<root>/<ab>/<sha256>` (the chamber's own layout). Only well-formed hashes are looked up.
 * Built in main.cpp. (The encrypted TabletStore filled by DocumentSync replaces it later.)
 */
class DocumentShelf : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Built in main.cpp and passed to the pages")
    /** The folder; empty when the tablet has no documents. */
    Q_PROPERTY(QString root READ root CONSTANT)

public:
    explicit DocumentShelf(const QString &root, QObject *parent = nullptr);
    [[nodiscard]] QString root() const { return m_root; }
    /** The local file holding `sha256`, or empty when it is not here. */
    Q_INVOKABLE [[nodiscard]] QString pathFor(const QString &sha256) const;
    /** How many of `documents` ([{sha256}], as AgendaModel gives them) are here. */
    Q_INVOKABLE [[nodiscard]] int availableCount(const QVariantList &documents) const;

private:
    QString m_root;
};

} // namespace Aula::App
