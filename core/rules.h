// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fraction.h"
#include "result.h"

#include <QString>

namespace Aula {

/**
 * How many sit in the council. `assigned` and `inOffice` count councillors only; when
 * `mayorSits` is true the mayor is one more member (TUEL art. 37), so a council of 24
 * assigned councillors with its mayor has 25 members.
 */
struct CouncilComposition
{
    /** Councillors assigned by law, not counting the mayor. */
    int assigned = 0;
    /** Councillors currently in office (assigned less vacant seats), not counting the mayor. */
    int inOffice = 0;
    /** Whether the mayor is a member of the council. */
    bool mayorSits = true;

    /** Members in office, the mayor included when he or she sits. */
    [[nodiscard]] int membersInOffice() const { return inOffice + (mayorSits ? 1 : 0); }
    /** Members assigned, the mayor included when he or she sits. */
    [[nodiscard]] int membersAssigned() const { return assigned + (mayorSits ? 1 : 0); }
    /** TUEL art. 38 c. 2: never fewer than one third of the councillors assigned, mayor excluded.
     */
    [[nodiscard]] int legalQuorumFloor() const { return (assigned + 2) / 3; }

    [[nodiscard]] Result<void> validate() const;
};

enum class Call { First, Second };

/** The *numero legale* for one call. */
struct QuorumRule
{
    enum class Kind {
        AtLeast, ///< present >= ceil(f × base)
        MoreThan, ///< present > f × base ("metà più uno" with f = 1/2)
        Count, ///< present >= a fixed number
    };
    enum class Base { Assigned, InOffice };

    Kind kind = Kind::MoreThan;
    Fraction fraction = { 1, 2 };
    int count = 0;
    Base base = Base::Assigned;
    bool includeMayor = true;

    /** Members that must be present for this rule to hold in `council`. */
    [[nodiscard]] int required(const CouncilComposition &council) const;
    /** Rejects a rule that, in this council, asks for fewer than the legal floor. */
    [[nodiscard]] Result<void> validate(const CouncilComposition &council) const;
    /** "metà più uno dei consiglieri assegnati, sindaco compreso" and its English. */
    [[nodiscard]] QString describe(bool italian) const;

    /** Defaults: first call more than half of the members assigned, mayor included. */
    static QuorumRule firstCallDefault();
    /** Defaults: second call one third of the councillors assigned, mayor excluded (the floor). */
    static QuorumRule secondCallDefault();
};

struct QuorumConfig
{
    QuorumRule firstCall = QuorumRule::firstCallDefault();
    QuorumRule secondCall = QuorumRule::secondCallDefault();

    [[nodiscard]] const QuorumRule &forCall(Call call) const
    {
        return call == Call::First ? firstCall : secondCall;
    }
};

/** How many votes in favour a motion needs, and counted against what. */
struct MajorityRule
{
    enum class Threshold {
        Relative, ///< more in favour than against
        Absolute, ///< more than half of the base
        Qualified, ///< at least a fraction of the base
    };
    enum class Base {
        Voting, ///< favour + against + blank + invalid (abstainers do not vote)
        Present,
        InOffice, ///< members in office, the mayor included when he or she sits
        Assigned, ///< members assigned, the mayor included when he or she sits
    };

    Threshold threshold = Threshold::Absolute;
    Base base = Base::Voting;
    Fraction fraction = { 2, 3 };

    /** Relative majority of those voting. */
    static MajorityRule simple() { return { Threshold::Relative, Base::Voting, { 1, 2 } }; }
    /** Absolute majority of those voting: the usual rule for deliberations. */
    static MajorityRule absoluteOfVoting()
    {
        return { Threshold::Absolute, Base::Voting, { 1, 2 } };
    }
    /** *Immediata eseguibilità* (TUEL art. 134 c. 4): absolute majority of members in office. */
    static MajorityRule immediateEffect()
    {
        return { Threshold::Absolute, Base::InOffice, { 1, 2 } };
    }

    /** "maggioranza assoluta dei votanti" / "absolute majority of those voting". */
    [[nodiscard]] QString describe(bool italian) const;
};

enum class BallotKind { Open, RollCall, Secret };

/** The count of one ballot. Blank and invalid ballots exist only in secret ballots. */
struct Tally
{
    int favour = 0;
    int against = 0;
    int abstain = 0;
    int blank = 0;
    int invalid = 0;

    /** Those who cast a ballot: abstainers are present but do not vote. */
    [[nodiscard]] int voting() const { return favour + against + blank + invalid; }
    /** Everyone who answered, abstainers included. */
    [[nodiscard]] int participating() const { return voting() + abstain; }
};

/** Everything the rules need to decide one ballot. */
struct BallotInput
{
    CouncilComposition council;
    QuorumConfig quorum;
    Call call = Call::First;
    int present = 0;
    BallotKind kind = BallotKind::Open;
    MajorityRule majority = MajorityRule::absoluteOfVoting();
    Tally votes;
};

struct Outcome
{
    enum class Verdict { Approved, Rejected, NoQuorum };

    Verdict verdict = Verdict::Rejected;
    bool quorumMet = false;
    int quorumRequired = 0;
    /** Votes in favour needed to approve. */
    int required = 0;
    /** The size of the majority's base (e.g. the number voting). */
    int baseCount = 0;
    bool tie = false;
    QString explanationIt;
    QString explanationEn;
};

/** Checks the input, then decides quorum and majority. Pure: no I/O, no clock. */
[[nodiscard]] Result<Outcome> evaluate(const BallotInput &input);

/** Whether `present` members make the sitting quorate at `call`. */
[[nodiscard]] Result<bool> quorumHolds(const CouncilComposition &council,
                                       const QuorumConfig &quorum, Call call, int present);

[[nodiscard]] QString verdictName(Outcome::Verdict verdict);

} // namespace Aula
