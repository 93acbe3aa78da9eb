// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Aula.Ui
import Aula.TestSupport

TestCase {
    id: test
    name: "ConnectionBar"
    when: windowShown
    visible: true

    Component {
        id: barComponent
        ConnectionBar { width: 1280 }
    }

    function test_saysConnected() {
        verify(TestChamber.connectAs("m07"))
        const bar = createTemporaryObject(barComponent, test, { session: TestChamber.session })
        const text = findChild(bar, "bannerText")
        tryCompare(text, "text", "Connected to the chamber", 10000)
    }
}
