// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "sync/crypto/secretbytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace Aula::Store {

/**
 * A compiled SQL statement (from Database::prepare). Move-only.
 *
 * Parameters are numbered from 1 (`?1`, `?`) or named (`:name`). bind*() return the
 * statement so calls chain; a bind that fails (index out of range, unknown name) is
 * remembered and returned by the next step(), so no error is lost. Columns are numbered
 * from 0 and valid only after step() returned true.
 */
class Statement
{
public:
    Statement(Statement &&) noexcept;
    Statement &operator=(Statement &&) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bindInt64(int index, qint64 value);
    Statement &bindText(int index, QStringView value);
    Statement &bindBlob(int index, QByteArrayView value);
    Statement &bindNull(int index);
    Statement &bindInt64(const char *name, qint64 value);
    Statement &bindText(const char *name, QStringView value);
    Statement &bindBlob(const char *name, QByteArrayView value);
    Statement &bindNull(const char *name);

    /** Runs one step: true when a row is ready, false when the statement is done. */
    Result<bool> step();
    /** step() until done, for statements that return no rows. */
    Result<void> run();
    /** Makes the statement ready to run again, with its bindings cleared. */
    void reset();

    [[nodiscard]] int columnCount() const;
    [[nodiscard]] bool columnIsNull(int column) const;
    [[nodiscard]] qint64 columnInt64(int column) const;
    [[nodiscard]] QString columnText(int column) const;
    [[nodiscard]] QByteArray columnBlob(int column) const;
    /** A blob column copied straight into guarded memory, for keys and seeds. */
    [[nodiscard]] Crypto::SecretBytes columnSecret(int column) const;

private:
    friend class Database;
    Statement(sqlite3 *db, sqlite3_stmt *statement);
    int indexOf(const char *name);
    void noteBind(int rc, int index);

    struct Finalizer
    {
        void operator()(sqlite3_stmt *statement) const;
    };
    sqlite3 *m_db = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
    Error m_bindError;
    bool m_bindFailed = false;
};

} // namespace Aula::Store
