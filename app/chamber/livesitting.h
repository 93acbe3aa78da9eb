// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/council.h"
#include "core/event.h"
#include "core/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QStringList>

namespace Aula::App {

/** One ballot as the tablet knows it: from the snapshot, then from ballot.* events. */
struct LiveBallot
{
    QString id;
    QString item;
    QString subject;
    /** "open", "roll_call" or "secret". */
    QString kind;
    /** "open", "closed" or "cancelled". */
    QString status;
    int eligible = 0;
    /** When it opened, in the chamber's clock (ms since the epoch). */
    qint64 openedAt = 0;
    /** Votes received so far: the live count (tally pushes), then the result's. */
    int votesReceived = 0;
    /** Who voted: from the snapshot, and from the result once closed (live, only the count). */
    QStringList voters;
    /** member → choice, once closed; always empty for secret ballots. */
    QHash<QString, QString> choices;
    /** The ballot.closed payload: outcome, votes, explanation_it/en. */
    QJsonObject result;
};

/**
 * A sitting on the tablet: the server's snapshot (ChamberState::sittingJson) with the
 * events after it folded on. The server remains the authority: after a reconnect a fresh
 * snapshot replaces everything (resetFromSnapshot).
 */
class LiveSitting
{
public:
    /** Replaces the state with a subscribe snapshot ({state, council, seq}). */
    Result<void> resetFromSnapshot(const QJsonObject &snapshot);
    /** Folds one event of this sitting; events of other sittings are ignored. */
    void apply(const Event &event);
    /** A ballot's live count (ChamberConnection::tallyReceived); other ballots are ignored. */
    void applyTally(const QString &ballot, int votesReceived, int eligible);

    [[nodiscard]] bool isValid() const { return !m_plan.id.isEmpty(); }
    [[nodiscard]] const SittingPlan &plan() const { return m_plan; }
    [[nodiscard]] const Council &council() const { return m_council; }
    /** "scheduled", "open", "suspended" or "closed". */
    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QString currentItem() const { return m_currentItem; }
    [[nodiscard]] bool isPresent(const QString &member) const { return m_present.contains(member); }
    [[nodiscard]] int presentCount() const { return int(m_present.size()); }
    /** Members needed for quorum at the sitting's call (the council's rule). */
    [[nodiscard]] int quorumRequired() const;
    [[nodiscard]] bool isQuorate() const { return presentCount() >= quorumRequired(); }
    [[nodiscard]] QString role(const QString &person) const;
    [[nodiscard]] bool isChair(const QString &person) const;
    [[nodiscard]] QString nameOf(const QString &person) const;

    struct FloorRequest
    {
        QString member;
        QString kind;
    };
    [[nodiscard]] const QList<FloorRequest> &floorQueue() const { return m_queue; }
    [[nodiscard]] QString speaker() const { return m_speaker; }
    [[nodiscard]] QString speakerKind() const { return m_speakerKind; }
    /** When the speaker's time ends, in the chamber's clock (ms since the epoch). */
    [[nodiscard]] qint64 speakerEndsAt() const { return m_startedAt + m_limitMs; }

    [[nodiscard]] QString openBallot() const { return m_openBallot; }
    [[nodiscard]] const LiveBallot *ballot(const QString &id) const;
    /** The ballot opened most recently (open or not), or nullptr. */
    [[nodiscard]] const LiveBallot *latestBallot() const;
    [[nodiscard]] qint64 seq() const { return m_seq; }

private:
    SittingPlan m_plan;
    Council m_council;
    QString m_status;
    QString m_call;
    QSet<QString> m_present;
    QString m_currentItem;
    QList<FloorRequest> m_queue;
    QString m_speaker;
    QString m_speakerKind;
    qint64 m_startedAt = 0;
    qint64 m_limitMs = 0;
    QMap<QString, LiveBallot> m_ballots;
    QStringList m_ballotOrder;
    QString m_openBallot;
    qint64 m_seq = 0;
};

} // namespace Aula::App
