// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/connection/cardchannel.h"

#include <QPointer>

namespace Aula {
class BadgeReader;
}

namespace Aula::App {

/**
 * The chamber's badge proof relayed through the tablet's BadgeReader: each APDU the chamber
 * sends goes to the badge in the field with BadgeReader::exchange(), and its answer (or
 * "badge_removed", "reader_lost", …) goes back. Keeps sync/ free of platform/.
 */
class ReaderCardChannel : public Sync::CardChannel
{
public:
    explicit ReaderCardChannel(BadgeReader *reader);
    void exchange(const QByteArray &apdu, Done done) override;

private:
    QPointer<BadgeReader> m_reader;
};

} // namespace Aula::App
