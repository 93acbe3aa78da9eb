// SPDX-License-Identifier: GPL-3.0-or-later
#include "storewriter.h"

namespace Aula::Sync {

StoreWriter::StoreWriter(Tablet::TabletStore connection)
    : m_store(std::move(connection))
    , m_thread([this] { run(); })
{ }

StoreWriter::~StoreWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void StoreWriter::post(Task task, qint64 bytes)
{
    {
        std::lock_guard lock(m_mutex);
        m_tasks.emplace_back(std::move(task), bytes);
        m_pendingBytes += bytes;
    }
    m_wake.notify_one();
}

void StoreWriter::drain()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_tasks.empty() && !m_busy; });
}

qint64 StoreWriter::pendingBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_pendingBytes;
}

void StoreWriter::run()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
        if (m_tasks.empty()) // stopping, and everything ran
            return;
        auto [task, bytes] = std::move(m_tasks.front());
        m_tasks.pop_front();
        m_busy = true;
        lock.unlock();
        task(m_store);
        task = nullptr; // frees the chunk it held before it stops counting
        lock.lock();
        m_busy = false;
        m_pendingBytes -= bytes;
        if (m_tasks.empty())
            m_idle.notify_all();
    }
}

} // namespace Aula::Sync
