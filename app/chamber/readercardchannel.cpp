// SPDX-License-Identifier: GPL-3.0-or-later
#include "readercardchannel.h"

#include "platform/nfc/badgereader.h"

#include <QTimer>

namespace Aula::App {

ReaderCardChannel::ReaderCardChannel(BadgeReader *reader)
    : m_reader(reader)
{ }

void ReaderCardChannel::exchange(const QByteArray &apdu, Done done)
{
    if (!m_reader) {
        // Never before exchange() returns, as the contract says.
        QTimer::singleShot(0, [done] {
            done(Error { QStringLiteral("reader_lost"),
                         QStringLiteral("this tablet has no badge reader") });
        });
        return;
    }
    m_reader->exchange(apdu, [done](quint64, const Result<QByteArray> &answer) { done(answer); });
}

} // namespace Aula::App
