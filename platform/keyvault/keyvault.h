// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace Aula::Platform {

/**
 * Device-bound secrets: bytes that never leave this device and that a copy of the app's
 * data alone does not contain. The tablet store mixes one into the key that unlocks a
 * member's store (docs/security.md, "Tablet at rest").
 *
 * One backend per platform, chosen by CMake: FileKeyVault on Linux (a 0600 file per
 * secret in a 0700 directory). Android Keystore and iOS Keychain backends are not built
 * yet (platform/README.md). Callers treat the returned bytes as secret and wipe them.
 */
class KeyVault
{
public:
    virtual ~KeyVault() = default;

    /** Size of every secret the vault creates. */
    static constexpr qsizetype kSecretSize = 32;

    /**
     * The secret called `name` ([a-z0-9._-], 1–64 characters), created from the system's
     * secure random source the first time. Errors: "invalid_name", "keyvault_insecure"
     * (someone else can read it), "keyvault_corrupt", "keyvault_io".
     */
    [[nodiscard]] virtual Result<QByteArray> secret(const QString &name) = 0;
    /** Whether the secret exists (without creating it). */
    [[nodiscard]] virtual bool contains(const QString &name) const = 0;
    /** Destroys the secret (overwritten, then removed); absent secrets are fine. */
    virtual Result<void> destroy(const QString &name) = 0;
    /** A short description of the backend, for logs: "file:/path", "android-keystore". */
    [[nodiscard]] virtual QString backend() const = 0;
};

/** The platform's vault. `directory` is used by backends that keep files (Linux). */
[[nodiscard]] std::unique_ptr<KeyVault> createKeyVault(const QString &directory);

/** True for names the vault accepts. */
[[nodiscard]] bool isValidSecretName(const QString &name);

} // namespace Aula::Platform
