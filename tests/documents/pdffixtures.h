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

/**
 * A hand-written A4 PDF with text (Helvetica 14 pt, lines at x = 50 pt and lineBaseline(i))
 * and an outline: for each entry of `chapters`, a top-level bookmark to the page it names,
 * and one child bookmark "… – voto" to the next page. Poppler finds and renders it like any
 * PDF; QPdfWriter cannot write outlines.
 */
inline QByteArray makeTextPdfWithOutline(const QList<QStringList> &pages,
                                         const QList<QPair<QString, int>> &chapters)
{
    const auto escaped = [](const QString &text) {
        QByteArray out = text.toLatin1();
        out.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        return out;
    };
    // 1 catalog, 2 pages, 3 font, 4 outlines; then per page: page, content; then the items.
    QList<QByteArray> objects(4);
    const int firstPage = 5;
    QByteArray kids;
    for (qsizetype p = 0; p < pages.size(); ++p) {
        const int pageObject = firstPage + int(p) * 2;
        kids += QByteArray::number(pageObject) + " 0 R ";
        QByteArray content;
        for (qsizetype i = 0; i < pages[p].size(); ++i)
            content += "BT /F1 14 Tf 50 " + QByteArray::number(842 - lineBaseline(int(i))) + " Td ("
                + escaped(pages[p][i]) + ") Tj ET\n";
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       "<< /Font << /F1 3 0 R >> >> /Contents "
                       + QByteArray::number(pageObject + 1) + " 0 R >>");
        objects.append("<< /Length " + QByteArray::number(content.size()) + " >>\nstream\n"
                       + content + "endstream");
    }
    const int firstItem = int(objects.size()) + 1;
    const auto pageRef = [&](int page) {
        return QByteArray::number(firstPage + qBound(0, page, int(pages.size()) - 1) * 2);
    };
    for (qsizetype c = 0; c < chapters.size(); ++c) {
        const int item = firstItem + int(c) * 2;
        QByteArray entry = "<< /Title (" + escaped(chapters[c].first) + ") /Parent 4 0 R /Dest ["
            + pageRef(chapters[c].second) + " 0 R /Fit] /First " + QByteArray::number(item + 1)
            + " 0 R /Last " + QByteArray::number(item + 1) + " 0 R /Count 1";
        if (c > 0)
            entry += " /Prev " + QByteArray::number(item - 2) + " 0 R";
        if (c + 1 < chapters.size())
            entry += " /Next " + QByteArray::number(item + 2) + " 0 R";
        objects.append(entry + " >>");
        objects.append("<< /Title (" + escaped(chapters[c].first + QStringLiteral(" - voto"))
                       + ") /Parent " + QByteArray::number(item) + " 0 R /Dest ["
                       + pageRef(chapters[c].second + 1) + " 0 R /Fit] >>");
    }
    objects[0] = "<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R /PageMode /UseOutlines >>";
    objects[1] =
        "<< /Type /Pages /Kids [" + kids + "] /Count " + QByteArray::number(pages.size()) + " >>";
    objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
                 "/WinAnsiEncoding >>";
    objects[3] = "<< /Type /Outlines /First " + QByteArray::number(firstItem) + " 0 R /Last "
        + QByteArray::number(firstItem + (chapters.size() - 1) * 2) + " 0 R /Count "
        + QByteArray::number(chapters.size() * 2) + " >>";
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
