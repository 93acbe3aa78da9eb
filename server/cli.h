// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace Aula::Server {

/**
 * Runs one `aula-server` command line and returns the process exit code:
 * 0 success, 1 an operational failure (a file that cannot be read), 2 invalid input or usage.
 * Output goes to `out`, diagnostics to `err`, so tests can drive it without a process.
 */
int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace Aula::Server
