// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Aula::Sync {

/** One document a manifest lists (docs/protocol.md, "Tablet sync"). */
struct ManifestDocument
{
    /** Raw 32-byte SHA-256 of the content (hex on the wire). */
    QByteArray sha256;
    qint64 size = 0;
    /** The file name (what an export is called). */
    QString name;
    /** The document's title as the clerk gave it (may be empty: older manifests). */
    QString title;
    QString mediaType;
    int version = 0;
    /** Where it belongs (the first place it appears). */
    QString sitting;
    QString item;
};

struct ManifestItem
{
    QString id;
    QString title;
    QList<ManifestDocument> documents;
};

struct ManifestSitting
{
    QString id;
    QString title;
    /** ISO date (yyyy-MM-dd). */
    QString date;
    QList<ManifestItem> items;
};

/** What the chamber offers a tablet to read offline: sittings, items, their documents. */
struct Manifest
{
    int version = 1;
    /** The sitting to fetch first (today's, or the next one). */
    QString currentSitting;
    QList<ManifestSitting> sittings;

    /**
     * Parses the /manifest JSON strictly: every document needs a 64-hex sha256, a size
     * (0 … 2 GiB) and a name. Errors: "bad_manifest" with the field's path.
     */
    static Result<Manifest> fromJson(const QByteArray &json);
    [[nodiscard]] QByteArray toJson() const;
    /**
     * Every distinct document once, in fetch order: the current sitting first, then the
     * others as the manifest lists them, items in agenda order.
     */
    [[nodiscard]] QList<ManifestDocument> documentsInFetchOrder() const;
};

} // namespace Aula::Sync
