// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "platform/nfc/desfireprotocol.h"

#include <QtGlobal>

/**
 * How an Aula badge is laid out on a MIFARE DESFire EV1 card: what enrollment writes
 * (server/badges/desfireenroller.h), what the chamber authenticates (desfireauthenticator.h)
 * and what the tablet reads at a tap (cardsecretreader.h). docs/security.md, "Badges".
 */
namespace Aula::Badges {

/** The DESFire application of Aula badges: "AU" followed by 0xAA, as three bytes. */
inline constexpr quint32 kAulaAid = 0x4155AA;
/** The key of that application a login authenticates with (AES-128, diversified per card). */
inline constexpr quint8 kAulaKeyNo = 0;

/**
 * The standard data file of the Aula application that holds the badge secret: 16 random
 * bytes written at enrollment and mixed into the tablet's store key.
 */
inline constexpr quint8 kSecretFileNo = 1;
inline constexpr quint32 kSecretSize = 16;

/**
 * The secret file's access rights. Read is free (0xE): the tablet holds no card key and must
 * read the secret offline, so anyone who holds the card to a reader can read it too (the
 * trade-off is in docs/security.md, "The badge secret"). Write, read&write and changing the
 * rights need key 0, the diversified key only the chamber can derive, so the secret cannot
 * be replaced and the file cannot be opened further without the chamber.
 */
inline constexpr Desfire::AccessRights kSecretFileRights { Desfire::FreeAccess, kAulaKeyNo,
                                                           kAulaKeyNo, kAulaKeyNo };

} // namespace Aula::Badges
