// SPDX-License-Identifier: GPL-3.0-or-later
// Seat readers and microphones through the hardware bridge.
#include "server/api/credentials.h"
#include "server/chamber/chamber.h"
#include "server/demo/democouncil.h"
#include "server/hardware/hardwarebridge.h"
#include "server/hardware/seatcoordinator.h"

#include <QJsonArray>
#include <QTest>

using namespace Aula;
using namespace Aula::Server;

namespace {

const QString kSitting = QStringLiteral("s1");

class BadgeOnly : public Credentials
{
public:
    QString personForBadge(const QByteArray &uid) const override
    {
        for (int i = 1; i <= 25; ++i) {
            const QString id = QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
            if (Demo::badgeUid(id) == uid)
                return id;
        }
        return {};
    }
    QByteArray pinHash(const QString &) const override { return {}; }
};

} // namespace

class TestSeats : public QObject
{
    Q_OBJECT

private slots:
    void presenceAndMicrophones()
    {
        MemoryJournal journal;
        Chamber chamber(journal);
        QVERIFY(chamber
                    .appendAdministrative(
                        { { QStringLiteral("council.imported"),
                            { { QStringLiteral("council"),
                                Demo::councilImport().value(QStringLiteral("council")) } } },
                          { QStringLiteral("sitting.imported"),
                            { { QStringLiteral("sitting"), Demo::sittingImport(kSitting) } } } })
                    .ok());
        SimulatedHardware hardware;
        BadgeOnly credentials;
        SeatCoordinator seats(chamber, hardware, credentials, 300);
        chamber.submit(Actor { QStringLiteral("m01"), {} },
                       Command { QStringLiteral("sitting.open"),
                                 { { QStringLiteral("sitting"), kSitting },
                                   { QStringLiteral("call"), QStringLiteral("first") } } },
                       {});
        chamber.flush();

        // m07 puts the badge in seat 7: present, from the seat.
        hardware.placeBadge(7, Demo::badgeUid(QStringLiteral("m07")));
        QTRY_VERIFY(chamber.state().sitting(kSitting)->isPresent(QStringLiteral("m07")));
        QCOMPARE(chamber.state().sitting(kSitting)->attendance.value(QStringLiteral("m07")).source,
                 QStringLiteral("seat"));
        // An unknown badge changes nothing.
        hardware.placeBadge(9, QByteArray::fromHex("deadbeef"));
        QTest::qWait(50);
        QCOMPARE(chamber.state().sitting(kSitting)->presentCount(), 1);

        // Lifting the badge for a moment is not leaving.
        hardware.removeBadge(7, Demo::badgeUid(QStringLiteral("m07")));
        QTest::qWait(100);
        hardware.placeBadge(7, Demo::badgeUid(QStringLiteral("m07")));
        QTest::qWait(400);
        QVERIFY(chamber.state().sitting(kSitting)->isPresent(QStringLiteral("m07")));
        // Taking it away for longer than the grace period is.
        hardware.removeBadge(7, Demo::badgeUid(QStringLiteral("m07")));
        QVERIFY(chamber.state().sitting(kSitting)->isPresent(QStringLiteral("m07")));
        QTRY_VERIFY_WITH_TIMEOUT(
            !chamber.state().sitting(kSitting)->isPresent(QStringLiteral("m07")), 3000);

        // The microphone follows the floor.
        hardware.placeBadge(7, Demo::badgeUid(QStringLiteral("m07")));
        QTRY_VERIFY(chamber.state().sitting(kSitting)->isPresent(QStringLiteral("m07")));
        QVERIFY(!hardware.microphoneOn(7));
        chamber.submit(Actor { QStringLiteral("m01"), {} },
                       Command { QStringLiteral("floor.grant"),
                                 { { QStringLiteral("sitting"), kSitting },
                                   { QStringLiteral("member"), QStringLiteral("m07") } } },
                       {});
        QTRY_VERIFY(hardware.microphoneOn(7));
        chamber.submit(
            Actor { QStringLiteral("m01"), {} },
            Command { QStringLiteral("floor.end"), { { QStringLiteral("sitting"), kSitting } } },
            {});
        QTRY_VERIFY(!hardware.microphoneOn(7));
    }
};

QTEST_GUILESS_MAIN(TestSeats)
#include "tst_seats.moc"
