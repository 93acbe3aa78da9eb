// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>
#include <QStringList>

namespace Aula::Server {

/** What the chamber's server certificate is valid for, and for how long. */
struct TlsOptions
{
    /** DNS names in the server certificate's SubjectAltName; the first is also its CN. */
    QStringList dnsNames;
    /** IP addresses in the server certificate's SubjectAltName. */
    QList<QHostAddress> ipAddresses;
    /** Shown in both certificates' subject, e.g. "Comune di Valdoria". */
    QString organization = QStringLiteral("Aula");
    int caValidityDays = 3650;
    int serverValidityDays = 730;

    /** localhost, 127.0.0.1, ::1 and this machine's host name. */
    static TlsOptions defaults();
    /**
     * This machine's other addresses (not loopback, not link-local), for a chamber whose
     * tablets connect by IP; add them to ipAddresses when wanted.
     */
    static QList<QHostAddress> localNetworkAddresses();
};

/** Where the three files live inside a TLS directory. */
struct TlsPaths
{
    QString caCertificate; ///< ca.pem: the chamber CA's certificate (tablets pin this)
    QString serverChain; ///< server.pem: the server certificate followed by the CA's
    QString serverKey; ///< server.key: the server's private key, PKCS#8 PEM, mode 0600

    static TlsPaths in(const QString &directory);
};

/**
 * The chamber's TLS material: its own CA and one server certificate it signed.
 *
 * Tablets trust only this CA (clientConfiguration()), never the system store, so a
 * certificate from any public CA cannot impersonate the chamber. The CA's private key is
 * not kept: it signs the server certificate once, at `aula-server init`, and is then
 * discarded, so nothing on the server can mint another certificate the tablets accept.
 *
 * OpenSSL is reached from this class only (tlsmaterial.cpp); the rest of Aula sees Qt's
 * QSsl* types.
 */
class TlsMaterial
{
public:
    /**
     * Creates a CA (ECDSA P-256, CA:TRUE, keyCertSign) and a server certificate it signs
     * (ECDSA P-256, serverAuth, the SANs in `options`), writes ca.pem, server.pem and
     * server.key into `directory` (created if needed) and returns them loaded.
     * Refuses, with code "tls_exists", when any of the three files is already there.
     */
    static Result<TlsMaterial> generate(const QString &directory,
                                        const TlsOptions &options = TlsOptions::defaults());
    /** Loads what generate() wrote; checks that the key matches the certificate. */
    static Result<TlsMaterial> load(const QString &directory);

    /** The CA certificate the tablets pin. */
    [[nodiscard]] const QSslCertificate &caCertificate() const { return m_ca; }
    /** Server certificate first, then the CA. */
    [[nodiscard]] const QList<QSslCertificate> &serverChain() const { return m_chain; }
    [[nodiscard]] const QSslKey &serverKey() const { return m_key; }
    /** SHA-256 of the CA certificate (DER), lowercase hex: what an operator compares. */
    [[nodiscard]] QString caFingerprint() const;

    /** For QSslServer / QWebSocketServer (SecureMode): chain, key, TLS 1.2 or later. */
    [[nodiscard]] QSslConfiguration serverConfiguration() const;
    /** For clients: verify the peer against this CA only (no system CAs). */
    [[nodiscard]] QSslConfiguration clientConfiguration() const;
    /** The same for a client that holds only the CA certificate (a tablet). */
    static QSslConfiguration clientConfiguration(const QSslCertificate &ca);

private:
    QSslCertificate m_ca;
    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};

} // namespace Aula::Server
