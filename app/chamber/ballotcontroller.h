// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trackedcontroller.h"

#include <QAbstractListModel>

namespace Aula::App {

/** Who voted what on one ballot (open and roll-call ballots; secret ballots list voters only). */
class VotesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Given by BallotController.votes")
public:
    enum Role { NameRole = Qt::UserRole + 1, ChoiceRole, ChoiceTextRole };
    Q_ENUM(Role)
    struct Row
    {
        QString name;
        QString choice;
    };
    explicit VotesModel(QObject *parent = nullptr);
    /** Replaces the rows (a reset only when they differ). */
    void setRows(const QList<Row> &rows);
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    QList<Row> m_rows;
};

/** "Favourable", "Against", … for a choice code. */
[[nodiscard]] QString choiceText(const QString &choice);

// The base is named in full: Qt 6.4's qmltyperegistrar drops a base it cannot find by the
// bare name moc records, and qmllint then knows neither `tracker` nor that it is a QObject.
/**
 * The ballot on this tablet: when one opens, the member chooses, confirms, and the vote is
 * cast with ChamberConnection::castVote(); the receipt, or "not delivered — retry" while the
 * ballot is open; then the result with the rules engine's explanation in the UI language.
 */
class BallotController : public Aula::App::TrackedController
{
    Q_OBJECT
    QML_ELEMENT
    /** What the vote panel shows. */
    Q_PROPERTY(Phase phase READ phase NOTIFY updated)
    /** Whether the full-screen panel is up (a ballot is open, or a result waits to be dismissed).
     */
    Q_PROPERTY(bool active READ isActive NOTIFY updated)
    Q_PROPERTY(QString itemTitle READ itemTitle NOTIFY updated)
    Q_PROPERTY(QString subject READ subject NOTIFY updated)
    /** "Open ballot", "Roll-call ballot", "Secret ballot". */
    Q_PROPERTY(QString kindText READ kindText NOTIFY updated)
    /** The choice made ("favour", "against", "abstain"), before or after confirming. */
    Q_PROPERTY(QString choice READ choice NOTIFY updated)
    Q_PROPERTY(QString choiceText READ choiceLabel NOTIFY updated)
    /** The chamber's receipt (hex) once delivered. */
    Q_PROPERTY(QString receipt READ receipt NOTIFY updated)
    /** Why the vote was not delivered or refused. */
    Q_PROPERTY(QString problem READ problem NOTIFY updated)
    /** "12 of 18 voted". */
    Q_PROPERTY(QString progressText READ progressText NOTIFY updated)
    /** "APPROVED" / "REJECTED" in words, and the tally. */
    Q_PROPERTY(QString outcomeText READ outcomeText NOTIFY updated)
    Q_PROPERTY(bool approved READ approved NOTIFY updated)
    Q_PROPERTY(QString tallyText READ tallyText NOTIFY updated)
    /** The rules engine's explanation, in the UI language. */
    Q_PROPERTY(QString explanation READ explanation NOTIFY updated)
    /** Who voted what (names only for secret ballots). */
    Q_PROPERTY(Aula::App::VotesModel *votes READ votes CONSTANT)
    /** Whether I may vote on the open ballot (eligible: present when it opened). */
    Q_PROPERTY(bool canVote READ canVote NOTIFY updated)

public:
    enum class Phase {
        /** No ballot to show. */
        Idle,
        /** A ballot is open: pick one of three. */
        Choosing,
        /** Confirm the choice. */
        Confirming,
        /** Sent, waiting for the chamber. */
        Sending,
        /** Delivered: the receipt is shown until the result. */
        Voted,
        /** Not delivered: retry while the ballot is open. */
        NotDelivered,
        /** The chamber refused the vote (problem says why). */
        Refused,
        /** Open, but I am not among the voters (e.g. arrived late, or staff). */
        Watching,
        /** Closed: the result. */
        Result,
    };
    Q_ENUM(Phase)

    explicit BallotController(QObject *parent = nullptr);

    [[nodiscard]] Phase phase() const;
    [[nodiscard]] bool isActive() const { return phase() != Phase::Idle; }
    [[nodiscard]] QString itemTitle() const;
    [[nodiscard]] QString subject() const;
    [[nodiscard]] QString kindText() const;
    [[nodiscard]] QString choice() const { return m_choice; }
    [[nodiscard]] QString choiceLabel() const { return choiceText(m_choice); }
    [[nodiscard]] QString receipt() const { return m_receipt; }
    [[nodiscard]] QString problem() const { return m_problem; }
    [[nodiscard]] QString progressText() const;
    [[nodiscard]] QString outcomeText() const;
    [[nodiscard]] bool approved() const;
    [[nodiscard]] QString tallyText() const;
    [[nodiscard]] QString explanation() const;
    [[nodiscard]] VotesModel *votes() { return &m_votes; }
    [[nodiscard]] bool canVote() const;

    /** Picks a choice ("favour", "against", "abstain") and asks for confirmation. */
    Q_INVOKABLE void choose(const QString &choice);
    /** Back from confirmation to the three choices. */
    Q_INVOKABLE void back();
    /** Casts the chosen vote. */
    Q_INVOKABLE void confirm();
    /** Sends the same vote again after "not delivered" (safe: never counted twice). */
    Q_INVOKABLE void retry();
    /** Closes the result panel. */
    Q_INVOKABLE void dismiss();

protected:
    void trackerUpdated() override;

private:
    enum class Local { None, Confirming, Sending, Voted, NotDelivered, Refused };
    [[nodiscard]] const LiveBallot *shown() const;
    void cast();

    VotesModel m_votes;
    QString m_ballot; // the ballot the local state is about
    Local m_local = Local::None;
    QString m_choice;
    QString m_receipt;
    QString m_problem;
    QString m_dismissed;
};

} // namespace Aula::App
