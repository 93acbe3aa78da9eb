// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/cli.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    // Qt's own poll()-based event dispatcher, not GLib's: the chamber holds a socket per
    // tablet, and GLib's dispatcher pays a walk of every socket notifier each time one is
    // switched on or off (QSslSocket does so per write). With 1000 tablets this halved the
    // server's CPU per vote (docs/benchmarks.md, "Chamber load"). Nothing here needs GLib.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aula-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("Aula"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AULA_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return Aula::Server::runCommandLine(QCoreApplication::arguments().mid(1), out, err);
}
