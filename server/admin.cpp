// SPDX-License-Identifier: GPL-3.0-or-later
#include "admin.h"

#include "core/jsonreader.h"
#include "core/rulesjson.h"
#include "server/badgeadmin.h"
#include "server/badges/badgekeys.h"
#include "server/demo/democouncil.h"
#include "server/documents/documentstore.h"
#include "server/store/secretstore.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"
#include "sync/store/database.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QTimeZone>

namespace Aula::Server {

using Json::invalid;
using Json::Reader;

namespace {

QString badgeKey(const QByteArray &uid)
{
    return QStringLiteral("badge:") + QString::fromLatin1(uid.toHex());
}

QString pinKey(const QString &person)
{
    return QStringLiteral("pin:") + person;
}

Result<QString> secretText(Store::Database &db, const QString &name)
{
    auto store = SecretStore::open(db);
    if (!store)
        return store.error();
    auto value = store->get(name);
    if (!value)
        return value.error();
    if (!value->has_value())
        return QString();
    return QString::fromUtf8(value->value().toByteArray());
}

Result<void> writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return Error { QStringLiteral("write_failed"),
                       QStringLiteral("cannot write %1: %2").arg(path, f.errorString()) };
    return {};
}

QString csvField(QString s)
{
    // A spreadsheet would run a cell that starts with = + - @ (or a tab or CR) as a formula:
    // a subject or reason typed at a tablet must stay text.
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!s.isEmpty() && formulaStarts.contains(s.front()))
        s.prepend(QLatin1Char('\''));
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"'))
        && !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s;
    return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\""))
        + QLatin1Char('"');
}

QString csvLine(const QStringList &fields)
{
    QStringList escaped;
    for (const QString &f : fields)
        escaped.append(csvField(f));
    return escaped.join(QLatin1Char(',')) + QLatin1Char('\n');
}

} // namespace

QString SecretCredentials::personForBadge(const QByteArray &uid) const
{
    auto person = secretText(m_db, badgeKey(uid));
    return person ? *person : QString();
}

QByteArray SecretCredentials::pinHash(const QString &person) const
{
    auto hash = secretText(m_db, pinKey(person));
    return hash ? hash->toUtf8() : QByteArray();
}

Badges::BadgePolicy SecretCredentials::badgePolicy() const
{
    auto name = secretText(m_db, QLatin1String(Badges::kPolicySecret));
    // Anything but an explicit, readable "uid" is the strict policy.
    if (!name)
        return Badges::BadgePolicy::Desfire;
    return Badges::parsePolicy(*name).value_or(Badges::BadgePolicy::Desfire);
}

Result<Badges::KeyDiversifier> SecretCredentials::badgeKeys() const
{
    auto store = SecretStore::open(m_db);
    if (!store)
        return store.error();
    return Badges::chamberDiversifier(*store);
}

Result<std::unique_ptr<OpenChamber>> OpenChamber::open(const QString &dir)
{
    auto dataDir = DataDir::open(dir);
    if (!dataDir)
        return dataDir.error();
    auto opened = std::unique_ptr<OpenChamber>(
        new OpenChamber { std::move(dataDir).value(), nullptr, nullptr, nullptr });
    auto journal = DurableJournal::open(opened->dataDir);
    if (!journal)
        return journal.error();
    opened->journal = std::move(journal).value();
    opened->chamber = std::make_unique<Chamber>(*opened->journal);
    if (auto r = opened->chamber->load(); !r)
        return r.error();
    opened->credentials = std::make_unique<SecretCredentials>(opened->dataDir.database());
    return opened;
}

QString OpenChamber::documentsDir() const
{
    return dataDir.path() + QStringLiteral("/documents");
}

namespace Admin {

Result<QString> init(const QString &dir, const InitOptions &options)
{
    TlsOptions tls = TlsOptions::defaults();
    for (const QString &name : options.dnsNames) {
        if (!tls.dnsNames.contains(name))
            tls.dnsNames.append(name);
    }
    for (const QString &ip : options.ipAddresses) {
        const QHostAddress address(ip);
        if (address.isNull())
            return invalid(QStringLiteral("--ip"),
                           QStringLiteral("\"%1\" is not an IP address").arg(ip));
        tls.ipAddresses.append(address);
    }
    auto dataDir = DataDir::create(dir);
    if (!dataDir)
        return dataDir.error();
    // The badge master key is born with the chamber and never leaves its store.
    if (auto key = badgeMasterKey(*dataDir); !key)
        return key.error();
    auto material = TlsMaterial::generate(dir + QStringLiteral("/tls"), tls);
    if (!material)
        return material.error();
    DocumentStore documents(dir + QStringLiteral("/documents"));
    if (auto r = documents.initialize(); !r)
        return r.error();
    auto journal = DurableJournal::open(*dataDir);
    if (!journal)
        return journal.error();
    Chamber chamber(**journal);
    const QString chamberId = QString::fromLatin1(Crypto::randomBytes(8).toHex());
    auto events = chamber.appendAdministrative(
        { { QStringLiteral("chamber.initialized"),
            { { QStringLiteral("chamber"), chamberId },
              { QStringLiteral("name"), options.name },
              { QStringLiteral("public_key"),
                QString::fromLatin1(dataDir->signingKey().publicKey().toHex()) } } } });
    if (!events)
        return events.error();
    return QStringLiteral(
               "Initialised chamber \"%1\" (id %2) in %3\n"
               "  encrypted store: %3/chamber.db (key in %3/store.key, readable only by you)\n"
               "  chamber CA:      %3/tls/ca.pem  SHA-256 %4\n"
               "  log signing key: %5\n"
               "Tablets must pin this CA; compare its fingerprint when enrolling them.\n")
        .arg(options.name, chamberId, dir, material->caFingerprint(),
             QString::fromLatin1(dataDir->signingKey().publicKey().toHex()));
}

Result<QString> importCouncil(OpenChamber &oc, const QJsonObject &file)
{
    Reader r(file, QString());
    AULA_TRY(known, r.allowOnly({ "council", "credentials", "badge_policy" }));
    Badges::BadgePolicy policy = Badges::BadgePolicy::Desfire;
    if (r.has("badge_policy")) {
        AULA_TRY(policyName, r.string("badge_policy", std::nullopt, 20));
        auto parsedPolicy = Badges::parsePolicy(*policyName);
        if (!parsedPolicy)
            return invalid(QStringLiteral("badge_policy"),
                           QStringLiteral("must be \"desfire\" (the default) or \"uid\""));
        policy = *parsedPolicy;
    }
    auto council = Council::fromJson(file.value(QStringLiteral("council")).toObject());
    if (!council)
        return Error { council.error().code, council.error().message,
                       QStringLiteral("council.") + council.error().field };
    AULA_TRY(credentials, r.array("credentials", false));
    struct Credential
    {
        QString person;
        QByteArray badge; // empty: none in the file
        QByteArray pinHash;
        QString badgePath; // for errors
    };
    QList<Credential> parsed;
    QSet<QByteArray> badges;
    static const QRegularExpression digits(QStringLiteral("^[0-9]{4,12}$"));
    for (qsizetype i = 0; i < credentials->size(); ++i) {
        const QString path = QStringLiteral("credentials[%1]").arg(i);
        AULA_TRY(c, Reader::open(credentials->at(i), path));
        AULA_TRY(cKnown, c->allowOnly({ "person", "badge", "pin", "pin_hash" }));
        AULA_TRY(person, c->string("person", std::nullopt, 40));
        if (!council->person(*person))
            return invalid(c->path("person"),
                           QStringLiteral("\"%1\" is neither a member nor staff").arg(*person));
        // No badge: the person's badge is (or will be) enrolled with `badge enroll`.
        QByteArray badge;
        if (c->has("badge")) {
            AULA_TRY(badgeHex, c->string("badge", std::nullopt, 20));
            badge = QByteArray::fromHex(badgeHex->toLatin1());
            if (badge.size() < 4 || badge.size() > 10
                || badge.toHex() != badgeHex->toLower().toLatin1())
                return invalid(c->path("badge"),
                               QStringLiteral("must be a card UID of 4 to 10 bytes in hex"));
            if (badges.contains(badge))
                return invalid(c->path("badge"),
                               QStringLiteral("this badge is given to two people"));
            badges.insert(badge);
        }
        QByteArray hash;
        if (c->has("pin") == c->has("pin_hash"))
            return invalid(path, QStringLiteral("needs exactly one of pin or pin_hash"));
        if (c->has("pin")) {
            AULA_TRY(pin, c->string("pin", std::nullopt, 12));
            if (!digits.match(*pin).hasMatch())
                return invalid(c->path("pin"), QStringLiteral("must be 4 to 12 digits"));
            auto h = Crypto::hashPin(pin->toUtf8());
            if (!h)
                return h.error();
            hash = *h;
        } else {
            AULA_TRY(given, c->string("pin_hash", std::nullopt, 200));
            if (!given->startsWith(QLatin1String("$argon2id$")))
                return invalid(c->path("pin_hash"),
                               QStringLiteral("must be an Argon2id hash ($argon2id$…)"));
            hash = given->toUtf8();
        }
        parsed.append({ *person, badge, hash, c->path("badge") });
    }

    // Badges made with `badge enroll` are not in the file: they stay bound to their people
    // while those are in the council, and go with the people who are not.
    auto enrolled = Admin::enrolledBadges(oc.dataDir.database());
    if (!enrolled)
        return enrolled.error();
    QHash<QByteArray, QString> kept; // uid → person
    QHash<QString, QByteArray> keptOf; // person → uid
    struct Dropped
    {
        QByteArray uid;
        QString holder;
        QString reason; // "removed_from_council" or "person_changed"
        QString name; // the name it was enrolled to
    };
    QList<Dropped> dropped;
    QList<QPair<QByteArray, QString>> renamed; // kept from an id-only marker: gets the name now
    for (const Admin::EnrolledBadge &e : std::as_const(*enrolled)) {
        const Member *now = council->person(e.person);
        if (!now) {
            dropped.append({ e.uid, e.person, QStringLiteral("removed_from_council"), e.name });
        } else if (!e.name.isEmpty() && !Admin::sameName(e.name, now->name)) {
            // The same id, another name: another person got the id, and the card was made
            // for the one before.
            dropped.append({ e.uid, e.person, QStringLiteral("person_changed"), e.name });
        } else {
            kept.insert(e.uid, e.person);
            keptOf.insert(e.person, e.uid);
            if (e.name.isEmpty())
                renamed.append({ e.uid, now->name });
        }
    }
    for (const Credential &c : std::as_const(parsed)) {
        if (c.badge.isEmpty())
            continue;
        const QString holder = kept.value(c.badge);
        if (!holder.isEmpty() && holder != c.person)
            return invalid(c.badgePath,
                           QStringLiteral("this badge is enrolled to %1 (badge enroll): revoke "
                                          "it first (aula-server badge revoke --uid %2), or "
                                          "leave it out")
                               .arg(holder, QString::fromLatin1(c.badge.toHex())));
        if (holder.isEmpty() && keptOf.contains(c.person))
            return invalid(c.badgePath,
                           QStringLiteral("%1 has the enrolled badge %2 (badge enroll): give no "
                                          "badge for %1, or that one, or revoke it first "
                                          "(aula-server badge revoke --member %1)")
                               .arg(c.person, QString::fromLatin1(keptOf.value(c.person).toHex())));
    }

    QList<QPair<QString, QJsonObject>> events = {
        { QStringLiteral("council.imported"), { { QStringLiteral("council"), council->toJson() } } }
    };
    // Revocations before the new bindings: a badge revoked here and bound again by the file
    // (to the new holder of the id) ends bound when the log is replayed.
    for (const Dropped &d : std::as_const(dropped)) {
        events.append({ QStringLiteral("badge.revoked"),
                        { { QStringLiteral("person"), d.holder },
                          { QStringLiteral("badge_sha256"),
                            QString::fromLatin1(Crypto::sha256(d.uid).toHex()) },
                          { QStringLiteral("reason"), d.reason } } });
    }
    for (const Credential &c : parsed) {
        if (c.badge.isEmpty() || kept.contains(c.badge))
            continue; // no badge in the file, or the enrolled one, already bound
        events.append({ QStringLiteral("badge.bound"),
                        { { QStringLiteral("person"), c.person },
                          { QStringLiteral("badge_sha256"),
                            QString::fromLatin1(Crypto::sha256(c.badge).toHex()) } } });
    }
    // Secrets and events in one transaction would be ideal; secrets first is safe: a badge
    // bound to a person the log does not know yet cannot log in.
    auto store = SecretStore::open(oc.dataDir.database());
    if (!store)
        return store.error();
    auto tx = oc.dataDir.database().begin();
    if (!tx)
        return tx.error();
    // The new list replaces the old one: a badge left out (lost, or its holder gone) stops
    // working. Enrolled badges are not in the list: those of people still in the council are
    // bound again, those of people who left are dropped with their marker.
    if (auto w = oc.dataDir.database().exec(
            "DELETE FROM secrets WHERE name LIKE 'badge:%' OR name LIKE 'pin:%';");
        !w)
        return w.error();
    for (auto it = kept.cbegin(); it != kept.cend(); ++it) {
        if (auto w = store->put(badgeKey(it.key()), it.value().toUtf8()); !w)
            return w.error();
    }
    for (const Dropped &d : std::as_const(dropped)) {
        if (auto w = store->remove(Admin::enrolledMarkerName(d.uid)); !w)
            return w.error();
    }
    for (const auto &[uid, name] : std::as_const(renamed)) {
        if (auto w = store->put(Admin::enrolledMarkerName(uid),
                                Admin::enrolledMarker(kept.value(uid), name));
            !w)
            return w.error();
    }
    for (const Credential &c : parsed) {
        if (!c.badge.isEmpty()) {
            if (auto w = store->put(badgeKey(c.badge), c.person.toUtf8()); !w)
                return w.error();
        }
        if (auto w = store->put(pinKey(c.person), c.pinHash); !w)
            return w.error();
    }
    if (auto w =
            store->put(QLatin1String(Badges::kPolicySecret), Badges::policyName(policy).toUtf8());
        !w)
        return w.error();
    // A chamber initialised before badges had keys gets its master key now.
    if (auto key = Badges::ensureMasterKey(*store); !key)
        return key.error();
    if (auto w = tx->commit(); !w)
        return w.error();
    auto appended = oc.chamber->appendAdministrative(events);
    if (!appended)
        return appended.error();
    qsizetype fileBadges = 0;
    QSet<QString> withPin;
    for (const Credential &c : std::as_const(parsed)) {
        fileBadges += c.badge.isEmpty() ? 0 : 1;
        withPin.insert(c.person);
    }
    QString report =
        QStringLiteral("Imported %1: %2 members, %3 staff, %4 groups, %5 PINs, %6 badges from the "
                       "file.\n")
            .arg(council->name)
            .arg(council->members.size())
            .arg(council->staff.size())
            .arg(council->groups.size())
            .arg(withPin.size())
            .arg(fileBadges);
    if (!kept.isEmpty()) {
        QStringList people = keptOf.keys();
        people.sort();
        report += QStringLiteral("Kept %1 badges enrolled with badge enroll (%2).\n")
                      .arg(kept.size())
                      .arg(people.join(QStringLiteral(", ")));
        for (const QString &p : std::as_const(people)) {
            if (!withPin.contains(p))
                report += QStringLiteral("%1 keeps an enrolled badge but has no PIN in this file: "
                                         "the badge cannot log in until a PIN is imported.\n")
                              .arg(p);
        }
    }
    for (const Dropped &d : std::as_const(dropped)) {
        if (d.reason == QLatin1String("person_changed"))
            report += QStringLiteral("Revoked the enrolled badge %1 of %2: it was enrolled for %3, "
                                     "and %2 is now %4 in this file (another person got the id). "
                                     "It no longer logs in or marks presence; enroll a badge "
                                     "for %4.\n")
                          .arg(QString::fromLatin1(d.uid.toHex()), d.holder, d.name,
                               council->person(d.holder)->name);
        else
            report += QStringLiteral("Dropped the enrolled badge %1 of %2, who is no longer in "
                                     "the council: it no longer logs in or marks presence (the "
                                     "card keeps its key; enroll it again to give it to "
                                     "someone).\n")
                          .arg(QString::fromLatin1(d.uid.toHex()), d.holder);
    }
    if (policy == Badges::BadgePolicy::Uid) {
        report += QStringLiteral(
            "WARNING: badge_policy is \"uid\": a badge's UID and the PIN are enough to log in.\n"
            "         A UID is public: anyone who reads a badge for a moment can copy it to a\n"
            "         blank card for a few euros, and that copy plus an observed PIN votes in\n"
            "         the holder's name. Use \"desfire\" (the default) with enrolled DESFire\n"
            "         EV1 badges for real sittings (docs/security.md, \"Badges\").\n");
    } else {
        report += QStringLiteral("Badge policy: desfire (UID + card key proof + PIN).\n");
    }
    return report;
}

Result<QString> importSitting(OpenChamber &oc, const QJsonObject &file, const QString &documentsDir)
{
    if (!oc.chamber->state().council())
        return Error { QStringLiteral("invalid_state"),
                       QStringLiteral("import the council first") };
    DocumentStore store(oc.documentsDir());
    if (auto r = store.initialize(); !r)
        return r.error();
    QJsonObject plan = file;
    QJsonArray items = plan.value(QStringLiteral("items")).toArray();
    const SittingState *existing =
        oc.chamber->state().sitting(plan.value(QStringLiteral("id")).toString());
    int documentCount = 0;
    qint64 bytes = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        QJsonObject item = items.at(i).toObject();
        QJsonArray docs = item.value(QStringLiteral("documents")).toArray();
        for (qsizetype d = 0; d < docs.size(); ++d) {
            QJsonObject doc = docs.at(d).toObject();
            const QString path = QStringLiteral("items[%1].documents[%2]").arg(i).arg(d);
            if (!doc.contains(QStringLiteral("file")))
                continue; // already given by hash
            const QString fileName = doc.take(QStringLiteral("file")).toString();
            if (fileName.isEmpty() || QDir::isAbsolutePath(fileName)
                || fileName.contains(QStringLiteral("..")))
                return invalid(path + QStringLiteral(".file"),
                               QStringLiteral("must be a file name inside the documents folder"));
            auto stored = store.importFile(QDir(documentsDir).filePath(fileName));
            if (!stored)
                return Error { stored.error().code, stored.error().message,
                               path + QStringLiteral(".file") };
            doc.insert(QStringLiteral("sha256"), stored->sha256);
            doc.insert(QStringLiteral("size"), stored->size);
            if (!doc.contains(QStringLiteral("title")))
                doc.insert(QStringLiteral("title"), QFileInfo(fileName).completeBaseName());
            // A corrected document replaces the old one as a new version.
            int version = 1;
            if (existing) {
                if (const AgendaItem *old =
                        existing->plan.item(item.value(QStringLiteral("id")).toString())) {
                    for (const auto &od : old->documents) {
                        if (od.title == doc.value(QStringLiteral("title")).toString())
                            version = od.sha256 == stored->sha256 ? od.version : od.version + 1;
                    }
                }
            }
            doc.insert(QStringLiteral("version"), version);
            docs[d] = doc;
            ++documentCount;
            bytes += stored->size;
        }
        item.insert(QStringLiteral("documents"), docs);
        items[i] = item;
    }
    plan.insert(QStringLiteral("items"), items);
    auto parsed = SittingPlan::fromJson(plan);
    if (!parsed)
        return parsed.error();
    for (auto it = parsed->roles.begin(); it != parsed->roles.end(); ++it) {
        if (!oc.chamber->state().council()->person(it.key()))
            return invalid(QStringLiteral("roles.") + it.key(),
                           QStringLiteral("is neither a member nor staff"));
    }
    if (existing && existing->status != SittingState::Status::Scheduled)
        return Error { QStringLiteral("invalid_state"),
                       QStringLiteral("sitting %1 has already been opened").arg(parsed->id) };
    auto appended = oc.chamber->appendAdministrative(
        { { QStringLiteral("sitting.imported"),
            { { QStringLiteral("sitting"), parsed->toJson() } } } });
    if (!appended)
        return appended.error();
    return QStringLiteral("Imported sitting %1 \"%2\": %3 items, %4 documents (%5 KiB).\n")
        .arg(parsed->id, parsed->title)
        .arg(parsed->items.size())
        .arg(documentCount)
        .arg(bytes / 1024);
}

Result<QString> enrollDevice(OpenChamber &oc, const QString &device, const QString &name,
                             const QString &publicKeyHex)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9_.-]{1,40}$"));
    if (!id.match(device).hasMatch())
        return invalid(QStringLiteral("--device"),
                       QStringLiteral("must be 1–40 letters, digits, '.', '_' or '-'"));
    const QByteArray key = QByteArray::fromHex(publicKeyHex.toLatin1());
    if (key.size() != 32 || key.toHex() != publicKeyHex.toLower().toLatin1())
        return invalid(QStringLiteral("--public-key"),
                       QStringLiteral("must be a 32-byte Ed25519 public key in hex"));
    if (const auto *d = oc.chamber->state().device(device); d && !d->revoked)
        return invalid(QStringLiteral("--device"),
                       QStringLiteral("device %1 is already enrolled").arg(device));
    auto appended = oc.chamber->appendAdministrative(
        { { QStringLiteral("device.enrolled"),
            { { QStringLiteral("device"), device },
              { QStringLiteral("name"), name.isEmpty() ? device : name },
              { QStringLiteral("public_key"), QString::fromLatin1(key.toHex()) } } } });
    if (!appended)
        return appended.error();
    return QStringLiteral("Enrolled device %1.\n").arg(device);
}

Result<QString> revokeDevice(OpenChamber &oc, const QString &device, const QString &reason)
{
    const auto *d = oc.chamber->state().device(device);
    if (!d || d->revoked)
        return invalid(QStringLiteral("--device"),
                       QStringLiteral("no enrolled device %1").arg(device));
    auto appended = oc.chamber->appendAdministrative(
        { { QStringLiteral("device.revoked"),
            { { QStringLiteral("device"), device }, { QStringLiteral("reason"), reason } } } });
    if (!appended)
        return appended.error();
    return QStringLiteral("Revoked device %1.\n").arg(device);
}

Result<QString> verify(const QString &dir)
{
    auto dataDir = DataDir::open(dir);
    if (!dataDir)
        return dataDir.error();
    auto report = EventLog::verify(dataDir->database(), dataDir->signingKey().publicKey());
    if (!report)
        return report.error();
    return QStringLiteral(
               "The log is intact: %1 events, %2 signed checkpoints (last at event %3), head %4.\n")
        .arg(report->events)
        .arg(report->checkpoints)
        .arg(report->lastCheckpointSeq)
        .arg(QString::fromLatin1(report->lastHash.toHex()));
}

Result<QString> exportSitting(OpenChamber &oc, const QString &sittingId, const QString &outDir)
{
    const ChamberState &state = oc.chamber->state();
    const SittingState *s = state.sitting(sittingId);
    if (!s || !state.council())
        return invalid(QStringLiteral("--sitting"),
                       QStringLiteral("there is no sitting \"%1\"").arg(sittingId));
    const Council &council = *state.council();
    if (!QDir().mkpath(outDir))
        return Error { QStringLiteral("write_failed"),
                       QStringLiteral("cannot create %1").arg(outDir) };
    auto nameOf = [&](const QString &id) {
        const Member *m = council.person(id);
        return m ? m->name : id;
    };
    // Attendance as it happened, from the log.
    QString attendance =
        csvLine({ QStringLiteral("time"), QStringLiteral("member"), QStringLiteral("name"),
                  QStringLiteral("present"), QStringLiteral("remote"), QStringLiteral("source") });
    QJsonArray attendanceJson;
    auto r = oc.journal->replay([&](const Event &e, const QByteArray &) -> Result<void> {
        if (e.type != QLatin1String("attendance.changed")
            || e.payload.value(QStringLiteral("sitting")).toString() != sittingId)
            return {};
        const QString member = e.payload.value(QStringLiteral("member")).toString();
        const QString time =
            QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).toString(Qt::ISODateWithMs);
        attendance +=
            csvLine({ time, member, nameOf(member),
                      e.payload.value(QStringLiteral("present")).toBool() ? QStringLiteral("yes")
                                                                          : QStringLiteral("no"),
                      e.payload.value(QStringLiteral("remote")).toBool() ? QStringLiteral("yes")
                                                                         : QStringLiteral("no"),
                      e.payload.value(QStringLiteral("source")).toString() });
        QJsonObject row = e.payload;
        row.insert(QStringLiteral("time"), time);
        attendanceJson.append(row);
        return {};
    });
    if (!r)
        return r.error();
    QString ballots =
        csvLine({ QStringLiteral("ballot"), QStringLiteral("item"), QStringLiteral("subject"),
                  QStringLiteral("kind"), QStringLiteral("status"), QStringLiteral("outcome"),
                  QStringLiteral("favour"), QStringLiteral("against"), QStringLiteral("abstain"),
                  QStringLiteral("blank"), QStringLiteral("invalid"), QStringLiteral("present"),
                  QStringLiteral("required"), QStringLiteral("explanation_it") });
    QString votes =
        csvLine({ QStringLiteral("ballot"), QStringLiteral("member"), QStringLiteral("name"),
                  QStringLiteral("group"), QStringLiteral("choice") });
    QJsonArray ballotJson;
    for (const BallotState &b : s->ballots) {
        const QJsonObject v = b.result.value(QStringLiteral("votes")).toObject();
        ballots += csvLine({ b.id, b.item, b.subject, RulesJson::ballotKindName(b.kind),
                             ballotStatusName(b.status),
                             b.result.value(QStringLiteral("outcome")).toString(),
                             QString::number(v.value(QStringLiteral("favour")).toInt()),
                             QString::number(v.value(QStringLiteral("against")).toInt()),
                             QString::number(v.value(QStringLiteral("abstain")).toInt()),
                             QString::number(v.value(QStringLiteral("blank")).toInt()),
                             QString::number(v.value(QStringLiteral("invalid")).toInt()),
                             QString::number(b.result.value(QStringLiteral("present")).toInt()),
                             QString::number(b.result.value(QStringLiteral("required")).toInt()),
                             b.status == BallotState::Status::Cancelled
                                 ? QStringLiteral("Annullata: ") + b.cancelReason
                                 : b.result.value(QStringLiteral("explanation_it")).toString() });
        if (b.kind != BallotKind::Secret) {
            for (const QString &member : b.voters) {
                const Member *m = council.member(member);
                votes += csvLine({ b.id, member, nameOf(member), m ? m->group : QString(),
                                   b.choices.value(member) });
            }
        }
        ballotJson.append(b.toJson());
    }
    QJsonObject record = s->toJson(council, oc.chamber->now());
    record.insert(QStringLiteral("ballots"), ballotJson);
    record.insert(QStringLiteral("attendance_log"), attendanceJson);
    record.insert(QStringLiteral("council"), council.toJson());
    const QDir out(outDir);
    const QString base = QStringLiteral("sitting-") + sittingId;
    const QList<std::pair<QString, QByteArray>> files = {
        { base + QStringLiteral(".json"), QJsonDocument(record).toJson() },
        { base + QStringLiteral("-attendance.csv"), attendance.toUtf8() },
        { base + QStringLiteral("-ballots.csv"), ballots.toUtf8() },
        { base + QStringLiteral("-votes.csv"), votes.toUtf8() },
    };
    for (const auto &[name, bytes] : files) {
        if (auto w = writeFile(out.filePath(name), bytes); !w)
            return w.error();
    }
    return QStringLiteral("Wrote %1.json and the attendance, ballots and votes CSV files to %2 (%3 "
                          "ballots).\n")
        .arg(base, outDir)
        .arg(s->ballots.size());
}

Result<QString> seedDemo(const QString &dir, const QString &demoDocumentsDir,
                         Badges::BadgePolicy policy)
{
    QString report;
    if (!QFile::exists(dir + QStringLiteral("/chamber.db"))) {
        auto initialised =
            init(dir, InitOptions { QStringLiteral("Consiglio comunale di Valdoria"), {}, {} });
        if (!initialised)
            return initialised.error();
        report += *initialised;
    }
    auto oc = OpenChamber::open(dir);
    if (!oc)
        return oc.error();
    if ((*oc)->chamber->state().council())
        return QString(report + QStringLiteral("The demo council is already there.\n"));
    QJsonObject councilFile = Demo::councilImport();
    councilFile.insert(QStringLiteral("badge_policy"), Badges::policyName(policy));
    auto council = importCouncil(**oc, councilFile);
    if (!council)
        return council.error();
    report += *council;

    // The agenda written by aula-demo-pdfs, in the sitting import format.
    QFile agendaFile(QDir(demoDocumentsDir).filePath(QStringLiteral("agenda.json")));
    if (!agendaFile.open(QIODevice::ReadOnly))
        return Error {
            QStringLiteral("no_demo_documents"),
            QStringLiteral("cannot read %1: build the project first").arg(agendaFile.fileName())
        };
    const QJsonArray agenda = QJsonDocument::fromJson(agendaFile.readAll())
                                  .object()
                                  .value(QStringLiteral("items"))
                                  .toArray();
    // Scheduled for the day the demo is created, so it is today's sitting on every demo run.
    QJsonObject sitting = Demo::sittingImport(Demo::sittingId(), 0);
    const Demo::Schedule schedule = Demo::demoSittingSchedule(QDate::currentDate());
    sitting.insert(QStringLiteral("title"), schedule.title);
    sitting.insert(QStringLiteral("scheduled_at"), schedule.scheduledAt);
    QJsonArray items;
    for (const QJsonValue v : agenda) {
        const QJsonObject a = v.toObject();
        const QString kind = a.value(QStringLiteral("kind")).toString();
        const QJsonObject preset = a.value(QStringLiteral("votePreset")).toObject();
        static const QHash<QString, QString> kinds = {
            { QStringLiteral("regulation"), QStringLiteral("deliberation") },
            { QStringLiteral("interpellation"), QStringLiteral("question") },
            { QStringLiteral("appointment"), QStringLiteral("election") }
        };
        QJsonObject item {
            { QStringLiteral("id"),
              QStringLiteral("i%1").arg(a.value(QStringLiteral("number")).toInt()) },
            { QStringLiteral("number"), a.value(QStringLiteral("number")) },
            { QStringLiteral("title"), a.value(QStringLiteral("title")) },
            { QStringLiteral("kind"), kinds.value(kind, kind) },
            { QStringLiteral("documents"),
              QJsonArray { QJsonObject {
                  { QStringLiteral("file"), a[QStringLiteral("document")][QStringLiteral("file")] },
                  { QStringLiteral("title"), a.value(QStringLiteral("title")) } } } }
        };
        if (!preset.isEmpty()) {
            item.insert(QStringLiteral("ballot"),
                        preset.value(QStringLiteral("ballot"))
                            .toString()
                            .replace(QLatin1Char('-'), QLatin1Char('_')));
            item.insert(QStringLiteral("immediate_effect"),
                        preset.value(QStringLiteral("immediateEffect")).toBool());
            if (preset.value(QStringLiteral("majority")) == QLatin1String("simple"))
                item.insert(
                    QStringLiteral("majority"),
                    QJsonObject { { QStringLiteral("threshold"), QStringLiteral("relative") } });
        }
        items.append(item);
    }
    sitting.insert(QStringLiteral("items"), items);
    auto imported = importSitting(**oc, sitting, demoDocumentsDir);
    if (!imported)
        return imported.error();
    report += *imported;

    // One demo tablet per person, its key where the demo app finds it.
    const QString devicesDir = dir + QStringLiteral("/demo-devices");
    if (!QDir().mkpath(devicesDir))
        return Error { QStringLiteral("write_failed"),
                       QStringLiteral("cannot create %1").arg(devicesDir) };
    QStringList people;
    for (const Member &m : (*oc)->chamber->state().council()->members)
        people.append(m.id);
    for (const Member &m : (*oc)->chamber->state().council()->staff)
        people.append(m.id);
    for (const QString &p : std::as_const(people)) {
        const auto key = Crypto::SigningKey::generate();
        const QString device = QStringLiteral("tablet-") + p;
        if (auto w = writeFile(devicesDir + QLatin1Char('/') + device + QStringLiteral(".key"),
                               key.seed().toByteArray().toHex());
            !w)
            return w.error();
        QFile::setPermissions(devicesDir + QLatin1Char('/') + device + QStringLiteral(".key"),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        auto enrolled = enrollDevice(**oc, device, QStringLiteral("Tablet ") + p,
                                     QString::fromLatin1(key.publicKey().toHex()));
        if (!enrolled)
            return enrolled.error();
    }
    report += QStringLiteral("Enrolled %1 demo tablets (keys in %2). Every demo PIN is %3.\n")
                  .arg(people.size())
                  .arg(devicesDir, Demo::pin());
    if (policy == Badges::BadgePolicy::Desfire) {
        // The demo's badges are emulated DESFire cards (tests/emulators/pn532-emulator): the
        // demo, and only the demo, writes their diversified keys out so the emulator can
        // hold them. A real chamber enrols real cards and no key leaves the store.
        auto store = SecretStore::open((*oc)->dataDir.database());
        if (!store)
            return store.error();
        auto keys = Badges::chamberDiversifier(*store);
        if (!keys)
            return keys.error();
        QByteArray script;
        for (const QString &p : std::as_const(people)) {
            const QByteArray uid = Demo::badgeUid(p);
            auto key = keys->diversify(uid, Badges::kAulaAid);
            if (!key)
                return key.error();
            script += "card " + p.toUtf8() + " desfire " + uid.toHex() + '\n';
            const QByteArray aid = QByteArray::number(Badges::kAulaAid, 16).rightJustified(6, '0');
            script += "app " + p.toUtf8() + ' ' + aid + ' ' + key->toHex() + '\n';
            // The badge secret file, as enrollment writes it (random, read free).
            const Badges::Desfire::AccessRights &r = Badges::kSecretFileRights;
            const uint rights =
                uint(r.read) << 12 | uint(r.write) << 8 | uint(r.readWrite) << 4 | uint(r.change);
            script += "file " + p.toUtf8() + ' ' + aid + ' '
                + QByteArray::number(Badges::kSecretFileNo, 16) + ' '
                + QByteArray::number(rights, 16).rightJustified(4, '0') + ' '
                + Crypto::randomBytes(Badges::kSecretSize).toHex() + '\n';
        }
        const QString cardsFile = dir + QStringLiteral("/demo-badges.emulator");
        if (auto w = writeFile(cardsFile, script); !w)
            return w.error();
        QFile::setPermissions(cardsFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        report += QStringLiteral("Demo DESFire badges for pn532-emulator: %1\n").arg(cardsFile);
    }
    return report;
}

} // namespace Admin
} // namespace Aula::Server
