// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"
#include "app/documents/pdfdocument.h"

namespace Aula::Documents {

/** An annotation that could not be placed in a new version, and why, in words. */
struct UnplacedAnnotation
{
    Annotation annotation;
    /** Stable code: "text_gone" or "page_gone". */
    QString reason;
    /** For the list the reader shows. */
    QString message;
};

/** Where the annotations of one version went in the next one. */
struct CarryOverResult
{
    /** Annotations with their geometry moved to the new version (same ids). */
    QList<Annotation> placed;
    /** The ones that could not be placed: shown to the member, never dropped. */
    QList<UnplacedAnnotation> unplaced;
    /** How many of `placed` followed their text, and how many kept their page. */
    int byText = 0;
    int byPage = 0;
    /** The carry-over was stopped before the end: the lists are partial, record nothing. */
    bool cancelled = false;
};

/**
 * The text anchor for something at `rect` on `page`: the text under it (for ink and notes on
 * a blank margin, the text within 24 points), with up to 40 characters of context on its
 * line either side. Empty quote when there is no text near.
 */
TextAnchor anchorFor(const PdfDocument &document, int page, const QRectF &rect);

/**
 * Moves `annotations` from an old version to `newVersion`. An annotation with a quote follows
 * its text: every occurrence in the new version is scored by how well the surrounding text
 * matches the recorded context, then by closeness to the old page; highlights take the new
 * text's rectangles, ink and notes move by the text's displacement. An annotation without a
 * quote keeps its page and position when that page still exists. Everything else is
 * returned in `unplaced`.
 *
 * On a long document this takes seconds (each quote is searched for in every page): run it
 * off the GUI thread, on a PdfDocument of its own (AnnotationDesk does). `cancelled` is
 * polled between pages; once it returns true the result is marked cancelled.
 */
CarryOverResult carryOver(const QList<Annotation> &annotations, const PdfDocument &newVersion,
                          const std::function<bool()> &cancelled = {});

/**
 * `unplaced` put back by hand at `at` (points) on `page`: ink moves so its top-left corner is
 * at `at`, a note moves there; a highlight, whose text is gone, becomes a note there quoting
 * the old text (and its comment). The id stays; the anchor is cleared (anchorFor() gives the
 * new one).
 */
Annotation placedAt(const Annotation &unplaced, int page, QPointF at);

} // namespace Aula::Documents
