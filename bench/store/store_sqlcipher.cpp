// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet store's workload on SQLCipher, keyed as Store::Database keys it (a raw
// 32-byte key, no KDF) with the tablet store's page size. Compare with store_sqlite, and
// with `--plain`: the same library without a key, i.e. plain SQLite 3.15.2 (the version
// SQLCipher 3.4.1 is built on), the fair baseline for the cost of encryption alone.
//   store_sqlcipher <dir> [--docs 40] [--kib 2048] [--chunk-kib 1024] [--page 4096]
//                         [--cache-kib N] [--plain]
#include "workload.h"

int main(int argc, char **argv)
{
    const AulaBench::Options o = AulaBench::parse(argc, argv);
    const std::string path = o.dir + (o.plain ? "/sqlcipher-plain.db" : "/sqlcipher.db");
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    sqlite3 *db = nullptr;
    AulaBench::check(sqlite3_open(path.c_str(), &db), db, "open");
    const std::string page = std::to_string(o.pageSize);
    if (o.plain) {
        AulaBench::exec(db, ("PRAGMA page_size = " + page + ";").c_str());
    } else {
        AulaBench::exec(db,
                        ("PRAGMA key = \"x'2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f4"
                         "11a8086d99'\"; PRAGMA cipher_page_size = "
                         + page + ";")
                            .c_str());
    }
    std::printf("library: SQLCipher (sqlite %s)%s, page %d\n", sqlite3_libversion(),
                o.plain ? " without a key" : "", o.pageSize);
    AulaBench::runWorkload(db, o, o.dir + (o.plain ? "/sqlcipher-plain.blobs" : "/sqlcipher.blobs"),
                           !o.plain);
    sqlite3_close(db);
    return 0;
}
