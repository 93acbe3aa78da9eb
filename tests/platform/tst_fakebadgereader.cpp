// SPDX-License-Identifier: GPL-3.0-or-later
// FakeBadgeReader behaves like a reader: asynchronous answers, typed errors, a card model
// behind the frames; and the factory picks backends by name.
#include "platform/nfc/badgereaderfactory.h"
#include "platform/nfc/fakebadgereader.h"
#include "tests/emulators/cards/desfirecard.h"

#include <QSignalSpy>
#include <QTest>

using namespace Aula;

namespace {

BadgeInfo desfireBadge(const Emulators::Card &card)
{
    return { card.uid(), BadgeInfo::Technology::Iso14443A4, card.atqa(), card.sak(),
             card.ats().mid(1) };
}

Result<QByteArray> exchangeAndWait(BadgeReader &reader, const QByteArray &frame)
{
    std::optional<Result<QByteArray>> answer;
    bool synchronous = true;
    reader.exchange(frame, [&](quint64, const Result<QByteArray> &r) {
        if (synchronous)
            qFatal("the callback ran inside exchange()");
        answer = r;
    });
    synchronous = false;
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 5000))
        return Error { QStringLiteral("test_timeout"), QStringLiteral("no answer") };
    return *answer;
}

} // namespace

class TestFakeBadgeReader : public QObject
{
    Q_OBJECT

private slots:
    void presentsAndRelaysToACardModel()
    {
        FakeBadgeReader reader;
        QSignalSpy connected(&reader, &BadgeReader::readerConnected);
        QSignalSpy presented(&reader, &BadgeReader::badgePresented);
        QSignalSpy removed(&reader, &BadgeReader::badgeRemoved);
        reader.start();
        QCOMPARE(connected.count(), 1);
        QCOMPARE(exchangeAndWait(reader, "x").error().code, QStringLiteral("no_badge"));

        auto card = std::make_shared<Emulators::DesfireCard>(QByteArray::fromHex("04010203040506"));
        reader.present(desfireBadge(*card),
                       [card](const QByteArray &f) { return card->exchange(f); });
        QCOMPARE(presented.count(), 1);
        QCOMPARE(reader.presentBadge()->ats.toHex(), QByteArray("7577810280"));
        auto version = exchangeAndWait(reader, QByteArray::fromHex("9060000000"));
        QVERIFY(version.ok());
        QCOMPARE(version->right(2).toHex(), QByteArray("91af"));

        reader.remove();
        QCOMPARE(removed.count(), 1);
        QCOMPARE(exchangeAndWait(reader, "x").error().code, QStringLiteral("no_badge"));
    }

    void uidOnlyBadgesCannotExchange()
    {
        FakeBadgeReader reader;
        reader.start();
        reader.present({ QByteArray::fromHex("deadbeef"),
                         BadgeInfo::Technology::Iso14443A3,
                         QByteArray::fromHex("0004"),
                         0x08,
                         {} });
        QCOMPARE(exchangeAndWait(reader, "x").error().code, QStringLiteral("not_iso_dep"));
    }

    void removalDuringAnExchange()
    {
        FakeBadgeReader reader;
        reader.start();
        reader.present({ "uid1234", BadgeInfo::Technology::Iso14443A4, "\x03\x44", 0x20, {} },
                       [](const QByteArray &) { return QByteArray("\x91\x00", 2); });
        std::optional<Result<QByteArray>> answer;
        reader.exchange("x", [&](quint64, const Result<QByteArray> &r) { answer = r; });
        reader.remove();
        QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, 5000));
        QCOMPARE(answer->error().code, QStringLiteral("badge_removed"));
    }

    void readerLostAndBack()
    {
        FakeBadgeReader reader;
        QSignalSpy lost(&reader, &BadgeReader::readerLost);
        QSignalSpy removed(&reader, &BadgeReader::badgeRemoved);
        reader.start();
        reader.present({ "uid1234", BadgeInfo::Technology::Iso14443A3, "\x00\x04", 0x08, {} });
        reader.loseReader({ QStringLiteral("reader_lost"), QStringLiteral("unplugged") });
        QCOMPARE(lost.count(), 1);
        QCOMPARE(removed.count(), 1);
        QVERIFY(!reader.isConnected());
        QCOMPARE(exchangeAndWait(reader, "x").error().code, QStringLiteral("reader_lost"));
        reader.reconnect();
        QVERIFY(reader.isConnected());
    }

    void factoryPicksBackends()
    {
        auto fake = createBadgeReader(QStringLiteral("fake"));
        QVERIFY(fake.ok());
        QVERIFY(dynamic_cast<FakeBadgeReader *>(fake->get()));
        auto bad = createBadgeReader(QStringLiteral("pcsc:0"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().field, QStringLiteral("badgeReader"));
        auto empty = createBadgeReader(QStringLiteral("libnfc:"));
        QCOMPARE(empty.error().code, QStringLiteral("invalid_field"));
        auto libnfc = createBadgeReader(QStringLiteral("libnfc:pn532_uart:/dev/null"));
        // This machine builds with libnfc; a build without it gets a typed error instead.
        QVERIFY(libnfc.ok() || libnfc.error().code == QLatin1String("backend_unavailable"));
        // Qt NFC is the tablets' backend (Android, iOS); a desktop build says it lacks it.
        auto qtnfc = createBadgeReader(QStringLiteral("qtnfc"));
        QVERIFY(!qtnfc.ok());
        QCOMPARE(qtnfc.error().code, QStringLiteral("backend_unavailable"));
        QCOMPARE(defaultBadgeReaderSpec(), QStringLiteral("fake"));
    }
};

QTEST_GUILESS_MAIN(TestFakeBadgeReader)
#include "tst_fakebadgereader.moc"
