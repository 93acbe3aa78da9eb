// SPDX-License-Identifier: GPL-3.0-or-later
#include "documentshelf.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QVariantMap>

namespace Aula::App {

DocumentShelf::DocumentShelf(const QString &root, QObject *parent)
    : QObject(parent)
    , m_root(root)
{ }

QString DocumentShelf::pathFor(const QString &sha256) const
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (m_root.isEmpty() || !hex.match(sha256).hasMatch())
        return {};
    const QString path = QDir(m_root).filePath(sha256.left(2) + QLatin1Char('/') + sha256);
    return QFileInfo(path).isFile() ? path : QString();
}

int DocumentShelf::availableCount(const QVariantList &documents) const
{
    int n = 0;
    for (const QVariant &d : documents)
        n += pathFor(d.toMap().value(QStringLiteral("sha256")).toString()).isEmpty() ? 0 : 1;
    return n;
}

} // namespace Aula::App
