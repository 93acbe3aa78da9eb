// SPDX-License-Identifier: GPL-3.0-or-later
// The councillor's tablet: builds the long-lived managers here, wires them, and hands them
// to the QML window as its required properties.
#include "app/chamber/ballotcontroller.h"
#include "app/chamber/documentshelf.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/sittingtracker.h"
#include "app/chamber/tabletvault.h"
#include "app/demodirector.h"
#include "app/documents/pdfdocument.h"
#include "platform/keyvault/keyvault.h"
#include "platform/nfc/badgereaderfactory.h"
#include "platform/nfc/fakebadgereader.h"
#include "sync/connection/chamberconnection.h"
#include "sync/crypto/crypto.h"
#include "sync/crypto/signingkey.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>
#include <chrono>
#include <cstdio>
#include <ctime>

Q_IMPORT_QML_PLUGIN(Aula_UiPlugin)
Q_IMPORT_QML_PLUGIN(Aula_ChamberPlugin)
Q_IMPORT_QML_PLUGIN(Aula_DocumentsPlugin)

Q_LOGGING_CATEGORY(lcMain, "aula.app.main")

namespace {

using namespace Aula;

int g_qmlWarnings = 0;
QtMessageHandler g_previousHandler = nullptr;

// --self-test counts every warning (QML or not) and fails on any.
void countingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        ++g_qmlWarnings;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

Result<Crypto::SigningKey> readDeviceKey(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {
            QStringLiteral("bad_device_key"),
            QStringLiteral("cannot read the device key %1: %2").arg(path, file.errorString())
        };
    const QByteArray seed = QByteArray::fromHex(file.readAll().trimmed());
    return Crypto::SigningKey::fromSeed(seed);
}

Result<QSslConfiguration> pinnedTls(const QString &caPath)
{
    const auto certs = QSslCertificate::fromPath(caPath);
    if (certs.isEmpty())
        return Error { QStringLiteral("bad_ca"),
                       QStringLiteral("no certificate in %1").arg(caPath) };
    // Only the chamber's CA is trusted, never the system store: that is the pinning.
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({ certs.constFirst() });
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

// Loads every page on its own, with fake-free managers (no server): any warning fails.
int selfTest(QQmlEngine &engine, App::SessionManager &session, App::SittingTracker &tracker,
             App::DocumentShelf &shelf, App::TabletVault &vault)
{
    App::BallotController ballot;
    ballot.setTracker(&tracker);
    const QVariantMap managers { { QStringLiteral("session"), QVariant::fromValue(&session) },
                                 { QStringLiteral("tracker"), QVariant::fromValue(&tracker) },
                                 { QStringLiteral("shelf"), QVariant::fromValue(&shelf) },
                                 { QStringLiteral("vault"), QVariant::fromValue(&vault) },
                                 { QStringLiteral("controller"), QVariant::fromValue(&ballot) },
                                 { QStringLiteral("path"), QString() },
                                 { QStringLiteral("documentTitle"), QString() } };
    const QList<QPair<QString, QStringList>> pages = {
        { QStringLiteral("LoginPage"), { QStringLiteral("session") } },
        { QStringLiteral("SittingsPage"),
          { QStringLiteral("tracker"), QStringLiteral("shelf"), QStringLiteral("vault"),
            QStringLiteral("session") } },
        { QStringLiteral("SittingPage"), { QStringLiteral("tracker"), QStringLiteral("shelf") } },
        { QStringLiteral("VotePanel"), { QStringLiteral("controller") } },
        { QStringLiteral("DocumentPage"),
          { QStringLiteral("path"), QStringLiteral("documentTitle") } },
        { QStringLiteral("ConnectionBar"), { QStringLiteral("session") } },
        { QStringLiteral("Main"),
          { QStringLiteral("session"), QStringLiteral("tracker"), QStringLiteral("shelf"),
            QStringLiteral("vault") } },
    };
    int failed = 0;
    for (const auto &[name, required] : pages) {
        QQmlComponent component(&engine);
        component.loadUrl(QUrl(QStringLiteral("qrc:/qt/qml/Aula/Ui/%1.qml").arg(name)),
                          QQmlComponent::PreferSynchronous);
        QVariantMap props;
        for (const QString &p : required)
            props.insert(p, managers.value(p));
        const int before = g_qmlWarnings;
        if (!component.isReady()) {
            qCCritical(lcMain).noquote()
                << "self-test:" << name << "failed:" << component.errorString();
            ++failed;
            continue;
        }
        std::unique_ptr<QObject> object(component.createWithInitialProperties(props));
        QCoreApplication::processEvents();
        if (!object || component.isError() || g_qmlWarnings != before) {
            qCCritical(lcMain).noquote()
                << "self-test:" << name << "failed" << component.errorString();
            ++failed;
        } else {
            qCInfo(lcMain).noquote() << "self-test:" << name << "loaded";
        }
    }
    return failed == 0 ? 0 : 1;
}

// bench/start: with AULA_BENCH_TIMING=1, prints "AULA_BENCH <event> <ns>" lines on stdout,
// ns on the monotonic clock (the same in every process): first_frame when the login page's
// first frame is on screen, then first_frame_cpu (the process's CPU time until then, in ns).
// With AULA_BENCH_LOGIN=<person>:<pin> as well, it then taps that demo badge, types the PIN
// as soon as the pad is up, and prints badge, pin_pad, pin_sent, logged_in and agenda (the
// first frame showing the sitting's agenda), then quits.
// The tap waits for the chamber link (online) like a councillor walking in would.
// The item named `name` under `item` in the visual tree (a Loader's page need not be a
// QObject child of the window's content item).
QQuickItem *findItem(QQuickItem *item, const QString &name)
{
    if (item->objectName() == name)
        return item;
    const auto children = item->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = findItem(child, name))
            return found;
    }
    return nullptr;
}

void benchTiming(QQuickWindow &window, App::SessionManager &session)
{
    if (qEnvironmentVariableIntValue("AULA_BENCH_TIMING") != 1)
        return;
    const auto mark = [](const char *event) {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
        std::printf("AULA_BENCH %s %lld\n", event, static_cast<long long>(ns));
        std::fflush(stdout);
    };
    const QStringList login = qEnvironmentVariable("AULA_BENCH_LOGIN").split(QLatin1Char(':'));
    auto firstFrame = std::make_shared<QMetaObject::Connection>();
    *firstFrame =
        QObject::connect(&window, &QQuickWindow::frameSwapped, &window, [=, &window, &session] {
            QObject::disconnect(*firstFrame);
            mark("first_frame");
            // The CPU time of the whole process (every thread) until that frame.
            timespec cpu {};
            ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
            std::printf("AULA_BENCH first_frame_cpu %lld\n",
                        static_cast<long long>(cpu.tv_sec) * 1000000000LL + cpu.tv_nsec);
            std::fflush(stdout);
            if (login.size() != 2) {
                QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
                return;
            }
            QObject::connect(&session, &App::SessionManager::stateChanged, &window, [=, &session] {
                if (session.state() == App::SessionManager::State::EnteringPin
                    && session.pinLength() == 0) {
                    mark("pin_pad");
                    for (const QChar c : login.at(1))
                        session.appendDigit(c.digitValue());
                    mark("pin_sent");
                    session.submitPin();
                } else if (session.state() == App::SessionManager::State::LoggedIn) {
                    mark("logged_in");
                }
            });
            QObject::connect(&window, &QQuickWindow::frameSwapped, &window, [=, &window] {
                auto *agenda = findItem(window.contentItem(), QStringLiteral("agendaList"));
                static bool shown = false;
                if (!shown && agenda && agenda->property("count").toInt() > 0) {
                    shown = true;
                    mark("agenda");
                    QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
                }
            });
            // The tap comes once the link is up, as it does for a councillor who walks in.
            const auto tap = [=, &session] {
                mark("badge");
                session.presentDemoBadge(login.at(0));
            };
            if (session.isOnline()) {
                tap();
                return;
            }
            auto online = std::make_shared<QMetaObject::Connection>();
            *online = QObject::connect(&session, &App::SessionManager::onlineChanged, &window,
                                       [=, &session] {
                                           if (!session.isOnline())
                                               return;
                                           QObject::disconnect(*online);
                                           mark("online");
                                           tap();
                                       });
        });
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("aula"));
    QGuiApplication::setApplicationVersion(QStringLiteral("0.1"));
    QQuickStyle::setStyle(QStringLiteral("Material"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Aula, the councillor's tablet"));
    parser.addHelpOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"),
                                       QStringLiteral("Chamber URL (wss://host:port)."),
                                       QStringLiteral("URL"));
    const QCommandLineOption caOpt(QStringLiteral("ca"),
                                   QStringLiteral("The chamber CA to pin (PEM)."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption keyOpt(QStringLiteral("device-key"),
                                    QStringLiteral("This tablet's device key (hex seed)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption deviceOpt(
        QStringLiteral("device"), QStringLiteral("This tablet's device id."), QStringLiteral("ID"));
    const QCommandLineOption readerOpt(QStringLiteral("badge-reader"),
                                       QStringLiteral("fake, libnfc:CONNSTRING or qtnfc."),
                                       QStringLiteral("SPEC"), defaultBadgeReaderSpec());
    const QCommandLineOption langOpt(QStringLiteral("lang"), QStringLiteral("it or en."),
                                     QStringLiteral("LANG"), QStringLiteral("it"));
    const QCommandLineOption sittingOpt(QStringLiteral("sitting"),
                                        QStringLiteral("The sitting to follow."),
                                        QStringLiteral("ID"), QStringLiteral("demo"));
    const QCommandLineOption docsOpt(
        QStringLiteral("documents"),
        QStringLiteral("Folder of the sitting's documents by hash (without a store)."),
        QStringLiteral("DIR"));
    const QCommandLineOption syncOpt(
        QStringLiteral("sync"),
        QStringLiteral("The chamber's document service (https://host:port) to sync from."),
        QStringLiteral("URL"));
    const QCommandLineOption dataOpt(
        QStringLiteral("data"),
        QStringLiteral("Where this tablet keeps its encrypted stores and device secrets."),
        QStringLiteral("DIR"));
    const QCommandLineOption selfTestOpt(
        QStringLiteral("self-test"),
        QStringLiteral("Load every page; exit non-zero on any QML warning."));
    const QCommandLineOption shotsOpt(
        QStringLiteral("screenshots"),
        QStringLiteral("Play the demo part and grab every page to PNG in DIR."),
        QStringLiteral("DIR"));
    const QCommandLineOption demoOpt(
        QStringLiteral("demo"), QStringLiteral("Play a demo part: councillor:ID or president:ID."),
        QStringLiteral("PART"));
    parser.addOptions({ serverOpt, caOpt, keyOpt, deviceOpt, readerOpt, langOpt, sittingOpt,
                        docsOpt, syncOpt, dataOpt, selfTestOpt, shotsOpt, demoOpt });
    parser.process(app);

    const QString lang = parser.value(langOpt);
    if (lang != QLatin1String("it") && lang != QLatin1String("en")) {
        qCCritical(lcMain) << "--lang: expected it or en, got" << lang;
        return 2;
    }
    QLocale::setDefault(QLocale(lang == QLatin1String("it") ? QLocale::Italian : QLocale::English));
    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/aula_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(&translator);

    // Poppler's once-per-process costs (its global tables, the code paged in, lazy symbol
    // binding) are paid here, on the second core while the login page comes up, rather than
    // when the member opens the first act (docs/benchmarks.md, "First page, session 3").
    QThreadPool::globalInstance()->start([] {
        qCDebug(lcMain) << "Poppler warmed up in" << Documents::PdfDocument::warmUp() << "ms";
    });

    const bool selfTesting = parser.isSet(selfTestOpt);
    if (selfTesting)
        g_previousHandler = qInstallMessageHandler(countingHandler);
    if (QGuiApplication::platformName() == QLatin1String("offscreen"))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);

    Crypto::ensureInitialized();

    // The link to the chamber.
    Sync::ConnectionOptions options;
    options.url = QUrl(parser.value(serverOpt));
    options.device = parser.value(deviceOpt);
    if (parser.isSet(caOpt)) {
        auto tls = pinnedTls(parser.value(caOpt));
        if (!tls) {
            qCCritical(lcMain).noquote() << tls.error().describe();
            return 2;
        }
        options.tls = *tls;
    }
    Crypto::SigningKey deviceKey = Crypto::SigningKey::generate();
    if (parser.isSet(keyOpt)) {
        auto key = readDeviceKey(parser.value(keyOpt));
        if (!key) {
            qCCritical(lcMain).noquote() << key.error().describe();
            return 2;
        }
        deviceKey = std::move(*key);
    }
    Sync::ChamberConnection connection(options, std::move(deviceKey));

    auto reader = createBadgeReader(parser.value(readerOpt));
    if (!reader) {
        qCCritical(lcMain).noquote() << "--badge-reader:" << reader.error().describe();
        return 2;
    }
    App::SessionManager session(connection, reader->get());
    if (auto *fake = qobject_cast<FakeBadgeReader *>(reader->get())) {
        QStringList people;
        for (int i = 1; i <= 25; ++i)
            people.append(QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0')));
        people << QStringLiteral("s01") << QStringLiteral("s02");
        session.setFakeReader(fake, people);
    }
    App::SittingTracker tracker(connection);

    // The member's encrypted offline store, synced from the chamber's document service.
    const QString dataDir = parser.isSet(dataOpt)
        ? parser.value(dataOpt)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    App::VaultOptions vaultOptions;
    vaultOptions.root = dataDir + QStringLiteral("/stores");
    vaultOptions.sync.baseUrl = QUrl(parser.value(syncOpt));
    vaultOptions.sync.tls = options.tls;
    const auto keys = Platform::createKeyVault(dataDir + QStringLiteral("/keyvault"));
    App::TabletVault vault(vaultOptions, *keys);
    vault.setConnection(&connection);
    session.setVault(&vault);
    App::DocumentShelf shelf(parser.value(docsOpt));
    shelf.setVault(&vault);
    const QString sittingId = parser.value(sittingOpt);
    QObject::connect(&session, &App::SessionManager::loggedIn, &tracker,
                     [&tracker, sittingId] { tracker.follow(sittingId); });

    QQmlApplicationEngine engine;
    // Qt 6.4 does not look in the resource tree that qt_add_qml_module fills by default.
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    if (selfTesting)
        return selfTest(engine, session, tracker, shelf, vault);

    (*reader)->start();
    if (!options.url.isEmpty())
        connection.open();

    engine.setInitialProperties({ { QStringLiteral("session"), QVariant::fromValue(&session) },
                                  { QStringLiteral("tracker"), QVariant::fromValue(&tracker) },
                                  { QStringLiteral("shelf"), QVariant::fromValue(&shelf) },
                                  { QStringLiteral("vault"), QVariant::fromValue(&vault) } });
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Aula/Ui/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (window)
        benchTiming(*window, session);

    std::unique_ptr<App::DemoDirector> director;
    if (parser.isSet(demoOpt) && window) {
        const QStringList part = parser.value(demoOpt).split(QLatin1Char(':'));
        if (part.size() != 2
            || (part[0] != QLatin1String("councillor") && part[0] != QLatin1String("president"))) {
            qCCritical(lcMain) << "--demo: expected councillor:ID or president:ID";
            return 2;
        }
        director = std::make_unique<App::DemoDirector>(
            part[0] == QLatin1String("president") ? App::DemoDirector::Part::President
                                                  : App::DemoDirector::Part::Councillor,
            part[1], session, tracker, *window, parser.value(shotsOpt));
        QObject::connect(director.get(), &App::DemoDirector::finished, &app, [&](int code) {
            // In screenshot mode the part ends the process; on screen it stays.
            if (parser.isSet(shotsOpt))
                QCoreApplication::exit(code);
        });
        director->start();
    }
    return QGuiApplication::exec();
}
