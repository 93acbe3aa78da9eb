// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/chamberstate.h"
#include "journal.h"

#include <QObject>
#include <QTimer>
#include <functional>

namespace Aula::Server {

/** Who sends a command: a logged-in person on an authenticated device, or the public. */
struct Actor
{
    /** Member or staff id; empty for the public. */
    QString person;
    QString device;
};

/** What a command asks of the chamber; `args` were checked by the protocol decoder. */
struct Command
{
    QString type;
    QJsonObject args;
};

/** The roles that may send `type` at all (the authorization matrix; state checks come after). */
[[nodiscard]] QList<SittingRole> rolesAllowed(const QString &type);
/** The command types the engine handles (the rows of the authorization matrix). */
[[nodiscard]] QStringList engineCommandTypes();

/**
 * The chamber engine: one writer that applies commands in order. Each accepted command
 * appends events to the journal; the state is the fold of those events; replies wait
 * until the events are durable. Commands that arrive together are committed together
 * (group commit): the batch is flushed once control returns to the event loop.
 */
class Chamber : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;
    /** Called once the command's events are durable (or it was refused): the reply's fields, or why
     * not. */
    using Done = std::function<void(const Result<QJsonObject> &)>;

    explicit Chamber(Journal &journal, Clock clock = {}, QObject *parent = nullptr);

    /** Rebuilds the state from the journal and re-arms the floor timers. */
    Result<void> load();

    [[nodiscard]] const ChamberState &state() const { return m_state; }
    [[nodiscard]] qint64 now() const { return m_clock(); }

    /** Checks the role and the state, then queues the command's events for the next commit. */
    void submit(const Actor &actor, const Command &command, Done done);

    /** Appends administrative events (council and sitting import, device enrolment) and commits at
     * once. */
    Result<QList<Event>> appendAdministrative(const QList<QPair<QString, QJsonObject>> &events);

    /** The outcome of a login attempt checked by the API (badge and PIN), recorded as events. */
    void recordLogin(const QString &person, const QString &device, bool success, QString reason,
                     Done done);

    /** Presence reported by a seat badge reader (the hardware bridge). */
    void recordSeatPresence(const QString &member, bool present, Done done);

    /** Commits the pending batch now (normally done from the event loop). */
    void flush();

    /** The hash of event `seq`'s receipt for a member's vote on `ballot`, if any. */
    [[nodiscard]] QByteArray voteReceipt(const QString &ballot, const QString &member) const
    {
        return m_receipts.value(ballot + QLatin1Char('/') + member);
    }

Q_SIGNALS:
    /** Events that have just become durable, in order: broadcasts and projections follow them. */
    void committed(const QList<Aula::Event> &events);

private:
    struct Pending
    {
        Done done;
        QJsonObject reply;
        /** Index into the batch of the event whose hash is the receipt, or -1. */
        qsizetype receiptEvent = -1;
    };

    Result<QJsonObject> execute(const Actor &actor, const Command &command,
                                qsizetype &receiptEvent);
    Result<QJsonObject> executeSitting(const Actor &actor, const QString &type,
                                       const QJsonObject &args, const SittingState &s,
                                       qsizetype &receiptEvent);
    Result<QJsonObject> closeBallot(const SittingState &s, const BallotState &b);
    /** Applies a new event to the state (tentatively, until the batch commits) and queues it. */
    Result<void> emitEvent(const QString &type, const QJsonObject &payload);
    void queue(Done done, const Result<QJsonObject> &result, qsizetype receiptEvent);
    void scheduleFlush();
    void armFloorTimer();
    void onFloorTimer();
    Result<void> rebuild();

    Journal &m_journal;
    Clock m_clock;
    ChamberState m_state;
    QList<Event> m_batch;
    QList<UrnEntry> m_urnAdds;
    QStringList m_urnClear;
    QList<Pending> m_pending;
    bool m_flushScheduled = false;
    QHash<QString, QByteArray> m_receipts;
    QTimer m_floorTimer;
};

} // namespace Aula::Server
