// SPDX-License-Identifier: GPL-3.0-or-later
#include "sittingcontroller.h"

#include "sync/connection/chamberconnection.h"

namespace Aula::App {

QString describeCommandError(const Error &error)
{
    const QString &c = error.code;
    if (c == QLatin1String("offline") || c == QLatin1String("connection_lost")
        || c == QLatin1String("timeout"))
        return SittingController::tr("Not sent: the chamber cannot be reached right now.");
    if (c == QLatin1String("no_quorum"))
        return SittingController::tr("The sitting is not quorate: no ballot can be opened.");
    if (c == QLatin1String("not_present"))
        return SittingController::tr("Check in first: you are not recorded as present.");
    if (c == QLatin1String("floor_busy"))
        return SittingController::tr("Someone else has the floor.");
    if (c == QLatin1String("forbidden"))
        return SittingController::tr("Your role does not allow this.");
    return SittingController::tr("The chamber refused: %1").arg(error.message);
}

SittingController::SittingController(QObject *parent)
    : TrackedController(parent)
{ }

QString SittingController::status() const
{
    return sitting() ? sitting()->status() : QString();
}

QString SittingController::statusText() const
{
    const QString s = status();
    if (s == QLatin1String("scheduled"))
        return tr("Scheduled");
    if (s == QLatin1String("open"))
        return tr("In progress");
    if (s == QLatin1String("suspended"))
        return tr("Suspended");
    if (s == QLatin1String("closed"))
        return tr("Closed");
    return tr("Waiting for the chamber…");
}

QString SittingController::currentItemTitle() const
{
    if (!sitting())
        return {};
    const AgendaItem *item = sitting()->plan().item(sitting()->currentItem());
    return item ? tr("Item %1: %2").arg(item->number).arg(item->title) : QString();
}

int SittingController::present() const
{
    return sitting() ? sitting()->presentCount() : 0;
}

int SittingController::quorumRequired() const
{
    return sitting() ? sitting()->quorumRequired() : 0;
}

bool SittingController::quorate() const
{
    return sitting() && sitting()->isQuorate();
}

QString SittingController::quorumText() const
{
    if (!sitting())
        return {};
    return quorate()
        ? tr("%1 present, quorum %2: reached").arg(present()).arg(quorumRequired())
        : tr("%1 present, quorum %2: not reached").arg(present()).arg(quorumRequired());
}

bool SittingController::iAmPresent() const
{
    return sitting() && sitting()->isPresent(me());
}

bool SittingController::canCheckIn() const
{
    return sitting() && sitting()->status() == QLatin1String("open")
        && sitting()->council().member(me()) && !iAmPresent();
}

bool SittingController::isChair() const
{
    return sitting() && sitting()->isChair(me());
}

QString SittingController::roleText() const
{
    if (!sitting())
        return {};
    const QString r = sitting()->role(me());
    if (r == QLatin1String("president"))
        return tr("President");
    if (r == QLatin1String("vice_president"))
        return tr("Vice president");
    if (r == QLatin1String("secretary"))
        return tr("Secretary");
    if (r == QLatin1String("councillor"))
        return tr("Councillor");
    return tr("Staff");
}

void SittingController::checkIn()
{
    run(QStringLiteral("attendance.checkin"));
}

void SittingController::checkOut()
{
    run(QStringLiteral("attendance.checkout"));
}

void SittingController::run(const QString &type, const QJsonObject &args)
{
    if (!tracker())
        return;
    QPointer<SittingController> self(this);
    tracker()->command(type, args, [self](const Result<QJsonObject> &r) {
        if (!self)
            return;
        self->m_error = r ? QString() : describeCommandError(r.error());
        Q_EMIT self->updated();
    });
}

} // namespace Aula::App
