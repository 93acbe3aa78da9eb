// SPDX-License-Identifier: GPL-3.0-or-later
// The tablet's store and the kind of badge that keyed it (docs/security.md, "The badge
// secret"): a store keyed with the card's secret never opens with a UID-only tap, offline or
// online, and such a tap is no wrong PIN; a store keyed with the UID is rewrapped under the
// card's secret when the enrolled card opens it. In process: TabletVault with BadgeTaps as the
// reader would give them, and SessionManager offline.
#include "app/chamber/sessionmanager.h"
#include "app/chamber/tabletvault.h"
#include "platform/keyvault/filekeyvault.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::App;

namespace {

const QByteArray Uid = QByteArray::fromHex("04A1B2C3D4E5F6");
const QByteArray Secret = QByteArray::fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
const QString Person = QStringLiteral("m07");
const QByteArray Pin = "2468";

BadgeTap cardTap()
{
    return { Uid, Secret };
}
BadgeTap uidTap()
{
    return { Uid, {} };
}

} // namespace

class TestBadgeStoreKind : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Platform::FileKeyVault> m_keys;

    VaultOptions options() const
    {
        VaultOptions o;
        o.root = m_dir->filePath(QStringLiteral("stores"));
        o.cost = Tablet::KdfCost { 1, 8u * 1024 * 1024 }; // cheap Argon2id for tests
        o.attempts = 3;
        return o;
    }

    /** Logs in online with @p tap and leaves a value in the store, then closes it. */
    void createStore(TabletVault &vault, const BadgeTap &tap)
    {
        auto r = vault.openOnline(Person, QStringLiteral("Maria Rossi"), tap, Pin, 14);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QVERIFY(vault.store()->setValue(QStringLiteral("note"), "kept").ok());
        vault.close();
    }

    static bool holdsTheNote(TabletVault &vault)
    {
        auto v = vault.store() ? vault.store()->value(QStringLiteral("note"))
                               : Result<std::optional<QByteArray>>(Error {});
        return v && *v && **v == "kept";
    }

    QJsonObject attemptsOf(const QString &member) const
    {
        QFile f(options().root + QStringLiteral("/offline.json"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll())
            .object()
            .value(QStringLiteral("attempts"))
            .toObject()
            .value(member)
            .toObject();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(Crypto::initialize().ok()); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_keys = std::make_unique<Platform::FileKeyVault>(m_dir->filePath(QStringLiteral("keys")));
    }

    void cleanup()
    {
        m_keys.reset();
        m_dir.reset();
    }

    void aCardStoreRefusesAUidTapOffline()
    {
        TabletVault vault(options(), *m_keys);
        createStore(vault, cardTap());
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("card"));
        QVERIFY(vault.hasStoreFor(uidTap())); // found, so that it can be refused by name

        for (int i = 0; i < 5; ++i) { // more than `attempts`: none is counted
            auto r = vault.openOffline(uidTap(), Pin);
            QCOMPARE(r.error().code, QStringLiteral("card_secret_needed"));
            QVERIFY(r.error().message.contains(QLatin1String("secret on the card")));
            QCOMPARE(vault.offlineAttemptsLeft(), -1);
            QVERIFY(!vault.isOpen());
        }
        QVERIFY(attemptsOf(Person).isEmpty());

        // A wrong PIN with the card still counts from the first attempt on.
        QCOMPARE(vault.openOffline(cardTap(), "9999").error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(vault.offlineAttemptsLeft(), 2);
        auto r = vault.openOffline(cardTap(), Pin);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QVERIFY(holdsTheNote(vault));
    }

    void aCardStoreRefusesAUidTapOnline()
    {
        TabletVault vault(options(), *m_keys);
        createStore(vault, cardTap());
        // The chamber accepted UID + PIN (the `uid` policy): the store is neither opened nor
        // replaced, and the index does not change.
        auto r = vault.openOnline(Person, QStringLiteral("Maria Rossi"), uidTap(), Pin, 14);
        QCOMPARE(r.error().code, QStringLiteral("card_secret_needed"));
        QVERIFY(!vault.isOpen());
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("card"));
        bool called = false;
        vault.openOnlineAsync(Person, QStringLiteral("Maria Rossi"), uidTap(), Pin, 14,
                              [&](const Result<void> &async) {
                                  called = true;
                                  QCOMPARE(async.error().code,
                                           QStringLiteral("card_secret_needed"));
                              });
        QVERIFY(called); // refused before any worker started
        QVERIFY(!vault.isOpening());

        auto again = vault.openOffline(cardTap(), Pin);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().describe()));
        QVERIFY(holdsTheNote(vault)); // the same store, not a new one
    }

    void aUidStoreIsRekeyedByItsCardOnline()
    {
        TabletVault vault(options(), *m_keys);
        createStore(vault, uidTap());
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("uid"));

        bool done = false;
        vault.openOnlineAsync(Person, QStringLiteral("Maria Rossi"), cardTap(), Pin, 14,
                              [&](const Result<void> &r) {
                                  QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
                                  done = true;
                              });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY(holdsTheNote(vault)); // rewrapped, not replaced
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("card"));
        vault.close();

        QCOMPARE(vault.openOffline(uidTap(), Pin).error().code,
                 QStringLiteral("card_secret_needed"));
        auto r = vault.openOffline(cardTap(), Pin);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QVERIFY(holdsTheNote(vault));
    }

    void aUidStoreIsRekeyedByItsCardOffline()
    {
        TabletVault vault(options(), *m_keys);
        createStore(vault, uidTap());

        // A wrong PIN rewraps nothing, and counts.
        QCOMPARE(vault.openOffline(cardTap(), "9999").error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("uid"));

        bool done = false;
        vault.openOfflineAsync(cardTap(), Pin, [&](const Result<QString> &r) {
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        QVERIFY(holdsTheNote(vault));
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("card"));
        vault.close();

        QCOMPARE(vault.openOffline(uidTap(), Pin).error().code,
                 QStringLiteral("card_secret_needed"));
        QVERIFY(vault.openOffline(cardTap(), Pin).ok());
    }

    void anIndexOfTheFirstFormatStillOpens()
    {
        {
            TabletVault vault(options(), *m_keys);
            createStore(vault, cardTap());
        }
        // Rewrite the index as the first format wrote it: key(derived secret) → member.
        const QString legacyKey = QString::fromLatin1(
            Crypto::sha256(QByteArray(QByteArray("aula/badge-index/v1")
                                      + TabletVault::badgeSecret(cardTap()).toByteArray()))
                .toHex());
        QFile f(options().root + QStringLiteral("/offline.json"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(QJsonObject { { QStringLiteral("badges"),
                                              QJsonObject { { legacyKey, Person } } },
                                            { QStringLiteral("attempts"), QJsonObject {} } })
                    .toJson());
        f.close();

        TabletVault vault(options(), *m_keys);
        QCOMPARE(vault.badgeKindOf(Person), QString()); // not known yet
        auto r = vault.openOffline(cardTap(), Pin);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().describe()));
        QCOMPARE(vault.badgeKindOf(Person), QStringLiteral("card")); // learnt from the match
        vault.close();
        QCOMPARE(vault.openOffline(uidTap(), Pin).error().code,
                 QStringLiteral("card_secret_needed"));
    }

    void theSessionSaysWhyAndKeepsNoAttempt()
    {
        TabletVault vault(options(), *m_keys);
        createStore(vault, cardTap());
        Sync::ConnectionOptions o;
        o.url = QUrl(QStringLiteral("ws://127.0.0.1:9")); // never opened: offline
        Sync::ChamberConnection connection(o, Crypto::SigningKey::generate());
        SessionManager session(connection, nullptr);
        session.setVault(&vault);

        // The card's secret could not be read, and the card said it has none (the fallback).
        QVERIFY(session.badgeRead(Uid));
        for (const char d : Pin)
            session.appendDigit(d - '0');
        session.submitPin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionManager::State::WaitingForBadge, 20000);
        QVERIFY2(session.message().contains(QLatin1String("secret on the card")),
                 qPrintable(session.message()));
        QCOMPARE(session.attemptsLeft(), -1);
        QVERIFY(attemptsOf(Person).isEmpty());
        QVERIFY(!session.holdsCardSecret());

        QVERIFY(session.badgeRead(Uid, Secret));
        QVERIFY(session.holdsCardSecret());
        for (const char d : Pin)
            session.appendDigit(d - '0');
        session.submitPin();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionManager::State::LoggedIn, 20000);
        QVERIFY(session.isOfflineSession());
        QVERIFY(session.holdsCardSecret()); // kept while the session lives, like the PIN
        session.logout();
        QVERIFY(!session.holdsCardSecret()); // wiped with the badge
        QVERIFY(session.badgeRead(Uid, Secret));
        session.cancel();
        QVERIFY(!session.holdsCardSecret());
    }

    void theBadgeSecretIsDerivedAsBefore()
    {
        // Hashed piece by piece now: the same value as SHA-256 over the concatenation, so
        // stores made before still open.
        const QByteArray card = Crypto::sha256(
            QByteArray(QByteArray("aula/badge-secret/card/v1") + char(Uid.size()) + Uid + Secret));
        QCOMPARE(TabletVault::badgeSecret(cardTap()).toByteArray(), card);
        const QByteArray uid =
            Crypto::sha256(QByteArray(QByteArray("aula/badge-secret/uid/v1") + Uid));
        QCOMPARE(TabletVault::badgeSecret(uidTap()).toByteArray(), uid);
    }
};

QTEST_GUILESS_MAIN(TestBadgeStoreKind)
#include "tst_badgestorekind.moc"
