// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/datadir.h"
#include "server/store/eventlog.h"
#include "server/store/secretstore.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace Aula;
using namespace Aula::Server;

// Evaluates `expr` once and shows the error on failure.
#define AULA_VERIFY_OK(expr)                                                                       \
    do {                                                                                           \
        const auto &aulaResult = (expr);                                                           \
        QVERIFY2(aulaResult.ok(), aulaResult.ok() ? "" : qPrintable(aulaResult.error().message));  \
    } while (false)

namespace {

uint modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xffff;
    return uint(st.st_mode & 0777);
}

} // namespace

class TestDataDir : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
    QString keyPath() const { return m_dir + QStringLiteral("/store.key"); }

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_dir = m_tmp->filePath(QStringLiteral("nested/data"));
    }

    void createThenOpen()
    {
        QByteArray publicKey;
        QByteArray head;
        {
            auto created = DataDir::create(m_dir);
            AULA_VERIFY_OK(created);
            QCOMPARE(modeOf(m_dir), 0700u);
            QCOMPARE(modeOf(keyPath()), 0600u);
            QCOMPARE(QFileInfo(keyPath()).size(), 32);
            QVERIFY(QFile::exists(m_dir + QStringLiteral("/chamber.db")));
            DataDir dir = std::move(created).value();
            publicKey = dir.signingKey().publicKey();
            auto log = EventLog::open(dir.database());
            AULA_VERIFY_OK(log.value().append(
                { NewEvent { QStringLiteral("sitting.opened"), 1, QJsonObject() } }));
            AULA_VERIFY_OK(log.value().writeCheckpoint(dir.signingKey()));
            head = log->lastHash();
        }
        auto opened = DataDir::open(m_dir);
        AULA_VERIFY_OK(opened);
        DataDir dir = std::move(opened).value();
        QCOMPARE(dir.signingKey().publicKey(), publicKey);
        QCOMPARE(dir.path(), m_dir);
        auto report = EventLog::verify(dir.database(), publicKey);
        AULA_VERIFY_OK(report);
        QCOMPARE(report->events, 1);
        QCOMPARE(report->checkpoints, 1);
        QCOMPARE(report->lastHash, head);

        // The signing key lives in the secrets table, never in the chain.
        auto secrets = SecretStore::open(dir.database());
        auto seed = secrets.value().get(QString::fromLatin1(SecretStore::kServerSigningKey));
        QVERIFY(seed.value().has_value());
        QCOMPARE(seed.value()->size(), 32);
    }

    void databaseSurvivesMovingTheDataDir()
    {
        auto created = DataDir::create(m_dir);
        AULA_VERIFY_OK(created);
        DataDir first = std::move(created).value();
        auto log = EventLog::open(first.database());
        DataDir second = std::move(first);
        AULA_VERIFY_OK(log.value().append({ NewEvent { QStringLiteral("x"), 0, {} } }));
        QCOMPARE(EventLog::verify(second.database(), second.signingKey().publicKey())->events, 1);
    }

    void refusesToCreateOverExisting()
    {
        AULA_VERIFY_OK(DataDir::create(m_dir));
        QCOMPARE(DataDir::create(m_dir).error().code, QStringLiteral("already_initialised"));

        const QString other = m_tmp->filePath(QStringLiteral("other"));
        QVERIFY(QDir().mkpath(other));
        QFile stray(other + QStringLiteral("/notes.txt"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        QCOMPARE(DataDir::create(other).error().code, QStringLiteral("not_empty"));
        QVERIFY(QFile::exists(stray.fileName()));

        // An existing empty folder is fine, and gets tightened to 0700.
        const QString empty = m_tmp->filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        QFile::setPermissions(empty,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                  | QFileDevice::ExeOther);
        AULA_VERIFY_OK(DataDir::create(empty));
        QCOMPARE(modeOf(empty), 0700u);
    }

    void refusesAKeyFileOthersCanRead_data()
    {
        QTest::addColumn<uint>("mode");
        QTest::newRow("world readable") << 0644u;
        QTest::newRow("group readable") << 0640u;
        QTest::newRow("group writable") << 0620u;
    }

    void refusesAKeyFileOthersCanRead()
    {
        QFETCH(uint, mode);
        AULA_VERIFY_OK(DataDir::create(m_dir));
        QCOMPARE(::chmod(QFile::encodeName(keyPath()).constData(), mode), 0);
        auto opened = DataDir::open(m_dir);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("insecure_permissions"));
        QVERIFY2(opened.error().message.contains(QStringLiteral("chmod 600")),
                 qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QString::number(mode, 8)));
        QCOMPARE(::chmod(QFile::encodeName(keyPath()).constData(), 0600), 0);
        AULA_VERIFY_OK(DataDir::open(m_dir));
    }

    void wrongKeyIsACleanError()
    {
        AULA_VERIFY_OK(DataDir::create(m_dir));
        QFile key(keyPath());
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        key.write(Crypto::randomBytes(32));
        key.close();
        auto opened = DataDir::open(m_dir);
        QCOMPARE(opened.error().code, QStringLiteral("wrong_key"));
        QVERIFY(opened.error().message.contains(QStringLiteral("store.key")));
    }

    void keyFileOfWrongSizeIsRefused()
    {
        AULA_VERIFY_OK(DataDir::create(m_dir));
        QFile key(keyPath());
        QVERIFY(key.open(QIODevice::Append));
        key.write("\n");
        key.close();
        QCOMPARE(DataDir::open(m_dir).error().code, QStringLiteral("invalid_key_file"));
    }

    void notInitialisedIsExplained()
    {
        QCOMPARE(DataDir::open(m_dir).error().code, QStringLiteral("not_initialised"));
        QVERIFY(QDir().mkpath(m_dir));
        auto empty = DataDir::open(m_dir);
        QCOMPARE(empty.error().code, QStringLiteral("not_initialised"));
        QVERIFY(empty.error().message.contains(QStringLiteral("aula-server init")));

        const QString other = m_tmp->filePath(QStringLiteral("nodb"));
        AULA_VERIFY_OK(DataDir::create(other));
        QVERIFY(QFile::remove(other + QStringLiteral("/chamber.db")));
        QCOMPARE(DataDir::open(other).error().code, QStringLiteral("not_initialised"));
    }
};

QTEST_GUILESS_MAIN(TestDataDir)
#include "tst_datadir.moc"
