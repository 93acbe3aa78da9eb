// SPDX-License-Identifier: GPL-3.0-or-later
#include "rulescommand.h"

#include "core/rulesjson.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Aula::Server {

Result<QByteArray> evaluateRules(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error { QStringLiteral("invalid_json"),
                       QStringLiteral("not valid JSON at byte %1: %2")
                           .arg(parseError.offset)
                           .arg(parseError.errorString()) };
    }
    if (!doc.isObject())
        return Error { QStringLiteral("invalid_json"),
                       QStringLiteral("the input must be one JSON object") };
    auto input = RulesJson::parseBallotInput(doc.object());
    if (!input)
        return input.error();
    auto outcome = evaluate(*input);
    if (!outcome)
        return outcome.error();
    return QJsonDocument(RulesJson::toJson(*outcome, *input)).toJson(QJsonDocument::Compact);
}

} // namespace Aula::Server
