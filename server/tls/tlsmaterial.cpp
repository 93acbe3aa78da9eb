// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsmaterial.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

Q_LOGGING_CATEGORY(lcTls, "aula.server.tls")

namespace Aula::Server {

namespace {

// RAII for the handful of OpenSSL types used here.
template<auto Free> struct Deleter
{
    template<typename T> void operator()(T *p) const { Free(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

/** The OpenSSL error queue in words (and emptied), after `what` failed. */
Error opensslError(const QString &what)
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        reasons << QString::fromLatin1(buffer);
    }
    QString message = what;
    if (!reasons.isEmpty())
        message += QStringLiteral(" (") + reasons.join(QStringLiteral("; ")) + QLatin1Char(')');
    return { QStringLiteral("tls_openssl"), message };
}

Result<PKeyPtr> generateP256Key(const QString &forWhat)
{
    // EVP_PKEY_Q_keygen is OpenSSL 3's one-call keygen; the curve name is its variadic.
    PKeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        return opensslError(QStringLiteral("cannot generate the P-256 key of the ") + forWhat);
    return key;
}

bool addTextExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool added = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return added;
}

bool addNameEntry(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      int(utf8.size()), -1, 0)
        == 1;
}

/** Builds the SubjectAltName from values, not from an OpenSSL config string, so a
 *  caller-supplied name can never smuggle in another entry. */
bool addSubjectAltNames(X509 *cert, const QStringList &dnsNames, const QList<QHostAddress> &ips)
{
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return false;
    for (const QString &dns : dnsNames) {
        const QByteArray ascii = dns.toLatin1();
        ASN1_IA5STRING *value = ASN1_IA5STRING_new();
        GENERAL_NAME *entry = GENERAL_NAME_new();
        if (!value || !entry || ASN1_STRING_set(value, ascii.constData(), int(ascii.size())) != 1) {
            ASN1_IA5STRING_free(value);
            GENERAL_NAME_free(entry);
            return false;
        }
        GENERAL_NAME_set0_value(entry, GEN_DNS, value);
        sk_GENERAL_NAME_push(names.get(), entry);
    }
    for (const QHostAddress &ip : ips) {
        QByteArray bytes;
        if (ip.protocol() == QAbstractSocket::IPv4Protocol) {
            const quint32 v4 = ip.toIPv4Address();
            const char octets[4] = { char(v4 >> 24), char(v4 >> 16), char(v4 >> 8), char(v4) };
            bytes = QByteArray(octets, 4);
        } else {
            const Q_IPV6ADDR v6 = ip.toIPv6Address();
            bytes = QByteArray(reinterpret_cast<const char *>(v6.c), 16);
        }
        ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
        GENERAL_NAME *entry = GENERAL_NAME_new();
        if (!value || !entry
            || ASN1_OCTET_STRING_set(value,
                                     reinterpret_cast<const unsigned char *>(bytes.constData()),
                                     int(bytes.size()))
                != 1) {
            ASN1_OCTET_STRING_free(value);
            GENERAL_NAME_free(entry);
            return false;
        }
        GENERAL_NAME_set0_value(entry, GEN_IPADD, value);
        sk_GENERAL_NAME_push(names.get(), entry);
    }
    return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

struct CertificateSpec
{
    QString commonName;
    QString organization;
    int validityDays = 0;
    bool isCa = false;
    QStringList dnsNames;
    QList<QHostAddress> ipAddresses;
};

/** A certificate for `subjectKey`; self-signed when `issuer` is null. */
Result<X509Ptr> makeCertificate(const CertificateSpec &spec, EVP_PKEY *subjectKey, X509 *issuer,
                                EVP_PKEY *issuerKey)
{
    const QString what =
        spec.isCa ? QStringLiteral("chamber CA certificate") : QStringLiteral("server certificate");
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return opensslError(QStringLiteral("cannot create the ") + what);

    // 127 random bits: unique without coordination, positive as RFC 5280 requires.
    unsigned char serialBytes[16];
    if (RAND_bytes(serialBytes, sizeof serialBytes) != 1)
        return opensslError(QStringLiteral("cannot draw a serial number for the ") + what);
    serialBytes[0] &= 0x7f;
    BnPtr serial(BN_bin2bn(serialBytes, sizeof serialBytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return opensslError(QStringLiteral("cannot set the serial number of the ") + what);

    // Back-dated by an hour so a tablet whose clock runs a little late accepts it at once.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_time_adj_ex(X509_getm_notAfter(cert.get()), spec.validityDays, 0, nullptr))
        return opensslError(QStringLiteral("cannot set the validity of the ") + what);

    NamePtr subject(X509_NAME_new());
    if (!subject || !addNameEntry(subject.get(), "O", spec.organization)
        || !addNameEntry(subject.get(), "CN", spec.commonName)
        || X509_set_subject_name(cert.get(), subject.get()) != 1
        || X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject.get())
            != 1
        || X509_set_pubkey(cert.get(), subjectKey) != 1)
        return opensslError(QStringLiteral("cannot set the names of the ") + what);

    X509 *signer = issuer ? issuer : cert.get();
    bool extensionsOk = addTextExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (spec.isCa) {
        extensionsOk = extensionsOk
            && addTextExtension(cert.get(), signer, NID_basic_constraints,
                                "critical,CA:TRUE,pathlen:0")
            && addTextExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        extensionsOk = extensionsOk
            && addTextExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always")
            && addTextExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE")
            && addTextExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature")
            && addTextExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth")
            && addSubjectAltNames(cert.get(), spec.dnsNames, spec.ipAddresses);
    }
    if (!extensionsOk)
        return opensslError(QStringLiteral("cannot add the extensions of the ") + what);

    if (X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return opensslError(QStringLiteral("cannot sign the ") + what);
    return cert;
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

Result<QByteArray> certificatePem(X509 *cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return opensslError(QStringLiteral("cannot encode a certificate as PEM"));
    return bioContents(bio.get());
}

Result<QByteArray> privateKeyPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio
        || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return opensslError(QStringLiteral("cannot encode the server key as PEM"));
    return bioContents(bio.get());
}

bool isValidDnsName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '-' || u == '.' || u == '*';
        if (!ok)
            return false;
    }
    return true;
}

Result<QByteArray> readFile(const QString &path, qint64 maxSize = 1 << 20)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("tls_unreadable"),
                       QStringLiteral("cannot read %1: %2").arg(path, file.errorString()) };
    const QByteArray data = file.read(maxSize + 1);
    if (data.size() > maxSize)
        return Error { QStringLiteral("tls_unreadable"),
                       QStringLiteral("%1 is larger than it can be").arg(path) };
    return data;
}

/** Writes a new file (never replacing one), with `permissions` from the start. */
Result<void> writeNewFile(const QString &path, const QByteArray &data,
                          QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions))
        return Error { QStringLiteral("tls_write_failed"),
                       QStringLiteral("cannot create %1: %2").arg(path, file.errorString()) };
    if (file.write(data) != data.size() || !file.flush())
        return Error { QStringLiteral("tls_write_failed"),
                       QStringLiteral("cannot write %1: %2").arg(path, file.errorString()) };
    return {};
}

/**
 * Asks OpenSSL itself whether the private key belongs to the first certificate of the
 * chain and whether that certificate verifies, for a TLS server, against the CA alone.
 */
Result<void> checkMaterial(const QByteArray &caPem, const QByteArray &chainPem,
                           const QByteArray &keyPem, const TlsPaths &paths)
{
    BioPtr caBio(BIO_new_mem_buf(caPem.constData(), int(caPem.size())));
    BioPtr certBio(BIO_new_mem_buf(chainPem.constData(), int(chainPem.size())));
    BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    X509Ptr ca(caBio ? PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr) : nullptr);
    X509Ptr cert(certBio ? PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr) : nullptr);
    PKeyPtr key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr)
                       : nullptr);
    if (!ca)
        return opensslError(QStringLiteral("%1 holds no PEM certificate").arg(paths.caCertificate));
    if (!cert)
        return opensslError(QStringLiteral("%1 holds no PEM certificate").arg(paths.serverChain));
    if (!key)
        return opensslError(QStringLiteral("%1 holds no PEM private key").arg(paths.serverKey));
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        return Error { QStringLiteral("tls_key_mismatch"),
                       QStringLiteral("%1 is not the key of the certificate in %2")
                           .arg(paths.serverKey, paths.serverChain) };
    }

    std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>> store(X509_STORE_new());
    std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>> ctx(X509_STORE_CTX_new());
    if (!store || !ctx || X509_STORE_add_cert(store.get(), ca.get()) != 1
        || X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1
        || X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER) != 1)
        return opensslError(QStringLiteral("cannot set up certificate verification"));
    if (X509_verify_cert(ctx.get()) != 1) {
        const int code = X509_STORE_CTX_get_error(ctx.get());
        ERR_clear_error();
        return Error { QStringLiteral("tls_untrusted"),
                       QStringLiteral("the certificate in %1 does not verify against %2: %3")
                           .arg(paths.serverChain, paths.caCertificate,
                                QString::fromLatin1(X509_verify_cert_error_string(code))) };
    }
    return {};
}

} // namespace

TlsOptions TlsOptions::defaults()
{
    TlsOptions options;
    options.dnsNames << QStringLiteral("localhost");
    const QString host = QHostInfo::localHostName().toLower();
    if (isValidDnsName(host) && host != QLatin1String("localhost"))
        options.dnsNames << host;
    options.ipAddresses << QHostAddress(QHostAddress::LocalHost)
                        << QHostAddress(QHostAddress::LocalHostIPv6);
    return options;
}

QList<QHostAddress> TlsOptions::localNetworkAddresses()
{
    QList<QHostAddress> addresses;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.isLinkLocal() || address.isMulticast())
            continue;
        QHostAddress plain = address;
        plain.setScopeId(QString());
        if (!addresses.contains(plain))
            addresses << plain;
    }
    return addresses;
}

TlsPaths TlsPaths::in(const QString &directory)
{
    const QDir dir(directory);
    return { dir.filePath(QStringLiteral("ca.pem")), dir.filePath(QStringLiteral("server.pem")),
             dir.filePath(QStringLiteral("server.key")) };
}

Result<TlsMaterial> TlsMaterial::generate(const QString &directory, const TlsOptions &options)
{
    if (options.dnsNames.isEmpty() && options.ipAddresses.isEmpty())
        return Error { QStringLiteral("tls_no_names"),
                       QStringLiteral("the server certificate needs at least one DNS name or IP "
                                      "address"),
                       QStringLiteral("dnsNames") };
    for (const QString &name : options.dnsNames) {
        if (!isValidDnsName(name))
            return Error {
                QStringLiteral("tls_invalid_name"),
                QStringLiteral("\"%1\" is not a DNS name (letters, digits, '-', '.')").arg(name),
                QStringLiteral("dnsNames")
            };
    }
    for (const QHostAddress &ip : options.ipAddresses) {
        if (ip.isNull()
            || (ip.protocol() != QAbstractSocket::IPv4Protocol
                && ip.protocol() != QAbstractSocket::IPv6Protocol))
            return Error { QStringLiteral("tls_invalid_address"),
                           QStringLiteral("\"%1\" is not an IP address").arg(ip.toString()),
                           QStringLiteral("ipAddresses") };
    }
    if (options.caValidityDays <= 0 || options.serverValidityDays <= 0)
        return Error { QStringLiteral("tls_invalid_validity"),
                       QStringLiteral("certificate validity must be at least one day") };

    const TlsPaths paths = TlsPaths::in(directory);
    for (const QString &path : { paths.caCertificate, paths.serverChain, paths.serverKey }) {
        if (QFile::exists(path))
            return Error { QStringLiteral("tls_exists"),
                           QStringLiteral("%1 already exists; refusing to replace the chamber's "
                                          "TLS material (tablets pin its CA)")
                               .arg(path) };
    }
    const QDir dir(directory);
    if (!dir.exists()) {
        if (!QDir().mkpath(directory))
            return Error { QStringLiteral("tls_write_failed"),
                           QStringLiteral("cannot create the directory %1").arg(directory) };
        QFile::setPermissions(
            directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    auto caKey = generateP256Key(QStringLiteral("chamber CA"));
    if (!caKey)
        return caKey.error();
    auto serverKey = generateP256Key(QStringLiteral("server"));
    if (!serverKey)
        return serverKey.error();

    CertificateSpec caSpec;
    caSpec.commonName = options.organization + QStringLiteral(" chamber CA");
    caSpec.organization = options.organization;
    caSpec.validityDays = options.caValidityDays;
    caSpec.isCa = true;
    auto ca = makeCertificate(caSpec, caKey->get(), nullptr, caKey->get());
    if (!ca)
        return ca.error();

    CertificateSpec serverSpec;
    serverSpec.commonName = options.dnsNames.isEmpty() ? options.ipAddresses.first().toString()
                                                       : options.dnsNames.first();
    serverSpec.organization = options.organization;
    serverSpec.validityDays = options.serverValidityDays;
    serverSpec.dnsNames = options.dnsNames;
    serverSpec.ipAddresses = options.ipAddresses;
    auto server = makeCertificate(serverSpec, serverKey->get(), ca->get(), caKey->get());
    if (!server)
        return server.error();

    const auto caPem = certificatePem(ca->get());
    if (!caPem)
        return caPem.error();
    const auto serverPem = certificatePem(server->get());
    if (!serverPem)
        return serverPem.error();
    const auto keyPem = privateKeyPem(serverKey->get());
    if (!keyPem)
        return keyPem.error();

    // The key first, so that a failure never leaves certificates without it.
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QFileDevice::Permissions readable =
        ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QStringList written;
    const struct
    {
        QString path;
        QByteArray data;
        QFileDevice::Permissions permissions;
    } files[] = { { paths.serverKey, *keyPem, ownerOnly },
                  { paths.serverChain, *serverPem + *caPem, readable },
                  { paths.caCertificate, *caPem, readable } };
    for (const auto &file : files) {
        const auto ok = writeNewFile(file.path, file.data, file.permissions);
        if (!ok) {
            for (const QString &path : std::as_const(written))
                QFile::remove(path);
            return ok.error();
        }
        written << file.path;
    }
    qCInfo(lcTls) << "generated the chamber CA and server certificate in" << directory << "for"
                  << options.dnsNames << options.ipAddresses;
    return load(directory);
}

Result<TlsMaterial> TlsMaterial::load(const QString &directory)
{
    const TlsPaths paths = TlsPaths::in(directory);
    const auto caPem = readFile(paths.caCertificate);
    if (!caPem)
        return caPem.error();
    const auto chainPem = readFile(paths.serverChain);
    if (!chainPem)
        return chainPem.error();
    const auto keyPem = readFile(paths.serverKey);
    if (!keyPem)
        return keyPem.error();

    const QList<QSslCertificate> cas = QSslCertificate::fromData(*caPem, QSsl::Pem);
    if (cas.size() != 1)
        return Error { QStringLiteral("tls_invalid_certificate"),
                       QStringLiteral("%1 must hold exactly one PEM certificate, it holds %2")
                           .arg(paths.caCertificate)
                           .arg(cas.size()) };
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*chainPem, QSsl::Pem);
    if (chain.isEmpty())
        return Error { QStringLiteral("tls_invalid_certificate"),
                       QStringLiteral("%1 holds no PEM certificate").arg(paths.serverChain) };
    const auto checked = checkMaterial(*caPem, *chainPem, *keyPem, paths);
    if (!checked)
        return checked.error();
    const QSslKey key(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return Error { QStringLiteral("tls_invalid_key"),
                       QStringLiteral("%1 is not an EC private key in PEM").arg(paths.serverKey) };

    TlsMaterial material;
    material.m_ca = cas.first();
    material.m_chain = chain;
    material.m_key = key;
    return material;
}

QString TlsMaterial::caFingerprint() const
{
    return QString::fromLatin1(m_ca.digest(QCryptographicHash::Sha256).toHex());
}

QSslConfiguration TlsMaterial::serverConfiguration() const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(m_chain);
    config.setPrivateKey(m_key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });
    return config;
}

QSslConfiguration TlsMaterial::clientConfiguration() const
{
    return clientConfiguration(m_ca);
}

QSslConfiguration TlsMaterial::clientConfiguration(const QSslCertificate &ca)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    // setCaCertificates() replaces the list and also turns off on-demand loading of the
    // system roots, so this CA is the only trust anchor: that is the pinning.
    config.setCaCertificates({ ca });
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

} // namespace Aula::Server
