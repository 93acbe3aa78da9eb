// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionmanager.h"

#include "app/chamber/tabletvault.h"
#include "platform/nfc/cardsecretreader.h"
#include "platform/nfc/fakebadgereader.h"
#include "platform/nfc/framerelay.h"
#include "readercardchannel.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>

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
            if (m_state == State::WaitingForBadge || m_state == State::EnteringPin) {
                onBadgePresented(badge);
            } else if (m_state == State::LoggedIn && m_offlineSession && badge.uid == m_badge) {
                // The same badge tapped during an offline session: the card is on the reader
                // now, for the chamber's badge proof.
                m_badgeInfo = badge;
                tryUpgrade();
            }
        });
    }
    // The chamber's badge proof goes through this tablet's reader.
    m_cardChannel = std::make_unique<ReaderCardChannel>(m_reader);
    m_connection.setCardChannel(m_cardChannel.get());
    connect(&m_connection, &Sync::ChamberConnection::stateChanged, this, [this] {
        Q_EMIT onlineChanged();
        tryUpgrade();
    });
    connect(&m_connection, &Sync::ChamberConnection::sessionLost, this,
            [this](const Aula::Error &why) {
                endSession(tr("Your session ended: %1. Tap your badge again.").arg(why.message));
            });
}

SessionManager::~SessionManager()
{
    if (m_connection.cardChannel() == m_cardChannel.get())
        m_connection.setCardChannel(nullptr);
}

void SessionManager::tryUpgrade()
{
    // Logged in from the store and the chamber is back: log in there too, with the badge
    // and PIN that opened the store, so voting works again.
    if (!isOnline() || !m_offlineSession || m_upgrading || m_state != State::LoggedIn
        || m_heldPin.isEmpty())
        return;
    m_upgrading = true;
    // Under the desfire policy this needs the card on the reader again (or a resume ticket).
    m_connection.login(badgeEvidence(), QString::fromUtf8(m_heldPin.view()),
                       [this](const Result<QJsonObject> &r) { onLoginReply(r); });
}

void SessionManager::setVault(TabletVault *vault)
{
    if (m_vault)
        disconnect(m_vault, nullptr, this, nullptr);
    m_vault = vault;
    if (m_vault)
        connect(m_vault, &TabletVault::wiped, this, [this] { endSession(m_vault->wipeText()); });
    Q_EMIT onlineChanged();
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
    if (m_state != State::LoggedIn)
        return {};
    return m_offlineSession && m_vault ? m_vault->member() : m_connection.person();
}

QString SessionManager::personName() const
{
    if (m_state != State::LoggedIn)
        return {};
    return m_offlineSession && m_vault ? m_vault->personName() : m_connection.personName();
}

QString SessionManager::lockedUntilText() const
{
    return m_lockedUntil > 0 ? timeText(m_lockedUntil) : QString();
}

QString SessionManager::offlineText() const
{
    if (isOnline())
        return {};
    if (m_vault)
        return tr("The chamber cannot be reached. Badge and PIN open the documents already on "
                  "this tablet; voting needs the connection.");
    return tr("The tablet is offline: logging in needs the chamber's connection.");
}

QString SessionManager::timeText(qint64 msSinceEpoch)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    if (at.date() == QDate::currentDate())
        return QLocale().toString(at.time(), QStringLiteral("HH:mm"));
    return QLocale().toString(at, QStringLiteral("d MMMM, HH:mm"));
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

void SessionManager::onBadgePresented(const BadgeInfo &badge)
{
    const quint64 tap = ++m_tap;
    if (!badge.speaksIsoDep()) {
        if (badgeRead(badge.uid))
            m_badgeInfo = badge;
        return;
    }
    // The card's secret goes into the store key; read now, while the card is on the reader,
    // with no key and no chamber (docs/security.md, "The badge secret").
    relayFrames<CardSecretReader>(
        *m_reader, std::make_shared<CardSecretReader>(),
        [this, guard = QPointer<SessionManager>(this), tap, badge](CardSecretReader &read) {
            if (!guard || tap != m_tap)
                return;
            // Taken, not copied: this is the one buffer with the secret, wiped below.
            Result<QByteArray> secret = read.takeSecret();
            if (!secret && !CardSecretReader::allowsUidFallback(secret.error())) {
                qCInfo(lcSession).noquote()
                    << "badge secret not read:" << secret.error().describe();
                forgetBadge();
                clearPin();
                if (secret.error().code == QLatin1String("secret_unreadable"))
                    setMessage(tr("The badge answered, but its secret could not be read. Tap "
                                  "it again; if this keeps happening, ask the secretary to "
                                  "check the badge."));
                else
                    setMessage(tr("The badge could not be read. Hold it still on the reader "
                                  "and tap it again."));
                setState(State::WaitingForBadge);
                return;
            }
            if (!secret)
                qCInfo(lcSession).noquote()
                    << "badge without a secret, its UID stands in:" << secret.error().describe();
            if (badgeRead(badge.uid, secret ? QByteArrayView(*secret) : QByteArrayView()))
                m_badgeInfo = badge;
            if (secret)
                Crypto::wipe(*secret);
        });
}

bool SessionManager::badgeRead(const QByteArray &uid, QByteArrayView cardSecret)
{
    if (m_state != State::WaitingForBadge && m_state != State::EnteringPin)
        return false;
    forgetBadge();
    m_badge = uid;
    m_cardSecret = Crypto::SecretBytes::copyOf(cardSecret);
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
        loginOffline();
        return;
    }
    const QString pin = m_pin;
    m_heldPin = Crypto::SecretBytes::copyOf(pin.toUtf8());
    clearPin();
    setState(State::LoggingIn);
    m_connection.login(badgeEvidence(), pin,
                       [this](const Result<QJsonObject> &r) { onLoginReply(r); });
}

BadgeTap SessionManager::badgeTap() const
{
    return { m_badge, m_cardSecret.view() }; // a guarded copy, gone with the BadgeTap
}

void SessionManager::forgetBadge()
{
    m_badge.clear();
    m_cardSecret = {}; // the guarded buffer is wiped as it is released
}

Sync::BadgeEvidence SessionManager::badgeEvidence() const
{
    return { m_badge, m_badgeInfo.speaksIsoDep(), m_badgeInfo.atqa,
             m_badgeInfo.atqa.isEmpty() ? -1 : int(m_badgeInfo.sak) };
}

void SessionManager::loginOffline()
{
    if (!m_vault || !m_vault->hasStoreFor(badgeTap())) {
        // Keep the digits for a retry when the chamber is back.
        setMessage(tr("The chamber cannot be reached, and this badge has no documents on this "
                      "tablet yet: the first login needs the connection. Try again when the "
                      "banner says connected."));
        return;
    }
    Crypto::SecretBytes pin = Crypto::SecretBytes::copyOf(m_pin.toUtf8());
    clearPin();
    setState(State::LoggingIn);
    // The key derivation runs on a worker; the page shows LoggingIn meanwhile. The view is
    // taken first: the lambda below moves `pin` (its guarded buffer stays where it is), and
    // the vault copies the PIN before this call returns.
    const QByteArrayView pinView = pin.view();
    m_vault->openOfflineAsync(badgeTap(), pinView,
                              [this, guard = QPointer<SessionManager>(this),
                               held = std::make_shared<Crypto::SecretBytes>(std::move(pin))](
                                  const Result<QString> &opened) {
                                  if (guard)
                                      onOfflineOpened(opened, std::move(*held));
                              });
}

void SessionManager::onOfflineOpened(const Result<QString> &opened, Crypto::SecretBytes pin)
{
    if (m_state != State::LoggingIn) {
        if (opened && m_vault)
            m_vault->close(); // cancelled meanwhile: nobody is logged in
        return;
    }
    if (opened) {
        qCInfo(lcSession) << "offline login of" << *opened;
        m_heldPin = std::move(pin);
        m_offlineSession = true;
        setMessage({});
        // No loggedIn(): the chamber has not accepted anyone yet (it fires after the
        // login there, when the chamber is back).
        setState(State::LoggedIn);
        return;
    }
    const QString code = opened.error().code;
    qCInfo(lcSession) << "offline login refused:" << code;
    if (code == QLatin1String("wrong_pin")) {
        const int left = m_vault->offlineAttemptsLeft();
        setMessage(tr("Wrong PIN (checked on this tablet, the chamber cannot be reached)."), left);
        setState(State::EnteringPin);
        return;
    }
    forgetBadge();
    if (code == QLatin1String("locked")) {
        setMessage(tr("Too many wrong PINs: this badge is locked on this tablet."), 0,
                   m_vault->offlineLockedUntil());
    } else if (code == QLatin1String("lease_expired")) {
        setMessage(tr("This tablet has not reached the chamber for too long, so its documents "
                      "stay locked. Connect to the chamber's network and log in again."));
    } else if (code == QLatin1String("card_secret_needed")) {
        // Not a wrong PIN: the tap read the UID only, and this store needs the card's secret.
        setMessage(opened.error().message);
    } else if (code == QLatin1String("clock_rewound")) {
        setMessage(tr("The tablet's clock is behind: its documents stay locked until it "
                      "reaches the chamber again."));
    } else {
        setMessage(
            tr("The documents on this tablet cannot be opened: %1").arg(opened.error().message));
    }
    setState(State::WaitingForBadge);
}

void SessionManager::onLoginReply(const Result<QJsonObject> &reply)
{
    const bool upgrading = m_upgrading;
    m_upgrading = false;
    if (reply) {
        if (m_vault) {
            const int leaseDays = reply->value(QStringLiteral("lease_days")).toInt(0);
            // Unlocked on a worker (Argon2id); the sync starts once the store is open.
            QPointer<TabletVault> vault = m_vault;
            m_vault->openOnlineAsync(
                m_connection.person(), m_connection.personName(), badgeTap(), m_heldPin.view(),
                leaseDays,
                [this, vault, guard = QPointer<SessionManager>(this)](const Result<void> &r) {
                    if (!guard || !vault)
                        return;
                    if (r) {
                        vault->startSync(m_connection.sessionToken());
                        return;
                    }
                    qCWarning(lcSession).noquote() << "offline store:" << r.error().describe();
                    // Logged in with the chamber, but the documents stay locked on this tablet:
                    // say why (the store needs the card's secret, which this tap did not give).
                    if (r.error().code == QLatin1String("card_secret_needed"))
                        setMessage(r.error().message);
                });
        }
        m_heldPin = {};
        m_offlineSession = false;
        setMessage({});
        if (m_state == State::LoggedIn)
            Q_EMIT stateChanged(); // offline → online
        setState(State::LoggedIn);
        Q_EMIT loggedIn();
        return;
    }
    const Error &e = reply.error();
    qCInfo(lcSession) << "login refused:" << e.code;
    const QString code = e.code;
    const bool noAnswer = code == QLatin1String("offline") || code == QLatin1String("timeout")
        || code == QLatin1String("connection_lost");
    if (upgrading && code == QLatin1String("busy")) {
        // Another check of this badge is running on the chamber: try again shortly.
        QTimer::singleShot(2000, this, &SessionManager::tryUpgrade);
        return;
    }
    if (upgrading
        && ((code.startsWith(QLatin1String("badge_")) && code != QLatin1String("badge_unknown"))
            || code == QLatin1String("resume_invalid") || code == QLatin1String("no_badge"))) {
        // The chamber wants the card itself (the `desfire` policy) and it is not on the reader
        // (or did not answer): this is not a refusal of the person. Stay logged in offline;
        // a tap of the same badge tries again.
        setMessage(tr("The chamber is reachable again: tap your badge on the reader to "
                      "reconnect."));
        return;
    }
    if (upgrading) {
        // The store stays open; the next connection tries again. A refusal ends the session:
        // the chamber no longer accepts these credentials.
        if (!noAnswer)
            endSession(
                tr("The chamber refused your login (%1). Tap your badge again.").arg(e.message));
        return;
    }
    m_heldPin = {};
    const QJsonObject details = m_connection.lastErrorDetails();
    const int attemptsLeft = details.value(QStringLiteral("attempts_left")).toInt(-1);
    const qint64 lockedUntil = details.value(QStringLiteral("locked_until")).toInteger(0);
    if (code == QLatin1String("wrong_pin") && lockedUntil == 0) {
        if (attemptsLeft >= 0)
            setMessage(tr("Wrong PIN."), attemptsLeft);
        else
            setMessage(tr("Wrong PIN. Try again."));
        setState(State::EnteringPin);
        return;
    }
    forgetBadge();
    if (code == QLatin1String("wrong_pin")) {
        setMessage(tr("Wrong PIN. Too many wrong PINs: the badge is locked; the "
                      "secretary can unlock it sooner."),
                   0, lockedUntil);
    } else if (code == QLatin1String("locked")) {
        if (lockedUntil > 0)
            setMessage(tr("This badge is locked after too many wrong PINs; the secretary can "
                          "unlock it sooner."),
                       0, lockedUntil);
        else
            setMessage(tr("This badge is locked after too many wrong PINs. Ask the secretary."), 0);
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
    } else if (noAnswer) {
        setMessage(tr("The chamber did not answer. Tap your badge and try again."));
    } else {
        setMessage(tr("The chamber refused the login: %1").arg(e.message));
    }
    setState(State::WaitingForBadge);
}

void SessionManager::endSession(const QString &message)
{
    if (m_vault)
        m_vault->close();
    m_heldPin = {};
    m_offlineSession = false;
    m_upgrading = false;
    forgetBadge();
    clearPin();
    setMessage(message);
    if (m_state == State::WaitingForBadge)
        Q_EMIT stateChanged();
    setState(State::WaitingForBadge);
}

void SessionManager::cancel()
{
    forgetBadge();
    clearPin();
    setMessage({});
    if (m_fake)
        m_fake->remove();
    setState(State::WaitingForBadge);
}

void SessionManager::logout()
{
    if (m_state == State::LoggedIn && !m_offlineSession)
        m_connection.logout();
    if (m_vault)
        m_vault->close();
    m_heldPin = {};
    m_offlineSession = false;
    m_upgrading = false;
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

void SessionManager::setMessage(const QString &message, int attemptsLeft, qint64 lockedUntil)
{
    m_message = message;
    m_attemptsLeft = attemptsLeft;
    m_lockedUntil = lockedUntil;
    Q_EMIT messageChanged();
}

void SessionManager::clearPin()
{
    m_pin.fill(QChar(u'0'));
    m_pin.clear();
    Q_EMIT pinChanged();
}

} // namespace Aula::App
