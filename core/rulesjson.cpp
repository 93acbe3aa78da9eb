// SPDX-License-Identifier: GPL-3.0-or-later
#include "rulesjson.h"

#include "jsonreader.h"

#include <QJsonArray>
#include <cmath>

namespace Aula::RulesJson {

using Json::invalid;
using Json::Reader;

Result<CouncilComposition> parseCouncil(const QJsonValue &value, const QString &path)
{
    AULA_TRY(r, Reader::open(value, path));
    AULA_TRY(known, r->allowOnly({ "assigned", "in_office", "mayor" }));
    AULA_TRY(assigned, r->count("assigned", std::nullopt));
    AULA_TRY(inOffice, r->count("in_office", *assigned));
    AULA_TRY(mayor, r->boolean("mayor", true));
    CouncilComposition c { *assigned, *inOffice, *mayor };
    if (auto v = c.validate(); !v)
        return v.error();
    return c;
}

Result<QuorumRule> parseQuorumRule(const QJsonValue &value, const QString &path)
{
    AULA_TRY(r, Reader::open(value, path));
    AULA_TRY(known, r->allowOnly({ "at_least", "more_than", "count", "of", "include_mayor" }));
    const int kinds = int(r->has("at_least")) + int(r->has("more_than")) + int(r->has("count"));
    if (kinds != 1)
        return invalid(path, QStringLiteral("needs exactly one of at_least, more_than or count"));
    QuorumRule rule;
    if (r->has("count")) {
        if (r->has("of") || r->has("include_mayor"))
            return invalid(path,
                           QStringLiteral("a fixed count takes no \"of\" or \"include_mayor\""));
        AULA_TRY(count, r->count("count", std::nullopt));
        if (*count == 0)
            return invalid(r->path("count"), QStringLiteral("must be at least 1"));
        rule.kind = QuorumRule::Kind::Count;
        rule.count = *count;
        return rule;
    }
    const char *kindKey = r->has("at_least") ? "at_least" : "more_than";
    rule.kind = r->has("at_least") ? QuorumRule::Kind::AtLeast : QuorumRule::Kind::MoreThan;
    AULA_TRY(fraction, r->fraction(kindKey));
    rule.fraction = *fraction;
    AULA_TRY(base,
             r->choice("of", { QStringLiteral("assigned"), QStringLiteral("in_office") },
                       QStringLiteral("assigned")));
    rule.base = *base == QLatin1String("assigned") ? QuorumRule::Base::Assigned
                                                   : QuorumRule::Base::InOffice;
    AULA_TRY(mayor, r->boolean("include_mayor", true));
    rule.includeMayor = *mayor;
    return rule;
}

Result<QuorumConfig> parseQuorum(const QJsonValue &value, const QString &path)
{
    AULA_TRY(r, Reader::open(value, path));
    AULA_TRY(known, r->allowOnly({ "first_call", "second_call" }));
    QuorumConfig config;
    if (r->has("first_call")) {
        AULA_TRY(rule, parseQuorumRule(r->value("first_call"), r->path("first_call")));
        config.firstCall = *rule;
    }
    if (r->has("second_call")) {
        AULA_TRY(rule, parseQuorumRule(r->value("second_call"), r->path("second_call")));
        config.secondCall = *rule;
    }
    return config;
}

Result<MajorityRule> parseMajority(const QJsonValue &value, const QString &path)
{
    AULA_TRY(r, Reader::open(value, path));
    AULA_TRY(known, r->allowOnly({ "threshold", "base", "fraction" }));
    AULA_TRY(threshold,
             r->choice("threshold",
                       { QStringLiteral("relative"), QStringLiteral("absolute"),
                         QStringLiteral("qualified") },
                       QStringLiteral("absolute")));
    AULA_TRY(base,
             r->choice("base",
                       { QStringLiteral("voting"), QStringLiteral("present"),
                         QStringLiteral("in_office"), QStringLiteral("assigned") },
                       QStringLiteral("voting")));
    MajorityRule rule;
    if (*threshold == QLatin1String("relative"))
        rule.threshold = MajorityRule::Threshold::Relative;
    else if (*threshold == QLatin1String("absolute"))
        rule.threshold = MajorityRule::Threshold::Absolute;
    else
        rule.threshold = MajorityRule::Threshold::Qualified;
    if (*base == QLatin1String("voting"))
        rule.base = MajorityRule::Base::Voting;
    else if (*base == QLatin1String("present"))
        rule.base = MajorityRule::Base::Present;
    else if (*base == QLatin1String("in_office"))
        rule.base = MajorityRule::Base::InOffice;
    else
        rule.base = MajorityRule::Base::Assigned;
    if (rule.threshold == MajorityRule::Threshold::Qualified) {
        AULA_TRY(fraction, r->fraction("fraction"));
        rule.fraction = *fraction;
    } else if (r->has("fraction")) {
        return invalid(r->path("fraction"),
                       QStringLiteral("only a qualified majority takes a fraction"));
    }
    return rule;
}

Result<Tally> parseTally(const QJsonValue &value, const QString &path)
{
    AULA_TRY(r, Reader::open(value, path));
    AULA_TRY(known, r->allowOnly({ "favour", "against", "abstain", "blank", "invalid" }));
    Tally t;
    AULA_TRY(favour, r->count("favour", 0));
    AULA_TRY(against, r->count("against", 0));
    AULA_TRY(abstain, r->count("abstain", 0));
    AULA_TRY(blank, r->count("blank", 0));
    AULA_TRY(invalidCount, r->count("invalid", 0));
    t.favour = *favour;
    t.against = *against;
    t.abstain = *abstain;
    t.blank = *blank;
    t.invalid = *invalidCount;
    return t;
}

Result<BallotKind> parseBallotKind(const QJsonValue &value, const QString &path)
{
    const QString s = value.toString();
    if (s == QLatin1String("open"))
        return BallotKind::Open;
    if (s == QLatin1String("roll_call"))
        return BallotKind::RollCall;
    if (s == QLatin1String("secret"))
        return BallotKind::Secret;
    return invalid(path, QStringLiteral("must be one of open, roll_call, secret"));
}

QString ballotKindName(BallotKind kind)
{
    switch (kind) {
    case BallotKind::Open:
        return QStringLiteral("open");
    case BallotKind::RollCall:
        return QStringLiteral("roll_call");
    case BallotKind::Secret:
        return QStringLiteral("secret");
    }
    return {};
}

Result<BallotInput> parseBallotInput(const QJsonObject &object)
{
    Reader r(object, QString());
    AULA_TRY(known, r.allowOnly({ "council", "quorum", "call", "present", "ballot", "votes" }));
    BallotInput in;
    AULA_TRY(council, parseCouncil(r.value("council"), QStringLiteral("council")));
    in.council = *council;
    if (r.has("quorum")) {
        AULA_TRY(quorum, parseQuorum(r.value("quorum")));
        in.quorum = *quorum;
    }
    AULA_TRY(call,
             r.choice("call", { QStringLiteral("first"), QStringLiteral("second") },
                      QStringLiteral("first")));
    in.call = *call == QLatin1String("first") ? Call::First : Call::Second;
    AULA_TRY(present, r.count("present", std::nullopt));
    in.present = *present;
    if (r.has("ballot")) {
        AULA_TRY(ballot, Reader::open(r.value("ballot"), QStringLiteral("ballot")));
        AULA_TRY(ballotKnown, ballot->allowOnly({ "kind", "majority" }));
        if (ballot->has("kind")) {
            AULA_TRY(kind, parseBallotKind(ballot->value("kind"), ballot->path("kind")));
            in.kind = *kind;
        }
        if (ballot->has("majority")) {
            AULA_TRY(majority, parseMajority(ballot->value("majority"), ballot->path("majority")));
            in.majority = *majority;
        }
    }
    if (r.has("votes")) {
        AULA_TRY(votes, parseTally(r.value("votes")));
        in.votes = *votes;
    }
    return in;
}

QJsonObject toJson(const QuorumRule &rule)
{
    if (rule.kind == QuorumRule::Kind::Count)
        return { { QStringLiteral("count"), rule.count } };
    return { { rule.kind == QuorumRule::Kind::AtLeast ? QStringLiteral("at_least")
                                                      : QStringLiteral("more_than"),
               rule.fraction.toString() },
             { QStringLiteral("of"),
               rule.base == QuorumRule::Base::Assigned ? QStringLiteral("assigned")
                                                       : QStringLiteral("in_office") },
             { QStringLiteral("include_mayor"), rule.includeMayor } };
}

QJsonObject toJson(const MajorityRule &rule)
{
    static const char *thresholds[] = { "relative", "absolute", "qualified" };
    static const char *bases[] = { "voting", "present", "in_office", "assigned" };
    QJsonObject o { { QStringLiteral("threshold"), QLatin1String(thresholds[int(rule.threshold)]) },
                    { QStringLiteral("base"), QLatin1String(bases[int(rule.base)]) } };
    if (rule.threshold == MajorityRule::Threshold::Qualified)
        o.insert(QStringLiteral("fraction"), rule.fraction.toString());
    return o;
}

QJsonObject toJson(const Tally &t)
{
    return { { QStringLiteral("favour"), t.favour },
             { QStringLiteral("against"), t.against },
             { QStringLiteral("abstain"), t.abstain },
             { QStringLiteral("blank"), t.blank },
             { QStringLiteral("invalid"), t.invalid } };
}

QJsonObject toJson(const Outcome &outcome, const BallotInput &input)
{
    return { { QStringLiteral("quorum_met"), outcome.quorumMet },
             { QStringLiteral("quorum_required"), outcome.quorumRequired },
             { QStringLiteral("present"), input.present },
             { QStringLiteral("call"),
               input.call == Call::First ? QStringLiteral("first") : QStringLiteral("second") },
             { QStringLiteral("outcome"), verdictName(outcome.verdict) },
             { QStringLiteral("required"), outcome.required },
             { QStringLiteral("base_count"), outcome.baseCount },
             { QStringLiteral("voting"), input.votes.voting() },
             { QStringLiteral("tie"), outcome.tie },
             { QStringLiteral("kind"), ballotKindName(input.kind) },
             { QStringLiteral("majority"), toJson(input.majority) },
             { QStringLiteral("votes"), toJson(input.votes) },
             { QStringLiteral("explanation_it"), outcome.explanationIt },
             { QStringLiteral("explanation_en"), outcome.explanationEn } };
}

} // namespace Aula::RulesJson
