// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteerror.h"

#include <sqlcipher/sqlite3.h>

Q_LOGGING_CATEGORY(lcStore, "aula.store")

namespace Aula::Store::Internal {

Error sqliteError(sqlite3 *db, int rc, const QString &what)
{
    const QString detail = QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    const auto make = [&](const char *code, const QString &advice) {
        return Error { QString::fromLatin1(code),
                       what + QStringLiteral(": ") + advice + QStringLiteral(" (SQLite: ") + detail
                           + QLatin1Char(')') };
    };
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return make("disk_full",
                    QStringLiteral("the disk is full; nothing of this operation was saved. Free "
                                   "some space and try again"));
    case SQLITE_NOTADB:
        return make("wrong_key",
                    QStringLiteral("the key does not open this store (a wrong key, "
                                   "or the file is not an Aula store)"));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return make("busy", QStringLiteral("the store is in use by another process or connection"));
    case SQLITE_CORRUPT:
        return make("corrupt",
                    QStringLiteral("the store file is damaged; restore it from a backup"));
    case SQLITE_CONSTRAINT:
        return make("constraint", QStringLiteral("the change breaks a rule of the store"));
    case SQLITE_IOERR:
        return make("io_error",
                    QStringLiteral("reading or writing the disk failed; check the "
                                   "disk and the system log"));
    case SQLITE_READONLY:
        return make("read_only",
                    QStringLiteral("the store cannot be written (read-only file "
                                   "or file system)"));
    case SQLITE_CANTOPEN:
        return make("cannot_open",
                    QStringLiteral("the store file cannot be opened; check that "
                                   "the folder exists and is writable"));
    case SQLITE_NOMEM:
        return make("out_of_memory", QStringLiteral("the system ran out of memory"));
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return make("permission_denied", QStringLiteral("access to the store was refused"));
    default:
        return make("store_error", QStringLiteral("the store reported an error"));
    }
}

} // namespace Aula::Store::Internal
