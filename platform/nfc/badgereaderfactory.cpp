// SPDX-License-Identifier: GPL-3.0-or-later
#include "badgereaderfactory.h"

#include "fakebadgereader.h"
#include "platform/nfc/nfcconfig.h"

#if AULA_HAVE_LIBNFC
#include "libnfcbadgereader.h"
#endif
#if AULA_HAVE_QTNFC
#include "qtnfcbadgereader.h"
#endif

namespace Aula {

Result<std::shared_ptr<BadgeReader>> createBadgeReader(const QString &spec, QObject *parent)
{
    if (spec == QLatin1String("fake"))
        return std::shared_ptr<BadgeReader>(std::make_shared<FakeBadgeReader>(parent));
    if (spec == QLatin1String("qtnfc")) {
#if AULA_HAVE_QTNFC
        return std::shared_ptr<BadgeReader>(std::make_shared<QtNfcBadgeReader>(parent));
#else
        return Error { QStringLiteral("backend_unavailable"),
                       QStringLiteral("this build of Aula has no Qt NFC reader (it is built on "
                                      "Android and iOS): use \"libnfc:<connection string>\" "
                                      "or \"fake\""),
                       QStringLiteral("badgeReader") };
#endif
    }
    const QLatin1String libnfcPrefix("libnfc:");
    if (spec.startsWith(libnfcPrefix)) {
        const QString connection = spec.mid(libnfcPrefix.size());
        if (connection.isEmpty()) {
            return Error { QStringLiteral("invalid_field"),
                           QStringLiteral("give a libnfc connection string after \"libnfc:\", "
                                          "e.g. libnfc:pn532_uart:/dev/ttyUSB0"),
                           QStringLiteral("badgeReader") };
        }
#if AULA_HAVE_LIBNFC
        LibNfcBadgeReader::Options options;
        options.connection = connection;
        return std::shared_ptr<BadgeReader>(std::make_shared<LibNfcBadgeReader>(options, parent));
#else
        return Error { QStringLiteral("backend_unavailable"),
                       QStringLiteral("this build of Aula has no libnfc support"),
                       QStringLiteral("badgeReader") };
#endif
    }
    return Error { QStringLiteral("invalid_field"),
                   QStringLiteral("unknown badge reader \"%1\": use \"fake\", "
                                  "\"libnfc:<connection string>\" or \"qtnfc\"")
                       .arg(spec),
                   QStringLiteral("badgeReader") };
}

QString defaultBadgeReaderSpec()
{
#if AULA_HAVE_QTNFC
    return QStringLiteral("qtnfc");
#else
    return QStringLiteral("fake");
#endif
}

Result<QString> defaultLibNfcConnection()
{
#if AULA_HAVE_LIBNFC
    const QString fromEnvironment = qEnvironmentVariable("LIBNFC_DEVICE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QStringList found = LibNfcBadgeReader::devices();
    if (found.isEmpty())
        return Error { QStringLiteral("no_reader"),
                       QStringLiteral("libnfc finds no badge reader: plug one in, or name it "
                                      "with a connection string such as "
                                      "pn532_uart:/dev/ttyUSB0 (LIBNFC_DEVICE)") };
    return found.first();
#else
    return Error { QStringLiteral("backend_unavailable"),
                   QStringLiteral("this build of Aula has no libnfc support") };
#endif
}

} // namespace Aula
