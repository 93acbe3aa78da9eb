// SPDX-License-Identifier: GPL-3.0-or-later
// The real aula-server process: the clerk's commands, a crash in the middle of a ballot of
// 200 tablets over wss://, and a tampered log that verify names.
#include "server/admin.h"
#include "server/chamberserver.h"
#include "server/demo/democouncil.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/documents/manifest.h"
#include "sync/store/database.h"
#include "sync/store/statement.h"
#include "tests/support/simtablet.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Aula;
using namespace Aula::Server;
using Aula::Test::SimTablet;

namespace {

const QString kSitting = QStringLiteral("s1");

QString member(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

bool isOk(const QJsonObject &reply)
{
    return reply.value(QStringLiteral("type")) == QLatin1String("ok");
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runServer(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(AULA_SERVER_BIN), args);
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
             QString::fromUtf8(p.readAllStandardOutput()),
             QString::fromUtf8(p.readAllStandardError()) };
}

/** A running `aula-server serve` child. */
class ServeProcess
{
public:
    bool start(const QString &dataDir,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               const QStringList &extraArgs = {})
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(AULA_SERVER_BIN),
                        QStringList { QStringLiteral("serve"), QStringLiteral("--data"), dataDir,
                                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") }
                            + extraArgs);
        QByteArray out;
        static const QRegularExpression ready(QStringLiteral("READY api=(\\d+) http=(\\d+)"));
        return QTest::qWaitFor(
                   [&] {
                       out += m_process.readAllStandardOutput();
                       const auto m = ready.match(QString::fromUtf8(out));
                       if (m.hasMatch())
                           m_port = m.captured(1).toUShort();
                       return m_port != 0 || m_process.state() == QProcess::NotRunning;
                   },
                   30000)
            && m_port != 0;
    }
    void kill()
    {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10000);
    }
    void stop()
    {
        m_process.terminate();
        m_process.waitForFinished(10000);
    }
    [[nodiscard]] QUrl url() const
    {
        return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(m_port));
    }
    [[nodiscard]] QByteArray errors() { return m_process.readAllStandardError(); }
    [[nodiscard]] QByteArray output() { return m_process.readAllStandardOutput(); }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning)
            kill();
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class TestServerProcess : public QObject
{
    Q_OBJECT

    // Seeds a chamber of `members` (councillors + mayor), one enrolled device per member.
    bool seed(const QString &dir, int members, QHash<QString, QByteArray> &seeds)
    {
        if (!Admin::init(dir, { QStringLiteral("Test chamber"), {}, {} }).ok())
            return false;
        auto oc = OpenChamber::open(dir);
        if (!oc)
            return false;
        QJsonObject council = Demo::councilImport(members - 1, false);
        // One cheap Argon2id hash for everyone: at the real cost, 200 tablets badging in at once
        // take 40 s on two cores, and that cost is not what this test is about.
        const QString hash = QString::fromUtf8(
            *Crypto::hashPin(Demo::pin().toUtf8(), Crypto::kPinHashCostForTestsOnly));
        QJsonArray creds = council.value(QStringLiteral("credentials")).toArray();
        for (qsizetype i = 0; i < creds.size(); ++i) {
            QJsonObject c = creds.at(i).toObject();
            c.insert(QStringLiteral("pin_hash"), hash);
            creds[i] = c;
        }
        council.insert(QStringLiteral("credentials"), creds);
        if (auto r = Admin::importCouncil(**oc, council); !r) {
            qWarning() << r.error().describe();
            return false;
        }
        if (auto r = Admin::importSitting(**oc, Demo::sittingImport(kSitting), QString()); !r) {
            qWarning() << r.error().describe();
            return false;
        }
        for (int i = 1; i <= members; ++i) {
            const auto key = Crypto::SigningKey::generate();
            seeds.insert(member(i), key.seed().toByteArray());
            if (!Admin::enrollDevice(**oc, QStringLiteral("tab-") + member(i), {},
                                     QString::fromLatin1(key.publicKey().toHex()))
                     .ok())
                return false;
        }
        return true;
    }

    std::unique_ptr<SimTablet> tabletFor(const QString &person,
                                         const QHash<QString, QByteArray> &seeds)
    {
        return std::make_unique<SimTablet>(
            QStringLiteral("tab-") + person,
            Crypto::SigningKey::fromSeed(seeds.value(person)).value());
    }

    // Everyone badges in at once, as a chamber does at the start of a sitting.
    static void loginAll(std::vector<std::unique_ptr<SimTablet>> &tablets)
    {
        QList<qint64> ids;
        for (size_t i = 0; i < tablets.size(); ++i)
            ids.append(tablets[i]->sendLogin(Demo::badgeUid(member(int(i) + 1)), Demo::pin()));
        for (size_t i = 0; i < tablets.size(); ++i)
            QVERIFY(isOk(tablets[i]->waitReply(ids[qsizetype(i)], 120000)));
    }

private slots:
    void initTestCase() { QVERIFY(Crypto::initialize().ok()); }

    void clerkCommands()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("chamber"));
        Run r = runServer({ QStringLiteral("demo"), QStringLiteral("--data"), dir });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("Imported sitting")));
        QVERIFY(r.out.contains(QStringLiteral("25 members")));
        QVERIFY(QFile::exists(dir + QStringLiteral("/tls/ca.pem")));
        QCOMPARE(QFile(dir + QStringLiteral("/store.key")).permissions()
                     & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        // The store is encrypted: no SQLite header, no member name in clear.
        QFile db(dir + QStringLiteral("/chamber.db"));
        QVERIFY(db.open(QIODevice::ReadOnly));
        const QByteArray raw = db.readAll();
        QVERIFY(!raw.startsWith("SQLite format 3"));
        QVERIFY(!raw.contains("Giulia Bianchi"));
        r = runServer({ QStringLiteral("init"), QStringLiteral("--data"), dir });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QStringLiteral("refusing to overwrite")));
        r = runServer({ QStringLiteral("verify"), QStringLiteral("--data"), dir });
        QCOMPARE(r.exitCode, 0);
        {
            // What the server lists for the tablets is what the tablets' sync reads.
            ServeOptions options;
            options.dataDir = dir;
            options.address = QHostAddress::LocalHost;
            options.port = 0;
            options.insecureLoopback = true;
            auto server = ChamberServer::start(options);
            QVERIFY2(server.ok(), qPrintable(server.ok() ? QString() : server.error().describe()));
            const auto manifest = Sync::Manifest::fromJson((*server)->manifest());
            QVERIFY2(manifest.ok(),
                     qPrintable(manifest.ok() ? QString() : manifest.error().describe()));
            QCOMPARE(manifest->currentSitting, Demo::sittingId());
            // Scheduled for today, so the demo's sitting is never one long past.
            QCOMPARE(manifest->sittings.first().date, QDate::currentDate().toString(Qt::ISODate));
            QCOMPARE(manifest->sittings.size(), 1);
            QCOMPARE(manifest->sittings.first().items.size(), 8);
        }
        QVERIFY(r.out.contains(QStringLiteral("The log is intact")));
        r = runServer({ QStringLiteral("device"), QStringLiteral("enroll"),
                        QStringLiteral("--data"), dir, QStringLiteral("--device"),
                        QStringLiteral("t1"), QStringLiteral("--public-key"),
                        QStringLiteral("abcd") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--public-key: must be a 32-byte")));
        r = runServer({ QStringLiteral("council"), QStringLiteral("import"),
                        QStringLiteral("/nonexistent.json"), QStringLiteral("--data"), dir });
        QCOMPARE(r.exitCode, 1);
        {
            // The badge policy: `uid` only when asked for, with a warning; nothing else.
            QJsonObject file = Demo::councilImport();
            auto import = [&](const QJsonObject &f) {
                QFile out(tmp.filePath(QStringLiteral("council.json")));
                if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                    return Run {};
                out.write(QJsonDocument(f).toJson());
                out.close();
                return runServer({ QStringLiteral("council"), QStringLiteral("import"),
                                   out.fileName(), QStringLiteral("--data"), dir });
            };
            r = import(file);
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.out.contains(QStringLiteral("WARNING: badge_policy is \"uid\"")));
            file.remove(QStringLiteral("badge_policy"));
            r = import(file);
            QCOMPARE(r.exitCode, 0);
            QVERIFY(!r.out.contains(QStringLiteral("WARNING")));
            QVERIFY(r.out.contains(QStringLiteral("Badge policy: desfire")));
            file.insert(QStringLiteral("badge_policy"), QStringLiteral("none"));
            r = import(file);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QStringLiteral("badge_policy")), qPrintable(r.err));
        }
        r = runServer({ QStringLiteral("serve"), QStringLiteral("--data"),
                        tmp.filePath(QStringLiteral("missing")) });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!r.err.isEmpty());
        r = runServer({ QStringLiteral("export"), QStringLiteral("--data"), dir,
                        QStringLiteral("--sitting"), Demo::sittingId(), QStringLiteral("--out"),
                        tmp.filePath(QStringLiteral("export")) });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("export/sitting-demo-votes.csv"))));
    }

    void tamperedLogIsNamed()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("chamber"));
        QVERIFY(runServer({ QStringLiteral("demo"), QStringLiteral("--data"), dir }).exitCode == 0);
        {
            // An attacker with the store key flips one byte of event 20.
            QFile keyFile(dir + QStringLiteral("/store.key"));
            QVERIFY(keyFile.open(QIODevice::ReadOnly));
            // The key file holds the 32 raw key bytes (any byte value, so never trim them).
            const QByteArray key = keyFile.readAll();
            QCOMPARE(key.size(), 32);
            auto db = Store::Database::open(dir + QStringLiteral("/chamber.db"), key, { false });
            QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().describe()));
            QVERIFY(db->exec("DROP TRIGGER events_append_only_update;").ok());
            auto read = db->prepare("SELECT body FROM events WHERE seq = 20;");
            QVERIFY(read.ok() && *read->step());
            QByteArray body = read->columnBlob(0);
            const qsizetype at = body.indexOf("\"person\":\"m") + 12;
            body[at] = body[at] == '1' ? '2' : '1';
            auto write = db->prepare("UPDATE events SET body = ?1 WHERE seq = 20;");
            QVERIFY(write.ok());
            write->bindBlob(1, body);
            QVERIFY(write->run().ok());
        }
        const Run r = runServer({ QStringLiteral("verify"), QStringLiteral("--data"), dir });
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("event 20")), qPrintable(r.err));
    }

    void leaseDaysFlag()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("chamber"));
        QHash<QString, QByteArray> seeds;
        QVERIFY(seed(dir, 3, seeds));
        for (const QString &bad : { QStringLiteral("0"), QStringLiteral("366"),
                                    QStringLiteral("two"), QStringLiteral("-5") }) {
            const Run r = runServer({ QStringLiteral("serve"), QStringLiteral("--data"), dir,
                                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                      QStringLiteral("--lease-days"), bad });
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QStringLiteral("--lease-days"))
                         && r.err.contains(QStringLiteral("1 to 365")),
                     qPrintable(r.err));
        }
        ServeProcess server;
        QVERIFY(server.start(dir, QProcessEnvironment::systemEnvironment(),
                             { QStringLiteral("--lease-days"), QStringLiteral("3") }));
        const QSslConfiguration tls =
            TlsMaterial::load(dir + QStringLiteral("/tls"))->clientConfiguration();
        auto tablet = tabletFor(member(2), seeds);
        QVERIFY(tablet->open(server.url(), tls));
        QVERIFY(tablet->authenticateDevice());
        const QJsonObject session = tablet->login(Demo::badgeUid(member(2)), Demo::pin());
        QVERIFY(isOk(session));
        QCOMPARE(session.value(QStringLiteral("lease_days")).toInt(-1), 3);
    }

    void secretBallotLeavesNoLink()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("chamber"));
        QHash<QString, QByteArray> seeds;
        QVERIFY(seed(dir, 25, seeds));
        // Every logging category at debug level: whatever the server could log, it logs.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        ServeProcess server;
        QVERIFY(server.start(dir, env));
        const QSslConfiguration tls =
            TlsMaterial::load(dir + QStringLiteral("/tls"))->clientConfiguration();
        std::vector<std::unique_ptr<SimTablet>> tablets;
        for (int i = 1; i <= 20; ++i) {
            tablets.push_back(tabletFor(member(i), seeds));
            QVERIFY(tablets.back()->open(server.url(), tls));
            QVERIFY(tablets.back()->authenticateDevice());
        }
        loginAll(tablets);
        SimTablet &president = *tablets[0];
        QVERIFY(isOk(president.request(QStringLiteral("sitting.open"),
                                       { { QStringLiteral("sitting"), kSitting },
                                         { QStringLiteral("call"), QStringLiteral("first") } })));
        for (auto &t : tablets)
            QVERIFY(isOk(t->request(QStringLiteral("attendance.checkin"),
                                    { { QStringLiteral("sitting"), kSitting } })));
        // Item 5 is an election: a secret ballot. m07 is the only one against.
        const QJsonObject opened =
            president.request(QStringLiteral("ballot.open"),
                              { { QStringLiteral("sitting"), kSitting },
                                { QStringLiteral("item"), QStringLiteral("i5") } });
        QVERIFY(isOk(opened));
        const QString ballot = opened.value(QStringLiteral("ballot")).toString();
        for (int i = 1; i <= 20; ++i) {
            const QString choice = i == 7 ? QStringLiteral("against")
                : i <= 15                 ? QStringLiteral("favour")
                                          : QStringLiteral("blank");
            QVERIFY(isOk(tablets[size_t(i - 1)]->waitReply(
                tablets[size_t(i - 1)]->sendVote(kSitting, ballot, choice))));
        }

        QFile keyFile(dir + QStringLiteral("/store.key"));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        // The key file holds the 32 raw key bytes (any byte value, so never trim them).
        const QByteArray key = keyFile.readAll();
        QCOMPARE(key.size(), 32);
        // Every read below must really open the store, or an empty answer would prove nothing.
        QStringList unreadable;
        auto readStore = [&](const char *sql) {
            QList<QList<QByteArray>> rows;
            auto db = Store::Database::open(dir + QStringLiteral("/chamber.db"), key, { false });
            if (!db) {
                unreadable.append(db.error().describe());
                return rows;
            }
            auto q = db->prepare(QByteArrayView(sql, qsizetype(strlen(sql))));
            while (q && *q->step()) {
                QList<QByteArray> row;
                for (int c = 0; c < q->columnCount(); ++c)
                    row.append(q->columnBlob(c));
                rows.append(row);
            }
            return rows;
        };
        // While the ballot is open: the log says m07 took part, never what m07 chose; the urn
        // has the choices with nothing that names a member.
        for (const auto &row : readStore("SELECT body FROM events;")) {
            const QJsonObject e = QJsonDocument::fromJson(row.at(0)).object();
            if (e.value(QStringLiteral("type")) == QLatin1String("ballot.vote_cast"))
                QVERIFY2(
                    !e[QStringLiteral("payload")].toObject().contains(QStringLiteral("choice")),
                    row.at(0).constData());
        }
        const auto urn = readStore("SELECT * FROM urn;");
        QCOMPARE(urn.size(), 20);
        for (const auto &row : urn) {
            QCOMPARE(row.size(), 3); // id, ballot, choice: no member, no time
            QCOMPARE(row.at(0).size(), 16);
        }

        const QJsonObject closed = president.request(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } });
        QVERIFY(isOk(closed));
        const QJsonObject votes =
            closed[QStringLiteral("outcome")][QStringLiteral("votes")].toObject();
        QCOMPARE(votes.value(QStringLiteral("favour")).toInt(), 14);
        QCOMPARE(votes.value(QStringLiteral("against")).toInt(), 1);
        QCOMPARE(votes.value(QStringLiteral("blank")).toInt(), 5);
        QCOMPARE(readStore("SELECT * FROM urn;").size(), 0);
        QVERIFY2(unreadable.isEmpty(), qPrintable(unreadable.join(QLatin1Char('\n'))));
        // Nor does the write-ahead log keep the ballot's history (page by page, a WAL would
        // show which participation was committed with which urn row).
        const QFileInfo wal(dir + QStringLiteral("/chamber.db-wal"));
        QVERIFY2(!wal.exists() || wal.size() == 0, qPrintable(QString::number(wal.size())));
        // A subject and a reason typed at a tablet reach the CSV export as text, not formulas.
        const QJsonObject formula = president.request(
            QStringLiteral("ballot.open"),
            { { QStringLiteral("sitting"), kSitting },
              { QStringLiteral("item"), QStringLiteral("i3") },
              { QStringLiteral("subject"), QStringLiteral("=HYPERLINK(\"http://x\")") } });
        QVERIFY(isOk(formula));
        QVERIFY(isOk(president.request(
            QStringLiteral("ballot.cancel"),
            { { QStringLiteral("sitting"), kSitting },
              { QStringLiteral("ballot"), formula.value(QStringLiteral("ballot")) },
              { QStringLiteral("reason"), QStringLiteral("@SUM(1)") } })));
        // While the chamber is served, commands that change it are refused (the running
        // engine would not see them); reading records is fine.
        const Run busy = runServer({ QStringLiteral("device"), QStringLiteral("enroll"),
                                     QStringLiteral("--device"), QStringLiteral("tab-new"),
                                     QStringLiteral("--public-key"), QString(64, QLatin1Char('a')),
                                     QStringLiteral("--data"), dir });
        QCOMPARE(busy.exitCode, 1);
        QVERIFY2(busy.err.contains(QStringLiteral("is being served")), qPrintable(busy.err));
        // But a stolen tablet is revoked during the sitting: the running server does it, the
        // tablet is told and cut off, and cannot come back.
        SimTablet *stolen = tablets[2].get(); // m03's, logged in since the start
        QVERIFY(stolen->isOpen());
        const Run revoked = runServer({ QStringLiteral("device"), QStringLiteral("revoke"),
                                        QStringLiteral("--device"), QStringLiteral("tab-m03"),
                                        QStringLiteral("--reason"), QStringLiteral("stolen"),
                                        QStringLiteral("--data"), dir });
        QVERIFY2(revoked.exitCode == 0, qPrintable(revoked.err));
        QVERIFY2(revoked.out.contains(QStringLiteral("Revoked device tab-m03")),
                 qPrintable(revoked.out + revoked.err));
        QVERIFY(QTest::qWaitFor([&] { return !stolen->isOpen(); }, 10000));
        QCOMPARE(stolen->unsolicited().constLast().value(QStringLiteral("code")).toString(),
                 QStringLiteral("device_revoked"));
        auto back = tabletFor(member(3), seeds);
        QVERIFY(back->open(server.url(), tls));
        QVERIFY(!back->authenticateDevice());
        const Run twice = runServer({ QStringLiteral("device"), QStringLiteral("revoke"),
                                      QStringLiteral("--device"), QStringLiteral("tab-m03"),
                                      QStringLiteral("--data"), dir });
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains(QStringLiteral("no enrolled device")), qPrintable(twice.err));
        const Run exported = runServer(
            { QStringLiteral("export"), QStringLiteral("--data"), dir, QStringLiteral("--sitting"),
              kSitting, QStringLiteral("--out"), tmp.filePath(QStringLiteral("export")) });
        QCOMPARE(exported.exitCode, 0);
        QFile csv(tmp.filePath(QStringLiteral("export/sitting-s1-ballots.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray csvText = csv.readAll();
        QVERIFY2(csvText.contains("\"'=HYPERLINK(") && csvText.contains(",Annullata: @SUM(1)"),
                 csvText.constData());
        QVERIFY(!csvText.contains(",=HYPERLINK") && !csvText.contains(",\"=HYPERLINK")
                && !csvText.contains(",@SUM"));
        server.stop();
        // The logs, at debug level, never mention a choice.
        const QByteArray logs = server.errors() + server.output();
        QVERIFY(logs.contains("aula.server")); // the logs were captured at all
        for (const char *word : { "favour", "against", "blank" })
            QVERIFY2(!logs.contains(word), word);
    }

    void crashWhileVoting()
    {
        constexpr int kTablets = 200;
        QElapsedTimer clock;
        clock.start();
        auto phase = [&](const char *what) { qInfo("%6lld ms  %s", clock.elapsed(), what); };
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("chamber"));
        QHash<QString, QByteArray> seeds;
        QVERIFY(seed(dir, kTablets, seeds));
        auto material = TlsMaterial::load(dir + QStringLiteral("/tls"));
        QVERIFY(material.ok());
        const QSslConfiguration tls = material->clientConfiguration();

        phase("seeded");
        auto server = std::make_unique<ServeProcess>();
        QVERIFY(server->start(dir));
        phase("server started");
        std::vector<std::unique_ptr<SimTablet>> tablets;
        for (int i = 1; i <= kTablets; ++i) {
            tablets.push_back(tabletFor(member(i), seeds));
            tablets.back()->socket().setSslConfiguration(tls);
            tablets.back()->socket().open(server->url());
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(tablets.begin(), tablets.end(),
                                   [](auto &t) { return t->isOpen(); });
            },
            60000));
        for (auto &t : tablets)
            QVERIFY(t->authenticateDevice());
        phase("devices authenticated");
        loginAll(tablets);
        phase("logged in");
        SimTablet &president = *tablets[0];
        QVERIFY(isOk(president.request(QStringLiteral("sitting.open"),
                                       { { QStringLiteral("sitting"), kSitting },
                                         { QStringLiteral("call"), QStringLiteral("first") } })));
        QList<qint64> ids;
        for (auto &t : tablets)
            ids.append(t->send(QStringLiteral("attendance.checkin"),
                               { { QStringLiteral("sitting"), kSitting } }));
        for (size_t i = 0; i < tablets.size(); ++i)
            QVERIFY(isOk(tablets[i]->waitReply(ids[qsizetype(i)], 30000)));
        const QJsonObject opened =
            president.request(QStringLiteral("ballot.open"),
                              { { QStringLiteral("sitting"), kSitting },
                                { QStringLiteral("item"), QStringLiteral("i3") } });
        QVERIFY(isOk(opened));
        const QString ballot = opened.value(QStringLiteral("ballot")).toString();

        // Everyone votes at once (two thirds in favour): the first half, then, as soon as the
        // first acknowledgements come back, the second half, and the server is killed at once,
        // while votes are in flight, in a batch, or committed but not yet acknowledged.
        auto choiceOf = [](int i) {
            return i % 3 == 0 ? QStringLiteral("against") : QStringLiteral("favour");
        };
        QSet<int> acked;
        auto vote = [&](int i) {
            SimTablet *t = tablets[size_t(i - 1)].get();
            const qint64 id = t->sendVote(kSitting, ballot, choiceOf(i));
            connect(t, &SimTablet::replied, this,
                    [&acked, i, id](qint64 re, const QJsonObject &reply) {
                        if (re == id && isOk(reply))
                            acked.insert(i);
                    });
        };
        for (int i = 1; i <= kTablets / 2; ++i)
            vote(i);
        phase("ballot open, first half voting");
        QVERIFY(QTest::qWaitFor([&] { return acked.size() >= 25; }, 30000));
        for (int i = kTablets / 2 + 1; i <= kTablets; ++i)
            vote(i);
        QCoreApplication::processEvents(); // let some of them reach the server
        server->kill();
        phase("killed");
        const QSet<int> ackedBeforeCrash = acked;
        QVERIFY2(ackedBeforeCrash.size() < kTablets, "the crash came too late to test anything");
        QTRY_VERIFY_WITH_TIMEOUT(
            std::none_of(tablets.begin(), tablets.end(), [](auto &t) { return t->isOpen(); }),
            10000);

        // Restart; every tablet reconnects and resends what was not acknowledged.
        server = std::make_unique<ServeProcess>();
        QVERIFY(server->start(dir));
        std::vector<std::unique_ptr<SimTablet>> again;
        for (int i = 1; i <= kTablets; ++i) {
            again.push_back(tabletFor(member(i), seeds));
            again.back()->socket().setSslConfiguration(tls);
            again.back()->socket().open(server->url());
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(again.begin(), again.end(), [](auto &t) { return t->isOpen(); });
            },
            60000));
        for (auto &t : again)
            QVERIFY(t->authenticateDevice());
        phase("reconnected");
        loginAll(again);
        phase("logged in again");
        const QJsonObject snapshot = again[0]->subscribe(kSitting);
        QVERIFY(isOk(snapshot));
        QJsonObject b;
        for (const QJsonValue v :
             snapshot[QStringLiteral("state")][QStringLiteral("ballots")].toArray()) {
            if (v[QStringLiteral("id")] == ballot)
                b = v.toObject();
        }
        QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        const QJsonArray votersAfterCrash = b.value(QStringLiteral("voters")).toArray();
        QSet<QString> recorded;
        for (const QJsonValue v : votersAfterCrash)
            recorded.insert(v.toString());
        QCOMPARE(recorded.size(), votersAfterCrash.size()); // nobody twice
        for (int i : ackedBeforeCrash)
            QVERIFY2(recorded.contains(member(i)),
                     qPrintable(member(i) + QStringLiteral(" was acknowledged but lost")));
        int resent = 0;
        int alreadyThere = 0;
        for (int i = 1; i <= kTablets; ++i) {
            if (ackedBeforeCrash.contains(i))
                continue;
            const QJsonObject reply = again[size_t(i - 1)]->waitReply(
                again[size_t(i - 1)]->sendVote(kSitting, ballot, choiceOf(i)), 30000);
            if (isOk(reply)) {
                ++resent;
            } else {
                // Durable before the crash, but its acknowledgement was lost: counted once.
                QCOMPARE(reply.value(QStringLiteral("code")).toString(),
                         QStringLiteral("already_voted"));
                QCOMPARE(reply.value(QStringLiteral("receipt")).toString().size(), 64);
                ++alreadyThere;
            }
        }
        qInfo() << "acknowledged before the crash:" << ackedBeforeCrash.size()
                << "durable but unacknowledged:" << alreadyThere << "resent:" << resent;
        const QJsonObject closed = again[0]->request(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), ballot } });
        QVERIFY(isOk(closed));
        const QJsonObject votes =
            closed[QStringLiteral("outcome")][QStringLiteral("votes")].toObject();
        int favour = 0;
        for (int i = 1; i <= kTablets; ++i)
            favour += choiceOf(i) == QLatin1String("favour") ? 1 : 0;
        QCOMPARE(votes.value(QStringLiteral("favour")).toInt(), favour);
        QCOMPARE(votes.value(QStringLiteral("against")).toInt(), kTablets - favour);
        phase("closed");
        server->stop();
        const Run verified = runServer({ QStringLiteral("verify"), QStringLiteral("--data"), dir });
        QVERIFY2(verified.exitCode == 0, qPrintable(verified.err));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"
