// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// The ballot, full screen: the item and kind, three large choices, the confirmation, the
// receipt (or "not delivered — retry"), then the result with its explanation.
Rectangle {
    id: root
    objectName: "votePanel"

    required property BallotController controller
    readonly property int phase: controller.phase

    color: "#f4f6f9"

    // Nothing behind the panel can be touched while it is up.
    MouseArea {
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 16

        Label {
            objectName: "ballotKind"
            text: root.controller.kindText
            font.pixelSize: 22
            font.bold: true
            color: Material.accent
        }
        Label {
            objectName: "ballotItem"
            Layout.fillWidth: true
            Layout.preferredWidth: root.width - 64
            text: root.controller.itemTitle
            font.pixelSize: 30
            font.bold: true
            wrapMode: Text.WordWrap
            maximumLineCount: 3
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            Layout.preferredWidth: root.width - 64
            visible: root.controller.subject.length > 0
            text: root.controller.subject
            wrapMode: Text.WordWrap
        }
        Label {
            visible: root.phase !== BallotController.Result
            text: root.controller.progressText
            color: Material.hintTextColor
        }

        // Choosing: three big choices.
        RowLayout {
            objectName: "choices"
            visible: root.phase === BallotController.Choosing
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 24
            Repeater {
                model: [
                    { code: "favour", label: qsTr("Favourable"), tint: "#1b7a3a" },
                    { code: "against", label: qsTr("Against"), tint: "#8a1c1c" },
                    { code: "abstain", label: qsTr("Abstain"), tint: "#5a5a5a" }
                ]
                delegate: Button {
                    required property var modelData
                    objectName: "choice_" + modelData.code
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.maximumHeight: 320
                    font.pixelSize: 40
                    font.bold: true
                    text: modelData.label
                    Material.background: modelData.tint
                    Material.foreground: "white"
                    onClicked: root.controller.choose(modelData.code)
                }
            }
        }

        // Confirming.
        ColumnLayout {
            visible: root.phase === BallotController.Confirming
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 24
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("You are voting:")
                font.pixelSize: 28
            }
            Label {
                objectName: "confirmChoice"
                Layout.alignment: Qt.AlignHCenter
                text: root.controller.choiceText
                font.pixelSize: 56
                font.bold: true
            }
            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                spacing: 24
                Button {
                    text: qsTr("Change")
                    implicitWidth: 260
                    implicitHeight: 96
                    font.pixelSize: 28
                    onClicked: root.controller.back()
                }
                Button {
                    objectName: "confirmButton"
                    text: qsTr("Confirm vote")
                    highlighted: true
                    implicitWidth: 320
                    implicitHeight: 96
                    font.pixelSize: 28
                    onClicked: root.controller.confirm()
                }
            }
        }

        // Sending, voted, not delivered, refused, watching.
        ColumnLayout {
            visible: root.phase === BallotController.Sending || root.phase === BallotController.Voted
                || root.phase === BallotController.NotDelivered || root.phase === BallotController.Refused
                || root.phase === BallotController.Watching
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 16
            Label {
                objectName: "voteStatus"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                font.pixelSize: 34
                font.bold: true
                text: root.phase === BallotController.Sending ? qsTr("Sending your vote…")
                    : root.phase === BallotController.Voted ? qsTr("Your vote is recorded: %1").arg(root.controller.choiceText)
                    : root.phase === BallotController.Watching ? qsTr("Voting in progress")
                    : root.controller.problem
                color: root.phase === BallotController.NotDelivered || root.phase === BallotController.Refused
                    ? "#8a1c1c" : Material.foreground
            }
            Label {
                visible: root.phase === BallotController.Voted && root.controller.receipt.length > 0
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WrapAnywhere
                font.family: "monospace"
                font.pixelSize: 16
                text: qsTr("Receipt: %1").arg(root.controller.receipt)
            }
            Button {
                visible: root.phase === BallotController.NotDelivered
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Retry")
                highlighted: true
                implicitWidth: 260
                implicitHeight: 96
                font.pixelSize: 28
                onClicked: root.controller.retry()
            }
            Item { Layout.fillHeight: true }
        }

        // The result.
        ColumnLayout {
            visible: root.phase === BallotController.Result
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12
            Label {
                objectName: "outcome"
                text: root.controller.outcomeText
                font.pixelSize: 48
                font.bold: true
                color: root.controller.approved ? "#1b7a3a" : "#8a1c1c"
            }
            Label {
                text: root.controller.tallyText
                font.pixelSize: 24
            }
            Label {
                objectName: "explanation"
                Layout.fillWidth: true
                Layout.preferredWidth: root.width - 64
                text: root.controller.explanation
                wrapMode: Text.WordWrap
                font.pixelSize: 18
            }
            Label {
                visible: votesList.count > 0
                text: qsTr("How each member voted")
                font.pixelSize: 16
                color: Material.hintTextColor
            }
            GridView {
                id: votesList
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                cellWidth: width / 3
                cellHeight: 32
                model: root.controller.votes
                delegate: Label {
                    required property string name
                    required property string choiceText
                    width: votesList.cellWidth - 8
                    text: name + " — " + choiceText
                    elide: Text.ElideRight
                    font.pixelSize: 16
                }
            }
            Button {
                Layout.alignment: Qt.AlignRight
                text: qsTr("Close")
                highlighted: true
                implicitWidth: 200
                implicitHeight: 72
                onClicked: root.controller.dismiss()
            }
        }
    }
}
