// SPDX-License-Identifier: GPL-3.0-or-later
// The same workload on plain SQLite (Debian's libsqlite3), the same page size: the
// baseline for store_sqlcipher. A separate program, because both libraries export sqlite3_*.
//   store_sqlite <dir> [--docs 40] [--kib 2048] [--chunk-kib 1024] [--page 4096] [--cache-kib N]
#include "workload.h"

int main(int argc, char **argv)
{
    const AulaBench::Options o = AulaBench::parse(argc, argv);
    const std::string path = o.dir + "/sqlite.db";
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    sqlite3 *db = nullptr;
    AulaBench::check(sqlite3_open(path.c_str(), &db), db, "open");
    AulaBench::exec(db, ("PRAGMA page_size = " + std::to_string(o.pageSize) + ";").c_str());
    std::printf("library: SQLite %s, page %d\n", sqlite3_libversion(), o.pageSize);
    AulaBench::runWorkload(db, o, o.dir + "/sqlite.blobs", false);
    sqlite3_close(db);
    return 0;
}
