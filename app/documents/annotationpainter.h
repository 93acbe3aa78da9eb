// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/documents/annotation.h"

class QPainter;

namespace Aula::Documents {

/**
 * Draws `annotations` of one page with `painter`, whose coordinates are page points multiplied
 * by `scale` (pixels per point). The reader draws Aula's annotations itself, over the page
 * Poppler rendered, so an edit shows at once without rendering the page again.
 */
void paintAnnotations(QPainter &painter, const QList<Annotation> &annotations, double scale);

} // namespace Aula::Documents
