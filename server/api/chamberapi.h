// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "credentials.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QWebSocket;
class QWebSocketServer;

namespace Aula {
struct Event;
}

namespace Aula::Server {

class Chamber;
class ApiConnection;

/**
 * The chamber's WebSocket API (docs/protocol.md): authenticates devices and people, turns
 * requests into engine commands, and pushes every committed change of a sitting to the
 * connections subscribed to it.
 */
class ChamberApi : public QObject
{
    Q_OBJECT

public:
    ChamberApi(Chamber &chamber, const Credentials &credentials, QString serverId,
               QObject *parent = nullptr);
    ~ChamberApi() override;

    /**
     * Listens on `address:port` (0: any free port). With `tls` the API speaks wss://;
     * without it only a loopback address is accepted (the explicit development mode).
     */
    Result<void> listen(const QHostAddress &address, quint16 port,
                        const std::optional<QSslConfiguration> &tls);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QString serverId() const { return m_serverId; }
    /** Whether `token` belongs to a live session (documents over HTTPS ask this). */
    [[nodiscard]] bool isSessionToken(QByteArrayView token) const;
    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    /** Closes every connection (they reconnect and resynchronise). */
    void disconnectAll();
    /**
     * How long a badge proof may take from `login` to the card's last answer (default
     * Protocol::kCardProofSeconds); shorter in tests.
     */
    void setCardProofTimeout(int ms) { m_cardProofTimeoutMs = ms; }
    /**
     * The offline lease sent in every login answer (`lease_days`): how many days a tablet's
     * store may open without reaching the chamber again. Protocol::kMinLeaseDays to
     * kMaxLeaseDays; default Protocol::kDefaultLeaseDays.
     */
    void setLeaseDays(int days);
    [[nodiscard]] int leaseDays() const { return m_leaseDays; }
    /** How many Argon2id PIN checks have been started (tests count guesses with it). */
    [[nodiscard]] int pinChecksStarted() const { return m_pinChecksStarted; }
    /** Signature checks started on the verifier pool, in batches (tests see it is used). */
    [[nodiscard]] int signatureChecksStarted() const { return m_signatureChecksStarted; }
    /**
     * Tests only: while held, signatures wait unchecked, so that a test can line other
     * commands up behind a vote; releasing starts the checks.
     */
    void holdSignatureChecksForTests(bool held);
    /** Commands waiting in line for the engine (behind a signature check). */
    [[nodiscard]] int commandsWaiting() const { return int(m_inbound.size()); }

private:
    friend class ApiConnection;
    void onNewConnection();
    void onCommitted(const QList<Aula::Event> &events);
    /** Tells every connection of a revoked device so (typed error), ends it and closes it. */
    void dropRevokedDevice(const QString &device, const QString &reason);
    /** Pushes one commit's events of `sitting` to its subscribers, encoded once. */
    void pushEvents(const QString &sitting, const QList<const Aula::Event *> &events);
    /** Sends the live counts whose interval has passed; re-arms the timer for the others. */
    void sendDueTallies();
    void sendTally(const QString &key);

    /** An Ed25519 signature a command carries; empty: the command carries none. */
    struct SignatureCheck
    {
        QByteArray publicKey;
        QByteArray message;
        QByteArray signature;
        [[nodiscard]] bool isNeeded() const { return !publicKey.isEmpty(); }
    };
    /** A command on its way to the engine: applied in arrival order, once checked. */
    struct Inbound
    {
        /** Valid: no signature, or a good one; Unchecked: the check itself failed. */
        enum class State { Checking, Valid, Forged, Unchecked };
        State state = State::Valid;
        SignatureCheck check;
        std::function<void(State)> apply;
    };
    /**
     * Hands a command to the engine in the order commands from tablets arrived (across
     * connections), its signature, if any, checked first on the verifier pool. Without a
     * signature and with nothing waiting, `apply` runs now.
     */
    void admit(std::function<void(Inbound::State)> apply, SignatureCheck check);
    /** Sends the signatures gathered since the last call to the pool, in slices. */
    void startSignatureChecks();
    /** Applies the commands at the head of the line whose checks are done. */
    void applyReady();

    /** A ballot's live count as last committed, and when it last went out. */
    struct LiveTally
    {
        QString sitting;
        QString ballot;
        int votesReceived = 0;
        int eligible = 0;
        /** Milliseconds on m_clock when it was last sent; -1: never. */
        qint64 sentAtMs = -1;
        /** A newer count than the one sent waits for its turn. */
        bool due = false;
    };

    Chamber &m_chamber;
    const Credentials &m_credentials;
    QString m_serverId;
    std::unique_ptr<QWebSocketServer> m_server;
    QHash<QWebSocket *, ApiConnection *> m_connections;
    QHash<QByteArray, QString> m_tokens; // session token → person
    QSet<QString> m_pinChecks; // people whose PIN is being checked now
    QSet<QString> m_cardProofs; // people whose badge proof is under way (one at a time)
    struct ResumeTicket
    {
        QString person;
        QString device;
        qint64 provenAt = 0; // when the card proof this ticket stands for was made
        qint64 expiresAt = 0; // provenAt + the ticket lifetime: renewals do not extend it
    };
    // Badge-proven logins, for reconnects, by the SHA-256 of their ticket (never the ticket).
    QHash<QByteArray, ResumeTicket> m_resumeTickets;
    QThreadPool m_pinPool;
    // Ed25519 checks of votes: off the engine's thread, which is the chamber's bottleneck.
    QThreadPool m_verifyPool;
    std::deque<std::shared_ptr<Inbound>> m_inbound;
    std::vector<std::shared_ptr<Inbound>> m_toCheck;
    bool m_checksScheduled = false;
    bool m_checksHeld = false;
    int m_signatureChecksStarted = 0;
    int m_publicConnections = 0;
    int m_cardProofTimeoutMs = 0;
    int m_leaseDays;
    QHash<QString, LiveTally> m_tallies; // "sitting/ballot" → count, while the ballot is open
    QTimer m_tallyTimer;
    QElapsedTimer m_clock;
    qint64 m_committedSeq = 0;
    int m_pinChecksStarted = 0;
};

} // namespace Aula::Server
