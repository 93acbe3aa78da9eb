// SPDX-License-Identifier: GPL-3.0-or-later
// Start benchmarks of the tablet app (docs/benchmarks.md, "Tablet start"):
//  (a) process start of the real `aula` (offscreen) to the login page's first frame, timed
//      from just before exec to the app's "AULA_BENCH first_frame" mark;
//  (b) badge tap to the agenda on screen, against a real `aula-server` on loopback with the
//      demo council (fake badge reader, PIN 1234), with the Argon2id PIN check's share.
// Prints figures; does not pass or fail.
//
//   start_bench [--runs 10] [--person m07] [--pin 1234]
#include "sync/crypto/crypto.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Run
{
    qint64 startNs = 0;
    QMap<QString, qint64> marks; // event -> ns, the app's monotonic clock
    bool ok = false;
    QString log;
};

// Runs aula with `args` and the bench environment until it exits (it quits itself).
Run runApp(const QStringList &args, const QString &login, int timeoutMs)
{
    Run run;
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("AULA_BENCH_TIMING"), QStringLiteral("1"));
    if (!login.isEmpty())
        env.insert(QStringLiteral("AULA_BENCH_LOGIN"), login);
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("aula.*=false"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::SeparateChannels);
    QEventLoop loop;
    QObject::connect(&app, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&app, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    run.startNs = nowNs();
    app.start(QStringLiteral(AULA_APP_BINARY), args);
    loop.exec();
    if (app.state() != QProcess::NotRunning) {
        app.kill();
        app.waitForFinished();
    }
    const QByteArray out = app.readAllStandardOutput();
    run.log = QString::fromLocal8Bit(app.readAllStandardError()).right(2000);
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() == 3 && f[0] == "AULA_BENCH" && !run.marks.contains(QString::fromLatin1(f[1])))
            run.marks.insert(QString::fromLatin1(f[1]), f[2].toLongLong());
    }
    run.ok = app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0;
    if (!run.ok)
        run.log += QStringLiteral("\n[exit status %1, code %2, error %3, %4 bytes of output]")
                       .arg(int(app.exitStatus()))
                       .arg(app.exitCode())
                       .arg(app.errorString())
                       .arg(out.size());
    return run;
}

double ms(qint64 ns)
{
    return ns / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty()
        ? 0
        : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

QString list(const QList<double> &v)
{
    QStringList s;
    for (double x : v)
        s << QString::number(x, 'f', 0);
    return s.join(QLatin1Char(' '));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication qapp(argc, argv);
    QCommandLineParser parser;
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("Runs of each."), QStringLiteral("n"),
                       QStringLiteral("10") });
    parser.addOption({ QStringLiteral("person"), QStringLiteral("Demo member."),
                       QStringLiteral("id"), QStringLiteral("m07") });
    parser.addOption({ QStringLiteral("pin"), QStringLiteral("Demo PIN."), QStringLiteral("pin"),
                       QStringLiteral("1234") });
    parser.process(qapp);
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    const QString person = parser.value(QStringLiteral("person"));
    Aula::Crypto::ensureInitialized();

    // (a) Process start to the login page's first frame.
    QList<double> toLogin;
    QList<double> toLoginCpu;
    for (int i = 0; i < runs; ++i) {
        const Run r = runApp({ QStringLiteral("--lang"), QStringLiteral("it") }, {}, 30000);
        if (!r.ok || !r.marks.contains(QStringLiteral("first_frame"))) {
            std::fprintf(stderr, "login run failed:\n%s\n", qPrintable(r.log));
            return 1;
        }
        toLogin << ms(r.marks.value(QStringLiteral("first_frame")) - r.startNs);
        toLoginCpu << ms(r.marks.value(QStringLiteral("first_frame_cpu")));
    }
    const auto report = [](const char *what, const QList<double> &v) {
        std::printf("%s (ms): median %.0f  min %.0f  max %.0f   [%s]\n", what, median(v),
                    *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end()),
                    qPrintable(list(v)));
    };
    report("(a) exec -> login page first frame, wall", toLogin);
    report("(a) the app's CPU time until that frame (all threads)", toLoginCpu);

    // (b) Badge tap to the agenda, against aula-server on loopback with the demo council.
    QTemporaryDir dir;
    const QString data = dir.path() + QStringLiteral("/chamber");
    QProcess demo;
    demo.start(QStringLiteral(AULA_SERVER_BINARY),
               { QStringLiteral("demo"), QStringLiteral("--data"), data });
    if (!demo.waitForFinished(120000) || demo.exitCode() != 0) {
        std::fprintf(stderr, "aula-server demo failed: %s\n",
                     demo.readAllStandardError().constData());
        return 1;
    }
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(QStringLiteral(AULA_SERVER_BINARY),
                 { QStringLiteral("serve"), QStringLiteral("--data"), data,
                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
    QByteArray serverOut;
    QElapsedTimer wait;
    wait.start();
    while (!serverOut.contains("READY") && wait.elapsed() < 30000 && server.waitForReadyRead(1000))
        serverOut += server.readAll();
    const int at = serverOut.indexOf("READY api=");
    if (at < 0) {
        std::fprintf(stderr, "aula-server did not start:\n%s\n", serverOut.constData());
        return 1;
    }
    const int apiPort = serverOut.mid(at + 10).split(' ').value(0).toInt();
    const QStringList args {
        QStringLiteral("--server"),
        QStringLiteral("wss://127.0.0.1:%1").arg(apiPort),
        QStringLiteral("--ca"),
        data + QStringLiteral("/tls/ca.pem"),
        QStringLiteral("--device"),
        QStringLiteral("tablet-") + person,
        QStringLiteral("--device-key"),
        data + QStringLiteral("/demo-devices/tablet-%1.key").arg(person),
        QStringLiteral("--documents"),
        data + QStringLiteral("/documents"),
        QStringLiteral("--badge-reader"),
        QStringLiteral("fake"),
        QStringLiteral("--lang"),
        QStringLiteral("it"),
    };
    QList<double> tapToAgenda, tapToPad, pinToLogin, loginToAgenda, execToFrame, execToOnline;
    for (int i = 0; i < runs; ++i) {
        const Run r =
            runApp(args, person + QLatin1Char(':') + parser.value(QStringLiteral("pin")), 60000);
        for (const char *m :
             { "first_frame", "badge", "pin_pad", "pin_sent", "logged_in", "agenda" }) {
            if (!r.marks.contains(QLatin1String(m))) {
                std::fprintf(stderr, "login run %d: no %s mark (exit ok %d)\n%s\n", i, m, r.ok,
                             qPrintable(r.log));
                return 1;
            }
        }
        const auto t = [&r](const char *m) { return r.marks.value(QLatin1String(m)); };
        tapToAgenda << ms(t("agenda") - t("badge"));
        tapToPad << ms(t("pin_pad") - t("badge"));
        pinToLogin << ms(t("logged_in") - t("pin_sent"));
        loginToAgenda << ms(t("agenda") - t("logged_in"));
        execToFrame << ms(t("first_frame") - r.startNs);
        execToOnline << ms(t("badge") - r.startNs);
    }
    std::printf("(b) badge tap -> agenda shown (ms): median %.0f  min %.0f  max %.0f   [%s]\n",
                median(tapToAgenda), *std::min_element(tapToAgenda.begin(), tapToAgenda.end()),
                *std::max_element(tapToAgenda.begin(), tapToAgenda.end()),
                qPrintable(list(tapToAgenda)));
    std::printf("    of which: tap -> PIN pad %.0f, PIN sent -> logged in %.0f, logged in -> "
                "agenda frame %.0f (medians)\n",
                median(tapToPad), median(pinToLogin), median(loginToAgenda));
    std::printf("    same runs: exec -> first frame %.0f, exec -> link up and tap %.0f (medians)\n",
                median(execToFrame), median(execToOnline));

    // The Argon2id PIN check the server does in that path, at the production cost.
    auto hash = Aula::Crypto::hashPin(parser.value(QStringLiteral("pin")).toUtf8());
    if (!hash)
        return 1;
    QList<double> argon;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        (void)Aula::Crypto::verifyPin(*hash, parser.value(QStringLiteral("pin")).toUtf8());
        argon << t.nsecsElapsed() / 1e6;
    }
    std::printf("    Argon2id PIN check (interactive cost, this machine): median %.0f ms = %.0f%% "
                "of tap -> agenda\n",
                median(argon), 100.0 * median(argon) / median(tapToAgenda));

    server.terminate();
    if (!server.waitForFinished(10000))
        server.kill();
    return 0;
}
