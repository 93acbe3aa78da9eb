// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "platform/keyvault/keyvault.h"

namespace Aula::Platform {

/**
 * KeyVault on a POSIX file system: the directory is created 0700, each secret is a file
 * `<name>.secret` created 0600 with O_EXCL (never readable by anyone else, not even for a
 * moment) and refused when its mode lets group or others read it. Protects against other
 * users and apps on the device, and against backups that skip it; not against root or
 * against a full-disk copy (the store key also needs badge and PIN).
 */
class FileKeyVault final : public KeyVault
{
public:
    explicit FileKeyVault(QString directory);

    [[nodiscard]] Result<QByteArray> secret(const QString &name) override;
    [[nodiscard]] bool contains(const QString &name) const override;
    Result<void> destroy(const QString &name) override;
    [[nodiscard]] QString backend() const override;

private:
    [[nodiscard]] QString pathOf(const QString &name) const;
    Result<void> ensureDirectory();

    QString m_directory;
};

} // namespace Aula::Platform
