// SPDX-License-Identifier: GPL-3.0-or-later
#include "documentshelf.h"

#include "app/chamber/tabletvault.h"
#include "app/documents/documentreader.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QVariantMap>

Q_LOGGING_CATEGORY(lcShelf, "aula.app.shelf")

namespace Aula::App {

namespace {

bool wellFormed(const QString &sha256)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(sha256).hasMatch();
}

} // namespace

DocumentShelf::DocumentShelf(const QString &root, QObject *parent)
    : QObject(parent)
    , m_root(root)
{ }

void DocumentShelf::setVault(TabletVault *vault)
{
    if (m_vault)
        disconnect(m_vault, nullptr, this, nullptr);
    m_vault = vault;
    if (m_vault)
        connect(m_vault, &TabletVault::documentsChanged, this, [this] {
            ++m_revision;
            Q_EMIT changed();
        });
    ++m_revision;
    Q_EMIT changed();
}

QString DocumentShelf::pathFor(const QString &sha256) const
{
    if (m_root.isEmpty() || !wellFormed(sha256))
        return {};
    const QString path = QDir(m_root).filePath(sha256.left(2) + QLatin1Char('/') + sha256);
    return QFileInfo(path).isFile() ? path : QString();
}

bool DocumentShelf::has(const QString &sha256) const
{
    if (!wellFormed(sha256))
        return false;
    return (m_vault && m_vault->hasDocument(sha256)) || !pathFor(sha256).isEmpty();
}

int DocumentShelf::availableCount(const QVariantList &documents) const
{
    int n = 0;
    for (const QVariant &d : documents)
        n += has(d.toMap().value(QStringLiteral("sha256")).toString()) ? 1 : 0;
    return n;
}

AnnotationDesk *DocumentShelf::annotations() const
{
    return m_vault && m_vault->isOpen() ? m_vault->annotations() : nullptr;
}

bool DocumentShelf::openIn(QObject *reader, const QString &sha256) const
{
    auto *documentReader = qobject_cast<Documents::DocumentReader *>(reader);
    if (!documentReader || !wellFormed(sha256))
        return false;
    if (m_vault && m_vault->hasDocument(sha256)) {
        // Decrypted into memory only: a document from the store never touches the disk.
        auto bytes = m_vault->document(sha256);
        if (!bytes) {
            qCWarning(lcShelf).noquote() << "cannot read" << sha256 << bytes.error().describe();
            const QString code = bytes.error().code;
            if (code == QLatin1String("corrupt") || code == QLatin1String("file_missing")) {
                // The store has set it aside: say so, and fetch it again now if we can.
                documentReader->showError(
                    Error { code,
                            tr("The copy of this document on the tablet was damaged and has "
                               "been set aside. It is downloaded again at the next sync.") });
                m_vault->fetchAgain();
            } else {
                documentReader->showError(bytes.error());
            }
            return false;
        }
        if (!documentReader->open(*bytes).ok())
            return false;
        if (auto attached = m_vault->attachAnnotations(*documentReader, sha256); !attached)
            // Readable without notes rather than not at all; the log says why.
            qCWarning(lcShelf).noquote()
                << "annotations of" << sha256 << "unavailable:" << attached.error().describe();
        return true;
    }
    const QString path = pathFor(sha256);
    return !path.isEmpty() && documentReader->openFile(path);
}

} // namespace Aula::App
