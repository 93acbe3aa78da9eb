// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>

namespace Aula::Server {

/**
 * `aula-server rules evaluate`: reads the ballot input (docs/rules.md) and returns the
 * outcome as one line of compact JSON, or an Error naming the offending field.
 */
[[nodiscard]] Result<QByteArray> evaluateRules(const QByteArray &json);

} // namespace Aula::Server
