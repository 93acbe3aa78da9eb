// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/annotationeditor.h"
#include "app/documents/annotationstore.h"
#include "app/documents/carryover.h"
#include "app/documents/documentreader.h"
#include "app/documents/pageitem.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"
#include "tests/documents/pdffixtures.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Aula_DocumentsPlugin)
Q_IMPORT_QML_PLUGIN(Aula_UiPlugin)

using namespace Aula;
using namespace Aula::Documents;

namespace {

QByteArray sittingPdf()
{
    QList<QStringList> pages;
    for (int i = 0; i < 6; ++i)
        pages.append({ QStringLiteral("Pagina %1 della delibera").arg(i + 1),
                       QStringLiteral("Il consiglio comunale approva il bilancio %1").arg(2020 + i),
                       QStringLiteral("Votazione: favorevoli 18, contrari 4, astenuti 2"),
                       QStringLiteral("La seduta prosegue con il punto successivo") });
    return Tests::makePdf(pages, QStringLiteral("Delibera"));
}

// Where screenshots go: the test's working directory (build/tests/documents under CTest).
QString outputPath(const QString &name)
{
    return QDir::current().absoluteFilePath(name);
}

// An act with a table of contents, for the outline panel.
QByteArray actWithOutline()
{
    QList<QStringList> pages;
    const QStringList titles = { QStringLiteral("Premesse"), QStringLiteral("Bilancio"),
                                 QStringLiteral("Opere pubbliche") };
    for (int i = 0; i < 6; ++i)
        pages.append({ QStringLiteral("%1 - pagina %2").arg(titles[i / 2]).arg(i + 1),
                       QStringLiteral("Il consiglio comunale approva il bilancio %1").arg(2020 + i),
                       QStringLiteral("Votazione: favorevoli 18, contrari 4, astenuti 2"),
                       QStringLiteral("La seduta prosegue con il punto successivo") });
    return Tests::makeTextPdfWithOutline(pages,
                                         { { titles[0], 0 }, { titles[1], 2 }, { titles[2], 4 } });
}

// Any item of the window by objectName: the page, its toolbars, list delegates and open
// popups (which live in the window's overlay).
QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name && root->isVisible())
        return root;
    for (QQuickItem *child : root->childItems())
        if (QQuickItem *found = findItem(child, name))
            return found;
    return nullptr;
}

// One annotation member on one document in a fresh store, and the reader on a view.
struct Fixture
{
    explicit Fixture(const QString &dbPath)
        : db(Store::Database::open(dbPath, Crypto::randomBytes(32)))
    { }
    Result<Store::Database> db;
    std::unique_ptr<AnnotationStore> store;
    std::unique_ptr<AnnotationEditor> editor;
    DocumentReader reader;
    QQuickView view;
};

} // namespace

class TestReaderView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Opens `pdf` in a view of `size` with the member's annotations on it (and `unplaced`
    // recorded as not carried over into it) and waits for the page.
    bool show(Fixture &f, const QByteArray &pdf, QSize size, const CarryOverResult &unplaced = {})
    {
        if (!f.db.ok() || !Store::applyMigrations(f.db.value(), AnnotationStore::migrations()).ok())
            return false;
        f.store = std::make_unique<AnnotationStore>(f.db.value());
        if (!unplaced.unplaced.isEmpty()
            && !f.store
                    ->recordCarryOver(QStringLiteral("member-rossi"), QStringLiteral("v1"),
                                      QStringLiteral("doc"), unplaced)
                    .ok())
            return false;
        f.editor = std::make_unique<AnnotationEditor>(*f.store, QStringLiteral("member-rossi"),
                                                      QStringLiteral("doc"));
        f.reader.setAnnotations(f.editor.get());
        if (!f.reader.open(pdf).ok())
            return false;
        f.view.engine()->addImportPath(QStringLiteral("qrc:/qt/qml"));
        f.view.setInitialProperties(
            { { QStringLiteral("reader"), QVariant::fromValue(&f.reader) } });
        f.view.setResizeMode(QQuickView::SizeRootObjectToView);
        f.view.resize(size);
        f.view.setSource(QUrl(QStringLiteral("qrc:/qt/qml/Aula/Ui/ReaderView.qml")));
        if (f.view.status() != QQuickView::Ready) {
            qWarning() << f.view.errors();
            return false;
        }
        f.view.show();
        if (!QTest::qWaitForWindowExposed(&f.view))
            return false;
        // Opening finishes once the page is shown: thumbnails and outline follow.
        return QTest::qWaitFor([&] { return f.reader.fullyOpen() && page(f)->complete(); }, 10000);
    }

    static PageItem *page(Fixture &f)
    {
        return f.view.rootObject()->findChild<PageItem *>(QStringLiteral("currentPage"));
    }
    // Window position of `points` on the page shown.
    static QPoint at(Fixture &f, QPointF points)
    {
        PageItem *p = page(f);
        const double scale = p->width() / f.reader.pageSize(p->page()).width();
        return p->mapToScene(points * scale).toPoint();
    }
    static bool click(Fixture &f, const QString &name)
    {
        QQuickItem *item = findItem(f.view.contentItem(), name);
        if (!item || !item->isEnabled())
            return false;
        QTest::mouseClick(
            &f.view, Qt::LeftButton, {},
            item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint());
        return true;
    }
    static void drag(Fixture &f, const QList<QPointF> &points)
    {
        QTest::mousePress(&f.view, Qt::LeftButton, {}, at(f, points.first()));
        for (qsizetype i = 1; i < points.size(); ++i)
            QTest::mouseMove(&f.view, at(f, points[i]), 10);
        QTest::mouseRelease(&f.view, Qt::LeftButton, {}, at(f, points.last()), 10);
    }
    static bool save(Fixture &f, const QString &name)
    {
        QTest::qWait(150);
        const QImage shot = f.view.grabWindow();
        qInfo("screenshot: %s", qPrintable(outputPath(name)));
        return !shot.isNull() && shot.save(outputPath(name));
    }

private slots:
    void initTestCase()
    {
        // The app's style, so that what the screenshots show is what the tablet shows.
        QQuickStyle::setStyle(QStringLiteral("Material"));
    }

    void annotatesWithAFingerOnThePage()
    {
        Fixture f(m_dir.filePath(QStringLiteral("finger.db")));
        QVERIFY(show(f, sittingPdf(), QSize(1280, 800)));
        QVERIFY(f.reader.canAnnotate());
        QVERIFY(!f.reader.canUndo());

        // Pen: a stroke drawn with the mouse (a finger is the same to Qt Quick) is stored as
        // ink, in page points, on the page shown.
        QVERIFY(click(f, QStringLiteral("inkTool")));
        // Below the text, inside the 1280×800 window (fit width shows the top 258 points).
        const QList<QPointF> stroke = {
            { 100, 220 }, { 140, 230 }, { 180, 240 }, { 220, 230 }, { 260, 220 }
        };
        drag(f, stroke);
        QTRY_COMPARE(f.editor->annotations().size(), 1);
        const Annotation ink = f.editor->annotations().first();
        QCOMPARE(ink.kind, AnnotationKind::Ink);
        QCOMPARE(ink.page, 0);
        QVERIFY(ink.strokes.first().size() >= stroke.size());
        const double scale = page(f)->width() / f.reader.pageSize(0).width();
        QVERIFY(QLineF(ink.strokes.first().first(), stroke.first()).length() < 1.5 / scale + 0.5);
        QVERIFY(QLineF(ink.strokes.first().last(), stroke.last()).length() < 1.5 / scale + 0.5);
        QVERIFY(page(f)->pendingStroke().isEmpty());
        QVERIFY(f.reader.canUndo());

        // Undo and redo buttons.
        QVERIFY(click(f, QStringLiteral("undoButton")));
        QCOMPARE(f.editor->annotations().size(), 0);
        QVERIFY(!f.reader.canUndo());
        QVERIFY(click(f, QStringLiteral("redoButton")));
        QCOMPARE(f.editor->annotations().size(), 1);
        QCOMPARE(
            f.store->load(QStringLiteral("member-rossi"), QStringLiteral("doc")).value().size(), 1);

        // Select text by dragging over line 2, copy it: on the clipboard, whole words.
        QVERIFY(click(f, QStringLiteral("selectTool")));
        QGuiApplication::clipboard()->clear();
        drag(f,
             { { 60, Tests::lineBaseline(2) - 8 },
               { 200, Tests::lineBaseline(2) - 6 },
               { 330, Tests::lineBaseline(2) - 4 } });
        QVERIFY(!page(f)->selection().isEmpty());
        QVERIFY(findItem(f.view.contentItem(), QStringLiteral("selectionBar")));
        QVERIFY(click(f, QStringLiteral("copyButton")));
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(copied.startsWith(QStringLiteral("Votazione: favorevoli 18")), qPrintable(copied));
        QVERIFY(page(f)->selection().isEmpty());

        // From the middle of a word on line 1 down to the middle of one on line 2, as a
        // finger does: whole words, the rest of line 1 and the start of line 2 (reading
        // order, not the rectangle between the two points), copied in that order.
        const auto middle = [&](const QString &word) {
            return f.reader.document()->searchPage(0, word).first().center();
        };
        drag(f, { middle(QStringLiteral("comunale")), middle(QStringLiteral("favorevoli")) });
        QCOMPARE(page(f)->selection().size(), 2);
        const QRectF firstLine = page(f)->selection().first().toRectF();
        QVERIFY(firstLine.right()
                >= f.reader.document()->searchPage(0, QStringLiteral("2020")).first().right()
                    - 0.5);
        QVERIFY(page(f)->selection().last().toRectF().left() < 60); // line 2 from its start
        QVERIFY(save(f, QStringLiteral("readerview-selection.png")));
        QVERIFY(click(f, QStringLiteral("copyButton")));
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("comunale approva il bilancio 2020\nVotazione: favorevoli"));

        // Select line 1 and highlight it: a highlight quoting the words, over their rectangle.
        drag(f, { { 52, Tests::lineBaseline(1) - 6 }, { 560, Tests::lineBaseline(1) - 4 } });
        QVERIFY(click(f, QStringLiteral("highlightButton")));
        QCOMPARE(f.editor->annotations().size(), 2);
        const Annotation highlight = f.editor->annotations().last();
        QCOMPARE(highlight.kind, AnnotationKind::Highlight);
        QCOMPARE(highlight.anchor.quote,
                 QStringLiteral("Il consiglio comunale approva il bilancio 2020"));
        QCOMPARE(highlight.rects.size(), 1);

        // A note: tap where it goes, write, add.
        QVERIFY(click(f, QStringLiteral("noteTool")));
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at(f, QPointF(450, 215)));
        QTRY_VERIFY(findItem(f.view.contentItem(), QStringLiteral("newNoteText")));
        QTRY_VERIFY(
            findItem(f.view.contentItem(), QStringLiteral("newNoteText"))->hasActiveFocus());
        for (const char c : QByteArrayLiteral("Chiedere i pareri"))
            QTest::keyClick(&f.view, c);
        QVERIFY(click(f, QStringLiteral("addNoteButton")));
        QCOMPARE(f.editor->annotations().size(), 3);
        const Annotation note = f.editor->annotations().last();
        QCOMPARE(note.kind, AnnotationKind::Note);
        QCOMPARE(note.note, QStringLiteral("Chiedere i pareri"));
        QVERIFY(QLineF(note.position, QPointF(450, 215)).length() < 2);

        // Reading again: tap the note, change its text, save.
        QTRY_VERIFY(!findItem(f.view.contentItem(), QStringLiteral("addNoteButton")));
        QVERIFY(click(f, QStringLiteral("readTool")));
        QTest::qWait(500); // not a double tap
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at(f, note.position + QPointF(8, 8)));
        QTRY_VERIFY(findItem(f.view.contentItem(), QStringLiteral("saveNoteButton")));
        QCOMPARE(page(f)->selectedAnnotation(), note.id);
        auto *text = findItem(f.view.contentItem(), QStringLiteral("noteText"));
        QVERIFY(text);
        text->setProperty("text", QStringLiteral("Chiedere il parere dei revisori"));
        QVERIFY(click(f, QStringLiteral("saveNoteButton")));
        QCOMPARE(f.editor->find(note.id)->note, QStringLiteral("Chiedere il parere dei revisori"));

        // Tap the ink, delete it; undo brings it back.
        QTest::qWait(500);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at(f, stroke[2]));
        QTRY_VERIFY(findItem(f.view.contentItem(), QStringLiteral("deleteAnnotationButton")));
        QVERIFY(click(f, QStringLiteral("deleteAnnotationButton")));
        QVERIFY(!f.editor->find(ink.id));
        QTRY_VERIFY(!findItem(f.view.contentItem(), QStringLiteral("deleteAnnotationButton")));
        QVERIFY(click(f, QStringLiteral("undoButton")));
        QVERIFY(f.editor->find(ink.id));
        // A tap on blank paper opens nothing.
        QTest::qWait(500);
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at(f, QPointF(350, 250)));
        QTest::qWait(100);
        QVERIFY(!findItem(f.view.contentItem(), QStringLiteral("deleteAnnotationButton")));
    }

    void outlineAndUnplacedPanels()
    {
        // Two annotations of the previous version whose text is gone.
        CarryOverResult carried;
        Annotation lost;
        lost.id = QStringLiteral("lost-highlight");
        lost.kind = AnnotationKind::Highlight;
        lost.page = 3;
        lost.rects = { QRectF(50, 120, 300, 16) };
        lost.anchor.quote = QStringLiteral("il fondo di riserva per le spese impreviste");
        carried.unplaced.append({ lost, QStringLiteral("text_gone"), {} });
        Annotation gone;
        gone.id = QStringLiteral("lost-note");
        gone.kind = AnnotationKind::Note;
        gone.page = 11;
        gone.position = QPointF(300, 300);
        gone.note = QStringLiteral("Verificare");
        carried.unplaced.append({ gone, QStringLiteral("page_gone"), {} });

        Fixture f(m_dir.filePath(QStringLiteral("panels.db")));
        QVERIFY(show(f, actWithOutline(), QSize(1280, 800), carried));
        QCOMPARE(f.reader.unplacedCount(), 2);
        QAbstractItemModelTester tester(f.reader.unplaced(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(f.reader.unplaced()->index(0).data(UnplacedModel::QuoteRole).toString(),
                 lost.anchor.quote);
        // The list is shown without asking: nothing is hidden from the member.
        QTRY_VERIFY(findItem(f.view.contentItem(), QStringLiteral("unplacedPanel")));

        // The outline: three chapters with a child each; a tap goes to the page.
        QCOMPARE(f.reader.outline()->rowCount(), 6);
        QVERIFY(click(f, QStringLiteral("outlineButton")));
        auto *outline = findItem(f.view.contentItem(), QStringLiteral("outlineList"));
        QVERIFY(outline);
        QTRY_COMPARE(outline->property("count").toInt(), 6);
        QTest::qWait(100);
        // Row 4 is "Opere pubbliche" → page 5 (index 4).
        const QPoint row = outline->mapToScene(QPointF(100, 56 * 4 + 28)).toPoint();
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, row);
        QTRY_COMPARE(f.reader.currentPage(), 4);
        QTRY_VERIFY(page(f)->complete());

        // Screenshots of both panels, at the tablet's two sizes.
        QVERIFY(save(f, QStringLiteral("readerview-panels-1280x800.png")));
        // A resize re-renders the page at its new width; `complete` is stale until the view
        // has laid out again, so wait for the new width first.
        const qreal narrow = page(f)->width();
        f.view.resize(2560, 1600);
        QTRY_VERIFY(page(f)->width() > narrow);
        QTRY_VERIFY(page(f)->complete());
        QVERIFY(save(f, QStringLiteral("readerview-panels-2560x1600.png")));
        // The text is there: dark pixels along the first line.
        const QImage wide = f.view.grabWindow();
        int dark = 0;
        for (double x = 50; x < 250; x += 0.5) {
            const QPoint p = at(f, QPointF(x, Tests::lineBaseline(0) - 4));
            dark += qGray(wide.pixel(p)) < 128 ? 1 : 0;
        }
        QVERIFY2(dark > 20, qPrintable(QString::number(dark)));
        f.view.resize(1280, 800);
        QTRY_VERIFY(page(f)->width() <= narrow);
        QTRY_VERIFY(page(f)->complete());

        // Place the lost highlight on this page: it becomes a note quoting its text.
        QVERIFY(click(f, QStringLiteral("placeButton")));
        QTest::mouseClick(&f.view, Qt::LeftButton, {}, at(f, QPointF(400, 500)));
        QTRY_COMPARE(f.reader.unplacedCount(), 1);
        const auto placed = f.editor->find(lost.id);
        QVERIFY(placed);
        QCOMPARE(placed->page, 4);
        QCOMPARE(placed->kind, AnnotationKind::Note);
        QVERIFY(placed->note.contains(lost.anchor.quote));
        QVERIFY(QLineF(placed->position, QPointF(400, 500)).length() < 2);
        // Undoable like any other addition.
        QVERIFY(f.reader.canUndo());

        // Dismiss the other: off the list and out of the store's list, by the member's tap.
        QVERIFY(click(f, QStringLiteral("dismissButton")));
        QCOMPARE(f.reader.unplacedCount(), 0);
        QCOMPARE(
            f.store->unplaced(QStringLiteral("member-rossi"), QStringLiteral("doc")).value().size(),
            0);
        QTRY_VERIFY(!findItem(f.view.contentItem(), QStringLiteral("unplacedPanel")));
    }

    void screenshotsWithEveryTool()
    {
        CarryOverResult carried;
        Annotation lost;
        lost.id = QStringLiteral("lost");
        lost.kind = AnnotationKind::Highlight;
        lost.page = 2;
        lost.rects = { QRectF(50, 120, 300, 16) };
        lost.anchor.quote = QStringLiteral("il fondo di riserva per le spese impreviste");
        carried.unplaced.append({ lost, QStringLiteral("text_gone"), {} });

        for (const QSize size : { QSize(1280, 800), QSize(2560, 1600) }) {
            Fixture f(m_dir.filePath(QStringLiteral("shots-%1.db").arg(size.width())));
            QVERIFY(show(f, actWithOutline(), size, carried));
            const PdfDocument &doc = *f.reader.document();
            QVERIFY(!f.reader
                         .highlightSelection(0,
                                             doc.searchPage(0,
                                                            QStringLiteral("approva il "
                                                                           "bilancio"))
                                                 .first())
                         .isEmpty());
            QVariantList circle;
            const QRectF votes = doc.searchPage(0, QStringLiteral("favorevoli 18")).first();
            for (int i = 0; i <= 36; ++i) {
                const double t = i * 2 * M_PI / 36;
                circle.append(votes.center()
                              + QPointF(std::cos(t) * (votes.width() / 2 + 8),
                                        std::sin(t) * (votes.height() / 2 + 6)));
            }
            QVERIFY(!f.reader.addInk(0, circle).isEmpty());
            QVERIFY(!f.reader.addNote(0, QPointF(480, 90), QStringLiteral("Parere?")).isEmpty());
            QVERIFY(click(f, QStringLiteral("outlineButton")));
            // A selection in progress, with its actions.
            QVERIFY(click(f, QStringLiteral("selectTool")));
            drag(f, { { 52, Tests::lineBaseline(3) - 8 }, { 400, Tests::lineBaseline(3) - 4 } });
            QTRY_VERIFY(findItem(f.view.contentItem(), QStringLiteral("selectionBar")));
            QVERIFY(save(
                f,
                QStringLiteral("readerview-tools-%1x%2.png").arg(size.width()).arg(size.height())));
            // The ‹ › Night buttons on the dark bar, with search hits and night mode on.
            QSignalSpy searched(&f.reader, &DocumentReader::searchFinished);
            f.reader.search(QStringLiteral("bilancio"));
            QVERIFY(searched.wait(10000));
            f.reader.setNight(true);
            QTRY_VERIFY(page(f)->complete());
            QVERIFY(save(
                f,
                QStringLiteral("readerview-night-%1x%2.png").arg(size.width()).arg(size.height())));
        }
    }

    void speaksItalian()
    {
        QTranslator italian;
        QVERIFY(italian.load(QStringLiteral(AULA_QM_DIR "/aula_it.qm")));
        QCoreApplication::installTranslator(&italian);
        const auto damaged = PdfDocument::fromBytes(QByteArray("%PDF-1.7\ntroncato"));
        QVERIFY(!damaged.ok());
        QVERIFY2(damaged.error().message.contains(QStringLiteral("danneggiato")),
                 qPrintable(damaged.error().message));
        Fixture f(m_dir.filePath(QStringLiteral("it.db")));
        QVERIFY(show(f, sittingPdf(), QSize(1280, 800)));
        QVERIFY(findItem(f.view.contentItem(), QStringLiteral("nightButton")));
        QCOMPARE(findItem(f.view.contentItem(), QStringLiteral("nightButton"))
                     ->property("text")
                     .toString(),
                 QStringLiteral("Notte"));
        QVERIFY(save(f, QStringLiteral("readerview-it-1280x800.png")));
        QCoreApplication::removeTranslator(&italian);
    }

    void modelsPassTheModelTester()
    {
        DocumentReader reader;
        QAbstractItemModelTester pages(reader.pages(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester hits(reader.searchHits(),
                                      QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester outline(reader.outline(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(reader.status(), QStringLiteral("empty"));
        QVERIFY(reader.open(sittingPdf()).ok());
        QCOMPARE(reader.status(), QStringLiteral("ready"));
        // The page list follows the first page (here, with no page shown, after a second).
        QCOMPARE(reader.pages()->rowCount(), 0);
        QVERIFY(!reader.thumbnailService());
        QTRY_VERIFY(reader.fullyOpen());
        QCOMPARE(reader.pages()->rowCount(), 6);
        QVERIFY(reader.thumbnailService());
        const QModelIndex third = reader.pages()->index(2);
        QCOMPARE(third.data(PagesModel::LabelRole).toString(), QStringLiteral("3"));
        QVERIFY(qAbs(third.data(PagesModel::AspectRole).toDouble() - 595.3 / 841.9) < 0.01);

        QSignalSpy finished(&reader, &DocumentReader::searchFinished);
        reader.search(QStringLiteral("bilancio"));
        QVERIFY(reader.searching());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().first().toInt(), 6);
        QVERIFY(!reader.searching());
        QCOMPARE(reader.hitCount(), 6);
        QCOMPARE(reader.searchHits()->rowCount(), 6);
        const QModelIndex hit = reader.searchHits()->index(4);
        QCOMPARE(hit.data(SearchHitsModel::PageRole).toInt(), 4);
        QCOMPARE(hit.data(SearchHitsModel::RectsRole).toList().size(), 1);
        QCOMPARE(hit.data(SearchHitsModel::ExcerptRole).toString(),
                 QStringLiteral("Il consiglio comunale approva il bilancio 2024"));
        QCOMPARE(reader.currentHit(), 0);
        QCOMPARE(reader.currentPage(), 0);
        reader.nextHit();
        reader.nextHit();
        QCOMPARE(reader.currentPage(), 2);
        reader.previousHit();
        reader.previousHit();
        reader.previousHit(); // wraps to the last
        QCOMPARE(reader.currentHit(), 5);
        QCOMPARE(reader.currentPage(), 5);
        reader.search(QStringLiteral("inesistente"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().first().toInt(), 0);
        // A new search cancels the one under way: only the last one reports.
        finished.clear();
        reader.search(QStringLiteral("consiglio"));
        reader.search(QStringLiteral("Votazione"));
        QVERIFY(finished.wait(10000));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toInt(), 6);
        QCOMPARE(reader.searchHits()->index(0).data(SearchHitsModel::ExcerptRole).toString(),
                 QStringLiteral("Votazione: favorevoli 18, contrari 4, astenuti 2"));
        reader.search(QStringLiteral("inesistente"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(reader.currentHit(), -1);

        reader.setCurrentPage(99);
        QCOMPARE(reader.currentPage(), 5);
        reader.setCurrentPage(-3);
        QCOMPARE(reader.currentPage(), 0);

        // Selection and copy.
        const QString copied = reader.copyText(1, QRectF(40, Tests::lineBaseline(2) - 16, 500, 22));
        QVERIFY2(copied.contains(QStringLiteral("favorevoli 18")), qPrintable(copied));
        QCOMPARE(QGuiApplication::clipboard()->text(), copied);

        QVERIFY(reader.open(Tests::makePdfWithOutline()).ok());
        QCOMPARE(reader.outline()->rowCount(), 0);
        reader.pageShown(); // as PdfPage does once the page is on screen
        QTRY_COMPARE(reader.outline()->rowCount(), 3);
        QCOMPARE(reader.outline()->index(2).data(OutlineModel::DepthRole).toInt(), 1);
        QCOMPARE(reader.outline()->index(2).data(OutlineModel::TitleRole).toString(),
                 QStringLiteral("Allegati"));

        // A broken document empties the reader and says why; a good one after it works.
        QSignalSpy changed(&reader, &DocumentReader::documentChanged);
        QVERIFY(!reader.open(QByteArray("%PDF-1.7\ntroncato")).ok());
        QCOMPARE(reader.status(), QStringLiteral("error"));
        QCOMPARE(reader.errorCode(), QStringLiteral("damaged"));
        QCOMPARE(reader.pages()->rowCount(), 0);
        QCOMPARE(reader.outline()->rowCount(), 0);
        QVERIFY(changed.size() > 0);
        QVERIFY(reader.openFile(QStringLiteral(AULA_TEST_DATA "/documents/encrypted-rc4.pdf"))
                == false);
        QCOMPARE(reader.errorCode(), QStringLiteral("encrypted"));
        QVERIFY(reader.open(sittingPdf()).ok());
        QCOMPARE(reader.errorCode(), QString());
        QCOMPARE(reader.pageCount(), 6);
    }

    void annotatesFromQmlCalls()
    {
        auto db = Store::Database::open(m_dir.filePath(QStringLiteral("calls.db")),
                                        Crypto::randomBytes(32));
        QVERIFY(db.ok());
        QVERIFY(Store::applyMigrations(db.value(), AnnotationStore::migrations()).ok());
        AnnotationStore store(db.value());
        AnnotationEditor editor(store, QStringLiteral("member-rossi"), QStringLiteral("doc"));
        DocumentReader reader;
        QVERIFY(reader.open(sittingPdf()).ok());
        QVERIFY(reader.highlightSelection(0, QRectF(40, 110, 500, 30)).isEmpty()); // no editor
        reader.setAnnotations(&editor);
        QSignalSpy changed(&reader, &DocumentReader::annotationsChanged);

        // A drag over line 1 of page 2 highlights that line's text.
        const QString id =
            reader.highlightSelection(1, QRectF(45, Tests::lineBaseline(1) - 14, 520, 18));
        QVERIFY(!id.isEmpty());
        const Annotation h = *editor.find(id);
        QCOMPARE(h.kind, AnnotationKind::Highlight);
        QCOMPARE(h.anchor.quote, QStringLiteral("Il consiglio comunale approva il bilancio 2021"));
        QCOMPARE(h.rects.size(), 1);
        QCOMPARE(changed.last().first().toInt(), 1);
        // Nothing to highlight on an empty area.
        QVERIFY(reader.highlightSelection(1, QRectF(100, 600, 100, 50)).isEmpty());

        const QString noteId = reader.addNote(1, QPointF(300, 105), QStringLiteral("Chiedere"));
        QVERIFY(!noteId.isEmpty());
        QCOMPARE(editor.find(noteId)->anchor.quote.isEmpty(), false);
        const QString inkId =
            reader.addInk(1,
                          { QVariant(QPointF(50, 300)), QVariant(QPointF(90, 320)),
                            QVariant(QPointF(130, 300)) });
        QVERIFY(!inkId.isEmpty());
        QCOMPARE(editor.annotations().size(), 3);
        QVERIFY(reader.undo());
        QVERIFY(!editor.find(inkId));
        QVERIFY(reader.redo());
        QVERIFY(editor.find(inkId));
        QVERIFY(!reader.redo());
        QCOMPARE(store.load(QStringLiteral("member-rossi"), QStringLiteral("doc")).value().size(),
                 3);
    }

    void screenshotOfAPageWithAnnotations()
    {
        QVERIFY(m_dir.isValid());
        auto db = Store::Database::open(m_dir.filePath(QStringLiteral("view.db")),
                                        Crypto::randomBytes(32));
        QVERIFY(db.ok());
        QVERIFY(Store::applyMigrations(db.value(), AnnotationStore::migrations()).ok());
        AnnotationStore store(db.value());
        AnnotationEditor editor(store, QStringLiteral("member-rossi"), QStringLiteral("doc"));

        DocumentReader reader;
        QVERIFY(reader.open(sittingPdf()).ok());
        const PdfDocument &doc = *reader.document();
        Annotation highlight;
        highlight.kind = AnnotationKind::Highlight;
        highlight.page = 0;
        highlight.rects = doc.searchPage(0, QStringLiteral("approva il bilancio"));
        highlight.anchor = anchorFor(doc, 0, highlight.rects.first());
        highlight.color = QColor(255, 220, 0);
        QVERIFY(editor.add(highlight).ok());
        Annotation ink;
        ink.kind = AnnotationKind::Ink;
        ink.page = 0;
        ink.color = QColor(200, 20, 20);
        const QRectF votes = doc.searchPage(0, QStringLiteral("favorevoli 18")).first();
        for (int i = 0; i <= 36; ++i) {
            const double t = i * 2 * M_PI / 36;
            ink.strokes.isEmpty() ? ink.strokes.append(QList<QPointF>()) : void();
            ink.strokes[0].append(votes.center()
                                  + QPointF(std::cos(t) * (votes.width() / 2 + 8),
                                            std::sin(t) * (votes.height() / 2 + 6)));
        }
        QVERIFY(editor.add(ink).ok());
        Annotation note;
        note.kind = AnnotationKind::Note;
        note.page = 0;
        note.position = QPointF(480, 120);
        note.note = QStringLiteral("Chiedere il parere dei revisori");
        QVERIFY(editor.add(note).ok());
        reader.setAnnotations(&editor);
        QSignalSpy searched(&reader, &DocumentReader::searchFinished);
        reader.search(QStringLiteral("seduta"));
        QVERIFY(searched.wait(10000));

        QQuickView view;
        view.engine()->addImportPath(QStringLiteral("qrc:/qt/qml"));
        view.setInitialProperties({ { QStringLiteral("reader"), QVariant::fromValue(&reader) } });
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.resize(1280, 800);
        view.setSource(QUrl(QStringLiteral("qrc:/qt/qml/Aula/Ui/ReaderView.qml")));
        QVERIFY2(view.status() == QQuickView::Ready, qPrintable(view.errors().value(0).toString()));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *page = view.rootObject()->findChild<PageItem *>(QStringLiteral("currentPage"));
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->complete(), 10000);
        // Let the thumbnails arrive too: they start once the page is shown.
        QTRY_VERIFY(reader.fullyOpen());
        QTest::qWait(100);
        QVERIFY(reader.thumbnailService()->waitForIdle());
        QTest::qWait(200);
        const QImage shot = view.grabWindow();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.save(outputPath(QStringLiteral("readerview-annotated.png"))));
        qInfo("screenshot: %s", qPrintable(outputPath(QStringLiteral("readerview-annotated.png"))));

        // The page fills the width (fit width): its scale maps points to window pixels.
        const QPointF origin = page->mapToScene(QPointF(0, 0));
        const double scale = page->width() / doc.pageSize(0).width();
        const auto at = [&](QPointF points) {
            return shot.pixelColor((origin + points * scale).toPoint());
        };
        // Highlight: yellow on the white paper, left of the first glyph edge.
        const QColor h =
            at(QPointF(highlight.rects.first().left() + 1, highlight.rects.first().top() + 1));
        QVERIFY2(h.red() > 200 && h.green() > 170 && h.blue() < 150, qPrintable(h.name()));
        // Ink: red somewhere along the circle.
        bool red = false;
        for (const QPointF &p : ink.strokes[0]) {
            const QColor c = at(p);
            red = red || (c.red() > 150 && c.green() < 90 && c.blue() < 90);
        }
        QVERIFY(red);
        // Sticky note, at its position.
        QCOMPARE(at(note.position + QPointF(15, 3)), QColor(255, 200, 0));

        // Night mode inverts the paper.
        reader.setNight(true);
        QTRY_VERIFY_WITH_TIMEOUT(page->complete(), 10000);
        QTest::qWait(100);
        const QImage dark = view.grabWindow();
        QVERIFY(dark.save(outputPath(QStringLiteral("readerview-night.png"))));
        QCOMPARE(dark.pixelColor((origin + QPointF(300, 250) * scale).toPoint()),
                 QColor(Qt::black));
        reader.setNight(false);

        // A protected PDF: a clear message, the view keeps working.
        QVERIFY(!reader.openFile(QStringLiteral(AULA_TEST_DATA "/documents/encrypted-aes256.pdf")));
        QTest::qWait(100);
        auto *message = view.rootObject()->findChild<QQuickItem *>(QStringLiteral("errorMessage"));
        QVERIFY(message);
        QVERIFY(message->isVisible());
        QVERIFY(view.grabWindow().save(outputPath(QStringLiteral("readerview-encrypted.png"))));
    }
};

QTEST_MAIN(TestReaderView)
#include "tst_readerview.moc"
