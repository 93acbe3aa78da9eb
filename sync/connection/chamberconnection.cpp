// SPDX-License-Identifier: GPL-3.0-or-later
#include "chamberconnection.h"

#include "sync/protocol/protocol.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcConnection, "aula.sync.connection")

namespace Aula::Sync {

namespace {

constexpr qint64 kMaxRequestId = 0x7fffffff;

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ChamberConnection::ChamberConnection(ConnectionOptions options, Crypto::SigningKey deviceKey,
                                     QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_key(std::move(deviceKey))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChamberConnection::connectSocket);
    connect(&m_pingTimer, &QTimer::timeout, this, &ChamberConnection::sendPing);
}

ChamberConnection::~ChamberConnection()
{
    m_wanted = false;
    if (m_socket) {
        disconnect(m_socket.get(), nullptr, this, nullptr);
        m_socket->abort();
    }
    // Callers hear about their requests even when the connection goes away under them.
    failAllPending(err("connection_lost", QStringLiteral("the connection was closed")));
}

void ChamberConnection::open()
{
    if (m_wanted)
        return;
    m_wanted = true;
    m_attempt = 0;
    setState(State::Connecting);
    connectSocket();
}

void ChamberConnection::close()
{
    m_wanted = false;
    m_reconnectTimer.stop();
    m_pingTimer.stop();
    wipeCredentials();
    const bool hadSession = !m_person.isEmpty();
    m_person.clear();
    m_token.clear();
    m_voteNonce.clear();
    m_sittings.clear();
    ++m_generation;
    m_ready = false;
    if (m_socket) {
        disconnect(m_socket.get(), nullptr, this, nullptr);
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("closed"));
        m_socket.release()->deleteLater();
    }
    failAllPending(err("connection_lost", QStringLiteral("the connection was closed")));
    setState(State::Offline);
    if (hadSession)
        Q_EMIT sessionChanged();
}

int ChamberConnection::nextAttemptIn() const
{
    return m_reconnectTimer.isActive() ? m_reconnectTimer.remainingTime() : 0;
}

qint64 ChamberConnection::serverNow() const
{
    return nowMs() + m_offsetMs;
}

void ChamberConnection::setState(State state)
{
    if (state == State::Connected)
        m_offlineSince = QDateTime();
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ChamberConnection::connectSocket()
{
    if (!m_wanted)
        return;
    const QString scheme = m_options.url.scheme();
    if (scheme == QLatin1String("wss") && !m_options.tls) {
        qCWarning(lcConnection) << "wss:// needs the chamber CA: no TLS configuration given";
        m_wanted = false;
        setState(State::Offline);
        Q_EMIT deviceRejected(err("insecure", QStringLiteral("no pinned chamber CA for wss://")));
        return;
    }
    if (scheme == QLatin1String("ws")) {
        const QString host = m_options.url.host();
        if (host != QLatin1String("127.0.0.1") && host != QLatin1String("localhost")
            && host != QLatin1String("::1")) {
            m_wanted = false;
            setState(State::Offline);
            Q_EMIT deviceRejected(
                err("insecure", QStringLiteral("ws:// without TLS is allowed on loopback only")));
            return;
        }
    }
    if (m_socket) {
        disconnect(m_socket.get(), nullptr, this, nullptr);
        m_socket->abort();
        m_socket.release()->deleteLater();
    }
    ++m_generation;
    m_ready = false;
    m_socket = std::make_unique<QWebSocket>();
    m_socket->setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    if (m_options.tls)
        m_socket->setSslConfiguration(*m_options.tls);
    connect(m_socket.get(), &QWebSocket::connected, this, &ChamberConnection::onConnected);
    // stateChanged, not disconnected(): a refused or failed TLS attempt never "connects", so
    // it would never "disconnect" either.
    connect(m_socket.get(), &QWebSocket::stateChanged, this,
            [this, generation = m_generation](QAbstractSocket::SocketState s) {
                if (s == QAbstractSocket::UnconnectedState && generation == m_generation)
                    onDisconnected();
            });
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &ChamberConnection::onText);
    connect(m_socket.get(), &QWebSocket::sslErrors, this, [](const QList<QSslError> &errors) {
        // Never ignored: a certificate that does not chain to the pinned CA ends the attempt.
        for (const QSslError &e : errors)
            qCWarning(lcConnection) << "TLS:" << e.errorString();
    });
    qCInfo(lcConnection) << "connecting to" << m_options.url.toString() << "attempt"
                         << m_attempt + 1;
    m_socket->open(QNetworkRequest(m_options.url));
}

void ChamberConnection::onConnected()
{
    startHandshake();
}

void ChamberConnection::startHandshake()
{
    const int generation = m_generation;
    const qint64 t0 = nowMs();
    send(
        QStringLiteral("hello"),
        { { QStringLiteral("protocol"), Protocol::kVersion },
          { QStringLiteral("device"), m_options.device } },
        [this, generation, t0](const Result<QJsonObject> &r) {
            if (generation != m_generation)
                return;
            if (!r) {
                const QString code = r.error().code;
                if (code == QLatin1String("device_unknown")
                    || code == QLatin1String("device_revoked")
                    || code == QLatin1String("unsupported_version")) {
                    qCWarning(lcConnection) << "device refused:" << r.error().message;
                    m_wanted = false;
                    Q_EMIT deviceRejected(r.error());
                    close();
                    return;
                }
                dropLink(QStringLiteral("hello failed: ") + r.error().message);
                return;
            }
            m_offsetMs = r->value(QStringLiteral("server_time")).toInteger() - (t0 + nowMs()) / 2;
            m_serverId = r->value(QStringLiteral("server")).toString();
            const QByteArray nonce =
                QByteArray::fromHex(r->value(QStringLiteral("nonce")).toString().toLatin1());
            const QByteArray signature =
                m_key.sign(Protocol::deviceAuthMessage(m_options.device, nonce, m_serverId));
            send(
                QStringLiteral("device_auth"),
                { { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } },
                [this, generation](const Result<QJsonObject> &a) {
                    if (generation != m_generation)
                        return;
                    if (!a) {
                        if (a.error().code == QLatin1String("bad_signature")) {
                            m_wanted = false;
                            Q_EMIT deviceRejected(a.error());
                            close();
                            return;
                        }
                        dropLink(QStringLiteral("device_auth failed: ") + a.error().message);
                        return;
                    }
                    afterDevice();
                },
                -1);
        },
        -1);
}

void ChamberConnection::afterDevice()
{
    m_ready = true;
    m_attempt = 0;
    if (m_everConnected)
        ++m_reconnects;
    m_everConnected = true;
    m_pingTimer.start(m_options.pingIntervalMs);
    if (!m_badge.isEmpty()) {
        reLogin();
        return;
    }
    resubscribeAll(m_generation);
    setState(State::Connected);
}

void ChamberConnection::reLogin()
{
    const int generation = m_generation;
    BadgeEvidence badge = m_badgeSeen;
    badge.uid = m_badge.toByteArray();
    QJsonObject args = loginArgs(badge, QString::fromUtf8(m_pin.toByteArray()));
    // The chamber's ticket stands for the card proof: the badge need not be on the reader.
    if (!m_resume.isEmpty())
        args.insert(QStringLiteral("resume"), QString::fromLatin1(m_resume.toByteArray().toHex()));
    runLogin(args, [this, generation](const Result<QJsonObject> &r) {
        if (generation != m_generation)
            return;
        if (!r
            && (r.error().code == QLatin1String("timeout")
                || r.error().code == QLatin1String("connection_lost"))) {
            dropLink(QStringLiteral("re-login got no answer"));
            return;
        }
        if (!r) {
            // The credentials no longer open a session: forget them, ask for the badge.
            qCWarning(lcConnection) << "session not restored:" << r.error().code;
            wipeCredentials();
            m_person.clear();
            m_token.clear();
            m_voteNonce.clear();
            Q_EMIT sessionChanged();
            Q_EMIT sessionLost(r.error());
        } else {
            m_resume = Crypto::SecretBytes::copyOf(
                QByteArray::fromHex(r->value(QStringLiteral("resume")).toString().toLatin1()));
            handleLoginReply(r);
        }
        resubscribeAll(generation);
        setState(State::Connected);
    });
}

QJsonObject ChamberConnection::loginArgs(const BadgeEvidence &badge, const QString &pin) const
{
    QJsonObject args { { QStringLiteral("badge"), QString::fromLatin1(badge.uid.toHex()) },
                       { QStringLiteral("pin"), pin } };
    if (badge.isoDep)
        args.insert(QStringLiteral("technology"), QStringLiteral("iso14443a4"));
    else if (!badge.atqa.isEmpty() || badge.sak >= 0)
        args.insert(QStringLiteral("technology"), QStringLiteral("iso14443a3"));
    if (badge.atqa.size() == 2)
        args.insert(QStringLiteral("atqa"), QString::fromLatin1(badge.atqa.toHex()));
    if (badge.sak >= 0 && badge.sak <= 255)
        args.insert(QStringLiteral("sak"), badge.sak);
    return args;
}

void ChamberConnection::runLogin(const QJsonObject &args, Reply done)
{
    const int generation = m_generation;
    send(
        QStringLiteral("login"), args,
        [this, generation, done](const Result<QJsonObject> &r) {
            onLoginStep(r, generation, done);
        },
        m_options.loginTimeoutMs);
}

void ChamberConnection::onLoginStep(const Result<QJsonObject> &r, int generation, const Reply &done)
{
    if (!r || generation != m_generation || !r->contains(QStringLiteral("card_apdu"))) {
        done(r);
        return;
    }
    // The chamber asks the badge something: relay it, one APDU at a time, and send back
    // the answer, or why there is none.
    const int step = r->value(QStringLiteral("card_step")).toInt();
    const QByteArray apdu =
        QByteArray::fromHex(r->value(QStringLiteral("card_apdu")).toString().toLatin1());
    QPointer<ChamberConnection> self(this);
    auto answerWith = [self, generation, step, done](const Result<QByteArray> &answer) {
        if (!self)
            return;
        if (generation != self->m_generation) {
            done(err("connection_lost", QStringLiteral("the link dropped during the badge check")));
            return;
        }
        QJsonObject args { { QStringLiteral("step"), step } };
        if (answer) {
            args.insert(QStringLiteral("answer"), QString::fromLatin1(answer->toHex()));
        } else {
            static const QStringList known = { QStringLiteral("badge_removed"),
                                               QStringLiteral("reader_lost"),
                                               QStringLiteral("no_badge"),
                                               QStringLiteral("not_iso_dep") };
            const QString code = answer.error().code;
            qCInfo(lcConnection) << "the badge did not answer step" << step << ":" << code;
            args.insert(QStringLiteral("failure"),
                        known.contains(code) ? code
                            : code == QLatin1String("reader_stopped")
                            ? QStringLiteral("reader_lost")
                            : QStringLiteral("card_error"));
        }
        self->send(
            QStringLiteral("login.card"), args,
            [self, generation, done](const Result<QJsonObject> &next) {
                if (self)
                    self->onLoginStep(next, generation, done);
            },
            self->m_options.loginTimeoutMs);
    };
    if (!m_cardChannel) {
        answerWith(
            err("not_iso_dep", QStringLiteral("this tablet cannot relay frames to a badge")));
        return;
    }
    m_cardChannel->exchange(apdu, answerWith);
}

void ChamberConnection::handleLoginReply(const Result<QJsonObject> &r)
{
    m_person = r->value(QStringLiteral("person")).toString();
    m_personName = r->value(QStringLiteral("name")).toString();
    m_isMember = r->value(QStringLiteral("member")).toBool();
    m_token = r->value(QStringLiteral("token")).toString().toLatin1();
    m_voteNonce = QByteArray::fromHex(r->value(QStringLiteral("vote_nonce")).toString().toLatin1());
    Q_EMIT sessionChanged();
}

void ChamberConnection::resubscribeAll(int generation)
{
    // A snapshot replaces what the tablet knew; events resume after its seq.
    for (const QString &sitting : std::as_const(m_sittings)) {
        send(
            QStringLiteral("subscribe"), { { QStringLiteral("sitting"), sitting } },
            [this, generation, sitting](const Result<QJsonObject> &r) {
                if (generation != m_generation)
                    return;
                if (!r) {
                    qCWarning(lcConnection)
                        << "resubscribe to" << sitting << "failed" << r.error().code;
                    return;
                }
                m_lastSeq = qMax(m_lastSeq, r->value(QStringLiteral("seq")).toInteger());
                Q_EMIT snapshotReceived(sitting, *r);
            },
            -1);
    }
}

void ChamberConnection::login(const QByteArray &badgeUid, const QString &pin, Reply reply)
{
    login(BadgeEvidence { badgeUid, false, {}, -1 }, pin, std::move(reply));
}

void ChamberConnection::login(const BadgeEvidence &badgeSeen, const QString &pin, Reply reply)
{
    if (!m_ready) {
        if (reply)
            reply(err("offline", QStringLiteral("not connected to the chamber")));
        return;
    }
    const int generation = m_generation;
    auto badge = std::make_shared<Crypto::SecretBytes>(Crypto::SecretBytes::copyOf(badgeSeen.uid));
    auto secretPin =
        std::make_shared<Crypto::SecretBytes>(Crypto::SecretBytes::copyOf(pin.toUtf8()));
    runLogin(
        loginArgs(badgeSeen, pin),
        [this, generation, badge, secretPin, badgeSeen, reply](const Result<QJsonObject> &r) {
            if (r && generation == m_generation) {
                m_badge = std::move(*badge);
                m_pin = std::move(*secretPin);
                m_badgeSeen = BadgeEvidence { {}, badgeSeen.isoDep, badgeSeen.atqa, badgeSeen.sak };
                m_resume = Crypto::SecretBytes::copyOf(
                    QByteArray::fromHex(r->value(QStringLiteral("resume")).toString().toLatin1()));
                handleLoginReply(r);
                resubscribeAll(generation);
            }
            if (reply)
                reply(r);
        });
}

void ChamberConnection::logout()
{
    wipeCredentials();
    if (m_person.isEmpty())
        return;
    m_person.clear();
    m_token.clear();
    m_voteNonce.clear();
    if (m_ready)
        send(QStringLiteral("logout"), {}, {}, -1);
    Q_EMIT sessionChanged();
}

void ChamberConnection::wipeCredentials()
{
    m_badge = Crypto::SecretBytes();
    m_pin = Crypto::SecretBytes();
    m_resume = Crypto::SecretBytes();
}

void ChamberConnection::subscribe(const QString &sitting, Reply reply)
{
    m_sittings.insert(sitting);
    if (!m_ready) {
        if (reply)
            reply(err("offline",
                      QStringLiteral("not connected; the subscription resumes "
                                     "when the chamber is reachable")));
        return;
    }
    send(
        QStringLiteral("subscribe"), { { QStringLiteral("sitting"), sitting } },
        [this, sitting, reply, generation = m_generation](const Result<QJsonObject> &r) {
            if (r && generation == m_generation) {
                m_lastSeq = qMax(m_lastSeq, r->value(QStringLiteral("seq")).toInteger());
                Q_EMIT snapshotReceived(sitting, *r);
            } else if (!r && r.error().code != QLatin1String("connection_lost")) {
                m_sittings.remove(sitting);
            }
            if (reply)
                reply(r);
        },
        -1);
}

void ChamberConnection::unsubscribe(const QString &sitting)
{
    // The protocol has no unsubscribe yet: stop resubscribing; the link's pushes stay.
    m_sittings.remove(sitting);
}

void ChamberConnection::castVote(const QString &sitting, const QString &ballot,
                                 const QString &choice, VoteCallback done)
{
    auto notDelivered = [](Error e) {
        VoteOutcome o;
        o.status = VoteOutcome::Status::NotDelivered;
        o.error = std::move(e);
        return o;
    };
    if (!m_ready || m_state != State::Connected) {
        done(notDelivered(err("offline",
                              QStringLiteral("not connected to the chamber: the "
                                             "vote was not sent"))));
        return;
    }
    if (m_person.isEmpty() || m_voteNonce.isEmpty()) {
        done(notDelivered(
            err("not_authenticated", QStringLiteral("log in with badge and PIN to vote"))));
        return;
    }
    // Signed with the nonce of the session on this link: a retry after a reconnect is
    // signed afresh, and the server's already_voted answer keeps it from counting twice.
    const QByteArray signature =
        m_key.sign(Protocol::voteMessage(ballot, choice, m_person, m_voteNonce));
    qCInfo(lcConnection) << "vote sent on ballot" << ballot;
    send(
        QStringLiteral("ballot.vote"),
        { { QStringLiteral("sitting"), sitting },
          { QStringLiteral("ballot"), ballot },
          { QStringLiteral("choice"), choice },
          { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } },
        [done, notDelivered](const Result<QJsonObject> &r) {
            VoteOutcome o;
            if (r) {
                o.status = VoteOutcome::Status::Delivered;
                o.receipt = r->value(QStringLiteral("receipt")).toString();
                o.alreadyRecorded = r->value(QStringLiteral("already_recorded")).toBool();
            } else {
                const QString code = r.error().code;
                if (code == QLatin1String("timeout") || code == QLatin1String("connection_lost")
                    || code == QLatin1String("offline")) {
                    o = notDelivered(r.error());
                } else {
                    o.status = VoteOutcome::Status::Refused;
                    o.error = r.error();
                }
            }
            done(o);
        },
        -1);
}

qint64 ChamberConnection::request(const QString &type, const QJsonObject &args, Reply reply,
                                  int timeoutMs)
{
    if (!m_ready) {
        if (reply)
            reply(err("offline", QStringLiteral("not connected to the chamber")));
        return 0;
    }
    return send(type, args, std::move(reply), timeoutMs);
}

qint64 ChamberConnection::send(const QString &type, const QJsonObject &args, Reply reply,
                               int timeoutMs)
{
    const qint64 id = m_nextId;
    m_nextId = m_nextId >= kMaxRequestId ? 1 : m_nextId + 1;
    m_pending.insert(id, Pending { std::move(reply), nowMs() });
    const QByteArray frame = Protocol::encodeRequest(id, type, args);
    m_socket->sendTextMessage(QString::fromUtf8(frame));
    const int ms = timeoutMs < 0 ? m_options.requestTimeoutMs : timeoutMs;
    QTimer::singleShot(ms, this, [this, id, type] {
        if (m_pending.contains(id))
            completePending(
                id,
                Error { QStringLiteral("timeout"),
                        QStringLiteral("the chamber did not answer %1 in time").arg(type) });
    });
    return id;
}

void ChamberConnection::completePending(qint64 id, const Result<QJsonObject> &r)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Reply reply = std::move(it->reply);
    m_pending.erase(it);
    if (reply)
        reply(r);
}

void ChamberConnection::failAllPending(const Error &error)
{
    const QList<qint64> ids = m_pending.keys();
    for (qint64 id : ids)
        completePending(id, error);
}

void ChamberConnection::onText(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    const qint64 re = o.value(QStringLiteral("re")).toInteger();
    if (type == QLatin1String("ok") && re > 0) {
        QJsonObject fields = o;
        fields.remove(QStringLiteral("v"));
        fields.remove(QStringLiteral("type"));
        fields.remove(QStringLiteral("re"));
        completePending(re, fields);
        return;
    }
    if (type == QLatin1String("error") && re > 0) {
        Error e { o.value(QStringLiteral("code")).toString(),
                  o.value(QStringLiteral("message")).toString(),
                  o.value(QStringLiteral("field")).toString() };
        // already_voted carries the receipt of the vote the chamber holds: delivered.
        if (e.code == QLatin1String("already_voted")
            && o.value(QStringLiteral("receipt")).toString().size() == 64) {
            if (m_pending.contains(re)) {
                QJsonObject fields { { QStringLiteral("receipt"),
                                       o.value(QStringLiteral("receipt")) },
                                     { QStringLiteral("already_recorded"), true } };
                completePending(re, fields);
            }
            return;
        }
        QJsonObject details = o;
        for (const char *known : { "v", "type", "re", "code", "message", "field" })
            details.remove(QLatin1String(known));
        m_errorDetails = details;
        completePending(re, e);
        m_errorDetails = {};
        return;
    }
    if (type == QLatin1String("error") && re == 0
        && o.value(QStringLiteral("code")).toString() == QLatin1String("device_revoked")) {
        // Revoked while connected (a stolen tablet): stop, as when hello is refused.
        const Error why { QStringLiteral("device_revoked"),
                          o.value(QStringLiteral("message")).toString(),
                          o.value(QStringLiteral("field")).toString() };
        qCWarning(lcConnection) << "device revoked by the chamber:" << why.message;
        m_wanted = false;
        Q_EMIT deviceRejected(why);
        close();
        return;
    }
    if (type == QLatin1String("events")) {
        // One commit's events of one sitting, in seq order.
        for (const QJsonValue v : o.value(QStringLiteral("events")).toArray()) {
            auto event = Event::fromJson(v.toObject());
            if (!event) {
                qCWarning(lcConnection)
                    << "ignoring a malformed event:" << event.error().describe();
                continue;
            }
            if (event->seq <= m_lastSeq)
                continue; // the snapshot (or an earlier push) already covers it
            m_lastSeq = event->seq;
            Q_EMIT eventReceived(*event);
        }
        return;
    }
    if (type == QLatin1String("tally")) {
        auto tally = Protocol::decodeTally(o);
        if (!tally) {
            qCWarning(lcConnection) << "ignoring a malformed tally:" << tally.error().describe();
            return;
        }
        // The count is exact as of its seq; one older than what the tablet knows is stale.
        if (tally->seq < m_lastSeq)
            return;
        m_lastSeq = tally->seq;
        Q_EMIT tallyReceived(tally->sitting, tally->ballot, tally->votesReceived, tally->eligible);
        return;
    }
    Q_EMIT unsolicited(o);
}

void ChamberConnection::sendPing()
{
    if (!m_ready)
        return;
    const qint64 t0 = nowMs();
    const int generation = m_generation;
    send(
        QStringLiteral("ping"), {},
        [this, t0, generation](const Result<QJsonObject> &r) {
            if (generation != m_generation)
                return;
            if (!r) {
                if (r.error().code == QLatin1String("timeout"))
                    dropLink(QStringLiteral("ping not answered"));
                return;
            }
            const qint64 t1 = nowMs();
            m_offsetMs = r->value(QStringLiteral("server_time")).toInteger() - (t0 + t1) / 2;
        },
        qMin(m_options.requestTimeoutMs, m_options.pingIntervalMs));
}

void ChamberConnection::dropLink(const QString &why)
{
    qCWarning(lcConnection) << "dropping the link:" << why;
    if (m_socket)
        m_socket->abort(); // disconnected() follows and schedules the reconnect
}

void ChamberConnection::onDisconnected()
{
    const bool wasReady = m_ready;
    m_ready = false;
    m_pingTimer.stop();
    ++m_generation;
    if (m_socket)
        qCInfo(lcConnection) << "link lost:" << m_socket->closeReason() << m_socket->errorString();
    // Nothing in flight survives a link: each caller hears "connection_lost" now.
    failAllPending(
        err("connection_lost", QStringLiteral("the connection to the chamber was lost")));
    if (!m_wanted) {
        setState(State::Offline);
        return;
    }
    if (!m_offlineSince.isValid() && (wasReady || m_everConnected))
        m_offlineSince = QDateTime::currentDateTime();
    if (m_everConnected)
        setState(State::Reconnecting);
    else
        Q_EMIT stateChanged(m_state); // offlineSince may have changed
    scheduleReconnect();
}

void ChamberConnection::scheduleReconnect()
{
    // Exponential backoff with "equal jitter": half fixed, half random, so a room of
    // tablets that lost the Wi-Fi together does not come back in one burst.
    const qint64 cap = qMin<qint64>(m_options.backoffMaxMs,
                                    qint64(m_options.backoffInitialMs) << qMin(m_attempt, 20));
    const qint64 delay = cap / 2 + QRandomGenerator::global()->bounded(cap / 2 + 1);
    ++m_attempt;
    qCInfo(lcConnection) << "reconnecting in" << delay << "ms";
    m_reconnectTimer.start(int(delay));
}

} // namespace Aula::Sync
