// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionmanager.h"

#include "platform/nfc/fakebadgereader.h"
#include "readercardchannel.h"
#include "sync/connection/chamberconnection.h"

#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "aula.app.session")

namespace Aula::App {

QByteArray demoBadgeUid(const QString &person)
{
    // Same layout as server/demo: 04, a0 (members) or b0 (staff), the number, 5a 5a 5a.
    const int n = person.mid(1).toInt();
    QByteArray uid;
    uid.append(char(0x04))
        .append(person.startsWith(QLatin1Char('s')) ? char(0xb0) : char(0xa0))
        .append(char(n >> 8))
        .append(char(n & 0xff))
        .append(3, char(0x5a));
    return uid;
}

SessionManager::SessionManager(Sync::ChamberConnection &connection, BadgeReader *reader,
                               QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_reader(reader)
{
    if (m_reader) {
        connect(m_reader, &BadgeReader::badgePresented, this, [this](const BadgeInfo &badge) {
            if (badgeRead(badge.uid))
                m_badgeInfo = badge;
        });
    }
    // The chamber's badge proof goes through this tablet's reader.
    m_cardChannel = std::make_unique<ReaderCardChannel>(m_reader);
    m_connection.setCardChannel(m_cardChannel.get());
    connect(&m_connection, &Sync::ChamberConnection::stateChanged, this,
            &SessionManager::onlineChanged);
    connect(&m_connection, &Sync::ChamberConnection::sessionLost, this,
            [this](const Aula::Error &why) {
                clearPin();
                m_badge.clear();
                setMessage(tr("Your session ended: %1. Tap your badge again.").arg(why.message));
                setState(State::WaitingForBadge);
            });
}

SessionManager::~SessionManager()
{
    if (m_connection.cardChannel() == m_cardChannel.get())
        m_connection.setCardChannel(nullptr);
}

void SessionManager::setFakeReader(FakeBadgeReader *fake, const QStringList &people)
{
    m_fake = fake;
    m_demoPeople = fake ? people : QStringList();
}

bool SessionManager::canSubmit() const
{
    return m_state == State::EnteringPin && m_pin.size() >= 4 && m_pin.size() <= 12;
}

QString SessionManager::person() const
{
    return m_state == State::LoggedIn ? m_connection.person() : QString();
}

QString SessionManager::personName() const
{
    return m_state == State::LoggedIn ? m_connection.personName() : QString();
}

bool SessionManager::isOnline() const
{
    return m_connection.state() == Sync::ChamberConnection::State::Connected;
}

void SessionManager::presentDemoBadge(const QString &person)
{
    if (!m_fake || !m_demoPeople.contains(person))
        return;
    BadgeInfo badge;
    badge.uid = demoBadgeUid(person);
    m_fake->present(badge);
}

bool SessionManager::badgeRead(const QByteArray &uid)
{
    if (m_state != State::WaitingForBadge && m_state != State::EnteringPin)
        return false;
    m_badge = uid;
    m_badgeInfo = BadgeInfo { uid, BadgeInfo::Technology::Iso14443A3, {}, 0, {} };
    clearPin();
    setMessage({});
    setState(State::EnteringPin);
    return true;
}

void SessionManager::appendDigit(int digit)
{
    if (m_state != State::EnteringPin || digit < 0 || digit > 9 || m_pin.size() >= 12)
        return;
    m_pin.append(QChar(u'0' + digit));
    Q_EMIT pinChanged();
}

void SessionManager::removeDigit()
{
    if (m_pin.isEmpty())
        return;
    m_pin.chop(1);
    Q_EMIT pinChanged();
}

void SessionManager::submitPin()
{
    if (!canSubmit())
        return;
    if (!isOnline()) {
        // No offline login yet: the chamber checks the PIN. Keep the digits for a retry.
        setMessage(tr("The chamber cannot be reached. Logging in needs the connection: "
                      "try again when the banner says connected."));
        return;
    }
    const QString pin = m_pin;
    clearPin();
    setState(State::LoggingIn);
    Sync::BadgeEvidence evidence { m_badge, m_badgeInfo.speaksIsoDep(), m_badgeInfo.atqa,
                                   m_badgeInfo.atqa.isEmpty() ? -1 : int(m_badgeInfo.sak) };
    m_connection.login(evidence, pin, [this](const Result<QJsonObject> &r) { onLoginReply(r); });
}

void SessionManager::onLoginReply(const Result<QJsonObject> &reply)
{
    if (reply) {
        setMessage({});
        setState(State::LoggedIn);
        Q_EMIT loggedIn();
        return;
    }
    const Error &e = reply.error();
    qCInfo(lcSession) << "login refused:" << e.code;
    const QString code = e.code;
    if (code == QLatin1String("wrong_pin")) {
        // ChamberConnection does not pass on attempts_left / locked_until yet (see the
        // report to sync/): say what is certain.
        setMessage(tr("Wrong PIN. Try again: after 5 wrong PINs the badge is locked for "
                      "15 minutes."));
        setState(State::EnteringPin);
        return;
    }
    m_badge.clear();
    if (code == QLatin1String("locked")) {
        setMessage(tr("This badge is locked after too many wrong PINs. Try again in 15 "
                      "minutes, or ask the secretary."),
                   0);
    } else if (code == QLatin1String("badge_unknown")) {
        setMessage(tr("This badge is not known to the chamber."));
    } else if (code == QLatin1String("badge_removed")) {
        setMessage(tr("The badge was taken off the reader during the check. Hold it on the "
                      "reader until you are logged in, and try again."));
    } else if (code == QLatin1String("badge_timeout")) {
        setMessage(tr("The badge did not answer in time. Hold it still on the reader and try "
                      "again."));
    } else if (code == QLatin1String("badge_rejected")) {
        setMessage(tr("This badge is not a valid chamber badge. Use the badge the secretary "
                      "gave you, or ask the secretary."));
    } else if (code == QLatin1String("offline") || code == QLatin1String("timeout")
               || code == QLatin1String("connection_lost")) {
        setMessage(tr("The chamber did not answer. Tap your badge and try again."));
    } else {
        setMessage(tr("The chamber refused the login: %1").arg(e.message));
    }
    setState(State::WaitingForBadge);
}

void SessionManager::cancel()
{
    m_badge.clear();
    clearPin();
    setMessage({});
    if (m_fake)
        m_fake->remove();
    setState(State::WaitingForBadge);
}

void SessionManager::logout()
{
    if (m_state == State::LoggedIn)
        m_connection.logout();
    cancel();
}

void SessionManager::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
    Q_EMIT pinChanged();
}

void SessionManager::setMessage(const QString &message, int attemptsLeft)
{
    m_message = message;
    m_attemptsLeft = attemptsLeft;
    Q_EMIT messageChanged();
}

void SessionManager::clearPin()
{
    m_pin.fill(QChar(u'0'));
    m_pin.clear();
    Q_EMIT pinChanged();
}

} // namespace Aula::App
