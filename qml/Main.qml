// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Aula.Chamber

// The tablet's window: the connection banner on top, the login until someone is logged in,
// then the sittings, the sitting and the reader; the vote panel covers everything while a
// ballot needs the member.
ApplicationWindow {
    id: window

    required property SessionManager session
    required property SittingTracker tracker
    required property DocumentShelf shelf
    required property TabletVault vault
    // "sittings", "sitting" or "reader"; main.cpp's screenshot mode sets it too.
    property string page: "sitting"
    property string readerSha256: ""
    property string readerTitle: ""
    property string readerReturn: "sitting"
    readonly property bool loggedIn: session.state === SessionManager.LoggedIn
    readonly property alias ballot: ballotController
    // Logged in from the tablet's store, the live sitting is not there: the sittings are.
    readonly property string shownPage: window.session.offlineSession && window.page === "sitting"
        ? "sittings" : window.page

    function openDocument(sha256, title) {
        window.readerReturn = window.shownPage
        window.readerSha256 = sha256
        window.readerTitle = title
        window.page = "reader"
    }

    width: 1280
    height: 800
    visible: true
    title: qsTr("Aula")
    Material.theme: Material.Light
    Material.primary: "#1d3b5a"
    Material.accent: "#1f6fb2"
    font.pixelSize: 20

    header: ConnectionBar {
        session: window.session
        personName: window.session.personName
        loggedIn: window.loggedIn
        onLogoutRequested: window.session.logout()
    }

    BallotController {
        id: ballotController
        tracker: window.tracker
    }

    Loader {
        id: pageLoader
        anchors.fill: parent
        sourceComponent: !window.loggedIn ? loginPage
            : window.shownPage === "sittings" ? sittingsPage
            : window.shownPage === "reader" ? readerPage : sittingPage
    }

    // No ComponentBehavior: Bound here: Qt 6.4's Loader creates sourceComponent objects in a
    // context of its own and refuses bound components. Without it qmllint 6.4 calls the
    // window's id inside these Components unqualified; the engine resolves it (self-test).
    // qmllint disable unqualified
    Component {
        id: loginPage
        LoginPage { session: window.session }
    }
    Component {
        id: sittingsPage
        SittingsPage {
            tracker: window.tracker
            shelf: window.shelf
            vault: window.vault
            session: window.session
            onSittingChosen: window.page = "sitting"
            onDocumentRequested: (sha256, title) => window.openDocument(sha256, title)
        }
    }
    Component {
        id: sittingPage
        SittingPage {
            tracker: window.tracker
            shelf: window.shelf
            onBackRequested: window.page = "sittings"
            onDocumentRequested: (sha256, title) => window.openDocument(sha256, title)
        }
    }
    Component {
        id: readerPage
        DocumentPage {
            path: ""
            sha256: window.readerSha256
            shelf: window.shelf
            documentTitle: window.readerTitle
            onBackRequested: window.page = window.readerReturn
        }
    }

    // qmllint enable unqualified

    VotePanel {
        anchors.fill: parent
        controller: ballotController
        visible: window.loggedIn && ballotController.active
    }
}
