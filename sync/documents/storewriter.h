// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/tablet/tabletstore.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace Aula::Sync {

/**
 * DocumentSync's writer: a thread of its own that owns a connection to the tablet store
 * (TabletStore::openConnection()) and runs the store writes posted to it, in order, so
 * that SQLCipher's encryption, the SHA-256 and the disk overlap with the network reads on
 * the GUI thread. Tasks report back by posting to the GUI thread themselves. Internal to
 * sync/documents.
 */
class StoreWriter
{
public:
    using Task = std::function<void(Tablet::TabletStore &)>;

    explicit StoreWriter(Tablet::TabletStore connection);
    /** Runs what is queued, then ends the thread. */
    ~StoreWriter();
    StoreWriter(const StoreWriter &) = delete;
    StoreWriter &operator=(const StoreWriter &) = delete;

    /** Queues `task`; `bytes` is what it holds in memory, for pendingBytes(). */
    void post(Task task, qint64 bytes = 0);
    /** Blocks until every task posted so far has run. */
    void drain();
    /** Bytes held by queued and running tasks (the back-pressure on the downloads). */
    [[nodiscard]] qint64 pendingBytes() const;

private:
    void run();

    Tablet::TabletStore m_store;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<std::pair<Task, qint64>> m_tasks;
    qint64 m_pendingBytes = 0;
    bool m_busy = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace Aula::Sync
