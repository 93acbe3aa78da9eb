// SPDX-License-Identifier: GPL-3.0-or-later
// The Qt Quick Tests' chamber: a real chamber API on loopback with the demo council, and one
// tablet's managers wired as main.cpp wires them, offered to QML as a singleton.
#pragma once

#include "app/chamber/documentshelf.h"
#include "app/chamber/sessionmanager.h"
#include "app/chamber/sittingtracker.h"
#include "app/chamber/tabletvault.h"
#include "platform/keyvault/filekeyvault.h"
#include "server/documents/documentstore.h"
#include "server/http/documenthttpserver.h"
#include "sync/connection/chamberconnection.h"
#include "tests/tablet/chamberfixture.h"
#include "tests/tablet/tcpproxy.h"

#include <QObject>
#include <QTemporaryDir>
#include <QtQml/qqmlregistration.h>
#include <memory>

class TestChamber : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(Aula::App::SessionManager *session READ session NOTIFY connected)
    Q_PROPERTY(Aula::App::SittingTracker *tracker READ tracker NOTIFY connected)
    Q_PROPERTY(Aula::App::DocumentShelf *shelf READ shelf CONSTANT)
    /** The tablet's offline store, synced from a document service on loopback. */
    Q_PROPERTY(Aula::App::TabletVault *vault READ vault CONSTANT)

public:
    explicit TestChamber(QObject *parent = nullptr);
    ~TestChamber() override;

    [[nodiscard]] Aula::App::SessionManager *session() const { return m_session.get(); }
    [[nodiscard]] Aula::App::SittingTracker *tracker() const { return m_tracker.get(); }
    [[nodiscard]] Aula::App::DocumentShelf *shelf() const { return m_shelf.get(); }
    [[nodiscard]] Aula::App::TabletVault *vault() const { return m_vault.get(); }

    /** Connects as the tablet of `person` (call once, first). */
    Q_INVOKABLE bool connectAs(const QString &person);
    /** The tablet reads `person`'s demo badge. */
    Q_INVOKABLE void tapBadge(const QString &person);
    /** $AULA_QML_SHOTS: where a test may save pictures of pages (empty: nowhere). */
    /** The chamber's badge policy from now on: "uid" (the demo's) or "desfire". */
    Q_INVOKABLE void setBadgePolicy(const QString &policy);
    /** Runs a command on the chamber as `person`; returns whether it was accepted. */
    Q_INVOKABLE bool command(const QString &person, const QString &type, const QVariantMap &args);
    /** Opens the sitting, makes m01…m14 present, goes to item 1; returns whether it worked. */
    Q_INVOKABLE bool prepareQuorateSitting();
    /**
     * From now on the document service stops sending after `kib` KiB (the link is cut and
     * the next attempt waits long): the sync stays under way, part done.
     */
    Q_INVOKABLE void stallDocumentsAfter(int kib);
    /** Lets the documents through again and restarts the sync. */
    Q_INVOKABLE void resumeDocuments();
    /** Where to write screenshots of the pages ($AULA_QML_SHOTS, or $AULA_SHOTS); empty: none. */
    Q_INVOKABLE [[nodiscard]] QString shotsDir() const
    {
        const QString dir = qEnvironmentVariable("AULA_QML_SHOTS");
        return dir.isEmpty() ? qEnvironmentVariable("AULA_SHOTS") : dir;
    }
    /** Stops the chamber (WebSocket API): the tablet goes offline. */
    Q_INVOKABLE void stopChamber();

Q_SIGNALS:
    void connected();

private:
    std::unique_ptr<Aula::Test::ChamberFixture> m_fx;
    std::unique_ptr<Aula::Sync::ChamberConnection> m_connection;
    std::unique_ptr<Aula::App::SessionManager> m_session;
    std::unique_ptr<Aula::App::SittingTracker> m_tracker;
    std::unique_ptr<Aula::App::DocumentShelf> m_shelf;
    // The document service: two sittings (s1 upcoming with 3 documents, s0 past with 2).
    QTemporaryDir m_dir;
    std::unique_ptr<Aula::Server::DocumentStore> m_documents;
    std::unique_ptr<Aula::Server::DocumentHttpServer> m_http;
    std::unique_ptr<Aula::Test::TcpProxy> m_proxy;
    QByteArray m_manifest;
    std::unique_ptr<Aula::Platform::FileKeyVault> m_keys;
    std::unique_ptr<Aula::App::TabletVault> m_vault;
};
