// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotationeditor.h"

namespace Aula::Documents {

AnnotationEditor::AnnotationEditor(AnnotationStore &store, QString member, QString document,
                                   QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_member(std::move(member))
    , m_document(std::move(document))
{
    auto loaded = m_store.load(m_member, m_document);
    if (loaded.ok())
        m_annotations = loaded.value();
    else
        m_loadError = loaded.error();
    auto unplaced = m_store.unplaced(m_member, m_document);
    if (unplaced.ok())
        m_unplaced = unplaced.value();
    else if (!m_loadError)
        m_loadError = unplaced.error();
}

Result<QString> AnnotationEditor::place(Annotation placed)
{
    qsizetype i = 0;
    while (i < m_unplaced.size() && m_unplaced[i].annotation.id != placed.id)
        ++i;
    if (i == m_unplaced.size())
        return Error {
            QStringLiteral("not_found"),
            QStringLiteral("Annotation %1 is not waiting to be placed.").arg(placed.id)
        };
    const QString unplacedId = placed.id;
    // The id may already be in use (placed once, then the list reloaded): a new one then.
    if (indexOf(placed.id) >= 0)
        placed.id = newAnnotationId();
    auto added = add(std::move(placed));
    if (!added.ok())
        return added;
    if (auto dismissed = dismiss(unplacedId); !dismissed.ok())
        return dismissed.error();
    return added;
}

Result<void> AnnotationEditor::dismiss(const QString &id)
{
    qsizetype i = 0;
    while (i < m_unplaced.size() && m_unplaced[i].annotation.id != id)
        ++i;
    if (i == m_unplaced.size())
        return Error { QStringLiteral("not_found"),
                       QStringLiteral("Annotation %1 is not waiting to be placed.").arg(id) };
    if (auto removed = m_store.dismissUnplaced(m_member, m_document, id); !removed.ok())
        return removed;
    m_unplaced.removeAt(i);
    emit unplacedChanged();
    return {};
}

QList<Annotation> AnnotationEditor::annotationsOn(int page) const
{
    QList<Annotation> out;
    for (const Annotation &a : m_annotations)
        if (a.page == page)
            out.append(a);
    return out;
}

qsizetype AnnotationEditor::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_annotations.size(); ++i)
        if (m_annotations[i].id == id)
            return i;
    return -1;
}

std::optional<Annotation> AnnotationEditor::find(const QString &id) const
{
    const qsizetype i = indexOf(id);
    return i < 0 ? std::nullopt : std::optional<Annotation>(m_annotations[i]);
}

Result<void> AnnotationEditor::apply(const std::optional<Annotation> &from,
                                     const std::optional<Annotation> &to)
{
    // Store first: the list on screen never shows what the store does not hold.
    if (to) {
        if (auto saved = m_store.save(m_member, m_document, *to); !saved.ok())
            return saved;
        const qsizetype i = indexOf(to->id);
        if (i < 0)
            m_annotations.append(*to);
        else
            m_annotations[i] = *to;
    } else if (from) {
        if (auto removed = m_store.remove(m_member, m_document, from->id); !removed.ok())
            return removed;
        m_annotations.removeAt(indexOf(from->id));
    }
    if (from && to && from->page != to->page)
        emit changed(from->page);
    emit changed(to ? to->page : from->page);
    return {};
}

Result<void> AnnotationEditor::record(Change change)
{
    if (m_loadError)
        return *m_loadError;
    if (auto applied = apply(change.before, change.after); !applied.ok())
        return applied;
    m_history.resize(m_done);
    m_history.append(std::move(change));
    m_done = m_history.size();
    emit historyChanged();
    return {};
}

Result<QString> AnnotationEditor::add(Annotation a)
{
    if (a.id.isEmpty())
        a.id = newAnnotationId();
    if (indexOf(a.id) >= 0)
        return Error { QStringLiteral("duplicate"),
                       QStringLiteral("An annotation with id %1 already exists.").arg(a.id) };
    const QString id = a.id;
    if (auto recorded = record(Change { std::nullopt, std::move(a) }); !recorded.ok())
        return recorded.error();
    return id;
}

Result<void> AnnotationEditor::update(const Annotation &a)
{
    const auto before = find(a.id);
    if (!before)
        return Error { QStringLiteral("not_found"),
                       QStringLiteral("There is no annotation %1 to change.").arg(a.id) };
    return record(Change { before, a });
}

Result<void> AnnotationEditor::remove(const QString &id)
{
    const auto before = find(id);
    if (!before)
        return Error { QStringLiteral("not_found"),
                       QStringLiteral("There is no annotation %1 to remove.").arg(id) };
    return record(Change { before, std::nullopt });
}

Result<void> AnnotationEditor::undo()
{
    if (!canUndo())
        return Error { QStringLiteral("nothing_to_undo"), QStringLiteral("Nothing to undo.") };
    const Change &change = m_history[m_done - 1];
    if (auto applied = apply(change.after, change.before); !applied.ok())
        return applied;
    --m_done;
    emit historyChanged();
    return {};
}

Result<void> AnnotationEditor::redo()
{
    if (!canRedo())
        return Error { QStringLiteral("nothing_to_redo"), QStringLiteral("Nothing to redo.") };
    const Change &change = m_history[m_done];
    if (auto applied = apply(change.before, change.after); !applied.ok())
        return applied;
    ++m_done;
    emit historyChanged();
    return {};
}

} // namespace Aula::Documents
