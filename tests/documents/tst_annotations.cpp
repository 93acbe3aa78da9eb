// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotationeditor.h"
#include "app/documents/annotationstore.h"
#include "app/documents/carryover.h"
#include "app/documents/documentreader.h"
#include "app/documents/pdfdocument.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"
#include "tests/documents/pdffixtures.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Documents;

#define AULA_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const auto &aulaResult = (expr);                                                           \
        QVERIFY2(aulaResult.ok(), aulaResult.ok() ? "" : qPrintable(aulaResult.error().message));  \
    } while (false)

namespace {

const QString kMember = QStringLiteral("member-rossi");
const QString kOther = QStringLiteral("member-bianchi");

std::shared_ptr<PdfDocument> open(const QByteArray &bytes)
{
    auto doc = PdfDocument::fromBytes(bytes);
    if (!doc.ok())
        qFatal("open failed: %s", qPrintable(doc.error().message));
    return doc.value();
}

Annotation ink(int page, QList<QPointF> stroke)
{
    Annotation a;
    a.kind = AnnotationKind::Ink;
    a.page = page;
    a.color = QColor(200, 0, 0);
    a.strokes = { stroke };
    return a;
}

// A highlight over the first occurrence of `quote` on `page`, as the reader makes it.
Annotation highlight(const PdfDocument &doc, int page, const QString &quote)
{
    const QList<QRectF> rects = doc.searchPage(page, quote);
    if (rects.isEmpty())
        qFatal("no \"%s\" on page %d", qPrintable(quote), page);
    Annotation a;
    a.kind = AnnotationKind::Highlight;
    a.page = page;
    a.rects = { rects.first() };
    a.anchor = anchorFor(doc, page, rects.first());
    return a;
}

Annotation note(const PdfDocument &doc, int page, QPointF at, const QString &text)
{
    Annotation a;
    a.kind = AnnotationKind::Note;
    a.page = page;
    a.position = at;
    a.note = text;
    a.anchor = anchorFor(doc, page, a.bounds());
    return a;
}

} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_key = Crypto::randomBytes(32);

    std::unique_ptr<Store::Database> openStore(const char *name)
    {
        auto db = Store::Database::open(m_dir.filePath(QString::fromLatin1(name)), m_key);
        if (!db.ok())
            qFatal("store: %s", qPrintable(db.error().message));
        auto out = std::make_unique<Store::Database>(std::move(db).value());
        const auto migrated = Store::applyMigrations(*out, AnnotationStore::migrations());
        if (!migrated.ok())
            qFatal("migrations: %s", qPrintable(migrated.error().message));
        return out;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void jsonRoundTrips()
    {
        const auto doc = open(Tests::makePdf({ { QStringLiteral("Il consiglio approva") } }));
        Annotation a = highlight(*doc, 0, QStringLiteral("approva"));
        a.id = newAnnotationId();
        a.note = QStringLiteral("perché?");
        const auto back = Annotation::fromJson(a.id, a.page, a.toJson());
        AULA_VERIFY_OK(back);
        QCOMPARE(back.value(), a);
        Annotation i = ink(3, { QPointF(1, 2), QPointF(3.5, 4) });
        i.id = newAnnotationId();
        QCOMPARE(Annotation::fromJson(i.id, 3, i.toJson()).value(), i);
        const auto bad = Annotation::fromJson(QStringLiteral("x"), 0, "{\"kind\":\"stamp\"}");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("invalid_annotation"));
        QVERIFY(!Annotation::fromJson(QStringLiteral("x"), 0, "not json").ok());
    }

    void createUndoRedoPersistAcrossRestart()
    {
        const auto doc =
            open(Tests::makePdf({ { QStringLiteral("Ordine del giorno"),
                                    QStringLiteral("Il consiglio approva il bilancio") },
                                  { QStringLiteral("Allegato A") } }));
        QString inkId, highlightId, noteId;
        {
            auto db = openStore("restart.db");
            AnnotationStore store(*db);
            AnnotationEditor editor(store, kMember, QStringLiteral("doc-v1"));
            QVERIFY(!editor.loadError());
            QSignalSpy changed(&editor, &AnnotationEditor::changed);
            QVERIFY(!editor.canUndo());

            inkId = editor.add(ink(1, { QPointF(50, 200), QPointF(120, 260), QPointF(200, 210) }))
                        .value();
            highlightId =
                editor.add(highlight(*doc, 0, QStringLiteral("approva il bilancio"))).value();
            noteId =
                editor.add(note(*doc, 0, QPointF(400, 500), QStringLiteral("Chiedere"))).value();
            QCOMPARE(editor.annotations().size(), 3);
            QCOMPARE(editor.annotationsOn(0).size(), 2);
            QCOMPARE(changed.size(), 3);
            QCOMPARE(changed.first().first().toInt(), 1);

            // Undo removes from the store too; redo puts it back.
            AULA_VERIFY_OK(editor.undo());
            QVERIFY(!editor.find(noteId));
            QCOMPARE(store.load(kMember, QStringLiteral("doc-v1")).value().size(), 2);
            QVERIFY(editor.canRedo());
            AULA_VERIFY_OK(editor.redo());
            QVERIFY(editor.find(noteId));
            QCOMPARE(store.load(kMember, QStringLiteral("doc-v1")).value().size(), 3);
            QCOMPARE(editor.redo().error().code, QStringLiteral("nothing_to_redo"));

            // An edit, undone, restores the previous text.
            Annotation edited = *editor.find(noteId);
            edited.note = QStringLiteral("Chiedere al sindaco");
            AULA_VERIFY_OK(editor.update(edited));
            AULA_VERIFY_OK(editor.undo());
            QCOMPARE(editor.find(noteId)->note, QStringLiteral("Chiedere"));
            AULA_VERIFY_OK(editor.redo());

            // A removal, undone, brings back the same annotation.
            const Annotation before = *editor.find(inkId);
            AULA_VERIFY_OK(editor.remove(inkId));
            QVERIFY(!editor.find(inkId));
            AULA_VERIFY_OK(editor.undo());
            QCOMPARE(*editor.find(inkId), before);
            // A new change after an undo drops the redo branch.
            AULA_VERIFY_OK(editor.undo()); // the note edit
            QVERIFY(editor.canRedo());
            QVERIFY(editor.add(ink(0, { QPointF(1, 1), QPointF(2, 2) })).ok());
            QVERIFY(!editor.canRedo());
            AULA_VERIFY_OK(editor.undo());

            QCOMPARE(editor.remove(QStringLiteral("missing")).error().code,
                     QStringLiteral("not_found"));
        }
        // Restart: a new connection to the same encrypted file.
        auto db = openStore("restart.db");
        AnnotationStore store(*db);
        AnnotationEditor editor(store, kMember, QStringLiteral("doc-v1"));
        QCOMPARE(editor.annotations().size(), 3);
        QCOMPARE(editor.find(noteId)->note, QStringLiteral("Chiedere"));
        QCOMPARE(editor.find(highlightId)->anchor.quote, QStringLiteral("approva il bilancio"));
        QCOMPARE(editor.find(inkId)->strokes.first().size(), 3);
        QVERIFY(!editor.canUndo()); // history is per session
        // Private to the member and to the document.
        QVERIFY(store.load(kOther, QStringLiteral("doc-v1")).value().isEmpty());
        QVERIFY(store.load(kMember, QStringLiteral("doc-v2")).value().isEmpty());
    }

    void exportWritesRealPdfAnnotations()
    {
        const auto doc =
            open(Tests::makePdf({ { QStringLiteral("Il consiglio approva il bilancio") },
                                  { QStringLiteral("Allegato") } }));
        Annotation h = highlight(*doc, 0, QStringLiteral("approva il bilancio"));
        h.id = newAnnotationId();
        h.color = QColor(255, 230, 0);
        Annotation i = ink(1, { QPointF(100, 300), QPointF(200, 350), QPointF(300, 300) });
        i.id = newAnnotationId();
        Annotation n = note(*doc, 0, QPointF(400, 500), QStringLiteral("Verificare la copertura"));
        n.id = newAnnotationId();

        const auto exported = doc->exportAnnotated({ h, i, n });
        AULA_VERIFY_OK(exported);
        QVERIFY(exported.value().startsWith("%PDF-"));
        QVERIFY(qSaveFile(exported.value()));
        const auto copy = open(exported.value());
        QCOMPARE(copy->pageCount(), 2);
        QVERIFY(copy->text(0).contains(QStringLiteral("approva il bilancio")));

        const QList<Annotation> page0 = copy->embeddedAnnotations(0);
        QCOMPARE(page0.size(), 2);
        const auto byId = [&](const QList<Annotation> &list, const QString &id) {
            for (const Annotation &a : list)
                if (a.id == id)
                    return a;
            qFatal("annotation %s not in the exported PDF", qPrintable(id));
        };
        const Annotation h2 = byId(page0, h.id);
        QCOMPARE(h2.kind, AnnotationKind::Highlight);
        QCOMPARE(h2.rects.size(), 1);
        QVERIFY(qAbs(h2.rects.first().left() - h.rects.first().left()) < 1);
        QVERIFY(qAbs(h2.rects.first().bottom() - h.rects.first().bottom()) < 1);
        QCOMPARE(h2.note, QStringLiteral("approva il bilancio"));
        const Annotation n2 = byId(page0, n.id);
        QCOMPARE(n2.kind, AnnotationKind::Note);
        QCOMPARE(n2.note, QStringLiteral("Verificare la copertura"));
        QVERIFY((n2.position - n.position).manhattanLength() < 1);
        const QList<Annotation> page1 = copy->embeddedAnnotations(1);
        QCOMPARE(page1.size(), 1);
        QCOMPARE(page1.first().kind, AnnotationKind::Ink);
        QCOMPARE(page1.first().strokes.first().size(), 3);
        QVERIFY((page1.first().strokes.first()[1] - QPointF(200, 350)).manhattanLength() < 1);
        // The original is untouched.
        QVERIFY(doc->embeddedAnnotations(0).isEmpty());

        // Poppler draws the highlight: yellowish pixels where the text was.
        const QImage rendered = copy->render(0, 1.0);
        const QRect area = h.rects.first().toRect();
        int yellow = 0;
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x) {
                const QColor c = rendered.pixelColor(x, y);
                yellow += c.red() > 200 && c.green() > 180 && c.blue() < 150 ? 1 : 0;
            }
        QVERIFY2(yellow > area.width() * area.height() / 3, qPrintable(QString::number(yellow)));
        // The original renders no highlight.
        const QImage plain = doc->render(0, 1.0);
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x)
                QVERIFY(plain.pixelColor(x, y).blue() > 150 || plain.pixelColor(x, y).red() < 200);

        Annotation stray = ink(9, { QPointF(1, 1) });
        QCOMPARE(doc->exportAnnotated({ stray }).error().code, QStringLiteral("export_failed"));
    }

    void carriesOverToANewVersion()
    {
        // Version 1: four pages.
        const auto v1 = open(Tests::makePdf(
            { { QStringLiteral("Premesse"), QStringLiteral("Il consiglio approva il bilancio"),
                QStringLiteral("approvato il punto 3 con voto unanime"),
                QStringLiteral("rinviato il punto 3 alla prossima seduta"),
                QStringLiteral("Voto favorevole della maggioranza") },
              { QStringLiteral("Allegato A"), QStringLiteral("Tabella delle spese") },
              { QStringLiteral("Allegato B") },
              { QStringLiteral("Allegato C") } }));
        // Version 2: a new first page moves everything on; "Voto favorevole" is gone, the two
        // "punto 3" lines swapped, and Allegati B and C (pages 3 and 4) dropped.
        const auto v2 = open(Tests::makePdf(
            { { QStringLiteral("Errata corrige") },
              { QStringLiteral("Premesse"), QStringLiteral("Nuovo paragrafo introduttivo"),
                QStringLiteral("rinviato il punto 3 alla prossima seduta"),
                QStringLiteral("approvato il punto 3 con voto unanime"),
                QStringLiteral("Il consiglio approva il bilancio") },
              { QStringLiteral("Allegato A"), QStringLiteral("Tabella delle spese") } }));

        Annotation moved = highlight(*v1, 0, QStringLiteral("approva il bilancio"));
        moved.id = QStringLiteral("moved");
        // The second "punto 3" (after "rinviato il"): context must pick the right one.
        Annotation repeated;
        {
            const QList<QRectF> hits = v1->searchPage(0, QStringLiteral("punto 3"));
            QCOMPARE(hits.size(), 2);
            repeated.kind = AnnotationKind::Highlight;
            repeated.page = 0;
            repeated.rects = { hits[1] };
            repeated.anchor = anchorFor(*v1, 0, hits[1]);
            repeated.id = QStringLiteral("repeated");
            QCOMPARE(repeated.anchor.quote, QStringLiteral("punto 3"));
            QVERIFY2(repeated.anchor.before.endsWith(QStringLiteral("rinviato il")),
                     qPrintable(repeated.anchor.before));
        }
        Annotation deleted = highlight(*v1, 0, QStringLiteral("Voto favorevole"));
        deleted.id = QStringLiteral("deleted");
        // Ink under "Tabella delle spese": follows it to page 3.
        const QRectF table = v1->searchPage(1, QStringLiteral("Tabella delle spese")).first();
        Annotation underline =
            ink(1, { table.bottomLeft() + QPointF(0, 2), table.bottomRight() + QPointF(0, 2) });
        underline.anchor = anchorFor(*v1, 1, underline.bounds());
        underline.id = QStringLiteral("underline");
        QCOMPARE(underline.anchor.quote, QStringLiteral("Tabella delle spese"));
        // A note on a blank area of page 2: no text near, so it keeps its page.
        Annotation blank = note(*v1, 1, QPointF(300, 700), QStringLiteral("Da rivedere"));
        blank.id = QStringLiteral("blank");
        QVERIFY(blank.anchor.quote.isEmpty());
        // A note on a blank area of page 4, which version 2 does not have.
        Annotation lost = note(*v1, 3, QPointF(300, 700), QStringLiteral("Pagina tolta"));
        lost.id = QStringLiteral("lost");

        const CarryOverResult result =
            carryOver({ moved, repeated, deleted, underline, blank, lost }, *v2);
        QCOMPARE(result.placed.size(), 4);
        QCOMPARE(result.byText, 3);
        QCOMPARE(result.byPage, 1);
        QCOMPARE(result.unplaced.size(), 2);

        const auto placed = [&](const QString &id) {
            for (const Annotation &a : result.placed)
                if (a.id == id)
                    return a;
            qFatal("%s not placed", qPrintable(id));
        };
        const Annotation m = placed(QStringLiteral("moved"));
        QCOMPARE(m.page, 1);
        QCOMPARE(v2->textIn(1, m.rects.first()).simplified(),
                 QStringLiteral("approva il bilancio"));
        const Annotation r = placed(QStringLiteral("repeated"));
        QCOMPARE(r.page, 1);
        // In version 2 "rinviato" is line 2 of page 2.
        QVERIFY(qAbs(r.rects.first().bottom() - Tests::lineBaseline(2)) < 6);
        const Annotation u = placed(QStringLiteral("underline"));
        QCOMPARE(u.page, 2);
        const QRectF table2 = v2->searchPage(2, QStringLiteral("Tabella delle spese")).first();
        QVERIFY(
            (u.strokes.first().first() - (table2.bottomLeft() + QPointF(0, 2))).manhattanLength()
            < 1);
        const Annotation b = placed(QStringLiteral("blank"));
        QCOMPARE(b.page, 1);
        QCOMPARE(b.position, QPointF(300, 700));

        QStringList reasons;
        for (const UnplacedAnnotation &un : result.unplaced)
            reasons.append(un.annotation.id + QLatin1Char(':') + un.reason);
        reasons.sort();
        QCOMPARE(reasons,
                 (QStringList { QStringLiteral("deleted:text_gone"),
                                QStringLiteral("lost:page_gone") }));

        // Recorded in the store: placed under the new version, unplaced listed, old kept.
        auto db = openStore("carry.db");
        AnnotationStore store(*db);
        for (const Annotation &a : { moved, repeated, deleted, underline, blank, lost })
            AULA_VERIFY_OK(store.save(kMember, QStringLiteral("v1"), a));
        AULA_VERIFY_OK(
            store.recordCarryOver(kMember, QStringLiteral("v1"), QStringLiteral("v2"), result));
        QCOMPARE(store.load(kMember, QStringLiteral("v1")).value().size(), 6);
        QCOMPARE(store.load(kMember, QStringLiteral("v2")).value().size(), 4);
        const auto unplaced = store.unplaced(kMember, QStringLiteral("v2"));
        AULA_VERIFY_OK(unplaced);
        QCOMPARE(unplaced.value().size(), 2);
        QVERIFY(!unplaced.value().first().message.isEmpty());
        QVERIFY(store.unplaced(kOther, QStringLiteral("v2")).value().isEmpty());
        AULA_VERIFY_OK(
            store.dismissUnplaced(kMember, QStringLiteral("v2"), QStringLiteral("lost")));
        QCOMPARE(store.unplaced(kMember, QStringLiteral("v2")).value().size(), 1);
    }

private:
    static bool qSaveFile(const QByteArray &bytes)
    {
        // The exported copy is kept in the test output for a person to open.
        QFile file(QStringLiteral("tst_annotations-exported.pdf"));
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }

    // These were under `private:` and so never ran as tests.
private slots:
    void hitTestingIsForgivingButPrecise()
    {
        const Annotation stroke = ink(0, { { 100, 100 }, { 200, 100 }, { 200, 200 } });
        QVERIFY(stroke.contains({ 150, 104 }, 6)); // near the first segment
        QVERIFY(stroke.contains({ 205, 150 }, 6)); // near the second
        QVERIFY(!stroke.contains({ 150, 150 }, 6)); // inside the corner, on no stroke
        QVERIFY(!stroke.contains({ 150, 108 }, 6));
        Annotation note;
        note.kind = AnnotationKind::Note;
        note.position = { 300, 300 };
        QVERIFY(note.contains({ 310, 310 }, 0));
        QVERIFY(note.contains({ 296, 324 }, 6));
        QVERIFY(!note.contains({ 330, 300 }, 6));
        Annotation h;
        h.kind = AnnotationKind::Highlight;
        h.rects = { QRectF(50, 100, 200, 14), QRectF(50, 120, 80, 14) };
        QVERIFY(h.contains({ 100, 125 }, 0));
        QVERIFY(!h.contains({ 200, 125 }, 6)); // right of the short second line
    }

    void wordRectsCoverWholeWordsPerLine()
    {
        const auto doc = open(Tests::makePdf({ { QStringLiteral("Il consiglio comunale approva"),
                                                 QStringLiteral("il bilancio di previsione") } }));
        // A thin drag from the middle of "consiglio" to the middle of "comunale".
        const QList<QRectF> one = doc->wordRects(0, QRectF(75, Tests::lineBaseline(0) - 5, 90, 1));
        QCOMPARE(one.size(), 1);
        const QRectF consiglio = doc->searchPage(0, QStringLiteral("consiglio")).first();
        const QRectF comunale = doc->searchPage(0, QStringLiteral("comunale")).first();
        QVERIFY(qAbs(one.first().left() - consiglio.left()) < 1);
        QVERIFY(qAbs(one.first().right() - comunale.right()) < 1);
        // Over both lines: one rectangle each, in reading order.
        const QList<QRectF> two =
            doc->wordRects(0, QRectF(40, Tests::lineBaseline(0) - 8, 400, 30));
        QCOMPARE(two.size(), 2);
        QVERIFY(two[0].bottom() <= two[1].top() + 1);
        QVERIFY(doc->wordRects(0, QRectF(40, 600, 400, 30)).isEmpty());
        QVERIFY(doc->wordRects(3, QRectF(0, 0, 600, 800)).isEmpty());
    }

    void selectionSnapsToWholeWordsInReadingOrder()
    {
        const auto doc = open(Tests::makePdf({ { QStringLiteral("Il consiglio comunale approva"),
                                                 QStringLiteral("il bilancio di previsione"),
                                                 QStringLiteral("per l'anno 2027") } }));
        const auto word = [&](const QString &w) { return doc->searchPage(0, w).first(); };
        const auto middle = [&](const QString &w) { return word(w).center(); };

        // From the middle of one word to the middle of another: both whole, not fragments.
        TextSelection s = doc->selectWords(0, middle(QStringLiteral("consiglio")),
                                           middle(QStringLiteral("approva")));
        QCOMPARE(s.text, QStringLiteral("consiglio comunale approva"));
        QCOMPARE(s.rects.size(), 1);
        QVERIFY(qAbs(s.rects[0].left() - word(QStringLiteral("consiglio")).left()) < 0.5);
        QVERIFY(qAbs(s.rects[0].right() - word(QStringLiteral("approva")).right()) < 0.5);

        // Across a line: the end of the first line, the start of the next, in reading order,
        // even though the drag goes left (the rectangle it spans would miss "approva" and "il").
        const QPointF from = middle(QStringLiteral("comunale"));
        const QPointF to = middle(QStringLiteral("di"));
        QVERIFY(to.x() < from.x());
        s = doc->selectWords(0, from, to);
        QCOMPARE(s.text, QStringLiteral("comunale approva\nil bilancio di"));
        QCOMPARE(s.rects.size(), 2);
        QVERIFY(qAbs(s.rects[0].right() - word(QStringLiteral("approva")).right()) < 0.5);
        QVERIFY(qAbs(s.rects[1].left() - word(QStringLiteral("bilancio")).left()) > 10);
        QVERIFY(s.rects[1].left() < word(QStringLiteral("bilancio")).left());
        QVERIFY(qAbs(s.rects[1].right() - word(QStringLiteral("di")).right()) < 0.5);
        // Backwards, the same words.
        const TextSelection back = doc->selectWords(0, to, from);
        QCOMPARE(back.text, s.text);
        QCOMPARE(back.rects, s.rects);

        // Off the text: from the left margin of line 2 to the left margin of line 3 takes
        // line 2 whole and nothing of line 3.
        s = doc->selectWords(0, { 10, middle(QStringLiteral("bilancio")).y() },
                             { 10, middle(QStringLiteral("2027")).y() });
        QCOMPARE(s.text, QStringLiteral("il bilancio di previsione"));
        // From above the text to below it: the whole page, line by line.
        s = doc->selectWords(0, { 20, 20 }, { 580, 800 });
        QCOMPARE(s.text,
                 QStringLiteral("Il consiglio comunale approva\nil bilancio di previsione\n"
                                "per l'anno 2027"));
        QCOMPARE(s.rects.size(), 3);
        // Right of a line's end to the next line's first word: only that word.
        const QPointF onIl(word(QStringLiteral("bilancio")).left() - 6,
                           middle(QStringLiteral("bilancio")).y());
        s = doc->selectWords(0, { 560, middle(QStringLiteral("approva")).y() }, onIl);
        QCOMPARE(s.text, QStringLiteral("il"));
        // Blank paper below the text, or a page that does not exist: nothing.
        QVERIFY(doc->selectWords(0, { 50, 500 }, { 400, 600 }).text.isEmpty());
        QVERIFY(doc->selectWords(0, { 50, 500 }, { 400, 600 }).rects.isEmpty());
        QVERIFY(doc->selectWords(4, { 0, 0 }, { 600, 800 }).rects.isEmpty());

        // The reader copies exactly those words, and highlights exactly those rectangles.
        DocumentReader reader;
        QVERIFY(reader.open(doc->bytes()).ok());
        QGuiApplication::clipboard()->clear();
        QCOMPARE(reader.copyText(0, from, to), QStringLiteral("comunale approva\nil bilancio di"));
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("comunale approva\nil bilancio di"));
        QCOMPARE(reader.selectionRects(0, from, to).size(), 2);
    }

    void unplacedAnnotationsArePlacedOrDismissedByHand()
    {
        Annotation lostHighlight;
        lostHighlight.id = QStringLiteral("h1");
        lostHighlight.kind = AnnotationKind::Highlight;
        lostHighlight.page = 2;
        lostHighlight.rects = { QRectF(50, 100, 200, 14) };
        lostHighlight.anchor.quote = QStringLiteral("il fondo di riserva");
        lostHighlight.note = QStringLiteral("Chiedere");
        // A highlight whose text is gone becomes a note quoting it, where it is put.
        const Annotation asNote = placedAt(lostHighlight, 0, { 400, 500 });
        QCOMPARE(asNote.id, lostHighlight.id);
        QCOMPARE(asNote.kind, AnnotationKind::Note);
        QCOMPARE(asNote.page, 0);
        QCOMPARE(asNote.position, QPointF(400, 500));
        QCOMPARE(asNote.note, QStringLiteral("«il fondo di riserva»\nChiedere"));
        QVERIFY(asNote.rects.isEmpty());
        // Ink moves by its top-left corner, keeping its shape.
        Annotation stroke = ink(5, { { 100, 100 }, { 150, 130 } });
        stroke.id = QStringLiteral("i1");
        const Annotation moved = placedAt(stroke, 1, { 10, 20 });
        QCOMPARE(moved.strokes.first(), (QList<QPointF> { { 10, 20 }, { 60, 50 } }));
        QCOMPARE(moved.page, 1);

        auto db = openStore("unplaced.db");
        AnnotationStore store(*db);
        CarryOverResult carried;
        carried.unplaced = { { lostHighlight, QStringLiteral("text_gone"), {} },
                             { stroke, QStringLiteral("page_gone"), {} } };
        AULA_VERIFY_OK(
            store.recordCarryOver(kMember, QStringLiteral("v1"), QStringLiteral("v2"), carried));
        AnnotationEditor editor(store, kMember, QStringLiteral("v2"));
        QVERIFY(!editor.loadError());
        QCOMPARE(editor.unplaced().size(), 2);
        QSignalSpy listChanged(&editor, &AnnotationEditor::unplacedChanged);
        // Placing: an annotation of the new version, off the list, in the store.
        const auto placed = editor.place(asNote);
        AULA_VERIFY_OK(placed);
        QCOMPARE(editor.unplaced().size(), 1);
        QCOMPARE(listChanged.size(), 1);
        QCOMPARE(editor.find(QStringLiteral("h1"))->kind, AnnotationKind::Note);
        QCOMPARE(store.unplaced(kMember, QStringLiteral("v2")).value().size(), 1);
        QCOMPARE(store.load(kMember, QStringLiteral("v2")).value().size(), 1);
        // Only what is listed can be placed or dismissed.
        QCOMPARE(editor.place(asNote).error().code, QStringLiteral("not_found"));
        QCOMPARE(editor.dismiss(QStringLiteral("nope")).error().code, QStringLiteral("not_found"));
        // Undo takes the placed annotation away; redo brings it back.
        AULA_VERIFY_OK(editor.undo());
        QVERIFY(!editor.find(QStringLiteral("h1")));
        AULA_VERIFY_OK(editor.redo());
        QVERIFY(editor.find(QStringLiteral("h1")));
        // Dismissing: off the list for good (the old version keeps its row).
        AULA_VERIFY_OK(editor.dismiss(QStringLiteral("i1")));
        QVERIFY(editor.unplaced().isEmpty());
        AnnotationEditor reopened(store, kMember, QStringLiteral("v2"));
        QVERIFY(reopened.unplaced().isEmpty());
        QCOMPARE(reopened.annotations().size(), 1);
    }
};

QTEST_MAIN(TestAnnotations)
#include "tst_annotations.moc"
