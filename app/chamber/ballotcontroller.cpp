// SPDX-License-Identifier: GPL-3.0-or-later
#include "ballotcontroller.h"

#include "sync/connection/chamberconnection.h"

#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBallot, "aula.app.ballot")

namespace Aula::App {

QString choiceText(const QString &choice)
{
    if (choice == QLatin1String("favour"))
        return BallotController::tr("Favourable");
    if (choice == QLatin1String("against"))
        return BallotController::tr("Against");
    if (choice == QLatin1String("abstain"))
        return BallotController::tr("Abstain");
    if (choice == QLatin1String("blank"))
        return BallotController::tr("Blank");
    return {};
}

VotesModel::VotesModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void VotesModel::setRows(const QList<Row> &rows)
{
    bool same = rows.size() == m_rows.size();
    for (qsizetype i = 0; same && i < rows.size(); ++i)
        same = rows[i].name == m_rows[i].name && rows[i].choice == m_rows[i].choice;
    if (same)
        return;
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int VotesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant VotesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case ChoiceRole:
        return r.choice;
    case ChoiceTextRole:
        return r.choice.isEmpty() ? BallotController::tr("voted") : choiceText(r.choice);
    default:
        return {};
    }
}

QHash<int, QByteArray> VotesModel::roleNames() const
{
    return { { NameRole, "name" }, { ChoiceRole, "choice" }, { ChoiceTextRole, "choiceText" } };
}

BallotController::BallotController(QObject *parent)
    : TrackedController(parent)
{ }

const LiveBallot *BallotController::shown() const
{
    if (!sitting())
        return nullptr;
    const LiveBallot *b = sitting()->latestBallot();
    if (!b || b->status == QLatin1String("cancelled"))
        return nullptr;
    if (b->status == QLatin1String("closed") && b->id == m_dismissed)
        return nullptr;
    return b;
}

void BallotController::trackerUpdated()
{
    const LiveBallot *b = shown();
    if (!b || b->id != m_ballot) {
        // A new ballot starts clean; the choice of an earlier one is forgotten.
        m_ballot = b ? b->id : QString();
        m_local = Local::None;
        m_choice.clear();
        m_receipt.clear();
        m_problem.clear();
    }
    // The snapshot after a reconnect may show my vote already recorded.
    if (b && m_local != Local::Voted && b->voters.contains(me()) && m_local != Local::Sending)
        m_local = Local::Voted;
    QList<VotesModel::Row> rows;
    if (b && sitting()) {
        for (const QString &voter : b->voters)
            rows.append({ sitting()->nameOf(voter), b->choices.value(voter) });
    }
    m_votes.setRows(rows);
}

BallotController::Phase BallotController::phase() const
{
    const LiveBallot *b = shown();
    if (!b)
        return Phase::Idle;
    if (b->status == QLatin1String("closed"))
        return Phase::Result;
    switch (m_local) {
    case Local::Confirming:
        return Phase::Confirming;
    case Local::Sending:
        return Phase::Sending;
    case Local::Voted:
        return Phase::Voted;
    case Local::NotDelivered:
        return Phase::NotDelivered;
    case Local::Refused:
        return Phase::Refused;
    case Local::None:
        break;
    }
    return canVote() ? Phase::Choosing : Phase::Watching;
}

bool BallotController::canVote() const
{
    const LiveBallot *b = shown();
    // Eligible voters are the members present when the ballot opened; the tablet knows the
    // present set, which the chamber checks again.
    return b && b->status == QLatin1String("open") && sitting()->council().member(me())
        && sitting()->isPresent(me()) && !b->voters.contains(me());
}

QString BallotController::itemTitle() const
{
    const LiveBallot *b = shown();
    const AgendaItem *item = b ? sitting()->plan().item(b->item) : nullptr;
    return item ? tr("Item %1: %2").arg(item->number).arg(item->title) : QString();
}

QString BallotController::subject() const
{
    const LiveBallot *b = shown();
    const AgendaItem *item = b ? sitting()->plan().item(b->item) : nullptr;
    // The chamber defaults the subject to the item's title: say it once.
    return b && (!item || b->subject != item->title) ? b->subject : QString();
}

QString BallotController::kindText() const
{
    const LiveBallot *b = shown();
    if (!b)
        return {};
    if (b->kind == QLatin1String("secret"))
        return tr("Secret ballot");
    if (b->kind == QLatin1String("roll_call"))
        return tr("Roll-call ballot");
    return tr("Open ballot");
}

QString BallotController::progressText() const
{
    const LiveBallot *b = shown();
    return b ? tr("%1 of %2 have voted").arg(b->votesReceived).arg(b->eligible) : QString();
}

bool BallotController::approved() const
{
    const LiveBallot *b = shown();
    return b && b->result.value(QStringLiteral("outcome")).toString() == QLatin1String("approved");
}

QString BallotController::outcomeText() const
{
    const LiveBallot *b = shown();
    if (!b || b->result.isEmpty())
        return {};
    const QString o = b->result.value(QStringLiteral("outcome")).toString();
    if (o == QLatin1String("approved"))
        return tr("Approved");
    if (o == QLatin1String("rejected"))
        return tr("Rejected");
    if (o == QLatin1String("no_quorum") || o == QLatin1String("invalid"))
        return tr("Not valid");
    return o;
}

QString BallotController::tallyText() const
{
    const LiveBallot *b = shown();
    if (!b || b->result.isEmpty())
        return {};
    const QJsonObject v = b->result.value(QStringLiteral("votes")).toObject();
    return tr("Favourable %1 · Against %2 · Abstained %3")
        .arg(v.value(QStringLiteral("favour")).toInt())
        .arg(v.value(QStringLiteral("against")).toInt())
        .arg(v.value(QStringLiteral("abstain")).toInt());
}

QString BallotController::explanation() const
{
    const LiveBallot *b = shown();
    if (!b)
        return {};
    const bool italian = QLocale().language() == QLocale::Italian;
    return b->result
        .value(italian ? QStringLiteral("explanation_it") : QStringLiteral("explanation_en"))
        .toString();
}

void BallotController::choose(const QString &choice)
{
    if (phase() != Phase::Choosing
        || (choice != QLatin1String("favour") && choice != QLatin1String("against")
            && choice != QLatin1String("abstain")))
        return;
    m_choice = choice;
    m_local = Local::Confirming;
    Q_EMIT updated();
}

void BallotController::back()
{
    if (m_local != Local::Confirming)
        return;
    m_local = Local::None;
    m_choice.clear();
    Q_EMIT updated();
}

void BallotController::confirm()
{
    if (phase() == Phase::Confirming)
        cast();
}

void BallotController::retry()
{
    if (phase() == Phase::NotDelivered)
        cast();
}

void BallotController::dismiss()
{
    const LiveBallot *b = shown();
    if (b && b->status == QLatin1String("closed")) {
        m_dismissed = b->id;
        Q_EMIT updated();
    }
}

void BallotController::cast()
{
    m_local = Local::Sending;
    m_problem.clear();
    Q_EMIT updated();
    QPointer<BallotController> self(this);
    const QString ballot = m_ballot;
    tracker()->connection().castVote(
        tracker()->sittingId(), ballot, m_choice, [self, ballot](const Sync::VoteOutcome &v) {
            if (!self || self->m_ballot != ballot)
                return;
            switch (v.status) {
            case Sync::VoteOutcome::Status::Delivered:
                self->m_local = Local::Voted;
                self->m_receipt = v.receipt;
                break;
            case Sync::VoteOutcome::Status::NotDelivered:
                self->m_local = Local::NotDelivered;
                self->m_problem = tr("Not delivered: the chamber cannot be reached. Your vote "
                                     "was not counted yet; retry while the ballot is open.");
                break;
            case Sync::VoteOutcome::Status::Refused:
                self->m_local = Local::Refused;
                self->m_problem = tr("The chamber refused the vote: %1").arg(v.error.message);
                break;
            }
            qCInfo(lcBallot) << "vote on" << ballot << "->" << int(v.status);
            Q_EMIT self->updated();
        });
}

} // namespace Aula::App
