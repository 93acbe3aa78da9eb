// SPDX-License-Identifier: GPL-3.0-or-later
// The council rules, case by case, as a council secretary would check them.
#include "core/rules.h"

#include <QTest>

using namespace Aula;

namespace {

using V = Outcome::Verdict;
using T = MajorityRule::Threshold;
using B = MajorityRule::Base;

// Councils of real sizes (TUEL art. 37): 24 + mayor (comuni 30,000–100,000), 16 + mayor
// (10,000–30,000), 10 + mayor (up to 3,000), 32 + mayor (100,000–250,000), and a council
// whose president is not the mayor and where the mayor does not sit.
constexpr CouncilComposition k24 { 24, 24, true };
constexpr CouncilComposition k16 { 16, 16, true };
constexpr CouncilComposition k10 { 10, 10, true };
constexpr CouncilComposition k32 { 32, 32, true };
constexpr CouncilComposition k20NoMayor { 20, 20, false };

MajorityRule absVoting()
{
    return MajorityRule::absoluteOfVoting();
}
MajorityRule relative()
{
    return MajorityRule::simple();
}
MajorityRule rule(T t, B b, Fraction f = { 1, 2 })
{
    return { t, b, f };
}

QuorumConfig defaults()
{
    return {};
}
QuorumConfig secondCallCount(int n)
{
    QuorumConfig q;
    q.secondCall = { QuorumRule::Kind::Count, { 1, 2 }, n, QuorumRule::Base::Assigned, false };
    return q;
}

struct Case
{
    const char *name;
    CouncilComposition council;
    QuorumConfig quorum;
    Call call;
    int present;
    BallotKind kind;
    MajorityRule majority;
    Tally votes;
    V verdict;
    int quorumRequired;
    int required;
};

const Call First = Call::First;
const Call Second = Call::Second;
const BallotKind Open = BallotKind::Open;
const BallotKind RollCall = BallotKind::RollCall;
const BallotKind Secret = BallotKind::Secret;

const std::vector<Case> &cases()
{
    static const std::vector<Case> all = {
        // name, council, quorum, call, present, kind, majority, {F, C, A, blank, invalid}, verdict,
        // quorum, required
        { "issue example: 7-5-1 of 13 present",
          k24,
          defaults(),
          First,
          13,
          Open,
          absVoting(),
          { 7, 5, 1 },
          V::Approved,
          13,
          7 },
        { "first call one short of quorum",
          k24,
          defaults(),
          First,
          12,
          Open,
          absVoting(),
          { 7, 4, 1 },
          V::NoQuorum,
          13,
          6 },
        { "full council ties 12-12",
          k24,
          defaults(),
          First,
          25,
          Open,
          absVoting(),
          { 12, 12, 1 },
          V::Rejected,
          13,
          13 },
        { "12 of 20 voting",
          k24,
          defaults(),
          First,
          20,
          Open,
          absVoting(),
          { 12, 8, 0 },
          V::Approved,
          13,
          11 },
        { "10-10 tie rejects",
          k24,
          defaults(),
          First,
          20,
          Open,
          absVoting(),
          { 10, 10, 0 },
          V::Rejected,
          13,
          11 },
        { "abstainers shrink the voting base",
          k24,
          defaults(),
          First,
          20,
          Open,
          absVoting(),
          { 10, 9, 1 },
          V::Approved,
          13,
          10 },
        { "everyone abstains",
          k24,
          defaults(),
          First,
          15,
          Open,
          absVoting(),
          { 0, 0, 15 },
          V::Rejected,
          13,
          1 },
        { "nobody votes",
          k24,
          defaults(),
          First,
          14,
          Open,
          absVoting(),
          { 0, 0, 0 },
          V::Rejected,
          13,
          1 },
        { "exactly at first-call quorum",
          k24,
          defaults(),
          First,
          13,
          Open,
          absVoting(),
          { 7, 6, 0 },
          V::Approved,
          13,
          7 },
        { "second call one short",
          k24,
          defaults(),
          Second,
          7,
          Open,
          absVoting(),
          { 5, 2, 0 },
          V::NoQuorum,
          8,
          4 },
        { "exactly at second-call quorum",
          k24,
          defaults(),
          Second,
          8,
          Open,
          absVoting(),
          { 5, 3, 0 },
          V::Approved,
          8,
          5 },
        { "second call tie",
          k24,
          defaults(),
          Second,
          8,
          Open,
          absVoting(),
          { 4, 4, 0 },
          V::Rejected,
          8,
          5 },
        { "relative majority wins with abstentions",
          k24,
          defaults(),
          First,
          20,
          Open,
          relative(),
          { 8, 7, 5 },
          V::Approved,
          13,
          8 },
        { "relative majority tie",
          k24,
          defaults(),
          First,
          20,
          Open,
          relative(),
          { 7, 7, 6 },
          V::Rejected,
          13,
          8 },
        { "relative majority with few voters",
          k24,
          defaults(),
          First,
          20,
          Open,
          relative(),
          { 3, 2, 15 },
          V::Approved,
          13,
          3 },
        { "absolute of present: abstainers count against",
          k24,
          defaults(),
          First,
          20,
          Open,
          rule(T::Absolute, B::Present),
          { 10, 5, 5 },
          V::Rejected,
          13,
          11 },
        { "absolute of present reached",
          k24,
          defaults(),
          First,
          20,
          Open,
          rule(T::Absolute, B::Present),
          { 11, 4, 5 },
          V::Approved,
          13,
          11 },
        { "immediate effect reached",
          k24,
          defaults(),
          First,
          20,
          Open,
          MajorityRule::immediateEffect(),
          { 13, 7, 0 },
          V::Approved,
          13,
          13 },
        { "immediate effect missed though unanimous",
          k24,
          defaults(),
          First,
          20,
          Open,
          MajorityRule::immediateEffect(),
          { 12, 0, 8 },
          V::Rejected,
          13,
          13 },
        { "immediate effect with two vacant seats",
          { 24, 22, true },
          defaults(),
          First,
          18,
          Open,
          MajorityRule::immediateEffect(),
          { 12, 3, 3 },
          V::Approved,
          13,
          12 },
        { "two thirds of members assigned",
          k24,
          defaults(),
          First,
          20,
          Open,
          rule(T::Qualified, B::Assigned, { 2, 3 }),
          { 17, 3, 0 },
          V::Approved,
          13,
          17 },
        { "two thirds of assigned missed through absentees",
          k24,
          defaults(),
          First,
          18,
          Open,
          rule(T::Qualified, B::Assigned, { 2, 3 }),
          { 16, 0, 2 },
          V::Rejected,
          13,
          17 },
        { "two thirds of voting exactly",
          k24,
          defaults(),
          First,
          21,
          Open,
          rule(T::Qualified, B::Voting, { 2, 3 }),
          { 14, 7, 0 },
          V::Approved,
          13,
          14 },
        { "two thirds of voting one short",
          k24,
          defaults(),
          First,
          21,
          Open,
          rule(T::Qualified, B::Voting, { 2, 3 }),
          { 13, 8, 0 },
          V::Rejected,
          13,
          14 },
        { "three fifths of members in office",
          k16,
          defaults(),
          First,
          15,
          Open,
          rule(T::Qualified, B::InOffice, { 3, 5 }),
          { 11, 4, 0 },
          V::Approved,
          9,
          11 },
        { "secret: blank and invalid count as voting",
          k24,
          defaults(),
          First,
          20,
          Secret,
          absVoting(),
          { 10, 6, 0, 2, 2 },
          V::Rejected,
          13,
          11 },
        { "secret: approved despite blanks",
          k24,
          defaults(),
          First,
          20,
          Secret,
          absVoting(),
          { 11, 5, 0, 2, 2 },
          V::Approved,
          13,
          11 },
        { "secret: relative majority with blanks",
          k24,
          defaults(),
          First,
          20,
          Secret,
          relative(),
          { 8, 7, 0, 5, 0 },
          V::Approved,
          13,
          8 },
        { "secret: all blank",
          k24,
          defaults(),
          First,
          20,
          Secret,
          absVoting(),
          { 0, 0, 0, 20, 0 },
          V::Rejected,
          13,
          11 },
        { "secret: abstentions and invalid",
          k24,
          defaults(),
          First,
          20,
          Secret,
          absVoting(),
          { 9, 4, 3, 0, 4 },
          V::Approved,
          13,
          9 },
        { "small council at quorum",
          k10,
          defaults(),
          First,
          6,
          Open,
          absVoting(),
          { 4, 2, 0 },
          V::Approved,
          6,
          4 },
        { "small council without quorum",
          k10,
          defaults(),
          First,
          5,
          Open,
          absVoting(),
          { 4, 1, 0 },
          V::NoQuorum,
          6,
          3 },
        { "small council second call",
          k10,
          defaults(),
          Second,
          4,
          Open,
          absVoting(),
          { 3, 1, 0 },
          V::Approved,
          4,
          3 },
        { "large council at quorum",
          k32,
          defaults(),
          First,
          17,
          Open,
          absVoting(),
          { 9, 8, 0 },
          V::Approved,
          17,
          9 },
        { "large council second call tie",
          k32,
          defaults(),
          Second,
          11,
          Open,
          absVoting(),
          { 5, 5, 1 },
          V::Rejected,
          11,
          6 },
        { "mayor does not sit: quorum of 20",
          k20NoMayor,
          defaults(),
          First,
          11,
          Open,
          absVoting(),
          { 6, 5, 0 },
          V::Approved,
          11,
          6 },
        { "mayor does not sit: one short",
          k20NoMayor,
          defaults(),
          First,
          10,
          Open,
          absVoting(),
          { 6, 4, 0 },
          V::NoQuorum,
          11,
          6 },
        { "mayor does not sit: immediate effect",
          k20NoMayor,
          defaults(),
          First,
          15,
          Open,
          MajorityRule::immediateEffect(),
          { 11, 2, 2 },
          V::Approved,
          11,
          11 },
        { "second call fixed count of 9",
          k24,
          secondCallCount(9),
          Second,
          9,
          Open,
          absVoting(),
          { 5, 4, 0 },
          V::Approved,
          9,
          5 },
        { "second call fixed count of 9, eight present",
          k24,
          secondCallCount(9),
          Second,
          8,
          Open,
          absVoting(),
          { 5, 3, 0 },
          V::NoQuorum,
          9,
          5 },
        { "half of assigned without mayor",
          k24,
          QuorumConfig {
              { QuorumRule::Kind::AtLeast, { 1, 2 }, 0, QuorumRule::Base::Assigned, false },
              QuorumRule::secondCallDefault() },
          First,
          12,
          Open,
          absVoting(),
          { 7, 5, 0 },
          V::Approved,
          12,
          7 },
        { "half of in office with mayor",
          { 24, 20, true },
          QuorumConfig {
              { QuorumRule::Kind::AtLeast, { 1, 2 }, 0, QuorumRule::Base::InOffice, true },
              QuorumRule::secondCallDefault() },
          First,
          11,
          Open,
          absVoting(),
          { 6, 5, 0 },
          V::Approved,
          11,
          6 },
        { "roll call like open",
          k24,
          defaults(),
          First,
          16,
          RollCall,
          absVoting(),
          { 9, 7, 0 },
          V::Approved,
          13,
          9 },
        { "roll call with one abstention",
          k24,
          defaults(),
          First,
          16,
          RollCall,
          absVoting(),
          { 8, 7, 1 },
          V::Approved,
          13,
          8 },
        { "odd number voting",
          k24,
          defaults(),
          First,
          19,
          Open,
          absVoting(),
          { 10, 9, 0 },
          V::Approved,
          13,
          10 },
        { "absolute of assigned (council regulation)",
          k24,
          defaults(),
          First,
          20,
          Open,
          rule(T::Absolute, B::Assigned),
          { 13, 7, 0 },
          V::Approved,
          13,
          13 },
        { "absolute of assigned missed",
          k24,
          defaults(),
          First,
          20,
          Open,
          rule(T::Absolute, B::Assigned),
          { 12, 2, 6 },
          V::Rejected,
          13,
          13 },
        { "one vote in favour, nobody against",
          k24,
          defaults(),
          First,
          13,
          Open,
          absVoting(),
          { 1, 0, 12 },
          V::Approved,
          13,
          1 },
        { "unanimous full council",
          k24,
          defaults(),
          First,
          25,
          Open,
          absVoting(),
          { 25, 0, 0 },
          V::Approved,
          13,
          13 },
    };
    return all;
}

struct BadCase
{
    const char *name;
    BallotInput input;
    const char *code;
    const char *field;
};

BallotInput base()
{
    BallotInput in;
    in.council = k24;
    in.present = 20;
    in.votes = { 10, 5, 0 };
    return in;
}

std::vector<BadCase> badCases()
{
    std::vector<BadCase> all;
    auto add = [&](const char *name, auto change, const char *code, const char *field) {
        BallotInput in = base();
        change(in);
        all.push_back({ name, in, code, field });
    };
    add(
        "second call count below one third",
        [](BallotInput &in) { in.quorum = secondCallCount(7); }, "below_legal_floor",
        "quorum.second_call");
    add(
        "second call a quarter of assigned",
        [](BallotInput &in) {
            in.quorum.secondCall = {
                QuorumRule::Kind::AtLeast, { 1, 4 }, 0, QuorumRule::Base::Assigned, false
            };
        },
        "below_legal_floor", "quorum.second_call");
    add(
        "more than a quarter with mayor",
        [](BallotInput &in) {
            in.quorum.firstCall = {
                QuorumRule::Kind::MoreThan, { 1, 4 }, 0, QuorumRule::Base::Assigned, true
            };
        },
        "below_legal_floor", "quorum.first_call");
    add(
        "a third of in office after resignations",
        [](BallotInput &in) {
            in.council.inOffice = 18;
            in.present = 15;
            in.quorum.secondCall = {
                QuorumRule::Kind::AtLeast, { 1, 3 }, 0, QuorumRule::Base::InOffice, false
            };
        },
        "below_legal_floor", "quorum.second_call");
    add(
        "more votes than present",
        [](BallotInput &in) {
            in.present = 14;
            in.votes = { 10, 5, 0 };
        },
        "invalid_field", "votes");
    add(
        "blank ballots in an open vote", [](BallotInput &in) { in.votes.blank = 1; },
        "invalid_field", "votes.blank");
    add(
        "invalid ballots in a roll call",
        [](BallotInput &in) {
            in.kind = BallotKind::RollCall;
            in.votes.invalid = 1;
        },
        "invalid_field", "votes.invalid");
    add(
        "more present than members", [](BallotInput &in) { in.present = 26; }, "invalid_field",
        "present");
    add(
        "more in office than assigned", [](BallotInput &in) { in.council.inOffice = 25; },
        "invalid_field", "council.in_office");
    add(
        "negative votes", [](BallotInput &in) { in.votes.against = -1; }, "invalid_field",
        "votes.against");
    add(
        "no councillors",
        [](BallotInput &in) {
            in.council = { 0, 0, true };
            in.present = 0;
            in.votes = {};
        },
        "invalid_field", "council.assigned");
    return all;
}

} // namespace

class TestRules : public QObject
{
    Q_OBJECT

private slots:
    void outcome_data()
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases().size(); ++i)
            QTest::newRow(cases()[i].name) << int(i);
    }

    void outcome()
    {
        QFETCH(int, index);
        const Case &c = cases()[size_t(index)];
        BallotInput in;
        in.council = c.council;
        in.quorum = c.quorum;
        in.call = c.call;
        in.present = c.present;
        in.kind = c.kind;
        in.majority = c.majority;
        in.votes = c.votes;
        const auto result = evaluate(in);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().describe()));
        QCOMPARE(verdictName(result->verdict), verdictName(c.verdict));
        QCOMPARE(result->quorumRequired, c.quorumRequired);
        QCOMPARE(result->quorumMet, c.verdict != V::NoQuorum);
        QCOMPARE(result->required, c.required);
        QVERIFY(!result->explanationIt.isEmpty());
        QVERIFY(!result->explanationEn.isEmpty());
        // The explanation must agree with the verdict, in both languages.
        const char *it = c.verdict == V::Approved ? "Approvata"
            : c.verdict == V::Rejected            ? "Respinta"
                                                  : "numero legale";
        const char *en = c.verdict == V::Approved ? "Approved"
            : c.verdict == V::Rejected            ? "Rejected"
                                                  : "quorum";
        QVERIFY2(result->explanationIt.contains(QLatin1String(it)),
                 qPrintable(result->explanationIt));
        QVERIFY2(result->explanationEn.contains(QLatin1String(en)),
                 qPrintable(result->explanationEn));
    }

    void caseCount() { QVERIFY(cases().size() >= 40); }

    void explanationReadsLikeTheMinutes()
    {
        BallotInput in;
        in.council = k24;
        in.present = 20;
        in.votes = { 12, 8, 0 };
        const auto r = evaluate(in);
        QVERIFY(r.ok());
        QCOMPARE(r->explanationIt,
                 QStringLiteral("Approvata con 12 voti favorevoli su 20 votanti; richiesti 11 "
                                "(maggioranza assoluta dei votanti). Favorevoli 12, contrari 8, "
                                "astenuti 0; presenti 20."));
        QCOMPARE(r->explanationEn,
                 QStringLiteral("Approved with 12 votes in favour out of 20 voting; 11 required "
                                "(absolute majority of those voting). In favour 12, against 8, "
                                "abstaining 0; present 20."));
    }

    void explanationsOfTieNoQuorumAndSecret()
    {
        BallotInput in;
        in.council = k24;
        in.present = 20;
        in.votes = { 10, 10, 0 };
        auto r = evaluate(in);
        QVERIFY(r.ok() && r->tie);
        QVERIFY(r->explanationIt.startsWith(QStringLiteral(
            "Respinta per parità di voti: 10 favorevoli e 10 contrari su 20 votanti")));
        QVERIFY(r->explanationEn.startsWith(QStringLiteral("Rejected on a tie")));

        in.present = 12;
        in.votes = { 6, 5, 0 };
        r = evaluate(in);
        QVERIFY(r.ok());
        QCOMPARE(r->explanationIt,
                 QStringLiteral("Votazione non valida per mancanza del numero legale: presenti 12, "
                                "ne occorrono 13 (prima convocazione, metà più uno dei consiglieri "
                                "assegnati, sindaco compreso)."));

        in.present = 20;
        in.kind = BallotKind::Secret;
        in.votes = { 1, 0, 0, 19, 0 };
        r = evaluate(in);
        QVERIFY(r.ok());
        QVERIFY2(r->explanationIt.startsWith(
                     QStringLiteral("Respinta con 1 voto favorevole su 20 votanti; richiesti 11")),
                 qPrintable(r->explanationIt));
        QVERIFY(r->explanationIt.contains(QStringLiteral("schede bianche 19, schede nulle 0")));
    }

    void invalidInput_data()
    {
        QTest::addColumn<int>("index");
        const auto all = badCases();
        for (size_t i = 0; i < all.size(); ++i)
            QTest::newRow(all[i].name) << int(i);
    }

    void invalidInput()
    {
        QFETCH(int, index);
        const BadCase c = badCases()[size_t(index)];
        const auto r = evaluate(c.input);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QLatin1String(c.code));
        QCOMPARE(r.error().field, QLatin1String(c.field));
        QVERIFY(!r.error().message.isEmpty());
    }

    void legalFloorIsAThirdOfAssigned()
    {
        QCOMPARE((CouncilComposition { 24, 24, true }.legalQuorumFloor()), 8);
        QCOMPARE((CouncilComposition { 16, 16, true }.legalQuorumFloor()), 6);
        QCOMPARE((CouncilComposition { 10, 10, true }.legalQuorumFloor()), 4);
        QCOMPARE((CouncilComposition { 12, 12, false }.legalQuorumFloor()), 4);
        // Exactly at the floor is lawful.
        BallotInput in = base();
        in.quorum = secondCallCount(8);
        in.call = Call::Second;
        in.present = 8;
        in.votes = { 5, 3, 0 };
        QVERIFY(evaluate(in).ok());
    }

    void quorumHoldsFollowsTheCall()
    {
        const QuorumConfig q;
        QCOMPARE(*quorumHolds(k24, q, Call::First, 13), true);
        QCOMPARE(*quorumHolds(k24, q, Call::First, 12), false);
        QCOMPARE(*quorumHolds(k24, q, Call::Second, 8), true);
        QCOMPARE(*quorumHolds(k24, q, Call::Second, 7), false);
        QVERIFY(!quorumHolds(k24, secondCallCount(3), Call::Second, 8).ok());
    }

    void fractions()
    {
        QCOMPARE(Fraction(2, 3).ceilOf(25), 17);
        QCOMPARE(Fraction(2, 3).ceilOf(24), 16);
        QCOMPARE(Fraction(1, 2).smallestAbove(25), 13);
        QCOMPARE(Fraction(1, 2).smallestAbove(24), 13);
        QCOMPARE(Fraction(1, 3).ceilOf(0), 0);
        QVERIFY(Fraction::parse(QStringLiteral("2/3")).ok());
        QCOMPARE(Fraction::parse(QStringLiteral(" 3/5 "))->denominator(), 5);
        QVERIFY(Fraction::parse(QStringLiteral("1")).ok());
        for (const char *bad : { "0/3", "4/3", "-1/2", "1/0", "half", "1/2/3", "", "2/3x" })
            QVERIFY2(!Fraction::parse(QLatin1String(bad)).ok(), bad);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
