// SPDX-License-Identifier: GPL-3.0-or-later
// The clerk's JSON: defaults, strictness, and errors that name the field.
#include "core/rulesjson.h"

#include <QJsonDocument>
#include <QTest>

using namespace Aula;

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestRulesJson : public QObject
{
    Q_OBJECT

private slots:
    void issueExample()
    {
        const auto in = RulesJson::parseBallotInput(parse(R"({
          "council": {"assigned": 24, "in_office": 24, "mayor": true},
          "quorum": {"first_call":  {"more_than": "1/2", "of": "assigned", "include_mayor": true},
                     "second_call": {"count": 9}},
          "call": "first",
          "present": 13,
          "ballot": {"kind": "open", "majority": {"threshold": "absolute", "base": "voting"}},
          "votes": {"favour": 7, "against": 5, "abstain": 1, "blank": 0, "invalid": 0}
        })"));
        QVERIFY2(in.ok(), qPrintable(in.ok() ? QString() : in.error().describe()));
        QCOMPARE(in->council.assigned, 24);
        QCOMPARE(in->quorum.secondCall.kind, QuorumRule::Kind::Count);
        QCOMPARE(in->quorum.secondCall.count, 9);
        QCOMPARE(in->present, 13);
        const auto out = evaluate(*in);
        QVERIFY(out.ok());
        const QJsonObject json = RulesJson::toJson(*out, *in);
        QCOMPARE(json.value(QStringLiteral("outcome")).toString(), QStringLiteral("approved"));
        QCOMPARE(json.value(QStringLiteral("quorum_met")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("quorum_required")).toInt(), 13);
        QCOMPARE(json.value(QStringLiteral("required")).toInt(), 7);
        QVERIFY(json.value(QStringLiteral("explanation_it"))
                    .toString()
                    .startsWith(QStringLiteral(
                        "Approvata con 7 voti favorevoli su 12 votanti; richiesti 7")));
        QVERIFY(
            json.value(QStringLiteral("explanation_en"))
                .toString()
                .startsWith(QStringLiteral("Approved with 7 votes in favour out of 12 voting")));
    }

    void defaults()
    {
        const auto in =
            RulesJson::parseBallotInput(parse(R"({"council": {"assigned": 16}, "present": 10})"));
        QVERIFY(in.ok());
        QCOMPARE(in->council.inOffice, 16);
        QCOMPARE(in->council.mayorSits, true);
        QCOMPARE(in->call, Call::First);
        QCOMPARE(in->kind, BallotKind::Open);
        QCOMPARE(in->majority.threshold, MajorityRule::Threshold::Absolute);
        QCOMPARE(in->majority.base, MajorityRule::Base::Voting);
        QCOMPARE(in->votes.participating(), 0);
        QCOMPARE(in->quorum.firstCall.kind, QuorumRule::Kind::MoreThan);
        QCOMPARE(in->quorum.secondCall.kind, QuorumRule::Kind::AtLeast);
        QCOMPARE(in->quorum.secondCall.includeMayor, false);
        const auto out = evaluate(*in);
        QVERIFY(out.ok());
        QCOMPARE(out->verdict, Outcome::Verdict::Rejected); // nobody voted
    }

    void qualifiedRoundTrip()
    {
        const auto in =
            RulesJson::parseBallotInput(parse(R"({"council": {"assigned": 24}, "present": 20,
            "ballot": {"kind": "secret", "majority": {"threshold": "qualified", "fraction": "2/3", "base": "assigned"}},
            "votes": {"favour": 17, "against": 1, "blank": 2}})"));
        QVERIFY(in.ok());
        QCOMPARE(in->kind, BallotKind::Secret);
        QCOMPARE(in->majority.fraction, Fraction(2, 3));
        const QJsonObject m = RulesJson::toJson(in->majority);
        const auto back = RulesJson::parseMajority(m, QStringLiteral("m"));
        QVERIFY(back.ok());
        QCOMPARE(back->threshold, MajorityRule::Threshold::Qualified);
        QCOMPARE(back->base, MajorityRule::Base::Assigned);
        QCOMPARE(back->fraction, Fraction(2, 3));
        const auto q = RulesJson::parseQuorumRule(
            RulesJson::toJson(QuorumRule::secondCallDefault()), QStringLiteral("q"));
        QVERIFY(q.ok());
        QCOMPARE(q->fraction, Fraction(1, 3));
        QCOMPARE(q->includeMayor, false);
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown top-level")
            << QByteArray(R"({"council":{"assigned":24},"present":13,"presnt":1})") << "presnt";
        QTest::newRow("unknown council field")
            << QByteArray(R"({"council":{"assigned":24,"mayors":true},"present":13})")
            << "council.mayors";
        QTest::newRow("missing council") << QByteArray(R"({"present":13})") << "council";
        QTest::newRow("missing present")
            << QByteArray(R"({"council":{"assigned":24}})") << "present";
        QTest::newRow("negative present")
            << QByteArray(R"({"council":{"assigned":24},"present":-1})") << "present";
        QTest::newRow("fractional present")
            << QByteArray(R"({"council":{"assigned":24},"present":12.5})") << "present";
        QTest::newRow("string count")
            << QByteArray(R"({"council":{"assigned":"24"},"present":13})") << "council.assigned";
        QTest::newRow("negative vote")
            << QByteArray(R"({"council":{"assigned":24},"present":13,"votes":{"favour":-2}})")
            << "votes.favour";
        QTest::newRow("unknown vote")
            << QByteArray(R"({"council":{"assigned":24},"present":13,"votes":{"yes":2}})")
            << "votes.yes";
        QTest::newRow("more votes than present") << QByteArray(
            R"({"council":{"assigned":24},"present":3,"votes":{"favour":2,"against":2}})")
                                                 << "votes";
        QTest::newRow("bad kind") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"ballot":{"kind":"public"}})")
                                  << "ballot.kind";
        QTest::newRow("bad threshold") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"ballot":{"majority":{"threshold":"simple"}}})")
                                       << "ballot.majority.threshold";
        QTest::newRow("qualified without fraction") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"ballot":{"majority":{"threshold":"qualified"}}})")
                                                    << "ballot.majority.fraction";
        QTest::newRow("fraction on absolute") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"ballot":{"majority":{"threshold":"absolute","fraction":"2/3"}}})")
                                              << "ballot.majority.fraction";
        QTest::newRow("bad fraction") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"ballot":{"majority":{"threshold":"qualified","fraction":"3/2"}}})")
                                      << "ballot.majority.fraction";
        QTest::newRow("bad call") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"call":"third"})")
                                  << "call";
        QTest::newRow("two quorum kinds") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"quorum":{"first_call":{"count":9,"more_than":"1/2"}}})")
                                          << "quorum.first_call";
        QTest::newRow("quorum below floor") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"quorum":{"second_call":{"count":5}}})")
                                            << "quorum.second_call";
        QTest::newRow("quorum bad base") << QByteArray(
            R"({"council":{"assigned":24},"present":13,"quorum":{"first_call":{"more_than":"1/2","of":"present"}}})")
                                         << "quorum.first_call.of";
        QTest::newRow("blank in open ballot")
            << QByteArray(R"({"council":{"assigned":24},"present":13,"votes":{"blank":1}})")
            << "votes.blank";
        QTest::newRow("in office above assigned")
            << QByteArray(R"({"council":{"assigned":24,"in_office":30},"present":13})")
            << "council.in_office";
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        QVERIFY(!object.isEmpty());
        auto in = RulesJson::parseBallotInput(object);
        Error error;
        if (!in.ok()) {
            error = in.error();
        } else {
            const auto out = evaluate(*in);
            QVERIFY2(!out.ok(), "expected the input to be refused");
            error = out.error();
        }
        QCOMPARE(error.field, field);
        QVERIFY(!error.message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRulesJson)
#include "tst_rulesjson.moc"
