// SPDX-License-Identifier: GPL-3.0-or-later
#include "council.h"

#include "jsonreader.h"
#include "rulesjson.h"

#include <QRegularExpression>
#include <QSet>

namespace Aula {

using Json::invalid;
using Json::Reader;

namespace {

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]{1,40}$"));
    return re;
}

Result<QString> readId(const Reader &r, const char *key)
{
    AULA_TRY(id, r.string(key, std::nullopt, 40));
    if (!idPattern().match(*id).hasMatch())
        return invalid(r.path(key),
                       QStringLiteral("must be 1–40 letters, digits, '.', '_' or '-'"));
    return id;
}

QString indexed(const QString &path, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(path).arg(i);
}

} // namespace

int FloorLimits::forKind(const QString &kind) const
{
    if (kind == QLatin1String("first_speech"))
        return firstSpeech;
    if (kind == QLatin1String("reply"))
        return reply;
    if (kind == QLatin1String("declaration"))
        return declaration;
    if (kind == QLatin1String("point_of_order"))
        return pointOfOrder;
    return -1;
}

const QStringList &FloorLimits::kinds()
{
    static const QStringList all = { QStringLiteral("first_speech"), QStringLiteral("reply"),
                                     QStringLiteral("declaration"),
                                     QStringLiteral("point_of_order") };
    return all;
}

const Member *Council::member(const QString &id) const
{
    for (const Member &m : members) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

const Member *Council::person(const QString &id) const
{
    if (const Member *m = member(id))
        return m;
    for (const Member &s : staff) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

Result<Council> Council::fromJson(const QJsonObject &object)
{
    Reader r(object, QString());
    AULA_TRY(known,
             r.allowOnly({ "name", "composition", "quorum", "floor", "groups", "members", "staff",
                           "pin_attempts", "lockout_seconds" }));
    Council c;
    AULA_TRY(name, r.string("name", std::nullopt));
    c.name = *name;
    AULA_TRY(composition,
             RulesJson::parseCouncil(r.value("composition"), QStringLiteral("composition")));
    c.composition = *composition;
    if (r.has("quorum")) {
        AULA_TRY(quorum, RulesJson::parseQuorum(r.value("quorum")));
        c.quorum = *quorum;
    }
    if (auto v = c.quorum.firstCall.validate(c.composition); !v)
        return Error { v.error().code, v.error().message, QStringLiteral("quorum.first_call") };
    if (auto v = c.quorum.secondCall.validate(c.composition); !v)
        return Error { v.error().code, v.error().message, QStringLiteral("quorum.second_call") };
    if (r.has("floor")) {
        AULA_TRY(floor, Reader::open(r.value("floor"), QStringLiteral("floor")));
        AULA_TRY(floorKnown,
                 floor->allowOnly({ "first_speech", "reply", "declaration", "point_of_order" }));
        AULA_TRY(first, floor->count("first_speech", c.floor.firstSpeech));
        AULA_TRY(reply, floor->count("reply", c.floor.reply));
        AULA_TRY(declaration, floor->count("declaration", c.floor.declaration));
        AULA_TRY(order, floor->count("point_of_order", c.floor.pointOfOrder));
        c.floor = { *first, *reply, *declaration, *order };
    }
    AULA_TRY(attempts, r.count("pin_attempts", c.pinAttempts));
    AULA_TRY(lockout, r.count("lockout_seconds", c.lockoutSeconds));
    if (*attempts < 1)
        return invalid(QStringLiteral("pin_attempts"), QStringLiteral("must be at least 1"));
    c.pinAttempts = *attempts;
    c.lockoutSeconds = *lockout;

    AULA_TRY(groups, r.array("groups", false));
    QSet<QString> groupIds;
    for (qsizetype i = 0; i < groups->size(); ++i) {
        const QString path = indexed(QStringLiteral("groups"), i);
        AULA_TRY(g, Reader::open(groups->at(i), path));
        AULA_TRY(gKnown, g->allowOnly({ "id", "name", "side" }));
        AULA_TRY(id, readId(*g, "id"));
        AULA_TRY(gName, g->string("name", std::nullopt));
        AULA_TRY(side,
                 g->choice("side",
                           { QStringLiteral("majority"), QStringLiteral("opposition"),
                             QStringLiteral("mixed") },
                           QStringLiteral("mixed")));
        if (groupIds.contains(*id))
            return invalid(path + QStringLiteral(".id"),
                           QStringLiteral("duplicate group \"%1\"").arg(*id));
        groupIds.insert(*id);
        c.groups.append({ *id, *gName, *side });
    }

    AULA_TRY(members, r.array("members", true));
    QSet<QString> memberIds;
    QSet<int> seats;
    int mayors = 0;
    for (qsizetype i = 0; i < members->size(); ++i) {
        const QString path = indexed(QStringLiteral("members"), i);
        AULA_TRY(m, Reader::open(members->at(i), path));
        AULA_TRY(mKnown, m->allowOnly({ "id", "name", "group", "mayor", "seat" }));
        Member member;
        AULA_TRY(id, readId(*m, "id"));
        AULA_TRY(mName, m->string("name", std::nullopt));
        AULA_TRY(group, m->string("group", QString()));
        AULA_TRY(mayor, m->boolean("mayor", false));
        AULA_TRY(seat, m->count("seat", 0));
        if (memberIds.contains(*id))
            return invalid(path + QStringLiteral(".id"),
                           QStringLiteral("duplicate member \"%1\"").arg(*id));
        if (!group->isEmpty() && !groupIds.contains(*group))
            return invalid(path + QStringLiteral(".group"),
                           QStringLiteral("no group \"%1\"").arg(*group));
        if (*seat > 0 && seats.contains(*seat))
            return invalid(path + QStringLiteral(".seat"),
                           QStringLiteral("seat %1 is taken twice").arg(*seat));
        memberIds.insert(*id);
        seats.insert(*seat);
        mayors += *mayor ? 1 : 0;
        c.members.append({ *id, *mName, *group, *mayor, *seat });
    }
    AULA_TRY(staff, r.array("staff", false));
    for (qsizetype i = 0; i < staff->size(); ++i) {
        const QString path = indexed(QStringLiteral("staff"), i);
        AULA_TRY(p, Reader::open(staff->at(i), path));
        AULA_TRY(pKnown, p->allowOnly({ "id", "name" }));
        AULA_TRY(id, readId(*p, "id"));
        AULA_TRY(pName, p->string("name", std::nullopt));
        if (memberIds.contains(*id))
            return invalid(path + QStringLiteral(".id"),
                           QStringLiteral("duplicate person \"%1\"").arg(*id));
        memberIds.insert(*id);
        c.staff.append({ *id, *pName, QString(), false, 0 });
    }
    const int expectedMayors = c.composition.mayorSits ? 1 : 0;
    if (mayors != expectedMayors) {
        return invalid(QStringLiteral("members"),
                       QStringLiteral("lists %1 mayor(s), but the composition says %2")
                           .arg(mayors)
                           .arg(expectedMayors));
    }
    if (c.members.size() != c.composition.membersInOffice()) {
        return invalid(QStringLiteral("members"),
                       QStringLiteral("lists %1 members, but the composition has %2 in office")
                           .arg(c.members.size())
                           .arg(c.composition.membersInOffice()));
    }
    return c;
}

QJsonObject Council::toJson() const
{
    QJsonArray groupArray;
    for (const Group &g : groups)
        groupArray.append(QJsonObject { { QStringLiteral("id"), g.id },
                                        { QStringLiteral("name"), g.name },
                                        { QStringLiteral("side"), g.side } });
    QJsonArray memberArray;
    for (const Member &m : members) {
        memberArray.append(QJsonObject { { QStringLiteral("id"), m.id },
                                         { QStringLiteral("name"), m.name },
                                         { QStringLiteral("group"), m.group },
                                         { QStringLiteral("mayor"), m.mayor },
                                         { QStringLiteral("seat"), m.seat } });
    }
    QJsonArray staffArray;
    for (const Member &s : staff)
        staffArray.append(
            QJsonObject { { QStringLiteral("id"), s.id }, { QStringLiteral("name"), s.name } });
    return { { QStringLiteral("name"), name },
             { QStringLiteral("staff"), staffArray },
             { QStringLiteral("composition"),
               QJsonObject { { QStringLiteral("assigned"), composition.assigned },
                             { QStringLiteral("in_office"), composition.inOffice },
                             { QStringLiteral("mayor"), composition.mayorSits } } },
             { QStringLiteral("quorum"),
               QJsonObject {
                   { QStringLiteral("first_call"), RulesJson::toJson(quorum.firstCall) },
                   { QStringLiteral("second_call"), RulesJson::toJson(quorum.secondCall) } } },
             { QStringLiteral("floor"),
               QJsonObject { { QStringLiteral("first_speech"), floor.firstSpeech },
                             { QStringLiteral("reply"), floor.reply },
                             { QStringLiteral("declaration"), floor.declaration },
                             { QStringLiteral("point_of_order"), floor.pointOfOrder } } },
             { QStringLiteral("groups"), groupArray },
             { QStringLiteral("members"), memberArray },
             { QStringLiteral("pin_attempts"), pinAttempts },
             { QStringLiteral("lockout_seconds"), lockoutSeconds } };
}

QString roleName(SittingRole role)
{
    switch (role) {
    case SittingRole::President:
        return QStringLiteral("president");
    case SittingRole::VicePresident:
        return QStringLiteral("vice_president");
    case SittingRole::Secretary:
        return QStringLiteral("secretary");
    case SittingRole::Councillor:
        return QStringLiteral("councillor");
    case SittingRole::Operator:
        return QStringLiteral("operator");
    case SittingRole::Public:
        return QStringLiteral("public");
    }
    return {};
}

Result<SittingRole> parseRole(const QString &name)
{
    for (SittingRole r :
         { SittingRole::President, SittingRole::VicePresident, SittingRole::Secretary,
           SittingRole::Councillor, SittingRole::Operator, SittingRole::Public }) {
        if (roleName(r) == name)
            return r;
    }
    return Error { QStringLiteral("invalid_field"),
                   QStringLiteral("\"%1\" is not a role (president, vice_president, secretary, "
                                  "councillor, operator, public)")
                       .arg(name) };
}

const AgendaItem *SittingPlan::item(const QString &id) const
{
    for (const AgendaItem &i : items) {
        if (i.id == id)
            return &i;
    }
    return nullptr;
}

Result<SittingPlan> SittingPlan::fromJson(const QJsonObject &object)
{
    Reader r(object, QString());
    AULA_TRY(known, r.allowOnly({ "id", "title", "scheduled_at", "items", "roles" }));
    SittingPlan s;
    AULA_TRY(id, readId(r, "id"));
    AULA_TRY(title, r.string("title", std::nullopt));
    AULA_TRY(when, r.string("scheduled_at", QString()));
    s.id = *id;
    s.title = *title;
    s.scheduledAt = *when;
    if (r.has("roles")) {
        AULA_TRY(roles, Reader::open(r.value("roles"), QStringLiteral("roles")));
        const QJsonObject ro = r.value("roles").toObject();
        for (auto it = ro.begin(); it != ro.end(); ++it) {
            const QString path = QStringLiteral("roles.") + it.key();
            auto role = parseRole(it.value().toString());
            if (!role)
                return invalid(path, role.error().message);
            if (*role == SittingRole::Councillor || *role == SittingRole::Public)
                return invalid(
                    path,
                    QStringLiteral(
                        "only president, vice_president, secretary and operator are assigned"));
            s.roles.insert(it.key(), *role);
        }
    }
    AULA_TRY(items, r.array("items", true));
    QSet<QString> ids;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QString path = indexed(QStringLiteral("items"), i);
        AULA_TRY(it, Reader::open(items->at(i), path));
        AULA_TRY(itKnown,
                 it->allowOnly({ "id", "number", "title", "kind", "voted", "ballot", "majority",
                                 "immediate_effect", "documents" }));
        AgendaItem item;
        AULA_TRY(itemId, readId(*it, "id"));
        if (ids.contains(*itemId))
            return invalid(path + QStringLiteral(".id"),
                           QStringLiteral("duplicate item \"%1\"").arg(*itemId));
        ids.insert(*itemId);
        item.id = *itemId;
        AULA_TRY(number, it->count("number", int(i + 1)));
        item.number = *number;
        AULA_TRY(itemTitle, it->string("title", std::nullopt, 500));
        item.title = *itemTitle;
        AULA_TRY(kind,
                 it->choice("kind",
                            { QStringLiteral("deliberation"), QStringLiteral("motion"),
                              QStringLiteral("question"), QStringLiteral("communication"),
                              QStringLiteral("election"), QStringLiteral("minutes") },
                            QStringLiteral("deliberation")));
        item.kind = *kind;
        const bool votedByDefault =
            item.kind != QLatin1String("question") && item.kind != QLatin1String("communication");
        AULA_TRY(voted, it->boolean("voted", votedByDefault));
        item.voted = *voted;
        const QString defaultBallot = item.kind == QLatin1String("election")
            ? QStringLiteral("secret")
            : QStringLiteral("open");
        AULA_TRY(ballotName,
                 it->choice("ballot",
                            { QStringLiteral("open"), QStringLiteral("roll_call"),
                              QStringLiteral("secret") },
                            defaultBallot));
        AULA_TRY(ballot, RulesJson::parseBallotKind(QJsonValue(*ballotName), it->path("ballot")));
        item.ballotKind = *ballot;
        if (it->has("majority")) {
            AULA_TRY(majority,
                     RulesJson::parseMajority(it->value("majority"), it->path("majority")));
            item.majority = *majority;
        }
        AULA_TRY(immediate, it->boolean("immediate_effect", false));
        item.immediateEffect = *immediate;
        AULA_TRY(docs, it->array("documents", false));
        for (qsizetype d = 0; d < docs->size(); ++d) {
            const QString dpath = indexed(it->path("documents"), d);
            AULA_TRY(doc, Reader::open(docs->at(d), dpath));
            AULA_TRY(docKnown, doc->allowOnly({ "sha256", "title", "size", "version" }));
            AgendaItem::Document document;
            AULA_TRY(sha, doc->string("sha256", std::nullopt, 64));
            static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
            if (!hex.match(*sha).hasMatch())
                return invalid(doc->path("sha256"),
                               QStringLiteral("must be 64 lower-case hex digits"));
            AULA_TRY(docTitle, doc->string("title", std::nullopt, 500));
            AULA_TRY(size, doc->count("size", 0));
            AULA_TRY(version, doc->count("version", 1));
            document.sha256 = *sha;
            document.title = *docTitle;
            document.size = *size;
            document.version = *version;
            item.documents.append(document);
        }
        s.items.append(item);
    }
    return s;
}

QJsonObject SittingPlan::toJson() const
{
    QJsonArray itemArray;
    for (const AgendaItem &i : items) {
        QJsonArray docs;
        for (const auto &d : i.documents) {
            docs.append(QJsonObject { { QStringLiteral("sha256"), d.sha256 },
                                      { QStringLiteral("title"), d.title },
                                      { QStringLiteral("size"), d.size },
                                      { QStringLiteral("version"), d.version } });
        }
        itemArray.append(
            QJsonObject { { QStringLiteral("id"), i.id },
                          { QStringLiteral("number"), i.number },
                          { QStringLiteral("title"), i.title },
                          { QStringLiteral("kind"), i.kind },
                          { QStringLiteral("voted"), i.voted },
                          { QStringLiteral("ballot"), RulesJson::ballotKindName(i.ballotKind) },
                          { QStringLiteral("majority"), RulesJson::toJson(i.majority) },
                          { QStringLiteral("immediate_effect"), i.immediateEffect },
                          { QStringLiteral("documents"), docs } });
    }
    QJsonObject roleObject;
    for (auto it = roles.begin(); it != roles.end(); ++it)
        roleObject.insert(it.key(), roleName(it.value()));
    return { { QStringLiteral("id"), id },
             { QStringLiteral("title"), title },
             { QStringLiteral("scheduled_at"), scheduledAt },
             { QStringLiteral("items"), itemArray },
             { QStringLiteral("roles"), roleObject } };
}

} // namespace Aula
