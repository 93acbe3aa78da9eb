// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Aula.Ui
import Aula.TestSupport

TestCase {
    id: test
    name: "SittingPage"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component {
        id: pageComponent
        SittingPage { width: 1280; height: 736 }
    }

    function logIn(person) {
        verify(TestChamber.connectAs(person))
        tryVerify(() => TestChamber.session.online, 10000)
        TestChamber.tapBadge(person)
        for (const d of [1, 2, 3, 4])
            TestChamber.session.appendDigit(d)
        TestChamber.session.submitPin()
        tryVerify(() => TestChamber.tracker.ready, 20000)
    }

    function test_presidentSeesAgendaQuorumAndChair() {
        logIn("m01")
        const page = createTemporaryObject(pageComponent, test,
                                           { tracker: TestChamber.tracker, shelf: TestChamber.shelf })
        const agenda = findChild(page, "agendaList")
        compare(agenda.count, 8)
        verify(findChild(page, "chairPane").visible)
        compare(findChild(page, "statusText").text, "Scheduled")
        verify(TestChamber.prepareQuorateSitting())
        tryCompare(findChild(page, "presentCount"), "text", "14", 5000)
        tryCompare(agenda, "currentIndex", 0, 5000)
        compare(findChild(page, "statusText").text, "In progress")
        compare(findChild(page, "speakerName").text, "Nobody is speaking")
    }
}
