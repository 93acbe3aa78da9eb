// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QFile>
#include <QString>
#include <QStringView>
#include <memory>

namespace Aula::Server {

/** A document as the store knows it: its content hash and its size. */
struct StoredDocument
{
    /** SHA-256 of the bytes, 64 lowercase hex digits: the document's name. */
    QString sha256;
    qint64 size = 0;
};

/**
 * The chamber's documents on disk, named by their content: `<root>/<ab>/<sha256>`, where
 * `ab` is the hash's first two hex digits (so no directory holds more than a few files per
 * sitting).
 *
 * Only well-formed hashes (64 lowercase hex) ever reach the file system, so a name from
 * the network cannot walk out of the root. Importing is atomic: the copy is written to a
 * temporary file beside the store, synced, and renamed into place; a crash leaves either
 * the whole document or nothing.
 */
class DocumentStore
{
public:
    /** A store rooted at `root`; nothing is touched until initialize(). */
    explicit DocumentStore(QString root);

    /** Creates the root (and its work directory) if needed. */
    Result<void> initialize();
    [[nodiscard]] const QString &root() const { return m_root; }

    /**
     * Copies the file at `path` into the store, hashing it on the way.
     * Importing the same bytes twice is harmless and returns the same StoredDocument.
     */
    Result<StoredDocument> importFile(const QString &path);
    /** The document named `sha256`, opened read-only. */
    Result<std::unique_ptr<QFile>> open(QStringView sha256) const;
    /** Its size, without opening it. */
    Result<StoredDocument> stat(QStringView sha256) const;
    [[nodiscard]] bool contains(QStringView sha256) const;

    /** True for exactly 64 characters of [0-9a-f]. */
    static bool isValidSha256(QStringView sha256);

private:
    /** Where `sha256` lives; only call with a hash isValidSha256() accepted. */
    [[nodiscard]] QString pathFor(QStringView sha256) const;
    Result<void> checkName(QStringView sha256) const;

    QString m_root;
};

} // namespace Aula::Server
