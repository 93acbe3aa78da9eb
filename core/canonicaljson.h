// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonValue>

namespace Aula {

/**
 * Canonical JSON: the one byte sequence Aula hashes and signs for a JSON value.
 *
 * A subset of RFC 8785 (JCS) that needs no floating point: object members sorted by
 * their keys' UTF-16 code units, no insignificant white space, strings in UTF-8 with only
 * `"`, `\` and control characters escaped (the short forms \b \f \n \r \t, otherwise
 * \u00xx in lower-case hex), numbers only as integers within ±(2^53 − 1). A value with a
 * fraction, or out of that range, is refused rather than rounded. docs/protocol.md has
 * test vectors.
 */
[[nodiscard]] Result<QByteArray> canonicalJson(const QJsonValue &value);

} // namespace Aula
