// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Aula.Ui
import Aula.TestSupport

TestCase {
    id: test
    name: "SittingsPage"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component {
        id: pageComponent
        SittingsPage { width: 1280; height: 800 }
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

    function test_listsTheSitting() {
        logIn("m07")
        const page = createTemporaryObject(pageComponent, test,
                                           { tracker: TestChamber.tracker, shelf: TestChamber.shelf })
        verify(findChild(page, "sittingCard").visible)
        // The test sitting lists no documents: the card says so.
        const offline = findChild(page, "offlineText")
        compare(offline.text, "No documents yet")
    }
}
