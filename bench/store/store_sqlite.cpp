// SPDX-License-Identifier: GPL-3.0-or-later
// The same workload on plain SQLite (libsqlite3), 4 KiB pages: the baseline for
// store_sqlcipher. A separate program, because both libraries export sqlite3_*.
//   store_sqlite <dir> [documents=40] [KiB per document=2048]
#include "workload.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <dir> [documents] [KiB]\n", argv[0]);
        return 2;
    }
    const std::string path = std::string(argv[1]) + "/sqlite.db";
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    sqlite3 *db = nullptr;
    AulaBench::check(sqlite3_open(path.c_str(), &db), db, "open");
    AulaBench::exec(db, "PRAGMA page_size = 4096;");
    std::printf("library: SQLite %s\n", sqlite3_libversion());
    AulaBench::runWorkload(db, argc > 2 ? std::atoi(argv[2]) : 40,
                           argc > 3 ? std::atoi(argv[3]) : 2048);
    sqlite3_close(db);
    return 0;
}
