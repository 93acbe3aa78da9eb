// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamberserver.h"

#include "platform/nfc/badgereaderfactory.h"
#include "server/admin.h"
#include "server/api/chamberapi.h"
#include "server/badgeadmin.h"
#include "server/documents/documentstore.h"
#include "server/hardware/hardwarebridge.h"
#include "server/hardware/seatcoordinator.h"
#include "server/hardware/seatreaderbridge.h"
#include "server/http/documenthttpserver.h"
#include "server/tls/tlsmaterial.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace Aula::Server {

ChamberServer::ChamberServer() = default;

ChamberServer::~ChamberServer()
{
    // Stop talking to the network before the chamber goes: pending commits are flushed
    // by the chamber's owner.
    m_http.reset();
    m_api.reset();
    m_seats.reset();
    if (m_chamber)
        m_chamber->chamber->flush();
}

Result<std::unique_ptr<ChamberServer>> ChamberServer::start(const ServeOptions &options)
{
    if (options.leaseDays < Protocol::kMinLeaseDays || options.leaseDays > Protocol::kMaxLeaseDays)
        return Error { QStringLiteral("bad_option"),
                       QStringLiteral("the offline lease must be %1 to %2 days, not %3")
                           .arg(Protocol::kMinLeaseDays)
                           .arg(Protocol::kMaxLeaseDays)
                           .arg(options.leaseDays),
                       QStringLiteral("--lease-days") };
    std::unique_ptr<ChamberServer> server(new ChamberServer);
    auto opened = OpenChamber::open(options.dataDir);
    if (!opened)
        return opened.error();
    server->m_chamber = std::move(opened).value();
    Chamber &chamber = *server->m_chamber->chamber;
    if (!chamber.state().council())
        return Error { QStringLiteral("invalid_state"),
                       QStringLiteral("import a council first (aula-server council import)") };

    if (!options.insecureLoopback) {
        auto tls = TlsMaterial::load(options.dataDir + QStringLiteral("/tls"));
        if (!tls)
            return tls.error();
        server->m_tls = std::make_unique<TlsMaterial>(std::move(tls).value());
    } else if (!options.address.isLoopback()) {
        return Error { QStringLiteral("insecure"),
                       QStringLiteral("--insecure-loopback needs a loopback address") };
    }

    server->m_documents = std::make_unique<DocumentStore>(server->m_chamber->documentsDir());
    if (auto r = server->m_documents->initialize(); !r)
        return r.error();

    const QString serverId = chamber.state().chamberId().isEmpty() ? QStringLiteral("aula")
                                                                   : chamber.state().chamberId();
    server->m_api =
        std::make_unique<ChamberApi>(chamber, *server->m_chamber->credentials, serverId);
    server->m_api->setLeaseDays(options.leaseDays);
    std::optional<QSslConfiguration> tlsConfig;
    if (server->m_tls)
        tlsConfig = server->m_tls->serverConfiguration();
    if (auto r = server->m_api->listen(options.address, options.port, tlsConfig); !r)
        return r.error();

    server->m_http = std::make_unique<DocumentHttpServer>(server->m_documents.get());
    ChamberApi *api = server->m_api.get();
    server->m_http->setTokenValidator(
        [api](QByteArrayView token) { return api->isSessionToken(token); });
    ChamberServer *self = server.get();
    server->m_http->setManifestProvider([self] { return self->manifest(); });
    const quint16 httpPort = options.port == 0 ? 0 : options.httpPort;
    auto listening = server->m_tls ? server->m_http->listen(*tlsConfig, options.address, httpPort)
                                   : server->m_http->listenPlainLoopback(options.address, httpPort);
    if (!listening)
        return listening.error();

    auto hardware = seatHardware(*server->m_chamber, options);
    if (!hardware)
        return hardware.error();
    server->m_hardware = std::move(hardware).value();
    server->m_seats = std::make_unique<SeatCoordinator>(
        chamber, *server->m_hardware, *server->m_chamber->credentials, options.seatGraceMs);
    if (auto *readers = qobject_cast<SeatReaderBridge *>(server->m_hardware.get()))
        readers->start();
    return server;
}

Result<std::unique_ptr<HardwareBridge>> ChamberServer::seatHardware(OpenChamber &chamber,
                                                                    const ServeOptions &options)
{
    QString file = options.seatReadersFile;
    if (file.isEmpty()) {
        const QString inDataDir =
            options.dataDir + QLatin1Char('/') + QLatin1String(SeatReaderConfig::kDefaultFileName);
        if (!QFile::exists(inDataDir))
            return std::unique_ptr<HardwareBridge>(std::make_unique<SimulatedHardware>());
        file = inDataDir;
    }
    auto config = SeatReaderConfig::load(file);
    if (!config)
        return config.error();
    std::optional<Badges::KeyDiversifier> diversifier;
    if (config->proof == SeatReaderConfig::Proof::Desfire) {
        auto made = Admin::badgeDiversifier(chamber.dataDir);
        if (!made)
            return made.error();
        diversifier = std::move(made).value();
    }
    QMap<int, std::shared_ptr<BadgeReader>> readers;
    for (auto it = config->readers.cbegin(); it != config->readers.cend(); ++it) {
        auto reader = createBadgeReader(QStringLiteral("libnfc:") + it.value());
        if (!reader)
            return Error { reader.error().code,
                           QStringLiteral("seat %1: %2").arg(it.key()).arg(reader.error().message),
                           QStringLiteral("seats.%1").arg(it.key()) };
        readers.insert(it.key(), std::move(reader).value());
    }
    return std::unique_ptr<HardwareBridge>(std::make_unique<SeatReaderBridge>(
        std::move(readers), config->proof, std::move(diversifier), config->reproveSeconds * 1000));
}

quint16 ChamberServer::apiPort() const
{
    return m_api->port();
}

quint16 ChamberServer::httpPort() const
{
    return m_http->serverPort();
}

QString ChamberServer::caFingerprint() const
{
    return m_tls ? m_tls->caFingerprint() : QString();
}

Chamber &ChamberServer::chamber()
{
    return *m_chamber->chamber;
}

QByteArray ChamberServer::manifest() const
{
    const ChamberState &state = m_chamber->chamber->state();
    QJsonArray sittings;
    QString current;
    QString nextScheduled;
    QString nextAt;
    for (const QString &id : state.sittingIds()) {
        const SittingState *s = state.sitting(id);
        QJsonArray items;
        for (const AgendaItem &item : s->plan.items) {
            QJsonArray docs;
            for (const auto &d : item.documents) {
                docs.append(QJsonObject {
                    { QStringLiteral("sha256"), d.sha256 },
                    { QStringLiteral("name"), QString(d.title + QStringLiteral(".pdf")) },
                    { QStringLiteral("media_type"), QStringLiteral("application/pdf") },
                    { QStringLiteral("title"), d.title },
                    { QStringLiteral("size"), d.size },
                    { QStringLiteral("version"), d.version } });
            }
            items.append(QJsonObject { { QStringLiteral("id"), item.id },
                                       { QStringLiteral("number"), item.number },
                                       { QStringLiteral("title"), item.title },
                                       { QStringLiteral("documents"), docs } });
        }
        // The sitting in progress comes first on the tablets; else the next one scheduled.
        if (s->status == SittingState::Status::Open
            || s->status == SittingState::Status::Suspended) {
            current = id;
        } else if (s->status == SittingState::Status::Scheduled
                   && (nextScheduled.isEmpty() || s->plan.scheduledAt < nextAt)) {
            nextScheduled = id;
            nextAt = s->plan.scheduledAt;
        }
        sittings.append(QJsonObject { { QStringLiteral("id"), id },
                                      { QStringLiteral("date"), s->plan.scheduledAt.left(10) },
                                      { QStringLiteral("title"), s->plan.title },
                                      { QStringLiteral("scheduled_at"), s->plan.scheduledAt },
                                      { QStringLiteral("status"), sittingStatusName(s->status) },
                                      { QStringLiteral("items"), items } });
    }
    return QJsonDocument(QJsonObject { { QStringLiteral("v"), 1 },
                                       { QStringLiteral("chamber"), state.chamberId() },
                                       { QStringLiteral("seq"), state.lastSeq() },
                                       { QStringLiteral("current_sitting"),
                                         current.isEmpty() ? nextScheduled : current },
                                       { QStringLiteral("sittings"), sittings } })
        .toJson(QJsonDocument::Compact);
}

} // namespace Aula::Server
