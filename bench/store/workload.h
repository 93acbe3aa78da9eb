// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet app's store workload, written once against the SQLite C API and compiled
// into two programs: store_sqlcipher (libsqlcipher, keyed) and store_sqlite (plain
// libsqlite3). Never both libraries in one process: they export the same symbols.
// The schema and statements are those of sync/tablet/tabletstore.cpp.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace AulaBench {

inline void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        std::exit(1);
    }
}

inline void exec(sqlite3 *db, const char *sql)
{
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

struct Timer
{
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double ms() const
    {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    }
};

/** The command line both programs take. */
struct Options
{
    std::string dir;
    int documents = 40;
    int documentKiB = 2048;
    int chunkKiB = 1024; // DocumentSyncOptions::chunkBytes
    int pageSize = 4096; // TabletStore::kCipherPageSize
    int cacheKiB = 0; // 0: SQLite's default
    bool plain = false; // store_sqlcipher only: no key, so SQLCipher is plain SQLite 3.15
};

inline Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
        if (a == "--docs")
            o.documents = next();
        else if (a == "--kib")
            o.documentKiB = next();
        else if (a == "--chunk-kib")
            o.chunkKiB = next();
        else if (a == "--page")
            o.pageSize = next();
        else if (a == "--cache-kib")
            o.cacheKiB = next();
        else if (a == "--plain")
            o.plain = true;
        else if (o.dir.empty() && a[0] != '-')
            o.dir = a;
        else
            o.dir.clear(), i = argc;
    }
    if (o.dir.empty() || o.documents < 1 || o.documentKiB < 1 || o.chunkKiB < 1) {
        std::fprintf(stderr,
                     "usage: %s <dir> [--docs 40] [--kib 2048] [--chunk-kib 1024] [--page 4096] "
                     "[--cache-kib N] [--plain]\n",
                     argv[0]);
        std::exit(2);
    }
    return o;
}

/** Runs every phase and prints "phase <name> <ms>" lines, then "total <ms>". */
inline void runWorkload(sqlite3 *db, const Options &o)
{
    const int documents = o.documents;
    const int documentKiB = o.documentKiB;
    const size_t chunk = size_t(o.chunkKiB) * 1024;
    if (o.cacheKiB > 0)
        exec(db, ("PRAGMA cache_size = -" + std::to_string(o.cacheKiB) + ";").c_str());
    exec(db,
         "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
         "PRAGMA wal_autocheckpoint = 8192;");
    exec(db,
         "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
         "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
         "CREATE TABLE documents (sha256 BLOB PRIMARY KEY, size INTEGER NOT NULL, name TEXT "
         "NOT NULL, media_type TEXT NOT NULL, version INTEGER NOT NULL, stored_at INTEGER NOT "
         "NULL);"
         "CREATE TABLE chunks (sha256 BLOB NOT NULL, offset INTEGER NOT NULL, length INTEGER "
         "NOT NULL, data BLOB NOT NULL, PRIMARY KEY (sha256, offset));"
         "CREATE TABLE events (seq INTEGER PRIMARY KEY, sitting TEXT NOT NULL, body BLOB NOT "
         "NULL);");
    std::mt19937_64 rng(1);
    auto randomBytes = [&rng](size_t n) {
        std::string s(n, '\0');
        for (size_t i = 0; i + 8 <= n; i += 8) {
            const uint64_t v = rng();
            std::memcpy(&s[i], &v, 8);
        }
        return s;
    };
    double total = 0;
    auto phase = [&total](const char *name, double ms) {
        total += ms;
        std::printf("phase %-28s %9.1f ms\n", name, ms);
    };

    // 1. Sync: documents arrive in chunks, one transaction per chunk, then get their row.
    {
        Timer t;
        sqlite3_stmt *ins = nullptr, *doc = nullptr;
        check(sqlite3_prepare_v2(db,
                                 "INSERT INTO chunks (sha256, offset, length, data) VALUES "
                                 "(?1, ?2, ?3, ?4)",
                                 -1, &ins, nullptr),
              db, "prepare");
        check(sqlite3_prepare_v2(db,
                                 "INSERT INTO documents VALUES (?1, ?2, ?3, 'application/pdf', "
                                 "1, 0)",
                                 -1, &doc, nullptr),
              db, "prepare");
        const size_t size = size_t(documentKiB) * 1024;
        for (int d = 0; d < documents; ++d) {
            const std::string sha = randomBytes(32);
            const std::string content = randomBytes(size);
            for (size_t off = 0; off < size; off += chunk) {
                const size_t len = std::min<size_t>(chunk, size - off);
                sqlite3_bind_blob(ins, 1, sha.data(), 32, SQLITE_STATIC);
                sqlite3_bind_int64(ins, 2, sqlite3_int64(off));
                sqlite3_bind_int64(ins, 3, sqlite3_int64(len));
                sqlite3_bind_blob(ins, 4, content.data() + off, int(len), SQLITE_STATIC);
                check(sqlite3_step(ins), db, "insert chunk");
                sqlite3_reset(ins);
            }
            exec(db, "BEGIN IMMEDIATE");
            sqlite3_bind_blob(doc, 1, sha.data(), 32, SQLITE_STATIC);
            sqlite3_bind_int64(doc, 2, sqlite3_int64(size));
            const std::string name = "act-" + std::to_string(d) + ".pdf";
            sqlite3_bind_text(doc, 3, name.c_str(), -1, SQLITE_TRANSIENT);
            check(sqlite3_step(doc), db, "insert document");
            sqlite3_reset(doc);
            exec(db, "COMMIT");
        }
        sqlite3_finalize(ins);
        sqlite3_finalize(doc);
        phase("sync documents (write)", t.ms());
    }
    // 2. Reading: open every document three times (the reader re-opens acts often).
    {
        Timer t;
        sqlite3_stmt *list = nullptr, *read = nullptr;
        check(sqlite3_prepare_v2(db, "SELECT sha256, size FROM documents ORDER BY name", -1, &list,
                                 nullptr),
              db, "prepare");
        check(sqlite3_prepare_v2(db, "SELECT data FROM chunks WHERE sha256 = ?1 ORDER BY offset",
                                 -1, &read, nullptr),
              db, "prepare");
        size_t bytes = 0;
        for (int pass = 0; pass < 3; ++pass) {
            while (sqlite3_step(list) == SQLITE_ROW) {
                sqlite3_bind_blob(read, 1, sqlite3_column_blob(list, 0), 32, SQLITE_TRANSIENT);
                std::string content;
                while (sqlite3_step(read) == SQLITE_ROW)
                    content.append(static_cast<const char *>(sqlite3_column_blob(read, 0)),
                                   size_t(sqlite3_column_bytes(read, 0)));
                bytes += content.size();
                sqlite3_reset(read);
            }
            sqlite3_reset(list);
        }
        sqlite3_finalize(list);
        sqlite3_finalize(read);
        phase("open documents (read x3)", t.ms());
        if (bytes != size_t(documents) * size_t(documentKiB) * 1024 * 3) {
            std::fprintf(stderr, "read back %zu bytes\n", bytes);
            std::exit(1);
        }
    }
    // 3. Annotations and settings: small writes, one transaction each (a tap saves at once).
    {
        Timer t;
        sqlite3_stmt *put = nullptr;
        check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kv (key, value) VALUES (?1, ?2)", -1,
                                 &put, nullptr),
              db, "prepare");
        for (int i = 0; i < 2000; ++i) {
            const std::string key = "annotation/" + std::to_string(i % 500);
            const std::string value = randomBytes(256);
            sqlite3_bind_text(put, 1, key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(put, 2, value.data(), int(value.size()), SQLITE_TRANSIENT);
            check(sqlite3_step(put), db, "put");
            sqlite3_reset(put);
        }
        sqlite3_finalize(put);
        phase("annotations (2000 small tx)", t.ms());
    }
    // 4. The live sitting: events folded and kept, ten per transaction.
    {
        Timer t;
        sqlite3_stmt *ev = nullptr;
        check(sqlite3_prepare_v2(db,
                                 "INSERT INTO events (seq, sitting, body) VALUES (?1, 's1', ?2)",
                                 -1, &ev, nullptr),
              db, "prepare");
        for (int i = 1; i <= 5000; ++i) {
            if (i % 10 == 1)
                exec(db, "BEGIN IMMEDIATE");
            const std::string body = "{\"type\":\"ballot.vote_cast\",\"payload\":{\"ballot\":\"b"
                + std::to_string(i) + "\",\"member\":\"m07\"},\"prev\":\"" + std::string(64, 'a')
                + "\"}";
            sqlite3_bind_int64(ev, 1, i);
            sqlite3_bind_text(ev, 2, body.c_str(), -1, SQLITE_TRANSIENT);
            check(sqlite3_step(ev), db, "event");
            sqlite3_reset(ev);
            if (i % 10 == 0)
                exec(db, "COMMIT");
        }
        sqlite3_finalize(ev);
        phase("sitting events (5000, 10/tx)", t.ms());
    }
    // 5. Browsing: point reads of annotations and the document list.
    {
        Timer t;
        sqlite3_stmt *get = nullptr, *list = nullptr;
        check(sqlite3_prepare_v2(db, "SELECT value FROM kv WHERE key = ?1", -1, &get, nullptr), db,
              "prepare");
        check(sqlite3_prepare_v2(db, "SELECT sha256, size, name FROM documents ORDER BY name", -1,
                                 &list, nullptr),
              db, "prepare");
        for (int i = 0; i < 20000; ++i) {
            const std::string key = "annotation/" + std::to_string(i % 500);
            sqlite3_bind_text(get, 1, key.c_str(), -1, SQLITE_TRANSIENT);
            check(sqlite3_step(get), db, "get");
            sqlite3_reset(get);
            if (i % 100 == 0) {
                while (sqlite3_step(list) == SQLITE_ROW) { }
                sqlite3_reset(list);
            }
        }
        sqlite3_finalize(get);
        sqlite3_finalize(list);
        phase("browse (20000 point reads)", t.ms());
    }
    std::printf("total %.1f ms\n", total);
}

} // namespace AulaBench
