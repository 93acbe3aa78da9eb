// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet store's workload on SQLCipher, keyed as Store::Database keys it (a raw
// 32-byte key, no KDF) with the tablet store's 4 KiB pages. Compare with store_sqlite.
//   store_sqlcipher <dir> [documents=40] [KiB per document=2048]
#include "workload.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <dir> [documents] [KiB]\n", argv[0]);
        return 2;
    }
    const std::string path = std::string(argv[1]) + "/sqlcipher.db";
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    sqlite3 *db = nullptr;
    AulaBench::check(sqlite3_open(path.c_str(), &db), db, "open");
    AulaBench::exec(db,
                    "PRAGMA key = \"x'2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f4"
                    "11a8086d99'\"; PRAGMA cipher_page_size = 4096;");
    std::printf("library: SQLCipher (sqlite %s)\n", sqlite3_libversion());
    AulaBench::runWorkload(db, argc > 2 ? std::atoi(argv[2]) : 40,
                           argc > 3 ? std::atoi(argv[3]) : 2048);
    sqlite3_close(db);
    return 0;
}
