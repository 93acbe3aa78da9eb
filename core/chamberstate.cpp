// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamberstate.h"

#include "rulesjson.h"

#include <QJsonArray>

namespace Aula {

namespace {

Error bad(const Event &e, const QString &message)
{
    return Error { QStringLiteral("invalid_event"),
                   QStringLiteral("event %1 (%2): %3").arg(e.seq).arg(e.type, message) };
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QString sittingStatusName(SittingState::Status status)
{
    switch (status) {
    case SittingState::Status::Scheduled:
        return QStringLiteral("scheduled");
    case SittingState::Status::Open:
        return QStringLiteral("open");
    case SittingState::Status::Suspended:
        return QStringLiteral("suspended");
    case SittingState::Status::Closed:
        return QStringLiteral("closed");
    }
    return {};
}

QString ballotStatusName(BallotState::Status status)
{
    switch (status) {
    case BallotState::Status::Open:
        return QStringLiteral("open");
    case BallotState::Status::Closed:
        return QStringLiteral("closed");
    case BallotState::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

bool FloorState::isQueued(const QString &member) const
{
    for (const Request &r : queue) {
        if (r.member == member)
            return true;
    }
    return false;
}

QJsonObject BallotState::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id },
                    { QStringLiteral("item"), item },
                    { QStringLiteral("subject"), subject },
                    { QStringLiteral("kind"), RulesJson::ballotKindName(kind) },
                    { QStringLiteral("majority"), RulesJson::toJson(majority) },
                    { QStringLiteral("status"), ballotStatusName(status) },
                    { QStringLiteral("opened_at"), openedAt },
                    { QStringLiteral("eligible"), int(eligible.size()) },
                    { QStringLiteral("votes_received"), int(voters.size()) },
                    { QStringLiteral("voters"), QJsonArray::fromStringList(voters) } };
    // Like the live count, the snapshot of an open ballot says who voted, not what: the
    // choices of an open or roll-call ballot are published with its result.
    if (kind != BallotKind::Secret && status != Status::Open) {
        QJsonObject c;
        for (auto it = choices.begin(); it != choices.end(); ++it)
            c.insert(it.key(), it.value());
        o.insert(QStringLiteral("choices"), c);
    }
    if (!result.isEmpty())
        o.insert(QStringLiteral("result"), result);
    if (!cancelReason.isEmpty())
        o.insert(QStringLiteral("cancel_reason"), cancelReason);
    return o;
}

int SittingState::presentCount() const
{
    int n = 0;
    for (const Attendance &a : attendance)
        n += a.present ? 1 : 0;
    return n;
}

bool SittingState::isPresent(const QString &member) const
{
    return attendance.value(member).present;
}

const BallotState *SittingState::ballot(const QString &id) const
{
    auto it = ballots.constFind(id);
    return it == ballots.constEnd() ? nullptr : &it.value();
}

QJsonObject SittingState::toJson(const Council &council, qint64 nowMs) const
{
    QJsonObject att;
    for (auto it = attendance.begin(); it != attendance.end(); ++it) {
        att.insert(it.key(),
                   QJsonObject { { QStringLiteral("present"), it->present },
                                 { QStringLiteral("remote"), it->remote },
                                 { QStringLiteral("source"), it->source } });
    }
    const QuorumRule &rule = council.quorum.forCall(call);
    const int required = rule.required(council.composition);
    QJsonArray queue;
    for (const auto &r : floor.queue) {
        queue.append(QJsonObject { { QStringLiteral("member"), r.member },
                                   { QStringLiteral("kind"), r.kind },
                                   { QStringLiteral("at"), r.at } });
    }
    QJsonObject floorJson { { QStringLiteral("queue"), queue } };
    if (!floor.speaker.isEmpty()) {
        floorJson.insert(QStringLiteral("speaker"), floor.speaker);
        floorJson.insert(QStringLiteral("kind"), floor.kind);
        floorJson.insert(QStringLiteral("started_at"), floor.startedAt);
        floorJson.insert(QStringLiteral("ends_at"), floor.endsAt());
        floorJson.insert(QStringLiteral("remaining_ms"), qMax<qint64>(0, floor.endsAt() - nowMs));
    }
    QJsonArray ballotArray;
    for (const BallotState &b : ballots)
        ballotArray.append(b.toJson());
    return { { QStringLiteral("sitting"), plan.toJson() },
             { QStringLiteral("status"), sittingStatusName(status) },
             { QStringLiteral("call"),
               call == Call::First ? QStringLiteral("first") : QStringLiteral("second") },
             { QStringLiteral("mode"), mode },
             { QStringLiteral("attendance"), att },
             { QStringLiteral("present"), presentCount() },
             { QStringLiteral("quorum_required"), required },
             { QStringLiteral("quorate"), presentCount() >= required },
             { QStringLiteral("current_item"), currentItem },
             { QStringLiteral("floor"), floorJson },
             { QStringLiteral("ballots"), ballotArray },
             { QStringLiteral("open_ballot"), openBallot },
             { QStringLiteral("server_time"), nowMs } };
}

const SittingState *ChamberState::sitting(const QString &id) const
{
    auto it = m_sittings.constFind(id);
    return it == m_sittings.constEnd() ? nullptr : &it.value();
}

const ChamberState::Device *ChamberState::device(const QString &id) const
{
    auto it = m_devices.constFind(id);
    return it == m_devices.constEnd() ? nullptr : &it.value();
}

SittingRole ChamberState::roleOf(const QString &sittingId, const QString &person) const
{
    if (const SittingState *s = sitting(sittingId)) {
        auto it = s->plan.roles.constFind(person);
        if (it != s->plan.roles.constEnd())
            return it.value();
    }
    if (m_council && m_council->member(person))
        return SittingRole::Councillor;
    if (m_council && m_council->person(person))
        return SittingRole::Operator;
    return SittingRole::Public;
}

bool ChamberState::isQuorate(const QString &sittingId) const
{
    const SittingState *s = sitting(sittingId);
    if (!s || !m_council)
        return false;
    return s->presentCount() >= m_council->quorum.forCall(s->call).required(m_council->composition);
}

QJsonObject ChamberState::sittingJson(const QString &id, qint64 nowMs) const
{
    const SittingState *s = sitting(id);
    if (!s || !m_council)
        return {};
    return s->toJson(*m_council, nowMs);
}

Result<void> ChamberState::apply(const Event &e)
{
    if (e.seq != m_lastSeq + 1)
        return bad(e, QStringLiteral("expected sequence number %1").arg(m_lastSeq + 1));
    const QJsonObject &p = e.payload;
    const QString &t = e.type;
    Result<void> result;
    if (t == QLatin1String("chamber.initialized")) {
        if (m_lastSeq != 0)
            return bad(e, QStringLiteral("only the first event may initialise the chamber"));
        m_chamberId = str(p, "chamber");
        m_chamberName = str(p, "name");
        m_chamberKey = QByteArray::fromHex(str(p, "public_key").toLatin1());
    } else if (t == QLatin1String("council.imported")) {
        auto council = Council::fromJson(p.value(QStringLiteral("council")).toObject());
        if (!council)
            return bad(e, council.error().describe());
        m_council = *council;
    } else if (t == QLatin1String("device.enrolled")) {
        const QString id = str(p, "device");
        const QByteArray key = QByteArray::fromHex(str(p, "public_key").toLatin1());
        if (id.isEmpty() || key.size() != 32)
            return bad(e, QStringLiteral("needs a device id and a 32-byte public key"));
        m_devices.insert(id, Device { id, str(p, "name"), key, false });
    } else if (t == QLatin1String("device.revoked")) {
        auto it = m_devices.find(str(p, "device"));
        if (it == m_devices.end())
            return bad(e, QStringLiteral("unknown device"));
        it->revoked = true;
    } else if (t == QLatin1String("badge.bound") || t == QLatin1String("badge.revoked")) {
        // The binding itself lives in the server's secrets; the log records that it happened.
    } else if (t == QLatin1String("login.succeeded")) {
        m_failedAttempts.remove(str(p, "person"));
        m_lockedUntil.remove(str(p, "person"));
    } else if (t == QLatin1String("login.failed")) {
        const QString person = str(p, "person");
        if (!person.isEmpty() && str(p, "reason") == QLatin1String("wrong_pin"))
            m_failedAttempts[person] += 1;
    } else if (t == QLatin1String("person.locked")) {
        const QString person = str(p, "person");
        m_lockedUntil.insert(person, p.value(QStringLiteral("until")).toInteger());
        m_failedAttempts.remove(person);
    } else if (t == QLatin1String("sitting.imported")) {
        auto plan = SittingPlan::fromJson(p.value(QStringLiteral("sitting")).toObject());
        if (!plan)
            return bad(e, plan.error().describe());
        auto it = m_sittings.find(plan->id);
        if (it != m_sittings.end() && it->status != SittingState::Status::Scheduled)
            return bad(e, QStringLiteral("sitting %1 has already been opened").arg(plan->id));
        SittingState s;
        s.plan = *plan;
        m_sittings.insert(plan->id, s);
    } else if (t.startsWith(QLatin1String("sitting.")) || t.startsWith(QLatin1String("attendance."))
               || t.startsWith(QLatin1String("agenda.")) || t.startsWith(QLatin1String("floor."))
               || t.startsWith(QLatin1String("ballot."))) {
        auto it = m_sittings.find(str(p, "sitting"));
        if (it == m_sittings.end())
            return bad(e, QStringLiteral("unknown sitting \"%1\"").arg(str(p, "sitting")));
        result = applySitting(*it, e);
    } else {
        return bad(e, QStringLiteral("unknown event type"));
    }
    if (!result)
        return result;
    m_lastSeq = e.seq;
    return {};
}

Result<void> ChamberState::applySitting(SittingState &s, const Event &e)
{
    const QJsonObject &p = e.payload;
    const QString &t = e.type;
    if (t == QLatin1String("sitting.opened")) {
        s.status = SittingState::Status::Open;
        s.call = str(p, "call") == QLatin1String("second") ? Call::Second : Call::First;
        s.mode = str(p, "mode");
        if (s.currentItem.isEmpty() && !s.plan.items.isEmpty())
            s.currentItem = s.plan.items.first().id;
    } else if (t == QLatin1String("sitting.suspended")) {
        s.status = SittingState::Status::Suspended;
    } else if (t == QLatin1String("sitting.resumed")) {
        s.status = SittingState::Status::Open;
    } else if (t == QLatin1String("sitting.closed")) {
        s.status = SittingState::Status::Closed;
        s.floor = FloorState();
    } else if (t == QLatin1String("attendance.changed")) {
        const QString member = str(p, "member");
        if (!m_council || !m_council->member(member))
            return bad(e, QStringLiteral("unknown member \"%1\"").arg(member));
        s.attendance.insert(member,
                            Attendance { p.value(QStringLiteral("present")).toBool(),
                                         p.value(QStringLiteral("remote")).toBool(),
                                         str(p, "source") });
    } else if (t == QLatin1String("agenda.current")) {
        if (!s.plan.item(str(p, "item")))
            return bad(e, QStringLiteral("unknown item"));
        s.currentItem = str(p, "item");
    } else if (t == QLatin1String("floor.requested")) {
        s.floor.queue.append({ str(p, "member"), str(p, "kind"), e.timeMs });
    } else if (t == QLatin1String("floor.withdrawn")) {
        s.floor.queue.removeIf(
            [&](const FloorState::Request &r) { return r.member == str(p, "member"); });
    } else if (t == QLatin1String("floor.granted")) {
        const QString member = str(p, "member");
        s.floor.queue.removeIf([&](const FloorState::Request &r) { return r.member == member; });
        s.floor.speaker = member;
        s.floor.kind = str(p, "kind");
        s.floor.startedAt = e.timeMs;
        s.floor.limitMs = p.value(QStringLiteral("seconds")).toInteger() * 1000;
    } else if (t == QLatin1String("floor.extended")) {
        if (s.floor.speaker.isEmpty())
            return bad(e, QStringLiteral("nobody has the floor"));
        s.floor.limitMs += p.value(QStringLiteral("seconds")).toInteger() * 1000;
    } else if (t == QLatin1String("floor.ended")) {
        s.floor.speaker.clear();
        s.floor.kind.clear();
        s.floor.startedAt = 0;
        s.floor.limitMs = 0;
    } else if (t == QLatin1String("ballot.opened")) {
        BallotState b;
        b.id = str(p, "ballot");
        b.item = str(p, "item");
        b.subject = str(p, "subject");
        auto kind =
            RulesJson::parseBallotKind(p.value(QStringLiteral("kind")), QStringLiteral("kind"));
        auto majority = RulesJson::parseMajority(p.value(QStringLiteral("majority")),
                                                 QStringLiteral("majority"));
        if (!kind || !majority || b.id.isEmpty() || s.ballots.contains(b.id))
            return bad(e, QStringLiteral("malformed or duplicate ballot"));
        b.kind = *kind;
        b.majority = *majority;
        b.openedAt = e.timeMs;
        for (const QJsonValue v : p.value(QStringLiteral("eligible")).toArray())
            b.eligible.insert(v.toString());
        s.ballots.insert(b.id, b);
        s.openBallot = b.id;
    } else if (t == QLatin1String("ballot.vote_cast")) {
        auto it = s.ballots.find(str(p, "ballot"));
        if (it == s.ballots.end() || it->status != BallotState::Status::Open)
            return bad(e, QStringLiteral("no such open ballot"));
        const QString member = str(p, "member");
        if (it->voters.contains(member))
            return bad(e, QStringLiteral("%1 has already voted").arg(member));
        it->voters.append(member);
        if (it->kind != BallotKind::Secret)
            it->choices.insert(member, str(p, "choice"));
    } else if (t == QLatin1String("ballot.closed") || t == QLatin1String("ballot.cancelled")) {
        auto it = s.ballots.find(str(p, "ballot"));
        if (it == s.ballots.end() || it->status != BallotState::Status::Open)
            return bad(e, QStringLiteral("no such open ballot"));
        if (t == QLatin1String("ballot.closed")) {
            it->status = BallotState::Status::Closed;
            it->result = p;
        } else {
            it->status = BallotState::Status::Cancelled;
            it->cancelReason = str(p, "reason");
        }
        if (s.openBallot == it->id)
            s.openBallot.clear();
    } else {
        return bad(e, QStringLiteral("unknown event type"));
    }
    return {};
}

} // namespace Aula
