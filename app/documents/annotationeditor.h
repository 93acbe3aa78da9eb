// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"
#include "app/documents/annotationstore.h"

#include <QObject>
#include <optional>

namespace Aula::Documents {

/**
 * A member's annotations on one document, as the reader edits them: add, change, remove,
 * with undo and redo. Every change, undone and redone ones included, is written to the
 * AnnotationStore before it shows, so nothing is lost if the tablet switches off. The undo
 * history lives as long as the editor (the document being open), like in any editor.
 */
class AnnotationEditor : public QObject
{
    Q_OBJECT
    /** Whether undo() would do something. */
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY historyChanged)
    /** Whether redo() would do something. */
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY historyChanged)

public:
    /** Loads the member's annotations on `document`; check loadError() afterwards. */
    AnnotationEditor(AnnotationStore &store, QString member, QString document,
                     QObject *parent = nullptr);

    /** Why the initial load failed, if it did (the editor is then empty and read-only). */
    [[nodiscard]] const std::optional<Error> &loadError() const { return m_loadError; }

    [[nodiscard]] const QList<Annotation> &annotations() const { return m_annotations; }
    [[nodiscard]] QList<Annotation> annotationsOn(int page) const;
    [[nodiscard]] std::optional<Annotation> find(const QString &id) const;

    /** Adds `a` (a new id is given when it has none); returns the id. */
    Result<QString> add(Annotation a);
    /** Replaces the annotation with `a.id`; "not_found" when there is none. */
    Result<void> update(const Annotation &a);
    /** Removes the annotation `id`; "not_found" when there is none. */
    Result<void> remove(const QString &id);

    /**
     * The annotations a new version of the document could not place (see carryOver()), for
     * the member to place by hand or dismiss. Loaded with the editor.
     */
    [[nodiscard]] const QList<UnplacedAnnotation> &unplaced() const { return m_unplaced; }
    /**
     * Adds `placed` (an unplaced annotation put on a page, see placedAt()) like add(), then
     * takes it off the unplaced list. "not_found" when `placed.id` is not on that list.
     * Undoing the add leaves it off the list: the member placed it, and redo brings it back.
     */
    Result<QString> place(Annotation placed);
    /**
     * Takes `id` off the unplaced list without placing it: the member's choice. The
     * annotation stays with the previous version of the document. "not_found" when absent.
     */
    Result<void> dismiss(const QString &id);

    [[nodiscard]] bool canUndo() const { return m_done > 0; }
    [[nodiscard]] bool canRedo() const { return m_done < m_history.size(); }
    /** Undoes the last change; "nothing_to_undo" when there is none. */
    Result<void> undo();
    /** Redoes the last undone change; "nothing_to_redo" when there is none. */
    Result<void> redo();

signals:
    /** The annotations on `page` changed (-1: possibly on every page). */
    void changed(int page);
    /** The unplaced list changed. */
    void unplacedChanged();
    /** canUndo or canRedo may have changed (emitted after the history is updated). */
    void historyChanged();

private:
    struct Change
    {
        std::optional<Annotation> before;
        std::optional<Annotation> after;
    };
    Result<void> apply(const std::optional<Annotation> &from, const std::optional<Annotation> &to);
    Result<void> record(Change change);
    [[nodiscard]] qsizetype indexOf(const QString &id) const;

    AnnotationStore &m_store;
    QString m_member;
    QString m_document;
    QList<Annotation> m_annotations;
    QList<UnplacedAnnotation> m_unplaced;
    QList<Change> m_history;
    qsizetype m_done = 0;
    std::optional<Error> m_loadError;
};

} // namespace Aula::Documents
