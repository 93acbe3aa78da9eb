// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "server/api/credentials.h"
#include "server/badges/badgekeys.h"
#include "server/chamber/chamber.h"
#include "server/store/datadir.h"
#include "server/store/durablejournal.h"

#include <QJsonObject>
#include <QStringList>
#include <memory>

namespace Aula::Server {

class SecretStore;

/**
 * Credentials read from the data directory's secrets: "badge:<uid hex>", "pin:<person>",
 * "badge.policy" and "badge.master_key".
 */
class SecretCredentials : public Credentials
{
public:
    explicit SecretCredentials(Store::Database &db)
        : m_db(db)
    { }
    [[nodiscard]] QString personForBadge(const QByteArray &uid) const override;
    [[nodiscard]] QByteArray pinHash(const QString &person) const override;
    /** "badge.policy" in the secrets; `desfire` when absent or unreadable. */
    [[nodiscard]] Badges::BadgePolicy badgePolicy() const override;
    /** From "badge.master_key" in the secrets. */
    [[nodiscard]] Result<Badges::KeyDiversifier> badgeKeys() const override;

private:
    Store::Database &m_db;
};

/** An open data directory with its journal and the chamber loaded from it. */
struct OpenChamber
{
    DataDir dataDir;
    std::unique_ptr<DurableJournal> journal;
    std::unique_ptr<Chamber> chamber;
    std::unique_ptr<SecretCredentials> credentials;

    /** Opens `dir` and replays its log. */
    static Result<std::unique_ptr<OpenChamber>> open(const QString &dir);
    [[nodiscard]] QString documentsDir() const;
};

/**
 * The clerk's commands (docs/operations.md). Each returns a short report for the person
 * at the terminal, or an Error naming what is wrong; none leaves half a change behind.
 */
namespace Admin {

struct InitOptions
{
    QString name = QStringLiteral("Aula");
    QStringList dnsNames;
    QStringList ipAddresses;
};

Result<QString> init(const QString &dir, const InitOptions &options);
Result<QString> importCouncil(OpenChamber &chamber, const QJsonObject &file);
/** Imports a sitting; documents are files named in the sitting file, relative to `documentsDir`. */
Result<QString> importSitting(OpenChamber &chamber, const QJsonObject &file,
                              const QString &documentsDir);
Result<QString> enrollDevice(OpenChamber &chamber, const QString &device, const QString &name,
                             const QString &publicKeyHex);
Result<QString> revokeDevice(OpenChamber &chamber, const QString &device, const QString &reason);
Result<QString> verify(const QString &dir);
/** Writes sitting-<id>.json, attendance.csv, ballots.csv and votes.csv into `outDir`. */
Result<QString> exportSitting(OpenChamber &chamber, const QString &sitting, const QString &outDir);
/**
 * Seeds the demo council of Valdoria and a sitting of 8 items with the PDFs generated at
 * build time, and enrols one demo tablet per person (keys in DIR/demo-devices/). With the
 * `desfire` policy it also writes DIR/demo-badges.emulator: pn532-emulator commands that
 * define every person's badge as a DESFire card holding its diversified key (demo only).
 * The default is `uid`, for the fake badge reader's UID-only badges.
 */
Result<QString> seedDemo(const QString &dir, const QString &demoDocumentsDir,
                         Badges::BadgePolicy policy = Badges::BadgePolicy::Uid);

} // namespace Admin
} // namespace Aula::Server
