// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Aula.Documents

// The document reader: one page at a time, fit width or fit page, zoom (buttons, pinch,
// double tap), a thumbnail strip, go to page, search with next/previous, night mode.
// Presentation only: DocumentReader decides.
Item {
    id: root

    required property DocumentReader reader
    // "width" or "page".
    property string fitMode: "width"
    property real zoom: 1.0

    // The current page's size in points.
    readonly property real pageWidthPt: reader.pageCount > 0
        ? reader.pageSize(reader.currentPage).width : 1
    readonly property real pageHeightPt: reader.pageCount > 0
        ? reader.pageSize(reader.currentPage).height : 1
    readonly property real fitScale: fitMode === "width"
        ? viewport.width / pageWidthPt
        : Math.min(viewport.width / pageWidthPt, viewport.height / pageHeightPt)

    function setZoom(value) {
        zoom = Math.max(0.5, Math.min(8, value))
    }

    focus: true
    Keys.onRightPressed: reader.currentPage = reader.currentPage + 1
    Keys.onLeftPressed: reader.currentPage = reader.currentPage - 1

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true

            RowLayout {
                anchors.fill: parent

                ToolButton {
                    text: qsTr("Fit width")
                    checkable: true
                    checked: root.fitMode === "width"
                    onClicked: { root.fitMode = "width"; root.zoom = 1 }
                }
                ToolButton {
                    text: qsTr("Fit page")
                    checkable: true
                    checked: root.fitMode === "page"
                    onClicked: { root.fitMode = "page"; root.zoom = 1 }
                }
                ToolButton { text: "−"; onClicked: root.setZoom(root.zoom / 1.25) }
                Label { text: Math.round(root.zoom * 100) + "%" }
                ToolButton { text: "+"; onClicked: root.setZoom(root.zoom * 1.25) }
                TextField {
                    id: pageField
                    Layout.preferredWidth: 60
                    text: root.reader.currentPage + 1
                    validator: IntValidator { bottom: 1; top: Math.max(1, root.reader.pageCount) }
                    onAccepted: root.reader.currentPage = parseInt(text) - 1
                }
                Label { text: qsTr("of %1").arg(root.reader.pageCount) }
                Item { Layout.fillWidth: true }
                TextField {
                    id: searchField
                    Layout.preferredWidth: 200
                    placeholderText: qsTr("Search")
                    onAccepted: root.reader.search(text)
                }
                BusyIndicator {
                    Layout.preferredWidth: 24
                    Layout.preferredHeight: 24
                    running: root.reader.searching
                    visible: running
                }
                ToolButton {
                    text: "‹"
                    enabled: root.reader.hitCount > 0
                    onClicked: root.reader.previousHit()
                }
                Label {
                    text: root.reader.hitCount > 0
                          ? qsTr("%1 of %2").arg(root.reader.currentHit + 1)
                                            .arg(root.reader.hitCount)
                          : ""
                }
                ToolButton {
                    text: "›"
                    enabled: root.reader.hitCount > 0
                    onClicked: root.reader.nextHit()
                }
                ToolButton {
                    text: qsTr("Night")
                    checkable: true
                    checked: root.reader.night
                    onToggled: root.reader.night = checked
                }
            }
        }

        Rectangle {
            id: viewport

            Layout.fillWidth: true
            Layout.fillHeight: true
            color: root.reader.night ? "#202020" : "#8a8f98"
            clip: true

            Flickable {
                id: flick

                anchors.fill: parent
                visible: root.reader.status === "ready"
                contentWidth: Math.max(width, pageItem.width)
                contentHeight: Math.max(height, pageItem.height)
                boundsBehavior: Flickable.StopAtBounds

                PdfPage {
                    id: pageItem

                    objectName: "currentPage"
                    reader: root.reader
                    page: root.reader.currentPage
                    width: Math.round(root.pageWidthPt * root.fitScale * root.zoom)
                    height: Math.round(root.pageHeightPt * root.fitScale * root.zoom)
                    x: Math.max(0, (flick.width - width) / 2)
                    visibleArea: Qt.rect(flick.contentX - x, flick.contentY, flick.width,
                                         flick.height)
                }

                PinchHandler {
                    target: null
                    property real startZoom: 1
                    onActiveChanged: if (active) startZoom = root.zoom
                    onActiveScaleChanged: root.setZoom(startZoom * activeScale)
                }
                TapHandler {
                    onDoubleTapped: root.setZoom(root.zoom > 1 ? 1 : 2)
                }
            }

            Label {
                objectName: "errorMessage"
                anchors.centerIn: parent
                width: parent.width * 0.7
                visible: root.reader.status === "error"
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                color: "white"
                font.pixelSize: 20
                text: root.reader.errorMessage
            }
        }

        ListView {
            id: strip

            Layout.fillWidth: true
            Layout.preferredHeight: 132
            orientation: ListView.Horizontal
            spacing: 8
            leftMargin: 8
            rightMargin: 8
            clip: true
            model: root.reader.pages
            currentIndex: root.reader.currentPage
            highlightFollowsCurrentItem: true

            delegate: Item {
                id: thumb

                required property int page
                required property real aspect

                width: 112 * aspect + 8
                height: 124

                Rectangle {
                    anchors.fill: parent
                    anchors.topMargin: 4
                    color: thumb.page === root.reader.currentPage ? "#1e5aa0" : "transparent"
                }
                PdfPage {
                    x: 4
                    y: 8
                    width: 112 * thumb.aspect
                    height: 112
                    reader: root.reader
                    page: thumb.page
                    thumbnail: true
                }
                TapHandler { onTapped: root.reader.currentPage = thumb.page }
            }
        }
    }
}
