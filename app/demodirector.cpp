// SPDX-License-Identifier: GPL-3.0-or-later
#include "demodirector.h"

#include "app/chamber/ballotcontroller.h"
#include "app/chamber/documentshelf.h"
#include "app/chamber/floorcontroller.h"
#include "app/chamber/presidentcontroller.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/sittingcontroller.h"
#include "app/chamber/sittingtracker.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "aula.app.demo")

namespace Aula::App {

DemoDirector::DemoDirector(Part part, const QString &person, SessionManager &session,
                           SittingTracker &tracker, QQuickWindow &window, const QString &shotsDir,
                           QObject *parent)
    : QObject(parent)
    , m_part(part)
    , m_person(person)
    , m_session(session)
    , m_tracker(tracker)
    , m_window(window)
    , m_shots(shotsDir)
    , m_sitting(new SittingController(this))
    , m_floor(new FloorController(this))
    , m_chair(new PresidentController(this))
{
    m_sitting->setTracker(&tracker);
    m_floor->setTracker(&tracker);
    m_chair->setTracker(&tracker);
    m_poll.setInterval(300);
    connect(&m_poll, &QTimer::timeout, this, &DemoDirector::step);
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(120000);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        qCWarning(lcDemo) << "the demo part did not finish in time; done so far:" << m_done;
        Q_EMIT finished(1);
    });
}

void DemoDirector::start()
{
    if (!m_shots.isEmpty())
        QDir().mkpath(m_shots);
    m_deadline.start();
    m_poll.start();
}

bool DemoDirector::once(const QString &key)
{
    if (m_done.contains(key))
        return false;
    m_done.insert(key);
    qCInfo(lcDemo) << m_person << key;
    return true;
}

void DemoDirector::later(int ms, std::function<void()> what)
{
    m_waiting = true;
    QTimer::singleShot(ms, this, [this, what = std::move(what)] {
        m_waiting = false;
        what();
    });
}

void DemoDirector::shoot(const QString &name)
{
    if (m_shots.isEmpty())
        return;
    const QString file = QDir(m_shots).filePath(QStringLiteral("%1-%2-%3.png")
                                                    .arg(m_person)
                                                    .arg(++m_shot, 2, 10, QLatin1Char('0'))
                                                    .arg(name));
    if (!m_window.grabWindow().save(file))
        qCWarning(lcDemo) << "cannot write" << file;
    else
        qCInfo(lcDemo).noquote() << "screenshot" << file;
}

void DemoDirector::step()
{
    if (m_waiting)
        return;
    // Login: the page, the badge, the PIN pad, the PIN.
    if (m_session.state() != SessionManager::State::LoggedIn) {
        if (once(QStringLiteral("login-page"))) {
            return later(800, [this] { shoot(QStringLiteral("login")); });
        }
        if (m_session.state() == SessionManager::State::WaitingForBadge
            && once(QStringLiteral("badge"))) {
            m_session.presentDemoBadge(m_person);
            return;
        }
        if (m_session.state() == SessionManager::State::EnteringPin
            && once(QStringLiteral("pin"))) {
            for (int d : { 1, 2, 3 })
                m_session.appendDigit(d);
            return later(500, [this] {
                shoot(QStringLiteral("pin-pad"));
                m_session.appendDigit(4);
                m_session.submitPin();
            });
        }
        return;
    }
    if (!m_tracker.isReady())
        return;
    if (once(QStringLiteral("sittings"))) {
        m_window.setProperty("page", QStringLiteral("sittings"));
        return later(800, [this] {
            shoot(QStringLiteral("sittings"));
            m_window.setProperty("page", QStringLiteral("sitting"));
        });
    }
    if (m_part == Part::President)
        stepPresident();
    else
        stepCouncillor();
}

void DemoDirector::stepPresident()
{
    const LiveSitting &s = m_tracker.sitting();
    auto *ballot = m_window.property("ballot").value<BallotController *>();
    if (s.status() == QLatin1String("scheduled")) {
        if (once(QStringLiteral("open-sitting"))) {
            shoot(QStringLiteral("chair-before-opening"));
            m_chair->openSitting();
        }
        return;
    }
    if (!s.isPresent(m_person)) {
        if (once(QStringLiteral("check-in")))
            m_sitting->checkIn();
        return;
    }
    if (once(QStringLiteral("attendance"))) {
        // The secretary's manual attendance for the members without a demo tablet.
        for (int i = 2; i <= 14; ++i) {
            const QString m = QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
            if (m != QLatin1String("m07"))
                m_tracker.command(
                    QStringLiteral("attendance.set"),
                    { { QStringLiteral("member"), m }, { QStringLiteral("present"), true } }, {});
        }
        return;
    }
    if (s.currentItem().isEmpty()) {
        if (once(QStringLiteral("first-item")))
            m_chair->nextItem();
        return;
    }
    const AgendaItem *current = s.plan().item(s.currentItem());
    if (current && !current->voted && s.openBallot().isEmpty()
        && !m_done.contains(QStringLiteral("open-ballot"))) {
        // The demo votes on the first item that is voted on.
        if (once(QStringLiteral("skip-") + current->id))
            m_chair->nextItem();
        return;
    }
    const bool m07Queued =
        !s.floorQueue().isEmpty() && s.floorQueue().constFirst().member == QLatin1String("m07");
    if (!m_done.contains(QStringLiteral("grant"))) {
        if (m07Queued && s.speaker().isEmpty() && once(QStringLiteral("grant"))) {
            // Give the councillor's tablet time to show the queue first.
            later(2000, [this] {
                shoot(QStringLiteral("chair-queue"));
                m_floor->grantNext();
            });
        }
        return;
    }
    if (!s.speaker().isEmpty()) {
        if (once(QStringLiteral("speaking")))
            later(2500, [this] {
                shoot(QStringLiteral("chair-speaker-timer"));
                m_floor->endSpeech();
            });
        return;
    }
    if (!m_done.contains(QStringLiteral("speech-ended"))
        && m_done.contains(QStringLiteral("speaking")))
        m_done.insert(QStringLiteral("speech-ended"));
    if (!m_done.contains(QStringLiteral("speech-ended")))
        return;
    if (s.openBallot().isEmpty() && !m_done.contains(QStringLiteral("open-ballot"))) {
        if (once(QStringLiteral("open-ballot")))
            m_chair->openBallot();
        return;
    }
    const LiveBallot *b = s.latestBallot();
    if (!b)
        return;
    if (b->status == QLatin1String("open")) {
        if (ballot && ballot->phase() == BallotController::Phase::Choosing
            && once(QStringLiteral("vote"))) {
            ballot->choose(QStringLiteral("favour"));
            ballot->confirm();
            return;
        }
        // The councillor's tablet (m07) and the chair have voted: the live count says so
        // (who voted what comes with the result).
        if (b->votesReceived >= 2 && once(QStringLiteral("close-ballot"))) {
            // Show the chair's screen under the panel first.
            later(1000, [this] { m_chair->closeBallot(); });
        }
        return;
    }
    if (b->status == QLatin1String("closed") && once(QStringLiteral("result"))) {
        later(1000, [this, ballot] {
            shoot(QStringLiteral("result"));
            if (ballot)
                ballot->dismiss();
            later(800, [this] {
                shoot(QStringLiteral("chair-after-ballot"));
                // Leave the councillor time to see the result before the sitting moves on.
                later(6000, [this] { Q_EMIT finished(0); });
            });
        });
    }
}

void DemoDirector::stepCouncillor()
{
    const LiveSitting &s = m_tracker.sitting();
    auto *ballot = m_window.property("ballot").value<BallotController *>();
    if (s.status() != QLatin1String("open"))
        return;
    if (!s.isPresent(m_person)) {
        if (once(QStringLiteral("check-in"))) {
            shoot(QStringLiteral("sitting-not-checked-in"));
            m_sitting->checkIn();
        }
        return;
    }
    if (s.currentItem().isEmpty())
        return;
    if (once(QStringLiteral("request-floor"))) {
        m_floor->requestFloor();
        return;
    }
    if (m_floor->myPosition() > 0 && once(QStringLiteral("queued")))
        return later(500, [this] { shoot(QStringLiteral("sitting-queued")); });
    if (s.speaker() == m_person && once(QStringLiteral("speaking")))
        return later(1200, [this] { shoot(QStringLiteral("sitting-speaking")); });
    if (!ballot)
        return;
    switch (ballot->phase()) {
    case BallotController::Phase::Choosing:
        if (once(QStringLiteral("choose")))
            later(600, [this, ballot] {
                shoot(QStringLiteral("vote-choose"));
                ballot->choose(QStringLiteral("favour"));
                later(600, [this] { shoot(QStringLiteral("vote-confirm")); });
            });
        break;
    case BallotController::Phase::Confirming:
        if (once(QStringLiteral("confirm")))
            ballot->confirm();
        break;
    case BallotController::Phase::Voted:
        if (once(QStringLiteral("receipt")))
            later(600, [this] { shoot(QStringLiteral("vote-receipt")); });
        break;
    case BallotController::Phase::Result:
        if (once(QStringLiteral("result")))
            later(1000, [this, ballot] {
                shoot(QStringLiteral("vote-result"));
                ballot->dismiss();
                later(600, [this] {
                    shoot(QStringLiteral("sitting-after-ballot"));
                    openFirstDocument();
                });
            });
        break;
    default:
        break;
    }
}

} // namespace Aula::App

namespace Aula::App {

void DemoDirector::openFirstDocument()
{
    auto *shelf = m_window.property("shelf").value<DocumentShelf *>();
    const LiveSitting &s = m_tracker.sitting();
    for (const AgendaItem &item : s.plan().items) {
        for (const auto &doc : item.documents) {
            if (!shelf || !shelf->has(doc.sha256))
                continue;
            QMetaObject::invokeMethod(&m_window, "openDocument", Q_ARG(QVariant, doc.sha256),
                                      Q_ARG(QVariant, doc.title));
            later(2500, [this] {
                shoot(QStringLiteral("reader"));
                Q_EMIT finished(0);
            });
            return;
        }
    }
    qCInfo(lcDemo) << "no document on this tablet to open";
    Q_EMIT finished(0);
}

} // namespace Aula::App
