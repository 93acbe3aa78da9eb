// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamber.h"

#include "core/rulesjson.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <algorithm>

Q_LOGGING_CATEGORY(lcChamber, "aula.server.chamber", QtInfoMsg)

namespace Aula::Server {

namespace {

using R = SittingRole;

Error refuse(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

QString arg(const QJsonObject &args, const char *key)
{
    return args.value(QLatin1String(key)).toString();
}

// The authorization matrix: which roles may send each command at all. State checks
// (is this member the speaker, present, eligible) come after, in execute().
const QHash<QString, QList<SittingRole>> &matrix()
{
    static const QList<R> chair = { R::President, R::VicePresident };
    static const QList<R> members = { R::President, R::VicePresident, R::Councillor };
    static const QList<R> everyone = { R::President,  R::VicePresident, R::Secretary,
                                       R::Councillor, R::Operator,      R::Public };
    static const QHash<QString, QList<SittingRole>> m = {
        { QStringLiteral("subscribe"), everyone },
        { QStringLiteral("sitting.open"), chair },
        { QStringLiteral("sitting.suspend"), chair },
        { QStringLiteral("sitting.resume"), chair },
        { QStringLiteral("sitting.close"), chair },
        { QStringLiteral("attendance.checkin"), members },
        { QStringLiteral("attendance.checkout"), members },
        { QStringLiteral("attendance.set"), { R::President, R::VicePresident, R::Secretary } },
        { QStringLiteral("agenda.goto"), chair },
        { QStringLiteral("floor.request"), members },
        { QStringLiteral("floor.withdraw"), members },
        { QStringLiteral("floor.grant"), chair },
        { QStringLiteral("floor.extend"), chair },
        // The chair revokes; a councillor may only yield the floor he or she holds.
        { QStringLiteral("floor.end"), members },
        { QStringLiteral("ballot.open"), chair },
        { QStringLiteral("ballot.vote"), members },
        { QStringLiteral("ballot.close"), chair },
        { QStringLiteral("ballot.cancel"), chair },
    };
    return m;
}

Result<MajorityRule> majorityPreset(const QString &preset, const AgendaItem &item)
{
    if (preset.isEmpty() || preset == QLatin1String("item"))
        return item.majority;
    if (preset == QLatin1String("relative"))
        return MajorityRule::simple();
    if (preset == QLatin1String("absolute_voting"))
        return MajorityRule::absoluteOfVoting();
    if (preset == QLatin1String("absolute_present"))
        return MajorityRule { MajorityRule::Threshold::Absolute,
                              MajorityRule::Base::Present,
                              { 1, 2 } };
    if (preset == QLatin1String("immediate_effect"))
        return MajorityRule::immediateEffect();
    if (preset == QLatin1String("two_thirds_assigned"))
        return MajorityRule { MajorityRule::Threshold::Qualified,
                              MajorityRule::Base::Assigned,
                              { 2, 3 } };
    return Error { QStringLiteral("bad_message"), QStringLiteral("unknown majority preset"),
                   QStringLiteral("majority") };
}

qint64 systemClock()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

QList<SittingRole> rolesAllowed(const QString &type)
{
    return matrix().value(type);
}

QStringList engineCommandTypes()
{
    QStringList types = matrix().keys();
    types.sort();
    return types;
}

Chamber::Chamber(Journal &journal, Clock clock, QObject *parent)
    : QObject(parent)
    , m_journal(journal)
    , m_clock(clock ? std::move(clock) : Clock(systemClock))
{
    m_floorTimer.setSingleShot(true);
    m_floorTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_floorTimer, &QTimer::timeout, this, &Chamber::onFloorTimer);
}

Result<void> Chamber::load()
{
    if (auto r = rebuild(); !r)
        return r;
    armFloorTimer();
    return {};
}

Result<void> Chamber::rebuild()
{
    ChamberState fresh;
    QHash<QString, QByteArray> receipts;
    auto r = m_journal.replay([&](const Event &e, const QByteArray &hash) -> Result<void> {
        if (auto applied = fresh.apply(e); !applied)
            return applied;
        if (e.type == QLatin1String("ballot.vote_cast"))
            receipts.insert(e.payload.value(QStringLiteral("ballot")).toString() + QLatin1Char('/')
                                + e.payload.value(QStringLiteral("member")).toString(),
                            hash);
        return {};
    });
    if (!r)
        return r;
    m_state = std::move(fresh);
    m_receipts = std::move(receipts);
    qCInfo(lcChamber) << "state rebuilt from" << m_state.lastSeq() << "events";
    return {};
}

Result<void> Chamber::emitEvent(const QString &type, const QJsonObject &payload)
{
    Event e;
    e.seq = m_state.lastSeq() + 1;
    e.type = type;
    e.timeMs = m_clock();
    e.payload = payload;
    // Tentative: the state moves on now so that the next command in this batch sees it;
    // if the batch cannot be made durable, rebuild() throws it all away.
    if (auto r = m_state.apply(e); !r)
        return r;
    m_batch.append(e);
    return {};
}

void Chamber::submit(const Actor &actor, const Command &command, Done done)
{
    qsizetype receiptEvent = -1;
    const qsizetype before = m_batch.size();
    Result<QJsonObject> result = execute(actor, command, receiptEvent);
    if (!result.ok() && m_batch.size() != before) {
        // A command either appends all its events or none: undo the tentative part.
        qCWarning(lcChamber) << "command" << command.type
                             << "failed half-way:" << result.error().message;
        m_batch.resize(before);
        if (auto r = rebuild(); !r)
            qCCritical(lcChamber) << "cannot rebuild state:" << r.error().message;
        for (const Event &e : std::as_const(m_batch))
            (void)m_state.apply(e);
    }
    queue(std::move(done), result, receiptEvent >= 0 ? before + receiptEvent : -1);
}

void Chamber::queue(Done done, const Result<QJsonObject> &result, qsizetype receiptEvent)
{
    if (!result.ok() || m_batch.isEmpty()) {
        // Nothing to make durable (a refusal, or a command with no effect): answer at once.
        if (done)
            done(result);
        return;
    }
    m_pending.append(Pending { std::move(done), result.value(), receiptEvent });
    scheduleFlush();
}

void Chamber::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &Chamber::flush, Qt::QueuedConnection);
}

void Chamber::flush()
{
    m_flushScheduled = false;
    if (m_batch.isEmpty()) {
        for (Pending &p : m_pending) {
            if (p.done)
                p.done(p.reply);
        }
        m_pending.clear();
        return;
    }
    QList<Event> batch = std::move(m_batch);
    QList<Pending> pending = std::move(m_pending);
    QList<UrnEntry> urnAdds = std::move(m_urnAdds);
    QStringList urnClear = std::move(m_urnClear);
    m_batch.clear();
    m_pending.clear();
    m_urnAdds.clear();
    m_urnClear.clear();
    // Shuffle the urn entries so that not even their order within a batch follows the votes.
    std::shuffle(urnAdds.begin(), urnAdds.end(), *QRandomGenerator::system());

    QElapsedTimer commitTime;
    commitTime.start();
    auto hashes = m_journal.append(batch, urnAdds, urnClear);
    qCDebug(lcChamber) << "committed" << batch.size() << "events for" << pending.size()
                       << "commands in" << commitTime.elapsed() << "ms";
    if (!hashes) {
        qCCritical(lcChamber) << "could not commit" << batch.size()
                              << "events:" << hashes.error().message;
        if (auto r = rebuild(); !r)
            qCCritical(lcChamber) << "cannot rebuild state:" << r.error().message;
        const Error notRecorded {
            QStringLiteral("not_recorded"),
            QStringLiteral("the chamber could not record this (%1); nothing was changed, try again")
                .arg(hashes.error().message)
        };
        for (Pending &p : pending) {
            if (p.done)
                p.done(notRecorded);
        }
        return;
    }
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Event &e = batch.at(i);
        if (e.type == QLatin1String("ballot.vote_cast")) {
            m_receipts.insert(e.payload.value(QStringLiteral("ballot")).toString()
                                  + QLatin1Char('/')
                                  + e.payload.value(QStringLiteral("member")).toString(),
                              hashes->at(i));
        }
    }
    for (Pending &p : pending) {
        QJsonObject reply = p.reply;
        if (p.receiptEvent >= 0 && p.receiptEvent < hashes->size()) {
            reply.insert(QStringLiteral("receipt"),
                         QString::fromLatin1(hashes->at(p.receiptEvent).toHex()));
            reply.insert(QStringLiteral("seq"), batch.at(p.receiptEvent).seq);
        }
        if (p.done)
            p.done(reply);
    }
    armFloorTimer();
    Q_EMIT committed(batch);
}

Result<QList<Event>> Chamber::appendAdministrative(const QList<QPair<QString, QJsonObject>> &events)
{
    flush();
    for (const auto &[type, payload] : events) {
        if (auto r = emitEvent(type, payload); !r) {
            m_batch.clear();
            (void)rebuild();
            return r.error();
        }
    }
    QList<Event> batch = m_batch;
    Result<QJsonObject> outcome = Error {};
    m_pending.append(Pending { [&](const Result<QJsonObject> &r) { outcome = r; }, {}, -1 });
    flush();
    if (!outcome)
        return outcome.error();
    return batch;
}

void Chamber::recordLogin(const QString &person, const QString &device, bool success,
                          QString reason, Done done)
{
    QJsonObject reply;
    // While a lock is in force the PIN is not what answers: a right PIN and a wrong one both
    // get `locked` (no oracle), and neither counts towards the next lock.
    if ((success || reason == QLatin1String("wrong_pin"))
        && m_state.lockedUntil(person) > m_clock()) {
        success = false;
        reason = QStringLiteral("locked");
        reply.insert(QStringLiteral("locked_until"), m_state.lockedUntil(person));
    }
    reply.insert(QStringLiteral("accepted"), success);
    reply.insert(QStringLiteral("reason"), reason);
    if (success) {
        (void)emitEvent(
            QStringLiteral("login.succeeded"),
            { { QStringLiteral("person"), person }, { QStringLiteral("device"), device } });
    } else {
        (void)emitEvent(QStringLiteral("login.failed"),
                        { { QStringLiteral("person"), person },
                          { QStringLiteral("device"), device },
                          { QStringLiteral("reason"), reason } });
        const Council *council = m_state.council() ? &*m_state.council() : nullptr;
        if (council && !person.isEmpty() && reason == QLatin1String("wrong_pin")
            && m_state.failedAttempts(person) >= council->pinAttempts) {
            const qint64 until = m_clock() + qint64(council->lockoutSeconds) * 1000;
            (void)emitEvent(
                QStringLiteral("person.locked"),
                { { QStringLiteral("person"), person }, { QStringLiteral("until"), until } });
            reply.insert(QStringLiteral("locked_until"), until);
            reply.insert(QStringLiteral("attempts_left"), 0);
        } else {
            reply.insert(QStringLiteral("attempts_left"),
                         council ? qMax(0, council->pinAttempts - m_state.failedAttempts(person))
                                 : 0);
        }
    }
    queue(std::move(done), reply, -1);
}

void Chamber::recordSeatPresence(const QString &member, bool present, Done done)
{
    // A seat reader speaks for every sitting in progress.
    for (const QString &id : m_state.sittingIds()) {
        const SittingState *s = m_state.sitting(id);
        if (!s || s->status == SittingState::Status::Closed || s->isPresent(member) == present)
            continue;
        (void)emitEvent(QStringLiteral("attendance.changed"),
                        { { QStringLiteral("sitting"), id },
                          { QStringLiteral("member"), member },
                          { QStringLiteral("present"), present },
                          { QStringLiteral("remote"), false },
                          { QStringLiteral("source"), QStringLiteral("seat") } });
    }
    queue(std::move(done), QJsonObject(), -1);
}

Result<QJsonObject> Chamber::execute(const Actor &actor, const Command &command,
                                     qsizetype &receiptEvent)
{
    const QString &type = command.type;
    if (!matrix().contains(type))
        return refuse("unknown_type",
                      QStringLiteral("the chamber has no command \"%1\"").arg(type));
    if (!m_state.council())
        return refuse("invalid_state", QStringLiteral("no council has been imported"));
    const QString sittingId = arg(command.args, "sitting");
    const SittingState *s = m_state.sitting(sittingId);
    if (!s)
        return refuse("unknown_sitting",
                      QStringLiteral("there is no sitting \"%1\"").arg(sittingId));
    const SittingRole role =
        actor.person.isEmpty() ? SittingRole::Public : m_state.roleOf(sittingId, actor.person);
    if (!matrix().value(type).contains(role)) {
        return refuse("forbidden", QStringLiteral("a %1 may not %2").arg(roleName(role), type));
    }
    return executeSitting(actor, type, command.args, *s, receiptEvent);
}

Result<QJsonObject> Chamber::executeSitting(const Actor &actor, const QString &type,
                                            const QJsonObject &args, const SittingState &s,
                                            qsizetype &receiptEvent)
{
    using Status = SittingState::Status;
    const Council &council = *m_state.council();
    const QString sittingId = s.plan.id;
    const QJsonObject base { { QStringLiteral("sitting"), sittingId } };
    auto with = [&](std::initializer_list<QPair<QString, QJsonValue>> fields) {
        QJsonObject o = base;
        for (const auto &[k, v] : fields)
            o.insert(k, v);
        return o;
    };
    const bool inProgress = s.status == Status::Open || s.status == Status::Suspended;
    // A ballot must be decided before the sitting moves on.
    auto requireNoOpenBallot = [&]() -> Result<void> {
        if (s.openBallot.isEmpty())
            return {};
        return refuse(
            "invalid_state",
            QStringLiteral("ballot %1 is open: close or cancel it first").arg(s.openBallot));
    };
    // Whoever has the floor loses it when the sitting stops.
    auto endFloor = [&](const QString &reason) -> Result<void> {
        if (s.floor.speaker.isEmpty())
            return {};
        return emitEvent(QStringLiteral("floor.ended"),
                         with({ { QStringLiteral("member"), s.floor.speaker },
                                { QStringLiteral("reason"), reason } }));
    };
    auto requireOpen = [&]() -> Result<void> {
        if (s.status == Status::Open)
            return {};
        return refuse(
            "invalid_state",
            QStringLiteral("the sitting is %1, not open").arg(sittingStatusName(s.status)));
    };
#define AULA_REQUIRE(expr)                                                                         \
    if (auto check_ = (expr); !check_)                                                             \
        return check_.error();

    if (type == QLatin1String("subscribe"))
        return QJsonObject { { QStringLiteral("state"), m_state.sittingJson(sittingId, m_clock()) },
                             { QStringLiteral("council"), council.toJson() },
                             { QStringLiteral("seq"), m_state.lastSeq() } };

    if (type == QLatin1String("sitting.open")) {
        if (s.status != Status::Scheduled)
            return refuse(
                "invalid_state",
                QStringLiteral("the sitting is already %1").arg(sittingStatusName(s.status)));
        // One chamber, one sitting at a time: close the other one first.
        for (const QString &other : m_state.sittingIds()) {
            const SittingState *o = m_state.sitting(other);
            if (other != sittingId
                && (o->status == Status::Open || o->status == Status::Suspended)) {
                return refuse(
                    "invalid_state",
                    QStringLiteral("sitting %1 is still in progress: close it first").arg(other));
            }
        }
        const QString mode =
            args.contains(QStringLiteral("mode")) ? arg(args, "mode") : QStringLiteral("in_person");
        AULA_REQUIRE(emitEvent(QStringLiteral("sitting.opened"),
                               with({ { QStringLiteral("call"), arg(args, "call") },
                                      { QStringLiteral("mode"), mode } })));
        return QJsonObject();
    }
    if (type == QLatin1String("sitting.suspend")) {
        AULA_REQUIRE(requireOpen());
        AULA_REQUIRE(requireNoOpenBallot());
        AULA_REQUIRE(endFloor(QStringLiteral("suspended")));
        AULA_REQUIRE(emitEvent(QStringLiteral("sitting.suspended"),
                               with({ { QStringLiteral("reason"), arg(args, "reason") } })));
        return QJsonObject();
    }
    if (type == QLatin1String("sitting.resume")) {
        if (s.status != Status::Suspended)
            return refuse("invalid_state", QStringLiteral("the sitting is not suspended"));
        AULA_REQUIRE(emitEvent(QStringLiteral("sitting.resumed"), base));
        return QJsonObject();
    }
    if (type == QLatin1String("sitting.close")) {
        if (!inProgress)
            return refuse("invalid_state",
                          QStringLiteral("the sitting is %1").arg(sittingStatusName(s.status)));
        AULA_REQUIRE(requireNoOpenBallot());
        AULA_REQUIRE(endFloor(QStringLiteral("closed")));
        AULA_REQUIRE(emitEvent(QStringLiteral("sitting.closed"), base));
        return QJsonObject();
    }

    if (type == QLatin1String("attendance.checkin") || type == QLatin1String("attendance.checkout")
        || type == QLatin1String("attendance.set")) {
        if (s.status == Status::Closed)
            return refuse("invalid_state", QStringLiteral("the sitting is closed"));
        const bool set = type == QLatin1String("attendance.set");
        const QString member = set ? arg(args, "member") : actor.person;
        if (!council.member(member))
            return refuse("unknown_member",
                          QStringLiteral("\"%1\" is not a member of the council").arg(member));
        const bool present = set ? args.value(QStringLiteral("present")).toBool()
                                 : type == QLatin1String("attendance.checkin");
        const bool remote = !set && present && args.value(QStringLiteral("remote")).toBool();
        if (remote && (s.status == Status::Scheduled || s.mode != QLatin1String("mixed")))
            return refuse("invalid_state",
                          QStringLiteral("remote attendance needs a sitting opened in mixed mode"));
        const Attendance current = s.attendance.value(member);
        if (current.present == present && current.remote == remote)
            return QJsonObject { { QStringLiteral("unchanged"), true } };
        AULA_REQUIRE(emitEvent(QStringLiteral("attendance.changed"),
                               with({ { QStringLiteral("member"), member },
                                      { QStringLiteral("present"), present },
                                      { QStringLiteral("remote"), remote },
                                      { QStringLiteral("source"),
                                        set ? QStringLiteral("manual") : QStringLiteral("tablet") },
                                      { QStringLiteral("by"), actor.person } })));
        // Leaving the chamber gives up a place in the queue and the floor.
        if (!present && s.floor.isQueued(member))
            AULA_REQUIRE(emitEvent(QStringLiteral("floor.withdrawn"),
                                   with({ { QStringLiteral("member"), member } })));
        if (!present && s.floor.speaker == member)
            AULA_REQUIRE(emitEvent(QStringLiteral("floor.ended"),
                                   with({ { QStringLiteral("member"), member },
                                          { QStringLiteral("reason"), QStringLiteral("left") } })));
        return QJsonObject();
    }

    if (type == QLatin1String("agenda.goto")) {
        AULA_REQUIRE(requireOpen());
        if (!s.plan.item(arg(args, "item")))
            return refuse("unknown_item",
                          QStringLiteral("the agenda has no item \"%1\"").arg(arg(args, "item")));
        AULA_REQUIRE(requireNoOpenBallot());
        AULA_REQUIRE(emitEvent(QStringLiteral("agenda.current"),
                               with({ { QStringLiteral("item"), arg(args, "item") } })));
        return QJsonObject();
    }

    if (type == QLatin1String("floor.request")) {
        AULA_REQUIRE(requireOpen());
        if (!s.isPresent(actor.person))
            return refuse("not_present", QStringLiteral("only members present may ask to speak"));
        if (s.floor.isQueued(actor.person) || s.floor.speaker == actor.person)
            return refuse("already_requested", QStringLiteral("you have already asked to speak"));
        AULA_REQUIRE(emitEvent(QStringLiteral("floor.requested"),
                               with({ { QStringLiteral("member"), actor.person },
                                      { QStringLiteral("kind"), arg(args, "kind") } })));
        return QJsonObject { { QStringLiteral("position"), int(s.floor.queue.size()) } };
    }
    if (type == QLatin1String("floor.withdraw")) {
        if (!s.floor.isQueued(actor.person))
            return refuse("not_requested", QStringLiteral("you have not asked to speak"));
        AULA_REQUIRE(emitEvent(QStringLiteral("floor.withdrawn"),
                               with({ { QStringLiteral("member"), actor.person } })));
        return QJsonObject();
    }
    if (type == QLatin1String("floor.grant")) {
        AULA_REQUIRE(requireOpen());
        const QString member = arg(args, "member");
        if (!council.member(member))
            return refuse("unknown_member",
                          QStringLiteral("\"%1\" is not a member of the council").arg(member));
        if (!s.isPresent(member))
            return refuse("not_present", QStringLiteral("%1 is not present").arg(member));
        if (!s.floor.speaker.isEmpty())
            return refuse("floor_busy",
                          QStringLiteral("%1 has the floor: end it first").arg(s.floor.speaker));
        QString kind = arg(args, "kind");
        for (const auto &r : s.floor.queue) {
            if (kind.isEmpty() && r.member == member)
                kind = r.kind;
        }
        if (kind.isEmpty())
            kind = QStringLiteral("first_speech");
        AULA_REQUIRE(
            emitEvent(QStringLiteral("floor.granted"),
                      with({ { QStringLiteral("member"), member },
                             { QStringLiteral("kind"), kind },
                             { QStringLiteral("seconds"), council.floor.forKind(kind) } })));
        return QJsonObject { { QStringLiteral("seconds"), council.floor.forKind(kind) } };
    }
    if (type == QLatin1String("floor.extend")) {
        AULA_REQUIRE(requireOpen());
        if (s.floor.speaker.isEmpty())
            return refuse("invalid_state", QStringLiteral("nobody has the floor"));
        AULA_REQUIRE(emitEvent(
            QStringLiteral("floor.extended"),
            with({ { QStringLiteral("seconds"), args.value(QStringLiteral("seconds")) } })));
        return QJsonObject();
    }
    if (type == QLatin1String("floor.end")) {
        if (s.floor.speaker.isEmpty())
            return refuse("invalid_state", QStringLiteral("nobody has the floor"));
        const SittingRole role = m_state.roleOf(sittingId, actor.person);
        const bool chair = role == SittingRole::President || role == SittingRole::VicePresident;
        if (!chair && s.floor.speaker != actor.person)
            return refuse("forbidden",
                          QStringLiteral("only the chair or the speaker may end the floor"));
        const QString reason =
            s.floor.speaker == actor.person ? QStringLiteral("yielded") : QStringLiteral("revoked");
        AULA_REQUIRE(emitEvent(QStringLiteral("floor.ended"),
                               with({ { QStringLiteral("member"), s.floor.speaker },
                                      { QStringLiteral("reason"), reason } })));
        return QJsonObject();
    }

    if (type == QLatin1String("ballot.open")) {
        AULA_REQUIRE(requireOpen());
        if (!s.openBallot.isEmpty())
            return refuse("invalid_state",
                          QStringLiteral("ballot %1 is still open").arg(s.openBallot));
        const AgendaItem *item = s.plan.item(arg(args, "item"));
        if (!item)
            return refuse("unknown_item",
                          QStringLiteral("the agenda has no item \"%1\"").arg(arg(args, "item")));
        if (!item->voted)
            return refuse("invalid_state",
                          QStringLiteral("item %1 is not voted on").arg(item->number));
        const int required = council.quorum.forCall(s.call).required(council.composition);
        if (s.presentCount() < required) {
            return refuse("no_quorum",
                          QStringLiteral("quorum lost: %1 present, %2 needed")
                              .arg(s.presentCount())
                              .arg(required));
        }
        const QString repeatOf = arg(args, "repeat_of");
        if (!repeatOf.isEmpty()) {
            const BallotState *previous = s.ballot(repeatOf);
            if (!previous || previous->item != item->id
                || previous->status == BallotState::Status::Open)
                return refuse(
                    "invalid_state",
                    QStringLiteral("%1 is not a finished ballot on this item").arg(repeatOf));
        }
        auto majority = majorityPreset(arg(args, "majority"), *item);
        if (!majority)
            return majority.error();
        BallotKind kind = item->ballotKind;
        if (args.contains(QStringLiteral("kind")))
            kind = *RulesJson::parseBallotKind(args.value(QStringLiteral("kind")),
                                               QStringLiteral("kind"));
        QString subject = arg(args, "subject");
        if (subject.isEmpty()) {
            subject = item->title;
            if (arg(args, "majority") == QLatin1String("immediate_effect"))
                subject += QStringLiteral(" — immediata eseguibilità");
        }
        QJsonArray eligible;
        for (auto it = s.attendance.begin(); it != s.attendance.end(); ++it) {
            if (it->present)
                eligible.append(it.key());
        }
        // Ballot ids are unique in the whole chamber, not per sitting: the urn, receipts and
        // signed votes name a ballot by its id alone.
        qsizetype ballotsSoFar = 0;
        for (const QString &other : m_state.sittingIds())
            ballotsSoFar += m_state.sitting(other)->ballots.size();
        const QString id = QStringLiteral("b%1").arg(ballotsSoFar + 1);
        AULA_REQUIRE(emitEvent(QStringLiteral("ballot.opened"),
                               with({ { QStringLiteral("ballot"), id },
                                      { QStringLiteral("item"), item->id },
                                      { QStringLiteral("kind"), RulesJson::ballotKindName(kind) },
                                      { QStringLiteral("majority"), RulesJson::toJson(*majority) },
                                      { QStringLiteral("subject"), subject },
                                      { QStringLiteral("repeat_of"), repeatOf },
                                      { QStringLiteral("eligible"), eligible } })));
        return QJsonObject { { QStringLiteral("ballot"), id } };
    }

    const QString ballotId = arg(args, "ballot");
    const BallotState *b = s.ballot(ballotId);
    if (type.startsWith(QLatin1String("ballot.")) && !b)
        return refuse("unknown_ballot",
                      QStringLiteral("there is no ballot \"%1\" in this sitting").arg(ballotId));

    if (type == QLatin1String("ballot.vote")) {
        if (b->status != BallotState::Status::Open)
            return refuse(
                "ballot_closed",
                QStringLiteral("ballot %1 is %2").arg(ballotId, ballotStatusName(b->status)));
        if (b->voters.contains(actor.person)) {
            Error e =
                refuse("already_voted",
                       QStringLiteral("your vote on ballot %1 is already recorded").arg(ballotId));
            return e;
        }
        if (!s.isPresent(actor.person))
            return refuse("not_present", QStringLiteral("only members present may vote"));
        const QString choice = arg(args, "choice");
        if (choice == QLatin1String("blank") && b->kind != BallotKind::Secret)
            return refuse("bad_choice", QStringLiteral("only a secret ballot has blank ballots"));
        // Who took part is public and goes in the log; what a secret voter chose goes to the
        // urn, in the same transaction, with nothing that links the two.
        const bool secret = b->kind == BallotKind::Secret;
        QJsonObject payload = with(
            { { QStringLiteral("ballot"), ballotId }, { QStringLiteral("member"), actor.person } });
        if (!secret)
            payload.insert(QStringLiteral("choice"), choice);
        receiptEvent = 0;
        AULA_REQUIRE(emitEvent(QStringLiteral("ballot.vote_cast"), payload));
        if (secret)
            m_urnAdds.append(UrnEntry { ballotId, choice });
        return QJsonObject { { QStringLiteral("ballot"), ballotId } };
    }
    if (type == QLatin1String("ballot.close")) {
        if (b->status != BallotState::Status::Open)
            return refuse(
                "ballot_closed",
                QStringLiteral("ballot %1 is %2").arg(ballotId, ballotStatusName(b->status)));
        return closeBallot(s, *b);
    }
    if (type == QLatin1String("ballot.cancel")) {
        if (b->status != BallotState::Status::Open)
            return refuse(
                "ballot_closed",
                QStringLiteral("ballot %1 is %2").arg(ballotId, ballotStatusName(b->status)));
        if (b->kind == BallotKind::Secret) {
            m_urnAdds.removeIf([&](const UrnEntry &u) { return u.ballot == ballotId; });
            m_urnClear.append(ballotId);
        }
        AULA_REQUIRE(emitEvent(QStringLiteral("ballot.cancelled"),
                               with({ { QStringLiteral("ballot"), ballotId },
                                      { QStringLiteral("reason"), arg(args, "reason") } })));
        return QJsonObject();
    }
#undef AULA_REQUIRE
    return refuse("unknown_type", QStringLiteral("the chamber has no command \"%1\"").arg(type));
}

namespace {

/** A choice's character in a ballot's roll: y favour, n against, a abstain. */
QChar rollMark(const QString &choice)
{
    if (choice == QLatin1String("favour"))
        return QLatin1Char('y');
    if (choice == QLatin1String("against"))
        return QLatin1Char('n');
    if (choice == QLatin1String("abstain"))
        return QLatin1Char('a');
    return QLatin1Char('?');
}

} // namespace

Result<QJsonObject> Chamber::closeBallot(const SittingState &s, const BallotState &b)
{
    const Council &council = *m_state.council();
    Tally tally;
    QStringList secretChoices;
    if (b.kind == BallotKind::Secret) {
        auto stored = m_journal.urn(b.id);
        if (!stored)
            return stored.error();
        secretChoices = *stored;
        for (const UrnEntry &u : std::as_const(m_urnAdds)) {
            if (u.ballot == b.id)
                secretChoices.append(u.choice);
        }
        if (secretChoices.size() != b.voters.size()) {
            return Error {
                QStringLiteral("internal"),
                QStringLiteral(
                    "the urn of ballot %1 holds %2 choices for %3 voters; the ballot stays open")
                    .arg(b.id)
                    .arg(secretChoices.size())
                    .arg(b.voters.size())
            };
        }
        std::shuffle(secretChoices.begin(), secretChoices.end(), *QRandomGenerator::system());
        m_urnAdds.removeIf([&](const UrnEntry &u) { return u.ballot == b.id; });
        m_urnClear.append(b.id);
    } else {
        secretChoices = b.choices.values();
    }
    for (const QString &c : std::as_const(secretChoices)) {
        if (c == QLatin1String("favour"))
            ++tally.favour;
        else if (c == QLatin1String("against"))
            ++tally.against;
        else if (c == QLatin1String("abstain"))
            ++tally.abstain;
        else if (c == QLatin1String("blank"))
            ++tally.blank;
        else
            ++tally.invalid;
    }
    // Present for this vote: those present now, and anyone who voted and has since left.
    QSet<QString> present;
    for (auto it = s.attendance.begin(); it != s.attendance.end(); ++it) {
        if (it->present)
            present.insert(it.key());
    }
    for (const QString &v : b.voters)
        present.insert(v);

    BallotInput input;
    input.council = council.composition;
    input.quorum = council.quorum;
    input.call = s.call;
    input.present = int(present.size());
    input.kind = b.kind;
    input.majority = b.majority;
    input.votes = tally;
    auto outcome = evaluate(input);
    if (!outcome)
        return Error {
            QStringLiteral("internal"),
            QStringLiteral("the rules could not decide: %1").arg(outcome.error().describe())
        };
    QJsonObject payload = RulesJson::toJson(*outcome, input);
    payload.insert(QStringLiteral("sitting"), s.plan.id);
    payload.insert(QStringLiteral("ballot"), b.id);
    if (b.kind == BallotKind::Secret)
        payload.insert(QStringLiteral("choices"), QJsonArray::fromStringList(secretChoices));
    // Who voted what comes with the result (the live count never carries it): one character
    // per council member, in the council's order, so that the close stays one small frame
    // even for a large council (docs/protocol.md, "ballot.closed"). A secret ballot says who
    // took part, never what they chose.
    const QSet<QString> voted(b.voters.cbegin(), b.voters.cend());
    QString roll;
    roll.reserve(council.members.size());
    for (const Member &m : council.members) {
        if (!voted.contains(m.id)) {
            roll.append(QLatin1Char('-'));
        } else if (b.kind == BallotKind::Secret) {
            roll.append(QLatin1Char('v'));
        } else {
            roll.append(rollMark(b.choices.value(m.id)));
        }
    }
    payload.insert(QStringLiteral("roll"), roll);
    if (auto r = emitEvent(QStringLiteral("ballot.closed"), payload); !r)
        return r.error();
    return QJsonObject { { QStringLiteral("outcome"), payload } };
}

void Chamber::armFloorTimer()
{
    qint64 next = -1;
    for (const QString &id : m_state.sittingIds()) {
        const SittingState *s = m_state.sitting(id);
        if (s && !s->floor.speaker.isEmpty() && (next < 0 || s->floor.endsAt() < next))
            next = s->floor.endsAt();
    }
    if (next < 0) {
        m_floorTimer.stop();
        return;
    }
    m_floorTimer.start(int(std::clamp<qint64>(next - m_clock(), 0, 24 * 3600 * 1000)));
}

void Chamber::onFloorTimer()
{
    const qint64 now = m_clock();
    bool ended = false;
    for (const QString &id : m_state.sittingIds()) {
        const SittingState *s = m_state.sitting(id);
        if (s && !s->floor.speaker.isEmpty() && s->floor.endsAt() <= now) {
            (void)emitEvent(QStringLiteral("floor.ended"),
                            { { QStringLiteral("sitting"), id },
                              { QStringLiteral("member"), s->floor.speaker },
                              { QStringLiteral("reason"), QStringLiteral("time_up") } });
            ended = true;
        }
    }
    if (ended) {
        m_pending.append(Pending { {}, {}, -1 });
        scheduleFlush();
    } else {
        armFloorTimer();
    }
}

} // namespace Aula::Server
