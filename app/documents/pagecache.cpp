// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/documents/pagecache.h"

#include <QHashFunctions>

namespace Aula::Documents {

size_t qHash(const RenderKey &key, size_t seed)
{
    return qHashMulti(seed, key.page, key.width, key.tile.x(), key.tile.y(), key.tile.width(),
                      key.tile.height(), key.night);
}

PageCache::PageCache(qint64 budgetBytes)
    : m_budget(budgetBytes)
{ }

QImage PageCache::find(const RenderKey &key)
{
    QMutexLocker locker(&m_lock);
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd())
        return {};
    m_lru.splice(m_lru.begin(), m_lru, it.value());
    return m_lru.front().image;
}

bool PageCache::contains(const RenderKey &key) const
{
    QMutexLocker locker(&m_lock);
    return m_index.contains(key);
}

void PageCache::insert(const RenderKey &key, const QImage &image)
{
    if (image.isNull())
        return;
    QMutexLocker locker(&m_lock);
    if (const auto it = m_index.constFind(key); it != m_index.constEnd()) {
        m_bytes -= it.value()->image.sizeInBytes();
        m_lru.erase(it.value());
        m_index.remove(key);
    }
    m_lru.push_front(Entry { key, image });
    m_index.insert(key, m_lru.begin());
    m_bytes += image.sizeInBytes();
    // The newest entry stays even when it alone exceeds the budget: it is on screen.
    while (m_bytes > m_budget && m_lru.size() > 1) {
        m_bytes -= m_lru.back().image.sizeInBytes();
        m_index.remove(m_lru.back().key);
        m_lru.pop_back();
    }
}

void PageCache::clear()
{
    QMutexLocker locker(&m_lock);
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
}

qint64 PageCache::bytes() const
{
    QMutexLocker locker(&m_lock);
    return m_bytes;
}

int PageCache::count() const
{
    QMutexLocker locker(&m_lock);
    return int(m_lru.size());
}

} // namespace Aula::Documents
