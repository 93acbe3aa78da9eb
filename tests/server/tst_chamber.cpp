// SPDX-License-Identifier: GPL-3.0-or-later
// The chamber engine without a network: commands, the authorization matrix, group commit,
// secret ballots and recovery, on an in-memory journal.
#include "server/chamber/chamber.h"
#include "server/demo/democouncil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;

namespace {

const QString kSitting = QStringLiteral("s2026-11");

QString member(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

} // namespace

class TestChamber : public QObject
{
    Q_OBJECT

    qint64 m_now = 1'790'000'000'000;
    std::unique_ptr<MemoryJournal> m_journal;
    std::unique_ptr<Chamber> m_chamber;

    Result<QJsonObject> run(const QString &person, const QString &type, QJsonObject args = {})
    {
        args.insert(QStringLiteral("sitting"), kSitting);
        std::optional<Result<QJsonObject>> out;
        m_chamber->submit(Actor { person, QStringLiteral("tab") }, Command { type, args },
                          [&](const Result<QJsonObject> &r) { out = r; });
        m_chamber->flush();
        if (!out)
            return Error { QStringLiteral("test"), QStringLiteral("no answer") };
        return *out;
    }

    void expectOk(const QString &person, const QString &type, const QJsonObject &args = {})
    {
        const auto r = run(person, type, args);
        QVERIFY2(
            r.ok(),
            qPrintable(type + QStringLiteral(": ") + (r.ok() ? QString() : r.error().describe())));
    }

    void expectError(const QString &person, const QString &type, const QJsonObject &args,
                     const char *code)
    {
        const auto r = run(person, type, args);
        QVERIFY2(!r.ok(),
                 qPrintable(type + QStringLiteral(" should fail with ") + QLatin1String(code)));
        QCOMPARE(r.error().code, QLatin1String(code));
    }

    void checkIn(int from, int to)
    {
        for (int i = from; i <= to; ++i)
            expectOk(member(i), QStringLiteral("attendance.checkin"));
    }

    QJsonObject lastEventPayload(const QString &type) const
    {
        const auto &events = m_journal->events();
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
            if (it->type == type)
                return it->payload;
        }
        return {};
    }

private slots:
    void init()
    {
        m_journal = std::make_unique<MemoryJournal>();
        m_chamber = std::make_unique<Chamber>(*m_journal, [this] { return m_now; });
        const QJsonObject council =
            Demo::councilImport().value(QStringLiteral("council")).toObject();
        const auto r = m_chamber->appendAdministrative(
            { { QStringLiteral("council.imported"), { { QStringLiteral("council"), council } } },
              { QStringLiteral("sitting.imported"),
                { { QStringLiteral("sitting"), Demo::sittingImport(kSitting) } } } });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().describe()));
    }

    void wholeSitting()
    {
        const QString president = member(1);
        expectError(member(5), QStringLiteral("sitting.open"),
                    { { QStringLiteral("call"), QStringLiteral("first") } }, "forbidden");
        expectOk(president, QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 12);
        // 12 of 25 present: quorum (13) not reached, ballots are blocked.
        expectError(president, QStringLiteral("ballot.open"),
                    { { QStringLiteral("item"), QStringLiteral("i3") } }, "no_quorum");
        checkIn(13, 20);
        QCOMPARE(m_chamber->state().sitting(kSitting)->presentCount(), 20);

        expectOk(president, QStringLiteral("agenda.goto"),
                 { { QStringLiteral("item"), QStringLiteral("i3") } });
        // Floor: request, grant with the configured limit, extend, yield.
        expectOk(member(7), QStringLiteral("floor.request"),
                 { { QStringLiteral("kind"), QStringLiteral("first_speech") } });
        expectError(member(7), QStringLiteral("floor.request"),
                    { { QStringLiteral("kind"), QStringLiteral("reply") } }, "already_requested");
        expectError(member(22), QStringLiteral("floor.request"),
                    { { QStringLiteral("kind"), QStringLiteral("reply") } }, "not_present");
        expectOk(president, QStringLiteral("floor.grant"),
                 { { QStringLiteral("member"), member(7) } });
        const SittingState *s = m_chamber->state().sitting(kSitting);
        QCOMPARE(s->floor.speaker, member(7));
        QCOMPARE(s->floor.limitMs, 600'000);
        expectOk(president, QStringLiteral("floor.extend"), { { QStringLiteral("seconds"), 60 } });
        QCOMPARE(m_chamber->state().sitting(kSitting)->floor.endsAt(), m_now + 660'000);
        expectError(member(8), QStringLiteral("floor.end"), {}, "forbidden");
        expectOk(member(7), QStringLiteral("floor.end"));
        QCOMPARE(lastEventPayload(QStringLiteral("floor.ended"))
                     .value(QStringLiteral("reason"))
                     .toString(),
                 QStringLiteral("yielded"));

        // Roll-call ballot on item 3: 12 for, 6 against, 2 abstain.
        const auto opened = run(president, QStringLiteral("ballot.open"),
                                { { QStringLiteral("item"), QStringLiteral("i3") } });
        QVERIFY(opened.ok());
        const QString ballot = opened->value(QStringLiteral("ballot")).toString();
        for (int i = 1; i <= 20; ++i) {
            const QString choice = i <= 12 ? QStringLiteral("favour")
                : i <= 18                  ? QStringLiteral("against")
                                           : QStringLiteral("abstain");
            expectOk(
                member(i), QStringLiteral("ballot.vote"),
                { { QStringLiteral("ballot"), ballot }, { QStringLiteral("choice"), choice } });
        }
        expectError(member(3), QStringLiteral("ballot.vote"),
                    { { QStringLiteral("ballot"), ballot },
                      { QStringLiteral("choice"), QStringLiteral("against") } },
                    "already_voted");
        expectError(member(21), QStringLiteral("ballot.vote"),
                    { { QStringLiteral("ballot"), ballot },
                      { QStringLiteral("choice"), QStringLiteral("favour") } },
                    "not_present");
        expectError(member(4), QStringLiteral("ballot.vote"),
                    { { QStringLiteral("ballot"), ballot },
                      { QStringLiteral("choice"), QStringLiteral("blank") } },
                    "already_voted");
        const auto closed = run(president, QStringLiteral("ballot.close"),
                                { { QStringLiteral("ballot"), ballot } });
        QVERIFY(closed.ok());
        const QJsonObject outcome = closed->value(QStringLiteral("outcome")).toObject();
        QCOMPARE(outcome.value(QStringLiteral("outcome")).toString(), QStringLiteral("approved"));
        QCOMPARE(outcome.value(QStringLiteral("required")).toInt(),
                 10); // absolute majority of 18 voting
        QVERIFY(outcome.value(QStringLiteral("explanation_it"))
                    .toString()
                    .startsWith(QStringLiteral("Approvata con 12 voti favorevoli su 18 votanti")));
        // The outcome agrees with the rules engine on the same numbers.
        BallotInput input;
        input.council = m_chamber->state().council()->composition;
        input.present = 20;
        input.kind = BallotKind::RollCall;
        input.votes = { 12, 6, 2, 0, 0 };
        QCOMPARE(outcome.value(QStringLiteral("explanation_en")).toString(),
                 evaluate(input)->explanationEn);
        expectError(member(5), QStringLiteral("ballot.vote"),
                    { { QStringLiteral("ballot"), ballot },
                      { QStringLiteral("choice"), QStringLiteral("favour") } },
                    "ballot_closed");

        // Immediate effect: absolute majority of the 25 members in office.
        const auto ie = run(president, QStringLiteral("ballot.open"),
                            { { QStringLiteral("item"), QStringLiteral("i3") },
                              { QStringLiteral("majority"), QStringLiteral("immediate_effect") } });
        QVERIFY(ie.ok());
        for (int i = 1; i <= 12; ++i)
            expectOk(member(i), QStringLiteral("ballot.vote"),
                     { { QStringLiteral("ballot"), ie->value(QStringLiteral("ballot")) },
                       { QStringLiteral("choice"), QStringLiteral("favour") } });
        const auto ieClosed =
            run(president, QStringLiteral("ballot.close"),
                { { QStringLiteral("ballot"), ie->value(QStringLiteral("ballot")) } });
        QCOMPARE(ieClosed->value(QStringLiteral("outcome"))
                     .toObject()
                     .value(QStringLiteral("outcome"))
                     .toString(),
                 QStringLiteral("rejected"));

        // Cancel and repeat with a reason.
        const auto again = run(president, QStringLiteral("ballot.open"),
                               { { QStringLiteral("item"), QStringLiteral("i4") } });
        QVERIFY(again.ok());
        expectError(president, QStringLiteral("agenda.goto"),
                    { { QStringLiteral("item"), QStringLiteral("i5") } }, "invalid_state");
        expectOk(president, QStringLiteral("ballot.cancel"),
                 { { QStringLiteral("ballot"), again->value(QStringLiteral("ballot")) },
                   { QStringLiteral("reason"), QStringLiteral("guasto al sistema") } });
        expectOk(president, QStringLiteral("ballot.open"),
                 { { QStringLiteral("item"), QStringLiteral("i4") },
                   { QStringLiteral("repeat_of"), again->value(QStringLiteral("ballot")) } });

        // Quorum lost mid-sitting blocks new ballots.
        expectOk(president, QStringLiteral("ballot.cancel"),
                 { { QStringLiteral("ballot"), QStringLiteral("b4") },
                   { QStringLiteral("reason"), QStringLiteral("prova") } });
        for (int i = 13; i <= 20; ++i)
            expectOk(member(i), QStringLiteral("attendance.checkout"));
        expectError(president, QStringLiteral("ballot.open"),
                    { { QStringLiteral("item"), QStringLiteral("i4") } }, "no_quorum");
        QCOMPARE(m_chamber->state().isQuorate(kSitting), false);
        // The secretary corrects attendance by hand.
        expectOk(QStringLiteral("s01"), QStringLiteral("attendance.set"),
                 { { QStringLiteral("member"), member(21) }, { QStringLiteral("present"), true } });
        expectError(
            QStringLiteral("s02"), QStringLiteral("attendance.set"),
            { { QStringLiteral("member"), member(22) }, { QStringLiteral("present"), true } },
            "forbidden");

        expectOk(president, QStringLiteral("sitting.suspend"),
                 { { QStringLiteral("reason"), QStringLiteral("pausa") } });
        expectError(president, QStringLiteral("agenda.goto"),
                    { { QStringLiteral("item"), QStringLiteral("i5") } }, "invalid_state");
        expectOk(president, QStringLiteral("sitting.resume"));
        expectOk(president, QStringLiteral("sitting.close"));
        QCOMPARE(m_chamber->state().sitting(kSitting)->status, SittingState::Status::Closed);
    }

    void secretBallotKeepsNoLink()
    {
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 20);
        const auto opened = run(member(1), QStringLiteral("ballot.open"),
                                { { QStringLiteral("item"), QStringLiteral("i5") } });
        QVERIFY(opened.ok());
        const QString ballot = opened->value(QStringLiteral("ballot")).toString();
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->kind, BallotKind::Secret);
        const char *choices[] = { "favour", "against", "abstain", "blank" };
        int expected[4] = {};
        for (int i = 1; i <= 20; ++i) {
            const int c = (i * 7) % 4;
            ++expected[c];
            expectOk(member(i), QStringLiteral("ballot.vote"),
                     { { QStringLiteral("ballot"), ballot },
                       { QStringLiteral("choice"), QLatin1String(choices[c]) } });
        }
        // Nothing in the log while the ballot is open says what anyone chose.
        for (const Event &e : m_journal->events()) {
            if (e.type == QLatin1String("ballot.vote_cast")) {
                QVERIFY(!e.payload.contains(QStringLiteral("choice")));
                const QByteArray bytes = QJsonDocument(e.payload).toJson();
                for (const char *c : choices)
                    QVERIFY(!bytes.contains(c));
            }
        }
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->choices.size(), 0);
        QCOMPARE(m_journal->urn(ballot)->size(), 20);
        const auto closed = run(member(1), QStringLiteral("ballot.close"),
                                { { QStringLiteral("ballot"), ballot } });
        QVERIFY(closed.ok());
        const QJsonObject result = lastEventPayload(QStringLiteral("ballot.closed"));
        const QJsonObject votes = result.value(QStringLiteral("votes")).toObject();
        QCOMPARE(votes.value(QStringLiteral("favour")).toInt(), expected[0]);
        QCOMPARE(votes.value(QStringLiteral("against")).toInt(), expected[1]);
        QCOMPARE(votes.value(QStringLiteral("abstain")).toInt(), expected[2]);
        QCOMPARE(votes.value(QStringLiteral("blank")).toInt(), expected[3]);
        QCOMPARE(result.value(QStringLiteral("choices")).toArray().size(), 20);
        // The roll says who took part, one mark per council member, and never a choice.
        const QString roll = result.value(QStringLiteral("roll")).toString();
        QCOMPARE(roll.size(), m_chamber->state().council()->members.size());
        QCOMPARE(roll.count(QLatin1Char('v')), 20);
        QCOMPARE(roll.count(QLatin1Char('v')) + roll.count(QLatin1Char('-')), roll.size());
        // The urn is emptied in the same commit as the result.
        QCOMPARE(m_journal->urn(ballot)->size(), 0);
        // Participation is still provable.
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->voters.size(), 20);
    }

    void groupCommit()
    {
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 25);
        const auto opened = run(member(1), QStringLiteral("ballot.open"),
                                { { QStringLiteral("item"), QStringLiteral("i3") } });
        const QString ballot = opened->value(QStringLiteral("ballot")).toString();
        const int appendsBefore = m_journal->appendCount();
        int answered = 0;
        QStringList receipts;
        QSignalSpy committed(m_chamber.get(), &Chamber::committed);
        for (int i = 1; i <= 25; ++i) {
            m_chamber->submit(
                Actor { member(i), QStringLiteral("tab") },
                Command { QStringLiteral("ballot.vote"),
                          { { QStringLiteral("sitting"), kSitting },
                            { QStringLiteral("ballot"), ballot },
                            { QStringLiteral("choice"), QStringLiteral("favour") } } },
                [&](const Result<QJsonObject> &r) {
                    QVERIFY(r.ok());
                    receipts.append(r->value(QStringLiteral("receipt")).toString());
                    ++answered;
                });
        }
        QCOMPARE(answered, 0); // nothing is acknowledged before it is durable
        QTRY_COMPARE(answered, 25);
        QCOMPARE(m_journal->appendCount(), appendsBefore + 1); // one commit for the burst
        QCOMPARE(committed.size(), 1);
        QCOMPARE(QSet<QString>(receipts.begin(), receipts.end()).size(), 25);
        QCOMPARE(receipts.first().size(), 64);
    }

    void failedCommitLosesNothingAndCountsNothing()
    {
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 20);
        const auto opened = run(member(1), QStringLiteral("ballot.open"),
                                { { QStringLiteral("item"), QStringLiteral("i3") } });
        const QString ballot = opened->value(QStringLiteral("ballot")).toString();
        m_journal->failNextAppend();
        const QJsonObject vote { { QStringLiteral("ballot"), ballot },
                                 { QStringLiteral("choice"), QStringLiteral("favour") } };
        expectError(member(3), QStringLiteral("ballot.vote"), vote, "not_recorded");
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->voters.size(), 0);
        expectOk(member(3), QStringLiteral("ballot.vote"), vote); // the retry is accepted, once
        expectError(member(3), QStringLiteral("ballot.vote"), vote, "already_voted");
        QCOMPARE(m_chamber->state().sitting(kSitting)->ballot(ballot)->voters.size(), 1);
    }

    void replayGivesTheSameState()
    {
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("second") } });
        checkIn(1, 10);
        expectOk(member(4), QStringLiteral("floor.request"),
                 { { QStringLiteral("kind"), QStringLiteral("reply") } });
        const auto opened = run(member(1), QStringLiteral("ballot.open"),
                                { { QStringLiteral("item"), QStringLiteral("i5") } });
        for (int i = 1; i <= 6; ++i)
            expectOk(member(i), QStringLiteral("ballot.vote"),
                     { { QStringLiteral("ballot"), opened->value(QStringLiteral("ballot")) },
                       { QStringLiteral("choice"), QStringLiteral("favour") } });
        Chamber restarted(*m_journal, [this] { return m_now; });
        QVERIFY(restarted.load().ok());
        QCOMPARE(QJsonDocument(restarted.state().sittingJson(kSitting, m_now)).toJson(),
                 QJsonDocument(m_chamber->state().sittingJson(kSitting, m_now)).toJson());
        QCOMPARE(restarted.state().lastSeq(), m_chamber->state().lastSeq());
        QCOMPARE(restarted.voteReceipt(QStringLiteral("b1"), member(2)),
                 m_chamber->voteReceipt(QStringLiteral("b1"), member(2)));
    }

    void floorTimeRunsOnTheServer()
    {
        // A real clock here: the timer fires on its own and ends the floor.
        MemoryJournal journal;
        Chamber chamber(journal);
        QJsonObject council = Demo::councilImport().value(QStringLiteral("council")).toObject();
        council.insert(QStringLiteral("floor"),
                       QJsonObject { { QStringLiteral("point_of_order"), 1 } });
        QVERIFY(chamber
                    .appendAdministrative(
                        { { QStringLiteral("council.imported"),
                            { { QStringLiteral("council"), council } } },
                          { QStringLiteral("sitting.imported"),
                            { { QStringLiteral("sitting"), Demo::sittingImport(kSitting) } } } })
                    .ok());
        auto submit = [&](const QString &who, const QString &type, QJsonObject args) {
            args.insert(QStringLiteral("sitting"), kSitting);
            chamber.submit(Actor { who, {} }, Command { type, args }, {});
            chamber.flush();
        };
        submit(member(1), QStringLiteral("sitting.open"),
               { { QStringLiteral("call"), QStringLiteral("first") } });
        submit(member(9), QStringLiteral("attendance.checkin"), {});
        submit(member(1), QStringLiteral("floor.grant"),
               { { QStringLiteral("member"), member(9) },
                 { QStringLiteral("kind"), QStringLiteral("point_of_order") } });
        QCOMPARE(chamber.state().sitting(kSitting)->floor.speaker, member(9));
        QTRY_VERIFY_WITH_TIMEOUT(chamber.state().sitting(kSitting)->floor.speaker.isEmpty(), 5000);
        QCOMPARE(journal.events().last().type, QStringLiteral("floor.ended"));
        QCOMPARE(journal.events().last().payload.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("time_up"));
    }

    void oneSittingAtATimeAndBallotIdsAcrossSittings()
    {
        QVERIFY(m_chamber
                    ->appendAdministrative(
                        { { QStringLiteral("sitting.imported"),
                            { { QStringLiteral("sitting"),
                                Demo::sittingImport(QStringLiteral("s-next")) } } } })
                    .ok());
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 20);
        const auto first = run(member(1), QStringLiteral("ballot.open"),
                               { { QStringLiteral("item"), QStringLiteral("i5") } });
        QCOMPARE(first->value(QStringLiteral("ballot")).toString(), QStringLiteral("b1"));
        expectOk(member(1), QStringLiteral("ballot.cancel"),
                 { { QStringLiteral("ballot"), QStringLiteral("b1") },
                   { QStringLiteral("reason"), QStringLiteral("prova") } });
        auto inNext = [&](const QString &type, QJsonObject args) {
            args.insert(QStringLiteral("sitting"), QStringLiteral("s-next"));
            std::optional<Result<QJsonObject>> out;
            m_chamber->submit(Actor { member(1), {} }, Command { type, args },
                              [&](const Result<QJsonObject> &r) { out = r; });
            m_chamber->flush();
            return *out;
        };
        const auto refused = inNext(QStringLiteral("sitting.open"),
                                    { { QStringLiteral("call"), QStringLiteral("first") } });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("invalid_state"));
        expectOk(member(1), QStringLiteral("sitting.close"));
        QVERIFY(inNext(QStringLiteral("sitting.open"),
                       { { QStringLiteral("call"), QStringLiteral("first") } })
                    .ok());
        for (int i = 1; i <= 20; ++i) {
            std::optional<Result<QJsonObject>> out;
            m_chamber->submit(
                Actor { member(i), {} },
                Command { QStringLiteral("attendance.checkin"),
                          { { QStringLiteral("sitting"), QStringLiteral("s-next") } } },
                [&](const Result<QJsonObject> &r) { out = r; });
            m_chamber->flush();
            QVERIFY(out && out->ok());
        }
        // Ballot ids go on from the previous sitting: the urn and receipts never mix them up.
        const auto next = inNext(QStringLiteral("ballot.open"),
                                 { { QStringLiteral("item"), QStringLiteral("i5") } });
        QVERIFY(next.ok());
        QCOMPARE(next->value(QStringLiteral("ballot")).toString(), QStringLiteral("b2"));
    }

    void remoteOnlyInMixedMode()
    {
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        expectError(member(5), QStringLiteral("attendance.checkin"),
                    { { QStringLiteral("remote"), true } }, "invalid_state");
        init();
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") },
                   { QStringLiteral("mode"), QStringLiteral("mixed") } });
        expectOk(member(5), QStringLiteral("attendance.checkin"),
                 { { QStringLiteral("remote"), true } });
        QVERIFY(m_chamber->state().sitting(kSitting)->attendance.value(member(5)).remote);
    }

    void authorizationMatrix_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("person");
        QTest::addColumn<QString>("role");
        // One person per role: m01 president, m02 vice president, s01 secretary, m05 councillor,
        // s02 operator, "" the public.
        const QList<QPair<QString, QString>> people = {
            { QStringLiteral("m01"), QStringLiteral("president") },
            { QStringLiteral("m02"), QStringLiteral("vice_president") },
            { QStringLiteral("s01"), QStringLiteral("secretary") },
            { QStringLiteral("m05"), QStringLiteral("councillor") },
            { QStringLiteral("s02"), QStringLiteral("operator") },
            { QString(), QStringLiteral("public") }
        };
        for (const QString &type : engineCommandTypes()) {
            for (const auto &[person, role] : people)
                QTest::newRow(qPrintable(type + QLatin1Char('/') + role)) << type << person << role;
        }
    }

    void authorizationMatrix()
    {
        QFETCH(QString, type);
        QFETCH(QString, person);
        QFETCH(QString, role);
        // A sitting in progress with something to act on: m05 and the chair present, m05
        // speaking, m06 queued, a ballot open.
        expectOk(member(1), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } });
        checkIn(1, 20);
        expectOk(member(6), QStringLiteral("floor.request"),
                 { { QStringLiteral("kind"), QStringLiteral("reply") } });
        expectOk(member(1), QStringLiteral("floor.grant"),
                 { { QStringLiteral("member"), member(5) } });
        expectOk(member(1), QStringLiteral("ballot.open"),
                 { { QStringLiteral("item"), QStringLiteral("i3") } });
        const QHash<QString, QJsonObject> args = {
            { QStringLiteral("sitting.open"),
              { { QStringLiteral("call"), QStringLiteral("first") } } },
            { QStringLiteral("attendance.set"),
              { { QStringLiteral("member"), member(21) }, { QStringLiteral("present"), true } } },
            { QStringLiteral("agenda.goto"), { { QStringLiteral("item"), QStringLiteral("i2") } } },
            { QStringLiteral("floor.request"),
              { { QStringLiteral("kind"), QStringLiteral("reply") } } },
            { QStringLiteral("floor.grant"), { { QStringLiteral("member"), member(6) } } },
            { QStringLiteral("floor.extend"), { { QStringLiteral("seconds"), 30 } } },
            { QStringLiteral("ballot.open"), { { QStringLiteral("item"), QStringLiteral("i4") } } },
            { QStringLiteral("ballot.vote"),
              { { QStringLiteral("ballot"), QStringLiteral("b1") },
                { QStringLiteral("choice"), QStringLiteral("favour") } } },
            { QStringLiteral("ballot.close"),
              { { QStringLiteral("ballot"), QStringLiteral("b1") } } },
            { QStringLiteral("ballot.cancel"),
              { { QStringLiteral("ballot"), QStringLiteral("b1") },
                { QStringLiteral("reason"), QStringLiteral("x") } } },
        };
        const auto r = run(person, type, args.value(type));
        const bool allowed = rolesAllowed(type).contains(*parseRole(role));
        if (!allowed) {
            QVERIFY2(!r.ok(), "a forbidden command was accepted");
            QCOMPARE(r.error().code, QStringLiteral("forbidden"));
        } else if (!r.ok()) {
            // Allowed by role; the state may still refuse, but never as "forbidden" — except the
            // one state-dependent rule: only the speaker (or the chair) ends the floor.
            const bool speakerRule =
                type == QLatin1String("floor.end") && role == QLatin1String("councillor");
            QVERIFY2(r.error().code != QLatin1String("forbidden") || speakerRule,
                     qPrintable(r.error().describe()));
        }
    }
};

QTEST_GUILESS_MAIN(TestChamber)
#include "tst_chamber.moc"
