// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/badges/badgekeys.h"

namespace Aula::Badges {

/**
 * Where an Aula badge keeps its key, under the names enrollment and the seat readers use:
 * the DESFire application Aula creates at enrollment ("AU" + 0xAA, sent least significant
 * byte first on the wire) and its key number. They are badgekeys.h's constants, so the
 * cards enrollment writes are the cards the tablet login and the seat readers accept.
 */
inline constexpr quint32 kApplicationId = kAulaAid;
inline constexpr quint8 kKeyNumber = kAulaKeyNo;

} // namespace Aula::Badges
