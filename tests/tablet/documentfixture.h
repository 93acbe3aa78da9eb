// SPDX-License-Identifier: GPL-3.0-or-later
// The chamber's document service over https:// on loopback, with generated documents, a
// manifest of two sittings, and a member's TabletStore to sync into.
#pragma once

#include "server/documents/documentstore.h"
#include "server/http/documenthttpserver.h"
#include "server/tls/tlsmaterial.h"
#include "sync/crypto/crypto.h"
#include "sync/documents/manifest.h"
#include "sync/tablet/tabletstore.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>
#include <optional>

namespace Aula::Test {

class DocumentFixture
{
public:
    static inline const QByteArray kToken = "session-token-for-tests";
    static inline const QByteArray kDevice = QByteArray(32, '\x5a');

    /** `sizes`: one document per entry; the first half belong to s1, the rest to s2 (current). */
    explicit DocumentFixture(const QList<qint64> &sizes)
    {
        Crypto::ensureInitialized();
        m_store = std::make_unique<Server::DocumentStore>(m_dir.path() + QStringLiteral("/docs"));
        if (!m_store->initialize())
            return;
        Sync::ManifestSitting s1 {
            QStringLiteral("s1"), QStringLiteral("Seduta 1"), QStringLiteral("2026-10-01"), {}
        };
        Sync::ManifestSitting s2 {
            QStringLiteral("s2"), QStringLiteral("Seduta 2"), QStringLiteral("2026-11-26"), {}
        };
        QRandomGenerator rng(42);
        for (qsizetype i = 0; i < sizes.size(); ++i) {
            QByteArray content(sizes[i], Qt::Uninitialized);
            for (qsizetype j = 0; j + 4 <= content.size(); j += 4) {
                const quint32 v = rng.generate();
                memcpy(content.data() + j, &v, 4);
            }
            content.replace(0, qMin<qsizetype>(8, content.size()),
                            QByteArray("%PDF-1.4").left(content.size()));
            const QString src = m_dir.path() + QStringLiteral("/src-%1").arg(i);
            QFile f(src);
            if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
                return;
            f.close();
            auto stored = m_store->importFile(src);
            if (!stored)
                return;
            Sync::ManifestDocument d;
            d.sha256 = QByteArray::fromHex(stored->sha256.toLatin1());
            d.size = stored->size;
            d.name = QStringLiteral("doc-%1.pdf").arg(i);
            d.mediaType = QStringLiteral("application/pdf");
            d.version = 1;
            m_contents.insert(d.sha256, content);
            const bool first = i < sizes.size() / 2;
            (first ? s1 : s2)
                .items.append(Sync::ManifestItem { QStringLiteral("i%1").arg(i), d.name, { d } });
        }
        m_manifest.currentSitting = QStringLiteral("s2");
        m_manifest.sittings = { s1, s2 }; // the current sitting listed last on purpose
        auto tls = Server::TlsMaterial::generate(m_dir.path() + QStringLiteral("/tls"));
        if (!tls)
            return;
        m_tls = std::move(tls).value();
        m_http = std::make_unique<Server::DocumentHttpServer>(m_store.get());
        m_http->setTokenValidator([](QByteArrayView t) { return t == kToken; });
        m_http->setManifestProvider([this] { return m_manifest.toJson(); });
        QObject::connect(m_http.get(), &Server::DocumentHttpServer::requestHandled,
                         [this](const QByteArray &, const QByteArray &path, int status) {
                             m_requests.append({ path, status });
                         });
        if (!m_http->listen(m_tls->serverConfiguration(), QHostAddress::LocalHost))
            return;
        m_port = m_http->serverPort();
        auto tablet = Tablet::TabletStore::create(
            m_dir.path() + QStringLiteral("/tablet"), QStringLiteral("m07"), unlock(),
            QDateTime::currentMSecsSinceEpoch(), 14, Tablet::KdfCost { 1, 8u * 1024 * 1024 });
        if (!tablet)
            return;
        m_tablet = std::make_unique<Tablet::TabletStore>(std::move(tablet).value());
        m_ok = true;
    }

    static Tablet::Unlock unlock() { return Tablet::Unlock { "badge-m07", "2468", kDevice }; }

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] QUrl url(quint16 port = 0) const
    {
        return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(port ? port : m_port));
    }
    [[nodiscard]] QSslConfiguration clientTls() const { return m_tls->clientConfiguration(); }
    [[nodiscard]] QString serverPath(const QByteArray &sha) const
    {
        const QString hex = QString::fromLatin1(sha.toHex());
        return m_store->root() + QLatin1Char('/') + hex.left(2) + QLatin1Char('/') + hex;
    }
    Result<void> restartHttp()
    {
        m_http->close();
        return m_http->listen(m_tls->serverConfiguration(), QHostAddress::LocalHost, m_port);
    }
    [[nodiscard]] int requestsFor(const QByteArray &sha) const
    {
        int n = 0;
        for (const auto &r : m_requests)
            n += r.first.endsWith(sha.toHex()) ? 1 : 0;
        return n;
    }
    [[nodiscard]] qint64 totalBytes() const
    {
        qint64 n = 0;
        for (const QByteArray &c : m_contents)
            n += c.size();
        return n;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Server::DocumentStore> m_store;
    std::optional<Server::TlsMaterial> m_tls;
    std::unique_ptr<Server::DocumentHttpServer> m_http;
    std::unique_ptr<Tablet::TabletStore> m_tablet;
    Sync::Manifest m_manifest;
    QHash<QByteArray, QByteArray> m_contents;
    QList<QPair<QByteArray, int>> m_requests;
    quint16 m_port = 0;
    bool m_ok = false;
};

} // namespace Aula::Test
