// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakebadgereader.h"

#include <QTimer>

namespace Aula {

FakeBadgeReader::FakeBadgeReader(QObject *parent)
    : BadgeReader(parent)
{ }

void FakeBadgeReader::start()
{
    reconnect();
}

void FakeBadgeReader::stop()
{
    remove();
    m_connected = false;
}

void FakeBadgeReader::reconnect()
{
    if (m_connected)
        return;
    m_connected = true;
    emit readerConnected(QStringLiteral("fake"));
}

void FakeBadgeReader::present(const BadgeInfo &badge, FrameHandler handler)
{
    remove();
    m_badge = badge;
    m_handler = std::move(handler);
    ++m_presentation;
    emit badgePresented(badge);
}

void FakeBadgeReader::remove()
{
    if (!m_badge)
        return;
    const QByteArray uid = m_badge->uid;
    m_badge.reset();
    m_handler = {};
    ++m_presentation;
    emit badgeRemoved(uid);
}

void FakeBadgeReader::loseReader(const Error &reason)
{
    if (!m_connected)
        return;
    remove();
    m_connected = false;
    emit readerLost(reason);
}

quint64 FakeBadgeReader::exchange(const QByteArray &frame, ExchangeCallback done)
{
    const quint64 id = nextRequestId();
    const quint64 presentation = m_presentation;
    // Answer on the next turn of the event loop, and only if the same badge is still there.
    QTimer::singleShot(0, this, [this, id, frame, done = std::move(done), presentation] {
        if (!m_connected) {
            deliver(id, done,
                    Error { QStringLiteral("reader_lost"),
                            QStringLiteral("the badge reader is not connected") });
        } else if (!m_badge) {
            deliver(id, done,
                    Error { presentation == m_presentation ? QStringLiteral("no_badge")
                                                           : QStringLiteral("badge_removed"),
                            QStringLiteral("no badge on the reader") });
        } else if (presentation != m_presentation) {
            deliver(id, done,
                    Error { QStringLiteral("badge_removed"),
                            QStringLiteral("the badge was swapped during the exchange") });
        } else if (!m_badge->speaksIsoDep()) {
            deliver(
                id, done,
                Error { QStringLiteral("not_iso_dep"),
                        QStringLiteral("%1 does not speak ISO 14443-4").arg(m_badge->describe()) });
        } else {
            const std::optional<QByteArray> answer = m_handler ? m_handler(frame) : std::nullopt;
            if (answer)
                deliver(id, done, *answer);
            else
                deliver(id, done,
                        Error { QStringLiteral("card_error"),
                                QStringLiteral("the badge did not answer") });
        }
    });
    return id;
}

void FakeBadgeReader::deliver(quint64 id, const ExchangeCallback &done,
                              const Result<QByteArray> &result)
{
    if (done)
        done(id, result);
}

} // namespace Aula
