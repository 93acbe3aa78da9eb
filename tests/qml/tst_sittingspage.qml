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
        SittingsPage { width: test.width; height: test.height }
    }

    function createPage() {
        return createTemporaryObject(pageComponent, test,
                                     { tracker: TestChamber.tracker, shelf: TestChamber.shelf,
                                       vault: TestChamber.vault, session: TestChamber.session })
    }

    function shoot(item, name) {
        const dir = TestChamber.shotsDir()
        if (dir.length > 0)
            grabImage(item).save(dir + "/" + name + ".png")
    }

    // Alphabetical order is run order: the sync first stalls, then completes.
    function test_1_syncInProgress() {
        verify(TestChamber.connectAs("m07"))
        tryVerify(() => TestChamber.session.online, 10000)
        TestChamber.stallDocumentsAfter(700)
        TestChamber.tapBadge("m07")
        for (const d of [1, 2, 3, 4])
            TestChamber.session.appendDigit(d)
        TestChamber.session.submitPin()
        tryVerify(() => TestChamber.tracker.ready, 20000)
        const page = createPage()
        // The upcoming sitting first, then the past one; the link was cut part-way.
        const list = findChild(page, "sittingsList")
        tryCompare(list, "count", 2, 10000)
        tryVerify(() => TestChamber.vault.syncing, 5000)
        verify(!findChild(page, "sittingCard").visible)
        verify(findChild(page, "syncPane").visible)
        compare(TestChamber.vault.sittings.idAt(0), "s1")
        const s1 = findChild(page, "sitting_s1")
        verify(s1)
        tryVerify(() => findChild(s1, "progressBar").value > 0, 10000)
        wait(400) // the page refreshes the bars a few times a second
        verify(TestChamber.vault.syncing)
        shoot(page, "sittings-syncing")
    }

    function test_2_synced() {
        TestChamber.resumeDocuments()
        tryVerify(() => !TestChamber.vault.syncing
                  && TestChamber.vault.syncText.indexOf("Every document") >= 0, 20000)
        const page = createPage()
        const s1 = findChild(page, "sitting_s1")
        verify(s1)
        const text = findChild(s1, "progressText")
        tryVerify(() => text.text.indexOf("Available offline") === 0, 5000)
        verify(text.text.indexOf("3 of 3 documents") > 0)
        compare(findChild(s1, "progressBar").value, 1)
        // The chosen sitting's documents, each openable.
        const docs = findChild(page, "documentsList")
        compare(docs.count, 3)
        verify(!findChild(page, "syncText").text.includes("could not"))
        shoot(page, "sittings-synced")
        // Portrait, once.
        test.Window.window.width = 800
        test.Window.window.height = 1280
        test.width = 800
        test.height = 1280
        const portrait = createPage()
        verify(portrait.portrait)
        wait(100)
        shoot(portrait, "sittings-portrait")
    }
}
