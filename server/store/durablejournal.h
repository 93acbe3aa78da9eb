// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/chamber/journal.h"
#include "server/store/eventlog.h"

namespace Aula::Server {

class DataDir;

/**
 * The chamber's Journal on disk: the hash-chained EventLog in the data directory's
 * encrypted store, the secret ballots' urn in the same transactions, and a signed
 * checkpoint after every commit that closes a ballot or a sitting (or imports one).
 */
class DurableJournal : public Journal
{
public:
    static Result<std::unique_ptr<DurableJournal>> open(DataDir &dataDir);

    Result<QList<QByteArray>> append(QList<Event> &events, const QList<UrnEntry> &urnAdds,
                                     const QStringList &urnClear) override;
    Result<QStringList> urn(const QString &ballot) override;
    Result<void> replay(
        const std::function<Result<void>(const Event &, const QByteArray &hash)> &visit) override;

    [[nodiscard]] EventLog &log() { return m_log; }

private:
    DurableJournal(DataDir &dataDir, EventLog log);

    DataDir &m_dataDir;
    EventLog m_log;
};

} // namespace Aula::Server
