// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rules.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Aula {

/** A political group (*gruppo consiliare*). */
struct Group
{
    QString id;
    QString name;
    /** "majority" or "opposition"; informative only. */
    QString side;
};

/** A member of the council: a councillor, or the mayor. */
struct Member
{
    /** Stable identifier, e.g. "m07"; appears in every event about the member. */
    QString id;
    QString name;
    QString group;
    bool mayor = false;
    /** Seat number in the chamber (0: no assigned seat). */
    int seat = 0;
};

/** Speaking-time limits per kind of intervention, in seconds. */
struct FloorLimits
{
    int firstSpeech = 600;
    int reply = 300;
    int declaration = 180;
    int pointOfOrder = 120;

    /** Seconds for `kind` ("first_speech", "reply", "declaration", "point_of_order"), or -1. */
    [[nodiscard]] int forKind(const QString &kind) const;
    static const QStringList &kinds();
};

/** The council: who sits in it and the rules it follows. */
struct Council
{
    QString name;
    CouncilComposition composition;
    QuorumConfig quorum;
    FloorLimits floor;
    QList<Group> groups;
    QList<Member> members;
    /** People who are not members but log in: the secretary (*segretario*), operators. */
    QList<Member> staff;
    /** Wrong PINs before a member is locked out, and for how long. */
    int pinAttempts = 5;
    int lockoutSeconds = 900;

    [[nodiscard]] const Member *member(const QString &id) const;
    /** A member or a staff person. */
    [[nodiscard]] const Member *person(const QString &id) const;

    /** Strict: unknown fields, duplicate ids, a mayor count other than composition says are errors.
     */
    static Result<Council> fromJson(const QJsonObject &object);
    [[nodiscard]] QJsonObject toJson() const;
};

/** One item of the order of business. */
struct AgendaItem
{
    struct Document
    {
        QString sha256;
        QString title;
        qint64 size = 0;
        int version = 1;
    };

    QString id;
    int number = 0;
    QString title;
    /** "deliberation", "motion", "question", "communication", "election", "minutes". */
    QString kind;
    /** Whether the item is voted on at all (communications and questions are not). */
    bool voted = true;
    BallotKind ballotKind = BallotKind::Open;
    MajorityRule majority = MajorityRule::absoluteOfVoting();
    /** Whether a second vote on immediate effect follows approval (TUEL art. 134 c. 4). */
    bool immediateEffect = false;
    QList<Document> documents;
};

enum class SittingRole { President, VicePresident, Secretary, Councillor, Operator, Public };

[[nodiscard]] QString roleName(SittingRole role);
[[nodiscard]] Result<SittingRole> parseRole(const QString &name);

/** A sitting as the clerk prepares it. */
struct SittingPlan
{
    QString id;
    QString title;
    /** ISO 8601 date and time of the first call. */
    QString scheduledAt;
    QList<AgendaItem> items;
    /** Roles other than "councillor": member id → role. */
    QHash<QString, SittingRole> roles;

    [[nodiscard]] const AgendaItem *item(const QString &id) const;
    static Result<SittingPlan> fromJson(const QJsonObject &object);
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Aula
