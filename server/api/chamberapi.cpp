// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamberapi.h"

#include "core/event.h"
#include "server/badges/badgekeys.h"
#include "server/badges/desfireauthenticator.h"
#include "server/chamber/chamber.h"
#include "sync/crypto/crypto.h"
#include "sync/protocol/protocol.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QSslServer>
#include <QSslSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtConcurrent/QtConcurrentRun>

Q_LOGGING_CATEGORY(lcApi, "aula.server.api")

namespace Aula::Server {

namespace {

constexpr int kMaxConnections = 4000;
// Frames above the protocol limit up to this size get a typed "too_large" error; beyond
// it the WebSocket layer closes the connection with code 1009 (message too big).
constexpr quint64 kMaxSocketFrame = 1024 * 1024;
// After this many refusals in a row for rate, stop answering each one.
constexpr int kRateErrorsAnswered = 10;
// PIN checks (Argon2id, 64 MiB each, ~0.1 s) waiting or running at once; past that a login
// gets "busy" and the tablet tries again. A whole chamber badging in at once fits.
constexpr qsizetype kMaxPinChecks = 512;
// Read-only public viewers allowed at once (a chamber's public page; tablets are not counted).
constexpr int kMaxPublicConnections = 200;
// A client that does not read what it is sent is cut off past this many unsent bytes.
constexpr qint64 kMaxUnsentBytes = 4 * 1024 * 1024;
// A badge-proven login may be resumed after a reconnect (PIN again, no card) this long.
constexpr int kResumeSeconds = 12 * 3600;
// Resume tickets held at once (a chamber has tens of tablets; this bounds a misbehaving one).
constexpr qsizetype kMaxResumeTickets = 10000;
// The live count of a ballot goes out at most this often (docs/protocol.md, "tally"): ten
// updates a second is faster than anyone reads a counter, and it bounds the fan-out of a
// ballot to N frames per interval whatever the commit rate, instead of N per vote.
constexpr qint64 kTallyIntervalMs = 100;

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

bool isSittingEvent(const QString &type)
{
    return type.startsWith(QLatin1String("sitting.opened"))
        || type.startsWith(QLatin1String("sitting.suspended"))
        || type.startsWith(QLatin1String("sitting.resumed"))
        || type.startsWith(QLatin1String("sitting.closed"))
        || type.startsWith(QLatin1String("attendance."))
        || type.startsWith(QLatin1String("agenda.")) || type.startsWith(QLatin1String("floor."))
        || type.startsWith(QLatin1String("ballot."));
}

} // namespace

/** One client connection and its place in the handshake. */
class ApiConnection : public QObject
{
public:
    enum class Stage { New, Challenged, Device, Public, Session };

    ApiConnection(ChamberApi &api, QWebSocket *socket)
        : QObject(&api)
        , m_api(api)
        , m_socket(socket)
    {
        m_socket->setParent(this);
        m_socket->setMaxAllowedIncomingFrameSize(kMaxSocketFrame);
        m_socket->setMaxAllowedIncomingMessageSize(kMaxSocketFrame);
        connect(m_socket, &QWebSocket::textMessageReceived, this, &ApiConnection::onText);
        connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &) {
            send(Protocol::encodeError(
                0, err("bad_message", QStringLiteral("this protocol uses text frames only"))));
        });
        m_handshakeTimer.setSingleShot(true);
        connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
            if (m_stage == Stage::New || m_stage == Stage::Challenged) {
                qCInfo(lcApi) << "closing a connection that did not authenticate in time";
                m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                QStringLiteral("handshake timeout"));
            }
        });
        m_handshakeTimer.start(Protocol::kHandshakeSeconds * 1000);
        m_cardDeadline.setSingleShot(true);
        connect(&m_cardDeadline, &QTimer::timeout, this, [this] {
            if (!m_cardProof)
                return;
            m_cardProofExpired = true;
            failBadge(0, m_cardProof->person, QStringLiteral("badge_timeout"));
        });
        connect(m_socket, &QWebSocket::bytesWritten, this,
                [this](qint64 written) { m_unsent = qMax<qint64>(0, m_unsent - written); });
    }

    ~ApiConnection() override
    {
        if (m_stage == Stage::Public)
            --m_api.m_publicConnections;
        // A tablet that hangs up in the middle of a badge proof: that, too, is recorded.
        if (m_cardProof) {
            m_api.m_cardProofs.remove(m_cardProof->person);
            m_api.m_chamber.recordLogin(m_cardProof->person, m_device, false,
                                        QStringLiteral("badge_abandoned"),
                                        [](const Result<QJsonObject> &) {});
        }
    }

    [[nodiscard]] bool isSubscribed(const QString &sitting) const
    {
        return m_subscriptions.contains(sitting);
    }
    [[nodiscard]] QWebSocket *socket() const { return m_socket; }
    /** The device that proved its key on this connection (empty before device_auth). */
    [[nodiscard]] QString authenticatedDevice() const
    {
        return m_stage == Stage::Device || m_stage == Stage::Session ? m_device : QString();
    }
    void send(const QByteArray &frame) { sendText(QString::fromUtf8(frame)); }
    /** Sends a frame unless the client has stopped reading, in which case it is cut off. */
    void sendText(const QString &frame)
    {
        if (m_unsent > kMaxUnsentBytes) {
            if (m_socket->state() == QAbstractSocket::ConnectedState) {
                qCWarning(lcApi) << "closing a connection that stopped reading (" << m_unsent
                                 << "bytes unsent)";
                m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                QStringLiteral("not reading"));
            }
            return;
        }
        m_unsent += frame.size();
        m_socket->sendTextMessage(frame);
    }
    [[nodiscard]] qint64 lastSeqSent() const { return m_snapshotSeq; }

    void endSession()
    {
        if (!m_token.isEmpty())
            m_api.m_tokens.remove(m_token);
        m_token.clear();
    }

private:
    void onText(const QString &text)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (!m_rate.allow(now)) {
            ++m_refusedForRate;
            if (m_refusedForRate >= Protocol::kFloodCloseAfter) {
                qCWarning(lcApi) << "closing a flooding connection from"
                                 << m_socket->peerAddress().toString();
                m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                QStringLiteral("flood"));
            } else if (m_refusedForRate <= kRateErrorsAnswered) {
                send(Protocol::encodeError(
                    0, err("rate_limited", QStringLiteral("too many messages; slow down"))));
            }
            return;
        }
        m_refusedForRate = 0;
        const QByteArray frame = text.toUtf8();
        auto decoded = Protocol::decodeClientMessage(frame);
        if (auto *e = std::get_if<Protocol::DecodeError>(&decoded)) {
            send(Protocol::encodeError(e->id, e->error));
            return;
        }
        handle(std::get<Protocol::ClientMessage>(decoded));
    }

    void reply(qint64 id, const Result<QJsonObject> &r, const QJsonObject &extraOnError = {})
    {
        send(r ? Protocol::encodeOk(id, *r) : Protocol::encodeError(id, r.error(), extraOnError));
    }

    void handle(const Protocol::ClientMessage &m)
    {
        const QString &t = m.type;
        if (t == QLatin1String("ping")) {
            reply(m.id, QJsonObject { { QStringLiteral("server_time"), m_api.m_chamber.now() } });
            return;
        }
        if (t == QLatin1String("hello"))
            return hello(m);
        if (t == QLatin1String("device_auth"))
            return deviceAuth(m);
        if (t == QLatin1String("login"))
            return login(m);
        if (t == QLatin1String("login.card"))
            return loginCard(m);
        if (t == QLatin1String("logout")) {
            if (m_stage != Stage::Session)
                return reply(m.id, err("not_authenticated", QStringLiteral("nobody is logged in")));
            endSession();
            m_api.m_resumeTickets.remove(m_resumeDigest);
            m_resumeDigest.clear();
            m_person.clear();
            m_stage = Stage::Device;
            return reply(m.id, QJsonObject());
        }
        if (t == QLatin1String("subscribe")) {
            if (m_stage != Stage::Session && m_stage != Stage::Public)
                return reply(
                    m.id, err("not_authenticated", QStringLiteral("say hello (and log in) first")));
            if (m_subscriptions.contains(m.args.value(QStringLiteral("sitting")).toString()))
                return reply(
                    m.id,
                    err("invalid_state", QStringLiteral("already subscribed to this sitting")));
        } else if (m_stage != Stage::Session) {
            return reply(
                m.id, err("not_authenticated", QStringLiteral("log in with badge and PIN first")));
        }
        ChamberApi::SignatureCheck check;
        if (t == QLatin1String("ballot.vote")) {
            // The vote is signed by the device key, bound to this session's nonce. The check
            // runs on the verifier pool; the vote still reaches the engine in arrival order.
            const auto *device = m_api.m_chamber.state().device(m_device);
            if (!device || device->revoked)
                return reply(m.id, badSignature());
            check.publicKey = device->publicKey;
            check.message = Protocol::voteMessage(m.args.value(QStringLiteral("ballot")).toString(),
                                                  m.args.value(QStringLiteral("choice")).toString(),
                                                  m_person, m_voteNonce);
            check.signature = QByteArray::fromHex(
                m.args.value(QStringLiteral("signature")).toString().toLatin1());
        }
        const bool subscribe = t == QLatin1String("subscribe");
        const QString sitting = m.args.value(QStringLiteral("sitting")).toString();
        QPointer<ApiConnection> self(this);
        const qint64 id = m.id;
        const Actor actor { m_person, m_device };
        ChamberApi *api = &m_api;
        // The command is applied even if this connection is gone by then: it arrived whole
        // (and signed); only its answer has nobody left to go to.
        auto apply = [api, self, id, subscribe, sitting, actor, t,
                      args = m.args](ChamberApi::Inbound::State verdict) {
            using State = ChamberApi::Inbound::State;
            if (verdict != State::Valid) {
                if (self) {
                    self->reply(id,
                                verdict == State::Forged
                                    ? badSignature()
                                    : Error { QStringLiteral("not_recorded"),
                                              QStringLiteral("the signature could not be "
                                                             "checked; nothing changed, send "
                                                             "it again") });
                }
                return;
            }
            // A device revoked while this command waited in line speaks no more: the
            // revocation is in the log before anything it would have done.
            if (!actor.device.isEmpty()) {
                const auto *device = api->m_chamber.state().device(actor.device);
                if (!device || device->revoked) {
                    if (self)
                        self->reply(id,
                                    Error { QStringLiteral("device_revoked"),
                                            QStringLiteral("this device was revoked") });
                    return;
                }
            }
            api->m_chamber.submit(
                actor, Command { t, args },
                [api, self, id, subscribe, sitting, person = actor.person,
                 args](const Result<QJsonObject> &r) {
                    if (!self)
                        return;
                    if (subscribe && r) {
                        self->m_subscriptions.insert(sitting);
                        self->m_snapshotSeq = r->value(QStringLiteral("seq")).toInteger();
                    }
                    QJsonObject extra;
                    if (!r && r.error().code == QLatin1String("already_voted")) {
                        const QString ballot = args.value(QStringLiteral("ballot")).toString();
                        extra.insert(QStringLiteral("receipt"),
                                     QString::fromLatin1(
                                         api->m_chamber.voteReceipt(ballot, person).toHex()));
                    }
                    self->reply(id, r, extra);
                });
        };
        m_api.admit(std::move(apply), std::move(check));
    }

    static Error badSignature()
    {
        return Error { QStringLiteral("bad_signature"),
                       QStringLiteral(
                           "the vote's signature does not match this device and session"),
                       QStringLiteral("signature") };
    }

    void hello(const Protocol::ClientMessage &m)
    {
        if (m_stage != Stage::New)
            return reply(m.id, err("invalid_state", QStringLiteral("hello was already said")));
        if (m.args.value(QStringLiteral("protocol")).toInt() != Protocol::kVersion) {
            return reply(
                m.id,
                Error { QStringLiteral("unsupported_version"),
                        QStringLiteral("this server speaks protocol %1").arg(Protocol::kVersion),
                        QStringLiteral("protocol") });
        }
        const qint64 now = m_api.m_chamber.now();
        if (!m.args.contains(QStringLiteral("device"))) {
            if (m_api.m_publicConnections >= kMaxPublicConnections) {
                reply(m.id,
                      err("busy", QStringLiteral("too many public viewers; try again later")));
                m_socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection,
                                QStringLiteral("busy"));
                return;
            }
            ++m_api.m_publicConnections;
            m_stage = Stage::Public;
            m_handshakeTimer.stop();
            return reply(m.id,
                         QJsonObject { { QStringLiteral("role"), QStringLiteral("public") },
                                       { QStringLiteral("server"), m_api.m_serverId },
                                       { QStringLiteral("server_time"), now } });
        }
        const QString device = m.args.value(QStringLiteral("device")).toString();
        const auto *known = m_api.m_chamber.state().device(device);
        if (!known || known->revoked) {
            reply(
                m.id,
                Error { known ? QStringLiteral("device_revoked") : QStringLiteral("device_unknown"),
                        known ? QStringLiteral("this device has been revoked; ask the clerk")
                              : QStringLiteral("this device is not enrolled in this chamber; ask "
                                               "the clerk to enrol it"),
                        QStringLiteral("device") });
            return;
        }
        m_device = device;
        m_nonce = Crypto::randomBytes(32);
        m_stage = Stage::Challenged;
        reply(m.id,
              QJsonObject { { QStringLiteral("nonce"), QString::fromLatin1(m_nonce.toHex()) },
                            { QStringLiteral("server"), m_api.m_serverId },
                            { QStringLiteral("server_time"), now } });
    }

    void deviceAuth(const Protocol::ClientMessage &m)
    {
        if (m_stage != Stage::Challenged)
            return reply(m.id,
                         err("invalid_state", QStringLiteral("say hello with a device first")));
        const auto *device = m_api.m_chamber.state().device(m_device);
        const QByteArray signature =
            QByteArray::fromHex(m.args.value(QStringLiteral("signature")).toString().toLatin1());
        const QByteArray message = Protocol::deviceAuthMessage(m_device, m_nonce, m_api.m_serverId);
        m_nonce.clear(); // one attempt per challenge
        if (!device || device->revoked || !Crypto::verify(device->publicKey, message, signature)) {
            qCWarning(lcApi) << "device" << m_device << "failed to prove its key";
            reply(m.id,
                  Error { QStringLiteral("bad_signature"),
                          QStringLiteral("the device's signature is not valid"),
                          QStringLiteral("signature") });
            m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                            QStringLiteral("bad device signature"));
            return;
        }
        m_stage = Stage::Device;
        m_handshakeTimer.stop();
        reply(m.id, QJsonObject { { QStringLiteral("device"), m_device } });
    }

    void login(const Protocol::ClientMessage &m)
    {
        if (m_stage != Stage::Device)
            return reply(m.id,
                         err("invalid_state",
                             m_stage == Stage::Session
                                 ? QStringLiteral("already logged in")
                                 : QStringLiteral("authenticate the device first")));
        if (m_loginInProgress)
            return reply(m.id, err("busy", QStringLiteral("a login is already being checked")));
        const QByteArray uid =
            QByteArray::fromHex(m.args.value(QStringLiteral("badge")).toString().toLatin1());
        QString person = m_api.m_credentials.personForBadge(uid);
        // A badge of someone no longer in the council opens nothing.
        const auto &council = m_api.m_chamber.state().council();
        if (!council || !council->person(person))
            person.clear();
        Chamber &chamber = m_api.m_chamber;
        const qint64 id = m.id;
        QPointer<ApiConnection> self(this);
        if (person.isEmpty()) {
            chamber.recordLogin(QString(), m_device, false, QStringLiteral("unknown_badge"),
                                [self, id](const Result<QJsonObject> &) {
                                    if (self)
                                        self->reply(
                                            id,
                                            Error { QStringLiteral("badge_unknown"),
                                                    QStringLiteral("this badge is not registered"),
                                                    QStringLiteral("badge") });
                                });
            return;
        }
        if (refuseIfLocked(id, person))
            return;
        // One badge proof or PIN check per person at a time, across every connection: proofs
        // started in parallel would otherwise reach their PIN checks one after the other.
        if (m_api.m_pinChecks.contains(person) || m_api.m_cardProofs.contains(person))
            return reply(
                id, err("busy", QStringLiteral("a login for this badge is already being checked")));
        QByteArray pin = m.args.value(QStringLiteral("pin")).toString().toUtf8();
        if (m_api.m_credentials.badgePolicy() == Badges::BadgePolicy::Uid)
            return checkPin(id, person, pin, std::nullopt);

        // The `desfire` policy: the card proves it holds its diversified key before the PIN
        // is looked at (docs/security.md, "Badges": why the card comes first).
        QByteArray resume =
            QByteArray::fromHex(m.args.value(QStringLiteral("resume")).toString().toLatin1());
        if (!resume.isEmpty()) {
            // A reconnect: the card proof of this person's login on this device stands for
            // the ticket's lifetime; the PIN is checked again. checkPin takes the ticket,
            // which the server knows by its hash only (issueResume()).
            const QByteArray digest = Crypto::sha256(resume);
            Crypto::wipe(resume);
            return checkPin(id, person, pin, std::nullopt, digest);
        }
        const QString technology = m.args.value(QStringLiteral("technology")).toString();
        // The UID stays out of the log (the event log has its hash only).
        qCInfo(lcApi).noquote() << "badge login for" << person << "technology"
                                << (technology.isEmpty() ? QStringLiteral("unspecified")
                                                         : technology)
                                << "ATQA" << m.args.value(QStringLiteral("atqa")).toString()
                                << "SAK" << m.args.value(QStringLiteral("sak")).toInt(-1);
        if (technology != QLatin1String("iso14443a4"))
            return failBadge(id, person, QStringLiteral("badge_uid_only"));
        auto keys = m_api.m_credentials.badgeKeys();
        if (!keys) {
            qCCritical(lcApi).noquote() << "no DESFire login possible:" << keys.error().describe();
            return failBadge(id, person, QStringLiteral("badge_no_master_key"));
        }
        m_cardProof = std::make_unique<CardProof>(*keys, uid, person, std::move(pin));
        m_api.m_cardProofs.insert(person);
        const QByteArray apdu = m_cardProof->authenticator.begin();
        if (m_cardProof->authenticator.isFinished())
            return failBadge(id, person, reasonFor(m_cardProof->authenticator.result().error()));
        m_loginInProgress = true;
        m_cardProof->step = 1;
        m_cardProof->apdu = apdu;
        // A proof that is not finished in time is recorded and forgotten, even if the
        // tablet never comes back (see m_cardDeadline in the constructor).
        m_cardDeadline.start(m_api.m_cardProofTimeoutMs);
        m_cardProofExpired = false;
        reply(id, cardStep());
    }

    /** One card answer of the badge proof (`login.card`). */
    void loginCard(const Protocol::ClientMessage &m)
    {
        if (!m_cardProof) {
            if (m_cardProofExpired) {
                m_cardProofExpired = false;
                return reply(m.id,
                             Error { QStringLiteral("badge_timeout"),
                                     QStringLiteral("the badge took too long to answer") });
            }
            return reply(m.id, err("invalid_state", QStringLiteral("no badge proof is under way")));
        }
        const QString person = m_cardProof->person;
        const int step = m.args.value(QStringLiteral("step")).toInt();
        if (step != m_cardProof->step)
            return failBadge(m.id, person, QStringLiteral("badge_protocol_error"));
        const bool hasAnswer = m.args.contains(QStringLiteral("answer"));
        const bool hasFailure = m.args.contains(QStringLiteral("failure"));
        if (hasAnswer == hasFailure)
            return failBadge(m.id, person, QStringLiteral("badge_protocol_error"));
        auto &authenticator = m_cardProof->authenticator;
        if (hasFailure) {
            const QString failure = m.args.value(QStringLiteral("failure")).toString();
            authenticator.abort(Error { failure, QStringLiteral("reported by the tablet") });
            const bool gone = failure == QLatin1String("badge_removed")
                || failure == QLatin1String("no_badge") || failure == QLatin1String("reader_lost");
            return failBadge(m.id, person,
                             gone ? QStringLiteral("badge_removed")
                                  : QStringLiteral("badge_unreachable"));
        }
        const auto next = authenticator.feed(
            QByteArray::fromHex(m.args.value(QStringLiteral("answer")).toString().toLatin1()));
        if (next) {
            if (m_cardProof->step >= Protocol::kMaxCardSteps)
                return failBadge(m.id, person, QStringLiteral("badge_too_many_steps"));
            ++m_cardProof->step;
            m_cardProof->apdu = *next;
            return reply(m.id, cardStep());
        }
        const auto verified = authenticator.result();
        if (!verified)
            return failBadge(m.id, person, reasonFor(verified.error()));
        // The card is the badge bound to this person: now, and only now, the PIN.
        QByteArray pin = std::move(m_cardProof->pin);
        endCardProof();
        checkPin(m.id, person, pin, m_api.m_chamber.now());
    }

    /** The next APDU of the badge proof, as a `login` / `login.card` reply. */
    QJsonObject cardStep() const
    {
        return QJsonObject {
            { QStringLiteral("card_step"), m_cardProof->step },
            { QStringLiteral("card_apdu"), QString::fromLatin1(m_cardProof->apdu.toHex()) },
        };
    }

    /** The login.failed reason for a DesfireAuthenticator error. */
    static QString reasonFor(const Error &e)
    {
        static const QHash<QString, QString> reasons = {
            { QStringLiteral("wrong_key"), QStringLiteral("badge_wrong_key") },
            { QStringLiteral("card_proof_mismatch"), QStringLiteral("badge_proof_mismatch") },
            { QStringLiteral("application_missing"), QStringLiteral("badge_not_enrolled") },
            { QStringLiteral("uid_mismatch"), QStringLiteral("badge_uid_mismatch") },
        };
        return reasons.value(e.code, QStringLiteral("badge_protocol_error"));
    }

    /**
     * Ends a badge proof that failed: records login.failed with @p reason and answers
     * request @p id (0: no request is waiting). The tablet learns only what its person can
     * act on: badge_removed, badge_timeout, or badge_rejected for everything else.
     */
    void failBadge(qint64 id, QString person, const QString &reason)
    {
        endCardProof();
        qCWarning(lcApi).noquote()
            << "badge proof for" << person << "on" << m_device << "failed:" << reason;
        Error answer { QStringLiteral("badge_rejected"),
                       QStringLiteral("this badge could not prove it is a chamber badge") };
        if (reason == QLatin1String("badge_removed"))
            answer = Error { QStringLiteral("badge_removed"),
                             QStringLiteral("the badge left the reader during the check") };
        else if (reason == QLatin1String("badge_timeout"))
            answer = Error { QStringLiteral("badge_timeout"),
                             QStringLiteral("the badge took too long to answer") };
        else if (reason == QLatin1String("resume_invalid"))
            answer = Error { QStringLiteral("resume_invalid"),
                             QStringLiteral("the session cannot be resumed; tap the badge again") };
        QPointer<ApiConnection> self(this);
        m_api.m_chamber.recordLogin(person, m_device, false, reason,
                                    [self, id, answer](const Result<QJsonObject> &) {
                                        if (self && id != 0)
                                            self->reply(id, answer);
                                    });
    }

    /** Forgets the badge proof under way on this connection, if any. */
    void endCardProof()
    {
        if (m_cardProof)
            m_api.m_cardProofs.remove(m_cardProof->person);
        m_cardProof.reset();
        m_cardDeadline.stop();
        m_loginInProgress = false;
    }

    /**
     * While @p person is locked out, records the attempt and answers request @p id with
     * `locked` (the PIN is not looked at) and returns true.
     */
    bool refuseIfLocked(qint64 id, const QString &person)
    {
        Chamber &chamber = m_api.m_chamber;
        const qint64 lockedUntil = chamber.state().lockedUntil(person);
        if (lockedUntil <= chamber.now())
            return false;
        QPointer<ApiConnection> self(this);
        chamber.recordLogin(
            person, m_device, false, QStringLiteral("locked"),
            [self, id, lockedUntil](const Result<QJsonObject> &) {
                if (self)
                    self->reply(id,
                                Error { QStringLiteral("locked"),
                                        QStringLiteral("too many wrong PINs; try again later") },
                                QJsonObject { { QStringLiteral("locked_until"), lockedUntil } });
            });
        return true;
    }

    /**
     * Checks @p pin against @p person's hash off the engine's thread and answers request
     * @p id. @p provenAt is when a card proof for this login was made (none under the `uid`
     * policy); with @p resumeDigest (the SHA-256 of a resume ticket) the proof is that of
     * the ticket, which is taken only here, once the check really starts. A successful
     * badge-proven login gets a ticket.
     */
    void checkPin(qint64 id, const QString &person, QByteArray pin, std::optional<qint64> provenAt,
                  const QByteArray &resumeDigest = {})
    {
        // One PIN check per person at a time, across every connection and device: otherwise
        // parallel attempts would all pass the lock check above before any failure counted.
        if (m_api.m_pinChecks.contains(person))
            return reply(
                id, err("busy", QStringLiteral("a login for this badge is already being checked")));
        if (m_api.m_pinChecks.size() >= kMaxPinChecks)
            return reply(
                id,
                err("busy",
                    QStringLiteral("the chamber is checking many PINs; try again in a moment")));
        // The lock is checked again right before the Argon2id job: a badge proof may have
        // taken seconds, during which other attempts may have locked this person.
        if (refuseIfLocked(id, person))
            return;
        if (!resumeDigest.isEmpty()) {
            const auto ticket = m_api.m_resumeTickets.take(resumeDigest);
            if (ticket.person != person || ticket.device != m_device
                || ticket.expiresAt <= m_api.m_chamber.now())
                return failBadge(id, person, QStringLiteral("resume_invalid"));
            provenAt = ticket.provenAt;
        }
        QPointer<ApiConnection> self(this);
        const QByteArray hash = m_api.m_credentials.pinHash(person);
        m_loginInProgress = true;
        m_api.m_pinChecks.insert(person);
        ++m_api.m_pinChecksStarted;
        // Argon2id is slow on purpose: check it off the engine's thread, on a pool of its own.
        // The watcher belongs to the API, not to this connection: a failed attempt is recorded
        // even when the client hangs up before the answer.
        auto *watcher = new QFutureWatcher<bool>(&m_api);
        ChamberApi *api = &m_api;
        const QString device = m_device;
        connect(
            watcher, &QFutureWatcher<bool>::finished, api,
            [api, watcher, person, device, id, self, provenAt] {
                watcher->deleteLater();
                api->m_pinChecks.remove(person);
                if (self)
                    self->m_loginInProgress = false;
                const bool ok = watcher->result();
                api->m_chamber.recordLogin(
                    person, device, ok, ok ? QString() : QStringLiteral("wrong_pin"),
                    [self, id, person, provenAt](const Result<QJsonObject> &r) {
                        if (!self)
                            return;
                        if (!r)
                            return self->reply(id, r.error());
                        if (r->value(QStringLiteral("accepted")).toBool())
                            return self->startSession(id, person, provenAt);
                        if (r->value(QStringLiteral("reason")) == QLatin1String("locked")) {
                            return self->reply(
                                id,
                                Error { QStringLiteral("locked"),
                                        QStringLiteral("too many wrong PINs; try again later") },
                                *r);
                        }
                        self->reply(id,
                                    Error { QStringLiteral("wrong_pin"),
                                            QStringLiteral("wrong PIN"), QStringLiteral("pin") },
                                    *r);
                    });
            });
        watcher->setFuture(
            QtConcurrent::run(&m_api.m_pinPool, [hash, pin = std::move(pin)]() mutable {
                const bool ok = [&] {
                    if (hash.isEmpty())
                        return false;
                    auto r = Crypto::verifyPin(hash, pin);
                    return r.ok() && *r;
                }();
                pin.fill('\0');
                return ok;
            }));
    }

    void startSession(qint64 id, const QString &person, std::optional<qint64> provenAt)
    {
        m_person = person;
        m_stage = Stage::Session;
        m_voteNonce = Crypto::randomBytes(32);
        m_token = Crypto::randomBytes(32).toHex();
        m_api.m_tokens.insert(m_token, person);
        const auto &council = m_api.m_chamber.state().council();
        const Member *p = council ? council->person(person) : nullptr;
        QJsonObject session {
            { QStringLiteral("person"), person },
            { QStringLiteral("name"), p ? p->name : QString() },
            { QStringLiteral("member"), council && council->member(person) != nullptr },
            { QStringLiteral("token"), QString::fromLatin1(m_token) },
            { QStringLiteral("vote_nonce"), QString::fromLatin1(m_voteNonce.toHex()) },
            { QStringLiteral("lease_days"), m_api.m_leaseDays }
        };
        if (provenAt) {
            if (QByteArray ticketHex = issueResume(*provenAt); !ticketHex.isEmpty()) {
                session.insert(QStringLiteral("resume"), QString::fromLatin1(ticketHex));
                Crypto::wipe(ticketHex);
            }
        }
        reply(id, session);
    }

    /**
     * A single-use ticket that stands for the card proof made at @p provenAt when the same
     * device logs the same person in again after a reconnect (with the PIN). It lasts
     * kResumeSeconds from that proof: a resumed login gets a new ticket with the same end,
     * so that the card is needed again at least every kResumeSeconds. One ticket per person
     * and device: a new one replaces the old. Returns the ticket in hex, for the reply; the
     * server keeps only its SHA-256 (a memory dump yields no ticket that can be presented)
     * and wipes the ticket's bytes once they are encoded.
     */
    QByteArray issueResume(qint64 provenAt)
    {
        auto &tickets = m_api.m_resumeTickets;
        const qint64 now = m_api.m_chamber.now();
        const qint64 expiresAt = provenAt + qint64(kResumeSeconds) * 1000;
        tickets.remove(m_resumeDigest);
        for (auto it = tickets.begin(); it != tickets.end();) {
            const bool drop =
                it->expiresAt <= now || (it->person == m_person && it->device == m_device);
            it = drop ? tickets.erase(it) : std::next(it);
        }
        m_resumeDigest.clear();
        if (expiresAt <= now || tickets.size() >= kMaxResumeTickets)
            return {};
        QByteArray ticket = Crypto::randomBytes(32);
        m_resumeDigest = Crypto::sha256(ticket);
        tickets.insert(m_resumeDigest,
                       ChamberApi::ResumeTicket { m_person, m_device, provenAt, expiresAt });
        const QByteArray hex = ticket.toHex();
        Crypto::wipe(ticket);
        return hex;
    }

    ChamberApi &m_api;
    QWebSocket *m_socket;
    Stage m_stage = Stage::New;
    QString m_device;
    QString m_person;
    QByteArray m_nonce;
    QByteArray m_voteNonce;
    QByteArray m_token;
    QSet<QString> m_subscriptions;
    qint64 m_snapshotSeq = 0;
    qint64 m_unsent = 0;
    Protocol::RateLimiter m_rate;
    int m_refusedForRate = 0;
    bool m_loginInProgress = false;
    QTimer m_handshakeTimer;
    // The badge proof under way on this connection (one at a time), and its deadline.
    struct CardProof
    {
        CardProof(const Badges::KeyDiversifier &keys, const QByteArray &uid, QString who,
                  QByteArray pinDigits)
            : authenticator(keys, Badges::kAulaAid, Badges::kAulaKeyNo, uid)
            , person(std::move(who))
            , pin(std::move(pinDigits))
        { }
        ~CardProof() { pin.fill('\0'); }
        Badges::DesfireAuthenticator authenticator;
        QString person;
        QByteArray pin;
        QByteArray apdu;
        int step = 0;
    };
    std::unique_ptr<CardProof> m_cardProof;
    QTimer m_cardDeadline;
    bool m_cardProofExpired = false;
    QByteArray m_resumeDigest; // the SHA-256 of this session's resume ticket
};

ChamberApi::ChamberApi(Chamber &chamber, const Credentials &credentials, QString serverId,
                       QObject *parent)
    : QObject(parent)
    , m_chamber(chamber)
    , m_credentials(credentials)
    , m_serverId(std::move(serverId))
    , m_cardProofTimeoutMs(Protocol::kCardProofSeconds * 1000)
    , m_leaseDays(Protocol::kDefaultLeaseDays)
{
    connect(&m_chamber, &Chamber::committed, this, &ChamberApi::onCommitted);
    m_clock.start();
    m_committedSeq = m_chamber.state().lastSeq();
    m_tallyTimer.setSingleShot(true);
    connect(&m_tallyTimer, &QTimer::timeout, this, &ChamberApi::sendDueTallies);
    m_pinPool.setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
    m_verifyPool.setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
}

void ChamberApi::holdSignatureChecksForTests(bool held)
{
    m_checksHeld = held;
    if (!held && !m_toCheck.empty() && !m_checksScheduled) {
        m_checksScheduled = true;
        QMetaObject::invokeMethod(this, &ChamberApi::startSignatureChecks, Qt::QueuedConnection);
    }
}

void ChamberApi::admit(std::function<void(Inbound::State)> apply, SignatureCheck check)
{
    if (!check.isNeeded() && m_inbound.empty()) {
        apply(Inbound::State::Valid);
        return;
    }
    auto entry = std::make_shared<Inbound>();
    entry->apply = std::move(apply);
    if (check.isNeeded()) {
        entry->state = Inbound::State::Checking;
        entry->check = std::move(check);
        m_toCheck.push_back(entry);
        // Everything read in this turn of the event loop goes to the pool together: one job
        // per core rather than one per vote, so the engine's thread pays per burst.
        if (!m_checksScheduled) {
            m_checksScheduled = true;
            QMetaObject::invokeMethod(this, &ChamberApi::startSignatureChecks,
                                      Qt::QueuedConnection);
        }
    }
    m_inbound.push_back(std::move(entry));
}

void ChamberApi::startSignatureChecks()
{
    m_checksScheduled = false;
    if (m_checksHeld)
        return;
    std::vector<std::shared_ptr<Inbound>> batch;
    batch.swap(m_toCheck);
    if (batch.empty())
        return;
    const qsizetype slices =
        std::min<qsizetype>(qsizetype(batch.size()), qMax(1, m_verifyPool.maxThreadCount()));
    const qsizetype per = (qsizetype(batch.size()) + slices - 1) / slices;
    for (qsizetype from = 0; from < qsizetype(batch.size()); from += per) {
        const qsizetype to = std::min<qsizetype>(from + per, qsizetype(batch.size()));
        // The job gets copies of the bytes; the entries stay with this thread.
        QList<SignatureCheck> checks;
        QList<std::shared_ptr<Inbound>> entries;
        for (qsizetype i = from; i < to; ++i) {
            checks.append(batch[size_t(i)]->check);
            entries.append(batch[size_t(i)]);
        }
        ++m_signatureChecksStarted;
        auto *watcher = new QFutureWatcher<QList<bool>>(this);
        connect(watcher, &QFutureWatcher<QList<bool>>::finished, this, [this, watcher, entries] {
            watcher->deleteLater();
            // An empty answer: the job failed (out of memory); those commands are answered
            // not_recorded, and the line goes on.
            const QList<bool> valid = watcher->result();
            const bool checked = valid.size() == entries.size();
            for (qsizetype i = 0; i < entries.size(); ++i) {
                entries[i]->state = !checked ? Inbound::State::Unchecked
                    : valid[i]               ? Inbound::State::Valid
                                             : Inbound::State::Forged;
                entries[i]->check = {};
            }
            applyReady();
        });
        watcher->setFuture(
            QtConcurrent::run(&m_verifyPool, [checks = std::move(checks)]() -> QList<bool> {
                try {
                    QList<bool> valid;
                    valid.reserve(checks.size());
                    for (const SignatureCheck &c : checks)
                        valid.append(Crypto::verify(c.publicKey, c.message, c.signature).ok());
                    return valid;
                } catch (...) {
                    return {};
                }
            }));
    }
}

void ChamberApi::applyReady()
{
    while (!m_inbound.empty() && m_inbound.front()->state != Inbound::State::Checking) {
        const std::shared_ptr<Inbound> entry = std::move(m_inbound.front());
        m_inbound.pop_front();
        entry->apply(entry->state);
    }
}

void ChamberApi::setLeaseDays(int days)
{
    m_leaseDays = std::clamp(days, Protocol::kMinLeaseDays, Protocol::kMaxLeaseDays);
}

ChamberApi::~ChamberApi()
{
    // Sockets announce their end while the server is torn down: stop listening to them
    // first, then delete the connections (and their sockets), then the server.
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it)
        disconnect(it.key(), nullptr, this, nullptr);
    qDeleteAll(m_connections);
    m_connections.clear();
    m_server.reset();
}

Result<void> ChamberApi::listen(const QHostAddress &address, quint16 port,
                                const std::optional<QSslConfiguration> &tls)
{
    if (!tls && !address.isLoopback()) {
        return Error {
            QStringLiteral("insecure"),
            QStringLiteral(
                "without TLS the API listens on a loopback address only (development mode)")
        };
    }
    m_server = std::make_unique<QWebSocketServer>(QStringLiteral("aula"),
                                                  tls ? QWebSocketServer::SecureMode
                                                      : QWebSocketServer::NonSecureMode);
    if (tls) {
        m_server->setSslConfiguration(*tls);
        // Nagle off: the chamber answers in small frames, often two in a row (a live count,
        // then a vote's answer), and with Nagle the second waits for the tablet's delayed
        // ACK, ~40 ms. QWebSocketServer does not expose its sockets, but its TLS listener is
        // Qt Network's QSslServer, which announces each socket as its handshake starts.
        if (auto *listener = m_server->findChild<QSslServer *>()) {
            connect(listener, &QSslServer::startedEncryptionHandshake, this,
                    [](QSslSocket *socket) {
                        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                    });
        } else {
            qCWarning(lcApi) << "cannot switch Nagle's algorithm off: answers may wait ~40 ms";
        }
    }
    m_server->setMaxPendingConnections(256);
    // A slow TLS handshake must not hold the chamber up.
    m_server->setHandshakeTimeout(std::chrono::seconds(10));
    if (!m_server->listen(address, port)) {
        return Error { QStringLiteral("listen_failed"),
                       QStringLiteral("cannot listen on %1:%2: %3")
                           .arg(address.toString())
                           .arg(port)
                           .arg(m_server->errorString()) };
    }
    connect(m_server.get(), &QWebSocketServer::newConnection, this, &ChamberApi::onNewConnection);
    connect(m_server.get(), &QWebSocketServer::sslErrors, this, [](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            qCWarning(lcApi) << "TLS:" << e.errorString();
    });
    qCInfo(lcApi) << "listening on" << address.toString() << m_server->serverPort()
                  << (tls ? "with TLS" : "without TLS (loopback)");
    return {};
}

quint16 ChamberApi::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool ChamberApi::isSessionToken(QByteArrayView token) const
{
    return !token.isEmpty() && m_tokens.contains(token.toByteArray());
}

void ChamberApi::disconnectAll()
{
    for (QWebSocket *s : m_connections.keys())
        s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("resynchronise"));
}

void ChamberApi::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= kMaxConnections) {
            socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection,
                          QStringLiteral("server full"));
            socket->deleteLater();
            continue;
        }
        auto *connection = new ApiConnection(*this, socket);
        m_connections.insert(socket, connection);
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            if (ApiConnection *c = m_connections.take(socket)) {
                c->endSession();
                c->deleteLater();
            }
        });
    }
}

void ChamberApi::onCommitted(const QList<Event> &events)
{
    if (events.isEmpty())
        return;
    m_committedSeq = events.constLast().seq;
    for (const Event &e : events) {
        if (e.type == QLatin1String("device.revoked"))
            dropRevokedDevice(e.payload.value(QStringLiteral("device")).toString(),
                              e.payload.value(QStringLiteral("reason")).toString());
    }
    // One frame per sitting per commit; votes are not pushed one by one but counted.
    QStringList sittings;
    QHash<QString, QList<const Event *>> pushed;
    QStringList counted;
    for (const Event &e : events) {
        if (!isSittingEvent(e.type))
            continue;
        const QString sitting = e.payload.value(QStringLiteral("sitting")).toString();
        const QString key =
            sitting + QLatin1Char('/') + e.payload.value(QStringLiteral("ballot")).toString();
        if (e.type == QLatin1String("ballot.vote_cast")) {
            if (!counted.contains(key))
                counted.append(key);
            continue;
        }
        if (e.type == QLatin1String("ballot.closed")
            || e.type == QLatin1String("ballot.cancelled")) {
            // The close carries the final figures (and the roll): no count after it.
            m_tallies.remove(key);
            counted.removeAll(key);
        }
        if (!pushed.contains(sitting))
            sittings.append(sitting);
        pushed[sitting].append(&e);
    }
    for (const QString &sitting : std::as_const(sittings))
        pushEvents(sitting, pushed.value(sitting));

    // The engine emits `committed` right after the batch is durable and before it takes the
    // next command, so its state is exactly the committed one here.
    const qint64 now = m_clock.elapsed();
    for (const QString &key : std::as_const(counted)) {
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        const QString sitting = key.left(slash);
        const QString ballot = key.mid(slash + 1);
        const SittingState *s = m_chamber.state().sitting(sitting);
        const BallotState *b = s ? s->ballot(ballot) : nullptr;
        if (!b || b->status != BallotState::Status::Open)
            continue;
        LiveTally &t = m_tallies[key];
        t.sitting = sitting;
        t.ballot = ballot;
        t.votesReceived = int(b->voters.size());
        t.eligible = int(b->eligible.size());
        t.due = true;
        if (t.sentAtMs < 0 || now - t.sentAtMs >= kTallyIntervalMs)
            sendTally(key);
    }
    sendDueTallies();
}

void ChamberApi::dropRevokedDevice(const QString &device, const QString &reason)
{
    // A stolen tablet loses its session and its link at once; its next hello is refused
    // (device_revoked), and the tablet wipes itself (docs/protocol.md, "Revocation").
    const QByteArray notice = Protocol::encodeError(
        0,
        Error { QStringLiteral("device_revoked"),
                reason.isEmpty() ? QStringLiteral("this device has been revoked")
                                 : QStringLiteral("this device has been revoked: %1").arg(reason),
                QStringLiteral("device") });
    const QList<ApiConnection *> all = m_connections.values(); // closing may remove some
    for (ApiConnection *c : all) {
        if (device.isEmpty() || c->authenticatedDevice() != device)
            continue;
        qCWarning(lcApi) << "closing the connection of revoked device" << device;
        c->send(notice);
        c->endSession();
        c->socket()->close(QWebSocketProtocol::CloseCodePolicyViolated,
                           QStringLiteral("device revoked"));
    }
}

void ChamberApi::pushEvents(const QString &sitting, const QList<const Event *> &events)
{
    QJsonArray all;
    for (const Event *e : events)
        all.append(e->toJson());
    const qint64 first = events.constFirst()->seq;
    const qint64 last = events.constLast()->seq;
    // Encoded once for every subscriber: the fan-out's cost is the sends, not the JSON.
    const QString frame = QString::fromUtf8(Protocol::encodeEvents(sitting, all));
    for (ApiConnection *c : std::as_const(m_connections)) {
        if (!c->isSubscribed(sitting) || c->lastSeqSent() >= last)
            continue;
        if (c->lastSeqSent() < first) {
            c->sendText(frame);
            continue;
        }
        // It subscribed while this batch was being written: its snapshot covers part of it.
        QJsonArray newer;
        for (const Event *e : events) {
            if (e->seq > c->lastSeqSent())
                newer.append(e->toJson());
        }
        c->send(Protocol::encodeEvents(sitting, newer));
    }
}

void ChamberApi::sendTally(const QString &key)
{
    auto it = m_tallies.find(key);
    if (it == m_tallies.end())
        return;
    it->due = false;
    it->sentAtMs = m_clock.elapsed();
    // Every event up to the last commit has been pushed already, so the count is exact as of
    // that seq and a client that has seen more than it knows the count is not stale.
    const Protocol::Tally tally { it->sitting, it->ballot, m_committedSeq, it->votesReceived,
                                  it->eligible };
    const QString frame = QString::fromUtf8(Protocol::encodeTally(tally));
    for (ApiConnection *c : std::as_const(m_connections)) {
        if (c->isSubscribed(it->sitting) && c->lastSeqSent() < m_committedSeq)
            c->sendText(frame);
    }
}

void ChamberApi::sendDueTallies()
{
    const qint64 now = m_clock.elapsed();
    qint64 wait = -1;
    for (auto it = m_tallies.begin(); it != m_tallies.end(); ++it) {
        if (!it->due)
            continue;
        const qint64 left = it->sentAtMs + kTallyIntervalMs - now;
        if (left <= 0) {
            sendTally(it.key());
        } else if (wait < 0 || left < wait) {
            wait = left;
        }
    }
    if (wait >= 0 && (!m_tallyTimer.isActive() || m_tallyTimer.remainingTime() > wait))
        m_tallyTimer.start(int(wait));
}

} // namespace Aula::Server
