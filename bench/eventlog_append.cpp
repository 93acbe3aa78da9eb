// SPDX-License-Identifier: GPL-3.0-or-later
// Event log group commit: appends/s and fsyncs per batch size (docs/benchmarks.md).
//
//     eventlog_append [--events N] [--dir DIR] [--batch B]...
//
// Creates a fresh data directory under DIR (default: the current directory, so that it
// measures the disk you run it on; /tmp may be a RAM disk) and appends N events (default
// 2000) in batches of 1, 10 and 100 (or the --batch sizes given), each batch one
// EventLog::append() call, i.e. one transaction. fsyncs are counted by wrapping fsync()
// and fdatasync() in this program, which SQLCipher calls through the dynamic linker.

#include "server/store/datadir.h"
#include "server/store/eventlog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <atomic>
#include <dlfcn.h>

namespace {

std::atomic<qint64> g_syncs { 0 };

template<typename Fn> Fn realFunction(const char *name)
{
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" int fsync(int fd)
{
    static const auto real = realFunction<int (*)(int)>("fsync");
    ++g_syncs;
    return real(fd);
}

extern "C" int fdatasync(int fd)
{
    static const auto real = realFunction<int (*)(int)>("fdatasync");
    ++g_syncs;
    return real(fd);
}

int main(int argc, char *argv[])
{
    using namespace Aula;
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Event log group commit benchmark"));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("events"), QStringLiteral("Events per batch size."),
                       QStringLiteral("N"), QStringLiteral("2000") });
    parser.addOption({ QStringLiteral("dir"),
                       QStringLiteral("Folder for the scratch data directory."),
                       QStringLiteral("DIR"), QStringLiteral(".") });
    parser.addOption({ QStringLiteral("batch"), QStringLiteral("Batch size (repeatable)."),
                       QStringLiteral("B") });
    parser.process(app);

    QTextStream out(stdout);
    const qint64 events = parser.value(QStringLiteral("events")).toLongLong();
    QList<qint64> sizes;
    for (const QString &b : parser.values(QStringLiteral("batch")))
        sizes.append(b.toLongLong());
    if (sizes.isEmpty())
        sizes = { 1, 10, 100 };

    QTemporaryDir scratch(parser.value(QStringLiteral("dir"))
                          + QStringLiteral("/aula-bench-XXXXXX"));
    if (!scratch.isValid()) {
        out << "cannot create a scratch folder: " << scratch.errorString() << Qt::endl;
        return 1;
    }
    auto dataDir = Server::DataDir::create(scratch.filePath(QStringLiteral("data")));
    if (!dataDir) {
        out << dataDir.error().message << Qt::endl;
        return 1;
    }
    auto log = Server::EventLog::open(dataDir.value().database());
    if (!log) {
        out << log.error().message << Qt::endl;
        return 1;
    }

    out << "scratch data directory: " << scratch.path() << Qt::endl;
    out << "batch  events  seconds  appends/s  commits  fsyncs  fsyncs/commit" << Qt::endl;
    qint64 member = 0;
    for (const qint64 size : sizes) {
        const qint64 commits = (events + size - 1) / size;
        const qint64 syncsBefore = g_syncs.load();
        QElapsedTimer timer;
        timer.start();
        for (qint64 c = 0; c < commits; ++c) {
            QList<Server::NewEvent> batch;
            for (qint64 i = 0; i < size; ++i, ++member) {
                batch.append(
                    { QStringLiteral("vote.cast"), QDateTime::currentMSecsSinceEpoch(),
                      QJsonObject { { QStringLiteral("ballot"), 1 },
                                    { QStringLiteral("member"), member % 60 },
                                    { QStringLiteral("choice"), QStringLiteral("yes") } } });
            }
            if (auto r = log.value().append(batch); !r) {
                out << r.error().message << Qt::endl;
                return 1;
            }
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        const qint64 syncs = g_syncs.load() - syncsBefore;
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                   .arg(size, 5)
                   .arg(commits * size, 6)
                   .arg(seconds, 7, 'f', 3)
                   .arg(double(commits * size) / seconds, 9, 'f', 0)
                   .arg(commits, 7)
                   .arg(syncs, 6)
                   .arg(double(syncs) / double(commits), 13, 'f', 2)
            << Qt::endl;
    }
    return 0;
}
