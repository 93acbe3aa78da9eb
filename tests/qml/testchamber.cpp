// SPDX-License-Identifier: GPL-3.0-or-later
#include "testchamber.h"

#include <QJsonObject>

using namespace Aula;

TestChamber::TestChamber(QObject *parent)
    : QObject(parent)
    , m_fx(std::make_unique<Test::ChamberFixture>())
    , m_shelf(std::make_unique<App::DocumentShelf>(QString()))
{
    if (m_fx->ok())
        (void)m_fx->listen();
}

TestChamber::~TestChamber() = default;

bool TestChamber::connectAs(const QString &person)
{
    if (m_connection || !m_fx->m_api)
        return false;
    Sync::ConnectionOptions o;
    o.url = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_fx->m_api->port()));
    o.device = QStringLiteral("tab-") + person;
    o.requestTimeoutMs = 3000;
    m_connection = std::make_unique<Sync::ChamberConnection>(o, m_fx->deviceKey(person));
    m_session = std::make_unique<App::SessionManager>(*m_connection, nullptr);
    m_tracker = std::make_unique<App::SittingTracker>(*m_connection);
    connect(m_session.get(), &App::SessionManager::loggedIn, m_tracker.get(),
            [this] { m_tracker->follow(Test::ChamberFixture::kSitting); });
    m_connection->open();
    Q_EMIT connected();
    return true;
}

void TestChamber::tapBadge(const QString &person)
{
    if (m_session)
        m_session->badgeRead(Server::Demo::badgeUid(person));
}

void TestChamber::setBadgePolicy(const QString &policy)
{
    m_fx->m_credentials->setBadgePolicy(
        Badges::parsePolicy(policy).value_or(Badges::BadgePolicy::Desfire));
}

bool TestChamber::command(const QString &person, const QString &type, const QVariantMap &args)
{
    return m_fx->command(person, type, QJsonObject::fromVariantMap(args)).ok();
}

bool TestChamber::prepareQuorateSitting()
{
    if (!command(QStringLiteral("m01"), QStringLiteral("sitting.open"),
                 { { QStringLiteral("call"), QStringLiteral("first") } }))
        return false;
    for (int i = 1; i <= 14; ++i) {
        if (!command(QStringLiteral("m01"), QStringLiteral("attendance.set"),
                     { { QStringLiteral("member"), Test::member(i) },
                       { QStringLiteral("present"), true } }))
            return false;
    }
    return command(QStringLiteral("m01"), QStringLiteral("agenda.goto"),
                   { { QStringLiteral("item"), QStringLiteral("i1") } });
}
