// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Chamber

// The banner that says how the tablet is linked to the chamber, and who is logged in.
ToolBar {
    id: root

    required property SessionManager session
    property string personName: ""
    property bool loggedIn: false

    signal logoutRequested()

    ConnectionBanner {
        id: banner
        session: root.session
    }

    height: 64
    Material.background: banner.level === ConnectionBanner.Connected ? "#1d3b5a"
        : banner.level === ConnectionBanner.Offline ? "#8a1c1c" : "#9a5b00"

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 20
        anchors.rightMargin: 12
        spacing: 16

        Rectangle {
            width: 16
            height: 16
            radius: 8
            color: banner.level === ConnectionBanner.Connected ? "#6fdc8c" : "#ffcc66"
        }
        Label {
            objectName: "bannerText"
            text: banner.text
            color: "white"
            font.pixelSize: 20
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Label {
            visible: root.loggedIn
            text: root.personName
            color: "white"
            font.pixelSize: 20
            font.bold: true
        }
        Button {
            visible: root.loggedIn
            text: qsTr("Log out")
            flat: true
            Material.foreground: "white"
            onClicked: root.logoutRequested()
        }
    }
}
