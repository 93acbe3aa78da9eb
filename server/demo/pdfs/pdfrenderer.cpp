// SPDX-License-Identifier: GPL-3.0-or-later
#include "pdfrenderer.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace Aula::Demo {

Result<int> renderPdf(const QString &path, const QString &title, const QString &html,
                      const PageFrame &frame)
{
    QFile::remove(path);
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Aula (demo documents)"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));

    const qreal dotsPerMm = writer.resolution() / 25.4;
    const QRectF page(0, 0, writer.width(), writer.height());
    const QMarginsF margins(22 * dotsPerMm, 24 * dotsPerMm, 20 * dotsPerMm, 22 * dotsPerMm);
    const QRectF body = page.marginsRemoved(margins);

    QTextDocument document;
    // Lay the text out with the PDF's own metrics, so points are points on paper.
    document.documentLayout()->setPaintDevice(&writer);
    document.setDocumentMargin(0);
    QFont bodyFont(QStringLiteral("DejaVu Serif"));
    bodyFont.setPointSizeF(10.5);
    document.setDefaultFont(bodyFont);
    document.setHtml(html);
    document.setPageSize(body.size());
    const int pageCount = document.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return Error { QStringLiteral("pdf_write_failed"),
                       QStringLiteral("cannot write %1").arg(path) };

    QFont frameFont(QStringLiteral("DejaVu Sans"));
    frameFont.setPointSizeF(7.5);
    const QColor frameColor(0x55, 0x55, 0x55);
    for (int i = 0; i < pageCount; ++i) {
        if (i > 0)
            writer.newPage();
        painter.save();
        painter.translate(body.left(), body.top() - i * body.height());
        document.drawContents(&painter, QRectF(0, i * body.height(), body.width(), body.height()));
        painter.restore();

        painter.save();
        painter.setFont(frameFont);
        painter.setPen(frameColor);
        const qreal headerY = margins.top() - 9 * dotsPerMm;
        const QRectF header(body.left(), headerY, body.width(), 5 * dotsPerMm);
        painter.drawText(header, Qt::AlignLeft | Qt::AlignBottom, frame.headerLeft);
        painter.drawText(header, Qt::AlignRight | Qt::AlignBottom, frame.headerRight);
        painter.setPen(QPen(frameColor, 0.25 * dotsPerMm));
        painter.drawLine(QPointF(body.left(), header.bottom() + 1.5 * dotsPerMm),
                         QPointF(body.right(), header.bottom() + 1.5 * dotsPerMm));
        const qreal footerY = page.height() - margins.bottom() + 6 * dotsPerMm;
        painter.drawLine(QPointF(body.left(), footerY), QPointF(body.right(), footerY));
        const QRectF footer(body.left(), footerY + 1.5 * dotsPerMm, body.width(), 5 * dotsPerMm);
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignTop, frame.footerLeft);
        painter.drawText(footer, Qt::AlignRight | Qt::AlignTop,
                         QStringLiteral("Pagina %1 di %2").arg(i + 1).arg(pageCount));
        painter.restore();
    }
    if (!painter.end())
        return Error { QStringLiteral("pdf_write_failed"),
                       QStringLiteral("cannot finish %1").arg(path) };
    return pageCount;
}

} // namespace Aula::Demo
