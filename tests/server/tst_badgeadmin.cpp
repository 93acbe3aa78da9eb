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

    /** `badge enroll` of a blank card with @p uid for @p member, through a fake reader. */
    Result<QString> enrollBlank(const QByteArray &uid, const QString &member)
    {
        auto card = std::make_shared<Emulators::DesfireCard>(uid);
        FakeBadgeReader reader;
        reader.present(badgeOf(*card), [card](const QByteArray &f) { return card->exchange(f); });
        Admin::BadgeEnrollOptions options;
        options.timeoutMs = 5000;
        return Admin::enrollBadge(*m_chamber, member, reader, options);
    }

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

    void councilImportKeepsEnrolledBadges()
    {
        const QByteArray second = QByteArray::fromHex("04C0FFEE000043");
        QVERIFY(enrollBlank(Uid, QStringLiteral("m05")).ok());
        QVERIFY(enrollBlank(second, QStringLiteral("m25")).ok());
        const QByteArray m07 = Demo::badgeUid(QStringLiteral("m07"));
        auto credential = [](const QString &person, const QByteArray &badge) {
            QJsonObject c { { QStringLiteral("person"), person },
                            { QStringLiteral("pin"), QStringLiteral("1234") } };
            if (!badge.isEmpty())
                c.insert(QStringLiteral("badge"), QString::fromLatin1(badge.toHex()));
            return c;
        };
        auto councilFile = [](const QJsonArray &credentials) {
            // 23 councillors and the mayor: m25 has left the council.
            QJsonObject file = Demo::councilImport(23, false);
            file.insert(QStringLiteral("credentials"), credentials);
            return file;
        };

        // Imported again: a PIN (and no badge) for m05, a UID badge for m07.
        auto imported =
            Admin::importCouncil(*m_chamber,
                                 councilFile({ credential(QStringLiteral("m05"), {}),
                                               credential(QStringLiteral("m07"), m07) }));
        QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().describe()));
        QVERIFY2(
            imported->contains(QLatin1String("Kept 1 badges enrolled with badge enroll (m05)")),
            qPrintable(*imported));
        QVERIFY(
            imported->contains(QLatin1String("Dropped the enrolled badge 04c0ffee000043 of m25")));
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));
        QVERIFY(!m_chamber->credentials->pinHash(QStringLiteral("m05")).isEmpty());
        QCOMPARE(m_chamber->credentials->personForBadge(second), QString());
        QCOMPARE(m_chamber->credentials->personForBadge(m07), QStringLiteral("m07"));
        auto enrolled = Admin::enrolledBadges(m_chamber->dataDir.database());
        QVERIFY(enrolled.ok());
        QCOMPARE(enrolled->size(), 1);
        QCOMPARE(enrolled->first().uid, Uid);
        QCOMPARE(enrolled->first().person, QStringLiteral("m05"));
        QVERIFY(!enrolled->first().name.isEmpty());
        // The log says why m25's badge went.
        bool revokedForLeaving = false;
        (void)m_chamber->journal->replay([&](const Event &e, const QByteArray &) -> Result<void> {
            revokedForLeaving = revokedForLeaving
                || (e.type == QLatin1String("badge.revoked")
                    && e.payload.value(QStringLiteral("person")) == QLatin1String("m25")
                    && e.payload.value(QStringLiteral("reason"))
                        == QLatin1String("removed_from_council"));
            return {};
        });
        QVERIFY(revokedForLeaving);

        // Naming m05's enrolled badge for m05 is accepted and binds nothing new.
        const int bound = eventsOfType(*m_chamber, QStringLiteral("badge.bound"));
        QVERIFY(Admin::importCouncil(*m_chamber,
                                     councilFile({ credential(QStringLiteral("m05"), Uid) }))
                    .ok());
        QCOMPARE(eventsOfType(*m_chamber, QStringLiteral("badge.bound")), bound);
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));

        // Giving it to someone else, or another badge to m05, is refused with the way out.
        auto taken = Admin::importCouncil(*m_chamber,
                                          councilFile({ credential(QStringLiteral("m06"), Uid) }));
        QVERIFY(!taken.ok());
        QCOMPARE(taken.error().field, QStringLiteral("credentials[0].badge"));
        QVERIFY(taken.error().message.contains(QLatin1String("enrolled to m05")));
        QVERIFY(taken.error().message.contains(QLatin1String("badge revoke --uid 04c0ffee000042")));
        auto twice = Admin::importCouncil(*m_chamber,
                                          councilFile({ credential(QStringLiteral("m05"), m07) }));
        QVERIFY(!twice.ok());
        QVERIFY(twice.error().message.contains(QLatin1String("has the enrolled badge")));
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));

        // A revoked badge is not enrolled any more: the next import does not bring it back.
        QVERIFY(Admin::revokeBadge(*m_chamber, QStringLiteral("m05"), {}, {}).ok());
        QVERIFY(
            Admin::importCouncil(*m_chamber, councilFile({ credential(QStringLiteral("m05"), {}) }))
                .ok());
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QString());
        QVERIFY(Admin::enrolledBadges(m_chamber->dataDir.database())->isEmpty());
    }

    // The marker holds the person's id and name: a council imported again with the same id
    // for another name (another person got the id) revokes the card made for the one before.
    void anIdGivenToAnotherPersonRevokesTheEnrolledBadge()
    {
        QVERIFY(enrollBlank(Uid, QStringLiteral("m05")).ok());
        auto marker = Admin::enrolledBadges(m_chamber->dataDir.database());
        QVERIFY(marker.ok());
        QCOMPARE(marker->size(), 1);
        const QString enrolledName = marker->first().name;
        QCOMPARE(enrolledName,
                 m_chamber->chamber->state().council()->person(QStringLiteral("m05"))->name);

        auto fileNaming = [](const QString &name, const QJsonArray &credentials) {
            QJsonObject file = Demo::councilImport(24, false);
            QJsonObject council = file.value(QStringLiteral("council")).toObject();
            QJsonArray members = council.value(QStringLiteral("members")).toArray();
            for (qsizetype i = 0; i < members.size(); ++i) {
                QJsonObject m = members.at(i).toObject();
                if (m.value(QStringLiteral("id")) == QLatin1String("m05")) {
                    m.insert(QStringLiteral("name"), name);
                    members.replace(i, m);
                }
            }
            council.insert(QStringLiteral("members"), members);
            file.insert(QStringLiteral("council"), council);
            file.insert(QStringLiteral("credentials"), credentials);
            return file;
        };

        // The same name, spelt with other case and spacing: the same person, kept.
        auto same = Admin::importCouncil(
            *m_chamber, fileNaming(QStringLiteral("  ") + enrolledName.toUpper(), {}));
        QVERIFY2(same.ok(), same.ok() ? "" : qPrintable(same.error().describe()));
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));
        QCOMPARE(eventsOfType(*m_chamber, QStringLiteral("badge.revoked")), 0);

        // Another name, and the file gives m05 (the new person) this very UID as a plain badge:
        // the enrolled binding is revoked first, then the file's binding is made.
        auto changed = Admin::importCouncil(
            *m_chamber,
            fileNaming(
                QStringLiteral("Bruno Nuovo"),
                { QJsonObject { { QStringLiteral("person"), QStringLiteral("m05") },
                                { QStringLiteral("badge"), QString::fromLatin1(Uid.toHex()) },
                                { QStringLiteral("pin"), QStringLiteral("1234") } } }));
        QVERIFY2(changed.ok(), changed.ok() ? "" : qPrintable(changed.error().describe()));
        QVERIFY2(changed->contains(QLatin1String("another person got the id")),
                 qPrintable(*changed));
        QVERIFY(Admin::enrolledBadges(m_chamber->dataDir.database())->isEmpty());
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));
        QStringList order; // the events of the last import
        (void)m_chamber->journal->replay([&](const Event &e, const QByteArray &) -> Result<void> {
            if (e.type == QLatin1String("council.imported"))
                order.clear();
            if (e.type == QLatin1String("badge.revoked"))
                order.append(e.type + QLatin1Char(':')
                             + e.payload.value(QStringLiteral("reason")).toString());
            else if (e.type.startsWith(QLatin1String("badge.")))
                order.append(e.type);
            return {};
        });
        QCOMPARE(order,
                 QStringList({ QStringLiteral("badge.revoked:person_changed"),
                               QStringLiteral("badge.bound") }));

        // Without the file's badge, the id's new holder has none.
        QVERIFY(
            Admin::importCouncil(*m_chamber, fileNaming(QStringLiteral("Bruno Nuovo"), {})).ok());
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QString());
    }

    void aMarkerWithoutANameIsKeptAndNamed()
    {
        QVERIFY(enrollBlank(Uid, QStringLiteral("m05")).ok());
        // As markers were written before they had names: the id alone.
        auto store = SecretStore::open(m_chamber->dataDir.database());
        QVERIFY(store.ok());
        QVERIFY(store->put(Admin::enrolledMarkerName(Uid), QByteArray("m05")).ok());
        QCOMPARE(Admin::enrolledBadges(m_chamber->dataDir.database())->first().name, QString());

        QJsonObject file = Demo::councilImport(24, false);
        file.insert(QStringLiteral("credentials"), QJsonArray());
        QVERIFY(Admin::importCouncil(*m_chamber, file).ok());
        QCOMPARE(m_chamber->credentials->personForBadge(Uid), QStringLiteral("m05"));
        const auto named = Admin::enrolledBadges(m_chamber->dataDir.database());
        QCOMPARE(named->first().person, QStringLiteral("m05"));
        QCOMPARE(named->first().name,
                 m_chamber->chamber->state().council()->person(QStringLiteral("m05"))->name);
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
