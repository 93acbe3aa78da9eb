// SPDX-License-Identifier: GPL-3.0-or-later
// The badge master key and badge enroll/revoke in-process, through a FakeBadgeReader whose
// frames an in-process DESFire card model answers: what the process test cannot easily
// stage (a card that goes silent mid-enrollment, an older data directory without a key).
#include "platform/nfc/fakebadgereader.h"
#include "server/admin.h"
#include "server/badgeadmin.h"
#include "server/badges/aulabadge.h"
#include "server/demo/democouncil.h"
#include "server/store/secretstore.h"
#include "sync/crypto/crypto.h"
#include "tests/emulators/cards/desfirecard.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;

namespace {

const QByteArray Uid = QByteArray::fromHex("04C0FFEE000042");

BadgeInfo badgeOf(const Emulators::Card &card)
{
    return { card.uid(), BadgeInfo::Technology::Iso14443A4, card.atqa(), card.sak(),
             card.ats().mid(1) };
}

int eventsOfType(OpenChamber &oc, const QString &type)
{
    int count = 0;
    (void)oc.journal->replay([&](const Event &e, const QByteArray &) -> Result<void> {
        count += e.type == type ? 1 : 0;
        return {};
    });
    return count;
}

} // namespace

class TestBadgeAdmin : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpenChamber> m_chamber;

    QString dataDir() const { return m_dir->filePath(QStringLiteral("chamber")); }

private slots:
    void initTestCase() { QVERIFY(Crypto::initialize().ok()); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(Admin::init(dataDir(), {}).ok());
        auto oc = OpenChamber::open(dataDir());
        QVERIFY(oc.ok());
        QJsonObject file = Demo::councilImport(24, false);
        file.insert(QStringLiteral("credentials"), QJsonArray());
        QVERIFY(Admin::importCouncil(**oc, file).ok());
        m_chamber = std::move(oc).value();
    }

    void cleanup()
    {
        m_chamber.reset();
        m_dir.reset();
    }

    void masterKeyIsMadeOnceAndKept()
    {
        auto first = Admin::badgeMasterKey(m_chamber->dataDir);
        QVERIFY(first.ok());
        QCOMPARE(first->size(), qsizetype(16));
        auto again = Admin::badgeMasterKey(m_chamber->dataDir);
        QVERIFY(again.ok());
        QCOMPARE(again->toByteArray(), first->toByteArray());

        // A data directory from before badges: no key until the first use, then one for good.
        auto store = SecretStore::open(m_chamber->dataDir.database());
        QVERIFY(store.ok());
        QVERIFY(*store->remove(QString::fromLatin1(Admin::kBadgeMasterKeySecret)));
        auto made = Admin::badgeMasterKey(m_chamber->dataDir);
        QVERIFY(made.ok());
        QVERIFY(made->toByteArray() != first->toByteArray());
        QCOMPARE(Admin::badgeMasterKey(m_chamber->dataDir)->toByteArray(), made->toByteArray());

        // Card keys differ per card and follow the master key.
        auto diversifier = Admin::badgeDiversifier(m_chamber->dataDir);
        QVERIFY(diversifier.ok());
        QCOMPARE(diversifier->systemIdentifier(), QByteArray(Badges::kSystemIdentifier));
        QVERIFY(
            diversifier->diversify(Uid, Badges::kApplicationId).value()
            != diversifier->diversify(QByteArray::fromHex("04C0FFEE000043"), Badges::kApplicationId)
                   .value());
    }

    void enrollsThroughAnyReader()
    {
        auto card = std::make_shared<Emulators::DesfireCard>(Uid);
        FakeBadgeReader reader;
        reader.present(badgeOf(*card), [card](const QByteArray &f) { return card->exchange(f); });
        QStringList prompts;
        Admin::BadgeEnrollOptions options;
        options.timeoutMs = 5000;
        options.prompt = [&](const QString &p) { prompts.append(p); };
        auto enrolled = Admin::enrollBadge(*m_chamber, QStringLiteral("m05"), reader, options);
        QVERIFY2(enrolled.ok(), enrolled.ok() ? "" : qPrintable(enrolled.error().describe()));
        QVERIFY(!prompts.isEmpty());
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));
        QCOMPARE(eventsOfType(*m_chamber, QStringLiteral("badge.bound")), 1);

        // Revoking by UID names the holder; a mismatched member is refused.
        auto wrong = Admin::revokeBadge(*m_chamber, QStringLiteral("m06"),
                                        QString::fromLatin1(Uid.toHex()), {});
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().field, QStringLiteral("--uid"));
        auto revoked = Admin::revokeBadge(*m_chamber, {}, QString::fromLatin1(Uid.toHex()),
                                          QStringLiteral("lost"));
        QVERIFY(revoked.ok());
        QVERIFY(revoked->contains(QLatin1String("m05")));
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QString());
        QCOMPARE(eventsOfType(*m_chamber, QStringLiteral("badge.revoked")), 1);
    }

    void cardThatFallsSilentBindsNothing()
    {
        auto card = std::make_shared<Emulators::DesfireCard>(Uid);
        FakeBadgeReader reader;
        int frames = 0;
        // The card answers the first four frames (up to the authentication), then nothing.
        reader.present(badgeOf(*card), [card, &frames](const QByteArray &f) {
            return ++frames <= 4 ? card->exchange(f) : std::nullopt;
        });
        Admin::BadgeEnrollOptions options;
        options.timeoutMs = 5000;
        auto enrolled = Admin::enrollBadge(*m_chamber, QStringLiteral("m05"), reader, options);
        QVERIFY(!enrolled.ok());
        QCOMPARE(enrolled.error().code, QStringLiteral("card_unreachable"));
        QVERIFY(enrolled.error().message.contains(QLatin1String("04c0ffee000042")));
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QString());
        QCOMPARE(eventsOfType(*m_chamber, QStringLiteral("badge.bound")), 0);
    }

    void noCardInTimeIsATimeout()
    {
        FakeBadgeReader reader;
        Admin::BadgeEnrollOptions options;
        options.timeoutMs = 300;
        auto enrolled = Admin::enrollBadge(*m_chamber, QStringLiteral("m05"), reader, options);
        QVERIFY(!enrolled.ok());
        QCOMPARE(enrolled.error().code, QStringLiteral("timeout"));
    }
};

QTEST_GUILESS_MAIN(TestBadgeAdmin)
#include "tst_badgeadmin.moc"
