// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace Aula {

/** A badge in a reader's field, as anticollision and activation reported it. */
struct BadgeInfo
{
    /** How far up the ISO/IEC 14443 stack the badge goes. */
    enum class Technology {
        /** ISO 14443-3 type A only: a UID and maybe proprietary commands (MIFARE Classic,
            Ultralight). Cannot exchange frames through BadgeReader::exchange(). */
        Iso14443A3,
        /** ISO 14443-4 type A (ISO-DEP): APDUs can be exchanged, e.g. MIFARE DESFire. */
        Iso14443A4,
    };

    /** The UID (4, 7 or 10 bytes). Public and copyable: never proof of anything alone. */
    QByteArray uid;
    Technology technology = Technology::Iso14443A3;
    /** ATQA (SENS_RES), two bytes as the reader reports them (DESFire: 03 44). */
    QByteArray atqa;
    /** SAK (SEL_RES); bit 0x20 announces ISO 14443-4. */
    quint8 sak = 0;
    /** The ATS without its length byte, for ISO 14443-4 badges; empty otherwise. */
    QByteArray ats;

    [[nodiscard]] bool speaksIsoDep() const { return technology == Technology::Iso14443A4; }
    /** "UID 04a1… (ISO 14443-4, ATQA 0344, SAK 20)", for logs. */
    [[nodiscard]] QString describe() const;
    [[nodiscard]] bool operator==(const BadgeInfo &other) const = default;
};

/**
 * A badge reader: says when a reader comes and goes, when a badge is presented and removed,
 * and relays ISO 14443-4 frames to the present badge (so that the server, not the tablet,
 * can authenticate it).
 *
 * One backend per platform, chosen by CMake (see platform/README.md): LibNfcBadgeReader on
 * Linux, FakeBadgeReader for tests and the demo. All signals and callbacks arrive in the
 * thread the reader object lives in.
 */
class BadgeReader : public QObject
{
    Q_OBJECT

public:
    /**
     * Receives the outcome of one exchange(): the badge's answer, or an Error whose code is
     * one of "no_badge", "not_iso_dep", "badge_removed", "card_error", "reader_lost",
     * "reader_stopped".
     */
    using ExchangeCallback = std::function<void(quint64 requestId, const Result<QByteArray> &)>;

    explicit BadgeReader(QObject *parent = nullptr);
    ~BadgeReader() override;

    /** Starts looking for the reader and for badges. */
    virtual void start() = 0;
    /** Stops; pending exchanges complete with "reader_stopped". */
    virtual void stop() = 0;

    /** Whether the reader is attached and answering. */
    [[nodiscard]] virtual bool isConnected() const = 0;
    /** The badge in the field, if any. */
    [[nodiscard]] virtual std::optional<BadgeInfo> presentBadge() const = 0;

    /**
     * Sends one ISO 14443-4 frame (an APDU) to the present badge. Returns a request id;
     * @p done is called exactly once with it, never before exchange() returns. Exchanges
     * are carried out in the order they were asked for.
     */
    virtual quint64 exchange(const QByteArray &frame, ExchangeCallback done) = 0;

signals:
    /** The reader answered; @p name is what its driver calls it. */
    void readerConnected(const QString &name);
    /** The reader stopped answering (unplugged, cable cut). It is looked for again. */
    void readerLost(const Aula::Error &reason);
    /** A badge entered the field. */
    void badgePresented(const Aula::BadgeInfo &badge);
    /** The badge with @p uid left the field (or the reader was lost with it). */
    void badgeRemoved(const QByteArray &uid);

protected:
    /** A new request id, unique for this reader. */
    quint64 nextRequestId() { return ++m_lastRequestId; }

private:
    quint64 m_lastRequestId = 0;
};

} // namespace Aula

Q_DECLARE_METATYPE(Aula::BadgeInfo)
Q_DECLARE_METATYPE(Aula::Error)
