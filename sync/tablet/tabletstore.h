// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/secretbytes.h"
#include "sync/store/database.h"
#include "sync/tablet/blobarea.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace Aula::Tablet {

/** What unlocks a member's store: all three are needed (docs/security.md "Tablet at rest"). */
struct Unlock
{
    /** The badge's secret as the tablet reads it (today the UID). */
    QByteArrayView badgeSecret;
    QByteArrayView pin;
    /** From Platform::KeyVault, named TabletStore::vaultSecretName(member). */
    QByteArrayView deviceSecret;
};

/** Argon2id cost of the key-encryption key; stored with the wrapped key. */
struct KdfCost
{
    quint64 opsLimit = 2;
    size_t memLimit = 64u * 1024 * 1024;
};

/** A document the store holds (or is fetching), content-addressed by SHA-256. */
struct DocumentMeta
{
    /** Raw 32-byte SHA-256 of the content. */
    QByteArray sha256;
    qint64 size = 0;
    QString name;
    QString mediaType;
    int version = 0;
};

/**
 * One councillor's encrypted store on this tablet: one SQLCipher file per member per
 * device, under `<root>/<member>/`. Its 32-byte key is random; it is kept only wrapped
 * (XChaCha20-Poly1305) by a key derived with Argon2id from PIN + badge secret + a device
 * secret, so neither the file, nor the PIN, nor the device alone opens it.
 *
 * An offline lease (days, sent by the server) makes open() refuse the store once that long
 * has passed since the last contact with the chamber, even if the tablet never comes back
 * online; open() with `renewLeaseDays` (after a successful online login) renews it. wipe()
 * (remote revocation) destroys the wrapped key and the files.
 *
 * Documents are keyed by SHA-256 and accepted only when the hash matches. Their content is
 * sealed in files of their own beside the database (BlobArea: XChaCha20-Poly1305 under a
 * subkey of the store key), so that a download is encrypted and written once; the
 * database maps each document to its file. A download appends to its file as the bytes
 * arrive and completePartial() verifies it in place (no second copy), never via plaintext
 * files. The SHA-256 of a download is computed as it is appended through this object, so
 * completing it reads nothing back (a resumed download hashes its stored prefix once).
 * Documents stored by older versions inside the database stay readable there.
 * Move-only; one thread per object: openConnection() gives another thread its own.
 */
class TabletStore
{
public:
    static constexpr int kDefaultLeaseDays = 14;

    /**
     * Creates the store of `member` (error "store_exists" if there is one), with its lease
     * starting at `nowMs`. Errors also: "invalid_member", "invalid_unlock", and the store's.
     */
    static Result<TabletStore> create(const QString &root, const QString &member,
                                      const Unlock &unlock, qint64 nowMs,
                                      int leaseDays = kDefaultLeaseDays, KdfCost cost = {});
    /**
     * Opens the store. Errors: "store_missing", "wrong_credentials" (PIN, badge or device
     * secret wrong: indistinguishable by design), "lease_expired" (offline too long),
     * "clock_rewound" (the clock is before the last time the store was opened), "key_file_corrupt".
     * With `renewLeaseDays` (the caller has just logged in online), the lease restarts at
     * `nowMs` instead of being checked.
     */
    static Result<TabletStore> open(const QString &root, const QString &member,
                                    const Unlock &unlock, qint64 nowMs,
                                    std::optional<int> renewLeaseDays = std::nullopt);
    [[nodiscard]] static bool exists(const QString &root, const QString &member);
    /**
     * Remote wipe: overwrites and removes the wrapped key, then removes the database, its
     * WAL and the document files. The caller also destroys the KeyVault secret
     * vaultSecretName(member).
     */
    static Result<void> wipe(const QString &root, const QString &member);
    /** The KeyVault secret that belongs to `member`'s store on this device. */
    [[nodiscard]] static QString vaultSecretName(const QString &member);

    TabletStore(TabletStore &&) noexcept;
    TabletStore &operator=(TabletStore &&) noexcept;
    ~TabletStore();

    /**
     * Another connection to this store (same key, page size and space limits), for a
     * thread of its own: DocumentSync writes downloads through one on its writer thread.
     * Readers on other connections see each write once it is committed (WAL).
     */
    [[nodiscard]] Result<TabletStore> openConnection();

    /**
     * Wraps this store's key anew under `unlock` (a fresh salt, Argon2id at `cost`) and
     * replaces the key file atomically: the data stays, the old credentials stop opening it.
     * The tablet uses it when a store keyed with a badge's UID is opened by the enrolled
     * card that now carries a badge secret. Errors: "invalid_unlock", "io_error".
     */
    Result<void> rewrap(const Unlock &unlock, KdfCost cost = {});

    /** Restarts the lease at `nowMs` (call on every authenticated contact with the chamber). */
    Result<void> renewLease(qint64 nowMs, int leaseDays);
    /** When the store stops opening offline, ms since the epoch. */
    [[nodiscard]] Result<qint64> leaseExpiresAt();

    [[nodiscard]] Result<bool> hasDocument(QByteArrayView sha256);
    /** Stores a whole document; "hash_mismatch" or "size_mismatch" when it is not what `meta` says.
     */
    Result<void> putDocument(const DocumentMeta &meta, QByteArrayView content);
    /**
     * The content; "not_found" when absent. "corrupt" or "file_missing" when its stored copy
     * cannot be read back intact: the document is then forgotten, so that the next sync
     * fetches it again.
     */
    [[nodiscard]] Result<QByteArray> document(QByteArrayView sha256);
    [[nodiscard]] Result<QList<DocumentMeta>> documents();
    Result<void> removeDocument(QByteArrayView sha256);

    /**
     * Caps the bytes the document files may take on this tablet (shared by every connection
     * of this store), or lifts the cap: a download that would pass it stops with
     * "disk_full", as when the disk itself is full. None by default.
     */
    void setDocumentSpaceLimit(std::optional<qint64> bytes) { m_blobs.setSpaceLimit(bytes); }
    /** Bytes the document files take now. */
    [[nodiscard]] qint64 documentBytes() const { return m_blobs.usedBytes(); }
    /** The directory of the document files (BlobArea). */
    [[nodiscard]] QString documentDirectory() const;

    /** Bytes of `sha256` received so far (0 when none). */
    [[nodiscard]] Result<qint64> partialSize(QByteArrayView sha256);
    /**
     * Appends downloaded bytes at `offset` (which must equal partialSize: "bad_offset").
     * Errors also "disk_full" (nothing of `data` is kept) and "io_error".
     */
    Result<void> appendPartial(QByteArrayView sha256, qint64 offset, QByteArrayView data);
    /**
     * Verifies the assembled download against `meta`, makes its file durable and moves it
     * into the documents in one transaction. A mismatch drops the partial and answers
     * "hash_mismatch" (or "size_mismatch").
     */
    Result<void> completePartial(const DocumentMeta &meta);
    Result<void> dropPartial(QByteArrayView sha256);

    /** Small values for the app (settings, last sync, the manifest). */
    Result<void> setValue(const QString &key, QByteArrayView value);
    [[nodiscard]] Result<std::optional<QByteArray>> value(const QString &key);

    /**
     * Brings the app's own tables, the set `name`, up to date: `steps[i]` takes the set from
     * version i to i + 1 (SQL; name its tables with a prefix of the set). The version of each
     * set is kept in the table `schemas`, so sets never share a number (PRAGMA user_version
     * stays the store's own). Missing steps run in one transaction; running again does
     * nothing. Returns the version reached. Errors: "schema_too_new" (the store was written by
     * a newer Aula), "invalid_schema", the database's.
     */
    Result<int> applySchema(const QString &name, const QList<QByteArray> &steps);

    [[nodiscard]] Store::Database &database() { return *m_db; }
    [[nodiscard]] QString databasePath() const;
    [[nodiscard]] QString member() const { return m_member; }

    /** The SQLCipher page size of tablet stores (SQLCipher 3's default is 1 KiB). */
    static constexpr int kCipherPageSize = 4096;

private:
    /** A download in progress through this connection: its open file and running hash. */
    struct Download
    {
        BlobArea::Writer file;
        Crypto::Sha256 hash;
    };

    TabletStore(std::unique_ptr<Store::Database> db, QString member, Crypto::SecretBytes key,
                BlobArea blobs);
    static Result<TabletStore> assemble(Store::Database db, const QString &member,
                                        Crypto::SecretBytes key);
    Result<void> setMeta(const char *key, qint64 value);
    Result<void> insertMeta(const DocumentMeta &meta, const QString &blob);
    /** The file ids of `sha256`: its document's (if any) and its download's (if any). */
    Result<QStringList> blobsOf(QByteArrayView sha256);
    Result<std::optional<QString>> partialBlob(QByteArrayView sha256);
    /** The download of `sha256` through this connection, opened (or started) as needed. */
    Result<Download *> download(QByteArrayView sha256, qint64 offset);
    /** Deletes the rows of `sha256`: document, old-style chunks, download in progress. */
    Result<void> deleteRows(QByteArrayView sha256);
    /** Runs `work` in a transaction whose commit is durable (synchronous = FULL for it). */
    Result<void> durably(const std::function<Result<void>()> &work);
    /** Removes files nothing refers to (left by a crash, or by a removal inside a transaction). */
    void sweepBlobs();
    Result<QByteArray> readChunks(QByteArrayView sha256, qint64 expectedSize);
    Result<qint64> meta(const char *key);

    std::unique_ptr<Store::Database> m_db;
    QString m_member;
    Crypto::SecretBytes m_key;
    BlobArea m_blobs;
    /** The downloads appended through this connection. */
    std::map<QByteArray, Download> m_downloads;
};

} // namespace Aula::Tablet
