// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/event.h"

#include <QList>
#include <QStringList>
#include <functional>

namespace Aula::Server {

/** A secret ballot's choice on its way into the urn: never linked to a member. */
struct UrnEntry
{
    QString ballot;
    QString choice;
};

/**
 * Where the chamber's events become durable. The engine hands over whole batches (group
 * commit): everything in one append() is written in one transaction, so a burst of votes
 * costs one fsync. A secret ballot's choices go to the urn in the same transaction as the
 * events that record who took part, with nothing that links the two.
 */
class Journal
{
public:
    virtual ~Journal() = default;

    /**
     * Appends `events` (seq already assigned, consecutive after the last one) durably;
     * fills each event's prevHash and returns each event's hash. `urnAdds` enter the urn,
     * and the urns of the ballots in `urnClear` are emptied, in the same transaction.
     * Nothing is written when it fails.
     */
    virtual Result<QList<QByteArray>> append(QList<Event> &events, const QList<UrnEntry> &urnAdds,
                                             const QStringList &urnClear) = 0;
    /** The choices in `ballot`'s urn, in no meaningful order. */
    virtual Result<QStringList> urn(const QString &ballot) = 0;
    /** Calls `visit` for every event in order with its hash; stops at the first Error. */
    virtual Result<void>
    replay(const std::function<Result<void>(const Event &, const QByteArray &hash)> &visit) = 0;
};

/**
 * A journal that keeps everything in memory: for unit tests, and for benchmarks that
 * measure the engine without the disk. Hashes with SHA-256 like the durable log.
 */
class MemoryJournal : public Journal
{
public:
    Result<QList<QByteArray>> append(QList<Event> &events, const QList<UrnEntry> &urnAdds,
                                     const QStringList &urnClear) override;
    Result<QStringList> urn(const QString &ballot) override;
    Result<void> replay(
        const std::function<Result<void>(const Event &, const QByteArray &hash)> &visit) override;

    /** Makes the next append() fail, as a full disk would. */
    void failNextAppend() { m_failNext = true; }
    [[nodiscard]] const QList<Event> &events() const { return m_events; }
    [[nodiscard]] int appendCount() const { return m_appends; }

private:
    QList<Event> m_events;
    QList<QByteArray> m_hashes;
    QList<UrnEntry> m_urn;
    bool m_failNext = false;
    int m_appends = 0;
};

} // namespace Aula::Server
