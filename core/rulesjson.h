// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rules.h"

#include <QJsonObject>

namespace Aula {

/**
 * The JSON forms of the rules, as the clerk writes them (docs/rules.md). Parsing is
 * strict: an unknown field, a wrong type or a negative count is an Error that names the
 * field by its dotted path, e.g. "quorum.first_call.of".
 */
namespace RulesJson {

[[nodiscard]] Result<CouncilComposition>
parseCouncil(const QJsonValue &value, const QString &path = QStringLiteral("council"));
[[nodiscard]] Result<QuorumRule> parseQuorumRule(const QJsonValue &value, const QString &path);
/** Missing calls get QuorumRule's defaults. */
[[nodiscard]] Result<QuorumConfig> parseQuorum(const QJsonValue &value,
                                               const QString &path = QStringLiteral("quorum"));
[[nodiscard]] Result<MajorityRule> parseMajority(const QJsonValue &value, const QString &path);
[[nodiscard]] Result<Tally> parseTally(const QJsonValue &value,
                                       const QString &path = QStringLiteral("votes"));
/** The whole input of `aula-server rules evaluate`. */
[[nodiscard]] Result<BallotInput> parseBallotInput(const QJsonObject &object);

[[nodiscard]] QJsonObject toJson(const QuorumRule &rule);
[[nodiscard]] QJsonObject toJson(const MajorityRule &rule);
[[nodiscard]] QJsonObject toJson(const Tally &tally);
/** The output of `aula-server rules evaluate`. */
[[nodiscard]] QJsonObject toJson(const Outcome &outcome, const BallotInput &input);

[[nodiscard]] QString ballotKindName(BallotKind kind);
[[nodiscard]] Result<BallotKind> parseBallotKind(const QJsonValue &value, const QString &path);

} // namespace RulesJson
} // namespace Aula
