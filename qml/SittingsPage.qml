// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// The sittings on this tablet: upcoming and past, how much of each is available offline
// (files, bytes, a bar), the sync's state in one sentence, and each sitting's documents.
// TabletVault decides; this page shows.
Page {
    id: root
    objectName: "sittingsPage"

    required property SittingTracker tracker
    required property DocumentShelf shelf
    required property TabletVault vault
    required property SessionManager session

    // The sitting whose documents are listed on the right (the first one by default).
    property string chosenId: ""
    readonly property string shownId: chosenId.length > 0 ? chosenId
        : root.vault.sittings.revision >= 0 ? root.vault.sittings.idAt(0) : ""
    readonly property bool portrait: height > width

    signal sittingChosen()
    signal documentRequested(string sha256, string title)

    // The shown sitting's documents, titled as the manifest titles them.
    SittingDocumentsModel {
        id: shownDocuments
        sittings: root.vault.sittings
        sittingId: root.shownId
    }
    // Without a store (the demo's folder mode), the followed sitting as before.
    AgendaModel {
        id: agenda
        tracker: root.tracker
    }
    SittingController {
        id: sitting
        tracker: root.tracker
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 16

        RowLayout {
            Layout.fillWidth: true
            spacing: 16
            Label {
                text: qsTr("Sittings")
                font.pixelSize: 34
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            Label {
                objectName: "leaseText"
                visible: text.length > 0
                text: root.vault.leaseText
                color: Material.hintTextColor
                font.pixelSize: 18
            }
        }

        // The sync in one sentence, and a bar while it runs.
        Pane {
            objectName: "syncPane"
            Layout.fillWidth: true
            visible: syncLabel.text.length > 0 || root.vault.syncing
            padding: 16
            Material.elevation: 1
            background: Rectangle {
                radius: 6
                color: root.vault.syncProblem ? "#fbe9e7" : "#eef3f8"
            }
            ColumnLayout {
                anchors.fill: parent
                spacing: 8
                Label {
                    id: syncLabel
                    objectName: "syncText"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    font.pixelSize: 20
                    color: root.vault.syncProblem ? "#8a1c1c" : Material.foreground
                    text: root.vault.syncing && root.vault.syncText.length === 0
                        ? qsTr("Fetching the documents…") : root.vault.syncText
                }
                ProgressBar {
                    Layout.fillWidth: true
                    visible: root.vault.syncing
                    from: 0
                    to: 1
                    value: root.vault.syncFraction
                }
            }
        }

        GridLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.vault.sittings.count > 0
            columns: root.portrait ? 1 : 2
            columnSpacing: 24
            rowSpacing: 16

            // Left (top in portrait): the sittings, upcoming first.
            ListView {
                id: sittingsList
                objectName: "sittingsList"
                Layout.fillWidth: true
                // Portrait: the sittings on top as tall as they need (up to half), documents below.
                Layout.fillHeight: !root.portrait
                Layout.preferredHeight: root.portrait ? Math.min(contentHeight, root.height / 2) : -1
                Layout.preferredWidth: 3
                clip: true
                spacing: 12
                model: root.vault.sittings
                section.property: "upcoming"
                section.delegate: Label {
                    required property string section
                    topPadding: 8
                    bottomPadding: 4
                    text: section === "true" ? qsTr("Upcoming") : qsTr("Past")
                    font.pixelSize: 18
                    font.bold: true
                    color: Material.hintTextColor
                }
                delegate: Pane {
                    id: card
                    required property string sittingId
                    required property string title
                    required property string dateText
                    required property bool current
                    required property int filesTotal
                    required property int filesHere
                    required property real progress
                    required property string progressText
                    readonly property bool chosen: card.sittingId === root.shownId
                    objectName: "sitting_" + sittingId
                    width: ListView.view.width
                    padding: 20
                    Material.elevation: chosen ? 4 : 1
                    background: Rectangle {
                        radius: 6
                        color: "white"
                        border.color: card.chosen ? Material.accent : "#d5dbe1"
                        border.width: card.chosen ? 2 : 1
                    }

                    TapHandler { onTapped: root.chosenId = card.sittingId }

                    ColumnLayout {
                        anchors.fill: parent
                        spacing: 6
                        RowLayout {
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                text: card.title
                                font.pixelSize: 24
                                font.bold: true
                                elide: Text.ElideRight
                            }
                            Label {
                                visible: card.current
                                text: qsTr("Next")
                                color: "white"
                                font.bold: true
                                padding: 6
                                background: Rectangle { color: Material.accent; radius: 4 }
                            }
                        }
                        Label {
                            text: card.dateText
                            color: Material.hintTextColor
                        }
                        ProgressBar {
                            objectName: "progressBar"
                            Layout.fillWidth: true
                            from: 0
                            to: 1
                            value: card.progress
                        }
                        Label {
                            objectName: "progressText"
                            Layout.fillWidth: true
                            wrapMode: Text.WordWrap
                            text: card.filesTotal > 0 && card.filesHere === card.filesTotal
                                ? qsTr("Available offline · %1").arg(card.progressText)
                                : card.progressText
                            color: card.filesTotal > 0 && card.filesHere === card.filesTotal
                                ? "#1b6e3a" : Material.foreground
                        }
                    }
                }
            }

            // Right (bottom in portrait): the chosen sitting's documents.
            Pane {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 2
                padding: 20
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 10
                    Label {
                        text: qsTr("Documents")
                        font.pixelSize: 22
                        font.bold: true
                    }
                    Button {
                        objectName: "openLive"
                        visible: root.session.online && root.tracker.ready
                            && root.tracker.sittingId === root.shownId
                        text: qsTr("Open the sitting")
                        highlighted: true
                        implicitHeight: 60
                        onClicked: root.sittingChosen()
                    }
                    Label {
                        objectName: "documentsHere"
                        Layout.fillWidth: true
                        visible: shownDocuments.count > 0
                        wrapMode: Text.WordWrap
                        color: Material.hintTextColor
                        text: qsTr("%1 of %2 available offline").arg(shownDocuments.hereCount)
                            .arg(shownDocuments.count)
                    }
                    ListView {
                        id: documentsList
                        objectName: "documentsList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: 8
                        model: shownDocuments
                        section.property: "itemTitle"
                        section.delegate: Label {
                            required property string section
                            width: documentsList.width
                            topPadding: 8
                            text: section
                            wrapMode: Text.WordWrap
                            font.pixelSize: 16
                            font.bold: true
                            color: Material.hintTextColor
                        }
                        delegate: ItemDelegate {
                            id: documentRow
                            required property string sha256
                            required property string title
                            required property string statusText
                            required property bool here
                            objectName: "document_" + sha256
                            width: ListView.view.width
                            implicitHeight: 72
                            enabled: documentRow.here
                            onClicked: root.documentRequested(documentRow.sha256, documentRow.title)
                            contentItem: ColumnLayout {
                                spacing: 2
                                Label {
                                    objectName: "documentTitle"
                                    Layout.fillWidth: true
                                    text: documentRow.title
                                    elide: Text.ElideRight
                                    font.pixelSize: 20
                                    color: documentRow.here ? Material.foreground
                                        : Material.hintTextColor
                                }
                                Label {
                                    objectName: "documentStatus"
                                    Layout.fillWidth: true
                                    text: documentRow.statusText
                                    elide: Text.ElideRight
                                    font.pixelSize: 16
                                    color: documentRow.here ? "#1b6e3a" : Material.hintTextColor
                                }
                            }
                        }
                    }
                }
            }
        }

        // No store (the demo's folder mode, or before the first sync): the followed sitting.
        Pane {
            objectName: "sittingCard"
            visible: root.vault.sittings.count === 0
            Layout.fillWidth: true
            Material.elevation: 2
            padding: 24

            RowLayout {
                anchors.fill: parent
                spacing: 24

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        text: root.tracker.title.length > 0 ? root.tracker.title
                            : root.tracker.sittingId.length > 0 ? root.tracker.sittingId
                            : qsTr("No sitting on this tablet yet")
                        font.pixelSize: 26
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        visible: root.tracker.ready
                        text: qsTr("%1 · %2 · %3 items").arg(root.tracker.scheduledText)
                            .arg(sitting.statusText).arg(agenda.count)
                    }
                    Label {
                        objectName: "offlineText"
                        text: agenda.allDocuments.length === 0 ? qsTr("No documents yet")
                            : qsTr("Available offline: %1 of %2 documents")
                                .arg(root.shelf.revision >= 0
                                     ? root.shelf.availableCount(agenda.allDocuments) : 0)
                                .arg(agenda.allDocuments.length)
                    }
                }
                Button {
                    text: qsTr("Open")
                    highlighted: true
                    implicitHeight: 64
                    implicitWidth: 160
                    enabled: root.tracker.ready
                    onClicked: root.sittingChosen()
                }
            }
        }
        Item {
            Layout.fillHeight: true
            visible: root.vault.sittings.count === 0
        }
    }
}
