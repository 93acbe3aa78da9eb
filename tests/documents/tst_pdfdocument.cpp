// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pdfdocument.h"
#include "tests/documents/pdffixtures.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Documents;

namespace {

std::shared_ptr<PdfDocument> openOrFail(const QByteArray &bytes)
{
    auto doc = PdfDocument::fromBytes(bytes);
    if (!doc.ok())
        qFatal("open failed: %s", qPrintable(doc.error().message));
    return doc.value();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// Share of pixels that are not white in `image`.
double inkShare(const QImage &image)
{
    qint64 ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            ink += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
    return double(ink) / (qint64(image.width()) * image.height());
}

} // namespace

class TestPdfDocument : public QObject
{
    Q_OBJECT

private slots:
    void warmsUpWithoutComplaint()
    {
        // The built-in page opens and renders; a second call is as harmless.
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        QVERIFY(PdfDocument::warmUp() > 0);
        QVERIFY(PdfDocument::warmUp() > 0);
        // What it renders is a real page: the text, the inline image, the compressed logo
        // drawn directly and through a form (otherwise it would warm up less than it says).
        auto doc = PdfDocument::fromBytes(PdfDocument::warmUpPdf());
        QVERIFY(doc.ok());
        QCOMPARE(doc.value()->text(0).trimmed(), QStringLiteral("Aula"));
        const QImage page = doc.value()->render(0, 1.0);
        QCOMPARE(page.size(), QSize(200, 100));
        const auto inked = [&](QRect r) {
            int n = 0;
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x)
                    n += page.pixelColor(x, y) != QColor(Qt::white) ? 1 : 0;
            return n > r.width() * r.height() / 2;
        };
        QVERIFY(inked({ 102, 42, 16, 16 })); // inline image: 100..120 × 40..60 (PDF y up)
        QVERIFY(inked({ 132, 32, 26, 26 })); // the logo: 130..160 × 40..70
        QVERIFY(inked({ 167, 17, 21, 21 })); // the logo through the form: 165..190 × 60..85
        QVERIFY(!inked({ 60, 5, 30, 30 })); // blank paper
    }

    void initTestCase()
    {
        // Poppler's complaints about the broken PDFs below are expected; keep the log short.
        QLoggingCategory::setFilterRules(QStringLiteral("aula.app.documents.debug=false"));
    }

    void opensFromBytesWithPageSizesAndText()
    {
        const QByteArray bytes = Tests::makePdf({ { QStringLiteral("Ordine del giorno"),
                                                    QStringLiteral("Bilancio di previsione 2027") },
                                                  { QStringLiteral("Seconda pagina") } },
                                                QStringLiteral("Seduta del 12 marzo"));
        const auto doc = openOrFail(bytes);
        QCOMPARE(doc->pageCount(), 2);
        QCOMPARE(doc->title(), QStringLiteral("Seduta del 12 marzo"));
        // A4 in points.
        QVERIFY(qAbs(doc->pageSize(0).width() - 595.3) < 1.0);
        QVERIFY(qAbs(doc->pageSize(0).height() - 841.9) < 1.0);
        QVERIFY(doc->pageSize(2).isEmpty());
        QVERIFY(doc->text(0).contains(QStringLiteral("Bilancio di previsione 2027")));
        QVERIFY(!doc->text(0).contains(QStringLiteral("Seconda")));
        QVERIFY(doc->text(1).contains(QStringLiteral("Seconda pagina")));
        QVERIFY(doc->text(5).isEmpty());
        QVERIFY(doc->text(-1).isEmpty());
    }

    void opensFromFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("atto.pdf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(Tests::makeNumberedPdf(3));
        file.close();
        const auto doc = PdfDocument::fromFile(path);
        QVERIFY(doc.ok());
        QCOMPARE(doc.value()->pageCount(), 3);
        const auto missing = PdfDocument::fromFile(dir.filePath(QStringLiteral("nope.pdf")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("not_found"));
    }

    void searchFindsHitsWithPageAndRectangles()
    {
        const auto doc = openOrFail(Tests::makePdf(
            { { QStringLiteral("Il sindaco propone"), QStringLiteral("la variazione di bilancio") },
              { QStringLiteral("Nessuna"), QStringLiteral("Variazione approvata") } }));
        const QList<SearchHit> hits = doc->search(QStringLiteral("variazione"));
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits[0].page, 0);
        QCOMPARE(hits[1].page, 1);
        // Line 1 of page 0: baseline at 130 pt, text starts at x = 50 pt.
        const QRectF r = hits[0].rects.first();
        QVERIFY2(r.top() < Tests::lineBaseline(1) && r.bottom() > Tests::lineBaseline(1) - 14,
                 qPrintable(QStringLiteral("rect %1,%2").arg(r.top()).arg(r.bottom())));
        QVERIFY(r.left() > 50 && r.left() < 120);
        // Line 1 of page 1, at the start of the line (case-insensitive match).
        QVERIFY(qAbs(hits[1].rects.first().left() - 50) < 2);
        // The text under a hit is the hit.
        QCOMPARE(doc->textIn(0, r).trimmed(), QStringLiteral("variazione"));
        QVERIFY(doc->search(QStringLiteral("assente")).isEmpty());
        QVERIFY(doc->search(QString()).isEmpty());
        // Accents are ignored, so "citta" finds "città".
        const auto accented =
            openOrFail(Tests::makePdf({ { QStringLiteral("la città di Aula") } }));
        QCOMPARE(accented->search(QStringLiteral("citta")).size(), 1);
    }

    void searchMatchesAcrossALineBreak()
    {
        const auto doc = openOrFail(Tests::makePdf(
            { { QStringLiteral("approvato il bilancio"), QStringLiteral("consuntivo del 2026") } },
            {}, 17.0));
        const QList<SearchHit> hits = doc->search(QStringLiteral("bilancio consuntivo"));
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits[0].rects.size(), 2);
        QVERIFY(hits[0].rects[1].height() > 10);
        QVERIFY(hits[0].rects[1].top() > hits[0].rects[0].top() + 10);
        QCOMPARE(doc->textIn(0, hits[0].rects[1]).trimmed(), QStringLiteral("consuntivo"));
    }

    void selectionCopiesTheTextInARectangle()
    {
        const auto doc = openOrFail(
            Tests::makePdf({ { QStringLiteral("prima riga"), QStringLiteral("seconda riga"),
                               QStringLiteral("terza riga") } }));
        // Lines 1 and 2 only: from just above line 1's glyphs to just below line 2's.
        const QRectF selection(40, Tests::lineBaseline(1) - 16, 400, 50);
        const QString text = doc->textIn(0, selection);
        QVERIFY2(text.contains(QStringLiteral("seconda riga")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("terza riga")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("prima")), qPrintable(text));
        QVERIFY(doc->textIn(0, QRectF(300, 600, 100, 100)).trimmed().isEmpty());
    }

    void readsTheOutline()
    {
        const auto doc = openOrFail(Tests::makePdfWithOutline());
        const QList<OutlineEntry> outline = doc->outline();
        QCOMPARE(outline.size(), 2);
        QCOMPARE(outline[0].title, QStringLiteral("Premesse"));
        QCOMPARE(outline[0].page, 0);
        QCOMPARE(outline[1].title, QStringLiteral("Delibera"));
        QCOMPARE(outline[1].page, 1);
        QCOMPARE(outline[1].children.size(), 1);
        QCOMPARE(outline[1].children[0].title, QStringLiteral("Allegati"));
        QCOMPARE(outline[1].children[0].page, 1);
        QVERIFY(openOrFail(Tests::makeNumberedPdf(1))->outline().isEmpty());
    }

    void rendersPagesTilesAndNightMode()
    {
        const auto doc = openOrFail(Tests::makeNumberedPdf(2));
        const QImage page = doc->render(0, 1.0);
        QCOMPARE(page.size(), QSize(595, 842));
        const double day = inkShare(page);
        QVERIFY2(day > 0.01 && day < 0.5, qPrintable(QString::number(day)));
        // The blue band at y 30..60 pt, x 40..555 pt.
        QCOMPARE(page.pixelColor(300, 45), QColor(30, 90, 160));
        QCOMPARE(page.pixelColor(300, 400), QColor(Qt::white));

        RenderOptions night;
        night.night = true;
        const QImage dark = doc->render(0, 1.0, {}, night);
        QCOMPARE(dark.pixelColor(300, 400), QColor(Qt::black));
        QCOMPARE(dark.pixelColor(300, 45), QColor(255 - 30, 255 - 90, 255 - 160));

        // A tile at 4x is exactly the same pixels as the same area of the whole page.
        const QRect tile(1024, 0, 512, 512);
        const QImage part = doc->render(0, 4.0, tile);
        QCOMPARE(part.size(), tile.size());
        const QImage whole = doc->render(0, 4.0);
        QVERIFY(qAbs(whole.width() - 2381) <= 1 && qAbs(whole.height() - 3368) <= 1);
        QCOMPARE(part.convertToFormat(QImage::Format_RGB32),
                 whole.copy(tile).convertToFormat(QImage::Format_RGB32));

        QVERIFY(doc->render(7, 1.0).isNull());
        QVERIFY(doc->render(0, 0.0).isNull());
        // An abort callback that says stop yields no image.
        QVERIFY(doc->render(0, 1.0, {}, {}, [] { return true; }).isNull());
    }

    void rejectsBrokenPdfsWithTypedErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        const QByteArray good = Tests::makeNumberedPdf(3);
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("garbage") << QByteArray(4096, '\x5a') << QStringLiteral("not_pdf");
        QTest::newRow("html") << QByteArray("<html><body>404 Not Found</body></html>")
                              << QStringLiteral("not_pdf");
        QTest::newRow("header only") << QByteArray("%PDF-1.7\n") << QStringLiteral("damaged");
        QTest::newRow("first 10%") << good.left(good.size() / 10) << QStringLiteral("damaged");
        QByteArray scrambled = good;
        for (qsizetype i = 20; i < scrambled.size(); i += 7)
            scrambled[i] = char(scrambled[i] ^ 0x5a);
        QTest::newRow("scrambled") << scrambled << QStringLiteral("damaged");
        QTest::newRow("aes-256") << readFile(
            QStringLiteral(AULA_TEST_DATA "/documents/encrypted-aes256.pdf"))
                                 << QStringLiteral("encrypted");
        QTest::newRow("rc4-128") << readFile(
            QStringLiteral(AULA_TEST_DATA "/documents/encrypted-rc4.pdf"))
                                 << QStringLiteral("encrypted");
    }

    void rejectsBrokenPdfsWithTypedErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        const auto doc = PdfDocument::fromBytes(bytes);
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().code, code);
        QVERIFY(!doc.error().message.isEmpty());
    }

    void aDamagedLaterPageIsBlankNotFatal()
    {
        // The page tree points its second page at an object that does not exist.
        QByteArray bytes = Tests::makePdfWithOutline();
        bytes.replace("/Kids [3 0 R 4 0 R]", "/Kids [3 0 R 9 0 R]");
        const auto doc = PdfDocument::fromBytes(bytes);
        QVERIFY2(doc.ok(), doc.ok() ? "" : qPrintable(doc.error().message));
        QVERIFY(!doc.value()->pageSize(0).isEmpty());
        qInfo("Poppler reports %d page(s)", doc.value()->pageCount());
        for (int page = 1; page < doc.value()->pageCount(); ++page) {
            QVERIFY(doc.value()->pageSize(page).isEmpty());
            QVERIFY(doc.value()->render(page, 1.0).isNull());
            QVERIFY(doc.value()->text(page).isEmpty());
        }
        QVERIFY(!doc.value()->render(0, 0.5).isNull());
    }

    void randomlyCorruptedPdfsNeverCrash()
    {
        // Seeded, so a failure reproduces: byte flips, zeroed runs and cut-outs anywhere in
        // a good PDF (its compressed content streams included).
        const QByteArray good = Tests::makeNumberedPdf(2);
        QRandomGenerator random(20261123);
        int opened = 0;
        for (int round = 0; round < 300; ++round) {
            QByteArray bad = good;
            const int edits = 1 + int(random.bounded(8));
            for (int e = 0; e < edits; ++e) {
                const qsizetype at = random.bounded(bad.size());
                switch (random.bounded(3)) {
                case 0:
                    bad[at] = char(random.bounded(256));
                    break;
                case 1:
                    bad.replace(at, qMin<qsizetype>(16, bad.size() - at), QByteArray(16, '\0'));
                    break;
                default:
                    bad.remove(at, qMin<qsizetype>(random.bounded(64), bad.size() - at));
                }
            }
            const auto doc = PdfDocument::fromBytes(bad);
            if (!doc.ok()) {
                QVERIFY(!doc.error().code.isEmpty());
                continue;
            }
            ++opened;
            for (int p = 0; p < doc.value()->pageCount(); ++p) {
                (void)doc.value()->render(p, 0.3);
                (void)doc.value()->text(p);
                (void)doc.value()->search(QStringLiteral("Pagina"));
                (void)doc.value()->outline();
            }
        }
        qInfo("%d of 300 corrupted copies opened; none crashed", opened);
    }

    void truncatedAtEveryLengthNeverCrashes()
    {
        // Every prefix, in steps: either a typed error, or a document whose every call works.
        const QByteArray good = Tests::makeNumberedPdf(3);
        int opened = 0;
        for (qsizetype length = 0; length <= good.size(); length += 97) {
            const auto doc = PdfDocument::fromBytes(good.left(length));
            if (!doc.ok()) {
                QVERIFY(!doc.error().code.isEmpty());
                continue;
            }
            ++opened;
            for (int p = 0; p < doc.value()->pageCount(); ++p) {
                (void)doc.value()->text(p);
                (void)doc.value()->render(p, 0.25);
                (void)doc.value()->search(QStringLiteral("Pagina"));
            }
        }
        // Poppler rebuilds a cross-reference table when the end is cut off, so long
        // prefixes open; what matters is that none crashed.
        qInfo("%d of %lld prefixes opened", opened, good.size() / 97 + 1);
    }
};

QTEST_MAIN(TestPdfDocument)
#include "tst_pdfdocument.moc"
