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
#include <QQuickView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
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

} // namespace

class TestReaderView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
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
        QCOMPARE(reader.pages()->rowCount(), 6);
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
        QCOMPARE(reader.outline()->rowCount(), 3);
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
        // Let the thumbnails arrive too.
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
