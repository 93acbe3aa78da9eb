// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/secretbytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace Aula::Tablet {

/** What the handles on one BlobArea and their writers share (blobarea.cpp). */
struct BlobAreaState;

/**
 * The documents of a tablet store, sealed in files of their own beside its database, so
 * that a download is encrypted and written once (a document inside SQLCipher is encrypted
 * page by page, written to the WAL, then written again at the checkpoint).
 *
 * One file per document or download in progress, in `<store>/blobs/`, named by a random id
 * that only the encrypted database maps to a document: file names say nothing of what the
 * tablet holds. A file is the 8 bytes "AULABLB1", then records, each
 *
 *     plaintext length L (u32, big-endian, 1 .. kRecordMax)
 *     Crypto::sealAppend(key, piece, ad)   (L + 40 bytes: nonce, ciphertext, tag)
 *
 * with ad = "aula/blob/v1" || the document's SHA-256 (32) || the file id (16 bytes) ||
 * record index (u64 BE) || plaintext offset (u64 BE) || L (u32 BE): a record authenticates
 * only in its own file at its own place and length, so records cannot be moved between
 * documents or files, reordered, spliced or resized. A document's size is kept in the
 * database, so a cut-short file is caught too. The lengths are in the clear: the disk shows
 * each file's exact plaintext size. The key is a
 * subkey of the store key (Crypto::deriveSubkey), so destroying the wrapped store key
 * makes the files unreadable as well.
 *
 * Copies (one per database connection, one thread each) share the directory, the key and
 * the space accounting: appends beyond setSpaceLimit() fail with "disk_full". A Writer keeps
 * what it needs alive, whatever happens to the BlobArea it came from.
 */
class BlobArea
{
public:
    /** Largest plaintext of one record; longer appends are split. */
    static constexpr qint64 kRecordMax = 1024 * 1024;
    /** Size of the file header ("AULABLB1"). */
    static constexpr qint64 kHeaderSize = 8;

    BlobArea() = default;
    /** The area in `dir` (created with owner-only permissions if missing), sealed with `key`. */
    static Result<BlobArea> open(const QString &dir, Crypto::SecretBytes key);
    /** A fresh random file id (32 hex characters). */
    [[nodiscard]] static QString newId();
    [[nodiscard]] QString pathOf(const QString &id) const;
    /** The ids of the files in the area (to find those nothing refers to any more). */
    [[nodiscard]] QStringList ids() const;

    /**
     * Caps the bytes the area's files may take (all handles), or lifts the cap. An append
     * that would pass it fails with "disk_full", as when the disk itself is full.
     */
    void setSpaceLimit(std::optional<qint64> bytes);
    /** Bytes the area's files take now, as this process has counted them. */
    [[nodiscard]] qint64 usedBytes() const;

    /** A file being appended to, open until destroyed. Move-only. */
    class Writer
    {
    public:
        /** A writer with no file (append() fails); BlobArea::create() and resume() give open ones.
         */
        Writer() = default;
        Writer(Writer &&) noexcept;
        Writer &operator=(Writer &&) noexcept;
        Writer(const Writer &) = delete;
        Writer &operator=(const Writer &) = delete;
        ~Writer();

        [[nodiscard]] QString id() const { return m_id; }
        /** Plaintext bytes in the file. */
        [[nodiscard]] qint64 length() const { return m_length; }
        /** The file's size on disk as this writer left it. */
        [[nodiscard]] qint64 fileSize() const { return m_fileSize; }
        /**
         * Seals and appends `data` (in records of at most kRecordMax). On failure nothing of
         * it stays in the file. Errors: "disk_full", "io_error".
         */
        Result<void> append(QByteArrayView data);
        /** Makes what was appended durable (fdatasync). Errors: "disk_full", "io_error". */
        Result<void> sync();

    private:
        friend class BlobArea;
        std::shared_ptr<const BlobAreaState> m_area;
        QString m_id;
        QByteArray m_sha256;
        int m_fd = -1;
        qint64 m_length = 0;
        qint64 m_fileSize = 0;
        quint64 m_records = 0;
        QByteArray m_buffer;
    };

    /** Creates the file `id` for the document `sha256` (no records yet). Errors: "io_error",
     * "disk_full". */
    [[nodiscard]] Result<Writer> create(const QString &id, QByteArrayView sha256) const;
    /**
     * Opens the file `id` to append more of `sha256`: reads and authenticates every record,
     * feeding the plaintext to `hash`, and cuts off a record left half-written by a crash.
     * Errors: "corrupt" (a record does not authenticate: the caller drops the download),
     * "not_found", "io_error".
     */
    [[nodiscard]] Result<Writer> resume(const QString &id, QByteArrayView sha256,
                                        Crypto::Sha256 &hash) const;
    /**
     * Plaintext bytes in the file `id`, from the record headers alone (no decryption), up to
     * the last whole record. 0 when the file does not exist.
     */
    [[nodiscard]] Result<qint64> plainLength(const QString &id) const;
    /**
     * The whole plaintext of `id`, authenticated record by record, which must come to
     * `expectedSize` bytes. Errors: "file_missing", "corrupt", "io_error".
     */
    [[nodiscard]] Result<QByteArray> read(const QString &id, QByteArrayView sha256,
                                          qint64 expectedSize) const;
    /** Makes the area's directory entries durable (fsync of the directory). */
    [[nodiscard]] bool syncDirectory() const;
    /** Deletes the file `id` (nothing if it is not there). */
    void remove(const QString &id) const;
    /** Deletes every file (for a wipe). */
    static bool removeAll(const QString &dir);

private:
    explicit BlobArea(std::shared_ptr<BlobAreaState> state);
    [[nodiscard]] Writer writerFor(const QString &id, QByteArrayView sha256, int fd) const;

    std::shared_ptr<BlobAreaState> m_state;
};

} // namespace Aula::Tablet
