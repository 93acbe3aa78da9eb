// SPDX-License-Identifier: GPL-3.0-or-later
#include "badgeadmin.h"

#include "core/fraction.h"
#include "core/jsonreader.h"
#include "platform/nfc/badgereader.h"
#include "platform/nfc/framerelay.h"
#include "server/admin.h"
#include "server/badges/aulabadge.h"
#include "server/badges/desfireauthenticator.h"
#include "server/badges/desfireenroller.h"
#include "server/store/secretstore.h"
#include "sync/crypto/crypto.h"
#include "sync/store/database.h"
#include "sync/store/statement.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>
#include <algorithm>

Q_LOGGING_CATEGORY(lcBadgeAdmin, "aula.server.badges.admin")

namespace Aula::Server::Admin {

using Json::invalid;

namespace {

constexpr int kMasterKeySize = 16; // AES-128 (AN10922 §2.2)
constexpr int kExchangePatienceMs = 15'000;

QString badgeSecretName(const QByteArray &uid)
{
    return QStringLiteral("badge:") + QString::fromLatin1(uid.toHex());
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

constexpr char kEnrolledPrefix[] = "badge.enrolled:";

/** The UIDs bound to @p person in the secrets. */
Result<QList<QByteArray>> badgesOf(Store::Database &db, const QString &person)
{
    auto statement =
        db.prepare("SELECT name FROM secrets WHERE name LIKE 'badge:%' AND value = ?1;");
    if (!statement)
        return statement.error();
    statement->bindBlob(1, person.toUtf8());
    QList<QByteArray> uids;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        uids.append(QByteArray::fromHex(statement->columnText(0).mid(6).toLatin1()));
    }
    return uids;
}

QString badgeHash(const QByteArray &uid)
{
    return QString::fromLatin1(Crypto::sha256(uid).toHex());
}

/** Waits, running the event loop, until @p done() holds or @p deadline passes. */
template<typename Done> bool waitFor(BadgeReader &reader, Done done, const QDeadlineTimer &deadline)
{
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QObject::connect(&reader, &BadgeReader::readerConnected, &loop, &QEventLoop::quit);
        QObject::connect(&reader, &BadgeReader::readerLost, &loop, &QEventLoop::quit);
        QObject::connect(&reader, &BadgeReader::badgePresented, &loop, &QEventLoop::quit);
        QObject::connect(&reader, &BadgeReader::badgeRemoved, &loop, &QEventLoop::quit);
        QTimer::singleShot(int(std::clamp<qint64>(deadline.remainingTime(), 1, 3'600'000)), &loop,
                           &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

/** Runs @p machine through @p reader to its end, with a local event loop. */
template<typename Machine> void runToEnd(BadgeReader &reader, std::shared_ptr<Machine> machine)
{
    QEventLoop loop;
    bool finished = false;
    relayFrames<Machine>(reader, machine, [&](Machine &) {
        finished = true;
        loop.quit();
    });
    if (!finished) {
        QTimer::singleShot(kExchangePatienceMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!machine->isFinished())
        machine->abort(Error { QStringLiteral("timeout"),
                               QStringLiteral("the card did not answer within %1 s")
                                   .arg(kExchangePatienceMs / 1000) });
}

Result<void> authenticates(BadgeReader &reader, const Badges::KeyDiversifier &diversifier,
                           const QByteArray &uid)
{
    auto auth = std::make_shared<Badges::DesfireAuthenticator>(diversifier, Badges::kApplicationId,
                                                               Badges::kKeyNumber, uid);
    runToEnd(reader, auth);
    auto result = auth->result();
    if (!result)
        return result.error();
    return {};
}

/** Binds @p uid to @p person alone: the person's other badges stop working. */
Result<QList<QByteArray>> bindBadge(OpenChamber &oc, const QString &person, const QString &name,
                                    const QByteArray &uid)
{
    Store::Database &db = oc.dataDir.database();
    auto store = SecretStore::open(db);
    if (!store)
        return store.error();
    auto previous = badgesOf(db, person);
    if (!previous)
        return previous.error();
    previous->removeAll(uid);
    auto tx = db.begin();
    if (!tx)
        return tx.error();
    for (const QByteArray &old : std::as_const(*previous)) {
        if (auto r = store->remove(badgeSecretName(old)); !r)
            return r.error();
        if (auto r = store->remove(enrolledMarkerName(old)); !r)
            return r.error();
    }
    if (auto r = store->put(badgeSecretName(uid), person.toUtf8()); !r)
        return r.error();
    // Marked as enrolled: council import keeps it (while the same person is in the council).
    if (auto r = store->put(enrolledMarkerName(uid), enrolledMarker(person, name)); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    // Secrets first, as council import does: a binding the log does not show yet is only a
    // badge that works a moment early, never one that keeps working after its revocation.
    QList<QPair<QString, QJsonObject>> events;
    for (const QByteArray &old : std::as_const(*previous)) {
        events.append({ QStringLiteral("badge.revoked"),
                        { { QStringLiteral("person"), person },
                          { QStringLiteral("badge_sha256"), badgeHash(old) },
                          { QStringLiteral("reason"), QStringLiteral("replaced") } } });
    }
    events.append({ QStringLiteral("badge.bound"),
                    { { QStringLiteral("person"), person },
                      { QStringLiteral("badge_sha256"), badgeHash(uid) } } });
    auto appended = oc.chamber->appendAdministrative(events);
    if (!appended)
        return appended.error();
    return *previous;
}

/**
 * Marks @p uid, bound to @p person, as enrolled (with the name); true when the marker was
 * not there (or named nobody yet).
 */
Result<bool> markEnrolled(Store::Database &db, const QByteArray &uid, const QString &person,
                          const QString &name)
{
    auto store = SecretStore::open(db);
    if (!store)
        return store.error();
    auto existing = store->get(enrolledMarkerName(uid));
    if (!existing)
        return existing.error();
    const QByteArray marker = enrolledMarker(person, name);
    if (existing->has_value() && (*existing)->view() == marker)
        return false;
    if (auto r = store->put(enrolledMarkerName(uid), marker); !r)
        return r.error();
    return !existing->has_value();
}

} // namespace

QString enrolledMarkerName(const QByteArray &uid)
{
    return QLatin1String(kEnrolledPrefix) + QString::fromLatin1(uid.toHex());
}

QByteArray enrolledMarker(const QString &person, const QString &name)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("person"), person },
                                       { QStringLiteral("name"), name } })
        .toJson(QJsonDocument::Compact);
}

bool sameName(const QString &a, const QString &b)
{
    return a.simplified().compare(b.simplified(), Qt::CaseInsensitive) == 0;
}

Result<QList<EnrolledBadge>> enrolledBadges(Store::Database &db)
{
    auto statement = db.prepare("SELECT name, value FROM secrets WHERE name LIKE ?1;");
    if (!statement)
        return statement.error();
    const QString pattern = QLatin1String(kEnrolledPrefix) + QLatin1Char('%');
    statement->bindText(1, pattern);
    QList<EnrolledBadge> badges;
    for (;;) {
        auto row = statement->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const QString name = statement->columnText(0);
        EnrolledBadge badge;
        badge.uid = QByteArray::fromHex(name.mid(int(qstrlen(kEnrolledPrefix))).toLatin1());
        const QByteArray value = statement->columnBlob(1);
        const QJsonObject marker = QJsonDocument::fromJson(value).object();
        if (marker.isEmpty()) {
            badge.person = QString::fromUtf8(value); // a marker from before names
        } else {
            badge.person = marker.value(QStringLiteral("person")).toString();
            badge.name = marker.value(QStringLiteral("name")).toString();
        }
        badges.append(badge);
    }
    return badges;
}

Result<Crypto::SecretBytes> badgeMasterKey(DataDir &dataDir)
{
    auto store = SecretStore::open(dataDir.database());
    if (!store)
        return store.error();
    auto existing = store->get(QString::fromLatin1(kBadgeMasterKeySecret));
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        if ((*existing)->size() != kMasterKeySize)
            return Error { QStringLiteral("invalid_master_key"),
                           QStringLiteral("the badge master key in the store is %1 bytes, not "
                                          "16: the data directory is damaged")
                               .arg((*existing)->size()) };
        return std::move(existing->value());
    }
    Crypto::SecretBytes key = Crypto::SecretBytes::random(kMasterKeySize);
    if (auto r = store->put(QString::fromLatin1(kBadgeMasterKeySecret), key.view()); !r)
        return r.error();
    qCInfo(lcBadgeAdmin) << "created the chamber's badge master key";
    return key;
}

Result<Badges::KeyDiversifier> badgeDiversifier(DataDir &dataDir)
{
    auto key = badgeMasterKey(dataDir);
    if (!key)
        return key.error();
    // One derivation for enrollment, seat readers and logins: badgekeys.h's.
    auto store = SecretStore::open(dataDir.database());
    if (!store)
        return store.error();
    return Badges::chamberDiversifier(*store);
}

Result<QString> enrollBadge(OpenChamber &oc, const QString &member, BadgeReader &reader,
                            const BadgeEnrollOptions &options)
{
    const Council *council =
        oc.chamber->state().council() ? &*oc.chamber->state().council() : nullptr;
    if (!council)
        return Error { QStringLiteral("invalid_state"),
                       QStringLiteral("import the council first (aula-server council import)") };
    const Member *person = council->person(member);
    if (!person)
        return invalid(QStringLiteral("--member"),
                       QStringLiteral("\"%1\" is neither a member nor staff of %2")
                           .arg(member, council->name));
    auto diversifier = badgeDiversifier(oc.dataDir);
    if (!diversifier)
        return diversifier.error();
    const auto prompt = [&](const QString &text) {
        if (options.prompt)
            options.prompt(text);
    };
    const QDeadlineTimer deadline(options.timeoutMs);

    // The reader first: a missing one is the most likely mistake, and says so at once.
    std::optional<Error> lost;
    QObject guard;
    QObject::connect(&reader, &BadgeReader::readerLost, &guard,
                     [&](const Error &reason) { lost = reason; });
    reader.start();
    if (!waitFor(
            reader, [&] { return reader.isConnected() || lost.has_value(); }, deadline)
        || !reader.isConnected()) {
        return Error { QStringLiteral("reader_unavailable"),
                       QStringLiteral("%1. Check that the reader is plugged in and its "
                                      "connection string (--reader, or LIBNFC_DEVICE).")
                           .arg(lost ? lost->message
                                     : QStringLiteral("the badge reader did not answer")) };
    }
    lost.reset();

    prompt(QStringLiteral("Place a blank MIFARE DESFire card for %1 (%2) on the reader; waiting "
                          "up to %3 s.")
               .arg(person->name, member)
               .arg((deadline.remainingTime() + 999) / 1000));
    if (!waitFor(
            reader, [&] { return reader.presentBadge().has_value() || lost.has_value(); },
            deadline))
        return Error { QStringLiteral("timeout"),
                       QStringLiteral("no card was placed on the reader within %1 s")
                           .arg(options.timeoutMs / 1000) };
    if (lost)
        return Error { QStringLiteral("reader_unavailable"), lost->message };
    const BadgeInfo badge = *reader.presentBadge();
    const QString card = QStringLiteral("the card %1").arg(hex(badge.uid));
    if (!badge.speaksIsoDep())
        return Error { QStringLiteral("not_desfire"),
                       QStringLiteral("%1 is not a MIFARE DESFire card (%2): it can only show "
                                      "its UID, which anyone can copy. Use a DESFire EV1 or "
                                      "later card.")
                           .arg(card, badge.describe()) };
    const QString holder = oc.credentials->personForBadge(badge.uid);
    if (!holder.isEmpty() && holder != member) {
        const Member *other = council->person(holder);
        return Error { QStringLiteral("badge_taken"),
                       QStringLiteral("%1 is already the badge of %2 (%3): revoke it first "
                                      "(aula-server badge revoke --uid %4)")
                           .arg(card, other ? other->name : holder, holder, hex(badge.uid)) };
    }

    prompt(QStringLiteral("Writing %1; keep it on the reader.").arg(card));
    const auto mode = options.renewSecret ? Badges::DesfireEnroller::Mode::RenewSecret
                                          : Badges::DesfireEnroller::Mode::EnsureSecret;
    auto enroller =
        std::make_shared<Badges::DesfireEnroller>(*diversifier, Badges::kApplicationId, badge.uid,
                                                  Badges::DesfireEnroller::RandomSource {}, mode);
    runToEnd(reader, enroller);
    auto enrolled = enroller->result();
    if (!enrolled && enrolled.error().code == QLatin1String("already_enrolled"))
        return Error { QStringLiteral("already_enrolled"),
                       QStringLiteral("%1 is not blank: %2 (another chamber's badge?). Use a "
                                      "blank card.")
                           .arg(card, enrolled.error().message) };
    if (!enrolled)
        return Error { enrolled.error().code,
                       QStringLiteral("%1: %2").arg(card, enrolled.error().message) };
    using Outcome = Badges::EnrolledCard::Outcome;
    if (enrolled->keyWritten()) {
        // Read back: the key just written must open the card.
        if (auto proof = authenticates(reader, *diversifier, badge.uid); !proof)
            return Error { QStringLiteral("enrollment_unverified"),
                           QStringLiteral("%1 was written but does not authenticate under its "
                                          "new key (%2); do not hand it out")
                               .arg(card, proof.error().describe()) };
    }
    QString secretNote;
    if (enrolled->outcome == Outcome::SecretWritten)
        secretNote = QStringLiteral("It had no badge secret; one was written.\n");
    else if (enrolled->outcome == Outcome::SecretRenewed)
        secretNote =
            QStringLiteral(
                "Its badge secret was renewed: the documents that tablets keep for %1 offline no "
                "longer open with it; %1 logs in once on each tablet with the chamber's connection "
                "(the tablet then makes a new store).\n")
                .arg(member);
    if (!enrolled->keyWritten() && holder == member) {
        // Ours and bound already. Enrolled before council import kept enrolled badges, or
        // before markers had names: mark it now.
        auto marked = markEnrolled(oc.dataDir.database(), badge.uid, member, person->name);
        if (!marked)
            return marked.error();
        if (enrolled->outcome == Outcome::SecretKept)
            return QStringLiteral("%1 is already the badge of %2 (%3); nothing changed%4.\n")
                .arg(card, person->name, member,
                     *marked ? QStringLiteral(" (it is now kept when the council is imported "
                                              "again)")
                             : QString());
        return QStringLiteral("%1 is already the badge of %2 (%3).\n%4")
            .arg(card, person->name, member, secretNote);
    }
    auto replaced = bindBadge(oc, member, person->name, badge.uid);
    if (!replaced)
        return replaced.error();
    const QString done = enrolled->outcome == Outcome::Personalised
        ? QStringLiteral("is personalised")
        : enrolled->outcome == Outcome::Resumed
        ? QStringLiteral("is personalised (an earlier enrollment of it had been cut off)")
        : QStringLiteral("was already personalised by this chamber");
    QString report =
        QStringLiteral("%1 %2 and bound to %3 (%4); it authenticates under its "
                       "diversified key.\n")
            .arg(QString(card.left(1).toUpper() + card.mid(1)), done, person->name, member)
        + secretNote;
    for (const QByteArray &old : std::as_const(*replaced))
        report +=
            QStringLiteral("The previous badge %1 of %2 no longer works.\n").arg(hex(old), member);
    if (oc.credentials->pinHash(member).isEmpty())
        report += QStringLiteral("%1 has no PIN yet: the badge cannot log in until one is set "
                                 "(council import with a credential for %1: a PIN, and no "
                                 "badge or this one; enrolled badges are kept).\n")
                      .arg(member);
    return report;
}

Result<QString> revokeBadge(OpenChamber &oc, const QString &member, const QString &uidHex,
                            const QString &reason)
{
    if (member.isEmpty() && uidHex.isEmpty())
        return invalid(QStringLiteral("--member"), QStringLiteral("give --member ID or --uid HEX"));
    Store::Database &db = oc.dataDir.database();
    QList<QPair<QByteArray, QString>> revoked; // uid, person
    if (!uidHex.isEmpty()) {
        const QByteArray uid = QByteArray::fromHex(uidHex.toLatin1());
        if (uid.size() < 4 || uid.size() > 10 || uid.toHex() != uidHex.toLower().toLatin1())
            return invalid(QStringLiteral("--uid"),
                           QStringLiteral("must be a card UID of 4 to 10 bytes in hex"));
        const QString holder = oc.credentials->personForBadge(uid);
        if (holder.isEmpty())
            return invalid(QStringLiteral("--uid"),
                           QStringLiteral("no badge %1 is bound to anyone").arg(uidHex));
        if (!member.isEmpty() && holder != member)
            return invalid(
                QStringLiteral("--uid"),
                QStringLiteral("the badge %1 belongs to %2, not %3").arg(uidHex, holder, member));
        revoked.append({ uid, holder });
    } else {
        auto uids = badgesOf(db, member);
        if (!uids)
            return uids.error();
        if (uids->isEmpty())
            return invalid(QStringLiteral("--member"),
                           QStringLiteral("\"%1\" has no badge").arg(member));
        for (const QByteArray &uid : std::as_const(*uids))
            revoked.append({ uid, member });
    }
    auto store = SecretStore::open(db);
    if (!store)
        return store.error();
    auto tx = db.begin();
    if (!tx)
        return tx.error();
    QList<QPair<QString, QJsonObject>> events;
    QString report;
    for (const auto &[uid, holder] : std::as_const(revoked)) {
        if (auto r = store->remove(badgeSecretName(uid)); !r)
            return r.error();
        if (auto r = store->remove(enrolledMarkerName(uid)); !r)
            return r.error();
        events.append({ QStringLiteral("badge.revoked"),
                        { { QStringLiteral("person"), holder },
                          { QStringLiteral("badge_sha256"), badgeHash(uid) },
                          { QStringLiteral("reason"),
                            reason.isEmpty() ? QStringLiteral("revoked") : reason } } });
        report += QStringLiteral("Revoked the badge %1 of %2: it no longer logs in or marks "
                                 "presence.\n")
                      .arg(hex(uid), holder);
    }
    if (auto r = tx->commit(); !r)
        return r.error();
    auto appended = oc.chamber->appendAdministrative(events);
    if (!appended)
        return appended.error();
    return report;
}

} // namespace Aula::Server::Admin
