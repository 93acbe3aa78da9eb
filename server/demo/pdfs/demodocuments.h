// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Aula::Demo {

/** One agenda item of the demo sitting and the act that goes with it. */
struct DemoDocument
{
    int number = 0;
    /** File name in the output directory, e.g. "02-variazione-bilancio.pdf". */
    QString fileName;
    QString title;
    /** deliberation, regulation, motion, interpellation, appointment. */
    QString kind;
    /** Who presents it to the council. */
    QString rapporteur;
    /** {"ballot","majority","immediateEffect"}, or empty when the item is not voted. */
    QJsonObject votePreset;
    /** The act, in QTextDocument's HTML subset. */
    QString html;
};

/** The fictional council and sitting every demo document belongs to. */
struct DemoSitting
{
    QString council; ///< "Consiglio comunale di Valdoria"
    QString municipality; ///< "Comune di Valdoria"
    QString date; ///< ISO date
    QString dateText; ///< "26 novembre 2026"
    QString time; ///< "20:30"
    QString place;
    int number = 0;
};

DemoSitting demoSitting();
/** The eight acts of the demo sitting, in agenda order. */
QList<DemoDocument> demoDocuments();

} // namespace Aula::Demo
