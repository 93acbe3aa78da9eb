// SPDX-License-Identifier: GPL-3.0-or-later
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// A reader tool button with a touch target of at least 56×56 px (about 9 mm on the tablet).
ToolButton {
    implicitHeight: Math.max(56, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(56, implicitContentWidth + leftPadding + rightPadding)
    font.pixelSize: 17
    font.capitalization: Font.MixedCase
}
