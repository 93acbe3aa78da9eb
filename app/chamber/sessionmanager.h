// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "platform/nfc/badgereader.h"
#include "sync/connection/cardchannel.h"
#include "sync/crypto/secretbytes.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <memory>

namespace Aula {
class BadgeReader;
class FakeBadgeReader;
struct BadgeInfo;
namespace Sync {
class ChamberConnection;
}
} // namespace Aula

namespace Aula::App {

class TabletVault;
class ReaderCardChannel;
struct BadgeTap;

/** The demo council's badge UID for `person` (m01…m25, s01, s02), as `aula-server demo` binds them.
 */
[[nodiscard]] QByteArray demoBadgeUid(const QString &person);

/**
 * Who is using the tablet: badge, then PIN, then the chamber's answer. Owns the login flow
 * and tells why a login failed (wrong PIN with attempts left, lock-out until when, unknown
 * badge, offline). Built in main.cpp with the connection and the badge reader.
 */
class SessionManager : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Built in main.cpp and passed to the pages")
    /** Where the login stands. */
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    /** Digits typed so far (the digits themselves are never exposed). */
    Q_PROPERTY(int pinLength READ pinLength NOTIFY pinChanged)
    /** Whether the PIN may be sent (4 to 12 digits, not busy). */
    Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY pinChanged)
    /** Why the last attempt failed, in the UI language; empty when nothing to say. */
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    /** Wrong PINs still allowed before a lock-out (-1: unknown). */
    Q_PROPERTY(int attemptsLeft READ attemptsLeft NOTIFY messageChanged)
    /** Until when the badge is locked, "HH:MM" (empty when it is not). */
    Q_PROPERTY(QString lockedUntilText READ lockedUntilText NOTIFY messageChanged)
    /** Logged in from the tablet's own store, the chamber not reachable (read-only). */
    Q_PROPERTY(bool offlineSession READ isOfflineSession NOTIFY stateChanged)
    /** What logging in means now: offline (the store) or not possible; empty when online. */
    Q_PROPERTY(QString offlineText READ offlineText NOTIFY onlineChanged)
    /** The person logged in. */
    Q_PROPERTY(QString person READ person NOTIFY stateChanged)
    Q_PROPERTY(QString personName READ personName NOTIFY stateChanged)
    /** Whether the chamber link is up. */
    Q_PROPERTY(bool online READ isOnline NOTIFY onlineChanged)
    /** People whose demo badge the fake reader can present (empty with a real reader). */
    Q_PROPERTY(QStringList demoBadges READ demoBadges CONSTANT)

public:
    enum class State { WaitingForBadge, EnteringPin, LoggingIn, LoggedIn };
    Q_ENUM(State)

    SessionManager(Sync::ChamberConnection &connection, BadgeReader *reader,
                   QObject *parent = nullptr);
    ~SessionManager() override;

    /** Opens the member's offline store through `vault` (not owned; may be null). */
    void setVault(TabletVault *vault);

    /** Offers the demo badges through `fake` (the same object as the reader, or nullptr). */
    void setFakeReader(FakeBadgeReader *fake, const QStringList &people);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] int pinLength() const { return int(m_pin.size()); }
    [[nodiscard]] bool canSubmit() const;
    [[nodiscard]] QString message() const { return m_message; }
    [[nodiscard]] int attemptsLeft() const { return m_attemptsLeft; }
    [[nodiscard]] QString lockedUntilText() const;
    [[nodiscard]] qint64 lockedUntil() const { return m_lockedUntil; }
    [[nodiscard]] bool isOfflineSession() const { return m_offlineSession; }
    [[nodiscard]] QString offlineText() const;
    [[nodiscard]] QString person() const;
    [[nodiscard]] QString personName() const;
    [[nodiscard]] bool isOnline() const;
    [[nodiscard]] QStringList demoBadges() const { return m_demoPeople; }
    [[nodiscard]] Sync::ChamberConnection &connection() const { return m_connection; }

    /** Puts `person`'s demo badge on the fake reader, as a tap would. */
    Q_INVOKABLE void presentDemoBadge(const QString &person);
    /**
     * A badge was read (from the reader, or directly in tests); false when ignored.
     * @p cardSecret is what the card's Aula secret file holds (empty: a UID-only badge, or
     * a card without the file; the store key then falls back to the UID).
     */
    bool badgeRead(const QByteArray &uid, QByteArrayView cardSecret = {});
    /** Whether the secret of the last tap is held (for tests: none after logout/cancel). */
    [[nodiscard]] bool holdsCardSecret() const { return !m_cardSecret.isEmpty(); }
    Q_INVOKABLE void appendDigit(int digit);
    Q_INVOKABLE void removeDigit();
    /** Sends badge and PIN to the chamber; offline, opens the tablet's store with them. */
    Q_INVOKABLE void submitPin();
    /** Back to "tap your badge". */
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void logout();

Q_SIGNALS:
    void stateChanged();
    void pinChanged();
    void messageChanged();
    void onlineChanged();
    /** The chamber accepted the login. */
    void loggedIn();

private:
    void setState(State state);
    void setMessage(const QString &message, int attemptsLeft = -1, qint64 lockedUntil = 0);
    void clearPin();
    [[nodiscard]] Sync::BadgeEvidence badgeEvidence() const;
    /** A badge in the reader's field: reads its secret (ISO-DEP badges), then badgeRead(). */
    void onBadgePresented(const BadgeInfo &badge);
    /** The badge and its secret, as the vault takes them. */
    [[nodiscard]] BadgeTap badgeTap() const;
    /** Drops the badge of the last tap, and wipes its secret. */
    void forgetBadge();
    void onLoginReply(const Result<QJsonObject> &reply);
    void loginOffline();
    void onOfflineOpened(const Result<QString> &opened, Crypto::SecretBytes pin);
    void tryUpgrade();
    void endSession(const QString &message);
    [[nodiscard]] static QString timeText(qint64 msSinceEpoch);

    Sync::ChamberConnection &m_connection;
    BadgeReader *m_reader = nullptr;
    FakeBadgeReader *m_fake = nullptr;
    QStringList m_demoPeople;
    State m_state = State::WaitingForBadge;
    QByteArray m_badge;
    /**
     * The secret read from m_badge's Aula application at the tap (empty for badges without
     * one), kept for the store like m_heldPin while the session lives; wiped with the badge.
     */
    Crypto::SecretBytes m_cardSecret;
    /** Counts taps, so that a secret read for an older tap is dropped. */
    quint64 m_tap = 0;
    /** What the reader saw of m_badge: the chamber's badge proof needs ISO 14443-4. */
    BadgeInfo m_badgeInfo;
    /** Relays the chamber's badge proof to m_reader (see ReaderCardChannel). */
    std::unique_ptr<ReaderCardChannel> m_cardChannel;
    QString m_pin;
    QString m_message;
    int m_attemptsLeft = -1;
    qint64 m_lockedUntil = 0;
    TabletVault *m_vault = nullptr;
    bool m_offlineSession = false;
    bool m_upgrading = false; // an offline session's login to the returning chamber
    Crypto::SecretBytes m_heldPin; // for the store after the chamber's answer
};

} // namespace Aula::App
