// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineF>
#include <QUuid>

namespace Aula::Documents {

namespace {

QString kindName(AnnotationKind kind)
{
    switch (kind) {
    case AnnotationKind::Ink:
        return QStringLiteral("ink");
    case AnnotationKind::Highlight:
        return QStringLiteral("highlight");
    case AnnotationKind::Note:
        return QStringLiteral("note");
    }
    return {};
}

QJsonArray rectJson(const QRectF &r)
{
    return { r.x(), r.y(), r.width(), r.height() };
}

QRectF jsonRect(const QJsonValue &v)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 4)
        return {};
    return { a[0].toDouble(), a[1].toDouble(), a[2].toDouble(), a[3].toDouble() };
}

} // namespace

QString newAnnotationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QRectF Annotation::bounds() const
{
    QRectF r;
    for (const auto &stroke : strokes)
        for (const QPointF &p : stroke)
            r = r.isNull() ? QRectF(p, QSizeF(0.01, 0.01))
                           : r.united(QRectF(p, QSizeF(0.01, 0.01)));
    for (const QRectF &rect : rects)
        r = r.isNull() ? rect : r.united(rect);
    if (kind == AnnotationKind::Note)
        r = QRectF(position, QSizeF(20, 20));
    return r;
}

bool Annotation::contains(QPointF point, double tolerance) const
{
    switch (kind) {
    case AnnotationKind::Note:
        return bounds().adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(point);
    case AnnotationKind::Highlight:
        for (const QRectF &r : rects)
            if (r.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(point))
                return true;
        return false;
    case AnnotationKind::Ink:
        for (const auto &stroke : strokes) {
            for (qsizetype i = 0; i < stroke.size(); ++i) {
                // Distance from the point to the segment stroke[i-1]..stroke[i].
                const QPointF a = stroke[i == 0 ? 0 : i - 1];
                const QPointF ab = stroke[i] - a;
                const double length2 = QPointF::dotProduct(ab, ab);
                const double t = length2 > 0
                    ? qBound(0.0, QPointF::dotProduct(point - a, ab) / length2, 1.0)
                    : 0.0;
                const QPointF nearest = a + ab * t;
                if (QLineF(nearest, point).length() <= tolerance)
                    return true;
            }
        }
        return false;
    }
    return false;
}

Annotation Annotation::translated(QPointF offset) const
{
    Annotation moved = *this;
    for (auto &stroke : moved.strokes)
        for (QPointF &p : stroke)
            p += offset;
    for (QRectF &r : moved.rects)
        r.translate(offset);
    moved.position += offset;
    moved.anchor.rect.translate(offset);
    return moved;
}

QByteArray Annotation::toJson() const
{
    QJsonObject o;
    o.insert(u"kind", kindName(kind));
    o.insert(u"color", color.name(QColor::HexArgb));
    if (!strokes.isEmpty()) {
        QJsonArray s;
        for (const auto &stroke : strokes) {
            QJsonArray points;
            for (const QPointF &p : stroke) {
                points.append(p.x());
                points.append(p.y());
            }
            s.append(points);
        }
        o.insert(u"strokes", s);
    }
    if (!rects.isEmpty()) {
        QJsonArray r;
        for (const QRectF &rect : rects)
            r.append(rectJson(rect));
        o.insert(u"rects", r);
    }
    if (kind == AnnotationKind::Note)
        o.insert(u"position", QJsonArray { position.x(), position.y() });
    if (!note.isEmpty())
        o.insert(u"note", note);
    QJsonObject a;
    a.insert(u"quote", anchor.quote);
    a.insert(u"before", anchor.before);
    a.insert(u"after", anchor.after);
    a.insert(u"rect", rectJson(anchor.rect));
    o.insert(u"anchor", a);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<Annotation> Annotation::fromJson(const QString &id, int page, const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return Error {
            QStringLiteral("invalid_annotation"),
            QStringLiteral("Annotation %1 is not readable: %2").arg(id, parseError.errorString())
        };
    const QJsonObject o = doc.object();
    Annotation a;
    a.id = id;
    a.page = page;
    const QString kind = o.value(u"kind").toString();
    if (kind == u"ink")
        a.kind = AnnotationKind::Ink;
    else if (kind == u"highlight")
        a.kind = AnnotationKind::Highlight;
    else if (kind == u"note")
        a.kind = AnnotationKind::Note;
    else
        return Error { QStringLiteral("invalid_annotation"),
                       QStringLiteral("Annotation %1 has an unknown kind \"%2\"").arg(id, kind),
                       QStringLiteral("kind") };
    a.color = QColor(o.value(u"color").toString());
    for (const QJsonValue &s : o.value(u"strokes").toArray()) {
        const QJsonArray points = s.toArray();
        QList<QPointF> stroke;
        for (qsizetype i = 0; i + 1 < points.size(); i += 2)
            stroke.append(QPointF(points[i].toDouble(), points[i + 1].toDouble()));
        a.strokes.append(stroke);
    }
    for (const QJsonValue &r : o.value(u"rects").toArray())
        a.rects.append(jsonRect(r));
    const QJsonArray position = o.value(u"position").toArray();
    if (position.size() == 2)
        a.position = QPointF(position[0].toDouble(), position[1].toDouble());
    a.note = o.value(u"note").toString();
    const QJsonObject anchor = o.value(u"anchor").toObject();
    a.anchor.quote = anchor.value(u"quote").toString();
    a.anchor.before = anchor.value(u"before").toString();
    a.anchor.after = anchor.value(u"after").toString();
    a.anchor.rect = jsonRect(anchor.value(u"rect"));
    return a;
}

} // namespace Aula::Documents
