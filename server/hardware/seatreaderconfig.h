// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Aula::Server {

/**
 * Which badge reader sits at which seat, read from `seat-readers.json` in the data
 * directory or from the file given to `serve --seat-readers` (docs/operations.md):
 *
 *     {"seats": {"1": "pn532_uart:/dev/serial/by-id/usb-…-port0", "2": "…"},
 *      "proof": "desfire", "reprove_seconds": 60}
 *
 * Keys are seat numbers (as in the council file), values libnfc connection strings.
 * `proof` is "desfire" (default: a badge counts only after it proves its key) or "uid"
 * (the UID alone marks presence; a copied UID then does too).
 */
struct SeatReaderConfig
{
    enum class Proof { Desfire, Uid };

    /** The file `serve` reads when no --seat-readers is given, inside the data directory. */
    static constexpr char kDefaultFileName[] = "seat-readers.json";

    QMap<int, QString> readers;
    Proof proof = Proof::Desfire;
    /** Under Proof::Desfire, how often a badge that stays in a reader proves its key again
        (`reprove_seconds`, default 60; 0: only when it arrives). */
    int reproveSeconds = 60;

    /** Errors name the field: "seats.7", "proof", …; a reader named twice is refused. */
    static Result<SeatReaderConfig> fromJson(const QJsonObject &json);
    /** Reads and parses @p path ("unreadable" when it cannot be read). */
    static Result<SeatReaderConfig> load(const QString &path);
};

} // namespace Aula::Server
