// SPDX-License-Identifier: GPL-3.0-or-later
#include "rules.h"

namespace Aula {

namespace {

Error fieldError(const QString &field, const QString &message)
{
    return Error { QStringLiteral("invalid_field"), message, field };
}

// Italian and English plural forms for the few nouns the minutes use.
QString votesInFavourIt(int n)
{
    return n == 1 ? QStringLiteral("1 voto favorevole")
                  : QStringLiteral("%1 voti favorevoli").arg(n);
}
QString votesInFavourEn(int n)
{
    return n == 1 ? QStringLiteral("1 vote in favour")
                  : QStringLiteral("%1 votes in favour").arg(n);
}
QString votersIt(int n)
{
    return n == 1 ? QStringLiteral("1 votante") : QStringLiteral("%1 votanti").arg(n);
}
QString requiredIt(int n)
{
    return n == 1 ? QStringLiteral("richiesto 1") : QStringLiteral("richiesti %1").arg(n);
}

int majorityBaseCount(const BallotInput &in)
{
    switch (in.majority.base) {
    case MajorityRule::Base::Voting:
        return in.votes.voting();
    case MajorityRule::Base::Present:
        return in.present;
    case MajorityRule::Base::InOffice:
        return in.council.membersInOffice();
    case MajorityRule::Base::Assigned:
        return in.council.membersAssigned();
    }
    return 0;
}

int requiredInFavour(const BallotInput &in, int base)
{
    switch (in.majority.threshold) {
    case MajorityRule::Threshold::Relative:
        return in.votes.against + 1;
    case MajorityRule::Threshold::Absolute:
        return base / 2 + 1;
    case MajorityRule::Threshold::Qualified:
        return in.majority.fraction.ceilOf(base);
    }
    return 0;
}

// Second sentence of the minutes: the rest of the count.
QString detailIt(const BallotInput &in)
{
    QString s = QStringLiteral("Favorevoli %1, contrari %2, astenuti %3")
                    .arg(in.votes.favour)
                    .arg(in.votes.against)
                    .arg(in.votes.abstain);
    if (in.kind == BallotKind::Secret)
        s += QStringLiteral(", schede bianche %1, schede nulle %2")
                 .arg(in.votes.blank)
                 .arg(in.votes.invalid);
    return s + QStringLiteral("; presenti %1.").arg(in.present);
}
QString detailEn(const BallotInput &in)
{
    QString s = QStringLiteral("In favour %1, against %2, abstaining %3")
                    .arg(in.votes.favour)
                    .arg(in.votes.against)
                    .arg(in.votes.abstain);
    if (in.kind == BallotKind::Secret)
        s += QStringLiteral(", blank %1, invalid %2").arg(in.votes.blank).arg(in.votes.invalid);
    return s + QStringLiteral("; present %1.").arg(in.present);
}

QString callIt(Call call)
{
    return call == Call::First ? QStringLiteral("prima convocazione")
                               : QStringLiteral("seconda convocazione");
}
QString callEn(Call call)
{
    return call == Call::First ? QStringLiteral("first call") : QStringLiteral("second call");
}

Result<void> validateInput(const BallotInput &in)
{
    if (auto r = in.council.validate(); !r)
        return r;
    if (auto r = in.quorum.firstCall.validate(in.council); !r)
        return Error { r.error().code, r.error().message, QStringLiteral("quorum.first_call") };
    if (auto r = in.quorum.secondCall.validate(in.council); !r)
        return Error { r.error().code, r.error().message, QStringLiteral("quorum.second_call") };
    if (in.present < 0)
        return fieldError(QStringLiteral("present"), QStringLiteral("must not be negative"));
    if (in.present > in.council.membersInOffice()) {
        return fieldError(
            QStringLiteral("present"),
            QStringLiteral("%1 present, but the council has only %2 members in office")
                .arg(in.present)
                .arg(in.council.membersInOffice()));
    }
    const struct
    {
        const char *name;
        int value;
    } counts[] = { { "favour", in.votes.favour },
                   { "against", in.votes.against },
                   { "abstain", in.votes.abstain },
                   { "blank", in.votes.blank },
                   { "invalid", in.votes.invalid } };
    for (const auto &c : counts) {
        if (c.value < 0) {
            return fieldError(QStringLiteral("votes.") + QLatin1String(c.name),
                              QStringLiteral("must not be negative"));
        }
    }
    if (in.kind != BallotKind::Secret) {
        if (in.votes.blank > 0)
            return fieldError(QStringLiteral("votes.blank"),
                              QStringLiteral("only a secret ballot has blank ballots"));
        if (in.votes.invalid > 0)
            return fieldError(QStringLiteral("votes.invalid"),
                              QStringLiteral("only a secret ballot has invalid ballots"));
    }
    if (in.votes.participating() > in.present) {
        return fieldError(QStringLiteral("votes"),
                          QStringLiteral("%1 votes and abstentions, but only %2 members present")
                              .arg(in.votes.participating())
                              .arg(in.present));
    }
    return {};
}

} // namespace

Result<void> CouncilComposition::validate() const
{
    if (assigned <= 0)
        return fieldError(QStringLiteral("council.assigned"), QStringLiteral("must be at least 1"));
    if (inOffice < 0)
        return fieldError(QStringLiteral("council.in_office"),
                          QStringLiteral("must not be negative"));
    if (inOffice > assigned) {
        return fieldError(QStringLiteral("council.in_office"),
                          QStringLiteral("%1 in office, but only %2 councillors are assigned")
                              .arg(inOffice)
                              .arg(assigned));
    }
    return {};
}

int QuorumRule::required(const CouncilComposition &council) const
{
    if (kind == Kind::Count)
        return count;
    int b = base == Base::Assigned ? council.assigned : council.inOffice;
    if (includeMayor && council.mayorSits)
        ++b;
    return kind == Kind::AtLeast ? fraction.ceilOf(b) : fraction.smallestAbove(b);
}

Result<void> QuorumRule::validate(const CouncilComposition &council) const
{
    if (kind == Kind::Count && count <= 0)
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("count must be at least 1") };
    const int req = required(council);
    const int floor = council.legalQuorumFloor();
    if (req < floor) {
        return Error { QStringLiteral("below_legal_floor"),
                       QStringLiteral("this rule requires %1 present, below the legal floor of %2 "
                                      "(one third of the %3 councillors assigned, mayor excluded; "
                                      "TUEL art. 38 c. 2)")
                           .arg(req)
                           .arg(floor)
                           .arg(council.assigned) };
    }
    if (req > council.membersAssigned()) {
        return Error { QStringLiteral("unreachable_quorum"),
                       QStringLiteral("this rule requires %1 present, more than the %2 members")
                           .arg(req)
                           .arg(council.membersAssigned()) };
    }
    return {};
}

QString QuorumRule::describe(bool italian) const
{
    if (kind == Kind::Count)
        return italian ? QStringLiteral("%1 presenti").arg(count)
                       : QStringLiteral("%1 present").arg(count);
    const QString baseText = italian
        ? (base == Base::Assigned ? QStringLiteral("dei consiglieri assegnati")
                                  : QStringLiteral("dei consiglieri in carica"))
        : (base == Base::Assigned ? QStringLiteral("of the councillors assigned")
                                  : QStringLiteral("of the councillors in office"));
    const QString mayor = italian
        ? (includeMayor ? QStringLiteral(", sindaco compreso")
                        : QStringLiteral(", sindaco escluso"))
        : (includeMayor ? QStringLiteral(", mayor included") : QStringLiteral(", mayor excluded"));
    QString amount;
    if (kind == Kind::MoreThan && fraction == Fraction(1, 2))
        amount = italian ? QStringLiteral("metà più uno") : QStringLiteral("more than half");
    else if (kind == Kind::MoreThan)
        amount = italian ? QStringLiteral("più di %1").arg(fraction.toString())
                         : QStringLiteral("more than %1").arg(fraction.toString());
    else
        amount = italian ? QStringLiteral("almeno %1").arg(fraction.toString())
                         : QStringLiteral("at least %1").arg(fraction.toString());
    return amount + QLatin1Char(' ') + baseText + mayor;
}

QuorumRule QuorumRule::firstCallDefault()
{
    return { Kind::MoreThan, { 1, 2 }, 0, Base::Assigned, true };
}

QuorumRule QuorumRule::secondCallDefault()
{
    return { Kind::AtLeast, { 1, 3 }, 0, Base::Assigned, false };
}

QString MajorityRule::describe(bool italian) const
{
    QString kindText;
    switch (threshold) {
    case Threshold::Relative:
        kindText =
            italian ? QStringLiteral("maggioranza relativa") : QStringLiteral("relative majority");
        break;
    case Threshold::Absolute:
        kindText =
            italian ? QStringLiteral("maggioranza assoluta") : QStringLiteral("absolute majority");
        break;
    case Threshold::Qualified:
        kindText = italian
            ? QStringLiteral("maggioranza qualificata dei %1").arg(fraction.toString())
            : QStringLiteral("qualified majority of %1").arg(fraction.toString());
        break;
    }
    QString baseText;
    switch (base) {
    case Base::Voting:
        baseText = italian ? QStringLiteral("dei votanti") : QStringLiteral("of those voting");
        break;
    case Base::Present:
        baseText = italian ? QStringLiteral("dei presenti") : QStringLiteral("of those present");
        break;
    case Base::InOffice:
        baseText = italian ? QStringLiteral("dei componenti in carica")
                           : QStringLiteral("of the members in office");
        break;
    case Base::Assigned:
        baseText = italian ? QStringLiteral("dei componenti assegnati")
                           : QStringLiteral("of the members assigned");
        break;
    }
    return kindText + QLatin1Char(' ') + baseText;
}

Result<bool> quorumHolds(const CouncilComposition &council, const QuorumConfig &quorum, Call call,
                         int present)
{
    const QuorumRule &rule = quorum.forCall(call);
    if (auto r = rule.validate(council); !r)
        return r.error();
    return present >= rule.required(council);
}

Result<Outcome> evaluate(const BallotInput &in)
{
    if (auto r = validateInput(in); !r)
        return r.error();

    Outcome out;
    out.quorumRequired = in.quorum.forCall(in.call).required(in.council);
    out.quorumMet = in.present >= out.quorumRequired;
    out.baseCount = majorityBaseCount(in);
    out.required = requiredInFavour(in, out.baseCount);
    const Tally &v = in.votes;
    const int voting = v.voting();
    const QString ruleIt = in.majority.describe(true);
    const QString ruleEn = in.majority.describe(false);

    if (!out.quorumMet) {
        out.verdict = Outcome::Verdict::NoQuorum;
        out.explanationIt = QStringLiteral("Votazione non valida per mancanza del numero legale: "
                                           "presenti %1, ne occorrono %2 (%3, %4).")
                                .arg(in.present)
                                .arg(out.quorumRequired)
                                .arg(callIt(in.call), in.quorum.forCall(in.call).describe(true));
        out.explanationEn = QStringLiteral("Not valid for lack of quorum: %1 present, %2 needed "
                                           "(%3, %4).")
                                .arg(in.present)
                                .arg(out.quorumRequired)
                                .arg(callEn(in.call), in.quorum.forCall(in.call).describe(false));
        return out;
    }

    // A tie always rejects, whatever the threshold: a motion needs more for than against.
    // (No votes for and none against is not a tie but a motion nobody supported.)
    out.tie = v.favour == v.against && v.favour > 0;
    const bool approved = v.favour > v.against && v.favour >= out.required;
    out.verdict = approved ? Outcome::Verdict::Approved : Outcome::Verdict::Rejected;

    if (out.tie) {
        out.explanationIt =
            QStringLiteral("Respinta per parità di voti: %1 favorevoli e %2 contrari "
                           "su %3; a parità la proposta non è approvata. %4")
                .arg(v.favour)
                .arg(v.against)
                .arg(votersIt(voting), detailIt(in));
        out.explanationEn =
            QStringLiteral("Rejected on a tie: %1 in favour and %2 against out of %3 "
                           "voting; a tie does not approve. %4")
                .arg(v.favour)
                .arg(v.against)
                .arg(voting)
                .arg(detailEn(in));
        return out;
    }
    if (voting == 0) {
        out.explanationIt = QStringLiteral("Respinta: nessun voto espresso; %1 (%2). %3")
                                .arg(requiredIt(out.required), ruleIt, detailIt(in));
        out.explanationEn = QStringLiteral("Rejected: no votes cast; %1 required (%2). %3")
                                .arg(out.required)
                                .arg(ruleEn, detailEn(in));
        return out;
    }
    const QString verbIt = approved ? QStringLiteral("Approvata") : QStringLiteral("Respinta");
    const QString verbEn = approved ? QStringLiteral("Approved") : QStringLiteral("Rejected");
    out.explanationIt = QStringLiteral("%1 con %2 su %3; %4 (%5). %6")
                            .arg(verbIt, votesInFavourIt(v.favour), votersIt(voting),
                                 requiredIt(out.required), ruleIt, detailIt(in));
    out.explanationEn = QStringLiteral("%1 with %2 out of %3 voting; %4 required (%5). %6")
                            .arg(verbEn, votesInFavourEn(v.favour))
                            .arg(voting)
                            .arg(out.required)
                            .arg(ruleEn, detailEn(in));
    return out;
}

QString verdictName(Outcome::Verdict verdict)
{
    switch (verdict) {
    case Outcome::Verdict::Approved:
        return QStringLiteral("approved");
    case Outcome::Verdict::Rejected:
        return QStringLiteral("rejected");
    case Outcome::Verdict::NoQuorum:
        return QStringLiteral("no_quorum");
    }
    return {};
}

} // namespace Aula
