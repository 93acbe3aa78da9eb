// SPDX-License-Identifier: GPL-3.0-or-later
// aula-demo-pdfs: writes the demo sitting's acts as PDFs, and the agenda that lists them.
// Run at build time (see CMakeLists.txt) with QT_QPA_PLATFORM=offscreen.
#include "demodocuments.h"
#include "pdfrenderer.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextDocumentFragment>
#include <QTextStream>

using namespace Aula::Demo;

namespace {

QString plain(const QString &html)
{
    return QTextDocumentFragment::fromHtml(html).toPlainText().simplified();
}

QString sha256Of(const QString &path, qint64 *size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    *size = file.size();
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv); // fonts for QPdfWriter need a Gui application
    QGuiApplication::setApplicationName(QStringLiteral("aula-demo-pdfs"));
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the demo sitting's agenda-item PDFs and agenda.json."));
    parser.addHelpOption();
    const QCommandLineOption outputOption(
        QStringList { QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Directory to write into."), QStringLiteral("dir"));
    parser.addOption(outputOption);
    parser.process(app);
    const QString output = parser.value(outputOption);
    if (output.isEmpty()) {
        err << "aula-demo-pdfs: --output DIR is required\n";
        return 2;
    }
    if (!QDir().mkpath(output)) {
        err << "aula-demo-pdfs: cannot create " << output << '\n';
        return 1;
    }

    const DemoSitting sitting = demoSitting();
    QJsonArray items;
    for (const DemoDocument &document : demoDocuments()) {
        const QString path = QDir(output).filePath(document.fileName);
        const QString title = plain(document.title);
        const PageFrame frame {
            sitting.municipality + QStringLiteral(" \u2014 Consiglio comunale"),
            QStringLiteral("Punto %1 dell\u2019ordine del giorno").arg(document.number),
            QStringLiteral("Seduta del ") + sitting.dateText
        };
        const auto pages = renderPdf(path, title, document.html, frame);
        if (!pages) {
            err << "aula-demo-pdfs: " << pages.error().describe() << '\n';
            return 1;
        }
        qint64 size = 0;
        const QString sha256 = sha256Of(path, &size);
        if (sha256.isEmpty()) {
            err << "aula-demo-pdfs: cannot read back " << path << '\n';
            return 1;
        }
        QJsonObject item {
            { QStringLiteral("number"), document.number },
            { QStringLiteral("title"), title },
            { QStringLiteral("kind"), document.kind },
            { QStringLiteral("rapporteur"), plain(document.rapporteur) },
            { QStringLiteral("document"),
              QJsonObject { { QStringLiteral("file"), document.fileName },
                            { QStringLiteral("sha256"), sha256 },
                            { QStringLiteral("size"), size },
                            { QStringLiteral("pages"), *pages },
                            { QStringLiteral("mediaType"), QStringLiteral("application/pdf") } } }
        };
        item.insert(QStringLiteral("votePreset"),
                    document.votePreset.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(document.votePreset));
        items.append(item);
    }

    const QJsonObject agenda {
        { QStringLiteral("format"), QStringLiteral("aula.demo-agenda/1") },
        { QStringLiteral("council"), sitting.council },
        { QStringLiteral("municipality"), sitting.municipality },
        { QStringLiteral("sitting"),
          QJsonObject { { QStringLiteral("number"), sitting.number },
                        { QStringLiteral("date"), sitting.date },
                        { QStringLiteral("time"), sitting.time },
                        { QStringLiteral("call"), QStringLiteral("first") },
                        { QStringLiteral("place"), sitting.place } } },
        { QStringLiteral("items"), items },
    };
    QSaveFile file(QDir(output).filePath(QStringLiteral("agenda.json")));
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(agenda).toJson(QJsonDocument::Indented)) < 0
        || !file.commit()) {
        err << "aula-demo-pdfs: cannot write " << file.fileName() << ": " << file.errorString()
            << '\n';
        return 1;
    }
    return 0;
}
