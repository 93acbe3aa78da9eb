// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "badgereader.h"

#include <QList>

namespace Aula {

/**
 * A badge reader driven by code, for tests and the demo: present() a badge, remove() it,
 * lose and find the reader. Frames sent to an ISO 14443-4 badge are answered by the
 * FrameHandler given with it (e.g. an in-process DESFire card model). Every outcome is
 * delivered asynchronously, as a real reader's would be.
 */
class FakeBadgeReader : public BadgeReader
{
    Q_OBJECT

public:
    /** The badge's answer to a frame; std::nullopt when it stays silent. */
    using FrameHandler = std::function<std::optional<QByteArray>(const QByteArray &frame)>;

    explicit FakeBadgeReader(QObject *parent = nullptr);

    void start() override;
    void stop() override;
    [[nodiscard]] bool isConnected() const override { return m_connected; }
    [[nodiscard]] std::optional<BadgeInfo> presentBadge() const override { return m_badge; }
    quint64 exchange(const QByteArray &frame, ExchangeCallback done) override;

    /** Puts @p badge in the field, removing any other first. */
    void present(const BadgeInfo &badge, FrameHandler handler = {});
    /** Takes the badge out of the field. */
    void remove();
    /** The reader vanishes (with its badge); start() or reconnect() brings it back. */
    void loseReader(const Error &reason);
    /** The reader is back. */
    void reconnect();

private:
    void deliver(quint64 id, const ExchangeCallback &done, const Result<QByteArray> &result);

    bool m_connected = false;
    std::optional<BadgeInfo> m_badge;
    FrameHandler m_handler;
    quint64 m_presentation = 0;
};

} // namespace Aula
