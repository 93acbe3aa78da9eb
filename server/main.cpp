// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/cli.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aula-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("Aula"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AULA_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return Aula::Server::runCommandLine(QCoreApplication::arguments().mid(1), out, err);
}
