// SPDX-License-Identifier: GPL-3.0-or-later
#include "simtablet.h"

#include "sync/protocol/protocol.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace Aula::Test {

namespace {

// Runs the event loop until `done()` or the time-out; true when done.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace

SimTablet::SimTablet(QString device, Crypto::SigningKey key, QObject *parent)
    : QObject(parent)
    , m_device(std::move(device))
    , m_key(std::move(key))
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &SimTablet::onText);
}

bool SimTablet::open(const QUrl &url, const std::optional<QSslConfiguration> &tls, int timeoutMs)
{
    if (tls)
        m_socket.setSslConfiguration(*tls);
    m_socket.open(url);
    return waitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                   timeoutMs);
}

void SimTablet::onText(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = o.value(QStringLiteral("type")).toString();
    if ((type == QLatin1String("ok") || type == QLatin1String("error"))
        && o.value(QStringLiteral("re")).toInteger() > 0) {
        const qint64 re = o.value(QStringLiteral("re")).toInteger();
        if (re == m_loginId && type == QLatin1String("ok")) {
            m_person = o.value(QStringLiteral("person")).toString();
            m_voteNonce =
                QByteArray::fromHex(o.value(QStringLiteral("vote_nonce")).toString().toLatin1());
            m_token = o.value(QStringLiteral("token")).toString().toLatin1();
        }
        m_replies.insert(re, o);
        Q_EMIT replied(re, o);
        return;
    }
    if (type == QLatin1String("events")) {
        ++m_eventFrames;
        const QJsonArray events = o.value(QStringLiteral("events")).toArray();
        for (const QJsonValue v : events) {
            m_events.append(v.toObject());
            Q_EMIT eventPushed(m_events.constLast());
        }
    } else if (type == QLatin1String("tally")) {
        m_tallies.append(o);
    } else {
        m_unsolicited.append(o);
    }
    Q_EMIT pushed(o);
}

qint64 SimTablet::send(const QString &type, const QJsonObject &args)
{
    const qint64 id = m_nextId++;
    m_socket.sendTextMessage(QString::fromUtf8(Protocol::encodeRequest(id, type, args)));
    return id;
}

QJsonObject SimTablet::waitReply(qint64 id, int timeoutMs)
{
    waitFor(
        [&] {
            return m_replies.contains(id) || m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return m_replies.take(id);
}

QJsonObject SimTablet::request(const QString &type, const QJsonObject &args, int timeoutMs)
{
    return waitReply(send(type, args), timeoutMs);
}

bool SimTablet::authenticateDevice(int timeoutMs)
{
    const QJsonObject hello = request(QStringLiteral("hello"),
                                      { { QStringLiteral("protocol"), Protocol::kVersion },
                                        { QStringLiteral("device"), m_device } },
                                      timeoutMs);
    if (hello.value(QStringLiteral("type")) != QLatin1String("ok"))
        return false;
    m_serverId = hello.value(QStringLiteral("server")).toString();
    const QByteArray nonce =
        QByteArray::fromHex(hello.value(QStringLiteral("nonce")).toString().toLatin1());
    const QByteArray signature =
        m_key.sign(Protocol::deviceAuthMessage(m_device, nonce, m_serverId));
    const QJsonObject auth = request(
        QStringLiteral("device_auth"),
        { { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } }, timeoutMs);
    return auth.value(QStringLiteral("type")) == QLatin1String("ok");
}

qint64 SimTablet::sendLogin(const QByteArray &badgeUid, const QString &pin)
{
    m_loginId = send(QStringLiteral("login"),
                     { { QStringLiteral("badge"), QString::fromLatin1(badgeUid.toHex()) },
                       { QStringLiteral("pin"), pin } });
    return m_loginId;
}

QJsonObject SimTablet::login(const QByteArray &badgeUid, const QString &pin, int timeoutMs)
{
    return waitReply(sendLogin(badgeUid, pin), timeoutMs);
}

QJsonObject SimTablet::loginWithCard(const QByteArray &badgeUid, const QString &pin,
                                     const Card &card, int timeoutMs, QList<QJsonObject> *replies)
{
    m_loginId = send(QStringLiteral("login"),
                     { { QStringLiteral("badge"), QString::fromLatin1(badgeUid.toHex()) },
                       { QStringLiteral("pin"), pin },
                       { QStringLiteral("technology"), QStringLiteral("iso14443a4") },
                       { QStringLiteral("atqa"), QStringLiteral("0344") },
                       { QStringLiteral("sak"), 0x20 } });
    QJsonObject reply = waitReply(m_loginId, timeoutMs);
    while (reply.value(QStringLiteral("type")) == QLatin1String("ok")
           && reply.contains(QStringLiteral("card_apdu"))) {
        if (replies)
            replies->append(reply);
        const auto answer = card(
            QByteArray::fromHex(reply.value(QStringLiteral("card_apdu")).toString().toLatin1()));
        QJsonObject args { { QStringLiteral("step"), reply.value(QStringLiteral("card_step")) } };
        if (answer)
            args.insert(QStringLiteral("answer"), QString::fromLatin1(answer->toHex()));
        else
            args.insert(QStringLiteral("failure"), QStringLiteral("badge_removed"));
        m_loginId = send(QStringLiteral("login.card"), args);
        reply = waitReply(m_loginId, timeoutMs);
    }
    return reply;
}

QJsonObject SimTablet::subscribe(const QString &sitting, int timeoutMs)
{
    return request(QStringLiteral("subscribe"), { { QStringLiteral("sitting"), sitting } },
                   timeoutMs);
}

qint64 SimTablet::sendVote(const QString &sitting, const QString &ballot, const QString &choice)
{
    const QByteArray signature =
        m_key.sign(Protocol::voteMessage(ballot, choice, m_person, m_voteNonce));
    return send(QStringLiteral("ballot.vote"),
                { { QStringLiteral("sitting"), sitting },
                  { QStringLiteral("ballot"), ballot },
                  { QStringLiteral("choice"), choice },
                  { QStringLiteral("signature"), QString::fromLatin1(signature.toHex()) } });
}

QJsonObject SimTablet::waitEvent(const QString &type, int timeoutMs,
                                 const std::function<bool(const QJsonObject &)> &match)
{
    QJsonObject found;
    qsizetype scanned = 0;
    waitFor(
        [&] {
            for (; scanned < m_events.size(); ++scanned) {
                const QJsonObject &e = m_events.at(scanned);
                if (e.value(QStringLiteral("type")).toString() == type && (!match || match(e))) {
                    found = e;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

QJsonObject SimTablet::waitTally(const QString &ballot, int votesReceived, int timeoutMs)
{
    QJsonObject found;
    waitFor(
        [&] {
            for (const QJsonObject &t : std::as_const(m_tallies)) {
                if (t.value(QStringLiteral("ballot")).toString() == ballot
                    && t.value(QStringLiteral("votes_received")).toInt() >= votesReceived) {
                    found = t;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

} // namespace Aula::Test
