// SPDX-License-Identifier: GPL-3.0-or-later
// The build's demo documents: what `aula-server` will import for the demo sitting.
#include "server/demo/pdfs/demodocumentsdir.h"
#include "server/documents/documentstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula::Server;

class TestDemoDocuments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agendaListsEightRealPdfs()
    {
        QFile agendaFile(QString::fromUtf8(Aula::Demo::kAgendaFile));
        QVERIFY2(agendaFile.open(QIODevice::ReadOnly), qPrintable(agendaFile.fileName()));
        QJsonParseError error;
        const QJsonObject agenda = QJsonDocument::fromJson(agendaFile.readAll(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray items = agenda.value(u"items").toArray();
        QCOMPARE(items.size(), 8);

        QTemporaryDir dir;
        DocumentStore store(dir.path());
        QVERIFY(store.initialize().ok());
        int longest = 0;
        QSet<QString> kinds;
        for (int i = 0; i < items.size(); ++i) {
            const QJsonObject item = items.at(i).toObject();
            QCOMPARE(item.value(u"number").toInt(), i + 1);
            QVERIFY(!item.value(u"title").toString().isEmpty());
            kinds.insert(item.value(u"kind").toString());
            const QJsonObject document = item.value(u"document").toObject();
            const QString path = QDir(QString::fromUtf8(Aula::Demo::kDocumentsDir))
                                     .filePath(document.value(u"file").toString());

            QFile pdf(path);
            QVERIFY2(pdf.open(QIODevice::ReadOnly), qPrintable(path));
            const QByteArray bytes = pdf.readAll();
            QVERIFY(bytes.startsWith("%PDF-"));
            const int pages = int(bytes.count("/Type /Page\n"));
            QCOMPARE(pages, document.value(u"pages").toInt());
            QVERIFY2(pages >= 2, qPrintable(path));
            longest = std::max(longest, pages);

            // The hash the agenda announces is the one the store computes on import.
            const auto stored = store.importFile(path);
            QVERIFY(stored.ok());
            QCOMPARE(stored->sha256, document.value(u"sha256").toString());
            QCOMPARE(stored->size, document.value(u"size").toInteger());

            // Every voted item carries a preset; the interpellation is not voted.
            const bool voted = item.value(u"kind").toString() != u"interpellation";
            QCOMPARE(item.value(u"votePreset").isObject(), voted);
        }
        QVERIFY2(longest >= 25, "one act should be a long one (the budget variation)");
        QVERIFY(kinds.contains(u"deliberation"_qs));
        QVERIFY(kinds.contains(u"regulation"_qs));
        QVERIFY(kinds.contains(u"motion"_qs));
        QVERIFY(kinds.contains(u"interpellation"_qs));
        QVERIFY(kinds.contains(u"appointment"_qs));
    }
};

QTEST_GUILESS_MAIN(TestDemoDocuments)
#include "tst_demodocuments.moc"
