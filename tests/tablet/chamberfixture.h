// SPDX-License-Identifier: GPL-3.0-or-later
// A whole chamber server in the test process (MemoryJournal + Chamber + ChamberApi), the
// demo council and sitting, enrolled tablets, and helpers to drive the president's side.
#pragma once

#include "server/api/chamberapi.h"
#include "server/chamber/chamber.h"
#include "server/chamber/journal.h"
#include "server/demo/democouncil.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"

#include <QJsonArray>
#include <QTest>
#include <memory>

namespace Aula::Test {

class DemoCredentials : public Server::Credentials
{
public:
    DemoCredentials()
    {
        const QByteArray hash = *Crypto::hashPin(Server::Demo::pin().toUtf8());
        const QJsonArray creds =
            Server::Demo::councilImport().value(QStringLiteral("credentials")).toArray();
        for (const QJsonValue v : creds) {
            const QString person = v[QStringLiteral("person")].toString();
            m_badges.insert(QByteArray::fromHex(v[QStringLiteral("badge")].toString().toLatin1()),
                            person);
            m_pins.insert(person, hash);
        }
    }
    QString personForBadge(const QByteArray &uid) const override { return m_badges.value(uid); }
    QByteArray pinHash(const QString &person) const override { return m_pins.value(person); }
    // The demo's badges are UID-only (the fake reader), so its council uses the `uid`
    // policy; badge tests switch to `desfire` with a master key of their own.
    Badges::BadgePolicy badgePolicy() const override { return m_policy; }
    Result<Badges::KeyDiversifier> badgeKeys() const override
    {
        return Badges::KeyDiversifier::create(m_masterKey, QByteArray(Badges::kSystemIdentifier));
    }
    void setBadgePolicy(Badges::BadgePolicy policy) { m_policy = policy; }
    void setMasterKey(const QByteArray &key) { m_masterKey = key; }
    void setPin(const QString &person, const QString &pin)
    {
        m_pins.insert(person, *Crypto::hashPin(pin.toUtf8()));
    }

private:
    QHash<QByteArray, QString> m_badges;
    QHash<QString, QByteArray> m_pins;
    Badges::BadgePolicy m_policy = Badges::BadgePolicy::Uid;
    QByteArray m_masterKey = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
};

inline QString member(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

/** The chamber on loopback; `deviceKey(person)` is the seed of tablet "tab-<person>". */
class ChamberFixture
{
public:
    static inline const QString kSitting = QStringLiteral("s1");

    ChamberFixture()
    {
        Crypto::ensureInitialized();
        m_credentials = std::make_unique<DemoCredentials>();
        m_journal = std::make_unique<Server::MemoryJournal>();
        m_chamber = std::make_unique<Server::Chamber>(*m_journal);
        QList<QPair<QString, QJsonObject>> admin = {
            { QStringLiteral("council.imported"),
              { { QStringLiteral("council"),
                  Server::Demo::councilImport().value(QStringLiteral("council")) } } },
            { QStringLiteral("sitting.imported"),
              { { QStringLiteral("sitting"), Server::Demo::sittingImport(kSitting) } } }
        };
        for (int i = 1; i <= 25; ++i) {
            const QString device = QStringLiteral("tab-") + member(i);
            auto key = Crypto::SigningKey::generate();
            admin.append({ QStringLiteral("device.enrolled"),
                           { { QStringLiteral("device"), device },
                             { QStringLiteral("name"), device },
                             { QStringLiteral("public_key"),
                               QString::fromLatin1(key.publicKey().toHex()) } } });
            m_seeds.insert(device, key.seed().toByteArray());
        }
        m_ok = m_chamber->appendAdministrative(admin).ok();
    }

    [[nodiscard]] bool ok() const { return m_ok; }

    /** Starts the API (ws:// when `tls` is empty) on `port` (0: any free port). */
    Result<void> listen(const std::optional<QSslConfiguration> &tls = std::nullopt,
                        quint16 port = 0)
    {
        m_api = std::make_unique<Server::ChamberApi>(*m_chamber, *m_credentials,
                                                     QStringLiteral("chamber-test"));
        return m_api->listen(QHostAddress::LocalHost, port, tls);
    }
    void stopApi() { m_api.reset(); }

    [[nodiscard]] Crypto::SigningKey deviceKey(const QString &person) const
    {
        return Crypto::SigningKey::fromSeed(m_seeds.value(QStringLiteral("tab-") + person)).value();
    }

    /** Runs a command as `person` on the engine directly, waiting for its commit. */
    Result<QJsonObject> command(const QString &person, const QString &type, QJsonObject args)
    {
        args.insert(QStringLiteral("sitting"), kSitting);
        std::optional<Result<QJsonObject>> out;
        m_chamber->submit(Server::Actor { person, QStringLiteral("tab-") + person },
                          Server::Command { type, args },
                          [&out](const Result<QJsonObject> &r) { out = r; });
        m_chamber->flush();
        (void)QTest::qWaitFor([&] { return out.has_value(); }, 5000);
        if (!out)
            return Error { QStringLiteral("timeout"), QStringLiteral("no answer") };
        return *out;
    }

    /** Opens the sitting, marks m01…m14 present and opens a ballot on i1; returns its id. */
    QString openBallot()
    {
        const QString president = member(1);
        if (!command(president, QStringLiteral("sitting.open"),
                     { { QStringLiteral("call"), QStringLiteral("first") } }))
            return {};
        for (int i = 1; i <= 14; ++i) {
            if (!command(president, QStringLiteral("attendance.set"),
                         { { QStringLiteral("member"), member(i) },
                           { QStringLiteral("present"), true } }))
                return {};
        }
        auto opened = command(president, QStringLiteral("ballot.open"),
                              { { QStringLiteral("item"), QStringLiteral("i1") } });
        return opened ? opened->value(QStringLiteral("ballot")).toString() : QString();
    }

    [[nodiscard]] qsizetype votersOn(const QString &ballot) const
    {
        const auto *s = m_chamber->state().sitting(kSitting);
        const auto *b = s ? s->ballot(ballot) : nullptr;
        return b ? b->voters.size() : -1;
    }

    std::unique_ptr<DemoCredentials> m_credentials;
    std::unique_ptr<Server::MemoryJournal> m_journal;
    std::unique_ptr<Server::Chamber> m_chamber;
    std::unique_ptr<Server::ChamberApi> m_api;
    QHash<QString, QByteArray> m_seeds;
    bool m_ok = false;
};

} // namespace Aula::Test
