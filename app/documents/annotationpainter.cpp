// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotationpainter.h"

#include <QPainter>
#include <QPainterPath>

namespace Aula::Documents {

void paintAnnotations(QPainter &painter, const QList<Annotation> &annotations, double scale)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const Annotation &a : annotations) {
        switch (a.kind) {
        case AnnotationKind::Highlight: {
            QColor fill = a.color;
            fill.setAlpha(110);
            painter.setCompositionMode(QPainter::CompositionMode_Multiply);
            for (const QRectF &r : a.rects)
                painter.fillRect(QRectF(r.topLeft() * scale, r.size() * scale), fill);
            painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
            break;
        }
        case AnnotationKind::Ink: {
            painter.setPen(QPen(a.color, 2.0 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.setBrush(Qt::NoBrush);
            for (const auto &stroke : a.strokes) {
                QPainterPath path;
                for (qsizetype i = 0; i < stroke.size(); ++i) {
                    if (i == 0)
                        path.moveTo(stroke[i] * scale);
                    else
                        path.lineTo(stroke[i] * scale);
                }
                painter.drawPath(path);
            }
            break;
        }
        case AnnotationKind::Note: {
            // A folded sticky note, 20 points square.
            const QRectF r(a.position * scale, QSizeF(20, 20) * scale);
            QPainterPath note;
            note.moveTo(r.topLeft());
            note.lineTo(r.topRight());
            note.lineTo(r.right(), r.bottom() - r.height() / 4);
            note.lineTo(r.right() - r.width() / 4, r.bottom());
            note.lineTo(r.bottomLeft());
            note.closeSubpath();
            painter.setPen(QPen(a.color.darker(160), 1.0 * scale));
            painter.setBrush(a.color);
            painter.drawPath(note);
            painter.setPen(QPen(a.color.darker(220), 1.0 * scale));
            for (int line = 1; line <= 3; ++line) {
                const double y = r.top() + r.height() * line / 5.0;
                painter.drawLine(QPointF(r.left() + r.width() * 0.2, y),
                                 QPointF(r.right() - r.width() * 0.3, y));
            }
            break;
        }
        }
    }
    painter.restore();
}

} // namespace Aula::Documents
