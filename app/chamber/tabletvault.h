// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/chamber/annotationdesk.h"
#include "core/result.h"
#include "sync/crypto/secretbytes.h"
#include "sync/documents/documentsync.h"
#include "sync/documents/manifest.h"
#include "sync/tablet/tabletstore.h"

#include <QAbstractListModel>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <memory>

namespace Aula::Platform {
class KeyVault;
}
namespace Aula::Sync {
class ChamberConnection;
}

namespace Aula::App {

class TabletVault;

/**
 * What a badge tap gives the store key (docs/security.md, "The badge secret"): the UID the
 * reader saw and, for a badge enrolled with a secret, the 16 bytes read from its Aula
 * application (platform/nfc/cardsecretreader.h). Empty `cardSecret` is the documented
 * fallback of UID-only badges (the `uid` policy) and of cards enrolled before badges had a
 * secret: the UID stands in, which is not secret.
 */
struct BadgeTap
{
    BadgeTap() = default;
    /** A guarded copy of @p secret is taken (empty: the UID stands in). */
    BadgeTap(QByteArray tapUid, QByteArrayView secret = {})
        : uid(std::move(tapUid))
        , cardSecret(Crypto::SecretBytes::copyOf(secret))
    { }

    QByteArray uid;
    /** Guarded memory, wiped when the tap goes; move-only, so never copied by accident. */
    Crypto::SecretBytes cardSecret;

    /** Whether the card gave its secret (else the UID stands in). */
    [[nodiscard]] bool hasCardSecret() const { return !cardSecret.isEmpty(); }
    /** What a store opened by this tap is keyed with: "card" or "uid". */
    [[nodiscard]] QLatin1String kind() const
    {
        return hasCardSecret() ? QLatin1String("card") : QLatin1String("uid");
    }
};

/**
 * The sittings this tablet holds offline (from the manifest kept in the member's store):
 * upcoming first (soonest first), then past ones (latest first), each with what of its
 * documents is on the tablet (files and bytes) for a progress bar, and its documents.
 */
class SittingsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("TabletVault.sittings")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    /** Bumps on every change (bind documentsOf() to it). */
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        /** ISO date, and the date in words of the UI language. */
        DateRole,
        DateTextRole,
        /** True for today's and later sittings. */
        UpcomingRole,
        /** The sitting the chamber fetches first (in progress, or the next one). */
        CurrentRole,
        FilesTotalRole,
        FilesHereRole,
        BytesTotalRole,
        BytesHereRole,
        /** bytesHere / bytesTotal (1 when there are no documents). */
        ProgressRole,
        /** "3 of 8 documents · 12.4 of 30.1 MB" in the UI language. */
        ProgressTextRole,
    };
    Q_ENUM(Role)

    /** One document of a sitting, as the page lists it (SittingDocumentsModel). */
    struct Document
    {
        /** Raw 32-byte SHA-256. */
        QByteArray sha256;
        /** The manifest's title, else the file name without ".pdf". */
        QString title;
        QString fileName;
        qint64 size = 0;
        QString itemId;
        QString itemTitle;
        /** Whether it is in the store (readable offline). */
        bool here = false;

        bool operator==(const Document &) const = default;
    };

    explicit SittingsModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int revision() const { return m_revision; }
    /** The id of the sitting in `row` (empty when out of range). */
    Q_INVOKABLE [[nodiscard]] QString idAt(int row) const;
    /** The row of sitting `id`, or -1. */
    Q_INVOKABLE [[nodiscard]] int rowOf(const QString &id) const;
    /** The documents of sitting `id` in agenda order (empty for an unknown sitting). */
    [[nodiscard]] QList<Document> documents(const QString &id) const;

Q_SIGNALS:
    void countChanged();
    void revisionChanged();

private:
    friend class TabletVault;
    struct Row
    {
        Sync::ManifestSitting sitting;
        bool upcoming = false;
        bool current = false;
        int filesTotal = 0;
        int filesHere = 0;
        qint64 bytesTotal = 0;
        qint64 bytesHere = 0;
        QList<Document> documents;
    };
    void reset(QList<Row> rows);
    void updateCounts(const QList<Row> &rows);

    QList<Row> m_rows;
    int m_revision = 0;
};

/** Where the vault keeps its stores, how it syncs and how hard its keys are. */
struct VaultOptions
{
    /** The folder of the members' stores (one sub-folder each) and the offline index. */
    QString root;
    /** The chamber's document service; an empty baseUrl means "do not sync". */
    Sync::DocumentSyncOptions sync;
    /** Argon2id cost for new stores (tests lower it). */
    Tablet::KdfCost cost;
    /** Wrong PINs allowed offline before a lock-out, and its length. */
    int attempts = 5;
    int lockoutMinutes = 15;
};

/**
 * The member's encrypted offline store on this tablet, as the app uses it: opened (or
 * created) after an online login with the lease renewed, opened offline with badge + PIN
 * (wrong PINs counted here, locked after `attempts`), kept in sync with the chamber's
 * manifest (current sitting first), and wiped when the chamber revokes the tablet.
 *
 * The store's key is unwrapped from PIN + badge secret (badgeSecret(): from the secret the
 * card holds, or from the UID for badges without one, see docs/security.md) + a device
 * secret from the KeyVault. Built in main.cpp.
 */
class TabletVault : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Built in main.cpp and passed to the pages")
    /** Whether a member's store is open. */
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)
    /** Whether a store is being unlocked (Argon2id on a worker thread): show a busy state. */
    Q_PROPERTY(bool opening READ isOpening NOTIFY openingChanged)
    /** Whether documents are being fetched now. */
    Q_PROPERTY(bool syncing READ isSyncing NOTIFY syncChanged)
    /** One sentence on the sync: running, done, or what went wrong and what it means. */
    Q_PROPERTY(QString syncText READ syncText NOTIFY syncChanged)
    /** Whether syncText reports a problem (full disk, documents that failed). */
    Q_PROPERTY(bool syncProblem READ syncProblem NOTIFY syncChanged)
    /** Files and bytes of the whole run, for an overall bar. */
    Q_PROPERTY(double syncFraction READ syncFraction NOTIFY syncChanged)
    /** "Available offline until 7 December 2026" (empty when closed). */
    Q_PROPERTY(QString leaseText READ leaseText NOTIFY openChanged)
    /** Set when the chamber revoked the tablet and the stores were destroyed. */
    Q_PROPERTY(QString wipeText READ wipeText NOTIFY wiped)
    /** The member's annotations (open with the store). */
    Q_PROPERTY(Aula::App::AnnotationDesk *annotations READ annotations CONSTANT)
    /** The sittings in the store, with their sync progress. */
    Q_PROPERTY(Aula::App::SittingsModel *sittings READ sittings CONSTANT)

public:
    TabletVault(VaultOptions options, Platform::KeyVault &keys, QObject *parent = nullptr);
    ~TabletVault() override;

    /**
     * "The badge's secret" in the store key: SHA-256 over a label, the UID and the 16-byte
     * secret read from the card; for a tap without a card secret (BadgeTap), SHA-256 over
     * another label and the UID alone, which is not secret (docs/security.md).
     */
    [[nodiscard]] static Crypto::SecretBytes badgeSecret(const BadgeTap &badge);

    /** The clock (ms since the epoch), for leases and lock-outs; tests move it. */
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    /** Follows `connection`: session tokens for the sync, revocation for the wipe. */
    void setConnection(Sync::ChamberConnection *connection);

    /**
     * After an online login: opens `person`'s store (creating it the first time; a store the
     * new credentials no longer open, e.g. after a PIN change, is replaced; a store keyed
     * with the card's secret is neither opened nor replaced by a UID-only tap, error
     * "card_secret_needed"), renews the lease
     * to `leaseDays`, remembers the badge for offline logins and starts the sync.
     */
    Result<void> openOnline(const QString &person, const QString &name, const BadgeTap &badge,
                            QByteArrayView pin, int leaseDays);
    /**
     * Offline: opens the store of the badge's owner with badge + PIN. Errors:
     * "no_offline_store" (this badge never logged in on this tablet, or it was wiped),
     * "card_secret_needed" (the store is keyed with the card's secret and this tap gave
     * only the UID; not counted as a wrong PIN),
     * "wrong_pin" (see offlineAttemptsLeft()), "locked" (see offlineLockedUntil()),
     * "lease_expired", "clock_rewound", and the store's. Returns the member.
     */
    Result<QString> openOffline(const BadgeTap &badge, QByteArrayView pin);
    /**
     * openOnline() and openOffline() with the key derivation (Argon2id, 0.3–1 s on a tablet)
     * and the store's opening on a worker thread, so the UI keeps moving; `done` is called on
     * this object's thread (not when the vault is destroyed first). `opening` is true
     * meanwhile; a second call while one runs answers "busy".
     */
    void openOnlineAsync(const QString &person, const QString &name, const BadgeTap &badge,
                         QByteArrayView pin, int leaseDays, std::function<void(Result<void>)> done);
    void openOfflineAsync(const BadgeTap &badge, QByteArrayView pin,
                          std::function<void(Result<QString>)> done);
    [[nodiscard]] bool isOpening() const { return m_opening; }

    /**
     * What the offline index says keyed @p member's store: "card" (the card's secret),
     * "uid" (the UID alone), or empty when it does not know (no store, or an index entry
     * from before kinds were recorded). A "card" store never opens with a UID-only tap
     * ("card_secret_needed"); a "uid" store tapped by a card with a secret is rewrapped
     * under that secret and becomes "card" (docs/security.md, "The badge secret").
     */
    [[nodiscard]] QString badgeKindOf(const QString &member) const;

    /** Wrong PINs still allowed offline after the last openOffline() (-1: not counted). */
    [[nodiscard]] int offlineAttemptsLeft() const { return m_attemptsLeft; }
    /** Until when the badge is locked offline (ms since the epoch; 0: not locked). */
    [[nodiscard]] qint64 offlineLockedUntil() const { return m_lockedUntil; }
    /** Whether `badge` has a store on this tablet. */
    [[nodiscard]] bool hasStoreFor(const BadgeTap &badge) const;

    /** Closes the store (logout); the files stay. */
    void close();
    /**
     * Remote wipe: closes, destroys every member's wrapped key, store and device secret on
     * this tablet, and forgets the badges. `reason` is shown (wipeText).
     */
    Result<void> wipeAll(const QString &reason);

    /** Fetches the manifest with the session token and starts fetching what is missing. */
    void startSync(const QByteArray &token);
    /**
     * A document the store could not read back has been set aside by it: show it as missing
     * and, when online and idle, sync again so that it is fetched.
     */
    void fetchAgain();

    [[nodiscard]] bool isOpen() const { return m_store != nullptr; }
    [[nodiscard]] QString member() const;
    [[nodiscard]] QString personName() const { return m_personName; }
    [[nodiscard]] bool isSyncing() const;
    [[nodiscard]] QString syncText() const { return m_syncText; }
    [[nodiscard]] bool syncProblem() const { return m_syncProblem; }
    [[nodiscard]] double syncFraction() const;
    [[nodiscard]] QString leaseText() const;
    [[nodiscard]] QString wipeText() const { return m_wipeText; }
    [[nodiscard]] SittingsModel *sittings() const { return m_sittings.get(); }
    /** The manifest in the store (empty when none). */
    [[nodiscard]] const Sync::Manifest &manifest() const { return m_manifest; }
    /** The open store (null when closed), for tests and tools. */
    [[nodiscard]] Tablet::TabletStore *store() const { return m_store.get(); }
    /** The sync, while a store is open (for tests and progress). */
    [[nodiscard]] Sync::DocumentSync *documentSync() const { return m_sync.get(); }

    [[nodiscard]] AnnotationDesk *annotations() const { return m_desk.get(); }
    /**
     * Gives `reader`, which has just opened `sha256` (64 hex) from the store, the member's
     * annotations on that document (carried over from an earlier version when it is new).
     */
    Result<void> attachAnnotations(Documents::DocumentReader &reader, const QString &sha256);

    /**
     * Called for each document the sync stores: when it is a new version of a document the
     * member annotated (same key in the manifest), the annotations are carried over into it
     * now, on a worker thread (see AnnotationDesk::startCarryOver()). Public for tests.
     */
    void carryOverInto(const Sync::ManifestDocument &arrived);

    /** Whether the open store holds `sha256` (64 hex). */
    [[nodiscard]] bool hasDocument(const QString &sha256) const;
    /** The bytes of `sha256` from the open store; "not_found", "closed". */
    [[nodiscard]] Result<QByteArray> document(const QString &sha256) const;

Q_SIGNALS:
    void openChanged();
    void openingChanged();
    void syncChanged();
    /** A document arrived (the shelf's counts change). */
    void documentsChanged();
    /** The stores were destroyed on the chamber's order. */
    void wiped();

private:
    struct Index; // the offline index: badge → member and store kind, wrong-PIN counts
    static constexpr const char *kCardKind = "card";
    static constexpr const char *kUidKind = "uid";
    /** What openOffline() decided before the key derivation. */
    /**
     * Key material handed to the key-derivation worker and back: one guarded buffer that the
     * copies of the lambdas share, wiped when the last of them goes.
     */
    using SharedSecret = std::shared_ptr<const Crypto::SecretBytes>;
    [[nodiscard]] static SharedSecret share(Crypto::SecretBytes secret);
    [[nodiscard]] static QByteArrayView viewOf(const SharedSecret &secret);
    struct OfflineAttempt
    {
        QString member;
        QByteArray uid;
        /** The badge secret that opens the store, and the device secret. */
        SharedSecret badge;
        SharedSecret secret;
        /** The card's badge secret to rewrap a UID-keyed store under (null: none). */
        SharedSecret rekeyTo;
        qint64 now = 0;
        /** The member's attempt record before this attempt was counted. */
        QJsonObject before;
        /** This attempt's place in the run, the total, and the lock it set (0: none). */
        int failed = 0;
        int total = 0;
        qint64 lockedUntil = 0;
    };
    /** What beginOnline() decided: nothing left to open, or rewrap a UID-keyed store. */
    struct OnlinePlan
    {
        bool done = false;
        bool rekey = false;
    };
    /** A store opened (or not) on the worker, and whether the tap's own secret keys it now. */
    struct Opened
    {
        Result<Tablet::TabletStore> store = Error {};
        bool keyedWithTap = false;
    };
    [[nodiscard]] static Error cardSecretNeeded();
    Result<OfflineAttempt> beginOffline(const BadgeTap &badge);
    Result<QString> finishOffline(const OfflineAttempt &attempt, Opened opened);
    static Opened openAttempt(const VaultOptions &options, const OfflineAttempt &attempt,
                              QByteArrayView pin);
    /**
     * Opens `member`'s store with `unlock`; with a `uidStoreSecret`, opens it with that
     * instead and then rewraps it under `unlock` (a UID-keyed store tapped by its card).
     */
    static Opened openRekeyed(const VaultOptions &options, const QString &member,
                              const Tablet::Unlock &unlock, QByteArrayView uidStoreSecret,
                              qint64 now, std::optional<int> renewLeaseDays);
    /** The slow part of openOnline(): open (and rewrap), or replace, or create the store. */
    static Opened openOrCreate(const VaultOptions &options, const QString &person,
                               const Tablet::Unlock &unlock, QByteArrayView uidStoreSecret,
                               qint64 now, int leaseDays);
    Result<OnlinePlan> beginOnline(const QString &person, const QString &name,
                                   const BadgeTap &badge, int &leaseDays, qint64 now);
    Result<void> finishOnline(const QString &name, const QByteArray &uid, bool cardTap,
                              Opened opened);
    void setOpening(bool opening);
    [[nodiscard]] Index loadIndex() const;
    Result<void> saveIndex(const Index &index) const;
    [[nodiscard]] QString indexPath() const;
    /** The member's device secret from the KeyVault, in guarded memory. */
    Result<SharedSecret> deviceSecret(const QString &member);
    void adopt(Tablet::TabletStore store, const QString &name);
    void loadManifest();
    void refreshSittings();
    void scheduleRefresh();
    void setSync(const QString &text, bool problem);
    void onSyncFinished(const Result<void> &result);

    VaultOptions m_options;
    Platform::KeyVault &m_keys;
    Sync::ChamberConnection *m_connection = nullptr;
    std::function<qint64()> m_clock;
    std::unique_ptr<Tablet::TabletStore> m_store;
    std::unique_ptr<Sync::DocumentSync> m_sync;
    std::unique_ptr<SittingsModel> m_sittings;
    std::unique_ptr<AnnotationDesk> m_desk;
    Sync::Manifest m_manifest;
    QSet<QByteArray> m_here;
    QString m_personName;
    QByteArray m_token; // the session token the sync uses
    QString m_syncText;
    bool m_syncProblem = false;
    int m_repaired = 0;
    bool m_opening = false;
    int m_generation = 0; // bumped by close(): an open that finishes later is dropped
    int m_attemptsLeft = -1;
    qint64 m_lockedUntil = 0;
    QString m_wipeText;
    QTimer m_refresh;
};

} // namespace Aula::App
