// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Aula::Badges {

/**
 * Where an Aula badge keeps its key: the DESFire application Aula creates at enrollment
 * ("AU" + 0xAA, sent least significant byte first on the wire) and its key number. Enrollment,
 * the seat readers and the tablet login all use these; the card key is diversified from the
 * chamber's master key (Admin::badgeDiversifier) with kSystemIdentifier.
 */
inline constexpr quint32 kApplicationId = 0x4155AA;
inline constexpr quint8 kKeyNumber = 0;
/** AN10922's "system identifier" for Aula's card keys (bound into every diversified key). */
inline constexpr char kSystemIdentifier[] = "Aula";

} // namespace Aula::Badges
