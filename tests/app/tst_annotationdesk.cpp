// SPDX-License-Identifier: GPL-3.0-or-later
// Annotations in the app: kept in the member's encrypted store, attached to the reader when
// the shelf opens a document, carried over to a new version, exported. No window, no network.
#include "app/chamber/annotationdesk.h"
#include "app/chamber/documentshelf.h"
#include "app/chamber/tabletvault.h"
#include "app/documents/documentreader.h"
#include "app/documents/pdfdocument.h"
#include "platform/keyvault/keyvault.h"
#include "sync/crypto/crypto.h"
#include "tests/documents/pdffixtures.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QMap>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::App;
using Documents::AnnotationKind;
using Documents::DocumentReader;

namespace {

const QString kPerson = QStringLiteral("c07");
// A UID-only badge: the store key takes the UID fallback (BadgeTap without a card secret).
const App::BadgeTap kUid { QByteArrayLiteral("04A1B2C3D4"), {} };
const QByteArray kPin = QByteArrayLiteral("2468");
const QString kName = QStringLiteral("Delibera bilancio.pdf");

// QPdfWriter stamps the time: each version is made once, so its SHA-256 stays put.
QByteArray makeVersionOne()
{
    return Tests::makePdf(
        { { QStringLiteral("Premesse"), QStringLiteral("Il consiglio approva il bilancio"),
            QStringLiteral("Voto favorevole della maggioranza") },
          { QStringLiteral("Allegato A") } });
}

// The approval moved to page 2, the vote deleted.
QByteArray makeVersionTwo()
{
    return Tests::makePdf(
        { { QStringLiteral("Errata corrige"), QStringLiteral("Premesse") },
          { QStringLiteral("Nuovo paragrafo"), QStringLiteral("Il consiglio approva il bilancio") },
          { QStringLiteral("Allegato A") } });
}

const QByteArray &versionOne()
{
    static const QByteArray bytes = makeVersionOne();
    return bytes;
}

const QByteArray &versionTwo()
{
    static const QByteArray bytes = makeVersionTwo();
    return bytes;
}

QString hexOf(const QByteArray &bytes)
{
    return QString::fromLatin1(Crypto::sha256(bytes).toHex());
}

QByteArray manifestWith(const QByteArray &pdf, int version)
{
    Sync::Manifest m;
    m.currentSitting = QStringLiteral("s1");
    Sync::ManifestDocument d;
    d.sha256 = Crypto::sha256(pdf);
    d.size = pdf.size();
    d.name = kName;
    d.mediaType = QStringLiteral("application/pdf");
    d.version = version;
    d.sitting = QStringLiteral("s1");
    d.item = QStringLiteral("i1");
    m.sittings = { Sync::ManifestSitting {
        QStringLiteral("s1"),
        QStringLiteral("Seduta"),
        QStringLiteral("2026-11-26"),
        { Sync::ManifestItem { QStringLiteral("i1"), QStringLiteral("Bilancio"), { d } } } } };
    return m.toJson();
}

QRectF rectOf(const DocumentReader &reader, int page, const QString &text)
{
    const auto hits = reader.document()->searchPage(page, text);
    return hits.isEmpty() ? QRectF() : hits.first();
}

// A highlight "h<page>" over the sentence of `page` in a Tests::makeNumberedPdf(); no rects
// when the sentence is not found once.
Documents::Annotation numberedHighlight(const Documents::PdfDocument &pdf, int page)
{
    Documents::Annotation h;
    h.id = QStringLiteral("h%1").arg(page);
    h.kind = Documents::AnnotationKind::Highlight;
    h.page = page;
    h.rects = pdf.searchPage(page, QStringLiteral("delibera sul punto %1.").arg(page + 1));
    if (h.rects.size() == 1)
        h.anchor = Documents::anchorFor(pdf, page, h.rects.first());
    else
        h.rects.clear();
    return h;
}

} // namespace

class TestAnnotationDesk : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Platform::KeyVault> m_keys;

    VaultOptions options() const
    {
        VaultOptions o;
        o.root = m_dir.filePath(QStringLiteral("stores"));
        o.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 }; // cheap Argon2id for tests
        return o;
    }

    // The app core starting again: a new vault over the same files, opened offline.
    std::unique_ptr<TabletVault> restart()
    {
        auto vault = std::make_unique<TabletVault>(options(), *m_keys);
        auto opened = vault->openOffline(kUid, kPin);
        if (!opened)
            qWarning().noquote() << opened.error().describe();
        return opened ? std::move(vault) : nullptr;
    }

    static void putDocument(TabletVault &vault, const QByteArray &pdf, int version)
    {
        Tablet::DocumentMeta meta { Crypto::sha256(pdf), pdf.size(), kName,
                                    QStringLiteral("application/pdf"), version };
        QVERIFY(vault.store()->putDocument(meta, pdf));
        QVERIFY(vault.store()->setValue(QStringLiteral("manifest"), manifestWith(pdf, version)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keys = Platform::createKeyVault(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(m_keys);
        TabletVault vault(options(), *m_keys);
        QVERIFY(vault.openOnline(kPerson, QStringLiteral("Anna Rossi"), kUid, kPin, 14));
        putDocument(vault, versionOne(), 1);
    }

    // Argon2id runs on a worker: the call returns at once with a busy state.
    void unlocksOffTheUiThread()
    {
        TabletVault vault(options(), *m_keys);
        QSignalSpy opening(&vault, &TabletVault::openingChanged);
        std::optional<Result<QString>> answer;
        vault.openOfflineAsync(kUid, kPin, [&](const Result<QString> &r) { answer = r; });
        QVERIFY(vault.isOpening());
        QVERIFY(!vault.isOpen());
        QVERIFY(!answer);
        std::optional<Result<QString>> second;
        vault.openOfflineAsync(kUid, kPin, [&](const Result<QString> &r) { second = r; });
        QVERIFY(second && !*second);
        QCOMPARE(second->error().code, QStringLiteral("busy"));
        QTRY_VERIFY(answer.has_value());
        QVERIFY(*answer);
        QCOMPARE(**answer, kPerson);
        QVERIFY(vault.isOpen());
        QVERIFY(!vault.isOpening());
        QCOMPARE(opening.size(), 2);
        // A wrong PIN is counted the same way as the blocking call counts it.
        vault.close();
        answer.reset();
        vault.openOfflineAsync(kUid, "0000", [&](const Result<QString> &r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(vault.offlineAttemptsLeft(), 4);
        QVERIFY(!vault.isOpen());
        // Closed (logout) while the store is being unlocked: it does not open afterwards.
        answer.reset();
        vault.openOfflineAsync(kUid, kPin, [&](const Result<QString> &r) { answer = r; });
        vault.close();
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->error().code, QStringLiteral("cancelled"));
        QVERIFY(!vault.isOpen());
        QVERIFY(!vault.isOpening());
        // The right PIN resets the count.
        answer.reset();
        vault.openOfflineAsync(kUid, kPin, [&](const Result<QString> &r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(*answer);
    }

    void annotationsLiveInTheStoreAcrossRestarts()
    {
        const QString v1 = hexOf(versionOne());
        {
            auto vault = restart();
            QVERIFY(vault);
            DocumentShelf shelf { QString() };
            shelf.setVault(vault.get());
            QCOMPARE(shelf.annotations(), vault->annotations());
            DocumentReader reader;
            QVERIFY(shelf.openIn(&reader, v1));
            QVERIFY(reader.annotations());
            QVERIFY(vault->annotations()->isAttached());
            QCOMPARE(vault->annotations()->documentKey(), QStringLiteral("s1/i1/") + kName);

            QVERIFY(!reader
                         .highlightSelection(
                             0, rectOf(reader, 0, QStringLiteral("approva il bilancio")))
                         .isEmpty());
            QVERIFY(
                !reader.highlightSelection(0, rectOf(reader, 0, QStringLiteral("Voto favorevole")))
                     .isEmpty());
            QVERIFY(!reader.addNote(0, QPointF(300, 700), QStringLiteral("Chiedere all'assessore"))
                         .isEmpty());
            QVERIFY(!reader.addInk(0, { QPointF(60, 400), QPointF(200, 420) }).isEmpty());
            QVERIFY(reader.undo()); // the ink goes
            QCOMPARE(reader.annotations()->annotations().size(), 3);

            // Another document in the reader: the desk lets go of it.
            reader.close();
            QVERIFY(!vault->annotations()->isAttached());
            QVERIFY(!reader.annotations());
        }
        auto vault = restart();
        QVERIFY(vault);
        DocumentShelf shelf { QString() };
        shelf.setVault(vault.get());
        DocumentReader reader;
        QVERIFY(shelf.openIn(&reader, v1));
        QVERIFY(reader.annotations());
        QCOMPARE(reader.annotations()->annotations().size(), 3);
        {
            // A reader that goes away (the page closed) releases the desk.
            auto transient = std::make_unique<DocumentReader>();
            QVERIFY(shelf.openIn(transient.get(), v1));
            QVERIFY(vault->annotations()->isAttached());
            transient.reset();
            QVERIFY(!vault->annotations()->isAttached());
        }
        QVERIFY(shelf.openIn(&reader, v1));
        // Logging out takes the annotations away from the reader too.
        vault->close();
        QVERIFY(!reader.annotations());
    }

    void aNewVersionCarriesTheAnnotationsOver()
    {
        const QString v1 = hexOf(versionOne());
        const QString v2 = hexOf(versionTwo());
        {
            auto vault = restart();
            QVERIFY(vault);
            putDocument(*vault, versionTwo(), 2);
        }
        {
            // The sync stored version 2 under the new manifest: the notes move at once.
            auto vault = restart();
            QVERIFY(vault);
            AnnotationDesk *desk = vault->annotations();
            QSignalSpy carried(desk, &AnnotationDesk::carriedOver);
            Sync::ManifestDocument arrived;
            arrived.sha256 = Crypto::sha256(versionTwo());
            arrived.name = kName;
            QSignalSpy finished(desk, &AnnotationDesk::carryOverFinished);
            vault->carryOverInto(arrived);
            // On a worker: the call returns before anything moved.
            QVERIFY(desk->carryingOver());
            QVERIFY(desk->isCarryingOver(v2));
            QCOMPARE(carried.size(), 0);
            QTRY_COMPARE(finished.size(), 1);
            QCOMPARE(finished.first().at(1).toString(), v2);
            QCOMPARE(finished.first().at(2).toString(), QString()); // no error
            QVERIFY(!desk->carryingOver());
            QCOMPARE(carried.size(), 1);
            QCOMPARE(carried.first().at(1).toInt(), 2);
            QCOMPARE(carried.first().at(2).toInt(), 1);
            // Once only.
            vault->carryOverInto(arrived);
            QVERIFY(!desk->carryingOver());
            QTest::qWait(50);
            QCOMPARE(carried.size(), 1);
            QCOMPARE(finished.size(), 1);
        }
        auto vault = restart(); // and it all survives a restart
        QVERIFY(vault);
        DocumentShelf shelf { QString() };
        shelf.setVault(vault.get());
        AnnotationDesk *desk = vault->annotations();
        DocumentReader reader;
        QVERIFY(shelf.openIn(&reader, v2));
        const auto annotations = reader.annotations()->annotations();
        QCOMPARE(annotations.size(), 2);
        for (const auto &a : annotations) {
            if (a.kind == AnnotationKind::Highlight) {
                QCOMPARE(a.anchor.quote, QStringLiteral("approva il bilancio"));
                QCOMPARE(a.page, 1); // followed its text to page 2
                QVERIFY(a.rects.first().intersects(rectOf(reader, 1, QStringLiteral("approva"))));
            } else {
                QCOMPARE(a.kind, AnnotationKind::Note);
                QCOMPARE(a.page, 0);
            }
        }
        // The deleted passage's highlight is listed, not dropped.
        // The reader's model, the same one (there is one unplaced model in the app).
        Documents::UnplacedModel *unplaced = desk->unplaced();
        QAbstractItemModelTester tester(unplaced,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(unplaced->rowCount(), 1);
        QCOMPARE(unplaced->property("count").toInt(), 1);
        QCOMPARE(reader.unplacedCount(), 1);
        const QModelIndex row = unplaced->index(0);
        QCOMPARE(row.data(Documents::UnplacedModel::QuoteRole).toString(),
                 QStringLiteral("Voto favorevole"));
        QCOMPARE(row.data(Documents::UnplacedModel::ReasonRole).toString(),
                 QStringLiteral("text_gone"));
        QCOMPARE(row.data(Documents::UnplacedModel::KindRole).toString(),
                 QStringLiteral("highlight"));
        QVERIFY(!row.data(Documents::UnplacedModel::MessageRole).toString().isEmpty());

        // Version 1 keeps its own notes (opening it again does not carry anything back).
        DocumentReader old;
        QVERIFY(shelf.openIn(&old, v1));
        QCOMPARE(old.annotations()->annotations().size(), 3);
        QVERIFY(!reader.annotations()); // the desk follows one reader at a time
        QVERIFY(shelf.openIn(&reader, v2));
        QCOMPARE(reader.annotations()->annotations().size(), 2);
        QCOMPARE(desk->unplaced()->rowCount(), 1);

        // Dismissed by the member, and only then gone.
        QVERIFY(
            desk->dismissUnplaced(row.data(Documents::UnplacedModel::AnnotationIdRole).toString()));
        QCOMPARE(desk->unplaced()->rowCount(), 0);
    }

    // Quitting while the worker carries the notes over: the old version keeps them all, the
    // new one gets nothing half-done, and the next start carries them over whole. A reader
    // showing the new version gets the notes when the worker is done.
    void aCarryOverCutShortLosesNothing()
    {
        const QString key = QStringLiteral("s9/i9/Altro.pdf");
        const QByteArray a = Tests::makeNumberedPdf(3);
        const QByteArray b = Tests::makeNumberedPdf(400); // long: the worker takes a while
        const QString hexA = hexOf(a), hexB = hexOf(b);
        QList<Documents::Annotation> notes;
        {
            auto vault = restart();
            QVERIFY(vault);
            AnnotationDesk *desk = vault->annotations();
            QCOMPARE(desk->startCarryOver(key, hexA, a).value(), false); // first version
            auto pdf = Documents::PdfDocument::fromBytes(a);
            QVERIFY(pdf.ok());
            for (int page = 0; page < 3; ++page) {
                const Documents::Annotation h = numberedHighlight(*pdf.value(), page);
                QCOMPARE(h.rects.size(), 1);
                QVERIFY(desk->store()->save(kPerson, hexA, h));
                notes.append(h);
            }
            QSignalSpy finished(desk, &AnnotationDesk::carryOverFinished);
            QVERIFY(desk->startCarryOver(key, hexB, b).value());
            QVERIFY(desk->carryingOver());
            vault->close(); // logout, or the app quitting: the worker stops
            QVERIFY(!desk->carryingOver());
            QTest::qWait(100); // a result posted before the stop must not be committed
            QCOMPARE(finished.size(), 0);
        }
        auto vault = restart();
        QVERIFY(vault);
        AnnotationDesk *desk = vault->annotations();
        QCOMPARE(desk->store()->load(kPerson, hexA).value().size(), 3);
        QVERIFY(desk->store()->load(kPerson, hexB).value().isEmpty());
        QVERIFY(desk->store()->unplaced(kPerson, hexB).value().isEmpty());
        QVERIFY(desk->needsCarryOver(key, hexB).value());

        // Opened in the reader: the page shows at once, the notes follow.
        DocumentReader reader;
        QVERIFY(reader.open(b).ok());
        QSignalSpy finished(desk, &AnnotationDesk::carryOverFinished);
        QVERIFY(desk->attach(reader, key, hexB));
        QVERIFY(desk->isCarryingOver(hexB));
        QVERIFY(reader.annotations());
        QVERIFY(reader.annotations()->annotations().isEmpty());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(2).toString(), QString());
        QTRY_COMPARE(reader.annotations()->annotations().size(), 3);
        for (const auto &h : reader.annotations()->annotations()) {
            const int n = h.id.mid(1).toInt();
            QCOMPARE(h.page, n);
            QCOMPARE(h.anchor.quote, notes[n].anchor.quote);
        }
        QCOMPARE(desk->store()->load(kPerson, hexA).value().size(), 3); // the old rows stay
        QVERIFY(!desk->needsCarryOver(key, hexB).value());
        QCOMPARE(desk->startCarryOver(key, hexB, b).value(), false);
    }

    // The member annotates the old version while the worker carries its notes into the new
    // one: the worker's snapshot is stale when it is done, so the carry-over runs again from
    // what the old version holds now. The note added meanwhile arrives too, nothing is lost,
    // and the carry-over finishes once.
    //
    // Deterministic without sleeps: the worker posts its result to the GUI thread, and the
    // note is added on the GUI thread before the test returns to the event loop, so it is
    // always in the store before finishJob() compares the snapshot (whether the worker is
    // still searching or already waiting in the queue).
    void aNoteAddedDuringTheCarryOverIsCarriedToo()
    {
        const QString key = QStringLiteral("s8/i8/Terzo.pdf");
        const QByteArray a = Tests::makeNumberedPdf(4);
        const QByteArray b = Tests::makeNumberedPdf(120);
        const QString hexA = hexOf(a), hexB = hexOf(b);
        auto vault = restart();
        QVERIFY(vault);
        AnnotationDesk *desk = vault->annotations();
        QCOMPARE(desk->startCarryOver(key, hexA, a).value(), false); // first version
        auto pdf = Documents::PdfDocument::fromBytes(a);
        QVERIFY(pdf.ok());
        QMap<QString, Documents::Annotation> saved;
        for (int page = 0; page < 2; ++page) {
            const Documents::Annotation h = numberedHighlight(*pdf.value(), page);
            QCOMPARE(h.rects.size(), 1);
            QVERIFY(desk->store()->save(kPerson, hexA, h));
            saved.insert(h.id, h);
        }

        QSignalSpy finished(desk, &AnnotationDesk::carryOverFinished);
        QSignalSpy carried(desk, &AnnotationDesk::carriedOver);
        QVERIFY(desk->startCarryOver(key, hexB, b).value());
        QVERIFY(desk->isCarryingOver(hexB)); // the worker has its snapshot: h0, h1

        // Meanwhile the member highlights page 3 of the old version and adds a note on page 4
        // (no anchor: it follows its page).
        const Documents::Annotation added = numberedHighlight(*pdf.value(), 2);
        QCOMPARE(added.rects.size(), 1);
        QVERIFY(desk->store()->save(kPerson, hexA, added));
        saved.insert(added.id, added);
        Documents::Annotation note;
        note.id = QStringLiteral("n3");
        note.kind = Documents::AnnotationKind::Note;
        note.page = 3;
        note.position = QPointF(100, 200);
        note.note = QStringLiteral("Chiedere la copertura");
        QVERIFY(desk->store()->save(kPerson, hexA, note));
        saved.insert(note.id, note);
        QVERIFY(desk->isCarryingOver(hexB)); // nothing was committed yet

        QVERIFY(finished.wait(30000));
        QVERIFY(!desk->carryingOver());
        QCOMPARE(finished.size(), 1); // once: the first, stale run finished nothing
        QCOMPARE(finished.first().at(0).toString(), key);
        QCOMPARE(finished.first().at(1).toString(), hexB);
        QCOMPARE(finished.first().at(2).toString(), QString()); // no error
        QCOMPARE(carried.size(), 1);
        QCOMPARE(carried.first().at(1).toInt(), 4); // placed
        QCOMPARE(carried.first().at(2).toInt(), 0); // unplaced

        const auto moved = desk->store()->load(kPerson, hexB).value();
        QCOMPARE(moved.size(), 4);
        QStringList ids;
        for (const auto &m : moved) {
            ids.append(m.id);
            QVERIFY(saved.contains(m.id));
            const Documents::Annotation &was = saved[m.id];
            QCOMPARE(m.kind, was.kind);
            QCOMPARE(m.page, was.page); // the same text on the same page in the new version
            QCOMPARE(m.anchor.quote, was.anchor.quote);
            QCOMPARE(m.note, was.note);
            if (m.kind == Documents::AnnotationKind::Note)
                QCOMPARE(m.position, was.position);
        }
        ids.sort();
        QCOMPARE(ids, QStringList(saved.keys()));
        QVERIFY(desk->store()->unplaced(kPerson, hexB).value().isEmpty());
        QCOMPARE(desk->store()->load(kPerson, hexA).value().size(), 4); // the old rows stay
        QVERIFY(!desk->needsCarryOver(key, hexB).value());
        QCOMPARE(desk->startCarryOver(key, hexB, b).value(), false);
        QCOMPARE(finished.size(), 1);
    }

    void exportsAnAnnotatedCopy()
    {
        auto vault = restart();
        QVERIFY(vault);
        DocumentShelf shelf { QString() };
        shelf.setVault(vault.get());
        AnnotationDesk *desk = vault->annotations();
        QCOMPARE(desk->exportTo(m_dir.path()).error().code, QStringLiteral("nothing_open"));
        DocumentReader reader;
        QVERIFY(shelf.openIn(&reader, hexOf(versionOne())));
        QVERIFY(!reader.addNote(1, QPointF(100, 300), QStringLiteral("Da stampare")).isEmpty());
        QVERIFY(!reader.highlightSelection(1, rectOf(reader, 1, QStringLiteral("Allegato A")))
                     .isEmpty());
        const auto onPageTwo = reader.annotations()->annotationsOn(1).size();
        QVERIFY(onPageTwo >= 2);

        const QString folder = m_dir.filePath(QStringLiteral("export/nested"));
        QSignalSpy changed(desk, &AnnotationDesk::exportChanged);
        const QString path = desk->exportCopy(folder);
        QCOMPARE(changed.size(), 1);
        QVERIFY2(!path.isEmpty(), qPrintable(desk->lastExportError()));
        QCOMPARE(desk->lastExportPath(), path);
        QVERIFY(path.startsWith(folder));
        QVERIFY(path.endsWith(QStringLiteral(".pdf")));
        auto copy = Documents::PdfDocument::fromFile(path);
        QVERIFY(copy);
        QCOMPARE((*copy)->embeddedAnnotations(1).size(), onPageTwo);
        // Named after the document, even once the manifest lists a newer version.
        QVERIFY2(path.contains(QStringLiteral("Delibera bilancio")), qPrintable(path));
        // A second export does not overwrite the first.
        const QString second = desk->exportCopy(folder);
        QVERIFY(!second.isEmpty());
        QVERIFY(second != path);
        QVERIFY(QFile::exists(path));

        // A folder that cannot be: a clear error, nothing written.
        const QString file = m_dir.filePath(QStringLiteral("a-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto refused = desk->exportTo(file + QStringLiteral("/sub"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("not_writable"));
        QVERIFY(desk->exportCopy(file + QStringLiteral("/sub")).isEmpty());
        QVERIFY(desk->lastExportError().contains(QStringLiteral("a-file")));
        QVERIFY(!AnnotationDesk::defaultExportFolder().isEmpty());
    }
};

QTEST_MAIN(TestAnnotationDesk)
#include "tst_annotationdesk.moc"
