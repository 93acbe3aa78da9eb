// SPDX-License-Identifier: GPL-3.0-or-later
#include "seatreaderconfig.h"

#include "core/fraction.h"
#include "core/jsonreader.h"

#include <QFile>
#include <QJsonDocument>

namespace Aula::Server {

using Json::invalid;

Result<SeatReaderConfig> SeatReaderConfig::fromJson(const QJsonObject &json)
{
    Json::Reader r(json, QString());
    AULA_TRY(known, r.allowOnly({ "seats", "proof", "reprove_seconds" }));
    SeatReaderConfig config;
    AULA_TRY(proof, r.string("proof", QStringLiteral("desfire"), 20));
    if (*proof == QLatin1String("desfire"))
        config.proof = Proof::Desfire;
    else if (*proof == QLatin1String("uid"))
        config.proof = Proof::Uid;
    else
        return invalid(QStringLiteral("proof"), QStringLiteral("must be \"desfire\" or \"uid\""));
    if (r.has("reprove_seconds")) {
        const QJsonValue v = r.value("reprove_seconds");
        const double seconds = v.toDouble(-1);
        if (!v.isDouble() || seconds < 0 || seconds > 86400 || seconds != double(int(seconds)))
            return invalid(QStringLiteral("reprove_seconds"),
                           QStringLiteral("must be a whole number of seconds, 0 to 86400"));
        config.reproveSeconds = int(seconds);
    }
    if (!r.value("seats").isObject())
        return invalid(QStringLiteral("seats"),
                       QStringLiteral("must be an object of seat number → libnfc connection "
                                      "string, e.g. {\"1\": \"pn532_uart:/dev/ttyUSB0\"}"));
    const QJsonObject seats = r.value("seats").toObject();
    QMap<QString, int> seatOfReader;
    for (auto it = seats.begin(); it != seats.end(); ++it) {
        const QString field = QStringLiteral("seats.") + it.key();
        bool ok = false;
        const int seat = it.key().toInt(&ok);
        if (!ok || seat < 1 || seat > 9999 || QString::number(seat) != it.key())
            return invalid(field, QStringLiteral("a seat is a number from 1 to 9999"));
        const QString connection = it.value().toString().trimmed();
        if (!it.value().isString() || connection.isEmpty())
            return invalid(field,
                           QStringLiteral("must be a libnfc connection string, e.g. "
                                          "\"pn532_uart:/dev/ttyUSB0\""));
        if (seatOfReader.contains(connection))
            return invalid(field,
                           QStringLiteral("the reader %1 is already the reader of seat %2")
                               .arg(connection)
                               .arg(seatOfReader.value(connection)));
        seatOfReader.insert(connection, seat);
        config.readers.insert(seat, connection);
    }
    return config;
}

Result<SeatReaderConfig> SeatReaderConfig::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error {
            QStringLiteral("unreadable"),
            QStringLiteral("cannot read the seat reader file %1: %2").arg(path, f.errorString())
        };
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(1 << 20), &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        return Error { QStringLiteral("invalid_field"),
                       QStringLiteral("%1 is not a JSON object (%2 at byte %3)")
                           .arg(path, e.errorString())
                           .arg(e.offset) };
    auto config = fromJson(doc.object());
    if (!config)
        return Error { config.error().code,
                       QStringLiteral("%1: %2").arg(path, config.error().message),
                       config.error().field };
    return config;
}

} // namespace Aula::Server
