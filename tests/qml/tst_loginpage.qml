// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import Aula.Ui
import Aula.Chamber
import Aula.TestSupport

TestCase {
    id: test
    name: "LoginPage"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component {
        id: pageComponent
        LoginPage { width: 1280; height: 800 }
    }

    function test_badgeThenPin() {
        if (!TestChamber.session)
            verify(TestChamber.connectAs("m07"))
        const page = createTemporaryObject(pageComponent, test, { session: TestChamber.session })
        verify(page)
        tryVerify(() => TestChamber.session.online, 10000)
        const prompt = findChild(page, "loginPrompt")
        compare(prompt.text, "Tap your badge on the reader")
        TestChamber.tapBadge("m07")
        compare(TestChamber.session.state, SessionManager.EnteringPin)
        compare(prompt.text, "Type your PIN")
        const ok = findChild(page, "pin_OK")
        verify(!ok.enabled)
        for (const d of ["9", "9", "9", "9"])
            mouseClick(findChild(page, "pin_" + d))
        compare(TestChamber.session.pinLength, 4)
        verify(ok.enabled)
        mouseClick(ok)
        // A wrong PIN is explained and the pad stays.
        const message = findChild(page, "loginMessage")
        tryVerify(() => message.text.length > 0, 20000)
        verify(message.visible)
        compare(TestChamber.session.state, SessionManager.EnteringPin)
        for (const d of ["1", "2", "3", "4"])
            mouseClick(findChild(page, "pin_" + d))
        mouseClick(ok)
        tryCompare(TestChamber.session, "state", SessionManager.LoggedIn, 20000)
    }

    function test_uidOnlyBadgeUnderDesfireIsExplained() {
        if (!TestChamber.session)
            verify(TestChamber.connectAs("m07"))
        TestChamber.session.logout()
        TestChamber.setBadgePolicy("desfire")
        const page = createTemporaryObject(pageComponent, test, { session: TestChamber.session })
        verify(page)
        tryVerify(() => TestChamber.session.online, 10000)
        // The test tablet's badge is UID-only: the chamber wants a DESFire proof.
        TestChamber.tapBadge("m07")
        for (const d of ["1", "2", "3", "4"])
            mouseClick(findChild(page, "pin_" + d))
        mouseClick(findChild(page, "pin_OK"))
        const message = findChild(page, "loginMessage")
        tryVerify(() => message.text.length > 0, 20000)
        verify(message.visible)
        verify(message.text.indexOf("not a valid chamber badge") >= 0)
        compare(TestChamber.session.state, SessionManager.WaitingForBadge)
        TestChamber.setBadgePolicy("uid")
        // AULA_QML_SHOTS=DIR keeps a picture of the page, for a person to look at.
        if (TestChamber.shotsDir().length > 0)
            grabImage(page).save(TestChamber.shotsDir() + "/login-badge-rejected.png")
    }
}
