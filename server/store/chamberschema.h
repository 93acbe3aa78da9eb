// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>

namespace Aula::Store {
class Database;
}

namespace Aula::Server {

/**
 * The chamber database's schema as migration steps (Store::applyMigrations): step i
 * takes it from version i to i + 1. Append new steps; never edit a released one.
 *
 * Version 1: `events` (the hash chain: seq, canonical body, its SHA-256), append-only by
 * trigger; `checkpoints` (signed chain heads); `secrets` (never published).
 */
[[nodiscard]] const QList<QByteArray> &chamberSchema();

/** Applies chamberSchema() to `db`; cheap and idempotent. */
Result<void> ensureChamberSchema(Store::Database &db);

} // namespace Aula::Server
