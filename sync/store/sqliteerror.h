// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to sync/store: turns SQLite result codes into Aula errors.

#include "core/result.h"

#include <QLoggingCategory>

struct sqlite3;

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Aula::Store::Internal {

/**
 * The Error for SQLite result code `rc` while doing `what` ("opening chamber.db",
 * "committing"). The code is stable (disk_full, wrong_key, busy, corrupt, constraint,
 * io_error, read_only, cannot_open, out_of_memory, permission_denied, store_error); the
 * message says what to do and ends with SQLite's own words.
 */
Error sqliteError(sqlite3 *db, int rc, const QString &what);

} // namespace Aula::Store::Internal
