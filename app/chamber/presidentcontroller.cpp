// SPDX-License-Identifier: GPL-3.0-or-later
#include "presidentcontroller.h"

#include "sittingcontroller.h"

namespace Aula::App {

PresidentController::PresidentController(QObject *parent)
    : TrackedController(parent)
{ }

bool PresidentController::isChair() const
{
    return sitting() && sitting()->isChair(me());
}

bool PresidentController::isOpen() const
{
    return sitting() && sitting()->status() == QLatin1String("open");
}

const AgendaItem *PresidentController::currentItem() const
{
    return sitting() ? sitting()->plan().item(sitting()->currentItem()) : nullptr;
}

bool PresidentController::canOpenSitting() const
{
    return isChair() && !m_busy && sitting()->status() == QLatin1String("scheduled");
}

bool PresidentController::canNextItem() const
{
    if (!isChair() || m_busy || !isOpen() || !sitting()->openBallot().isEmpty())
        return false;
    const auto &items = sitting()->plan().items;
    return !items.isEmpty() && (!currentItem() || currentItem()->id != items.constLast().id);
}

bool PresidentController::canOpenBallot() const
{
    const AgendaItem *item = currentItem();
    return isChair() && !m_busy && isOpen() && sitting()->openBallot().isEmpty() && item
        && item->voted && sitting()->isQuorate();
}

bool PresidentController::canCloseBallot() const
{
    return isChair() && !m_busy && !sitting()->openBallot().isEmpty();
}

bool PresidentController::canCloseSitting() const
{
    return isChair() && !m_busy && isOpen() && sitting()->openBallot().isEmpty();
}

QString PresidentController::ballotHint() const
{
    const AgendaItem *item = currentItem();
    if (!isChair() || !isOpen() || !item || !sitting()->openBallot().isEmpty())
        return {};
    if (!item->voted)
        return tr("This item is not voted on.");
    if (!sitting()->isQuorate())
        return tr("No quorum: %1 present, %2 needed.")
            .arg(sitting()->presentCount())
            .arg(sitting()->quorumRequired());
    return {};
}

void PresidentController::openSitting()
{
    if (canOpenSitting())
        run(QStringLiteral("sitting.open"),
            { { QStringLiteral("call"), QStringLiteral("first") } });
}

void PresidentController::nextItem()
{
    if (!canNextItem())
        return;
    const auto &items = sitting()->plan().items;
    QString next = items.constFirst().id;
    for (qsizetype i = 0; i + 1 < items.size(); ++i) {
        if (items[i].id == sitting()->currentItem())
            next = items[i + 1].id;
    }
    run(QStringLiteral("agenda.goto"), { { QStringLiteral("item"), next } });
}

void PresidentController::openBallot()
{
    if (canOpenBallot())
        run(QStringLiteral("ballot.open"), { { QStringLiteral("item"), currentItem()->id } });
}

void PresidentController::closeBallot()
{
    if (canCloseBallot())
        run(QStringLiteral("ballot.close"),
            { { QStringLiteral("ballot"), sitting()->openBallot() } });
}

void PresidentController::closeSitting()
{
    if (canCloseSitting())
        run(QStringLiteral("sitting.close"));
}

void PresidentController::run(const QString &type, const QJsonObject &args)
{
    m_busy = true;
    m_error.clear();
    Q_EMIT updated();
    QPointer<PresidentController> self(this);
    tracker()->command(type, args, [self](const Result<QJsonObject> &r) {
        if (!self)
            return;
        self->m_busy = false;
        self->m_error = r ? QString() : describeCommandError(r.error());
        Q_EMIT self->updated();
    });
}

} // namespace Aula::App
