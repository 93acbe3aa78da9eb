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
    case DocumentsRole:
        return r.documents;
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
             { ProgressTextRole, "progressText" },
             { DocumentsRole, "documents" } };
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

QVariantList SittingsModel::documentsOf(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? QVariantList() : m_rows.at(row).documents;
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
    // Same sittings in the same order: only the progress moved.
    for (qsizetype i = 0; i < rows.size(); ++i) {
        Row &r = m_rows[i];
        if (r.filesHere == rows[i].filesHere && r.bytesHere == rows[i].bytesHere
            && r.upcoming == rows[i].upcoming)
            continue;
        r = rows[i];
        const QModelIndex at = index(int(i));
        Q_EMIT dataChanged(at, at,
                           { UpcomingRole, FilesHereRole, BytesHereRole, ProgressRole,
                             ProgressTextRole, DocumentsRole });
        ++m_revision;
    }
    Q_EMIT revisionChanged();
}

// ---------------------------------------------------------------------------------------
// TabletVault

struct TabletVault::Index
{
    /** key(badge) → member. */
    QJsonObject badges;
    /** member → {failed, locked_until}. */
    QJsonObject attempts;

    static QString keyOf(const BadgeTap &badge)
    {
        // The index names no UID: only a hash of the derived badge secret.
        return QString::fromLatin1(
            Crypto::sha256(QByteArray(QByteArray("aula/badge-index/v1") + badgeSecret(badge)))
                .toHex());
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

QByteArray TabletVault::badgeSecret(const BadgeTap &badge)
{
    if (badge.cardSecret.isEmpty())
        return Crypto::sha256(QByteArray(QByteArray("aula/badge-secret/uid/v1") + badge.uid));
    // The UID is length-prefixed so that UID and secret cannot slide into each other.
    return Crypto::sha256(QByteArray(QByteArray("aula/badge-secret/card/v1")
                                     + char(badge.uid.size()) + badge.uid + badge.cardSecret));
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
    index.badges = o.value(QStringLiteral("badges")).toObject();
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
    f.write(QJsonDocument(QJsonObject { { QStringLiteral("badges"), index.badges },
                                        { QStringLiteral("attempts"), index.attempts } })
                .toJson(QJsonDocument::Compact));
    if (!f.commit())
        return err("io", tr("cannot write the offline index: %1").arg(f.errorString()));
    return {};
}

Result<QByteArray> TabletVault::deviceSecret(const QString &member)
{
    return m_keys.secret(Tablet::TabletStore::vaultSecretName(member));
}

bool TabletVault::hasStoreFor(const BadgeTap &badge) const
{
    const QString member = loadIndex().badges.value(Index::keyOf(badge)).toString();
    return !member.isEmpty() && Tablet::TabletStore::exists(m_options.root, member);
}

QString TabletVault::member() const
{
    return m_store ? m_store->member() : QString();
}

Result<bool> TabletVault::beginOnline(const QString &person, const QString &name,
                                      const BadgeTap &badge, int &leaseDays, qint64 now)
{
    leaseDays = leaseDays > 0 ? leaseDays : Tablet::TabletStore::kDefaultLeaseDays;
    Index index = loadIndex();
    // The store opens with this badge's secret only from now on: an older entry of the
    // person (another badge, or this card before it had a secret) would only count its
    // taps as wrong PINs.
    for (const QString &key : index.badges.keys()) {
        if (index.badges.value(key).toString() == person)
            index.badges.remove(key);
    }
    index.badges.insert(Index::keyOf(badge), person);
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
        return true; // done, nothing to unlock
    }
    close();
    return false;
}

Result<Tablet::TabletStore> TabletVault::openOrCreate(const VaultOptions &options,
                                                      const QString &person,
                                                      const Tablet::Unlock &unlock, qint64 now,
                                                      int leaseDays)
{
    if (Tablet::TabletStore::exists(options.root, person)) {
        auto opened = Tablet::TabletStore::open(options.root, person, unlock, now, leaseDays);
        if (opened)
            return opened;
        if (opened.error().code != QLatin1String("wrong_credentials")
            && opened.error().code != QLatin1String("key_file_corrupt"))
            return opened.error();
        // The chamber just accepted these credentials, so the PIN changed (or the key file
        // broke): the old store cannot be opened by anyone; start a new one.
        qCWarning(lcVault) << "replacing the store of" << person << "(" << opened.error().code
                           << ")";
        if (auto w = Tablet::TabletStore::wipe(options.root, person); !w)
            return w.error();
    }
    return Tablet::TabletStore::create(options.root, person, unlock, now, leaseDays, options.cost);
}

Result<void> TabletVault::finishOnline(const QString &name, Result<Tablet::TabletStore> opened)
{
    if (!opened)
        return opened.error();
    if (auto r = opened->setValue(QStringLiteral("person_name"), name.toUtf8()); !r)
        return r.error();
    adopt(std::move(opened).value(), name);
    return {};
}

Result<void> TabletVault::openOnline(const QString &person, const QString &name,
                                     const BadgeTap &badgeTap, QByteArrayView pin, int leaseDays)
{
    const qint64 now = m_clock();
    auto done = beginOnline(person, name, badgeTap, leaseDays, now);
    if (!done)
        return done.error();
    if (*done)
        return {};
    auto secret = deviceSecret(person);
    if (!secret)
        return secret.error();
    const QByteArray badge = badgeSecret(badgeTap);
    return finishOnline(name,
                        openOrCreate(m_options, person, { badge, pin, *secret }, now, leaseDays));
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
    auto ready = beginOnline(person, name, badgeTap, leaseDays, now);
    if (!ready || *ready) {
        done(ready ? Result<void>() : Result<void>(ready.error()));
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
        [self, generation, options = m_options, person, name, badge = badgeSecret(badgeTap),
         pinCopy = QByteArray(pin.data(), pin.size()), secret = *secret, now, leaseDays,
         done = std::move(done)]() mutable {
            auto opened = std::make_shared<Result<Tablet::TabletStore>>(
                openOrCreate(options, person, { badge, pinCopy, secret }, now, leaseDays));
            pinCopy.fill('\0');
            QMetaObject::invokeMethod(
                qApp,
                [self, generation, name, opened, done = std::move(done)] {
                    if (!self)
                        return;
                    self->setOpening(false);
                    if (generation != self->m_generation) {
                        done(err("cancelled", tr("closed while the store was being opened")));
                        return;
                    }
                    done(self->finishOnline(name, std::move(*opened)));
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
    const QString member = index.badges.value(Index::keyOf(badge)).toString();
    const QString secretName = Tablet::TabletStore::vaultSecretName(member);
    if (member.isEmpty() || !Tablet::TabletStore::exists(m_options.root, member)
        || !m_keys.contains(secretName))
        return err("no_offline_store",
                   tr("This badge has no documents on this tablet: the first login needs the "
                      "chamber's connection."));
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
    return OfflineAttempt {
        member,    badgeSecret(badge),
        *secret,   now,
        attempts,  failed,
        total + 1, failedState.value(QStringLiteral("locked_until")).toInteger()
    };
}

Result<QString> TabletVault::finishOffline(const OfflineAttempt &attempt,
                                           Result<Tablet::TabletStore> opened)
{
    const QString &member = attempt.member;
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
    (void)saveIndex(index);
    if (!opened)
        return opened.error();
    auto name = opened->value(QStringLiteral("person_name"));
    const QString personName = name && *name ? QString::fromUtf8(**name) : member;
    close();
    adopt(std::move(opened).value(), personName);
    return member;
}

Result<QString> TabletVault::openOffline(const BadgeTap &badge, QByteArrayView pin)
{
    auto attempt = beginOffline(badge);
    if (!attempt)
        return attempt.error();
    return finishOffline(
        *attempt,
        Tablet::TabletStore::open(m_options.root, attempt->member,
                                  Tablet::Unlock { attempt->badge, pin, attempt->secret },
                                  attempt->now));
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
    QThreadPool::globalInstance()->start(
        [self, generation, root = m_options.root, attempt = *attempt,
         pinCopy = QByteArray(pin.data(), pin.size()), done = std::move(done)]() mutable {
            auto opened = std::make_shared<Result<Tablet::TabletStore>>(Tablet::TabletStore::open(
                root, attempt.member, Tablet::Unlock { attempt.badge, pinCopy, attempt.secret },
                attempt.now));
            pinCopy.fill('\0');
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
        // The documents stay readable; annotating is what is lost, and the log says why.
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
                    setSync(tr("Fetching the documents: %1 of %2 · %3 of %4")
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
    ++m_generation; // a store being opened meanwhile is dropped when it arrives
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
    QStringList members;
    const Index index = loadIndex();
    for (auto it = index.badges.begin(); it != index.badges.end(); ++it)
        members.append(it.value().toString());
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
            setSync(tr("The list of documents could not be fetched (%1); what is on the tablet "
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
            + tr("Damaged downloads detected and fetched again: %1.").arg(m_repaired);
    if (result) {
        setSync(tr("Every document is on this tablet and can be read offline.") + repaired, false);
        return;
    }
    const QString code = result.error().code;
    qCWarning(lcVault) << "sync ended:" << code << result.error().message;
    if (code == QLatin1String("unauthorized") && m_connection && m_connection->person() == member()
        && !m_connection->sessionToken().isEmpty() && m_connection->sessionToken() != m_token) {
        // The link came back with a new session while this run still used the old token.
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
        setSync(tr("The tablet's storage is full: %1 of %2 documents are here and stay "
                   "readable. Free some space, then log in again to fetch the rest.")
                        .arg(here)
                        .arg(total)
                    + repaired,
                true);
    } else if (code == QLatin1String("cancelled")) {
        setSync({}, false);
    } else {
        setSync(tr("%1 of %2 documents are on this tablet; the others could not be fetched "
                   "(%3) and will be tried again at the next login.")
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
        // An older version the manifest no longer lists: its name is in the store.
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
                const QString hex = QString::fromLatin1(d.sha256.toHex());
                row.documents.append(QVariantMap { { QStringLiteral("sha256"), hex },
                                                   { QStringLiteral("name"), d.name },
                                                   { QStringLiteral("item"), item.id },
                                                   { QStringLiteral("itemTitle"), item.title },
                                                   { QStringLiteral("here"), here } });
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
    // Upcoming first, soonest first; then the past, latest first.
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
