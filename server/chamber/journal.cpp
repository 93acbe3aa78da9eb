// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal.h"

#include <QCryptographicHash>

namespace Aula::Server {

Result<QList<QByteArray>> MemoryJournal::append(QList<Event> &events,
                                                const QList<UrnEntry> &urnAdds,
                                                const QStringList &urnClear)
{
    if (m_failNext) {
        m_failNext = false;
        return Error { QStringLiteral("disk_full"),
                       QStringLiteral("the journal could not be written (simulated)") };
    }
    QByteArray prev = m_hashes.isEmpty() ? QByteArray(32, '\0') : m_hashes.last();
    QList<QByteArray> hashes;
    qint64 expected = m_events.isEmpty() ? 1 : m_events.last().seq + 1;
    for (Event &e : events) {
        if (e.seq != expected++)
            return Error { QStringLiteral("bad_sequence"),
                           QStringLiteral("event %1 is out of sequence").arg(e.seq) };
        e.prevHash = prev;
        auto bytes = e.canonicalBytes();
        if (!bytes)
            return bytes.error();
        // The durable log hashes with libsodium; SHA-256 is SHA-256 whichever library computes it.
        prev = QCryptographicHash::hash(*bytes, QCryptographicHash::Sha256);
        hashes.append(prev);
    }
    m_events.append(events);
    m_hashes.append(hashes);
    m_urn.removeIf([&](const UrnEntry &u) { return urnClear.contains(u.ballot); });
    m_urn.append(urnAdds);
    ++m_appends;
    return hashes;
}

Result<QStringList> MemoryJournal::urn(const QString &ballot)
{
    QStringList choices;
    for (const UrnEntry &u : std::as_const(m_urn)) {
        if (u.ballot == ballot)
            choices.append(u.choice);
    }
    return choices;
}

Result<void>
MemoryJournal::replay(const std::function<Result<void>(const Event &, const QByteArray &)> &visit)
{
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        if (auto r = visit(m_events.at(i), m_hashes.at(i)); !r)
            return r;
    }
    return {};
}

} // namespace Aula::Server
