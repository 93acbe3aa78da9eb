// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "badgereader.h"
#include "core/result.h"

#include <memory>

namespace Aula {

/**
 * Builds the badge reader that @p spec names:
 * - "fake": a FakeBadgeReader (tests, demo without a reader);
 * - "libnfc:<connection string>", e.g. "libnfc:pn532_uart:/dev/ttyUSB0": a
 *   LibNfcBadgeReader, when this build has libnfc;
 * - "qtnfc": a QtNfcBadgeReader, the device's own NFC (builds for Android and iOS).
 * Anything else, or a backend this build lacks, is an Error naming the problem.
 */
[[nodiscard]] Result<std::shared_ptr<BadgeReader>> createBadgeReader(const QString &spec,
                                                                     QObject *parent = nullptr);

/** The reader the app uses when none is named: "qtnfc" where Qt NFC is built, else "fake". */
[[nodiscard]] QString defaultBadgeReaderSpec();

/**
 * The libnfc connection string of the reader to use when none is given: the environment's
 * LIBNFC_DEVICE, else the first reader libnfc finds. Error "no_reader" when there is none,
 * "backend_unavailable" in a build without libnfc.
 */
[[nodiscard]] Result<QString> defaultLibNfcConnection();

} // namespace Aula
