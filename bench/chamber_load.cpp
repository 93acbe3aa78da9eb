// SPDX-License-Identifier: GPL-3.0-or-later
// Chamber load: N tablets log in, vote at once, and wait for the close (docs/benchmarks.md).
//
//     chamber_load [--clients 50,250,1000] [--runs 3] [--no-peer] [--no-aula]
//                  [--login-window 16] [--interactive-pins] [--dir DIR] [--insecure-loopback]
//                  [--keep-logs]
//
// For each N and each run it seeds a fresh data directory (N-1 councillors and the mayor,
// one enrolled tablet per member), starts the real `aula-server serve` as a child process
// over wss:// (TLS as in production), and drives N simulated tablets (SimTablet) through
// hello, device_auth, login and subscribe; the president (m01) opens the sitting, every
// member checks in, the president opens a ballot, every tablet votes at once, the president
// closes it. Then it does the same against the peer (bench/peer/server.js: Node's `ws`, no
// authentication, no persistence, plain ws://) with the same load generator.
//
// Figures per run (stderr) and, per N, the median over runs with min–max (stdout, JSON):
//   ack_p50_ms, ack_p99_ms   per vote, from its send to its "ok" reply
//   fanout_p50/p99_ms        over tablets, from sending ballot.close to receiving ballot.closed
//   close_ack_ms             from sending ballot.close to its reply (includes the commit)
//   votes_seen_ms            from the first vote sent until every tablet has the live count (tally)
//   of all N login_s                  hello → subscribe for all N tablets (login-window at a time)
//   server_cpu_s, client_cpu_s   CPU spent by each side from the first vote to the last close
// The load generator runs in this process and competes with the server for the same CPUs.
// Before the vote the program waits until every tablet has seen every check-in, and before
// the close until every tablet has a live count of all N votes, so each figure starts from a quiet
// system.

#include "server/admin.h"
#include "server/demo/democouncil.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/protocol/protocol.h"
#include "tests/support/simtablet.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

using namespace Aula;
using Aula::Test::SimTablet;

namespace {

const QString kSitting = QStringLiteral("s1");
QElapsedTimer g_clock;

double nowMs()
{
    return double(g_clock.nsecsElapsed()) / 1e6;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

/** Runs the event loop until `done()` or `timeoutMs`; true when done. */
bool spin(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QTimer tick;
    tick.start(20); // wakes WaitForMoreEvents up to look at the clock
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype rank = qsizetype(std::ceil(p * double(v.size())));
    return v.at(std::clamp<qsizetype>(rank - 1, 0, v.size() - 1));
}

double cpuSecondsSelf()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
        + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double cpuSecondsOf(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong())
        / double(sysconf(_SC_CLK_TCK));
}

QString memberId(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

struct Options
{
    QList<int> clients;
    int runs = 3;
    bool aula = true;
    bool peer = true;
    int loginWindow = 16;
    bool interactivePins = false;
    bool keepLogs = false;
    bool plainAula = false;
    QString scratch;
    QString serverBinary;
    QString peerDir;
};

/** One run's figures. */
struct Figures
{
    bool ok = false;
    QString failure;
    double loginS = 0;
    double ackP50 = 0, ackP99 = 0, ackMax = 0;
    double fanoutP50 = 0, fanoutP99 = 0, fanoutMax = 0;
    double votesSeenMs = 0;
    double closeAckMs = 0;
    double serverCpuS = 0, clientCpuS = 0;
    int voteErrors = 0;
};

/** A server under test: the chamber or the peer, as a child process that prints READY. */
class ServerProcess
{
public:
    ~ServerProcess() { stop(); }

    bool start(const QString &program, const QStringList &args, const QString &logFile,
               QString *failure)
    {
        m_process.setStandardErrorFile(logFile);
        m_process.start(program, args);
        if (!m_process.waitForStarted(10000)) {
            *failure = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
            return false;
        }
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (!m_process.waitForReadyRead(1000) && m_process.state() != QProcess::Running)
                break;
            out += m_process.readAllStandardOutput();
            const qsizetype at = out.indexOf("READY api=");
            if (at >= 0 && out.indexOf('\n', at) > 0) {
                m_port = quint16(out.mid(at + 10, out.indexOf(' ', at + 10) - at - 10)
                                     .trimmed()
                                     .split('\n')
                                     .first()
                                     .toUInt());
                return m_port != 0;
            }
        }
        *failure = QStringLiteral("%1 did not print READY (see %2): %3")
                       .arg(program, logFile, QString::fromUtf8(out));
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(20000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

/** One simulated tablet and what the load generator measured on it. */
struct Client
{
    QString person;
    QString device;
    std::optional<Crypto::SigningKey> key;
    std::unique_ptr<SimTablet> tablet;
    enum class Stage { Idle, Connecting, Hello, DeviceAuth, Login, Subscribe, Ready, Failed };
    Stage stage = Stage::Idle;
    qint64 pending = 0; // id of the handshake request in flight
    QString serverId;
    QString loggedInAs;
    QByteArray voteNonce;
    QString failure;
    // Measured.
    qint64 checkinId = 0;
    bool checkedIn = false;
    qint64 voteId = 0;
    double voteSentMs = -1;
    double voteAckMs = -1;
    bool voteOk = false;
    int attendanceSeen = 0;
    bool ballotOpenedSeen = false;
    int votesSeen = 0;
    double allVotesSeenMs = -1;
    double closedMs = -1;
};

/** Drives N tablets against one server. */
class LoadRun
{
public:
    LoadRun(int n, QUrl url, std::optional<QSslConfiguration> tls, int loginWindow)
        : m_n(n)
        , m_url(std::move(url))
        , m_tls(std::move(tls))
        , m_window(loginWindow)
    { }

    ~LoadRun()
    {
        // Closing sockets announce it: nobody listens any more.
        for (auto &c : m_clients) {
            QObject::disconnect(&c->tablet->socket(), nullptr, nullptr, nullptr);
            c->tablet->disconnect();
        }
    }

    void addClient(const QString &person, const QByteArray &seed)
    {
        auto c = std::make_unique<Client>();
        c->person = person;
        c->device = QStringLiteral("tab-") + person;
        c->key = Crypto::SigningKey::fromSeed(seed).value();
        c->tablet =
            std::make_unique<SimTablet>(c->device, Crypto::SigningKey::fromSeed(seed).value());
        Client *raw = c.get();
        QObject::connect(c->tablet.get(), &SimTablet::replied, c->tablet.get(),
                         [this, raw](qint64 id, const QJsonObject &r) { onReply(*raw, id, r); });
        QObject::connect(c->tablet.get(), &SimTablet::pushed, c->tablet.get(),
                         [this, raw](const QJsonObject &m) { onPush(*raw, m); });
        QObject::connect(c->tablet.get(), &SimTablet::eventPushed, c->tablet.get(),
                         [this, raw](const QJsonObject &e) { onEvent(*raw, e); });
        QObject::connect(&c->tablet->socket(), &QWebSocket::connected, c->tablet.get(),
                         [this, raw] { onConnected(*raw); });
        QObject::connect(
            &c->tablet->socket(), &QWebSocket::disconnected, c->tablet.get(), [this, raw] {
                if (raw->stage != Client::Stage::Ready)
                    fail(*raw,
                         QStringLiteral("disconnected: ") + raw->tablet->socket().closeReason());
            });
        m_clients.push_back(std::move(c));
    }

    Figures run()
    {
        Figures f;
        auto failed = [&](const QString &why) {
            f.failure = why;
            return f;
        };
        // Log in, login-window tablets at a time.
        const double loginStart = nowMs();
        m_next = 0;
        for (int i = 0; i < m_window; ++i)
            startNext();
        if (!spin([&] { return m_ready + m_failed == m_n; }, 600000) || m_failed > 0)
            return failed(QStringLiteral("login: %1 of %2 ready, first failure: %3")
                              .arg(m_ready)
                              .arg(m_n)
                              .arg(firstFailure()));
        f.loginS = (nowMs() - loginStart) / 1000;

        Client &president = *m_clients.front();
        auto request = [&](Client &c, const QString &type, const QJsonObject &args) {
            return c.tablet->waitReply(c.tablet->send(type, args), 60000);
        };
        auto isOk = [](const QJsonObject &r) {
            return r.value(QStringLiteral("type")) == QLatin1String("ok");
        };
        const QJsonObject opened = request(president, QStringLiteral("sitting.open"),
                                           { { QStringLiteral("sitting"), kSitting },
                                             { QStringLiteral("call"), QStringLiteral("first") } });
        if (!isOk(opened))
            return failed(QStringLiteral("sitting.open: ") + json(opened));

        // Everyone checks in at once; then wait until every tablet has seen every check-in.
        for (auto &c : m_clients)
            c->checkinId = c->tablet->send(QStringLiteral("attendance.checkin"),
                                           { { QStringLiteral("sitting"), kSitting } });
        if (!spin(
                [&] {
                    return std::all_of(m_clients.begin(), m_clients.end(), [&](const auto &c) {
                        return c->checkedIn && c->attendanceSeen >= m_n;
                    });
                },
                300000))
            return failed(QStringLiteral("roll call did not reach every tablet"));

        const QJsonObject ballotOpened =
            request(president, QStringLiteral("ballot.open"),
                    { { QStringLiteral("sitting"), kSitting },
                      { QStringLiteral("item"), QStringLiteral("i1") } });
        if (!isOk(ballotOpened))
            return failed(QStringLiteral("ballot.open: ") + json(ballotOpened));
        m_ballot = ballotOpened.value(QStringLiteral("ballot")).toString();
        if (!spin(
                [&] {
                    return std::all_of(m_clients.begin(), m_clients.end(),
                                       [](const auto &c) { return c->ballotOpenedSeen; });
                },
                60000))
            return failed(QStringLiteral("ballot.opened did not reach every tablet"));

        // Every tablet votes at once: signed as SimTablet::sendVote does, each send timed.
        const double serverCpu0 = cpuSecondsOf(m_serverPid);
        const double clientCpu0 = cpuSecondsSelf();
        const double voteStart = nowMs();
        for (qsizetype i = 0; i < qsizetype(m_clients.size()); ++i) {
            Client &c = *m_clients[size_t(i)];
            const QString choice =
                i % 4 == 3 ? QStringLiteral("against") : QStringLiteral("favour");
            const QByteArray signature =
                c.key->sign(Protocol::voteMessage(m_ballot, choice, c.loggedInAs, c.voteNonce));
            c.voteSentMs = nowMs();
            c.voteId = c.tablet->send(
                QStringLiteral("ballot.vote"),
                { { QStringLiteral("sitting"), kSitting },
                  { QStringLiteral("ballot"), m_ballot },
                  { QStringLiteral("choice"), choice },
                  { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } });
        }
        if (!spin(
                [&] {
                    return std::all_of(m_clients.begin(), m_clients.end(), [&](const auto &c) {
                        return c->voteAckMs >= 0 && c->votesSeen >= m_n;
                    });
                },
                600000))
            return failed(QStringLiteral("not every vote was acknowledged and seen"));

        // The close: from sending it until every tablet has the result.
        const double closeSent = nowMs();
        m_closeSent = true;
        const qint64 closeId = m_closeId = president.tablet->send(
            QStringLiteral("ballot.close"),
            { { QStringLiteral("sitting"), kSitting }, { QStringLiteral("ballot"), m_ballot } });
        if (!spin(
                [&] {
                    return std::all_of(m_clients.begin(), m_clients.end(),
                                       [](const auto &c) { return c->closedMs >= 0; });
                },
                120000))
            return failed(QStringLiteral("ballot.closed did not reach every tablet"));
        const QJsonObject closed = president.tablet->waitReply(closeId, 10000);
        if (!isOk(closed))
            return failed(QStringLiteral("ballot.close: ") + json(closed));
        f.closeAckMs = m_closeAckMs - closeSent;
        f.serverCpuS = cpuSecondsOf(m_serverPid) - serverCpu0;
        f.clientCpuS = cpuSecondsSelf() - clientCpu0;

        QList<double> acks, fanout;
        double lastSeen = 0;
        for (const auto &c : m_clients) {
            acks.append(c->voteAckMs - c->voteSentMs);
            fanout.append(c->closedMs - closeSent);
            lastSeen = std::max(lastSeen, c->allVotesSeenMs);
            f.voteErrors += c->voteOk ? 0 : 1;
        }
        f.ackP50 = percentile(acks, 0.50);
        f.ackP99 = percentile(acks, 0.99);
        f.ackMax = percentile(acks, 1.0);
        f.fanoutP50 = percentile(fanout, 0.50);
        f.fanoutP99 = percentile(fanout, 0.99);
        f.fanoutMax = percentile(fanout, 1.0);
        f.votesSeenMs = lastSeen - voteStart;
        f.ok = f.voteErrors == 0;
        if (!f.ok)
            f.failure = QStringLiteral("%1 votes refused").arg(f.voteErrors);
        return f;
    }

    void setServerPid(qint64 pid) { m_serverPid = pid; }

private:
    static QString json(const QJsonObject &o)
    {
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }

    QString firstFailure() const
    {
        for (const auto &c : m_clients) {
            if (c->stage == Client::Stage::Failed)
                return c->person + QStringLiteral(": ") + c->failure;
        }
        return {};
    }

    void startNext()
    {
        if (m_next >= m_n)
            return;
        Client &c = *m_clients[size_t(m_next++)];
        c.stage = Client::Stage::Connecting;
        if (m_tls)
            c.tablet->socket().setSslConfiguration(*m_tls);
        c.tablet->socket().open(m_url);
    }

    void fail(Client &c, const QString &why)
    {
        if (c.stage == Client::Stage::Failed)
            return;
        const bool counted = c.stage != Client::Stage::Ready;
        c.stage = Client::Stage::Failed;
        c.failure = why;
        if (counted) {
            ++m_failed;
            startNext();
        }
    }

    void onConnected(Client &c)
    {
        c.stage = Client::Stage::Hello;
        c.pending = c.tablet->send(QStringLiteral("hello"),
                                   { { QStringLiteral("protocol"), Protocol::kVersion },
                                     { QStringLiteral("device"), c.device } });
    }

    void onReply(Client &c, qint64 id, const QJsonObject &r)
    {
        const bool ok = r.value(QStringLiteral("type")) == QLatin1String("ok");
        if (id == c.voteId && c.voteId != 0) {
            c.voteAckMs = nowMs();
            c.voteOk = ok;
            return;
        }
        if (id == m_closeId && &c == m_clients.front().get()) {
            m_closeAckMs = nowMs();
            return;
        }
        if (id == c.checkinId && c.checkinId != 0) {
            c.checkedIn = ok;
            if (!ok)
                err() << c.person << " check-in refused: " << json(r) << Qt::endl;
            return;
        }
        if (id != c.pending)
            return;
        if (!ok)
            return fail(c, json(r));
        switch (c.stage) {
        case Client::Stage::Hello: {
            c.serverId = r.value(QStringLiteral("server")).toString();
            const QByteArray nonce =
                QByteArray::fromHex(r.value(QStringLiteral("nonce")).toString().toLatin1());
            const QByteArray signature =
                c.key->sign(Protocol::deviceAuthMessage(c.device, nonce, c.serverId));
            c.stage = Client::Stage::DeviceAuth;
            c.pending = c.tablet->send(
                QStringLiteral("device_auth"),
                { { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } });
            return;
        }
        case Client::Stage::DeviceAuth:
            c.stage = Client::Stage::Login;
            c.pending =
                c.tablet->send(QStringLiteral("login"),
                               { { QStringLiteral("badge"),
                                   QString::fromLatin1(Server::Demo::badgeUid(c.person).toHex()) },
                                 { QStringLiteral("pin"), Server::Demo::pin() } });
            return;
        case Client::Stage::Login:
            c.loggedInAs = r.value(QStringLiteral("person")).toString();
            c.voteNonce =
                QByteArray::fromHex(r.value(QStringLiteral("vote_nonce")).toString().toLatin1());
            c.stage = Client::Stage::Subscribe;
            c.pending = c.tablet->send(QStringLiteral("subscribe"),
                                       { { QStringLiteral("sitting"), kSitting } });
            return;
        case Client::Stage::Subscribe:
            c.stage = Client::Stage::Ready;
            ++m_ready;
            startNext();
            return;
        default:
            return;
        }
    }

    void onPush(Client &c, const QJsonObject &m)
    {
        const QString type = m.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("events"))
            return; // unpacked event by event: onEvent()
        if (type != QLatin1String("tally")) {
            err() << c.person << " unsolicited: " << json(m) << Qt::endl;
            return;
        }
        // The live count: seen in full when it reaches every vote.
        const int received = m.value(QStringLiteral("votes_received")).toInt();
        c.votesSeen = std::max(c.votesSeen, received);
        if (received >= m_n && c.allVotesSeenMs < 0)
            c.allVotesSeenMs = nowMs();
    }

    void onEvent(Client &c, const QJsonObject &e)
    {
        const QString type = e.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("attendance.changed")) {
            ++c.attendanceSeen;
        } else if (type == QLatin1String("ballot.opened")) {
            c.ballotOpenedSeen = true;
        } else if (type == QLatin1String("ballot.closed") && m_closeSent && c.closedMs < 0) {
            c.closedMs = nowMs();
        }
    }

    int m_n;
    QUrl m_url;
    std::optional<QSslConfiguration> m_tls;
    int m_window;
    std::vector<std::unique_ptr<Client>> m_clients;
    int m_next = 0;
    int m_ready = 0;
    int m_failed = 0;
    QString m_ballot;
    bool m_closeSent = false;
    qint64 m_closeId = 0;
    double m_closeAckMs = -1;
    qint64 m_serverPid = 0;
};

/** Seeds `dir` for `n` members; returns each member's device seed. */
Result<QHash<QString, QByteArray>> seedChamber(const QString &dir, int n, bool interactivePins)
{
    if (auto r = Server::Admin::init(dir, {}); !r)
        return r.error();
    auto oc = Server::OpenChamber::open(dir);
    if (!oc)
        return oc.error();
    // One hash for everyone: Argon2id is what the login checks, hashing 1000 times proves nothing.
    auto hash = interactivePins
        ? Crypto::hashPin(Server::Demo::pin().toUtf8())
        : Crypto::hashPin(Server::Demo::pin().toUtf8(), Crypto::kPinHashCostForTestsOnly);
    if (!hash)
        return hash.error();
    QJsonObject file = Server::Demo::councilImport(n - 1, false);
    QJsonArray credentials = file.value(QStringLiteral("credentials")).toArray();
    for (qsizetype i = 0; i < credentials.size(); ++i) {
        QJsonObject c = credentials.at(i).toObject();
        c.insert(QStringLiteral("pin_hash"), QString::fromUtf8(*hash));
        credentials[i] = c;
    }
    file.insert(QStringLiteral("credentials"), credentials);
    if (auto r = Server::Admin::importCouncil(**oc, file); !r)
        return r.error();
    if (auto r = Server::Admin::importSitting(**oc, Server::Demo::sittingImport(kSitting, 3), dir);
        !r)
        return r.error();
    QHash<QString, QByteArray> seeds;
    for (int i = 1; i <= n; ++i) {
        const QString person = memberId(i);
        auto key = Crypto::SigningKey::generate();
        if (auto r = Server::Admin::enrollDevice(**oc, QStringLiteral("tab-") + person, QString(),
                                                 QString::fromLatin1(key.publicKey().toHex()));
            !r)
            return r.error();
        seeds.insert(person, key.seed().toByteArray());
    }
    return seeds;
}

Figures runAula(const Options &o, int n)
{
    Figures f;
    QTemporaryDir scratch(o.scratch + QStringLiteral("/aula-load-XXXXXX"));
    const QString dir = scratch.filePath(QStringLiteral("data"));
    if (o.keepLogs) {
        scratch.setAutoRemove(false);
        err() << "keeping " << scratch.path() << Qt::endl;
    }
    auto seeds = seedChamber(dir, n, o.interactivePins);
    if (!seeds) {
        f.failure = QStringLiteral("seeding: ") + seeds.error().describe();
        return f;
    }
    auto tls = Server::TlsMaterial::load(dir + QStringLiteral("/tls"));
    if (!tls) {
        f.failure = tls.error().describe();
        return f;
    }
    ServerProcess server;
    QStringList args = { QStringLiteral("serve"), QStringLiteral("--data"), dir,
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") };
    if (o.plainAula)
        args << QStringLiteral("--insecure-loopback");
    if (!server.start(o.serverBinary, args, scratch.filePath(QStringLiteral("server.log")),
                      &f.failure))
        return f;
    LoadRun load(n,
                 QUrl(QStringLiteral("%1://127.0.0.1:%2")
                          .arg(o.plainAula ? QStringLiteral("ws") : QStringLiteral("wss"))
                          .arg(server.port())),
                 o.plainAula ? std::nullopt : std::optional(tls->clientConfiguration()),
                 o.loginWindow);
    load.setServerPid(server.pid());
    for (int i = 1; i <= n; ++i)
        load.addClient(memberId(i), seeds->value(memberId(i)));
    f = load.run();
    server.stop();
    if (!f.ok)
        scratch.setAutoRemove(false);
    return f;
}

Figures runPeer(const Options &o, int n)
{
    Figures f;
    QTemporaryDir scratch(o.scratch + QStringLiteral("/peer-load-XXXXXX"));
    ServerProcess server;
    if (!server.start(QStringLiteral("node"),
                      { o.peerDir + QStringLiteral("/server.js"), QStringLiteral("--port"),
                        QStringLiteral("0") },
                      scratch.filePath(QStringLiteral("peer.log")), &f.failure))
        return f;
    LoadRun load(n, QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.port())), std::nullopt,
                 o.loginWindow);
    load.setServerPid(server.pid());
    for (int i = 1; i <= n; ++i)
        load.addClient(memberId(i), Crypto::SigningKey::generate().seed().toByteArray());
    f = load.run();
    server.stop();
    return f;
}

bool ensurePeerInstalled(const QString &peerDir)
{
    if (QFile::exists(peerDir + QStringLiteral("/node_modules/ws/package.json")))
        return true;
    err() << "installing the peer's dependencies: npm ci in " << peerDir << Qt::endl;
    QProcess npm;
    npm.setWorkingDirectory(peerDir);
    npm.setProcessChannelMode(QProcess::ForwardedChannels);
    npm.start(QStringLiteral("npm"),
              { QStringLiteral("ci"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund") });
    return npm.waitForFinished(300000) && npm.exitCode() == 0;
}

QJsonObject figuresJson(const QString &server, int n, const QList<Figures> &runs)
{
    QJsonObject o { { QStringLiteral("server"), server }, { QStringLiteral("clients"), n } };
    QList<const Figures *> good;
    for (const Figures &f : runs) {
        if (f.ok)
            good.append(&f);
    }
    o.insert(QStringLiteral("runs"), int(good.size()));
    if (good.size() != runs.size())
        o.insert(QStringLiteral("failed_runs"), int(runs.size() - good.size()));
    if (good.isEmpty())
        return o;
    auto put = [&](const char *name, double Figures::*field, int decimals) {
        QList<double> v;
        for (const Figures *f : good)
            v.append(f->*field);
        std::sort(v.begin(), v.end());
        auto round = [decimals](double x) {
            const double scale = std::pow(10.0, decimals);
            return std::round(x * scale) / scale;
        };
        o.insert(QLatin1String(name), round(v.at((v.size() - 1) / 2))); // median (lower)
        if (v.size() > 1)
            o.insert(QLatin1String(name) + QStringLiteral("_range"),
                     QJsonArray { round(v.first()), round(v.last()) });
    };
    put("ack_p50_ms", &Figures::ackP50, 1);
    put("ack_p99_ms", &Figures::ackP99, 1);
    put("ack_max_ms", &Figures::ackMax, 1);
    put("fanout_p50_ms", &Figures::fanoutP50, 1);
    put("fanout_p99_ms", &Figures::fanoutP99, 1);
    put("close_ack_ms", &Figures::closeAckMs, 1);
    put("votes_seen_ms", &Figures::votesSeenMs, 0);
    put("login_s", &Figures::loginS, 2);
    put("server_cpu_s", &Figures::serverCpuS, 2);
    put("client_cpu_s", &Figures::clientCpuS, 2);
    return o;
}

QString line(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

int main(int argc, char *argv[])
{
    // The generator holds N sockets, like the server: same event dispatcher (server/main.cpp).
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    g_clock.start();
    // Seeding logs what it does in this process; the figures are what matters here.
    QLoggingCategory::setFilterRules(QStringLiteral("aula.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Chamber load: N tablets vote at once (docs/benchmarks.md)"));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("clients"), QStringLiteral("Comma-separated N values."),
                       QStringLiteral("N,..."), QStringLiteral("50,250,1000") });
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("Runs per N and server."),
                       QStringLiteral("R"), QStringLiteral("3") });
    parser.addOption({ QStringLiteral("login-window"),
                       QStringLiteral("Tablets logging in at the same time."), QStringLiteral("K"),
                       QStringLiteral("16") });
    parser.addOption({ QStringLiteral("dir"),
                       QStringLiteral("Folder for scratch data directories (default: here, "
                                      "so that fsync hits the real disk)."),
                       QStringLiteral("DIR"), QStringLiteral(".") });
    parser.addOption({ QStringLiteral("server"), QStringLiteral("The aula-server binary."),
                       QStringLiteral("PATH"), QStringLiteral(AULA_SERVER_BINARY) });
    parser.addOption({ QStringLiteral("peer-dir"), QStringLiteral("Folder of the Node peer."),
                       QStringLiteral("DIR"), QStringLiteral(AULA_PEER_DIR) });
    parser.addOption({ QStringLiteral("no-peer"), QStringLiteral("Skip the Node peer.") });
    parser.addOption({ QStringLiteral("no-aula"), QStringLiteral("Skip the chamber server.") });
    parser.addOption({ QStringLiteral("interactive-pins"),
                       QStringLiteral("Hash PINs at the production Argon2id cost (~95 ms per "
                                      "login) instead of the test-only cost.") });
    parser.addOption({ QStringLiteral("insecure-loopback"),
                       QStringLiteral("Diagnostic: run aula-server without TLS (plain ws://), "
                                      "to see what TLS costs. Not the production figure.") });
    parser.addOption({ QStringLiteral("keep-logs"),
                       QStringLiteral("Keep each run's scratch directory (server.log, data) and "
                                      "print where it is; set QT_LOGGING_RULES="
                                      "aula.server.chamber.debug=true to log every commit.") });
    parser.process(app);

    Options o;
    for (const QString &n : parser.value(QStringLiteral("clients")).split(QLatin1Char(',')))
        o.clients.append(n.toInt());
    o.runs = parser.value(QStringLiteral("runs")).toInt();
    o.loginWindow = std::max(1, parser.value(QStringLiteral("login-window")).toInt());
    o.scratch = QDir(parser.value(QStringLiteral("dir"))).absolutePath();
    o.serverBinary = parser.value(QStringLiteral("server"));
    o.peerDir = parser.value(QStringLiteral("peer-dir"));
    o.aula = !parser.isSet(QStringLiteral("no-aula"));
    o.peer = !parser.isSet(QStringLiteral("no-peer"));
    o.interactivePins = parser.isSet(QStringLiteral("interactive-pins"));
    o.plainAula = parser.isSet(QStringLiteral("insecure-loopback"));
    o.keepLogs = parser.isSet(QStringLiteral("keep-logs"));

    // 1000 tablets are 1000 sockets here and 1000 in the server (which inherits the limit).
    rlimit files {};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    if (!Crypto::initialize().ok())
        return 1;
    if (o.peer && !ensurePeerInstalled(o.peerDir)) {
        err() << "cannot install the peer (npm ci in " << o.peerDir << ")" << Qt::endl;
        return 1;
    }

    QTextStream out(stdout);
    const QString aulaName = o.plainAula ? QStringLiteral("aula-plain-ws") : QStringLiteral("aula");
    for (const int n : std::as_const(o.clients)) {
        QList<Figures> aula, peer;
        for (int r = 1; r <= o.runs; ++r) {
            // Alternate the two servers so that a noisy neighbour hits both alike.
            const QList<std::pair<QString, bool>> order = { { QStringLiteral("aula"), o.aula },
                                                            { QStringLiteral("node-ws"), o.peer } };
            for (const auto &[name, enabled] : order) {
                if (!enabled)
                    continue;
                const bool isAula = name == QLatin1String("aula");
                const Figures f = isAula ? runAula(o, n) : runPeer(o, n);
                (isAula ? aula : peer).append(f);
                QJsonObject one = figuresJson(isAula ? aulaName : name, n, { f });
                one.insert(QStringLiteral("run"), r);
                if (!f.ok)
                    one.insert(QStringLiteral("failure"), f.failure);
                err() << line(one) << Qt::endl;
            }
        }
        QJsonObject a = figuresJson(aulaName, n, aula);
        QJsonObject p = figuresJson(QStringLiteral("node-ws"), n, peer);
        if (o.aula)
            out << line(a) << Qt::endl;
        if (o.peer)
            out << line(p) << Qt::endl;
        if (o.aula && o.peer && a.contains(QStringLiteral("ack_p99_ms"))
            && p.contains(QStringLiteral("ack_p99_ms"))) {
            QJsonObject ratio { { QStringLiteral("ratio"),
                                  QString(aulaName + QStringLiteral("/node-ws")) },
                                { QStringLiteral("clients"), n } };
            for (const char *k : { "ack_p50_ms", "ack_p99_ms", "fanout_p99_ms", "votes_seen_ms" }) {
                const double den = p.value(QLatin1String(k)).toDouble();
                if (den > 0)
                    ratio.insert(QLatin1String(k),
                                 std::round(a.value(QLatin1String(k)).toDouble() / den * 100)
                                     / 100);
            }
            out << line(ratio) << Qt::endl;
        }
    }
    return 0;
}
