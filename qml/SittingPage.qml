// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// The sitting: the agenda with the current item and its documents on the left; quorum,
// the floor and (for the chair) the chair's controls on the right.
Page {
    id: root
    objectName: "sittingPage"

    required property SittingTracker tracker
    required property DocumentShelf shelf

    signal backRequested()
    signal documentRequested(string sha256, string title)

    SittingController {
        id: sitting
        tracker: root.tracker
    }
    AgendaModel {
        id: agenda
        tracker: root.tracker
    }
    FloorController {
        id: floor
        tracker: root.tracker
    }
    PresidentController {
        id: chair
        tracker: root.tracker
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16

        // The agenda.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 7
            spacing: 8

            RowLayout {
                Layout.fillWidth: true
                Button {
                    text: qsTr("‹ Sittings")
                    flat: true
                    onClicked: root.backRequested()
                }
                Label {
                    Layout.fillWidth: true
                    text: root.tracker.title
                    font.pixelSize: 24
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    objectName: "statusText"
                    text: sitting.statusText
                    font.pixelSize: 20
                    color: Material.accent
                }
            }
            ListView {
                id: agendaList
                objectName: "agendaList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: agenda
                currentIndex: agenda.currentRow
                ScrollBar.vertical: ScrollBar { }
                delegate: Pane {
                    id: itemPane
                    required property int number
                    required property string title
                    required property string kind
                    required property bool current
                    required property var documents
                    width: ListView.view.width - 12
                    padding: 14
                    Material.elevation: current ? 4 : 1
                    Material.background: current ? "#e3eefa" : "white"

                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 6
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 12
                            Label {
                                text: itemPane.number
                                font.pixelSize: 26
                                font.bold: true
                                color: Material.accent
                                Layout.alignment: Qt.AlignTop
                            }
                            Label {
                                Layout.fillWidth: true
                                text: itemPane.title
                                wrapMode: Text.WordWrap
                                font.pixelSize: 20
                                font.bold: itemPane.current
                            }
                            Label {
                                visible: itemPane.current
                                text: qsTr("NOW")
                                font.bold: true
                                color: "white"
                                padding: 6
                                background: Rectangle { color: Material.accent; radius: 4 }
                            }
                        }
                        Label {
                            text: itemPane.kind
                            color: Material.hintTextColor
                            font.pixelSize: 16
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: 8
                            Repeater {
                                model: itemPane.documents
                                delegate: Button {
                                    required property var modelData
                                    // revision: re-checked when documents arrive in the store.
                                    readonly property bool here: root.shelf.revision >= 0
                                        && root.shelf.has(modelData.sha256)
                                    // Long titles elide inside the item's card.
                                    width: Math.min(implicitWidth, itemPane.availableWidth)
                                    text: qsTr("Document: %1").arg(modelData.title)
                                    font.capitalization: Font.MixedCase
                                    implicitHeight: 52
                                    enabled: here
                                    onClicked: root.documentRequested(modelData.sha256, modelData.title)
                                }
                            }
                        }
                    }
                }
            }
        }

        // Quorum, floor, chair.
        ColumnLayout {
            Layout.fillHeight: true
            Layout.preferredWidth: 5
            Layout.maximumWidth: 480
            spacing: 12

            Pane {
                Layout.fillWidth: true
                Material.elevation: 2
                padding: 16
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 6
                    Label {
                        text: qsTr("Attendance")
                        font.pixelSize: 16
                        color: Material.hintTextColor
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 12
                        Label {
                            objectName: "presentCount"
                            text: sitting.present
                            font.pixelSize: 34
                            font.bold: true
                        }
                        Label {
                            text: qsTr("present")
                            font.pixelSize: 20
                            Layout.alignment: Qt.AlignBaseline
                        }
                        Item { Layout.fillWidth: true }
                    }
                    Label {
                        objectName: "quorumText"
                        Layout.fillWidth: true
                        text: sitting.quorate ? qsTr("Quorum %1: reached").arg(sitting.quorumRequired)
                                              : qsTr("Quorum %1: not reached").arg(sitting.quorumRequired)
                        color: sitting.quorate ? "#1b7a3a" : "#8a1c1c"
                        font.pixelSize: 20
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            Layout.fillWidth: true
                            text: sitting.iAmPresent ? qsTr("You are present (%1)").arg(sitting.roleText)
                                                     : qsTr("You are not checked in (%1)").arg(sitting.roleText)
                            wrapMode: Text.WordWrap
                        }
                        Button {
                            visible: sitting.canCheckIn
                            text: qsTr("Check in")
                            highlighted: true
                            implicitHeight: 56
                            onClicked: sitting.checkIn()
                        }
                    }
                }
            }

            Pane {
                Layout.fillWidth: true
                Material.elevation: 2
                padding: 16
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 6
                    Label {
                        text: qsTr("The floor")
                        font.pixelSize: 16
                        color: Material.hintTextColor
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            objectName: "speakerName"
                            Layout.fillWidth: true
                            text: floor.speakerName.length > 0 ? floor.speakerName : qsTr("Nobody is speaking")
                            font.pixelSize: 22
                            font.bold: floor.speakerName.length > 0
                            elide: Text.ElideRight
                        }
                        Label {
                            visible: floor.speakerName.length > 0
                            objectName: "remaining"
                            text: floor.remainingText
                            font.pixelSize: 34
                            font.bold: true
                            font.family: "monospace"
                            color: floor.remainingSeconds <= 30 ? "#8a1c1c" : Material.foreground
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: floor.queueNames.length > 0
                        text: qsTr("Waiting: %1").arg(floor.queueText)
                        wrapMode: Text.WordWrap
                        maximumLineCount: 3
                        elide: Text.ElideRight
                    }
                    Label {
                        visible: floor.myPosition > 0
                        text: qsTr("You are number %1 in the queue").arg(floor.myPosition)
                        font.bold: true
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Button {
                            visible: floor.canRequest
                            text: qsTr("Ask to speak")
                            highlighted: true
                            implicitHeight: 56
                            onClicked: floor.requestFloor()
                        }
                        Button {
                            visible: floor.canWithdraw
                            text: qsTr("Withdraw")
                            implicitHeight: 56
                            onClicked: floor.withdraw()
                        }
                        Button {
                            visible: floor.iAmSpeaking
                            text: qsTr("Yield the floor")
                            implicitHeight: 56
                            onClicked: floor.endSpeech()
                        }
                    }
                    Label {
                        visible: floor.error.length > 0
                        text: floor.error
                        color: "#8a1c1c"
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
            }

            Pane {
                objectName: "chairPane"
                visible: chair.isChair
                Layout.fillWidth: true
                Material.elevation: 2
                padding: 16
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    spacing: 6
                    Label {
                        text: qsTr("Chair")
                        font.pixelSize: 16
                        color: Material.hintTextColor
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 1 // full-width buttons: Italian labels are long, and must never be elided
                        columnSpacing: 8
                        rowSpacing: 4
                        Button {
                            visible: chair.canOpenSitting
                            Layout.fillWidth: true
                            text: qsTr("Open the sitting")
                            highlighted: true
                            implicitHeight: 56
                            onClicked: chair.openSitting()
                        }
                        Button {
                            visible: chair.canNextItem
                            Layout.fillWidth: true
                            text: qsTr("Next item")
                            implicitHeight: 56
                            onClicked: chair.nextItem()
                        }
                        Button {
                            visible: floor.canGrantNext
                            Layout.fillWidth: true
                            text: qsTr("Give the floor")
                            implicitHeight: 56
                            onClicked: floor.grantNext()
                        }
                        Button {
                            visible: floor.isChair && floor.speakerName.length > 0
                            Layout.fillWidth: true
                            text: qsTr("+1 minute")
                            implicitHeight: 56
                            onClicked: floor.extend(60)
                        }
                        Button {
                            visible: floor.isChair && floor.speakerName.length > 0
                            Layout.fillWidth: true
                            text: qsTr("End speech")
                            implicitHeight: 56
                            onClicked: floor.endSpeech()
                        }
                        Button {
                            visible: chair.canOpenBallot
                            Layout.fillWidth: true
                            text: qsTr("Open the ballot")
                            highlighted: true
                            implicitHeight: 56
                            onClicked: chair.openBallot()
                        }
                        Button {
                            visible: chair.canCloseBallot
                            Layout.fillWidth: true
                            text: qsTr("Close the ballot")
                            highlighted: true
                            implicitHeight: 56
                            onClicked: chair.closeBallot()
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: text.length > 0
                        text: chair.error.length > 0 ? chair.error : chair.ballotHint
                        color: "#8a1c1c"
                        wrapMode: Text.WordWrap
                    }
                }
            }
            Item { Layout.fillHeight: true }
        }
    }
}
