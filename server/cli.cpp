// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include "platform/nfc/badgereaderfactory.h"
#include "rulescommand.h"
#include "server/admin.h"
#include "server/badgeadmin.h"
#include "server/chamberserver.h"
#include "server/demo/pdfs/demodocumentsdir.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Aula::Server {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char kUsage[] =
    "usage: aula-server <command> [options]   (docs/operations.md)\n"
    "\n"
    "  init --data DIR [--name NAME] [--dns NAME]... [--ip ADDR]...\n"
    "                            create a data directory: encrypted store, chamber CA, signing "
    "key\n"
    "  council import FILE --data DIR\n"
    "                            import members, groups, staff, badges and PINs\n"
    "  sitting import FILE --documents DIR --data DIR\n"
    "                            import a sitting's agenda and its PDFs\n"
    "  device enroll --device ID --public-key HEX [--name NAME] --data DIR\n"
    "  device revoke --device ID [--reason TEXT] --data DIR\n"
    "  badge enroll --member ID --data DIR [--reader CONNSTRING] [--timeout SECONDS]\n"
    "               [--renew-secret]\n"
    "                            personalise a blank DESFire card and bind it to a person\n"
    "                            (a card enrolled before keeps its secret unless renewed)\n"
    "  badge revoke (--member ID | --uid HEX) [--reason TEXT] --data DIR\n"
    "  serve --data DIR [--listen ADDR:PORT] [--http-port PORT] [--insecure-loopback]\n"
    "        [--seat-readers FILE] [--seat-grace-ms MS] [--lease-days 1-365]\n"
    "                            run the chamber (wss:// API and https:// documents)\n"
    "  verify --data DIR         check the hash chain and the signed checkpoints\n"
    "  export --data DIR --sitting ID [--out DIR]\n"
    "                            write attendance and vote records (JSON and CSV)\n"
    "  demo --data DIR [--badge-policy uid|desfire]\n"
    "                            seed the demo council of Valdoria and a sitting of 8 items\n"
    "                            (desfire: also pn532-emulator cards, DIR/demo-badges.emulator)\n"
    "  rules evaluate FILE.json  decide quorum and majority for one ballot (- for stdin)\n"
    "  help                      show this text\n";

int rulesCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() != 2 || args.at(0) != QLatin1String("evaluate")) {
        err << "usage: aula-server rules evaluate FILE.json   (FILE may be - for standard input)\n";
        return kExitUsage;
    }
    const QString path = args.at(1);
    QFile file;
    const bool opened = path == QLatin1String("-")
        ? file.open(stdin, QIODevice::ReadOnly)
        : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err << "aula-server: rules evaluate: cannot read " << path << ": " << file.errorString()
            << '\n';
        return kExitFailure;
    }
    // A rules file is a few hundred bytes; refuse anything absurd rather than read it all.
    constexpr qint64 kMaxInput = 1 << 20;
    const QByteArray json = file.read(kMaxInput + 1);
    if (json.size() > kMaxInput) {
        err << "aula-server: rules evaluate: " << path << " is larger than 1 MiB\n";
        return kExitUsage;
    }
    const auto result = evaluateRules(json);
    if (!result) {
        err << "aula-server: rules evaluate: " << result.error().describe() << '\n';
        return kExitUsage;
    }
    out << QString::fromUtf8(*result) << '\n';
    return kExitOk;
}

/** --name value options and positional arguments of one command. */
struct Args
{
    QHash<QString, QStringList> options;
    QStringList positional;
    QString error;

    [[nodiscard]] QString value(const char *name) const
    {
        return options.value(QLatin1String(name)).value(0);
    }
    [[nodiscard]] bool has(const char *name) const { return options.contains(QLatin1String(name)); }
};

Args parseArgs(const QStringList &args, const QStringList &valueOptions, const QStringList &flags)
{
    Args a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!arg.startsWith(QLatin1String("--"))) {
            a.positional.append(arg);
            continue;
        }
        const QString name = arg.mid(2);
        if (flags.contains(name)) {
            a.options[name].append(QStringLiteral("1"));
        } else if (valueOptions.contains(name)) {
            if (i + 1 >= args.size()) {
                a.error = QStringLiteral("--%1 needs a value").arg(name);
                return a;
            }
            a.options[name].append(args.at(++i));
        } else {
            a.error = QStringLiteral("unknown option %1").arg(arg);
            return a;
        }
    }
    return a;
}

int report(const Result<QString> &result, const QString &command, QTextStream &out,
           QTextStream &err)
{
    if (!result) {
        err << "aula-server: " << command << ": " << result.error().describe() << '\n';
        return result.error().code == QLatin1String("invalid_field") ? kExitUsage : kExitFailure;
    }
    out << *result;
    return kExitOk;
}

Result<QJsonObject> readJsonFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("unreadable"),
                       QStringLiteral("cannot read %1: %2").arg(path, f.errorString()) };
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(16 << 20), &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("%1 is not a JSON object (%2 at byte %3)")
                           .arg(path, e.errorString())
                           .arg(e.offset) };
    }
    return doc.object();
}

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

/** While `serve` runs it holds DIR/serve.lock: the running engine would not see changes others
 * append. */
QString servingLockPath(const QString &dir)
{
    return dir + QStringLiteral("/serve.lock");
}

/** The running `serve` listens here (owner only) for admin commands it must apply itself. */
QString controlSocketPath(const QString &dir)
{
    return dir + QStringLiteral("/control.sock");
}

/**
 * Sends `request` to the `serve` running on `dir` and returns its answer: {"ok", "message"}
 * or {"ok": false, "code", "message"}.
 */
Result<QJsonObject> askServer(const QString &dir, const QJsonObject &request)
{
    QLocalSocket socket;
    socket.connectToServer(controlSocketPath(dir));
    if (!socket.waitForConnected(5000))
        return Error { QStringLiteral("not_served"),
                       QStringLiteral("cannot reach the running server at %1: %2")
                           .arg(controlSocketPath(dir), socket.errorString()) };
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    QByteArray line;
    while (!line.endsWith('\n')) {
        if (!socket.waitForReadyRead(15000))
            return Error { QStringLiteral("no_answer"),
                           QStringLiteral("the running server did not answer") };
        line += socket.readAll();
    }
    return QJsonDocument::fromJson(line).object();
}

/** Runs a control request inside `serve`. */
QJsonObject handleControl(ChamberServer &server, const QJsonObject &request)
{
    const QString command = request.value(QStringLiteral("command")).toString();
    if (command != QLatin1String("device revoke"))
        return { { QStringLiteral("ok"), false },
                 { QStringLiteral("code"), QStringLiteral("unknown_command") },
                 { QStringLiteral("message"),
                   QStringLiteral("the server does not run \"%1\" while serving").arg(command) } };
    const auto r = Admin::revokeDevice(server.openChamber(),
                                       request.value(QStringLiteral("device")).toString(),
                                       request.value(QStringLiteral("reason")).toString());
    if (!r)
        return { { QStringLiteral("ok"), false },
                 { QStringLiteral("code"), r.error().code },
                 { QStringLiteral("message"), r.error().describe() } };
    return { { QStringLiteral("ok"), true }, { QStringLiteral("message"), *r } };
}

/** An error when a server holds `dir`, for commands that change the chamber. */
std::optional<QString> servedBy(const QString &dir)
{
    QLockFile lock(servingLockPath(dir));
    if (lock.tryLock(0))
        return std::nullopt;
    if (lock.error() != QLockFile::LockFailedError)
        return std::nullopt; // no data directory yet: nothing is served from it
    qint64 pid = 0;
    QString host;
    QString app;
    lock.getLockInfo(&pid, &host, &app);
    return QStringLiteral("the chamber in %1 is being served (process %2): stop aula-server serve "
                          "first, then run this "
                          "command and start it again (tablets reconnect on their own)")
        .arg(dir)
        .arg(pid);
}

int serveCommand(const Args &a, QTextStream &out, QTextStream &err)
{
    ServeOptions options;
    options.dataDir = a.value("data");
    if (a.has("listen")) {
        const QString listen = a.value("listen");
        const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const uint port = listen.mid(colon + 1).toUInt(&ok);
        QString host = listen.left(colon);
        if (host.startsWith(QLatin1Char('[')))
            host = host.mid(1, host.size() - 2);
        options.address = QHostAddress(host);
        if (colon < 0 || !ok || port > 65535 || options.address.isNull()) {
            err << "aula-server: serve: --listen: expected ADDRESS:PORT, e.g. 0.0.0.0:8443 or "
                   "127.0.0.1:0\n";
            return kExitUsage;
        }
        options.port = quint16(port);
        options.httpPort = port == 0 ? 0 : quint16(port + 1);
    }
    if (a.has("http-port"))
        options.httpPort = quint16(a.value("http-port").toUInt());
    options.insecureLoopback = a.has("insecure-loopback");
    if (a.has("seat-grace-ms")) {
        bool ok = false;
        options.seatGraceMs = a.value("seat-grace-ms").toInt(&ok);
        if (!ok || options.seatGraceMs < 0) {
            err << "aula-server: serve: --seat-grace-ms: expected milliseconds, e.g. 30000\n";
            return kExitUsage;
        }
    }
    options.seatReadersFile = a.value("seat-readers");
    if (a.has("lease-days")) {
        bool ok = false;
        options.leaseDays = a.value("lease-days").toInt(&ok);
        if (!ok || options.leaseDays < Protocol::kMinLeaseDays
            || options.leaseDays > Protocol::kMaxLeaseDays) {
            err << "aula-server: serve: --lease-days: expected whole days from "
                << Protocol::kMinLeaseDays << " to " << Protocol::kMaxLeaseDays
                << " (how long a tablet may open its documents offline), not \""
                << a.value("lease-days") << "\"\n";
            return kExitUsage;
        }
    }
    QLockFile lock(servingLockPath(options.dataDir));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        if (lock.error() == QLockFile::LockFailedError) {
            err << "aula-server: serve: " << *servedBy(options.dataDir) << '\n';
            return kExitFailure;
        }
    }
    auto server = ChamberServer::start(options);
    if (!server) {
        err << "aula-server: serve: " << server.error().describe() << '\n';
        return kExitFailure;
    }
    // SIGINT and SIGTERM end the event loop cleanly: pending commits are flushed first.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read,
                                             QCoreApplication::instance());
        QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(),
                         [] { QCoreApplication::quit(); });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    // Admin commands that must happen during a sitting (revoking a stolen tablet) reach the
    // running engine through a local socket only the server's user may open.
    QLocalServer control;
    control.setSocketOptions(QLocalServer::UserAccessOption);
    QLocalServer::removeServer(controlSocketPath(options.dataDir));
    if (!control.listen(controlSocketPath(options.dataDir)))
        err << "aula-server: serve: no control socket (" << control.errorString()
            << "): device revoke will need the server stopped\n";
    ChamberServer &served = **server;
    QObject::connect(&control, &QLocalServer::newConnection, &control, [&control, &served] {
        while (QLocalSocket *s = control.nextPendingConnection()) {
            QObject::connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            QObject::connect(s, &QLocalSocket::readyRead, s, [s, &served] {
                if (!s->canReadLine())
                    return;
                const QJsonObject request = QJsonDocument::fromJson(s->readLine()).object();
                s->write(
                    QJsonDocument(handleControl(served, request)).toJson(QJsonDocument::Compact)
                    + '\n');
                s->disconnectFromServer();
            });
        }
    });
    const QString scheme = options.insecureLoopback ? QStringLiteral("ws") : QStringLiteral("wss");
    const QString host = options.address == QHostAddress::Any ? QStringLiteral("0.0.0.0")
                                                              : options.address.toString();
    out << "aula-server: serving " << (*server)->chamber().state().council()->name << '\n'
        << "  API:       " << scheme << "://" << host << ':' << (*server)->apiPort() << '\n'
        << "  documents: " << (options.insecureLoopback ? "http" : "https") << "://" << host << ':'
        << (*server)->httpPort() << '\n';
    if (!options.insecureLoopback)
        out << "  chamber CA fingerprint (SHA-256): " << (*server)->caFingerprint() << '\n';
    out << "READY api=" << (*server)->apiPort() << " http=" << (*server)->httpPort() << '\n';
    out.flush();
    const int code = QCoreApplication::exec();
    server->reset();
    out << "aula-server: stopped\n";
    return code;
}

int badgeEnrollCommand(OpenChamber &oc, const Args &a, QTextStream &out, QTextStream &err)
{
    const QString member = a.value("member");
    if (member.isEmpty()) {
        err << "aula-server: badge enroll: --member ID is required\n";
        return kExitUsage;
    }
    Admin::BadgeEnrollOptions options;
    options.renewSecret = a.has("renew-secret");
    if (a.has("timeout")) {
        bool ok = false;
        const int seconds = a.value("timeout").toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            err << "aula-server: badge enroll: --timeout: expected seconds, 1 to 3600\n";
            return kExitUsage;
        }
        options.timeoutMs = seconds * 1000;
    }
    // Who first: a wrong id should not wait for a reader.
    const auto &council = oc.chamber->state().council();
    if (!council)
        return report(Error { QStringLiteral("invalid_state"),
                              QStringLiteral("import the council first (aula-server council "
                                             "import)") },
                      QStringLiteral("badge enroll"), out, err);
    if (!council->person(member))
        return report(Error { QStringLiteral("invalid_field"),
                              QStringLiteral("\"%1\" is neither a member nor staff of %2")
                                  .arg(member, council->name),
                              QStringLiteral("--member") },
                      QStringLiteral("badge enroll"), out, err);
    QString connection = a.value("reader");
    if (connection.isEmpty()) {
        auto found = defaultLibNfcConnection();
        if (!found)
            return report(found.error(), QStringLiteral("badge enroll"), out, err);
        connection = *found;
    }
    auto reader = createBadgeReader(QStringLiteral("libnfc:") + connection);
    if (!reader)
        return report(reader.error(), QStringLiteral("badge enroll"), out, err);
    err << "aula-server: badge enroll: using the reader " << connection << '\n';
    err.flush();
    options.prompt = [&err](const QString &text) {
        err << "aula-server: badge enroll: " << text << '\n';
        err.flush();
    };
    const auto enrolled = Admin::enrollBadge(oc, member, **reader, options);
    (*reader)->stop();
    return report(enrolled, QStringLiteral("badge enroll"), out, err);
}

int dataCommand(const QString &command, const QStringList &rest, QTextStream &out, QTextStream &err)
{
    const QStringList valueOptions = {
        QStringLiteral("data"),          QStringLiteral("name"),
        QStringLiteral("dns"),           QStringLiteral("ip"),
        QStringLiteral("documents"),     QStringLiteral("device"),
        QStringLiteral("public-key"),    QStringLiteral("reason"),
        QStringLiteral("listen"),        QStringLiteral("http-port"),
        QStringLiteral("sitting"),       QStringLiteral("out"),
        QStringLiteral("seat-grace-ms"), QStringLiteral("badge-policy"),
        QStringLiteral("member"),        QStringLiteral("uid"),
        QStringLiteral("reader"),        QStringLiteral("timeout"),
        QStringLiteral("seat-readers"),  QStringLiteral("lease-days")
    };
    const Args a =
        parseArgs(rest, valueOptions,
                  { QStringLiteral("insecure-loopback"), QStringLiteral("renew-secret") });
    if (!a.error.isEmpty()) {
        err << "aula-server: " << command << ": " << a.error << '\n';
        return kExitUsage;
    }
    if (!a.has("data")) {
        err << "aula-server: " << command << ": --data DIR is required\n";
        return kExitUsage;
    }
    const QString dir = a.value("data");
    if (command == QLatin1String("init")) {
        const Admin::InitOptions options { a.has("name") ? a.value("name") : QStringLiteral("Aula"),
                                           a.options.value(QStringLiteral("dns")),
                                           a.options.value(QStringLiteral("ip")) };
        return report(Admin::init(dir, options), command, out, err);
    }
    if (command == QLatin1String("verify")) {
        const auto r = Admin::verify(dir);
        if (!r) {
            err << "aula-server: verify: THE LOG HAS BEEN ALTERED OR DAMAGED: "
                << r.error().describe() << '\n';
            return 3;
        }
        out << *r;
        return kExitOk;
    }
    if (command == QLatin1String("serve"))
        return serveCommand(a, out, err);
    if (command == QLatin1String("demo")) {
        if (const auto busy = servedBy(dir)) {
            err << "aula-server: demo: " << *busy << '\n';
            return kExitFailure;
        }
        const QString docs = a.has("documents") ? a.value("documents")
                                                : QString::fromUtf8(Aula::Demo::kDocumentsDir);
        const auto policy = Badges::parsePolicy(a.has("badge-policy") ? a.value("badge-policy")
                                                                      : QStringLiteral("uid"));
        if (!policy) {
            err << "aula-server: demo: --badge-policy must be uid or desfire\n";
            return kExitUsage;
        }
        return report(Admin::seedDemo(dir, docs, *policy), command, out, err);
    }
    const bool changes = command != QLatin1String("export");
    if (command == QLatin1String("device revoke") && servedBy(dir)) {
        // A stolen tablet is revoked during the sitting: the running server does it.
        auto answer = askServer(dir,
                                { { QStringLiteral("command"), command },
                                  { QStringLiteral("device"), a.value("device") },
                                  { QStringLiteral("reason"), a.value("reason") } });
        if (!answer)
            return report(answer.error(), command, out, err);
        if (!answer->value(QStringLiteral("ok")).toBool()) {
            err << "aula-server: " << command << ": "
                << answer->value(QStringLiteral("message")).toString() << '\n';
            return kExitFailure;
        }
        out << answer->value(QStringLiteral("message")).toString();
        return kExitOk;
    }
    if (changes) {
        if (const auto busy = servedBy(dir)) {
            err << "aula-server: " << command << ": " << *busy << '\n';
            return kExitFailure;
        }
    }
    auto oc = OpenChamber::open(dir);
    if (!oc) {
        err << "aula-server: " << command << ": " << oc.error().describe() << '\n';
        return kExitFailure;
    }
    if (command == QLatin1String("council import") || command == QLatin1String("sitting import")) {
        if (a.positional.size() != 1) {
            err << "aula-server: " << command << ": give exactly one FILE\n";
            return kExitUsage;
        }
        auto file = readJsonFile(a.positional.first());
        if (!file)
            return report(file.error(), command, out, err);
        if (command == QLatin1String("council import"))
            return report(Admin::importCouncil(**oc, *file), command, out, err);
        if (!a.has("documents")) {
            err << "aula-server: sitting import: --documents DIR is required\n";
            return kExitUsage;
        }
        return report(Admin::importSitting(**oc, *file, a.value("documents")), command, out, err);
    }
    if (command == QLatin1String("device enroll"))
        return report(
            Admin::enrollDevice(**oc, a.value("device"), a.value("name"), a.value("public-key")),
            command, out, err);
    if (command == QLatin1String("device revoke"))
        return report(Admin::revokeDevice(**oc, a.value("device"), a.value("reason")), command, out,
                      err);
    if (command == QLatin1String("badge enroll"))
        return badgeEnrollCommand(**oc, a, out, err);
    if (command == QLatin1String("badge revoke"))
        return report(
            Admin::revokeBadge(**oc, a.value("member"), a.value("uid"), a.value("reason")), command,
            out, err);
    if (command == QLatin1String("export")) {
        if (!a.has("sitting")) {
            err << "aula-server: export: --sitting ID is required\n";
            return kExitUsage;
        }
        return report(Admin::exportSitting(**oc, a.value("sitting"),
                                           a.has("out") ? a.value("out") : QStringLiteral(".")),
                      command, out, err);
    }
    err << "aula-server: unknown command \"" << command << "\"\n\n" << kUsage;
    return kExitUsage;
}

} // namespace

int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (arguments.isEmpty()) {
        err << kUsage;
        return kExitUsage;
    }
    const QString command = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (command == QLatin1String("rules"))
        return rulesCommand(rest, out, err);
    for (const char *single : { "init", "serve", "verify", "export", "demo" }) {
        if (command == QLatin1String(single))
            return dataCommand(command, rest, out, err);
    }
    for (const char *group : { "council", "sitting", "device", "badge" }) {
        if (command == QLatin1String(group)) {
            if (rest.isEmpty()) {
                err << "aula-server: " << command << " needs a subcommand\n\n" << kUsage;
                return kExitUsage;
            }
            return dataCommand(command + QLatin1Char(' ') + rest.first(), rest.mid(1), out, err);
        }
    }
    if (command == QLatin1String("help") || command == QLatin1String("--help")
        || command == QLatin1String("-h")) {
        out << kUsage;
        return kExitOk;
    }
    err << "aula-server: unknown command \"" << command << "\"\n\n" << kUsage;
    return kExitUsage;
}

} // namespace Aula::Server
