// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

namespace Aula::Demo {

/** What goes around every page of a printed act. */
struct PageFrame
{
    QString headerLeft; ///< e.g. "Comune di Valdoria — Consiglio comunale"
    QString headerRight; ///< e.g. "Punto 2 dell'ordine del giorno"
    QString footerLeft; ///< e.g. "Seduta del 26 novembre 2026"
};

/**
 * Lays out `html` (QTextDocument's rich-text subset) on A4 pages and writes a PDF with
 * a running header, a footer and "Pagina n di N" on every page. Returns the page count.
 */
Result<int> renderPdf(const QString &path, const QString &title, const QString &html,
                      const PageFrame &frame);

} // namespace Aula::Demo
