// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PDFs with known text at known places, generated at run time (QPdfWriter at 72 dpi, so
// painter units are PDF points and positions can be checked), and hand-written ones for
// what QPdfWriter cannot produce (an outline).

#include <QBuffer>
#include <QFont>
#include <QList>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QStringList>

namespace Aula::Tests {

/** Baseline of line `i` on a fixture page, in points from the top. */
inline double lineBaseline(int i, double spacing = 30.0)
{
    return 100.0 + spacing * i;
}

/**
 * An A4 PDF with one page per entry of `pages`, each line of text (DejaVu Sans, 14 px) drawn at
 * x = 50 pt and lineBaseline(i, spacing).
 */
inline QByteArray makePdf(const QList<QStringList> &pages, const QString &title = {},
                          double spacing = 30.0)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(72);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Aula tests"));
    QPainter painter(&writer);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(14);
    painter.setFont(font);
    for (qsizetype p = 0; p < pages.size(); ++p) {
        if (p > 0)
            writer.newPage();
        // A coloured band so renders differ from a blank page and night mode is visible.
        painter.fillRect(QRectF(40, 30, 515, 30), QColor(30, 90, 160));
        for (qsizetype i = 0; i < pages[p].size(); ++i)
            painter.drawText(QPointF(50, lineBaseline(int(i), spacing)), pages[p][i]);
    }
    painter.end();
    return bytes;
}

/** `count` pages whose first line is "Pagina <n>" (n from 1) and some body text. */
inline QByteArray makeNumberedPdf(int count)
{
    QList<QStringList> pages;
    for (int i = 0; i < count; ++i)
        pages.append({ QStringLiteral("Pagina %1").arg(i + 1),
                       QStringLiteral("Il consiglio comunale delibera sul punto %1.").arg(i + 1) });
    return makePdf(pages);
}

/**
 * A hand-written two-page PDF with an outline: "Premesse" → page 1, "Delibera" → page 2
 * with a child "Allegati" → page 2. The cross-reference offsets are computed here.
 */
inline QByteArray makePdfWithOutline()
{
    QList<QByteArray> objects = {
        "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Outlines /First 6 0 R /Last 7 0 R /Count 3 >>",
        "<< /Title (Premesse) /Parent 5 0 R /Next 7 0 R /Dest [3 0 R /Fit] >>",
        "<< /Title (Delibera) /Parent 5 0 R /Prev 6 0 R /First 8 0 R /Last 8 0 R /Count 1 "
        "/Dest [4 0 R /Fit] >>",
        "<< /Title (Allegati) /Parent 7 0 R /Dest [4 0 R /XYZ 0 400 0] >>",
    };
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets.append(pdf.size());
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + QByteArray::number(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + QByteArray::number(objects.size() + 1)
        + " /Root 1 0 R >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace Aula::Tests
