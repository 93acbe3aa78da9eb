// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/carryover.h"

#include <QCoreApplication>
#include <limits>

namespace Aula::Documents {

namespace {

constexpr int kContext = 40;

QString simplified(const QString &text)
{
    return text.simplified();
}

// Text on the same line left and right of `rect`.
std::pair<QString, QString> contextOf(const PdfDocument &document, int page, const QRectF &rect)
{
    const QSizeF size = document.pageSize(page);
    const QRectF line(0, rect.top(), size.width(), rect.height());
    const QString before =
        simplified(document.textIn(
                       page, QRectF(line.left(), line.top(), rect.left() - 0.5, line.height())))
            .right(kContext);
    const QString after =
        simplified(document.textIn(page,
                                   QRectF(rect.right() + 0.5, line.top(),
                                          size.width() - rect.right() - 0.5, line.height())))
            .left(kContext);
    return { before, after };
}

int commonSuffix(const QString &a, const QString &b)
{
    int n = 0;
    while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n])
        ++n;
    return n;
}

int commonPrefix(const QString &a, const QString &b)
{
    int n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

QRectF unite(const QList<QRectF> &rects)
{
    QRectF r;
    for (const QRectF &rect : rects)
        r = r.isNull() ? rect : r.united(rect);
    return r;
}

} // namespace

TextAnchor anchorFor(const PdfDocument &document, int page, const QRectF &rect)
{
    TextAnchor anchor;
    QRectF area = rect.adjusted(-2, -2, 2, 2);
    anchor.quote = simplified(document.textIn(page, area));
    if (anchor.quote.isEmpty()) {
        area = rect.adjusted(-24, -24, 24, 24);
        anchor.quote = simplified(document.textIn(page, area));
    }
    if (anchor.quote.isEmpty())
        return {};
    // The quote's own rectangle, so the annotation can move by the text's displacement.
    const QList<QRectF> hits = document.searchPage(page, anchor.quote);
    QRectF best;
    for (const QRectF &hit : hits)
        if (best.isNull() || hit.intersects(area))
            best = hit;
    anchor.rect = best.isNull() ? area : best;
    std::tie(anchor.before, anchor.after) = contextOf(document, page, anchor.rect);
    return anchor;
}

CarryOverResult carryOver(const QList<Annotation> &annotations, const PdfDocument &newVersion,
                          const std::function<bool()> &cancelled)
{
    CarryOverResult result;
    for (const Annotation &old : annotations) {
        if (cancelled && cancelled()) {
            result.cancelled = true;
            return result;
        }
        if (old.anchor.quote.isEmpty()) {
            if (old.page < newVersion.pageCount()) {
                result.placed.append(old);
                ++result.byPage;
            } else {
                result.unplaced.append(UnplacedAnnotation {
                    old, QStringLiteral("page_gone"),
                    QCoreApplication::translate("Aula::Documents::CarryOver",
                                                "Page %1 no longer exists in the new version.")
                        .arg(old.page + 1) });
            }
            continue;
        }
        // Page by page, so a cancellation (the app quitting) need not wait for a whole search.
        QList<SearchHit> hits;
        for (int page = 0; page < newVersion.pageCount(); ++page) {
            if (cancelled && cancelled()) {
                result.cancelled = true;
                return result;
            }
            hits += newVersion.search(old.anchor.quote, page, page + 1);
        }
        int bestScore = std::numeric_limits<int>::min();
        SearchHit best;
        for (const SearchHit &hit : hits) {
            const QRectF rect = unite(hit.rects);
            const auto [before, after] = contextOf(newVersion, hit.page, hit.rects.first());
            // Context decides between repeats; closeness to the old place breaks ties.
            const int score = 100
                    * (commonSuffix(before, old.anchor.before)
                       + commonPrefix(after, old.anchor.after))
                - 10 * qAbs(hit.page - old.page)
                - int((rect.topLeft() - old.anchor.rect.topLeft()).manhattanLength() / 100);
            if (score > bestScore) {
                bestScore = score;
                best = hit;
            }
        }
        if (best.page < 0) {
            result.unplaced.append(UnplacedAnnotation {
                old, QStringLiteral("text_gone"),
                QCoreApplication::translate("Aula::Documents::CarryOver",
                                            "The text \"%1\" is no longer in the new version.")
                    .arg(old.anchor.quote.left(80)) });
            continue;
        }
        const QRectF newRect = unite(best.rects);
        Annotation moved = old.translated(newRect.topLeft() - old.anchor.rect.topLeft());
        moved.page = best.page;
        if (old.kind == AnnotationKind::Highlight)
            moved.rects = best.rects;
        moved.anchor.rect = newRect;
        std::tie(moved.anchor.before, moved.anchor.after) =
            contextOf(newVersion, best.page, best.rects.first());
        result.placed.append(moved);
        ++result.byText;
    }
    return result;
}

Annotation placedAt(const Annotation &unplaced, int page, QPointF at)
{
    Annotation a = unplaced;
    a.page = page;
    switch (unplaced.kind) {
    case AnnotationKind::Ink:
        a = a.translated(at - unplaced.bounds().topLeft());
        break;
    case AnnotationKind::Note:
        a = a.translated(at - unplaced.position);
        break;
    case AnnotationKind::Highlight: {
        // Its text is gone, so there is nothing to highlight: the quote (and the comment)
        // survive as a note where the member put it, in the highlight's colour.
        a.kind = AnnotationKind::Note;
        a.rects.clear();
        a.position = at;
        a.note = QStringLiteral("«%1»").arg(unplaced.anchor.quote);
        if (!unplaced.note.isEmpty())
            a.note += QLatin1Char('\n') + unplaced.note;
        break;
    }
    }
    a.anchor = {};
    return a;
}

} // namespace Aula::Documents
