// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "server/badges/badgekeys.h"
#include "sync/crypto/secretbytes.h"

#include <QList>
#include <QPair>
#include <QString>
#include <functional>

namespace Aula {
class BadgeReader;
namespace Store {
class Database;
}
} // namespace Aula

namespace Aula::Server {

class DataDir;
struct OpenChamber;

/** The clerk's badge commands and the chamber's badge key (docs/operations.md, "badge"). */
namespace Admin {

/** The name of the badge master key in the store's secrets. */
inline constexpr const char *kBadgeMasterKeySecret = Badges::kMasterKeySecret;

/**
 * The chamber's AES-128 badge master key, from the encrypted store's secrets. `init`
 * creates it; a data directory made before badges existed gets it here, on first use.
 * This is the one place that reads or creates it: enrollment, the seat readers and the
 * login check all come through here (or badgeDiversifier()).
 */
Result<Crypto::SecretBytes> badgeMasterKey(DataDir &dataDir);

/** A binding `badge enroll` made, as its marker records it. */
struct EnrolledBadge
{
    QByteArray uid;
    QString person;
    /** The person's name when the card was enrolled (empty: a marker from before names). */
    QString name;
};

/**
 * The bindings `badge enroll` made: each has, beside its binding "badge:<uid hex>", a marker
 * "badge.enrolled:<uid hex>" in the secrets holding {person id, name} (JSON), which `council
 * import` reads to keep it while the same person (same id and name) is in the council
 * (importCouncil()). Markers written before names were recorded hold the id alone (name
 * empty here); bindings enrolled before markers existed have none; `badge enroll` of the same
 * card for the same person writes it.
 */
Result<QList<EnrolledBadge>> enrolledBadges(Store::Database &db);
/** The secrets name of that marker. */
[[nodiscard]] QString enrolledMarkerName(const QByteArray &uid);
/** The marker's value: {"person": id, "name": name}. */
[[nodiscard]] QByteArray enrolledMarker(const QString &person, const QString &name);
/** Whether @p a and @p b name the same person (case and spacing aside). */
[[nodiscard]] bool sameName(const QString &a, const QString &b);

/** The diversifier for this chamber's card keys: the master key with Aula's system id. */
Result<Badges::KeyDiversifier> badgeDiversifier(DataDir &dataDir);

struct BadgeEnrollOptions
{
    /** How long to wait for the reader to answer, and then for a card. */
    int timeoutMs = 60'000;
    /**
     * For a card this chamber enrolled before: write a new badge secret (--renew-secret)
     * instead of keeping the one that reads fine. Tablet stores keyed with the old secret
     * no longer open (docs/operations.md, "badge enroll").
     */
    bool renewSecret = false;
    /** Told what the person at the reader must do (the CLI prints it on stderr). */
    std::function<void(const QString &)> prompt;
};

/**
 * `badge enroll`: waits for a card on @p reader, personalises it for this chamber
 * (Badges::DesfireEnroller), checks that it now authenticates under its diversified key,
 * and binds its UID to @p member (replacing the member's previous badge; event
 * `badge.bound`). Runs a local event loop. Errors: "invalid_field" (no such member),
 * "reader_unavailable", "timeout", "not_desfire", "badge_taken" (bound to someone else),
 * "already_enrolled" (the card holds an Aula application under another key), the
 * enroller's errors ("card_locked", "uid_mismatch", "card_unreachable",
 * "secret_unreadable", …).
 *
 * A card whose earlier enrollment was cut before its key was written is personalised again.
 * A card this chamber enrolled earlier keeps its secret when it reads fine (or gets a new one
 * with BadgeEnrollOptions::renewSecret, or one where it has none); it is bound again when it
 * is no longer bound (revoked); one already bound to @p member changes nothing else (but
 * gets the enrolled marker, see enrolledBadges(), if it was enrolled before markers existed).
 */
Result<QString> enrollBadge(OpenChamber &chamber, const QString &member, BadgeReader &reader,
                            const BadgeEnrollOptions &options);

/**
 * `badge revoke`: unbinds @p uidHex, or every badge of @p member (give either or both;
 * both must then agree). Event `badge.revoked` per badge. The card keeps its key; it logs
 * nobody in until it is enrolled again.
 */
Result<QString> revokeBadge(OpenChamber &chamber, const QString &member, const QString &uidHex,
                            const QString &reason);

} // namespace Admin
} // namespace Aula::Server
