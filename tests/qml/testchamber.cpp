// SPDX-License-Identifier: GPL-3.0-or-later
#include "testchamber.h"

#include "sync/documents/manifest.h"

#include <QDate>
#include <QFile>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>

using namespace Aula;

namespace {

// A PDF-looking document of `kib` KiB (the pages never open it: the sittings page only
// counts what is in the store).
QByteArray documentBytes(int n, int kib)
{
    QByteArray content(qsizetype(kib) * 1024, Qt::Uninitialized);
    QRandomGenerator rng(quint32(n + 1));
    for (qsizetype j = 0; j + 4 <= content.size(); j += 4) {
        const quint32 v = rng.generate();
        memcpy(content.data() + j, &v, 4);
    }
    content.replace(0, 8, "%PDF-1.4");
    return content;
}

} // namespace

TestChamber::TestChamber(QObject *parent)
    : QObject(parent)
    , m_fx(std::make_unique<Test::ChamberFixture>())
    , m_shelf(std::make_unique<App::DocumentShelf>(QString()))
{
    if (m_fx->ok())
        (void)m_fx->listen();

    // The chamber's document service with a manifest of two sittings.
    m_documents = std::make_unique<Server::DocumentStore>(m_dir.path() + QStringLiteral("/docs"));
    (void)m_documents->initialize();
    const QStringList titles = { QStringLiteral("Verbale della seduta precedente"),
                                 QStringLiteral("Variazione di bilancio 2026"),
                                 QStringLiteral("Regolamento del verde pubblico"),
                                 QStringLiteral("Rendiconto 2025"),
                                 QStringLiteral("Piano delle opere pubbliche") };
    // Dated from today, so one is always upcoming and the other always past.
    const QDate today = QDate::currentDate();
    const auto title = [](QDate d) {
        return QStringLiteral("Seduta ordinaria del %1")
            .arg(QLocale(QLocale::Italian).toString(d, QStringLiteral("d MMMM yyyy")));
    };
    Sync::ManifestSitting upcoming { Test::ChamberFixture::kSitting,
                                     title(today.addDays(7)),
                                     today.addDays(7).toString(Qt::ISODate),
                                     {} };
    Sync::ManifestSitting past { QStringLiteral("s0"),
                                 title(today.addDays(-35)),
                                 today.addDays(-35).toString(Qt::ISODate),
                                 {} };
    for (int i = 0; i < titles.size(); ++i) {
        const QByteArray content = documentBytes(i, 512);
        const QString src = m_dir.path() + QStringLiteral("/src-%1").arg(i);
        QFile f(src);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return;
        f.close();
        auto stored = m_documents->importFile(src);
        if (!stored)
            return;
        Sync::ManifestDocument d;
        d.sha256 = QByteArray::fromHex(stored->sha256.toLatin1());
        d.size = stored->size;
        // The file name is not the title: the page must show the manifest's title.
        d.name = QStringLiteral("allegato-%1.pdf").arg(i + 1);
        d.title = titles[i];
        d.mediaType = QStringLiteral("application/pdf");
        (i < 3 ? upcoming : past)
            .items.append(Sync::ManifestItem {
                QStringLiteral("i%1").arg(i + 1), QStringLiteral("Punto %1").arg(i + 1), { d } });
    }
    Sync::Manifest manifest;
    manifest.currentSitting = upcoming.id;
    manifest.sittings = { past, upcoming };
    m_manifest = manifest.toJson();
    m_http = std::make_unique<Server::DocumentHttpServer>(m_documents.get());
    m_http->setTokenValidator(
        [this](QByteArrayView t) { return m_fx->m_api && m_fx->m_api->isSessionToken(t); });
    m_http->setManifestProvider([this] { return m_manifest; });
    if (!m_http->listenPlainLoopback(QHostAddress::LocalHost))
        return;
    m_proxy = std::make_unique<Test::TcpProxy>(m_http->serverPort());

    m_keys = std::make_unique<Platform::FileKeyVault>(m_dir.path() + QStringLiteral("/keyvault"));
    App::VaultOptions options;
    options.root = m_dir.path() + QStringLiteral("/stores");
    options.sync.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()));
    options.sync.parallel = 1;
    options.sync.chunkBytes = 64 * 1024;
    // After a cut the next attempt waits long: the page can be looked at mid-sync.
    options.sync.retryInitialMs = 10 * 60 * 1000;
    options.sync.retryMaxMs = 10 * 60 * 1000;
    options.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 };
    m_vault = std::make_unique<App::TabletVault>(options, *m_keys);
    m_shelf->setVault(m_vault.get());
}

void TestChamber::stallDocumentsAfter(int kib)
{
    if (m_proxy)
        m_proxy->cutAllAfterServerBytes(qint64(kib) * 1024);
}

void TestChamber::resumeDocuments()
{
    if (!m_proxy || !m_connection)
        return;
    m_proxy->cutAllAfterServerBytes(0);
    m_vault->startSync(m_connection->sessionToken());
}

void TestChamber::stopChamber()
{
    m_fx->stopApi();
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
    m_vault->setConnection(m_connection.get());
    m_session->setVault(m_vault.get());
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
