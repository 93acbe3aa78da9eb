// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Aula.Chamber
import Aula.Documents

// One document of the sitting, in the reader.
Page {
    id: root

    required property string path
    required property string documentTitle
    // A document of the tablet's store (by SHA-256), opened through the shelf instead of a path.
    property string sha256: ""
    property DocumentShelf shelf: null

    signal backRequested()

    DocumentReader {
        id: reader
        Component.onCompleted: {
            if (root.sha256.length > 0 && root.shelf)
                root.shelf.openIn(reader, root.sha256)
            else if (root.path.length > 0)
                openFile(root.path)
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            Button {
                text: qsTr("‹ Back to the sitting")
                flat: true
                onClicked: root.backRequested()
            }
            Label {
                Layout.fillWidth: true
                text: root.documentTitle
                font.pixelSize: 20
                elide: Text.ElideRight
            }
        }
    }

    ReaderView {
        anchors.fill: parent
        reader: reader
    }
}
