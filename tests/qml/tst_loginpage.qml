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

    function shoot(item, name) {
        const dir = TestChamber.shotsDir()
        if (dir.length > 0)
            grabImage(item).save(dir + "/" + name + ".png")
    }

    function typePin(page, digits) {
        for (const d of digits)
            mouseClick(findChild(page, "pin_" + d))
        mouseClick(findChild(page, "pin_OK"))
        // The store is unlocked on a worker thread: wait for the answer.
        tryVerify(() => TestChamber.session.state !== SessionManager.LoggingIn, 10000)
    }

    // Alphabetical order is run order: the badge policy first, then online (it syncs the
    // store), then offline (which stops the chamber).
    function test_1_badgeThenPin() {
        if (!TestChamber.session)
            verify(TestChamber.connectAs("m07"))
        const page = createTemporaryObject(pageComponent, test, { session: TestChamber.session })
        verify(page)
        tryVerify(() => TestChamber.session.online, 10000)
        verify(!findChild(page, "offlinePane").visible)
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
        // A wrong PIN is explained with the chamber's count, and the pad stays.
        const message = findChild(page, "loginMessage")
        tryVerify(() => message.text.length > 0, 20000)
        verify(message.visible)
        compare(TestChamber.session.state, SessionManager.EnteringPin)
        compare(TestChamber.session.attemptsLeft, 4)
        compare(findChild(page, "attemptsText").text, "Attempts left: 4")
        typePin(page, ["1", "2", "3", "4"])
        tryCompare(TestChamber.session, "state", SessionManager.LoggedIn, 20000)
        tryVerify(() => TestChamber.vault.isOpen && !TestChamber.vault.syncing
                  && TestChamber.vault.syncText.length > 0, 20000)
        TestChamber.session.logout()
        verify(!TestChamber.vault.isOpen)
    }

    function test_2_offline() {
        TestChamber.stopChamber()
        tryVerify(() => !TestChamber.session.online, 10000)
        const page = createTemporaryObject(pageComponent, test, { session: TestChamber.session })
        const offline = findChild(page, "offlinePane")
        verify(offline.visible)
        verify(findChild(page, "offlineText").text.indexOf("documents already on this tablet") > 0)
        TestChamber.tapBadge("m07")
        shoot(page, "login-offline")

        // A wrong PIN offline: counted on the tablet, the store stays shut.
        typePin(page, ["9", "9", "9", "9"])
        compare(TestChamber.session.state, SessionManager.EnteringPin)
        verify(!TestChamber.vault.isOpen)
        compare(findChild(page, "attemptsText").text, "Attempts left: 4")
        verify(findChild(page, "loginMessage").text.indexOf("Wrong PIN") === 0)
        shoot(page, "login-wrong-pin")
        for (let i = 0; i < 3; ++i)
            typePin(page, ["9", "9", "9", "9"])
        compare(findChild(page, "attemptsText").text, "Attempts left: 1")
        typePin(page, ["9", "9", "9", "9"])
        // Locked: the time it ends, and the badge is asked for again.
        compare(TestChamber.session.state, SessionManager.WaitingForBadge)
        const locked = findChild(page, "lockedText")
        verify(locked.visible)
        verify(/^Locked until \d\d:\d\d$/.test(locked.text), locked.text)
        shoot(page, "login-locked")
        TestChamber.tapBadge("m07")
        typePin(page, ["1", "2", "3", "4"])
        verify(!TestChamber.vault.isOpen)
        compare(TestChamber.session.state, SessionManager.WaitingForBadge)
    }

    function test_0_uidOnlyBadgeUnderDesfireIsExplained() {
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
