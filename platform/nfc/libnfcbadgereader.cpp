// SPDX-License-Identifier: GPL-3.0-or-later
#include "libnfcbadgereader.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <nfc/nfc.h>
#include <thread>

Q_LOGGING_CATEGORY(lcLibNfc, "aula.platform.nfc.libnfc")

namespace Aula {

namespace {

BadgeInfo badgeFrom(const nfc_target &target)
{
    const nfc_iso14443a_info &a = target.nti.nai;
    BadgeInfo info;
    info.uid = QByteArray(reinterpret_cast<const char *>(a.abtUid), qsizetype(a.szUidLen));
    info.atqa = QByteArray(reinterpret_cast<const char *>(a.abtAtqa), 2);
    info.sak = a.btSak;
    info.technology =
        (a.btSak & 0x20) ? BadgeInfo::Technology::Iso14443A4 : BadgeInfo::Technology::Iso14443A3;
    info.ats = QByteArray(reinterpret_cast<const char *>(a.abtAts), qsizetype(a.szAtsLen));
    return info;
}

QString libnfcError(int code)
{
    switch (code) {
    case NFC_EIO:
        return QStringLiteral("input/output error");
    case NFC_EINVARG:
        return QStringLiteral("invalid argument");
    case NFC_EDEVNOTSUPP:
        return QStringLiteral("operation not supported by the reader");
    case NFC_ENOTSUCHDEV:
        return QStringLiteral("no such reader");
    case NFC_EOVFLOW:
        return QStringLiteral("buffer overflow");
    case NFC_ETIMEOUT:
        return QStringLiteral("time-out");
    case NFC_EOPABORTED:
        return QStringLiteral("operation aborted");
    case NFC_ENOTIMPL:
        return QStringLiteral("not implemented by libnfc");
    case NFC_ETGRELEASED:
        return QStringLiteral("target released");
    case NFC_ERFTRANS:
        return QStringLiteral("RF transmission error (no answer from the badge)");
    case NFC_EMFCAUTHFAIL:
        return QStringLiteral("MIFARE authentication failed");
    case NFC_ESOFT:
        return QStringLiteral("software error");
    case NFC_ECHIP:
        return QStringLiteral("reader chip error");
    }
    return QStringLiteral("libnfc error %1").arg(code);
}

// Errors that mean the reader itself is gone, not the badge: the serial line failed, or
// the chip answered garbage.
bool isReaderFailure(int code)
{
    return code == NFC_EIO || code == NFC_ESOFT || code == NFC_ENOTSUCHDEV;
}

} // namespace

class LibNfcBadgeReader::Worker
{
public:
    Worker(LibNfcBadgeReader *owner, Options options)
        : m_owner(owner)
        , m_generation(owner->m_generation)
        , m_options(std::move(options))
    {
        m_thread = std::thread([this] { run(); });
    }

    ~Worker()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

    void enqueue(quint64 id, QByteArray frame, ExchangeCallback done)
    {
        {
            std::lock_guard lock(m_mutex);
            m_requests.push_back({ id, std::move(frame), std::move(done) });
        }
        m_wake.notify_all();
    }

private:
    struct Request
    {
        quint64 id;
        QByteArray frame;
        ExchangeCallback done;
    };

    // Everything the owner learns, it learns on its own thread.
    template<typename F> void post(F &&f)
    {
        QMetaObject::invokeMethod(m_owner, std::forward<F>(f), Qt::QueuedConnection);
    }

    // News about the reader and its badge, dropped if the owner was stopped (or restarted)
    // after it was sent, so that nothing is reported after stop().
    template<typename F> void postState(F &&f)
    {
        post([owner = m_owner, generation = m_generation, f = std::forward<F>(f)]() mutable {
            if (owner->m_generation == generation)
                f();
        });
    }

    void complete(Request request, Result<QByteArray> result)
    {
        post([request = std::move(request), result = std::move(result)] {
            if (request.done)
                request.done(request.id, result);
        });
    }

    // Waits up to @p ms, or less when stopping or when a request arrives (if asked).
    bool pause(int ms, bool wakeOnRequest)
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::milliseconds(ms),
                        [&] { return m_stopping || (wakeOnRequest && !m_requests.empty()); });
        return !m_stopping;
    }

    bool stopping()
    {
        std::lock_guard lock(m_mutex);
        return m_stopping;
    }

    std::optional<Request> takeRequest()
    {
        std::lock_guard lock(m_mutex);
        if (m_requests.empty())
            return std::nullopt;
        Request r = std::move(m_requests.front());
        m_requests.pop_front();
        return r;
    }

    void failAll(const Error &error)
    {
        while (auto request = takeRequest())
            complete(std::move(*request), error);
    }

    void run()
    {
        nfc_init(&m_context);
        if (!m_context) {
            postState([owner = m_owner] {
                emit owner->readerLost(Error { QStringLiteral("libnfc_unavailable"),
                                               QStringLiteral("libnfc could not start") });
            });
            return;
        }
        int backoff = m_options.reconnectMinMs;
        while (!stopping()) {
            if (!m_device) {
                if (open()) {
                    backoff = m_options.reconnectMinMs;
                    m_lostReported = false;
                    continue;
                }
                failAll(Error { QStringLiteral("reader_lost"),
                                QStringLiteral("the badge reader is not connected") });
                if (!m_lostReported) {
                    reportLost(QStringLiteral("reader_unavailable"),
                               QStringLiteral("cannot open the badge reader %1")
                                   .arg(m_options.connection));
                }
                pause(backoff, false);
                backoff = std::min(backoff * 2, m_options.reconnectMaxMs);
                continue;
            }
            if (!m_badge) {
                failAll(
                    Error { QStringLiteral("no_badge"), QStringLiteral("no badge on the reader") });
                poll();
                if (m_device && !m_badge)
                    pause(m_options.pollIntervalMs, false);
                continue;
            }
            if (auto request = takeRequest()) {
                transceive(std::move(*request));
                continue;
            }
            if (pause(m_options.presenceIntervalMs, true)) {
                std::unique_lock lock(m_mutex);
                const bool busy = !m_requests.empty();
                lock.unlock();
                if (!busy)
                    checkPresence();
            }
        }
        failAll(Error { QStringLiteral("reader_stopped"),
                        QStringLiteral("the badge reader was stopped") });
        if (m_device)
            nfc_close(m_device);
        nfc_exit(m_context);
    }

    bool open()
    {
        const QByteArray connection = m_options.connection.toLocal8Bit();
        m_device = nfc_open(m_context, connection.constData());
        if (!m_device)
            return false;
        if (nfc_initiator_init(m_device) < 0
            || nfc_device_set_property_bool(m_device, NP_INFINITE_SELECT, false) < 0) {
            nfc_close(m_device);
            m_device = nullptr;
            return false;
        }
        const QString name = QString::fromLocal8Bit(nfc_device_get_name(m_device));
        qCInfo(lcLibNfc) << "badge reader connected:" << name;
        postState([owner = m_owner, name] {
            owner->m_connected = true;
            emit owner->readerConnected(name);
        });
        return true;
    }

    // Once per outage: the first failure is news, the retries are not.
    void reportLost(const QString &code, const QString &message)
    {
        m_lostReported = true;
        qCWarning(lcLibNfc).noquote() << message;
        postState([owner = m_owner, error = Error { code, message }] {
            owner->m_connected = false;
            emit owner->readerLost(error);
        });
    }

    void readerFailed(int code)
    {
        const QString reason = libnfcError(code);
        if (m_device)
            nfc_close(m_device);
        m_device = nullptr;
        dropBadge();
        failAll(Error { QStringLiteral("reader_lost"),
                        QStringLiteral("the badge reader stopped answering: %1").arg(reason) });
        reportLost(QStringLiteral("reader_lost"),
                   QStringLiteral("the badge reader %1 stopped answering: %2")
                       .arg(m_options.connection, reason));
    }

    void dropBadge()
    {
        if (!m_badge)
            return;
        const QByteArray uid = m_badge->uid;
        m_badge.reset();
        qCInfo(lcLibNfc) << "badge removed:" << uid.toHex();
        postState([owner = m_owner, uid] {
            owner->m_badge.reset();
            emit owner->badgeRemoved(uid);
        });
    }

    void poll()
    {
        const nfc_modulation modulation { NMT_ISO14443A, NBR_106 };
        nfc_target target {};
        const int found =
            nfc_initiator_select_passive_target(m_device, modulation, nullptr, 0, &target);
        if (found < 0) {
            readerFailed(found);
            return;
        }
        if (found == 0)
            return;
        m_target = target;
        m_badge = badgeFrom(target);
        qCInfo(lcLibNfc).noquote() << "badge presented:" << m_badge->describe();
        postState([owner = m_owner, badge = *m_badge] {
            owner->m_badge = badge;
            emit owner->badgePresented(badge);
        });
    }

    // Returns true when the badge is still there; handles a lost reader or badge itself.
    bool checkPresence()
    {
        const int present = nfc_initiator_target_is_present(m_device, &m_target);
        if (present == NFC_SUCCESS)
            return true;
        if (isReaderFailure(present)) {
            readerFailed(present);
            return false;
        }
        // libnfc cannot ping every kind of badge (NFC_EDEVNOTSUPP), and a failed ping may
        // be one lost frame: a select aimed at the badge's own UID settles it. It also
        // tells a dead reader from an absent badge.
        const nfc_modulation modulation { NMT_ISO14443A, NBR_106 };
        nfc_target again {};
        const int found = nfc_initiator_select_passive_target(
            m_device, modulation, m_target.nti.nai.abtUid, m_target.nti.nai.szUidLen, &again);
        if (found < 0 && isReaderFailure(found)) {
            readerFailed(found);
            return false;
        }
        if (found > 0 && badgeFrom(again).uid == m_badge->uid) {
            m_target = again;
            return true;
        }
        dropBadge();
        return false;
    }

    void transceive(Request request)
    {
        if (!m_badge->speaksIsoDep()) {
            complete(std::move(request),
                     Error { QStringLiteral("not_iso_dep"),
                             QStringLiteral("%1 does not speak ISO 14443-4: it can only show "
                                            "its UID")
                                 .arg(m_badge->describe()) });
            return;
        }
        uint8_t rx[264]; // the PN53x's largest frame
        const int received = nfc_initiator_transceive_bytes(
            m_device, reinterpret_cast<const uint8_t *>(request.frame.constData()),
            size_t(request.frame.size()), rx, sizeof rx, m_options.exchangeTimeoutMs);
        if (received >= 0) {
            complete(std::move(request), QByteArray(reinterpret_cast<const char *>(rx), received));
            return;
        }
        qCInfo(lcLibNfc).noquote() << "exchange failed:" << libnfcError(received);
        if (isReaderFailure(received)) {
            readerFailed(received);
            return; // readerFailed() completed the request
        }
        // The badge did not answer: gone, or mute?
        if (!checkPresence()) {
            complete(
                std::move(request),
                Error { m_device ? QStringLiteral("badge_removed") : QStringLiteral("reader_lost"),
                        QStringLiteral("the badge left the reader during the exchange") });
            return;
        }
        complete(
            std::move(request),
            Error { QStringLiteral("card_error"),
                    QStringLiteral("the badge did not answer: %1").arg(libnfcError(received)) });
    }

    LibNfcBadgeReader *m_owner;
    const quint64 m_generation;
    Options m_options;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::deque<Request> m_requests;

    // Worker thread only.
    nfc_context *m_context = nullptr;
    nfc_device *m_device = nullptr;
    bool m_lostReported = false;
    nfc_target m_target {};
    std::optional<BadgeInfo> m_badge;
};

LibNfcBadgeReader::LibNfcBadgeReader(Options options, QObject *parent)
    : BadgeReader(parent)
    , m_options(std::move(options))
{ }

QStringList LibNfcBadgeReader::devices()
{
    nfc_context *context = nullptr;
    nfc_init(&context);
    if (!context)
        return {};
    nfc_connstring found[8];
    const size_t count = nfc_list_devices(context, found, std::size(found));
    QStringList devices;
    for (size_t i = 0; i < count; ++i)
        devices.append(QString::fromLocal8Bit(found[i]));
    nfc_exit(context);
    return devices;
}

LibNfcBadgeReader::~LibNfcBadgeReader()
{
    stop();
}

void LibNfcBadgeReader::start()
{
    if (!m_worker)
        m_worker = std::make_unique<Worker>(this, m_options);
}

void LibNfcBadgeReader::stop()
{
    // Joins the thread. Exchange callbacks it already posted are still delivered (each
    // request is answered exactly once); news about the reader and badge is not.
    m_worker.reset();
    ++m_generation;
    m_connected = false;
    if (m_badge) {
        const QByteArray uid = m_badge->uid;
        m_badge.reset();
        emit badgeRemoved(uid);
    }
}

quint64 LibNfcBadgeReader::exchange(const QByteArray &frame, ExchangeCallback done)
{
    const quint64 id = nextRequestId();
    if (!m_worker) {
        QMetaObject::invokeMethod(
            this,
            [id, done = std::move(done)] {
                if (done)
                    done(id,
                         Error { QStringLiteral("reader_stopped"),
                                 QStringLiteral("the badge reader is not started") });
            },
            Qt::QueuedConnection);
        return id;
    }
    m_worker->enqueue(id, frame, std::move(done));
    return id;
}

} // namespace Aula
