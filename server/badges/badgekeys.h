// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "keydiversifier.h"
#include "platform/nfc/aulacard.h"

#include <QString>
#include <optional>

namespace Aula::Server {
class SecretStore;
}

namespace Aula::Badges {

// kAulaAid and kAulaKeyNo: platform/nfc/aulacard.h, which the tablet shares.
/** The SecretStore name of the chamber's 16-byte card master key (AN10922 input). */
inline constexpr char kMasterKeySecret[] = "badge.master_key";
/** The SecretStore name of the council's badge policy ("desfire" or "uid"). */
inline constexpr char kPolicySecret[] = "badge.policy";
/** The AN10922 system identifier every Aula card key is diversified with. */
inline constexpr char kSystemIdentifier[] = "Aula badge v1";

/** What a badge must show at login (docs/security.md, "Badges"). */
enum class BadgePolicy {
    /** UID + DESFire AES mutual authentication with the diversified key + PIN (default). */
    Desfire,
    /** UID + PIN: a copied UID is enough with the PIN. Only by explicit setting. */
    Uid,
};

/** "desfire" or "uid". */
[[nodiscard]] QString policyName(BadgePolicy policy);
/** Parses "desfire" or "uid"; std::nullopt for anything else. */
[[nodiscard]] std::optional<BadgePolicy> parsePolicy(const QString &name);

/**
 * Creates the chamber's card master key (16 random bytes) in @p store unless it is there.
 * Returns true when it created one. The key never leaves the store: the server reads it
 * only to diversify card keys.
 */
Result<bool> ensureMasterKey(Server::SecretStore &store);

/** The diversifier built from the stored master key; "no_master_key" when there is none. */
[[nodiscard]] Result<KeyDiversifier> chamberDiversifier(Server::SecretStore &store);

} // namespace Aula::Badges
