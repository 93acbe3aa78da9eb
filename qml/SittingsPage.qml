// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// The sittings this tablet follows, and what of them is available offline.
Page {
    id: root

    required property SittingTracker tracker
    required property DocumentShelf shelf

    signal sittingChosen()

    AgendaModel {
        id: agenda
        tracker: root.tracker
    }
    SittingController {
        id: sitting
        tracker: root.tracker
    }

    readonly property var allDocuments: agenda.allDocuments

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 20

        Label {
            text: qsTr("Sittings")
            font.pixelSize: 34
            font.bold: true
        }
        Pane {
            objectName: "sittingCard"
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
                        text: root.tracker.title.length > 0 ? root.tracker.title : root.tracker.sittingId
                        font.pixelSize: 26
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        text: qsTr("%1 · %2 · %3 items").arg(root.tracker.scheduledText)
                            .arg(sitting.statusText).arg(agenda.count)
                    }
                    Label {
                        objectName: "offlineText"
                        text: root.allDocuments.length === 0 ? qsTr("No documents yet")
                            : qsTr("Available offline: %1 of %2 documents")
                                .arg(root.shelf.availableCount(root.allDocuments))
                                .arg(root.allDocuments.length)
                    }
                    ProgressBar {
                        Layout.fillWidth: true
                        from: 0
                        to: Math.max(1, root.allDocuments.length)
                        value: root.shelf.availableCount(root.allDocuments)
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
        Item { Layout.fillHeight: true }
    }
}
