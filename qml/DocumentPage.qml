// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Aula.Chamber
import Aula.Documents

// One document of the sitting, in the reader.
Page {
    id: root
    objectName: "documentPage"

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
            Label {
                objectName: "carryingOver"
                // The notes of the previous version are being moved onto this one, off the
                // UI thread: the page can be read meanwhile, the notes appear when done.
                visible: root.shelf !== null && root.shelf.annotations !== null
                         && root.shelf.annotations.carryingOver
                text: qsTr("Moving your notes to this version…")
                font.pixelSize: 16
            }
            Label {
                id: exportResult
                objectName: "exportResult"
                Layout.maximumWidth: root.width / 3
                elide: Text.ElideMiddle
                font.pixelSize: 16
                visible: text.length > 0
            }
            Button {
                objectName: "exportButton"
                // The member's notes printed onto a copy of the act (PDF annotations).
                text: qsTr("Export with my notes")
                flat: true
                visible: root.shelf !== null && root.shelf.annotations !== null
                         && root.shelf.annotations.attached
                onClicked: {
                    const path = root.shelf.annotations.exportCopy("")
                    exportResult.text = path.length > 0
                        ? qsTr("Saved: %1").arg(path)
                        : qsTr("Not saved: %1").arg(root.shelf.annotations.lastExportError)
                }
            }
        }
    }

    ReaderView {
        anchors.fill: parent
        reader: reader
    }
}
