// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "council.h"
#include "event.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <optional>

namespace Aula {

/** A ballot as the log tells it. */
struct BallotState
{
    enum class Status { Open, Closed, Cancelled };

    QString id;
    QString item;
    QString subject;
    BallotKind kind = BallotKind::Open;
    MajorityRule majority;
    Status status = Status::Open;
    qint64 openedAt = 0;
    /** Members present when the ballot opened: the eligible voters. */
    QSet<QString> eligible;
    /** Members who voted, in the order their votes were recorded. */
    QStringList voters;
    /** member → choice; empty for secret ballots, whose choices are never linked to members. */
    QHash<QString, QString> choices;
    /** The close event's payload (tally, outcome, explanations), once closed. */
    QJsonObject result;
    QString cancelReason;

    [[nodiscard]] QJsonObject toJson() const;
};

/** The floor: who asked to speak, who is speaking and until when. */
struct FloorState
{
    struct Request
    {
        QString member;
        QString kind;
        qint64 at = 0;
    };
    QList<Request> queue;
    QString speaker;
    QString kind;
    qint64 startedAt = 0;
    /** Speaking time in milliseconds, extensions included. */
    qint64 limitMs = 0;

    [[nodiscard]] qint64 endsAt() const { return startedAt + limitMs; }
    [[nodiscard]] bool isQueued(const QString &member) const;
};

struct Attendance
{
    bool present = false;
    bool remote = false;
    /** "tablet", "seat" or "manual". */
    QString source;
};

/** One sitting, folded from its events. */
struct SittingState
{
    enum class Status { Scheduled, Open, Suspended, Closed };

    SittingPlan plan;
    Status status = Status::Scheduled;
    Call call = Call::First;
    /** "in_person", or "mixed" when remote members may attend and vote. */
    QString mode = QStringLiteral("in_person");
    QHash<QString, Attendance> attendance;
    QString currentItem;
    FloorState floor;
    QMap<QString, BallotState> ballots;
    QString openBallot;

    [[nodiscard]] int presentCount() const;
    [[nodiscard]] bool isPresent(const QString &member) const;
    [[nodiscard]] const BallotState *ballot(const QString &id) const;
    [[nodiscard]] QJsonObject toJson(const Council &council, qint64 nowMs) const;
};

/**
 * The chamber as the fold of its event log: the council, enrolled devices, lock-outs and
 * every sitting. The server and the tablets apply the same events with the same code.
 */
class ChamberState
{
public:
    /** Applies one event; an event that does not fit the state is an Error (a corrupt or foreign
     * log). */
    Result<void> apply(const Event &event);

    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; }
    /** The chamber's identity from its first event: id, name and the log-signing public key. */
    [[nodiscard]] QString chamberId() const { return m_chamberId; }
    [[nodiscard]] QString chamberName() const { return m_chamberName; }
    [[nodiscard]] QByteArray chamberPublicKey() const { return m_chamberKey; }
    [[nodiscard]] const std::optional<Council> &council() const { return m_council; }
    [[nodiscard]] const SittingState *sitting(const QString &id) const;
    [[nodiscard]] QStringList sittingIds() const { return m_sittings.keys(); }
    /** The role of `person` in `sitting`: president, vice president, secretary, operator or
     * councillor. */
    [[nodiscard]] SittingRole roleOf(const QString &sittingId, const QString &person) const;

    struct Device
    {
        QString id;
        QString name;
        QByteArray publicKey;
        bool revoked = false;
    };
    [[nodiscard]] const Device *device(const QString &id) const;
    [[nodiscard]] qint64 lockedUntil(const QString &person) const
    {
        return m_lockedUntil.value(person);
    }
    [[nodiscard]] int failedAttempts(const QString &person) const
    {
        return m_failedAttempts.value(person);
    }

    /** Whether the members present make `sitting` quorate at its call. */
    [[nodiscard]] bool isQuorate(const QString &sittingId) const;
    /** Snapshot of a sitting for a client (state message). */
    [[nodiscard]] QJsonObject sittingJson(const QString &id, qint64 nowMs) const;

private:
    Result<void> applySitting(SittingState &s, const Event &e);

    std::optional<Council> m_council;
    QHash<QString, Device> m_devices;
    QMap<QString, SittingState> m_sittings;
    QHash<QString, qint64> m_lockedUntil;
    QHash<QString, int> m_failedAttempts;
    qint64 m_lastSeq = 0;
    QString m_chamberId;
    QString m_chamberName;
    QByteArray m_chamberKey;
};

[[nodiscard]] QString sittingStatusName(SittingState::Status status);
[[nodiscard]] QString ballotStatusName(BallotState::Status status);

} // namespace Aula
