// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Quick Test runner for the Aula.Ui pages.
#include <QObject>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(Aula_UiPlugin)
Q_IMPORT_QML_PLUGIN(Aula_ChamberPlugin)
Q_IMPORT_QML_PLUGIN(Aula_DocumentsPlugin)

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup() { QQuickStyle::setStyle(QStringLiteral("Material")); }

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Qt 6.4 does not look in the resource tree that qt_add_qml_module fills by default.
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(aula_pages, Setup)
#include "main.moc"
