// SPDX-License-Identifier: GPL-3.0-or-later
#include "floorcontroller.h"

#include "sittingcontroller.h"

#include <QLocale>

namespace Aula::App {

FloorController::FloorController(QObject *parent)
    : TrackedController(parent)
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &FloorController::tick);
}

void FloorController::trackerUpdated()
{
    // Tick only while someone speaks: an idle tablet stays idle.
    if (sitting() && !sitting()->speaker().isEmpty())
        m_timer.start();
    else
        m_timer.stop();
    Q_EMIT tick();
}

QString FloorController::speakerName() const
{
    return sitting() && !sitting()->speaker().isEmpty() ? sitting()->nameOf(sitting()->speaker())
                                                        : QString();
}

int FloorController::remainingSeconds() const
{
    if (!sitting() || sitting()->speaker().isEmpty())
        return 0;
    const qint64 left = sitting()->speakerEndsAt() - tracker()->serverNow();
    return left <= 0 ? 0 : int((left + 999) / 1000);
}

QString FloorController::remainingText() const
{
    const int s = remainingSeconds();
    return QStringLiteral("%1:%2")
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString FloorController::queueText() const
{
    return QLocale().createSeparatedList(queueNames());
}

QStringList FloorController::queueNames() const
{
    QStringList out;
    if (sitting()) {
        for (const auto &r : sitting()->floorQueue())
            out.append(sitting()->nameOf(r.member));
    }
    return out;
}

int FloorController::myPosition() const
{
    if (!sitting())
        return 0;
    const auto &q = sitting()->floorQueue();
    for (int i = 0; i < q.size(); ++i) {
        if (q[i].member == me())
            return i + 1;
    }
    return 0;
}

bool FloorController::canRequest() const
{
    return sitting() && sitting()->status() == QLatin1String("open") && sitting()->isPresent(me())
        && myPosition() == 0 && !iAmSpeaking();
}

bool FloorController::iAmSpeaking() const
{
    return sitting() && !me().isEmpty() && sitting()->speaker() == me();
}

bool FloorController::isChair() const
{
    return sitting() && sitting()->isChair(me());
}

bool FloorController::canGrantNext() const
{
    return isChair() && sitting()->speaker().isEmpty() && !sitting()->floorQueue().isEmpty();
}

void FloorController::requestFloor()
{
    if (canRequest())
        run(QStringLiteral("floor.request"),
            { { QStringLiteral("kind"), QStringLiteral("first_speech") } });
}

void FloorController::withdraw()
{
    if (canWithdraw())
        run(QStringLiteral("floor.withdraw"));
}

void FloorController::grantNext()
{
    if (!canGrantNext())
        return;
    const auto &first = sitting()->floorQueue().constFirst();
    run(QStringLiteral("floor.grant"),
        { { QStringLiteral("member"), first.member }, { QStringLiteral("kind"), first.kind } });
}

void FloorController::extend(int seconds)
{
    if (isChair() && !sitting()->speaker().isEmpty())
        run(QStringLiteral("floor.extend"), { { QStringLiteral("seconds"), seconds } });
}

void FloorController::endSpeech()
{
    if (sitting() && !sitting()->speaker().isEmpty() && (isChair() || iAmSpeaking()))
        run(QStringLiteral("floor.end"));
}

void FloorController::run(const QString &type, const QJsonObject &args)
{
    QPointer<FloorController> self(this);
    tracker()->command(type, args, [self](const Result<QJsonObject> &r) {
        if (!self)
            return;
        self->m_error = r ? QString() : describeCommandError(r.error());
        Q_EMIT self->updated();
    });
}

} // namespace Aula::App
