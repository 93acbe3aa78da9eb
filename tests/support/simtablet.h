// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/crypto/signingkey.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QWebSocket>
#include <functional>
#include <optional>

namespace Aula::Test {

/**
 * A simulated tablet speaking the chamber protocol over a real WebSocket: for integration
 * tests and the load benchmark. Requests can be sent asynchronously (send(), then
 * `replied`) or awaited (request()).
 */
class SimTablet : public QObject
{
    Q_OBJECT

public:
    SimTablet(QString device, Crypto::SigningKey key, QObject *parent = nullptr);

    /** Opens the socket; with `tls`, pins that configuration's CA. Waits up to `timeoutMs`. */
    bool open(const QUrl &url, const std::optional<QSslConfiguration> &tls = {},
              int timeoutMs = 10000);
    /** hello + device_auth; true when the device is accepted. */
    bool authenticateDevice(int timeoutMs = 10000);
    /** login with badge + PIN; returns the reply (type "ok" or "error"). */
    QJsonObject login(const QByteArray &badgeUid, const QString &pin, int timeoutMs = 15000);
    /**
     * The card side of a badge proof: the answer to one APDU, or std::nullopt when the card
     * is gone (reported to the server as "badge_removed").
     */
    using Card = std::function<std::optional<QByteArray>(const QByteArray &apdu)>;
    /**
     * login as a tablet with an ISO 14443-4 badge: relays every `card_apdu` of the server to
     * @p card with `login.card` until the final reply, which it returns. @p replies, when
     * given, receives every intermediate reply.
     */
    QJsonObject loginWithCard(const QByteArray &badgeUid, const QString &pin, const Card &card,
                              int timeoutMs = 15000, QList<QJsonObject> *replies = nullptr);
    /** Sends login without waiting; the session's nonce is taken from the reply when it comes. */
    qint64 sendLogin(const QByteArray &badgeUid, const QString &pin);
    /** subscribe; returns the reply with the state snapshot. */
    QJsonObject subscribe(const QString &sitting, int timeoutMs = 10000);

    /** Sends a request and returns its id. */
    qint64 send(const QString &type, const QJsonObject &args = {});
    /** Sends a signed vote and returns its id. */
    qint64 sendVote(const QString &sitting, const QString &ballot, const QString &choice);
    /** Sends and waits for the reply (an empty object on time-out). */
    QJsonObject request(const QString &type, const QJsonObject &args = {}, int timeoutMs = 10000);
    /** Sends a raw text frame (for bad-input tests). */
    void sendRaw(const QString &frame) { m_socket.sendTextMessage(frame); }
    /** Waits until a reply to `id` arrives. */
    QJsonObject waitReply(qint64 id, int timeoutMs = 10000);
    /** Waits until a pushed event of `type` arrives (optionally with a field value); returns it. */
    QJsonObject waitEvent(const QString &type, int timeoutMs = 10000,
                          const std::function<bool(const QJsonObject &)> &match = {});

    /**
     * Waits until a "tally" push for `ballot` counts at least `votesReceived`; returns it (an
     * empty object on time-out).
     */
    QJsonObject waitTally(const QString &ballot, int votesReceived, int timeoutMs = 10000);

    [[nodiscard]] QWebSocket &socket() { return m_socket; }
    /** Every pushed event, unpacked from the "events" frames, in order. */
    [[nodiscard]] const QList<QJsonObject> &events() const { return m_events; }
    /** Every "tally" push (whole messages), in order. */
    [[nodiscard]] const QList<QJsonObject> &tallies() const { return m_tallies; }
    /** How many "events" frames arrived (a commit's events of a sitting come in one). */
    [[nodiscard]] int eventFrames() const { return m_eventFrames; }
    [[nodiscard]] const QList<QJsonObject> &unsolicited() const { return m_unsolicited; }
    [[nodiscard]] QString person() const { return m_person; }
    [[nodiscard]] QByteArray token() const { return m_token; }
    [[nodiscard]] bool isOpen() const
    {
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }

Q_SIGNALS:
    void replied(qint64 id, const QJsonObject &reply);
    /** Every message the server sent on its own (an "events" frame, a "tally", …). */
    void pushed(const QJsonObject &message);
    /** One event of an "events" frame. */
    void eventPushed(const QJsonObject &event);

private:
    void onText(const QString &text);

    QString m_device;
    Crypto::SigningKey m_key;
    QWebSocket m_socket;
    qint64 m_nextId = 1;
    QHash<qint64, QJsonObject> m_replies;
    QList<QJsonObject> m_events;
    QList<QJsonObject> m_tallies;
    QList<QJsonObject> m_unsolicited;
    int m_eventFrames = 0;
    QString m_serverId;
    QString m_person;
    QByteArray m_voteNonce;
    QByteArray m_token;
    qint64 m_loginId = 0;
};

} // namespace Aula::Test
