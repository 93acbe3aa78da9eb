// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// Login: tap the badge, then type the PIN. SessionManager decides; this page shows.
Page {
    id: root
    objectName: "loginPage"

    required property SessionManager session
    readonly property bool enteringPin: session.state === SessionManager.EnteringPin
        || session.state === SessionManager.LoggingIn

    RowLayout {
        anchors.fill: parent
        anchors.margins: 40
        spacing: 40

        // Left: what to do now, and why the last attempt failed.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: 24

            Label {
                text: qsTr("Council of Valdoria")
                font.pixelSize: 24
                color: Material.hintTextColor
            }
            Label {
                objectName: "loginPrompt"
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                font.pixelSize: 40
                font.bold: true
                text: root.session.state === SessionManager.LoggingIn ? qsTr("Checking…")
                    : root.enteringPin ? qsTr("Type your PIN")
                    : qsTr("Tap your badge on the reader")
            }
            Label {
                objectName: "loginMessage"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.WordWrap
                font.pixelSize: 22
                color: "#8a1c1c"
                text: root.session.message
            }
            Label {
                objectName: "lockedText"
                visible: text.length > 0
                Layout.fillWidth: true
                font.pixelSize: 28
                font.bold: true
                color: "#8a1c1c"
                text: root.session.lockedUntilText.length > 0
                    ? qsTr("Locked until %1").arg(root.session.lockedUntilText) : ""
            }
            Label {
                objectName: "attemptsText"
                visible: text.length > 0
                Layout.fillWidth: true
                font.pixelSize: 24
                font.bold: true
                color: "#8a1c1c"
                text: root.session.attemptsLeft > 0 && root.enteringPin
                    ? qsTr("Attempts left: %1").arg(root.session.attemptsLeft) : ""
            }
            Pane {
                objectName: "offlinePane"
                visible: root.session.offlineText.length > 0
                Layout.fillWidth: true
                padding: 16
                background: Rectangle { radius: 6; color: "#fff4e0"; border.color: "#e0b060" }
                Label {
                    objectName: "offlineText"
                    anchors.fill: parent
                    wrapMode: Text.WordWrap
                    font.pixelSize: 20
                    text: root.session.offlineText
                }
            }
            Item { Layout.fillHeight: true }

            // The demo's fake reader: a badge per person, as if tapped.
            Label {
                visible: root.session.demoBadges.length > 0 && !root.enteringPin
                text: qsTr("Demo badges (fake reader)")
                color: Material.hintTextColor
            }
            Flow {
                visible: root.session.demoBadges.length > 0 && !root.enteringPin
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: root.session.demoBadges
                    delegate: Button {
                        required property string modelData
                        text: modelData
                        implicitHeight: 56
                        onClicked: root.session.presentDemoBadge(modelData)
                    }
                }
            }
        }

        // Right: the PIN pad.
        ColumnLayout {
            visible: root.enteringPin
            Layout.alignment: Qt.AlignVCenter
            spacing: 16

            Row {
                Layout.alignment: Qt.AlignHCenter
                spacing: 16
                Repeater {
                    model: Math.max(4, root.session.pinLength)
                    delegate: Rectangle {
                        required property int index
                        width: 24
                        height: 24
                        radius: 12
                        color: index < root.session.pinLength ? Material.accent : "transparent"
                        border.color: Material.accent
                        border.width: 2
                    }
                }
            }
            GridLayout {
                columns: 3
                rowSpacing: 12
                columnSpacing: 12
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
                    delegate: Button {
                        required property string modelData
                        objectName: "pin_" + modelData
                        implicitWidth: 112
                        implicitHeight: 88
                        font.pixelSize: 32
                        text: modelData === "OK" ? qsTr("OK") : modelData
                        highlighted: modelData === "OK"
                        enabled: modelData === "OK" ? root.session.canSubmit
                            : root.session.state === SessionManager.EnteringPin
                        onClicked: {
                            if (modelData === "OK")
                                root.session.submitPin()
                            else if (modelData === "⌫")
                                root.session.removeDigit()
                            else
                                root.session.appendDigit(Number(modelData))
                        }
                    }
                }
            }
            Button {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Cancel")
                flat: true
                onClicked: root.session.cancel()
            }
        }
    }
}
