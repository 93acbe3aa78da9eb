// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Aula.Ui
import Aula.Chamber
import Aula.TestSupport

TestCase {
    id: test
    name: "VotePanel"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component {
        id: panelComponent
        Item {
            property alias controller: ballot
            property alias panel: panel
            width: 1280
            height: 800
            BallotController {
                id: ballot
                tracker: TestChamber.tracker
            }
            VotePanel {
                id: panel
                anchors.fill: parent
                controller: ballot
            }
        }
    }

    function test_chooseConfirmReceiptResult() {
        verify(TestChamber.connectAs("m07"))
        tryVerify(() => TestChamber.session.online, 10000)
        TestChamber.tapBadge("m07")
        for (const d of [1, 2, 3, 4])
            TestChamber.session.appendDigit(d)
        TestChamber.session.submitPin()
        tryVerify(() => TestChamber.tracker.ready, 20000)
        const root = createTemporaryObject(panelComponent, test)
        compare(root.controller.phase, BallotController.Idle)
        verify(TestChamber.prepareQuorateSitting())
        verify(TestChamber.command("m01", "ballot.open", { item: "i1" }))
        tryCompare(root.controller, "phase", BallotController.Choosing, 5000)
        compare(findChild(root.panel, "ballotKind").text, "Open ballot")
        verify(findChild(root.panel, "choices").visible)
        mouseClick(findChild(root.panel, "choice_favour"))
        compare(root.controller.phase, BallotController.Confirming)
        compare(findChild(root.panel, "confirmChoice").text, "Favourable")
        mouseClick(findChild(root.panel, "confirmButton"))
        tryCompare(root.controller, "phase", BallotController.Voted, 5000)
        compare(root.controller.receipt.length, 64)
        verify(TestChamber.command("m01", "ballot.close", { ballot: "b1" }))
        tryCompare(root.controller, "phase", BallotController.Result, 5000)
        verify(findChild(root.panel, "outcome").text.length > 0)
        verify(findChild(root.panel, "explanation").text.length > 0)
    }
}
