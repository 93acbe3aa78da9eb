// SPDX-License-Identifier: GPL-3.0-or-later
#include "qtnfcbadgereader.h"

#include <QLoggingCategory>
#include <QNearFieldManager>
#include <QNearFieldTarget>
#include <QPointer>
#include <QTimer>
#include <deque>

Q_LOGGING_CATEGORY(lcQtNfc, "aula.platform.nfc.qtnfc")

namespace Aula {

namespace {

Error error(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

// Tag types that carry ISO 14443-4 (ISO-DEP) frames: NFC Forum Type 4, which is how Qt NFC
// reports a MIFARE DESFire on Android (IsoDep + NfcA). MifareTag is MIFARE Classic there.
bool speaksIsoDep(const QNearFieldTarget &target)
{
    if (!target.accessMethods().testFlag(QNearFieldTarget::TagTypeSpecificAccess))
        return false;
    switch (target.type()) {
    case QNearFieldTarget::NfcTagType4:
    case QNearFieldTarget::NfcTagType4A:
    case QNearFieldTarget::NfcTagType4B:
        return true;
    default:
        return false;
    }
}

// The exchange error codes of BadgeReader for Qt NFC's request errors.
Error exchangeError(QNearFieldTarget::Error e)
{
    switch (e) {
    case QNearFieldTarget::TargetOutOfRangeError:
    case QNearFieldTarget::ConnectionError:
        return error("badge_removed",
                     QStringLiteral("the badge left the reader during the "
                                    "exchange"));
    case QNearFieldTarget::UnsupportedError:
        return error("not_iso_dep",
                     QStringLiteral("the badge does not accept ISO 14443-4 "
                                    "frames"));
    case QNearFieldTarget::TimeoutError:
    case QNearFieldTarget::NoResponseError:
        return error("card_error", QStringLiteral("the badge did not answer"));
    default:
        return error("card_error",
                     QStringLiteral("Qt NFC reports error %1 for the exchange").arg(int(e)));
    }
}

} // namespace

class QtNfcBadgeReader::Private
{
public:
    struct Request
    {
        quint64 id;
        QByteArray frame;
        ExchangeCallback done;
    };

    Private(QtNfcBadgeReader *owner, Options options)
        : q(owner)
        , options(std::move(options))
    {
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, q, [this] {
            finish(error("card_error",
                         QStringLiteral("the badge did not answer within %1 ms")
                             .arg(this->options.exchangeTimeoutMs)));
        });
    }

    void ensureManager()
    {
        if (manager)
            return;
        manager = std::make_unique<QNearFieldManager>();
        QObject::connect(manager.get(), &QNearFieldManager::targetDetected, q,
                         [this](QNearFieldTarget *t) { onDetected(t); });
        QObject::connect(manager.get(), &QNearFieldManager::targetLost, q,
                         [this](QNearFieldTarget *t) { onLost(t); });
        QObject::connect(manager.get(), &QNearFieldManager::adapterStateChanged, q,
                         [this](QNearFieldManager::AdapterState s) { onAdapter(s); });
        QObject::connect(manager.get(), &QNearFieldManager::targetDetectionStopped, q, [this] {
            // iOS closes its NFC sheet after a minute or when the person cancels it.
            if (started && connected)
                lose(error("detection_stopped",
                           QStringLiteral("the NFC reading session ended; start it again to "
                                          "read a badge")));
        });
    }

    // Detection runs while started and the adapter is on.
    void beginDetection()
    {
        if (!manager->isSupported(QNearFieldTarget::TagTypeSpecificAccess)) {
            lose(error("reader_unavailable",
                       QStringLiteral("this device has no NFC reader that can exchange frames "
                                      "with a badge")));
            return;
        }
        if (!manager->isEnabled()) {
            lose(error("nfc_disabled",
                       QStringLiteral("NFC is switched off on this tablet: switch it on in the "
                                      "system settings")));
            return;
        }
        if (!options.userInformation.isEmpty())
            manager->setUserInformation(options.userInformation);
        if (!manager->startTargetDetection(QNearFieldTarget::TagTypeSpecificAccess)) {
            lose(error("reader_unavailable",
                       QStringLiteral("the tablet's NFC reader refused to look for badges")));
            return;
        }
        if (!connected) {
            connected = true;
            lostReported = false;
            qCInfo(lcQtNfc) << "NFC reader ready";
            emit q->readerConnected(QStringLiteral("Qt NFC"));
        }
    }

    void onAdapter(QNearFieldManager::AdapterState state)
    {
        if (!started)
            return;
        if (state == QNearFieldManager::AdapterState::Online)
            beginDetection();
        else if (state == QNearFieldManager::AdapterState::Offline
                 || state == QNearFieldManager::AdapterState::TurningOff)
            lose(error("nfc_disabled", QStringLiteral("NFC was switched off on this tablet")));
    }

    // The reader is gone: its badge with it, and every exchange fails.
    void lose(const Error &why)
    {
        dropBadge(error("reader_lost", why.message));
        const bool wasConnected = connected;
        connected = false;
        if (wasConnected || !lostReported) {
            lostReported = true;
            qCWarning(lcQtNfc).noquote() << why.describe();
            emit q->readerLost(why);
        }
    }

    void onDetected(QNearFieldTarget *target)
    {
        if (!started || !target)
            return;
        if (this->target && this->target != target)
            dropBadge(error("badge_removed", QStringLiteral("another badge replaced it")));
        this->target = target;
        QObject::connect(
            target, &QNearFieldTarget::requestCompleted, q,
            [this, target](const QNearFieldTarget::RequestId &id) { onCompleted(target, id); });
        QObject::connect(
            target, &QNearFieldTarget::error, q,
            [this, target](QNearFieldTarget::Error e, const QNearFieldTarget::RequestId &id) {
                onError(target, e, id);
            });
        BadgeInfo info;
        info.uid = target->uid();
        info.technology = speaksIsoDep(*target) ? BadgeInfo::Technology::Iso14443A4
                                                : BadgeInfo::Technology::Iso14443A3;
        badge = info;
        qCInfo(lcQtNfc).noquote() << "badge presented:" << info.describe();
        emit q->badgePresented(info);
    }

    void onLost(QNearFieldTarget *target)
    {
        if (target && target == this->target)
            dropBadge(error("badge_removed", QStringLiteral("the badge left the reader")));
        // Qt NFC's manager owns targets; a lost one is of no further use.
        if (target)
            target->deleteLater();
    }

    void dropBadge(const Error &why)
    {
        failAll(why);
        if (target)
            QObject::disconnect(target, nullptr, q, nullptr);
        target.clear();
        if (!badge)
            return;
        const QByteArray uid = badge->uid;
        badge.reset();
        qCInfo(lcQtNfc) << "badge removed:" << uid.toHex();
        emit q->badgeRemoved(uid);
    }

    void send()
    {
        if (current || queue.empty())
            return;
        current = std::move(queue.front());
        queue.pop_front();
        if (!target || !badge) {
            finish(error("no_badge", QStringLiteral("no badge on the reader")));
            return;
        }
        const int limit = target->maxCommandLength();
        if (limit > 0 && current->frame.size() > limit) {
            finish(error("card_error",
                         QStringLiteral("a frame of %1 bytes is longer than the "
                                        "%2 this reader sends")
                             .arg(current->frame.size())
                             .arg(limit)));
            return;
        }
        pending = target->sendCommand(current->frame);
        if (!pending.isValid()) {
            finish(error("card_error", QStringLiteral("Qt NFC did not accept the frame")));
            return;
        }
        timeout.start(options.exchangeTimeoutMs);
    }

    void onCompleted(QNearFieldTarget *from, const QNearFieldTarget::RequestId &id)
    {
        if (from != target || !current || !(id == pending))
            return;
        finish(from->requestResponse(id).toByteArray());
    }

    void onError(QNearFieldTarget *from, QNearFieldTarget::Error e,
                 const QNearFieldTarget::RequestId &id)
    {
        if (from != target || !current || !(id == pending))
            return;
        finish(exchangeError(e));
    }

    // Completes the exchange in flight, then sends the next one.
    void finish(const Result<QByteArray> &result)
    {
        timeout.stop();
        pending = QNearFieldTarget::RequestId();
        if (!current)
            return;
        Request done = std::move(*current);
        current.reset();
        deliver(std::move(done), result);
        send();
    }

    void failAll(const Error &why)
    {
        timeout.stop();
        pending = QNearFieldTarget::RequestId();
        if (current) {
            deliver(std::move(*current), why);
            current.reset();
        }
        while (!queue.empty()) {
            deliver(std::move(queue.front()), why);
            queue.pop_front();
        }
    }

    // Every callback on a later turn of the event loop, never inside exchange() or a signal
    // the caller may be handling.
    void deliver(Request request, const Result<QByteArray> &result)
    {
        QTimer::singleShot(0, q, [request = std::move(request), result] {
            if (request.done)
                request.done(request.id, result);
        });
    }

    QtNfcBadgeReader *q;
    Options options;
    std::unique_ptr<QNearFieldManager> manager;
    QPointer<QNearFieldTarget> target;
    std::optional<BadgeInfo> badge;
    bool started = false;
    bool connected = false;
    bool lostReported = false;
    std::deque<Request> queue;
    std::optional<Request> current;
    QNearFieldTarget::RequestId pending;
    QTimer timeout;
};

QtNfcBadgeReader::QtNfcBadgeReader(Options options, QObject *parent)
    : BadgeReader(parent)
    , d(std::make_unique<Private>(this, std::move(options)))
{ }

QtNfcBadgeReader::QtNfcBadgeReader(QObject *parent)
    : QtNfcBadgeReader(Options {}, parent)
{ }

QtNfcBadgeReader::~QtNfcBadgeReader()
{
    // Nothing Qt NFC emits while it is torn down may reach the half-destroyed Private.
    if (d->target)
        QObject::disconnect(d->target, nullptr, this, nullptr);
    if (d->manager)
        QObject::disconnect(d->manager.get(), nullptr, this, nullptr);
}

void QtNfcBadgeReader::start()
{
    if (d->started)
        return;
    d->started = true;
    d->ensureManager();
    d->beginDetection();
}

void QtNfcBadgeReader::stop()
{
    if (!d->started)
        return;
    d->started = false;
    if (d->manager)
        d->manager->stopTargetDetection();
    d->dropBadge(error("reader_stopped", QStringLiteral("the badge reader was stopped")));
    d->connected = false;
}

bool QtNfcBadgeReader::isConnected() const
{
    return d->connected;
}

std::optional<BadgeInfo> QtNfcBadgeReader::presentBadge() const
{
    return d->badge;
}

quint64 QtNfcBadgeReader::exchange(const QByteArray &frame, ExchangeCallback done)
{
    const quint64 id = nextRequestId();
    Private::Request request { id, frame, std::move(done) };
    if (!d->started) {
        d->deliver(std::move(request),
                   error("reader_stopped", QStringLiteral("the badge reader is not started")));
    } else if (!d->badge) {
        d->deliver(std::move(request),
                   error(d->connected ? "no_badge" : "reader_lost",
                         QStringLiteral("no badge on the reader")));
    } else if (!d->badge->speaksIsoDep()) {
        d->deliver(std::move(request),
                   error("not_iso_dep",
                         QStringLiteral("%1 does not speak ISO 14443-4: it can only show its UID")
                             .arg(d->badge->describe())));
    } else {
        d->queue.push_back(std::move(request));
        d->send();
    }
    return id;
}

} // namespace Aula
