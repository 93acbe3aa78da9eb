// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/protocol/protocol.h"

#include <QHostAddress>
#include <QObject>
#include <memory>

namespace Aula::Server {

class Chamber;
class ChamberApi;
class DocumentHttpServer;
class DocumentStore;
class HardwareBridge;
class SeatCoordinator;
class TlsMaterial;
struct OpenChamber;

struct ServeOptions
{
    QString dataDir;
    QHostAddress address = QHostAddress::Any;
    /** WebSocket API port; documents are served on `httpPort` (0 with port 0: any free port). */
    quint16 port = 8443;
    quint16 httpPort = 8444;
    /** Plain ws:// and http:// on a loopback address: development and tests only. */
    bool insecureLoopback = false;
    /** How long a badge may leave its seat reader before the member counts as absent. */
    int seatGraceMs = 30'000;
    /**
     * The seat reader file (SeatReaderConfig). Empty: DIR/seat-readers.json when it exists,
     * else the seats are simulated (SimulatedHardware).
     */
    QString seatReadersFile;
    /**
     * Days a tablet's store may open offline after a login here (sent as `lease_days`),
     * Protocol::kMinLeaseDays to kMaxLeaseDays; start() refuses anything else.
     */
    int leaseDays = Protocol::kDefaultLeaseDays;
};

/**
 * `aula-server serve`: the data directory's chamber behind its WebSocket API and its
 * HTTPS document service, with the seat hardware: libnfc seat readers when a seat reader file
 * is configured (SeatReaderBridge), else simulated.
 */
class ChamberServer : public QObject
{
    Q_OBJECT

public:
    static Result<std::unique_ptr<ChamberServer>> start(const ServeOptions &options);
    ~ChamberServer() override;

    [[nodiscard]] quint16 apiPort() const;
    [[nodiscard]] quint16 httpPort() const;
    [[nodiscard]] QString caFingerprint() const;
    [[nodiscard]] Chamber &chamber();
    /** The seat hardware: a SeatReaderBridge or a SimulatedHardware. */
    [[nodiscard]] HardwareBridge &hardware() { return *m_hardware; }
    /** The served chamber, for admin commands that reach the running server (control socket). */
    [[nodiscard]] OpenChamber &openChamber() { return *m_chamber; }
    /** The sittings, their items and documents: what a tablet syncs (docs/protocol.md). */
    [[nodiscard]] QByteArray manifest() const;

private:
    ChamberServer();
    static Result<std::unique_ptr<HardwareBridge>> seatHardware(OpenChamber &chamber,
                                                                const ServeOptions &options);

    std::unique_ptr<OpenChamber> m_chamber;
    std::unique_ptr<TlsMaterial> m_tls;
    std::unique_ptr<DocumentStore> m_documents;
    std::unique_ptr<ChamberApi> m_api;
    std::unique_ptr<DocumentHttpServer> m_http;
    std::unique_ptr<HardwareBridge> m_hardware;
    std::unique_ptr<SeatCoordinator> m_seats;
};

} // namespace Aula::Server
