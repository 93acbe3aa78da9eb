// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QRect>
#include <list>

namespace Aula::Documents {

/** Which image: a page (or one tile of it) at one width, in day or night colours. */
struct RenderKey
{
    int page = -1;
    /** Width in pixels of the whole page at this zoom: the zoom level, in pixels. */
    int width = 0;
    /** The tile, in pixels of the whole page; null for the whole page. */
    QRect tile;
    bool night = false;

    bool operator==(const RenderKey &) const = default;
};

size_t qHash(const RenderKey &key, size_t seed = 0);

/**
 * Rendered images, least recently used first out, bounded by their size in bytes (not by
 * count: a zoomed tile and a thumbnail differ a thousandfold). Thread-safe.
 */
class PageCache
{
public:
    explicit PageCache(qint64 budgetBytes);

    /** The image for `key`, or a null image; a hit makes it the most recently used. */
    [[nodiscard]] QImage find(const RenderKey &key);
    /** Whether `key` is cached, without changing the order. */
    [[nodiscard]] bool contains(const RenderKey &key) const;
    /** Stores `image`; evicts the least recently used until the budget holds. */
    void insert(const RenderKey &key, const QImage &image);
    void clear();

    [[nodiscard]] qint64 budget() const { return m_budget; }
    [[nodiscard]] qint64 bytes() const;
    [[nodiscard]] int count() const;

private:
    struct Entry
    {
        RenderKey key;
        QImage image;
    };
    mutable QMutex m_lock;
    qint64 m_budget;
    qint64 m_bytes = 0;
    std::list<Entry> m_lru; // front: most recently used
    QHash<RenderKey, std::list<Entry>::iterator> m_index;
};

} // namespace Aula::Documents
