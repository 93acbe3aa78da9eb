// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/documents/documentstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula::Server;

class TestDocumentStore : public QObject
{
    Q_OBJECT

private:
    static QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
    {
        const QString path = dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        return path;
    }

    static QString sha256Hex(const QByteArray &data)
    {
        return QString::fromLatin1(
            QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    }

private Q_SLOTS:
    void importsHashesAndReadsBack()
    {
        QTemporaryDir dir;
        DocumentStore store(dir.filePath(QStringLiteral("store")));
        QVERIFY(store.initialize().ok());
        QByteArray data;
        for (int i = 0; i < 100000; ++i)
            data += char(i * 7);
        const QString source = writeFile(dir, QStringLiteral("delibera.pdf"), data);
        const auto stored = store.importFile(source);
        QVERIFY2(stored.ok(), qPrintable(stored.ok() ? QString() : stored.error().describe()));
        QCOMPARE(stored->sha256, sha256Hex(data));
        QCOMPARE(stored->size, data.size());

        const QString onDisk = store.root() + u'/' + stored->sha256.left(2) + u'/' + stored->sha256;
        QVERIFY(QFileInfo(onDisk).isFile());
        QVERIFY(store.contains(stored->sha256));
        QCOMPARE(store.stat(stored->sha256)->size, data.size());

        auto file = store.open(stored->sha256);
        QVERIFY(file.ok());
        QCOMPARE(file.value()->readAll(), data);

        // No temporary copy is left behind.
        QCOMPARE(QDir(store.root() + QStringLiteral("/.incoming"))
                     .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot)
                     .size(),
                 0);
    }

    void importingTwiceIsHarmless()
    {
        QTemporaryDir dir;
        DocumentStore store(dir.filePath(QStringLiteral("store")));
        QVERIFY(store.initialize().ok());
        const QString a = writeFile(dir, QStringLiteral("a"), "stessa delibera");
        const QString b = writeFile(dir, QStringLiteral("b"), "stessa delibera");
        const auto first = store.importFile(a);
        const auto second = store.importFile(b);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->sha256, second->sha256);
        QCOMPARE(QDir(store.root() + u'/' + first->sha256.left(2)).entryList(QDir::Files).size(),
                 1);
        QCOMPARE(QDir(store.root() + QStringLiteral("/.incoming"))
                     .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot)
                     .size(),
                 0);
    }

    void emptyFile()
    {
        QTemporaryDir dir;
        DocumentStore store(dir.path());
        QVERIFY(store.initialize().ok());
        const auto stored = store.importFile(writeFile(dir, QStringLiteral("empty"), {}));
        QVERIFY(stored.ok());
        QCOMPARE(
            stored->sha256,
            QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(stored->size, 0);
    }

    void refusesUnreadableSources()
    {
        QTemporaryDir dir;
        DocumentStore store(dir.filePath(QStringLiteral("store")));
        QVERIFY(store.initialize().ok());
        const auto missing = store.importFile(dir.filePath(QStringLiteral("missing.pdf")));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("document_unreadable"));
        QVERIFY(missing.error().message.contains(QStringLiteral("missing.pdf")));

        const auto directory = store.importFile(dir.path());
        QVERIFY(!directory.ok());
        QCOMPARE(directory.error().code, QStringLiteral("document_unreadable"));
    }

    void refusesMalformedNames_data()
    {
        QTest::addColumn<QString>("name");
        const QString valid(64, u'a');
        QTest::newRow("empty") << QString();
        QTest::newRow("short") << valid.left(63);
        QTest::newRow("long") << valid + u'a';
        QTest::newRow("uppercase") << QString(64, u'A');
        QTest::newRow("not hex") << QString(63, u'a') + u'g';
        QTest::newRow("traversal") << QStringLiteral("../../../../etc/passwd");
        QTest::newRow("traversal 64") << QStringLiteral("../") + valid.left(61);
        QTest::newRow("slash") << valid.left(32) + u'/' + valid.left(31);
        QTest::newRow("nul") << valid.left(63) + QChar(0);
    }

    void refusesMalformedNames()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        DocumentStore store(dir.path());
        QVERIFY(store.initialize().ok());
        QVERIFY(!DocumentStore::isValidSha256(name));
        QVERIFY(!store.contains(name));
        const auto opened = store.open(name);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("invalid_sha256"));
        QCOMPARE(store.stat(name).error().code, QStringLiteral("invalid_sha256"));
    }

    void missingDocument()
    {
        QTemporaryDir dir;
        DocumentStore store(dir.path());
        QVERIFY(store.initialize().ok());
        const auto opened = store.open(QString(64, u'0'));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("document_not_found"));
    }
};

QTEST_GUILESS_MAIN(TestDocumentStore)
#include "tst_documentstore.moc"
