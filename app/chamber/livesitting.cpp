// SPDX-License-Identifier: GPL-3.0-or-later
#include "livesitting.h"

#include <QJsonArray>
#include <algorithm>

namespace Aula::App {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

LiveBallot ballotFromJson(const QJsonObject &b)
{
    LiveBallot out;
    out.id = str(b, "id");
    out.item = str(b, "item");
    out.subject = str(b, "subject");
    out.kind = str(b, "kind");
    out.status = str(b, "status");
    out.eligible = b.value(QStringLiteral("eligible")).toInt();
    out.openedAt = b.value(QStringLiteral("opened_at")).toInteger();
    for (const QJsonValue v : b.value(QStringLiteral("voters")).toArray())
        out.voters.append(v.toString());
    out.votesReceived = b.value(QStringLiteral("votes_received")).toInt(int(out.voters.size()));
    const QJsonObject choices = b.value(QStringLiteral("choices")).toObject();
    for (auto it = choices.begin(); it != choices.end(); ++it)
        out.choices.insert(it.key(), it.value().toString());
    out.result = b.value(QStringLiteral("result")).toObject();
    return out;
}

} // namespace

Result<void> LiveSitting::resetFromSnapshot(const QJsonObject &snapshot)
{
    const QJsonObject state = snapshot.value(QStringLiteral("state")).toObject();
    auto plan = SittingPlan::fromJson(state.value(QStringLiteral("sitting")).toObject());
    if (!plan)
        return Error { QStringLiteral("bad_snapshot"),
                       QStringLiteral("The sitting in the snapshot is unreadable: %1")
                           .arg(plan.error().describe()) };
    auto council = Council::fromJson(snapshot.value(QStringLiteral("council")).toObject());
    if (!council)
        return Error { QStringLiteral("bad_snapshot"),
                       QStringLiteral("The council in the snapshot is unreadable: %1")
                           .arg(council.error().describe()) };
    m_plan = *plan;
    m_council = *council;
    m_status = str(state, "status");
    m_call = str(state, "call");
    m_present.clear();
    const QJsonObject att = state.value(QStringLiteral("attendance")).toObject();
    for (auto it = att.begin(); it != att.end(); ++it) {
        if (it.value().toObject().value(QStringLiteral("present")).toBool())
            m_present.insert(it.key());
    }
    m_currentItem = str(state, "current_item");
    const QJsonObject floor = state.value(QStringLiteral("floor")).toObject();
    m_queue.clear();
    for (const QJsonValue v : floor.value(QStringLiteral("queue")).toArray())
        m_queue.append(
            { v[QStringLiteral("member")].toString(), v[QStringLiteral("kind")].toString() });
    m_speaker = str(floor, "speaker");
    m_speakerKind = str(floor, "kind");
    m_startedAt = floor.value(QStringLiteral("started_at")).toInteger();
    m_limitMs = floor.value(QStringLiteral("ends_at")).toInteger() - m_startedAt;
    m_ballots.clear();
    m_ballotOrder.clear();
    for (const QJsonValue v : state.value(QStringLiteral("ballots")).toArray()) {
        LiveBallot b = ballotFromJson(v.toObject());
        m_ballotOrder.append(b.id);
        m_ballots.insert(b.id, b);
    }
    // The snapshot lists ballots by id; what the tablet shows last is the one opened last.
    std::stable_sort(m_ballotOrder.begin(), m_ballotOrder.end(),
                     [&](const QString &a, const QString &b) {
                         return m_ballots.value(a).openedAt < m_ballots.value(b).openedAt;
                     });
    m_openBallot = str(state, "open_ballot");
    m_seq = snapshot.value(QStringLiteral("seq")).toInteger();
    return {};
}

void LiveSitting::apply(const Event &e)
{
    const QJsonObject &p = e.payload;
    if (str(p, "sitting") != m_plan.id)
        return;
    m_seq = e.seq;
    const QString &t = e.type;
    if (t == QLatin1String("sitting.opened")) {
        m_status = QStringLiteral("open");
        m_call = str(p, "call");
    } else if (t == QLatin1String("sitting.suspended")) {
        m_status = QStringLiteral("suspended");
        m_speaker.clear();
    } else if (t == QLatin1String("sitting.resumed")) {
        m_status = QStringLiteral("open");
    } else if (t == QLatin1String("sitting.closed")) {
        m_status = QStringLiteral("closed");
        m_speaker.clear();
        m_queue.clear();
    } else if (t == QLatin1String("attendance.changed")) {
        const QString member = str(p, "member");
        if (p.value(QStringLiteral("present")).toBool()) {
            m_present.insert(member);
        } else {
            m_present.remove(member);
            m_queue.removeIf([&](const FloorRequest &r) { return r.member == member; });
        }
    } else if (t == QLatin1String("agenda.current")) {
        m_currentItem = str(p, "item");
    } else if (t == QLatin1String("floor.requested")) {
        m_queue.append({ str(p, "member"), str(p, "kind") });
    } else if (t == QLatin1String("floor.withdrawn")) {
        const QString member = str(p, "member");
        m_queue.removeIf([&](const FloorRequest &r) { return r.member == member; });
    } else if (t == QLatin1String("floor.granted")) {
        m_speaker = str(p, "member");
        m_speakerKind = str(p, "kind");
        m_startedAt = e.timeMs;
        m_limitMs = p.value(QStringLiteral("seconds")).toInteger() * 1000;
        m_queue.removeIf([&](const FloorRequest &r) { return r.member == m_speaker; });
    } else if (t == QLatin1String("floor.extended")) {
        m_limitMs += p.value(QStringLiteral("seconds")).toInteger() * 1000;
    } else if (t == QLatin1String("floor.ended")) {
        m_speaker.clear();
        m_speakerKind.clear();
    } else if (t == QLatin1String("ballot.opened")) {
        LiveBallot b;
        b.id = str(p, "ballot");
        b.item = str(p, "item");
        b.subject = str(p, "subject");
        b.kind = str(p, "kind");
        b.status = QStringLiteral("open");
        b.openedAt = e.timeMs;
        b.eligible = int(p.value(QStringLiteral("eligible")).toArray().size());
        m_ballots.insert(b.id, b);
        m_ballotOrder.removeAll(b.id);
        m_ballotOrder.append(b.id);
        m_openBallot = b.id;
    } else if (t == QLatin1String("ballot.closed") || t == QLatin1String("ballot.cancelled")) {
        auto it = m_ballots.find(str(p, "ballot"));
        if (it != m_ballots.end()) {
            const bool closed = t == QLatin1String("ballot.closed");
            it->status = closed ? QStringLiteral("closed") : QStringLiteral("cancelled");
            if (closed) {
                it->result = p;
                // Who voted (what) comes with the result: one mark per council member.
                const QString roll = str(p, "roll");
                if (roll.size() == m_council.members.size()) {
                    it->voters.clear();
                    it->choices.clear();
                    for (qsizetype i = 0; i < roll.size(); ++i) {
                        const QChar mark = roll.at(i);
                        if (mark == QLatin1Char('-'))
                            continue;
                        const QString &member = m_council.members.at(i).id;
                        it->voters.append(member);
                        if (mark == QLatin1Char('y'))
                            it->choices.insert(member, QStringLiteral("favour"));
                        else if (mark == QLatin1Char('n'))
                            it->choices.insert(member, QStringLiteral("against"));
                        else if (mark == QLatin1Char('a'))
                            it->choices.insert(member, QStringLiteral("abstain"));
                    }
                    it->votesReceived = int(it->voters.size());
                }
            }
        }
        if (m_openBallot == str(p, "ballot"))
            m_openBallot.clear();
    }
}

void LiveSitting::applyTally(const QString &ballot, int votesReceived, int eligible)
{
    auto it = m_ballots.find(ballot);
    if (it == m_ballots.end() || it->status != QLatin1String("open"))
        return;
    it->votesReceived = votesReceived;
    it->eligible = eligible;
}

int LiveSitting::quorumRequired() const
{
    const Call call = m_call == QLatin1String("second") ? Call::Second : Call::First;
    return m_council.quorum.forCall(call).required(m_council.composition);
}

QString LiveSitting::role(const QString &person) const
{
    const SittingRole role = m_plan.roles.value(person, SittingRole::Councillor);
    if (role != SittingRole::Councillor)
        return roleName(role);
    return m_council.member(person) ? roleName(SittingRole::Councillor) : QStringLiteral("staff");
}

bool LiveSitting::isChair(const QString &person) const
{
    const SittingRole r = m_plan.roles.value(person, SittingRole::Councillor);
    return r == SittingRole::President || r == SittingRole::VicePresident;
}

QString LiveSitting::nameOf(const QString &person) const
{
    const Member *m = m_council.person(person);
    return m ? m->name : person;
}

const LiveBallot *LiveSitting::ballot(const QString &id) const
{
    auto it = m_ballots.constFind(id);
    return it == m_ballots.constEnd() ? nullptr : &it.value();
}

const LiveBallot *LiveSitting::latestBallot() const
{
    return m_ballotOrder.isEmpty() ? nullptr : ballot(m_ballotOrder.constLast());
}

} // namespace Aula::App
