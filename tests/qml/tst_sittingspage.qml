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

    SignalSpy {
        id: requested
        signalName: "documentRequested"
    }

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

    // [{title, status, enabled}] of the documents list's rows, in order.
    function documentRows(list) {
        const rows = []
        for (let i = 0; i < list.count; ++i) {
            const row = list.itemAtIndex(i)
            if (!row)
                continue
            rows.push({ title: findChild(row, "documentTitle").text,
                        status: findChild(row, "documentStatus").text,
                        enabled: row.enabled })
        }
        return rows
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
        // The upcoming sitting's documents by title, each saying whether it is here yet.
        const docs = findChild(page, "documentsList")
        tryCompare(docs, "count", 3)
        const here = findChild(page, "documentsHere")
        verify(here.visible)
        verify(/^[0-2] of 3 available offline$/.test(here.text), here.text)
        const rows = documentRows(docs)
        compare(rows.map(r => r.title), ["Verbale della seduta precedente",
                                         "Variazione di bilancio 2026",
                                         "Regolamento del verde pubblico"])
        verify(rows.some(r => r.status.indexOf("Not on this tablet yet") === 0
                              && !r.enabled), JSON.stringify(rows))
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
        tryCompare(findChild(page, "documentsHere"), "text", "3 of 3 available offline")
        for (const row of documentRows(docs)) {
            verify(row.enabled, row.title)
            verify(row.status.indexOf("Available offline") === 0, row.status)
            verify(row.title.indexOf(".pdf") < 0, row.title)
        }
        // Choosing the past sitting lists its documents, by title.
        page.chosenId = "s0" // what tapping its card does (the card may be out of view)
        tryCompare(docs, "count", 2)
        tryVerify(() => documentRows(docs).length === 2, 5000)
        compare(documentRows(docs).map(r => r.title), ["Rendiconto 2025",
                                                       "Piano delle opere pubbliche"])
        // A document opens by its hash, with its title for the reader's header.
        requested.target = page
        requested.clear()
        tryVerify(() => docs.itemAtIndex(0) !== null && docs.itemAtIndex(0).enabled, 5000)
        mouseClick(docs.itemAtIndex(0))
        compare(requested.count, 1)
        compare(requested.signalArguments[0][1], "Rendiconto 2025")
        compare(requested.signalArguments[0][0].length, 64)
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
