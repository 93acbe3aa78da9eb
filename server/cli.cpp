// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include "rulescommand.h"

#include <QFile>
#include <QTextStream>

namespace Aula::Server {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char kUsage[] =
    "usage: aula-server <command> [options]\n"
    "\n"
    "commands:\n"
    "  rules evaluate FILE.json   decide quorum and majority for one ballot\n"
    "                             (FILE may be - for standard input; see docs/rules.md)\n"
    "  help                       show this text\n";

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
    if (command == QLatin1String("help") || command == QLatin1String("--help")
        || command == QLatin1String("-h")) {
        out << kUsage;
        return kExitOk;
    }
    err << "aula-server: unknown command \"" << command << "\"\n\n" << kUsage;
    return kExitUsage;
}

} // namespace Aula::Server
