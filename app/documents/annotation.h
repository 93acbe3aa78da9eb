// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace Aula::Documents {

/** What a member attached to a page. */
enum class AnnotationKind {
    /** Free-hand pen strokes. */
    Ink,
    /** A highlight over text; `rects` cover the text, `anchor.quote` is the text. */
    Highlight,
    /** A sticky note at a point, with `note` as its text. */
    Note,
};

/**
 * The text an annotation is attached to, so it can follow the text into a new version of the
 * document. For a highlight, `quote` is the highlighted text; for ink and notes, the text
 * under (or nearest to) the annotation, possibly empty on a blank area.
 */
struct TextAnchor
{
    QString quote;
    /** Up to ~40 characters before and after the quote on its page, to tell repeats apart. */
    QString before;
    QString after;
    /** Where the quote was, in points: annotations move with it. */
    QRectF rect;

    bool operator==(const TextAnchor &) const = default;
};

/**
 * One annotation, in page coordinates (points, origin top-left). A plain value: the store
 * persists it, the editor changes it, the exporter writes it as a PDF annotation.
 */
struct Annotation
{
    /** Stable id (a UUID without braces), kept across versions of a document. */
    QString id;
    AnnotationKind kind = AnnotationKind::Ink;
    /** Page, from 0. */
    int page = 0;
    QColor color = QColor(255, 200, 0);
    /** Ink: the strokes. */
    QList<QList<QPointF>> strokes;
    /** Highlight: the text rectangles. */
    QList<QRectF> rects;
    /** Note: where the note's icon sits (its top-left corner). */
    QPointF position;
    /** Note: its text; highlight: an optional comment. */
    QString note;
    TextAnchor anchor;

    /** The area covered, in points. */
    [[nodiscard]] QRectF bounds() const;
    /**
     * Whether `point` (points) is on the annotation, within `tolerance` points: on a stroke,
     * in a highlighted rectangle, on a note's icon. A finger is less precise than a pen.
     */
    [[nodiscard]] bool contains(QPointF point, double tolerance) const;
    /** The same annotation moved by `offset` points (all geometry, anchor rect included). */
    [[nodiscard]] Annotation translated(QPointF offset) const;

    /** Compact JSON of everything but id and page (those are columns in the store). */
    [[nodiscard]] QByteArray toJson() const;
    /** Reads what toJson() wrote; "invalid_annotation" on anything else. */
    static Result<Annotation> fromJson(const QString &id, int page, const QByteArray &json);

    bool operator==(const Annotation &) const = default;
};

/** A new annotation id. */
QString newAnnotationId();

} // namespace Aula::Documents
