// SPDX-License-Identifier: GPL-3.0-or-later
#include "tabletvault.h"

#include "app/documents/documentreader.h"
#include "app/documents/pdfdocument.h"
#include "platform/keyvault/keyvault.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>
#include <QThreadPool>
#include <algorithm>

Q_LOGGING_CATEGORY(lcVault, "aula.app.vault")

namespace Aula::App {

namespace {

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

} // namespace

// ---------------------------------------------------------------------------------------
// SittingsModel

SittingsModel::SittingsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int SittingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SittingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return r.sitting.id;
    case Qt::DisplayRole:
    case TitleRole:
        return r.sitting.title.isEmpty() ? r.sitting.id : r.sitting.title;
    case DateRole:
        return r.sitting.date;
    case DateTextRole: {
        const QDate d = QDate::fromString(r.sitting.date, Qt::ISODate);
        return d.isValid() ? QLocale().toString(d, QLocale::LongFormat) : r.sitting.date;
    }
    case UpcomingRole:
        return r.upcoming;
    case CurrentRole:
        return r.current;
    case FilesTotalRole:
        return r.filesTotal;
    case FilesHereRole:
        return r.filesHere;
    case BytesTotalRole:
        return r.bytesTotal;
    case BytesHereRole:
        return r.bytesHere;
    case ProgressRole:
        return r.bytesTotal > 0 ? double(r.bytesHere) / double(r.bytesTotal) : 1.0;
    case ProgressTextRole:
        if (r.filesTotal == 0)
            return tr("No documents");
        return tr("%1 of %2 documents · %3 of %4")
            .arg(r.filesHere)
            .arg(r.filesTotal)
            .arg(sizeText(r.bytesHere), sizeText(r.bytesTotal));
    default:
        return {};
    }
}

QHash<int, QByteArray> SittingsModel::roleNames() const
{
    return { { IdRole, "sittingId" },
             { TitleRole, "title" },
             { DateRole, "date" },
             { DateTextRole, "dateText" },
             { UpcomingRole, "upcoming" },
             { CurrentRole, "current" },
             { FilesTotalRole, "filesTotal" },
             { FilesHereRole, "filesHere" },
             { BytesTotalRole, "bytesTotal" },
             { BytesHereRole, "bytesHere" },
             { ProgressRole, "progress" },
             { ProgressTextRole, "progressText" } };
}

QString SittingsModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).sitting.id : QString();
}

int SittingsModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).sitting.id == id)
            return int(i);
    return -1;
}

QList<SittingsModel::Document> SittingsModel::documents(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? QList<Document>() : m_rows.at(row).documents;
}

void SittingsModel::reset(QList<Row> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
    ++m_revision;
    Q_EMIT revisionChanged();
}

void SittingsModel::updateCounts(const QList<Row> &rows)
{
    // Same sittings in the same order: the progress moved, or a new manifest renamed or
    // replaced some of their documents.
    for (qsizetype i = 0; i < rows.size(); ++i) {
        Row &r = m_rows[i];
        const Row &n = rows[i];
        if (r.filesHere == n.filesHere && r.bytesHere == n.bytesHere && r.upcoming == n.upcoming
            && r.current == n.current && r.sitting.title == n.sitting.title
            && r.sitting.date == n.sitting.date && r.documents == n.documents)
            continue;
        r = n;
        const QModelIndex at = index(int(i));
        Q_EMIT dataChanged(at, at);
        ++m_revision;
    }
    Q_EMIT revisionChanged();
}

// ---------------------------------------------------------------------------------------
// TabletVault

struct TabletVault::Index
{
    /**
     * uidKey(uid) → {member, kind}: whose store a badge opens, and whether that store is
     * keyed with the card's secret ("card") or with the UID alone ("uid").
     */
    QJsonObject badges;
    /**
     * Entries of the first format, key(derived badge secret) → member, kind not recorded;
     * each becomes a `badges` entry when it is next used.
     */
    QJsonObject legacy;
    /** member → {failed, total, last, locked_until}. */
    QJsonObject attempts;

    struct Entry
    {
        QString member;
        QString kind;
    };

    static QString uidKey(const QByteArray &uid)
    {
        // Found by the UID, so that a UID-only tap finds the store a card keyed and is
        // refused; a hash, so that the file does not list the UIDs.
        return QString::fromLatin1(
            Crypto::sha256(QByteArray(QByteArray("aula/badge-index/v2") + uid)).toHex());
    }
    static QString legacyKey(const BadgeTap &badge)
    {
        Crypto::Sha256 hash;
        hash.update("aula/badge-index/v1");
        hash.update(badgeSecret(badge).view());
        return QString::fromLatin1(hash.finish().toHex());
    }

    [[nodiscard]] std::optional<Entry> find(const BadgeTap &badge) const
    {
        const QJsonObject e = badges.value(uidKey(badge.uid)).toObject();
        if (!e.isEmpty())
            return Entry { e.value(QStringLiteral("member")).toString(),
                           e.value(QStringLiteral("kind")).toString() };
        // A first-format key derives from what the tap read: it matches only a tap of the
        // same kind as the one that made it.
        const QString member = legacy.value(legacyKey(badge)).toString();
        if (!member.isEmpty())
            return Entry { member, badge.kind() };
        return std::nullopt;
    }

    /** The kind of @p member's store, as far as the index knows it (empty: unknown). */
    [[nodiscard]] QString kindOf(const QString &member, const BadgeTap &badge) const
    {
        for (auto it = badges.begin(); it != badges.end(); ++it) {
            const QJsonObject e = it.value().toObject();
            if (e.value(QStringLiteral("member")).toString() == member)
                return e.value(QStringLiteral("kind")).toString();
        }
        if (legacy.value(legacyKey(badge)).toString() == member)
            return badge.kind();
        return {};
    }

    [[nodiscard]] QStringList members() const
    {
        QStringList out;
        for (auto it = badges.begin(); it != badges.end(); ++it)
            out.append(it.value().toObject().value(QStringLiteral("member")).toString());
        for (auto it = legacy.begin(); it != legacy.end(); ++it)
            out.append(it.value().toString());
        return out;
    }

    /**
     * @p uid opens @p member's store, keyed as @p kind; the member's older entries go (the
     * store opens with one badge only: another entry would only count its taps as wrong PINs).
     */
    void bind(const QByteArray &uid, const QString &member, const QString &kind)
    {
        for (const QString &key : badges.keys()) {
            if (badges.value(key).toObject().value(QStringLiteral("member")).toString() == member)
                badges.remove(key);
        }
        for (const QString &key : legacy.keys()) {
            if (legacy.value(key).toString() == member)
                legacy.remove(key);
        }
        badges.insert(
            uidKey(uid),
            QJsonObject { { QStringLiteral("member"), member }, { QStringLiteral("kind"), kind } });
    }
};

TabletVault::TabletVault(VaultOptions options, Platform::KeyVault &keys, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_keys(keys)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_sittings(std::make_unique<SittingsModel>())
    , m_desk(std::make_unique<AnnotationDesk>())
{
    // Progress arrives per chunk; the page needs it a few times a second at most.
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250);
    connect(&m_refresh, &QTimer::timeout, this, &TabletVault::refreshSittings);
}

TabletVault::~TabletVault()
{
    close();
}

Crypto::SecretBytes TabletVault::badgeSecret(const BadgeTap &badge)
{
    // Hashed piece by piece: no concatenated copy of the card's secret is left behind.
    Crypto::Sha256 hash;
    if (!badge.hasCardSecret()) {
        hash.update("aula/badge-secret/uid/v1");
        hash.update(badge.uid);
    } else {
        // The UID is length-prefixed so that UID and secret cannot slide into each other.
        hash.update("aula/badge-secret/card/v1");
        hash.update(QByteArray(1, char(badge.uid.size())));
        hash.update(badge.uid);
        hash.update(badge.cardSecret.view());
    }
    QByteArray digest = hash.finish();
    Crypto::SecretBytes out = Crypto::SecretBytes::copyOf(digest);
    Crypto::wipe(digest);
    return out;
}

TabletVault::SharedSecret TabletVault::share(Crypto::SecretBytes secret)
{
    return std::make_shared<const Crypto::SecretBytes>(std::move(secret));
}

QByteArrayView TabletVault::viewOf(const SharedSecret &secret)
{
    return secret ? secret->view() : QByteArrayView();
}

void TabletVault::setConnection(Sync::ChamberConnection *connection)
{
    if (m_connection)
        disconnect(m_connection, nullptr, this, nullptr);
    m_connection = connection;
    if (!m_connection)
        return;
    auto revoked = [this](const Error &why) {
        if (why.code != QLatin1String("device_revoked"))
            return;
        qCWarning(lcVault) << "the chamber revoked this tablet: wiping its stores";
        if (auto r = wipeAll(tr("The chamber has revoked this tablet. Its documents and keys "
                                "have been erased from it; ask the secretary."));
            !r)
            qCCritical(lcVault).noquote() << "wipe failed:" << r.error().describe();
    };
    connect(m_connection, &Sync::ChamberConnection::deviceRejected, this, revoked);
    connect(m_connection, &Sync::ChamberConnection::unsolicited, this,
            [revoked](const QJsonObject &m) {
                if (m.value(QStringLiteral("type")).toString() == QLatin1String("error"))
                    revoked(Error { m.value(QStringLiteral("code")).toString(),
                                    m.value(QStringLiteral("message")).toString() });
            });
    connect(m_connection, &Sync::ChamberConnection::sessionChanged, this, [this] {
        // After a reconnect the session token is new; a run the old one could not finish
        // (unauthorized, dropped) starts again with it.
        const QByteArray token = m_connection->sessionToken();
        if (!m_sync || token.isEmpty() || m_connection->person() != member())
            return;
        m_sync->setToken(token);
        m_token = token;
        if (!m_sync->isRunning() && m_syncProblem)
            startSync(token);
    });
}

QString TabletVault::indexPath() const
{
    return QDir(m_options.root).filePath(QStringLiteral("offline.json"));
}

TabletVault::Index TabletVault::loadIndex() const
{
    QFile f(indexPath());
    Index index;
    if (!f.open(QIODevice::ReadOnly))
        return index;
    const QJsonObject o = QJsonDocument::fromJson(f.read(1 << 20)).object();
    const QJsonObject badges = o.value(QStringLiteral("badges")).toObject();
    for (auto it = badges.begin(); it != badges.end(); ++it) {
        if (it.value().isObject())
            index.badges.insert(it.key(), it.value());
        else
            index.legacy.insert(it.key(), it.value()); // written before kinds were recorded
    }
    const QJsonObject legacy = o.value(QStringLiteral("legacy")).toObject();
    for (auto it = legacy.begin(); it != legacy.end(); ++it)
        index.legacy.insert(it.key(), it.value());
    index.attempts = o.value(QStringLiteral("attempts")).toObject();
    return index;
}

Result<void> TabletVault::saveIndex(const Index &index) const
{
    if (!QDir().mkpath(m_options.root))
        return err("io", tr("cannot create %1").arg(m_options.root));
    QSaveFile f(indexPath());
    if (!f.open(QIODevice::WriteOnly))
        return err("io", f.errorString());
    QJsonObject o { { QStringLiteral("v"), 2 },
                    { QStringLiteral("badges"), index.badges },
                    { QStringLiteral("attempts"), index.attempts } };
    if (!index.legacy.isEmpty())
        o.insert(QStringLiteral("legacy"), index.legacy);
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    if (!f.commit())
        return err("io", tr("cannot write the offline index: %1").arg(f.errorString()));
    return {};
}

Result<TabletVault::SharedSecret> TabletVault::deviceSecret(const QString &member)
{
    auto secret = m_keys.secret(Tablet::TabletStore::vaultSecretName(member));
    if (!secret)
        return secret.error();
    SharedSecret guarded = share(Crypto::SecretBytes::copyOf(*secret));
    Crypto::wipe(*secret); // the vault's copy, unshared: it was read for this call
    return guarded;
}

bool TabletVault::hasStoreFor(const BadgeTap &badge) const
{
    const auto entry = loadIndex().find(badge);
    return entry && Tablet::TabletStore::exists(m_options.root, entry->member);
}

QString TabletVault::badgeKindOf(const QString &member) const
{
    return loadIndex().kindOf(member, {});
}

Error TabletVault::cardSecretNeeded()
{
    return err("card_secret_needed",
               tr("The documents of this badge on this tablet are locked with the secret on "
                  "the card, and this tap gave only the badge's number. Tap the card again and "
                  "hold it still on the reader."));
}

QString TabletVault::member() const
{
    return m_store ? m_store->member() : QString();
}

Result<TabletVault::OnlinePlan> TabletVault::beginOnline(const QString &person, const QString &name,
                                                         const BadgeTap &badge, int &leaseDays,
                                                         qint64 now)
{
    leaseDays = leaseDays > 0 ? leaseDays : Tablet::TabletStore::kDefaultLeaseDays;
    Index index = loadIndex();
    const QString storeKind = index.kindOf(person, badge);
    const bool storeHere = Tablet::TabletStore::exists(m_options.root, person);
    // A store keyed with the card's secret never opens, nor is replaced, with the UID alone:
    // refused before anything is unwrapped, and the index stays as it was.
    if (storeHere && storeKind == QLatin1String(kCardKind) && !badge.hasCardSecret())
        return cardSecretNeeded();
    // A store keyed with the UID, tapped by the enrolled card: opened with the UID, then
    // rewrapped under the card's secret (the index says "card" only once that is done).
    OnlinePlan plan;
    plan.rekey = storeHere && storeKind == QLatin1String(kUidKind) && badge.hasCardSecret();
    index.bind(badge.uid, person, plan.rekey ? QLatin1String(kUidKind) : badge.kind());
    index.attempts.remove(person);
    if (auto r = saveIndex(index); !r)
        return r.error();
    if (m_store && m_store->member() == person) {
        // Logged in offline before; the chamber is back: the lease restarts.
        if (auto r = m_store->renewLease(now, leaseDays); !r)
            return r.error();
        (void)m_store->setValue(QStringLiteral("person_name"), name.toUtf8());
        m_personName = name;
        Q_EMIT openChanged();
        plan.done = true; // nothing to unlock
        return plan;
    }
    close();
    return plan;
}

TabletVault::Opened TabletVault::openRekeyed(const VaultOptions &options, const QString &member,
                                             const Tablet::Unlock &unlock,
                                             QByteArrayView uidStoreSecret, qint64 now,
                                             std::optional<int> renewLeaseDays)
{
    const bool rekey = !uidStoreSecret.isEmpty();
    Opened out;
    out.store = Tablet::TabletStore::open(
        options.root, member,
        rekey ? Tablet::Unlock { uidStoreSecret, unlock.pin, unlock.deviceSecret } : unlock, now,
        renewLeaseDays);
    out.keyedWithTap = !rekey;
    if (rekey && out.store) {
        if (auto r = out.store->rewrap(unlock, options.cost); r)
            out.keyedWithTap = true;
        else // still opens with the UID; the next tap of the card tries again
            qCWarning(lcVault).noquote()
                << "cannot rewrap" << member
                << "'s store under the card secret:" << r.error().describe();
    }
    return out;
}

TabletVault::Opened TabletVault::openOrCreate(const VaultOptions &options, const QString &person,
                                              const Tablet::Unlock &unlock,
                                              QByteArrayView uidStoreSecret, qint64 now,
                                              int leaseDays)
{
    if (Tablet::TabletStore::exists(options.root, person)) {
        Opened opened = openRekeyed(options, person, unlock, uidStoreSecret, now, leaseDays);
        if (opened.store)
            return opened;
        const QString code = opened.store.error().code;
        if (code != QLatin1String("wrong_credentials") && code != QLatin1String("key_file_corrupt"))
            return opened;
        // The chamber just accepted these credentials, so the PIN changed (or the key file
        // broke): the old store cannot be opened by anyone; start a new one.
        qCWarning(lcVault) << "replacing the store of" << person << "(" << code << ")";
        if (auto w = Tablet::TabletStore::wipe(options.root, person); !w)
            return { w.error(), false };
    }
    return { Tablet::TabletStore::create(options.root, person, unlock, now, leaseDays,
                                         options.cost),
             true };
}

Result<void> TabletVault::finishOnline(const QString &name, const QByteArray &uid, bool cardTap,
                                       Opened opened)
{
    if (!opened.store)
        return opened.store.error();
    if (auto r = opened.store->setValue(QStringLiteral("person_name"), name.toUtf8()); !r)
        return r.error();
    const QString person = opened.store->member();
    if (opened.keyedWithTap && cardTap) {
        // Keyed with the card now (created, or rewrapped from the UID): record it.
        Index index = loadIndex();
        index.bind(uid, person, QLatin1String(kCardKind));
        if (auto r = saveIndex(index); !r)
            qCWarning(lcVault).noquote() << "offline index:" << r.error().describe();
    }
    adopt(std::move(opened.store).value(), name);
    return {};
}

Result<void> TabletVault::openOnline(const QString &person, const QString &name,
                                     const BadgeTap &badgeTap, QByteArrayView pin, int leaseDays)
{
    const qint64 now = m_clock();
    auto plan = beginOnline(person, name, badgeTap, leaseDays, now);
    if (!plan)
        return plan.error();
    if (plan->done)
        return {};
    auto secret = deviceSecret(person);
    if (!secret)
        return secret.error();
    const Crypto::SecretBytes badge = badgeSecret(badgeTap);
    const Crypto::SecretBytes uidSecret =
        plan->rekey ? badgeSecret(BadgeTap { badgeTap.uid }) : Crypto::SecretBytes();
    return finishOnline(name, badgeTap.uid, badgeTap.hasCardSecret(),
                        openOrCreate(m_options, person, { badge.view(), pin, viewOf(*secret) },
                                     uidSecret.view(), now, leaseDays));
}

void TabletVault::openOnlineAsync(const QString &person, const QString &name,
                                  const BadgeTap &badgeTap, QByteArrayView pin, int leaseDays,
                                  std::function<void(Result<void>)> done)
{
    if (m_opening) {
        done(err("busy", tr("a store is being opened")));
        return;
    }
    const qint64 now = m_clock();
    auto plan = beginOnline(person, name, badgeTap, leaseDays, now);
    if (!plan || plan->done) {
        done(plan ? Result<void>() : Result<void>(plan.error()));
        return;
    }
    auto secret = deviceSecret(person);
    if (!secret) {
        done(secret.error());
        return;
    }
    setOpening(true);
    QPointer<TabletVault> self = this;
    const int generation = ++m_generation;
    QThreadPool::globalInstance()->start(
        [self, generation, options = m_options, person, name, badge = share(badgeSecret(badgeTap)),
         uidSecret = plan->rekey ? share(badgeSecret(BadgeTap { badgeTap.uid })) : SharedSecret(),
         uid = badgeTap.uid, cardTap = badgeTap.hasCardSecret(),
         pinCopy = share(Crypto::SecretBytes::copyOf(pin)), secret = *secret, now, leaseDays,
         done = std::move(done)]() mutable {
            auto opened = std::make_shared<Opened>(
                openOrCreate(options, person, { viewOf(badge), viewOf(pinCopy), viewOf(secret) },
                             viewOf(uidSecret), now, leaseDays));
            QMetaObject::invokeMethod(
                qApp,
                [self, generation, name, uid, cardTap, opened, done = std::move(done)] {
                    if (!self)
                        return;
                    self->setOpening(false);
                    if (generation != self->m_generation) {
                        done(err("cancelled", tr("closed while the store was being opened")));
                        return;
                    }
                    done(self->finishOnline(name, uid, cardTap, std::move(*opened)));
                },
                Qt::QueuedConnection);
        });
}

namespace {
// Wrong offline PINs for one member since the last online login, past which only an online
// login opens the store (docs/security.md, "The tablet's store").
constexpr int kMaxOfflineFailures = 10;
} // namespace

Result<TabletVault::OfflineAttempt> TabletVault::beginOffline(const BadgeTap &badge)
{
    m_attemptsLeft = -1;
    m_lockedUntil = 0;
    const qint64 now = m_clock();
    Index index = loadIndex();
    const auto entry = index.find(badge);
    const QString member = entry ? entry->member : QString();
    const QString secretName = Tablet::TabletStore::vaultSecretName(member);
    if (member.isEmpty() || !Tablet::TabletStore::exists(m_options.root, member)
        || !m_keys.contains(secretName))
        return err("no_offline_store",
                   tr("This badge has no documents on this tablet: the first login needs the "
                      "chamber's connection."));
    // Before anything is counted: a tap that cannot give the key's input is no PIN attempt.
    if (entry->kind == QLatin1String(kCardKind) && !badge.hasCardSecret())
        return cardSecretNeeded();
    const bool rekey = entry->kind == QLatin1String(kUidKind) && badge.hasCardSecret();
    // A first-format entry matched: its kind is known now.
    index.bind(badge.uid, member, entry->kind);
    // Counted here, on this tablet: the chamber cannot count offline attempts. `failed` is
    // the run of wrong PINs towards the next lock, `total` every wrong PIN since the last
    // online login (which removes the entry), `last` the time of the last attempt.
    const QJsonObject attempts = index.attempts.value(member).toObject();
    const qint64 lockedUntil = attempts.value(QStringLiteral("locked_until")).toInteger();
    const qint64 lastAttempt = attempts.value(QStringLiteral("last")).toInteger();
    const int total = attempts.value(QStringLiteral("total")).toInt();
    if (total >= kMaxOfflineFailures) {
        m_attemptsLeft = 0;
        return err("online_login_needed",
                   tr("too many wrong PINs on this tablet: only a login with the chamber's "
                      "connection opens the documents now"));
    }
    // A clock set back before the last attempt would otherwise shorten the lock.
    if (lockedUntil > now || now < lastAttempt) {
        m_attemptsLeft = 0;
        m_lockedUntil = qMax(lockedUntil, lastAttempt);
        return err("locked", tr("too many wrong PINs on this tablet"));
    }
    auto secret = deviceSecret(member);
    if (!secret)
        return secret.error();
    // The attempt is recorded as failed BEFORE the PIN is checked, and refused if that cannot
    // be saved: killing the app during the (slow) check must not give a free try.
    const int failed = attempts.value(QStringLiteral("failed")).toInt() + 1;
    QJsonObject failedState { { QStringLiteral("failed"), failed },
                              { QStringLiteral("total"), total + 1 },
                              { QStringLiteral("last"), now } };
    if (failed >= m_options.attempts) {
        failedState.insert(QStringLiteral("failed"), 0);
        failedState.insert(QStringLiteral("locked_until"),
                           now + qint64(m_options.lockoutMinutes) * 60 * 1000);
    }
    index.attempts.insert(member, failedState);
    if (auto r = saveIndex(index); !r) {
        qCWarning(lcVault).noquote()
            << "offline attempt not recorded, refused:" << r.error().describe();
        return r.error();
    }
    OfflineAttempt attempt;
    attempt.member = member;
    attempt.uid = badge.uid;
    // A store keyed with the UID opens with it; the card's secret then rewraps it.
    attempt.badge = share(rekey ? badgeSecret(BadgeTap { badge.uid }) : badgeSecret(badge));
    if (rekey)
        attempt.rekeyTo = share(badgeSecret(badge));
    attempt.secret = *secret;
    attempt.now = now;
    attempt.before = attempts;
    attempt.failed = failed;
    attempt.total = total + 1;
    attempt.lockedUntil = failedState.value(QStringLiteral("locked_until")).toInteger();
    return attempt;
}

Result<QString> TabletVault::finishOffline(const OfflineAttempt &attempt, Opened result)
{
    const QString &member = attempt.member;
    Result<Tablet::TabletStore> &opened = result.store;
    if (!opened && opened.error().code == QLatin1String("wrong_credentials")) {
        // Already counted by beginOffline().
        m_lockedUntil = attempt.lockedUntil;
        m_attemptsLeft = m_lockedUntil ? 0 : m_options.attempts - attempt.failed;
        if (attempt.total >= kMaxOfflineFailures)
            m_attemptsLeft = 0;
        qCInfo(lcVault) << "wrong PIN offline for" << member << "; left:" << m_attemptsLeft;
        return m_lockedUntil ? err("locked", tr("too many wrong PINs on this tablet"))
                             : err("wrong_pin", tr("wrong PIN"));
    }
    // Not a wrong PIN: the attempt does not count (the run and the total stay as they were),
    // but the time of the attempt is kept.
    Index index = loadIndex();
    QJsonObject attempts = attempt.before;
    attempts.insert(QStringLiteral("last"), attempt.now);
    if (opened) {
        attempts.remove(QStringLiteral("failed"));
        attempts.remove(QStringLiteral("locked_until"));
    }
    index.attempts.insert(member, attempts);
    if (opened && attempt.rekeyTo && result.keyedWithTap)
        index.bind(attempt.uid, member, QLatin1String(kCardKind)); // rewrapped: the card's now
    (void)saveIndex(index);
    if (!opened)
        return opened.error();
    auto name = opened->value(QStringLiteral("person_name"));
    const QString personName = name && *name ? QString::fromUtf8(**name) : member;
    close();
    adopt(std::move(opened).value(), personName);
    return member;
}

TabletVault::Opened TabletVault::openAttempt(const VaultOptions &options,
                                             const OfflineAttempt &attempt, QByteArrayView pin)
{
    const QByteArrayView device = viewOf(attempt.secret);
    if (!attempt.rekeyTo)
        return openRekeyed(options, attempt.member, { viewOf(attempt.badge), pin, device }, {},
                           attempt.now, std::nullopt);
    return openRekeyed(options, attempt.member, { viewOf(attempt.rekeyTo), pin, device },
                       viewOf(attempt.badge), attempt.now, std::nullopt);
}

Result<QString> TabletVault::openOffline(const BadgeTap &badge, QByteArrayView pin)
{
    auto attempt = beginOffline(badge);
    if (!attempt)
        return attempt.error();
    return finishOffline(*attempt, openAttempt(m_options, *attempt, pin));
}

void TabletVault::openOfflineAsync(const BadgeTap &badge, QByteArrayView pin,
                                   std::function<void(Result<QString>)> done)
{
    if (m_opening) {
        done(err("busy", tr("a store is being opened")));
        return;
    }
    auto attempt = beginOffline(badge);
    if (!attempt) {
        done(attempt.error());
        return;
    }
    setOpening(true);
    QPointer<TabletVault> self = this;
    const int generation = ++m_generation;
    QThreadPool::globalInstance()->start([self, generation, options = m_options, attempt = *attempt,
                                          pinCopy = share(Crypto::SecretBytes::copyOf(pin)),
                                          done = std::move(done)]() mutable {
        auto opened = std::make_shared<Opened>(openAttempt(options, attempt, viewOf(pinCopy)));
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, attempt, opened, done = std::move(done)] {
                if (!self)
                    return;
                self->setOpening(false);
                if (generation != self->m_generation) {
                    done(err("cancelled", tr("closed while the store was being opened")));
                    return;
                }
                done(self->finishOffline(attempt, std::move(*opened)));
            },
            Qt::QueuedConnection);
    });
}

void TabletVault::setOpening(bool opening)
{
    if (m_opening == opening)
        return;
    m_opening = opening;
    Q_EMIT openingChanged();
}

void TabletVault::adopt(Tablet::TabletStore store, const QString &name)
{
    m_store = std::make_unique<Tablet::TabletStore>(std::move(store));
    if (auto r = m_desk->open(*m_store); !r)
        // The documents stay readable; annotating is what
        // is lost, and the log says why.
        qCCritical(lcVault).noquote() << "annotations unavailable:" << r.error().describe();
    m_personName = name;
    m_wipeText.clear();
    m_repaired = 0;
    m_here.clear();
    if (auto docs = m_store->documents()) {
        for (const auto &d : *docs)
            m_here.insert(d.sha256);
    }
    if (m_options.sync.baseUrl.isValid()) {
        m_sync = std::make_unique<Sync::DocumentSync>(*m_store, m_options.sync);
        connect(m_sync.get(), &Sync::DocumentSync::progressChanged, this,
                [this](const Sync::SyncProgress &p) {
                    scheduleRefresh();
                    setSync(tr("Fetching the documents: %1 of "
                               "%2 · %3 of %4")
                                .arg(p.filesDone)
                                .arg(p.filesTotal)
                                .arg(sizeText(p.bytesDone), sizeText(p.bytesTotal)),
                            false);
                });
        connect(m_sync.get(), &Sync::DocumentSync::documentStored, this,
                [this](const Sync::ManifestDocument &d) {
                    m_here.insert(d.sha256);
                    carryOverInto(d);
                    scheduleRefresh();
                    Q_EMIT documentsChanged();
                });
        connect(m_sync.get(), &Sync::DocumentSync::retrying, this,
                [this](const Sync::ManifestDocument &d, const Error &why) {
                    qCInfo(lcVault) << "retrying" << d.name << why.code;
                    if (why.code == QLatin1String("hash_mismatch")
                        || why.code == QLatin1String("size_mismatch"))
                        ++m_repaired;
                });
        connect(m_sync.get(), &Sync::DocumentSync::finished, this, &TabletVault::onSyncFinished);
    }
    loadManifest();
    setSync({}, false);
    Q_EMIT openChanged();
    Q_EMIT documentsChanged();
}

void TabletVault::loadManifest()
{
    m_manifest = {};
    if (auto stored = m_store->value(QStringLiteral("manifest")); stored && *stored) {
        if (auto parsed = Sync::Manifest::fromJson(**stored))
            m_manifest = *parsed;
    }
    refreshSittings();
}

void TabletVault::close()
{
    ++m_generation; // a store being opened meanwhile is
                    // dropped when it arrives
    if (!m_store)
        return;
    if (m_sync) {
        m_sync->disconnect(this);
        m_sync->cancel();
        m_sync.reset();
    }
    m_desk->close();
    m_store.reset();
    m_manifest = {};
    m_here.clear();
    m_personName.clear();
    m_refresh.stop();
    m_sittings->reset({});
    setSync({}, false);
    Q_EMIT openChanged();
    Q_EMIT documentsChanged();
}

Result<void> TabletVault::wipeAll(const QString &reason)
{
    close();
    QStringList members = loadIndex().members();
    const QDir root(m_options.root);
    members += root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    members.removeDuplicates();
    std::optional<Error> firstError;
    for (const QString &m : std::as_const(members)) {
        if (auto r = Tablet::TabletStore::wipe(m_options.root, m); !r && !firstError)
            firstError = r.error();
        if (auto r = m_keys.destroy(Tablet::TabletStore::vaultSecretName(m)); !r && !firstError)
            firstError = r.error();
        root.rmdir(m); // empty after the wipe
    }
    QFile::remove(indexPath());
    m_wipeText = reason;
    qCWarning(lcVault) << "wiped" << members.size() << "stores";
    Q_EMIT wiped();
    if (firstError)
        return *firstError;
    return {};
}

void TabletVault::fetchAgain()
{
    scheduleRefresh();
    if (m_sync && !m_sync->isRunning() && !m_token.isEmpty())
        startSync(m_token);
}

void TabletVault::startSync(const QByteArray &token)
{
    if (!m_sync || token.isEmpty())
        return;
    if (m_sync->isRunning())
        m_sync->cancel();
    m_sync->setToken(token);
    m_token = token;
    m_repaired = 0;
    setSync(tr("Checking which documents are new…"), false);
    QPointer<Sync::DocumentSync> sync = m_sync.get();
    m_sync->fetchManifest([this, sync](const Result<Sync::Manifest> &manifest) {
        if (!sync || sync != m_sync.get())
            return; // closed or replaced meanwhile
        if (!manifest) {
            qCWarning(lcVault).noquote() << "manifest:" << manifest.error().describe();
            setSync(tr("The list of documents could not be "
                       "fetched (%1); what is on the tablet "
                       "stays readable.")
                        .arg(manifest.error().message),
                    true);
            return;
        }
        m_manifest = *manifest;
        if (auto r = m_store->setValue(QStringLiteral("manifest"), m_manifest.toJson()); !r)
            qCWarning(lcVault).noquote() << "cannot keep the manifest:" << r.error().describe();
        refreshSittings();
        m_sync->start(m_manifest);
        Q_EMIT syncChanged();
    });
}

void TabletVault::onSyncFinished(const Result<void> &result)
{
    refreshSittings();
    QString repaired;
    if (m_repaired > 0)
        repaired = QLatin1Char(' ')
            + tr("Damaged downloads detected and fetched "
                 "again: %1.")
                  .arg(m_repaired);
    if (result) {
        setSync(tr("Every document is on this tablet and "
                   "can be read offline.")
                    + repaired,
                false);
        return;
    }
    const QString code = result.error().code;
    qCWarning(lcVault) << "sync ended:" << code << result.error().message;
    if (code == QLatin1String("unauthorized") && m_connection && m_connection->person() == member()
        && !m_connection->sessionToken().isEmpty() && m_connection->sessionToken() != m_token) {
        // The link came back with a new session while this
        // run still used the old token.
        startSync(m_connection->sessionToken());
        return;
    }
    int here = 0;
    int total = 0;
    for (const auto &d : m_manifest.documentsInFetchOrder()) {
        ++total;
        here += m_here.contains(d.sha256) ? 1 : 0;
    }
    if (code == QLatin1String("disk_full")) {
        setSync(tr("The tablet's storage is full: %1 of "
                   "%2 documents are here and stay "
                   "readable. Free some space, then log "
                   "in again to fetch the rest.")
                        .arg(here)
                        .arg(total)
                    + repaired,
                true);
    } else if (code == QLatin1String("cancelled")) {
        setSync({}, false);
    } else {
        setSync(tr("%1 of %2 documents are on this tablet; "
                   "the others could not be fetched "
                   "(%3) and will be tried again at the next "
                   "login.")
                        .arg(here)
                        .arg(total)
                        .arg(result.error().message)
                    + repaired,
                true);
    }
}

void TabletVault::setSync(const QString &text, bool problem)
{
    m_syncText = text;
    m_syncProblem = problem;
    Q_EMIT syncChanged();
}

bool TabletVault::isSyncing() const
{
    return m_sync && m_sync->isRunning();
}

double TabletVault::syncFraction() const
{
    if (!m_sync)
        return 0;
    const Sync::SyncProgress &p = m_sync->progress();
    return p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : 1.0;
}

QString TabletVault::leaseText() const
{
    if (!m_store)
        return {};
    auto expires = m_store->leaseExpiresAt();
    if (!expires)
        return {};
    return tr("Readable offline until %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(*expires),
                                QStringLiteral("d MMMM yyyy, HH:mm")));
}

void TabletVault::carryOverInto(const Sync::ManifestDocument &arrived)
{
    // A new version of a document the member annotated: the notes follow it now, so they
    // are there when it is opened, offline included. The desk does the work on a worker
    // thread; only the store reads happen here.
    const QString key = AnnotationDesk::documentKey(m_manifest, arrived.sha256);
    const QString hex = QString::fromLatin1(arrived.sha256.toHex());
    auto needed = m_desk->needsCarryOver(key, hex);
    if (!needed || !*needed) {
        if (!needed)
            qCWarning(lcVault).noquote() << "carry-over check:" << needed.error().describe();
        return;
    }
    auto bytes = m_store->document(arrived.sha256);
    if (!bytes) {
        qCWarning(lcVault).noquote() << "cannot read the new version of" << key << "to carry "
                                     << "annotations over:" << bytes.error().describe();
        return;
    }
    if (auto r = m_desk->startCarryOver(key, hex, *bytes); !r)
        qCWarning(lcVault).noquote()
            << "carry-over into" << key << "failed:" << r.error().describe();
}

Result<void> TabletVault::attachAnnotations(Documents::DocumentReader &reader,
                                            const QString &sha256)
{
    if (!m_store)
        return err("closed", tr("no store is open"));
    const QByteArray raw = QByteArray::fromHex(sha256.toLatin1());
    QString name;
    for (const Sync::ManifestDocument &d : m_manifest.documentsInFetchOrder())
        if (d.sha256 == raw)
            name = d.name;
    if (name.isEmpty()) {
        // An older version the manifest no longer lists:
        // its name is in the store.
        if (auto docs = m_store->documents()) {
            for (const auto &d : std::as_const(*docs))
                if (d.sha256 == raw)
                    name = d.name;
        }
    }
    return m_desk->attach(reader, AnnotationDesk::documentKey(m_manifest, raw), sha256, name);
}

bool TabletVault::hasDocument(const QString &sha256) const
{
    return m_store && m_here.contains(QByteArray::fromHex(sha256.toLatin1()));
}

Result<QByteArray> TabletVault::document(const QString &sha256) const
{
    if (!m_store)
        return err("closed", tr("no store is open"));
    return m_store->document(QByteArray::fromHex(sha256.toLatin1()));
}

void TabletVault::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void TabletVault::refreshSittings()
{
    if (!m_store) {
        m_sittings->reset({});
        return;
    }
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_clock()).date();
    QList<SittingsModel::Row> rows;
    for (const Sync::ManifestSitting &s : std::as_const(m_manifest.sittings)) {
        SittingsModel::Row row;
        row.sitting = s;
        const QDate date = QDate::fromString(s.date, Qt::ISODate);
        row.upcoming = !date.isValid() || date >= today;
        row.current = s.id == m_manifest.currentSitting;
        QSet<QByteArray> seen;
        for (const Sync::ManifestItem &item : s.items) {
            for (const Sync::ManifestDocument &d : item.documents) {
                const bool here = m_here.contains(d.sha256);
                QString title = d.title;
                if (title.isEmpty()) {
                    title = d.name;
                    if (title.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
                        title.chop(4);
                }
                row.documents.append(SittingsModel::Document { d.sha256, title, d.name, d.size,
                                                               item.id, item.title, here });
                if (seen.contains(d.sha256))
                    continue;
                seen.insert(d.sha256);
                ++row.filesTotal;
                row.bytesTotal += d.size;
                if (here) {
                    ++row.filesHere;
                    row.bytesHere += d.size;
                } else if (auto partial = m_store->partialSize(d.sha256)) {
                    row.bytesHere += qMin(*partial, d.size);
                }
            }
        }
        rows.append(std::move(row));
    }
    // Upcoming first, soonest first; then the past, latest
    // first.
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        if (a.upcoming != b.upcoming)
            return a.upcoming;
        return a.upcoming ? a.sitting.date < b.sitting.date : a.sitting.date > b.sitting.date;
    });
    bool sameRows = rows.size() == m_sittings->m_rows.size();
    for (qsizetype i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i].sitting.id == m_sittings->m_rows[i].sitting.id;
    if (sameRows)
        m_sittings->updateCounts(rows);
    else
        m_sittings->reset(std::move(rows));
}

} // namespace Aula::App
