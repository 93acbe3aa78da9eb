// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Aula.Documents

// The document reader: one page at a time, fit width or fit page, zoom (buttons, pinch,
// double tap), a thumbnail strip, go to page, search with next/previous, night mode, the
// outline, and the member's annotations: pen, highlight over selected text, sticky notes,
// copy, undo/redo, delete, and the list of annotations a new version could not place.
// Presentation only: DocumentReader decides (what a selection covers, which annotation is
// under a finger, where an unplaced annotation goes).
Item {
    id: root

    required property DocumentReader reader
    // "width" or "page".
    property string fitMode: "width"
    property real zoom: 1.0
    // What a finger on the page does: "read" (scroll, tap an annotation), "select" (drag to
    // select text), "ink" (draw), "note" (tap to place a note), "place" (tap to put back the
    // unplaced annotation `placingId`).
    property string tool: "read"
    property string placingId: ""
    property bool outlineOpen: false
    // Shown by itself while there are unplaced annotations, until the member closes it.
    property bool unplacedOpen: reader.unplacedCount > 0
    // The current selection: where the drag started and ended (page points); the reader
    // snaps it to whole words.
    property point selectionStart: Qt.point(0, 0)
    property point selectionEnd: Qt.point(0, 0)
    property bool hasSelection: false

    // The current page's size in points.
    readonly property real pageWidthPt: reader.pageCount > 0
        ? reader.pageSize(reader.currentPage).width : 1
    readonly property real pageHeightPt: reader.pageCount > 0
        ? reader.pageSize(reader.currentPage).height : 1
    readonly property real fitScale: fitMode === "width"
        ? viewport.width / pageWidthPt
        : Math.min(viewport.width / pageWidthPt, viewport.height / pageHeightPt)
    // Points to item pixels on the page shown.
    readonly property real pageScale: pageItem.width / pageWidthPt
    // Touch targets: at least 56 px (about 9 mm on the tablet).
    readonly property int touch: 56

    function setZoom(value) {
        zoom = Math.max(0.5, Math.min(8, value))
    }
    function setTool(value) {
        clearSelection()
        tool = value
    }
    function clearSelection() {
        hasSelection = false
        pageItem.selection = []
    }
    function toPoints(x, y) {
        return Qt.point(x / pageScale, y / pageScale)
    }
    function openAnnotation(id) {
        // annotationInfo() returns a QVariantMap; Qt 6.4's qmllint cannot know its keys
        // (kind, quote, note) and reports them as missing properties of QVariantMap.
        // qmllint disable type
        const info = reader.annotationInfo(id)
        if (!info.kind)
            return
        pageItem.selectedAnnotation = id
        annotationPopup.annotationId = id
        annotationPopup.kind = info.kind
        annotationPopup.quote = info.quote
        noteText.text = info.note
        // qmllint enable type
        annotationPopup.open()
    }

    focus: true
    Keys.onRightPressed: reader.currentPage = reader.currentPage + 1
    Keys.onLeftPressed: reader.currentPage = reader.currentPage - 1

    Connections {
        target: root.reader
        function onCurrentPageChanged() { root.clearSelection() }
        function onDocumentChanged() {
            root.clearSelection()
            root.tool = "read"
            // Annotations a new version could not place are shown, never hidden.
            root.unplacedOpen = Qt.binding(() => root.reader.unplacedCount > 0)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Reading: fit, zoom, page, search, night. Dark bar, light text: every label and
        // icon on it, the disabled ones too, is at least 4.5:1 against the bar.
        ToolBar {
            id: readingBar

            Layout.fillWidth: true
            // Flat: no elevation shadow (a shader effect the software renderer cannot draw).
            Material.elevation: 0
            Material.theme: Material.Dark
            Material.primary: "#1d3b5a"
            Material.background: "#1d3b5a"
            Material.foreground: "#ffffff"
            Material.accent: "#ffd166"

            RowLayout {
                anchors.fill: parent
                spacing: 2

                ReaderButton {
                    objectName: "outlineButton"
                    text: qsTr("Contents")
                    checkable: true
                    checked: root.outlineOpen
                    onClicked: root.outlineOpen = !root.outlineOpen
                }
                ReaderButton {
                    text: qsTr("Fit width")
                    checkable: true
                    checked: root.fitMode === "width"
                    onClicked: { root.fitMode = "width"; root.zoom = 1 }
                }
                ReaderButton {
                    text: qsTr("Fit page")
                    checkable: true
                    checked: root.fitMode === "page"
                    onClicked: { root.fitMode = "page"; root.zoom = 1 }
                }
                ReaderButton {
                    text: "−"
                    font.pixelSize: 26
                    onClicked: root.setZoom(root.zoom / 1.25)
                }
                Label { text: Math.round(root.zoom * 100) + "%" }
                ReaderButton {
                    text: "+"
                    font.pixelSize: 26
                    onClicked: root.setZoom(root.zoom * 1.25)
                }
                TextField {
                    id: pageField
                    Layout.preferredWidth: 72
                    horizontalAlignment: Text.AlignHCenter
                    text: root.reader.currentPage + 1
                    inputMethodHints: Qt.ImhDigitsOnly
                    validator: IntValidator { bottom: 1; top: Math.max(1, root.reader.pageCount) }
                    onAccepted: root.reader.currentPage = parseInt(text) - 1
                }
                Label { text: qsTr("of %1").arg(root.reader.pageCount) }
                Item { Layout.fillWidth: true }
                TextField {
                    id: searchField
                    Layout.preferredWidth: 220
                    placeholderText: qsTr("Search")
                    onAccepted: root.reader.search(text)
                }
                BusyIndicator {
                    Layout.preferredWidth: 32
                    Layout.preferredHeight: 32
                    running: root.reader.searching
                    visible: running
                }
                ReaderButton {
                    objectName: "previousHit"
                    text: "‹"
                    font.pixelSize: 30
                    enabled: root.reader.hitCount > 0
                    onClicked: root.reader.previousHit()
                }
                Label {
                    text: root.reader.hitCount > 0
                          ? qsTr("%1 of %2").arg(root.reader.currentHit + 1)
                                            .arg(root.reader.hitCount)
                          : ""
                }
                ReaderButton {
                    objectName: "nextHit"
                    text: "›"
                    font.pixelSize: 30
                    enabled: root.reader.hitCount > 0
                    onClicked: root.reader.nextHit()
                }
                ReaderButton {
                    objectName: "nightButton"
                    text: qsTr("Night")
                    checkable: true
                    checked: root.reader.night
                    onToggled: root.reader.night = checked
                }
            }
        }

        // Annotating: the tools, undo/redo, and the unplaced list.
        ToolBar {
            id: annotationBar

            Layout.fillWidth: true
            visible: root.reader.status === "ready"
            Material.elevation: 0
            Material.theme: Material.Dark
            Material.primary: "#24496e"
            Material.background: "#24496e"
            Material.foreground: "#ffffff"
            Material.accent: "#ffd166"

            RowLayout {
                anchors.fill: parent
                spacing: 2

                ReaderButton {
                    objectName: "readTool"
                    text: qsTr("Read")
                    checkable: true
                    checked: root.tool === "read"
                    onClicked: root.setTool("read")
                }
                ReaderButton {
                    objectName: "selectTool"
                    text: qsTr("Select text")
                    checkable: true
                    checked: root.tool === "select"
                    onClicked: root.setTool("select")
                }
                ReaderButton {
                    objectName: "inkTool"
                    text: qsTr("Pen")
                    checkable: true
                    checked: root.tool === "ink"
                    enabled: root.reader.canAnnotate
                    onClicked: root.setTool("ink")
                }
                ReaderButton {
                    objectName: "noteTool"
                    text: qsTr("Note")
                    checkable: true
                    checked: root.tool === "note"
                    enabled: root.reader.canAnnotate
                    onClicked: root.setTool("note")
                }
                ToolSeparator {}
                ReaderButton {
                    objectName: "undoButton"
                    text: qsTr("Undo")
                    enabled: root.reader.canUndo
                    onClicked: root.reader.undo()
                }
                ReaderButton {
                    objectName: "redoButton"
                    text: qsTr("Redo")
                    enabled: root.reader.canRedo
                    onClicked: root.reader.redo()
                }
                Item { Layout.fillWidth: true }
                Label {
                    visible: root.tool === "place"
                    text: qsTr("Tap the page where the annotation goes")
                    color: "#ffd166"
                }
                ReaderButton {
                    objectName: "unplacedButton"
                    visible: root.reader.unplacedCount > 0
                    text: qsTr("Not placed: %1").arg(root.reader.unplacedCount)
                    checkable: true
                    checked: root.unplacedOpen
                    onClicked: root.unplacedOpen = !root.unplacedOpen
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            // The outline: PDF bookmarks, tap to go to the page.
            Rectangle {
                id: outlinePanel

                objectName: "outlinePanel"
                Layout.fillHeight: true
                Layout.preferredWidth: Math.min(380, root.width * 0.26)
                visible: root.outlineOpen && root.reader.status === "ready"
                color: "#f4f6f9"

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 0

                    Label {
                        Layout.fillWidth: true
                        Layout.margins: 12
                        text: qsTr("Contents")
                        font.pixelSize: 20
                        font.bold: true
                        color: "#1d2733"
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.margins: 12
                        visible: outlineList.count === 0
                        wrapMode: Text.WordWrap
                        color: "#4a5563"
                        text: qsTr("This document has no table of contents.")
                    }
                    ListView {
                        id: outlineList

                        objectName: "outlineList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        model: root.reader.outline

                        delegate: ItemDelegate {
                            id: entry

                            required property string title
                            required property int page
                            required property int depth

                            width: ListView.view.width
                            height: root.touch
                            leftPadding: 12 + entry.depth * 20
                            enabled: entry.page >= 0
                            highlighted: entry.page === root.reader.currentPage
                            contentItem: RowLayout {
                                Label {
                                    Layout.fillWidth: true
                                    text: entry.title
                                    elide: Text.ElideRight
                                    color: "#1d2733"
                                    font.bold: entry.depth === 0
                                }
                                Label {
                                    text: entry.page >= 0 ? entry.page + 1 : ""
                                    color: "#4a5563"
                                }
                            }
                            onClicked: root.reader.currentPage = entry.page
                        }
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
                    // In the annotating tools a finger draws or selects instead of scrolling.
                    interactive: root.tool === "read"
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

                        // Pen, selection, notes and placing: one finger, in page points.
                        MouseArea {
                            id: pageInput

                            objectName: "pageInput"
                            anchors.fill: parent
                            enabled: root.tool !== "read"
                            preventStealing: true
                            property var stroke: []
                            property point start

                            onPressed: mouse => {
                                const p = root.toPoints(mouse.x, mouse.y)
                                if (root.tool === "ink") {
                                    stroke = [p]
                                    pageItem.pendingStroke = stroke
                                } else if (root.tool === "select") {
                                    start = p
                                    root.hasSelection = false
                                    pageItem.selection = []
                                }
                            }
                            onPositionChanged: mouse => {
                                const p = root.toPoints(mouse.x, mouse.y)
                                if (root.tool === "ink") {
                                    stroke.push(p)
                                    pageItem.pendingStroke = stroke
                                } else if (root.tool === "select") {
                                    root.selectionStart = start
                                    root.selectionEnd = p
                                    pageItem.selection = root.reader.selectionRects(
                                        root.reader.currentPage, start, p)
                                }
                            }
                            onReleased: mouse => {
                                const p = root.toPoints(mouse.x, mouse.y)
                                if (root.tool === "ink") {
                                    stroke.push(p)
                                    root.reader.addInk(root.reader.currentPage, stroke)
                                    stroke = []
                                    pageItem.pendingStroke = []
                                } else if (root.tool === "select") {
                                    root.selectionEnd = p
                                    pageItem.selection = root.reader.selectionRects(
                                        root.reader.currentPage, start, p)
                                    root.hasSelection = pageItem.selection.length > 0
                                } else if (root.tool === "note") {
                                    noteEditor.openNew(p)
                                } else if (root.tool === "place") {
                                    root.reader.placeUnplaced(root.placingId,
                                                              root.reader.currentPage, p)
                                    root.placingId = ""
                                    root.tool = "read"
                                }
                            }
                        }
                    }

                    PinchHandler {
                        target: null
                        enabled: root.tool === "read"
                        property real startZoom: 1
                        onActiveChanged: if (active) startZoom = root.zoom
                        onActiveScaleChanged: root.setZoom(startZoom * activeScale)
                    }
                    TapHandler {
                        enabled: root.tool === "read"
                        onTapped: (eventPoint, button) => {
                            if (tapCount !== 1)
                                return
                            const local = pageItem.mapFromItem(null, eventPoint.scenePosition.x,
                                                               eventPoint.scenePosition.y)
                            const id = root.reader.annotationAt(root.reader.currentPage,
                                root.toPoints(local.x, local.y))
                            if (id.length > 0)
                                root.openAnnotation(id)
                        }
                        onDoubleTapped: root.setZoom(root.zoom > 1 ? 1 : 2)
                    }
                }

                // What to do with the selected text.
                Pane {
                    id: selectionBar

                    objectName: "selectionBar"
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottom: parent.bottom
                    anchors.bottomMargin: 16
                    visible: root.hasSelection && root.tool === "select"
                    padding: 6
                    background: Rectangle {
                        color: "white"
                        radius: 8
                        border.color: "#9aa6b4"
                    }

                    RowLayout {
                        ReaderButton {
                            objectName: "copyButton"
                            text: qsTr("Copy")
                            onClicked: {
                                root.reader.copyText(root.reader.currentPage, root.selectionStart,
                                                    root.selectionEnd)
                                root.clearSelection()
                            }
                        }
                        ReaderButton {
                            objectName: "highlightButton"
                            text: qsTr("Highlight")
                            enabled: root.reader.canAnnotate
                            onClicked: {
                                root.reader.highlightSelection(root.reader.currentPage,
                                                               root.selectionStart,
                                                               root.selectionEnd)
                                root.clearSelection()
                            }
                        }
                        ReaderButton {
                            text: qsTr("Cancel")
                            onClicked: root.clearSelection()
                        }
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

            // Annotations that a new version of the document could not place: each with its
            // page and text, to put back by hand or to dismiss. Nothing leaves this list
            // without the member's tap.
            Rectangle {
                id: unplacedPanel

                objectName: "unplacedPanel"
                Layout.fillHeight: true
                Layout.preferredWidth: Math.min(440, root.width * 0.29)
                visible: root.unplacedOpen && root.reader.unplacedCount > 0
                color: "#fff8e6"

                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 12
                    spacing: 8

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Annotations not placed in this version")
                        font.pixelSize: 20
                        font.bold: true
                        wrapMode: Text.WordWrap
                        color: "#1d2733"
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        color: "#4a5563"
                        // One literal: lupdate does not join concatenated strings.
                        text: qsTr("The text they were attached to changed. Place each one on a page, or dismiss it: it stays with the previous version.")
                    }
                    ListView {
                        id: unplacedList

                        objectName: "unplacedList"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: 8
                        model: root.reader.unplaced

                        delegate: Rectangle {
                            id: card

                            required property string annotationId
                            required property string kindLabel
                            required property int page
                            required property string quote
                            required property string message

                            width: ListView.view.width
                            height: cardColumn.implicitHeight + 16
                            radius: 6
                            color: "white"
                            border.color: "#e0c47a"

                            ColumnLayout {
                                id: cardColumn

                                anchors.fill: parent
                                anchors.margins: 8
                                spacing: 4

                                Label {
                                    Layout.fillWidth: true
                                    text: qsTr("%1 · was on page %2").arg(card.kindLabel)
                                                                     .arg(card.page + 1)
                                    font.bold: true
                                    color: "#1d2733"
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: card.quote.length > 0
                                    text: "«" + card.quote + "»"
                                    wrapMode: Text.WordWrap
                                    maximumLineCount: 3
                                    elide: Text.ElideRight
                                    color: "#1d2733"
                                }
                                Label {
                                    Layout.fillWidth: true
                                    text: card.message
                                    wrapMode: Text.WordWrap
                                    color: "#6b4e00"
                                }
                                RowLayout {
                                    ReaderButton {
                                        objectName: "placeButton"
                                        text: qsTr("Place on this page")
                                        enabled: root.reader.canAnnotate
                                        onClicked: {
                                            root.clearSelection()
                                            root.placingId = card.annotationId
                                            root.tool = "place"
                                        }
                                    }
                                    ReaderButton {
                                        objectName: "dismissButton"
                                        text: qsTr("Dismiss")
                                        onClicked: root.reader.dismissUnplaced(card.annotationId)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        ListView {
            id: strip

            Layout.fillWidth: true
            Layout.preferredHeight: 132
            // A darker band, so white thumbnails stand out as pages.
            Rectangle {
                parent: strip
                z: -1
                anchors.fill: parent
                color: root.reader.night ? "#101010" : "#d5dae1"
            }
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

    // A sticky note: new (tap in the note tool) or an existing one (tap on it).
    Popup {
        id: noteEditor

        objectName: "noteEditor"
        property point at

        function openNew(p) {
            at = p
            newNoteText.text = ""
            open()
            newNoteText.forceActiveFocus()
        }

        anchors.centerIn: Overlay.overlay
        width: Math.min(520, root.width * 0.8)
        modal: true
        padding: 16

        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Label { text: qsTr("New note"); font.pixelSize: 20; font.bold: true }
            TextArea {
                id: newNoteText
                objectName: "newNoteText"
                Layout.fillWidth: true
                Layout.preferredHeight: 140
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Write the note")
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                ReaderButton {
                    text: qsTr("Cancel")
                    onClicked: noteEditor.close()
                }
                ReaderButton {
                    objectName: "addNoteButton"
                    text: qsTr("Add note")
                    highlighted: true
                    onClicked: {
                        root.reader.addNote(root.reader.currentPage, noteEditor.at,
                                           newNoteText.text)
                        noteEditor.close()
                    }
                }
            }
        }
    }

    // An existing annotation: edit a note's text, or delete it.
    Popup {
        id: annotationPopup

        objectName: "annotationPopup"
        property string annotationId
        property string kind
        property string quote

        anchors.centerIn: Overlay.overlay
        width: Math.min(520, root.width * 0.8)
        modal: true
        padding: 16
        onClosed: pageItem.selectedAnnotation = ""

        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Label {
                text: annotationPopup.kind === "note" ? qsTr("Note")
                    : annotationPopup.kind === "highlight" ? qsTr("Highlighted text")
                    : qsTr("Pen")
                font.pixelSize: 20
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                visible: annotationPopup.kind === "highlight"
                text: "«" + annotationPopup.quote + "»"
                wrapMode: Text.WordWrap
            }
            TextArea {
                id: noteText
                objectName: "noteText"
                Layout.fillWidth: true
                Layout.preferredHeight: 140
                visible: annotationPopup.kind === "note"
                wrapMode: TextEdit.Wrap
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                ReaderButton {
                    objectName: "deleteAnnotationButton"
                    text: qsTr("Delete")
                    onClicked: {
                        root.reader.removeAnnotation(annotationPopup.annotationId)
                        annotationPopup.close()
                    }
                }
                ReaderButton {
                    text: qsTr("Close")
                    onClicked: annotationPopup.close()
                }
                ReaderButton {
                    objectName: "saveNoteButton"
                    visible: annotationPopup.kind === "note"
                    text: qsTr("Save")
                    highlighted: true
                    onClicked: {
                        root.reader.setNoteText(annotationPopup.annotationId, noteText.text)
                        annotationPopup.close()
                    }
                }
            }
        }
    }
}
