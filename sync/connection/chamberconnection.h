// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/event.h"
#include "core/result.h"
#include "sync/connection/cardchannel.h"
#include "sync/crypto/secretbytes.h"
#include "sync/crypto/signingkey.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

class QWebSocket;

namespace Aula::Sync {

/** How a ChamberConnection reaches its chamber and how patient it is. */
struct ConnectionOptions
{
    /** wss://host:port (ws:// is accepted on loopback only, the development mode). */
    QUrl url;
    /**
     * The TLS configuration for wss://, normally TlsMaterial::clientConfiguration(ca): the
     * chamber CA pinned, no system CAs. Required for wss://.
     */
    std::optional<QSslConfiguration> tls;
    /** The device id the chamber enrolled this tablet under. */
    QString device;
    /** Default time a request waits for its reply before failing with "timeout". */
    int requestTimeoutMs = 10000;
    /** A login is slow on purpose (Argon2id on the server): its own budget. */
    int loginTimeoutMs = 20000;
    /** First reconnect delay; doubles per failed attempt up to backoffMaxMs, with jitter. */
    int backoffInitialMs = 500;
    int backoffMaxMs = 30000;
    /** How often to ping (clock offset and liveness); a ping without reply drops the link. */
    int pingIntervalMs = 15000;
};

/** What became of a vote: exactly one of these per castVote() call. */
struct VoteOutcome
{
    enum class Status {
        /** The chamber recorded the vote; `receipt` proves it. */
        Delivered,
        /**
         * The vote may not have reached the chamber (offline, link dropped, no answer in
         * time). It was not queued: call castVote() again while the ballot is open. A
         * vote that did arrive answers the retry with its receipt, never a second vote.
         */
        NotDelivered,
        /** The chamber refused it (ballot closed, not eligible, …): see `error`. */
        Refused,
    };
    Status status = Status::NotDelivered;
    /** The receipt (hex of 32 bytes) when delivered. */
    QString receipt;
    /** True when the chamber already held this member's vote (an earlier attempt got through). */
    bool alreadyRecorded = false;
    /** Why, when not delivered or refused. */
    Error error;
};

/**
 * The tablet's link to the chamber server (docs/protocol.md, "Tablet sync").
 *
 * One WebSocket, kept open: the device proves its key (hello → device_auth), the person
 * logs in with badge and PIN, the tablet subscribes to sittings and receives a snapshot,
 * then the events after it. When the link drops, it reconnects with exponential backoff
 * and jitter, proves the device again, logs the person in again (the badge and PIN are
 * held in locked memory for the session only, see docs/security.md "Tablet at rest") and
 * resubscribes; the app sees a fresh snapshot and then events again.
 *
 * Requests get ids and time-outs; every callback is called exactly once (with a reply or an
 * Error: "timeout", "connection_lost", "offline", or the server's own code).
 * Votes are never queued: castVote() answers Delivered, NotDelivered or Refused.
 */
class ChamberConnection : public QObject
{
    Q_OBJECT
    /** Where the link stands, for a truthful banner. */
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    /** When the link was last lost (local time); invalid while connected or never connected. */
    Q_PROPERTY(QDateTime offlineSince READ offlineSince NOTIFY stateChanged)
    /** The person logged in, or empty. */
    Q_PROPERTY(QString person READ person NOTIFY sessionChanged)

public:
    enum class State {
        /** Not started, closed, or stopped for good (device refused). */
        Offline,
        /** First connection under way. */
        Connecting,
        /** Link up, device authenticated (and the person re-logged and resubscribed). */
        Connected,
        /** The link was lost; trying again (see offlineSince() and nextAttemptIn()). */
        Reconnecting,
    };
    Q_ENUM(State)

    using Reply = std::function<void(const Result<QJsonObject> &)>;
    using VoteCallback = std::function<void(const VoteOutcome &)>;

    ChamberConnection(ConnectionOptions options, Crypto::SigningKey deviceKey,
                      QObject *parent = nullptr);
    ~ChamberConnection() override;

    /** Starts connecting (and keeps reconnecting until close()). */
    void open();
    /** Closes the link, forgets the session and its credentials, stops reconnecting. */
    void close();

    /**
     * Sends a request; `reply` gets the "ok" fields or an Error (the server's code, or
     * "timeout", "connection_lost", "offline"). Requests are not replayed after a drop.
     * `timeoutMs` < 0 uses the default. Returns the request id (0 when not sent).
     */
    qint64 request(const QString &type, const QJsonObject &args, Reply reply, int timeoutMs = -1);

    /**
     * Logs a person in with the badge UID and PIN. On success the credentials are kept in
     * locked memory until logout()/close() to log in again after a reconnect.
     */
    void login(const QByteArray &badgeUid, const QString &pin, Reply reply);
    /**
     * The same with what the reader saw of the badge. Under the chamber's `desfire` policy
     * the chamber then proves the card through cardChannel() (several `login.card` round
     * trips) before it looks at the PIN; a card that leaves the reader fails the login with
     * "badge_removed", a card that cannot prove itself with "badge_rejected".
     */
    void login(const BadgeEvidence &badge, const QString &pin, Reply reply);
    /**
     * Where the chamber's card APDUs go during a login (not owned; nullptr: nowhere, so a
     * DESFire login fails). Set it before logging in.
     */
    void setCardChannel(CardChannel *channel) { m_cardChannel = channel; }
    [[nodiscard]] CardChannel *cardChannel() const { return m_cardChannel; }
    /** Ends the session here and on the server; wipes the held credentials. */
    void logout();

    /**
     * Subscribes to a sitting: `reply` gets the first snapshot; snapshotReceived() fires
     * for it and after every resubscription; eventReceived() for every later event.
     */
    void subscribe(const QString &sitting, Reply reply = {});
    void unsubscribe(const QString &sitting);

    /**
     * Signs and sends a vote with this session's vote nonce. `done` is called once: see
     * VoteOutcome. Nothing is retried behind the caller's back.
     */
    void castVote(const QString &sitting, const QString &ballot, const QString &choice,
                  VoteCallback done);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QDateTime offlineSince() const { return m_offlineSince; }
    /** Milliseconds until the next reconnect attempt (0 when none is scheduled). */
    [[nodiscard]] int nextAttemptIn() const;
    /** Server clock minus local clock, in ms, from the last ping (0 before any). */
    [[nodiscard]] qint64 serverTimeOffsetMs() const { return m_offsetMs; }
    /** The chamber's time now, in ms since the epoch (local clock + offset). */
    [[nodiscard]] qint64 serverNow() const;
    [[nodiscard]] QString serverId() const { return m_serverId; }
    [[nodiscard]] QString person() const { return m_person; }
    [[nodiscard]] QString personName() const { return m_personName; }
    [[nodiscard]] bool isMember() const { return m_isMember; }
    /** The session's bearer token for the document service (empty when not logged in). */
    [[nodiscard]] QByteArray sessionToken() const { return m_token; }
    /** Events up to this seq have been delivered (or covered by a snapshot). */
    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; }
    /** Reconnections so far (for the banner and tests). */
    [[nodiscard]] int reconnects() const { return m_reconnects; }
    /**
     * The fields of the error reply being delivered beyond code, message and field (e.g.
     * login's `attempts_left` and `locked_until`). Valid inside that request's callback only;
     * empty for errors the tablet made itself ("timeout", "offline", ...).
     */
    [[nodiscard]] QJsonObject lastErrorDetails() const { return m_errorDetails; }

Q_SIGNALS:
    void stateChanged(Aula::Sync::ChamberConnection::State state);
    /** Logged in, logged out, or re-logged after a reconnect (person() tells which). */
    void sessionChanged();
    /**
     * The person's session could not be restored after a reconnect (PIN changed, badge
     * revoked, locked): the held credentials are wiped; ask for the badge again.
     */
    void sessionLost(const Aula::Error &why);
    /** The chamber refused this device (unknown, revoked, bad key): no more reconnects. */
    void deviceRejected(const Aula::Error &why);
    /** A sitting's snapshot (fields "state", "council", "seq"), first and after resubscribe. */
    void snapshotReceived(const QString &sitting, const QJsonObject &snapshot);
    /** One event after the snapshot, in order, never one the snapshot already covers. */
    void eventReceived(const Aula::Event &event);
    /**
     * A ballot's live count (the "tally" push): votes received so far out of the members
     * eligible when it opened; never a choice. Stale counts are not emitted.
     */
    void tallyReceived(const QString &sitting, const QString &ballot, int votesReceived,
                       int eligible);
    /** A message the server sent on its own that is not an event (e.g. an error without id). */
    void unsolicited(const QJsonObject &message);

private:
    struct Pending
    {
        Reply reply;
        qint64 sentAtMs = 0;
    };

    void setState(State state);
    void connectSocket();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void scheduleReconnect();
    void startHandshake();
    void afterDevice();
    void reLogin();
    void resubscribeAll(int generation);
    void handleLoginReply(const Result<QJsonObject> &r);
    QJsonObject loginArgs(const BadgeEvidence &badge, const QString &pin) const;
    void runLogin(const QJsonObject &args, Reply done);
    void onLoginStep(const Result<QJsonObject> &r, int generation, const Reply &done);
    void failAllPending(const Error &error);
    void completePending(qint64 id, const Result<QJsonObject> &r);
    qint64 send(const QString &type, const QJsonObject &args, Reply reply, int timeoutMs);
    void sendPing();
    void dropLink(const QString &why);
    void wipeCredentials();

    ConnectionOptions m_options;
    Crypto::SigningKey m_key;
    std::unique_ptr<QWebSocket> m_socket;
    State m_state = State::Offline;
    bool m_wanted = false;
    bool m_ready = false; // device authenticated on the current link
    int m_generation = 0; // bumps with every link, so late callbacks know they are stale
    QDateTime m_offlineSince;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    int m_attempt = 0;
    int m_reconnects = 0;
    bool m_everConnected = false;
    qint64 m_nextId = 1;
    QHash<qint64, Pending> m_pending;
    qint64 m_offsetMs = 0;
    QString m_serverId;
    // Session
    QString m_person;
    QString m_personName;
    bool m_isMember = false;
    QByteArray m_token;
    QByteArray m_voteNonce;
    Crypto::SecretBytes m_badge;
    Crypto::SecretBytes m_pin;
    /** The chamber's single-use ticket standing for the card proof on a re-login. */
    Crypto::SecretBytes m_resume;
    BadgeEvidence m_badgeSeen; // technology, ATQA, SAK of the held badge (not secret)
    CardChannel *m_cardChannel = nullptr;
    // Subscriptions
    QSet<QString> m_sittings;
    qint64 m_lastSeq = 0;
    QJsonObject m_errorDetails; // of the error reply being delivered
};

} // namespace Aula::Sync
