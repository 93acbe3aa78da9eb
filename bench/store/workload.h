// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet app's store workload, written once against the SQLite C API and compiled
// into two programs: store_sqlcipher (libsqlcipher, keyed) and store_sqlite (plain
// libsqlite3). Never both libraries in one process: they export the same symbols.
// The schema and statements are those of sync/tablet/tabletstore.cpp, and the documents
// go, as there, to files of their own beside the database (sync/tablet/blobarea.cpp:
// "AULABLB1", then records of a 4-byte length and the piece): sealed with
// XChaCha20-Poly1305 (libsodium, random nonce, 40 bytes per record) when the store is
// keyed, in the clear otherwise; made durable with one fdatasync per document either way.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sodium.h>
#include <sqlite3.h>
#include <string>
#include <unistd.h>
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

/** The document files: sealed (the keyed store) or in the clear (the baselines). */
class DocumentFiles
{
public:
    DocumentFiles(std::string dir, bool sealed)
        : m_dir(std::move(dir))
        , m_sealed(sealed)
    {
        if (sodium_init() < 0)
            std::exit(1);
        randombytes_buf(m_key, sizeof m_key);
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    std::string path(int d) const { return m_dir + "/" + std::to_string(d); }
    bool sealed() const { return m_sealed; }

    /** Writes document `d` in pieces of `chunk` bytes, one record each, then fdatasync. */
    void write(int d, const std::string &content, size_t chunk, const std::string &sha)
    {
        const int fd = ::open(path(d).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || ::write(fd, "AULABLB1", 8) != 8)
            fail("create");
        std::string record;
        uint64_t index = 0;
        for (size_t off = 0; off < content.size(); off += chunk, ++index) {
            const size_t len = std::min(chunk, content.size() - off);
            record.resize(4 + len + (m_sealed ? overhead : 0));
            const uint32_t be = htobe32(uint32_t(len));
            std::memcpy(&record[0], &be, 4);
            if (m_sealed) {
                unsigned char *p = reinterpret_cast<unsigned char *>(&record[4]);
                randombytes_buf(p, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
                const std::string ad = associatedData(sha, index, uint32_t(len));
                crypto_aead_xchacha20poly1305_ietf_encrypt(
                    p + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, nullptr,
                    reinterpret_cast<const unsigned char *>(content.data() + off), len,
                    reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), nullptr, p,
                    m_key);
            } else {
                std::memcpy(&record[4], content.data() + off, len);
            }
            if (::write(fd, record.data(), record.size()) != ssize_t(record.size()))
                fail("write");
        }
        if (::fdatasync(fd) != 0 || ::close(fd) != 0)
            fail("sync");
    }

    /** Reads document `d` back whole (authenticated when sealed). */
    std::string read(int d, size_t size, const std::string &sha)
    {
        const int fd = ::open(path(d).c_str(), O_RDONLY);
        if (fd < 0)
            fail("open");
        std::string out(size, '\0');
        std::string record;
        off_t at = 8;
        size_t done = 0;
        for (uint64_t index = 0; done < size; ++index) {
            uint32_t be = 0;
            if (::pread(fd, &be, 4, at) != 4)
                fail("read");
            const size_t len = be32toh(be);
            record.resize(len + (m_sealed ? overhead : 0));
            if (::pread(fd, &record[0], record.size(), at + 4) != ssize_t(record.size()))
                fail("read");
            if (m_sealed) {
                const unsigned char *p = reinterpret_cast<const unsigned char *>(record.data());
                const std::string ad = associatedData(sha, index, uint32_t(len));
                if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                        reinterpret_cast<unsigned char *>(&out[done]), nullptr, nullptr,
                        p + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                        record.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                        reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), p, m_key)
                    != 0)
                    fail("authenticate");
            } else {
                std::memcpy(&out[done], record.data(), len);
            }
            done += len;
            at += off_t(4 + record.size());
        }
        ::close(fd);
        return out;
    }

private:
    static constexpr size_t overhead =
        crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    static std::string associatedData(const std::string &sha, uint64_t index, uint32_t len)
    {
        std::string ad = "aula/blob/v1" + sha;
        const uint64_t i = htobe64(index);
        const uint32_t l = htobe32(len);
        ad.append(reinterpret_cast<const char *>(&i), 8);
        ad.append(reinterpret_cast<const char *>(&l), 4);
        return ad;
    }
    [[noreturn]] static void fail(const char *what)
    {
        std::perror(what);
        std::exit(1);
    }
    std::string m_dir;
    bool m_sealed;
    unsigned char m_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
};

/**
 * Runs every phase and prints "phase <name> <ms>" lines, then "total <ms>". Documents go
 * to files in `blobDir`, sealed when `sealDocuments`.
 */
inline void runWorkload(sqlite3 *db, const Options &o, const std::string &blobDir,
                        bool sealDocuments)
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
         "NULL, blob TEXT);"
         "CREATE TABLE partials (sha256 BLOB PRIMARY KEY, blob TEXT NOT NULL UNIQUE);"
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

    DocumentFiles files(blobDir, sealDocuments);
    std::vector<std::string> hashes;
    // 1. Sync: a download is recorded (one small transaction), its chunks are appended to
    // its file as they arrive, the file is made durable, then the document gets its row.
    {
        Timer t;
        sqlite3_stmt *partial = nullptr, *doc = nullptr, *done = nullptr;
        check(sqlite3_prepare_v2(db, "INSERT INTO partials (sha256, blob) VALUES (?1, ?2)", -1,
                                 &partial, nullptr),
              db, "prepare");
        check(sqlite3_prepare_v2(db,
                                 "INSERT INTO documents VALUES (?1, ?2, ?3, 'application/pdf', "
                                 "1, 0, ?4)",
                                 -1, &doc, nullptr),
              db, "prepare");
        check(sqlite3_prepare_v2(db, "DELETE FROM partials WHERE sha256 = ?1", -1, &done, nullptr),
              db, "prepare");
        const size_t size = size_t(documentKiB) * 1024;
        for (int d = 0; d < documents; ++d) {
            const std::string sha = randomBytes(32);
            hashes.push_back(sha);
            const std::string content = randomBytes(size);
            const std::string id = std::to_string(d);
            sqlite3_bind_blob(partial, 1, sha.data(), 32, SQLITE_STATIC);
            sqlite3_bind_text(partial, 2, id.c_str(), -1, SQLITE_TRANSIENT);
            check(sqlite3_step(partial), db, "insert partial");
            sqlite3_reset(partial);
            files.write(d, content, chunk, sha);
            exec(db, "BEGIN IMMEDIATE");
            sqlite3_bind_blob(doc, 1, sha.data(), 32, SQLITE_STATIC);
            sqlite3_bind_int64(doc, 2, sqlite3_int64(size));
            const std::string name = "act-" + std::to_string(d) + ".pdf";
            sqlite3_bind_text(doc, 3, name.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(doc, 4, id.c_str(), -1, SQLITE_TRANSIENT);
            check(sqlite3_step(doc), db, "insert document");
            sqlite3_reset(doc);
            sqlite3_bind_blob(done, 1, sha.data(), 32, SQLITE_STATIC);
            check(sqlite3_step(done), db, "delete partial");
            sqlite3_reset(done);
            exec(db, "COMMIT");
        }
        sqlite3_finalize(partial);
        sqlite3_finalize(doc);
        sqlite3_finalize(done);
        phase("sync documents (write)", t.ms());
    }
    // 2. Reading: open every document three times (the reader re-opens acts often).
    {
        Timer t;
        sqlite3_stmt *list = nullptr;
        check(sqlite3_prepare_v2(db, "SELECT sha256, size, blob FROM documents ORDER BY name", -1,
                                 &list, nullptr),
              db, "prepare");
        size_t bytes = 0;
        for (int pass = 0; pass < 3; ++pass) {
            while (sqlite3_step(list) == SQLITE_ROW) {
                const std::string sha(static_cast<const char *>(sqlite3_column_blob(list, 0)), 32);
                const auto size = size_t(sqlite3_column_int64(list, 1));
                const int id =
                    std::atoi(reinterpret_cast<const char *>(sqlite3_column_text(list, 2)));
                bytes += files.read(id, size, sha).size();
            }
            sqlite3_reset(list);
        }
        sqlite3_finalize(list);
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
