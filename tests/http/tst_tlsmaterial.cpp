// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/tls/tlsmaterial.h"

#include <QFile>
#include <QHostInfo>
#include <QSslCertificateExtension>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula::Server;

class TestTlsMaterial : public QObject
{
    Q_OBJECT

private:
    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QVariant extension(const QSslCertificate &cert, const QString &name)
    {
        for (const QSslCertificateExtension &ext : cert.extensions()) {
            if (ext.name() == name)
                return ext.value();
        }
        return {};
    }

private Q_SLOTS:
    void generatesCaAndServerCertificate()
    {
        QTemporaryDir dir;
        const auto material = TlsMaterial::generate(dir.filePath(QStringLiteral("tls")));
        QVERIFY2(material.ok(),
                 qPrintable(material.ok() ? QString() : material.error().describe()));

        const QSslCertificate &ca = material->caCertificate();
        QVERIFY(ca.isSelfSigned());
        QCOMPARE(ca.publicKey().algorithm(), QSsl::Ec);
        QCOMPARE(ca.publicKey().length(), 256);
        const QVariantMap constraints = extension(ca, QStringLiteral("basicConstraints")).toMap();
        QCOMPARE(constraints.value(QStringLiteral("ca")).toBool(), true);
        QVERIFY(extension(ca, QStringLiteral("keyUsage")).isValid());
        const qint64 caDays = ca.effectiveDate().daysTo(ca.expiryDate());
        QVERIFY2(caDays >= 3650 && caDays <= 3651, qPrintable(QString::number(caDays)));

        QCOMPARE(material->serverChain().size(), 2);
        const QSslCertificate &server = material->serverChain().first();
        QCOMPARE(material->serverChain().at(1), ca);
        QVERIFY(!server.isSelfSigned());
        QCOMPARE(server.issuerDisplayName(), ca.subjectDisplayName());
        QCOMPARE(server.publicKey().algorithm(), QSsl::Ec);
        QCOMPARE(extension(server, QStringLiteral("basicConstraints"))
                     .toMap()
                     .value(QStringLiteral("ca"))
                     .toBool(),
                 false);
        const QString eku =
            extension(server, QStringLiteral("extendedKeyUsage")).toStringList().join(u',');
        QVERIFY2(eku.contains(QStringLiteral("Server Auth")), qPrintable(eku));
        const qint64 serverDays = server.effectiveDate().daysTo(server.expiryDate());
        QVERIFY2(serverDays >= 730 && serverDays <= 731, qPrintable(QString::number(serverDays)));

        const auto names = server.subjectAlternativeNames();
        QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
        const QString host = QHostInfo::localHostName().toLower();
        if (!host.isEmpty())
            QVERIFY(names.values(QSsl::DnsEntry).contains(host));
        const QStringList ips = names.values(QSsl::IpAddressEntry);
        QVERIFY2(ips.contains(QStringLiteral("127.0.0.1")), qPrintable(ips.join(u',')));
        QVERIFY2(ips.contains(QStringLiteral("0:0:0:0:0:0:0:1"))
                     || ips.contains(QStringLiteral("::1")),
                 qPrintable(ips.join(u',')));

        QCOMPARE(material->caFingerprint().size(), 64);
    }

    void keyIsOwnerOnlyAndFilesAreInPlace()
    {
        QTemporaryDir dir;
        QVERIFY(TlsMaterial::generate(dir.path()).ok());
        const TlsPaths paths = TlsPaths::in(dir.path());
        QVERIFY(readAll(paths.caCertificate).startsWith("-----BEGIN CERTIFICATE-----"));
        QCOMPARE(readAll(paths.serverChain).count("-----BEGIN CERTIFICATE-----"), 2);
        QVERIFY(readAll(paths.serverKey).startsWith("-----BEGIN PRIVATE KEY-----"));
        const QFileDevice::Permissions perms = QFile::permissions(paths.serverKey);
        QVERIFY(perms.testFlag(QFileDevice::ReadOwner));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther;
        QVERIFY2(!(perms & others), qPrintable(QString::number(int(perms), 16)));
    }

    void refusesToOverwrite()
    {
        QTemporaryDir dir;
        QVERIFY(TlsMaterial::generate(dir.path()).ok());
        const QByteArray ca = readAll(TlsPaths::in(dir.path()).caCertificate);
        const auto again = TlsMaterial::generate(dir.path());
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("tls_exists"));
        QVERIFY(again.error().message.contains(QStringLiteral("ca.pem")));
        QCOMPARE(readAll(TlsPaths::in(dir.path()).caCertificate), ca);

        // Even one leftover file is enough to refuse.
        QTemporaryDir other;
        QFile stray(TlsPaths::in(other.path()).serverKey);
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();
        const auto refused = TlsMaterial::generate(other.path());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("tls_exists"));
        QVERIFY(!QFile::exists(TlsPaths::in(other.path()).caCertificate));
    }

    void customNamesGoIntoTheCertificate()
    {
        QTemporaryDir dir;
        TlsOptions options;
        options.dnsNames = { QStringLiteral("aula.comune.example"), QStringLiteral("aula") };
        options.ipAddresses = { QHostAddress(QStringLiteral("10.20.30.40")),
                                QHostAddress(QStringLiteral("fd00::5")) };
        options.organization = QStringLiteral("Comune di Valdoria");
        const auto material = TlsMaterial::generate(dir.path(), options);
        QVERIFY(material.ok());
        const QSslCertificate &server = material->serverChain().first();
        QCOMPARE(server.subjectInfo(QSslCertificate::CommonName),
                 QStringList { QStringLiteral("aula.comune.example") });
        QCOMPARE(server.subjectInfo(QSslCertificate::Organization),
                 QStringList { QStringLiteral("Comune di Valdoria") });
        const auto names = server.subjectAlternativeNames();
        QCOMPARE(names.values(QSsl::DnsEntry).size(), 2);
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("10.20.30.40")));
        QCOMPARE(names.values(QSsl::IpAddressEntry).size(), 2);
    }

    void rejectsBadOptions()
    {
        QTemporaryDir dir;
        TlsOptions injected;
        injected.dnsNames = { QStringLiteral("host,IP:1.2.3.4") };
        const auto bad = TlsMaterial::generate(dir.path(), injected);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("tls_invalid_name"));
        QCOMPARE(bad.error().field, QStringLiteral("dnsNames"));

        TlsOptions empty;
        QCOMPARE(TlsMaterial::generate(dir.path(), empty).error().code,
                 QStringLiteral("tls_no_names"));
        QVERIFY(!QFile::exists(TlsPaths::in(dir.path()).serverKey));
    }

    void loadsBackAndBuildsConfigurations()
    {
        QTemporaryDir dir;
        const auto generated = TlsMaterial::generate(dir.path());
        QVERIFY(generated.ok());
        const auto loaded = TlsMaterial::load(dir.path());
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().describe()));
        QCOMPARE(loaded->caCertificate(), generated->caCertificate());
        QCOMPARE(loaded->serverChain(), generated->serverChain());
        QCOMPARE(loaded->serverKey(), generated->serverKey());

        const QSslConfiguration server = loaded->serverConfiguration();
        QCOMPARE(server.localCertificate(), loaded->serverChain().first());
        QVERIFY(!server.privateKey().isNull());

        const QSslConfiguration client = loaded->clientConfiguration();
        QCOMPARE(client.caCertificates(), QList<QSslCertificate> { loaded->caCertificate() });
        QCOMPARE(client.peerVerifyMode(), QSslSocket::VerifyPeer);
    }

    void loadReportsWhatIsWrong()
    {
        QTemporaryDir empty;
        const auto missing = TlsMaterial::load(empty.path());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("tls_unreadable"));
        QVERIFY(missing.error().message.contains(QStringLiteral("ca.pem")));

        // Certificates of one chamber with the key of another.
        QTemporaryDir a, b, mixed;
        QVERIFY(TlsMaterial::generate(a.path()).ok());
        QVERIFY(TlsMaterial::generate(b.path()).ok());
        const TlsPaths pa = TlsPaths::in(a.path()), pb = TlsPaths::in(b.path()),
                       pm = TlsPaths::in(mixed.path());
        QVERIFY(QFile::copy(pa.caCertificate, pm.caCertificate));
        QVERIFY(QFile::copy(pa.serverChain, pm.serverChain));
        QVERIFY(QFile::copy(pb.serverKey, pm.serverKey));
        const auto mismatch = TlsMaterial::load(mixed.path());
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, QStringLiteral("tls_key_mismatch"));

        // A server certificate that another CA signed.
        QTemporaryDir foreign;
        const TlsPaths pf = TlsPaths::in(foreign.path());
        QVERIFY(QFile::copy(pb.caCertificate, pf.caCertificate));
        QVERIFY(QFile::copy(pa.serverChain, pf.serverChain));
        QVERIFY(QFile::copy(pa.serverKey, pf.serverKey));
        const auto untrusted = TlsMaterial::load(foreign.path());
        QVERIFY(!untrusted.ok());
        QCOMPARE(untrusted.error().code, QStringLiteral("tls_untrusted"));
    }

    void handshakeSucceedsOnlyWithThePinnedCa()
    {
        QTemporaryDir dir, otherDir;
        const auto material = TlsMaterial::generate(dir.path());
        const auto other = TlsMaterial::generate(otherDir.path());
        QVERIFY(material.ok() && other.ok());

        QSslServer server;
        server.setSslConfiguration(material->serverConfiguration());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        QSslSocket good;
        good.setSslConfiguration(material->clientConfiguration());
        good.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(good.isEncrypted(), 10000);

        QSslSocket bad;
        QList<QSslError> errors;
        connect(&bad, &QSslSocket::sslErrors, this,
                [&errors](const QList<QSslError> &e) { errors += e; });
        bad.setSslConfiguration(TlsMaterial::clientConfiguration(other->caCertificate()));
        bad.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bad.state(), QAbstractSocket::UnconnectedState, 10000);
        QVERIFY(!bad.isEncrypted());
    }
};

QTEST_GUILESS_MAIN(TestTlsMaterial)
#include "tst_tlsmaterial.moc"
