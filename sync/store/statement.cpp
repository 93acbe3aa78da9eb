// SPDX-License-Identifier: GPL-3.0-or-later
#include "statement.h"

#include "sqliteerror.h"

#include <sqlcipher/sqlite3.h>

namespace Aula::Store {

using Internal::sqliteError;

void Statement::Finalizer::operator()(sqlite3_stmt *statement) const
{
    sqlite3_finalize(statement);
}

Statement::Statement(sqlite3 *db, sqlite3_stmt *statement)
    : m_db(db)
    , m_statement(statement)
{ }

Statement::Statement(Statement &&) noexcept = default;
Statement &Statement::operator=(Statement &&) noexcept = default;
Statement::~Statement() = default;

void Statement::noteBind(int rc, int index)
{
    if (rc == SQLITE_OK || m_bindFailed)
        return;
    m_bindFailed = true;
    m_bindError = sqliteError(m_db, rc,
                              QStringLiteral("binding parameter %1 of \"%2\"")
                                  .arg(index)
                                  .arg(QString::fromUtf8(sqlite3_sql(m_statement.get()))));
}

int Statement::indexOf(const char *name)
{
    const int index = sqlite3_bind_parameter_index(m_statement.get(), name);
    if (index == 0 && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = Error { QStringLiteral("invalid_parameter"),
                              QStringLiteral("the statement \"%1\" has no parameter %2")
                                  .arg(QString::fromUtf8(sqlite3_sql(m_statement.get())),
                                       QString::fromUtf8(name)) };
    }
    return index;
}

Statement &Statement::bindInt64(int index, qint64 value)
{
    noteBind(sqlite3_bind_int64(m_statement.get(), index, value), index);
    return *this;
}

Statement &Statement::bindText(int index, QStringView value)
{
    const QByteArray utf8 = value.toUtf8();
    noteBind(sqlite3_bind_text(m_statement.get(), index, utf8.constData(), int(utf8.size()),
                               SQLITE_TRANSIENT),
             index);
    return *this;
}

Statement &Statement::bindBlob(int index, QByteArrayView value)
{
    // A null pointer would bind SQL NULL; an empty blob is still a blob.
    static const char empty = 0;
    noteBind(sqlite3_bind_blob(m_statement.get(), index, value.isEmpty() ? &empty : value.data(),
                               int(value.size()), SQLITE_TRANSIENT),
             index);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    noteBind(sqlite3_bind_null(m_statement.get(), index), index);
    return *this;
}

Statement &Statement::bindInt64(const char *name, qint64 value)
{
    if (const int i = indexOf(name))
        bindInt64(i, value);
    return *this;
}

Statement &Statement::bindText(const char *name, QStringView value)
{
    if (const int i = indexOf(name))
        bindText(i, value);
    return *this;
}

Statement &Statement::bindBlob(const char *name, QByteArrayView value)
{
    if (const int i = indexOf(name))
        bindBlob(i, value);
    return *this;
}

Statement &Statement::bindNull(const char *name)
{
    if (const int i = indexOf(name))
        bindNull(i);
    return *this;
}

Result<bool> Statement::step()
{
    if (m_bindFailed)
        return m_bindError;
    const int rc = sqlite3_step(m_statement.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return sqliteError(
        m_db, rc,
        QStringLiteral("running \"%1\"").arg(QString::fromUtf8(sqlite3_sql(m_statement.get()))));
}

Result<void> Statement::run()
{
    for (;;) {
        auto more = step();
        if (!more)
            return more.error();
        if (!*more)
            return {};
    }
}

void Statement::reset()
{
    sqlite3_reset(m_statement.get());
    sqlite3_clear_bindings(m_statement.get());
    m_bindFailed = false;
    m_bindError = {};
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_statement.get());
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

qint64 Statement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_statement.get(), column);
}

QString Statement::columnText(int column) const
{
    const auto *text =
        reinterpret_cast<const char *>(sqlite3_column_text(m_statement.get(), column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_statement.get(), column));
}

QByteArray Statement::columnBlob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement.get(), column));
    return QByteArray(data, sqlite3_column_bytes(m_statement.get(), column));
}

Crypto::SecretBytes Statement::columnSecret(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement.get(), column));
    return Crypto::SecretBytes::copyOf(
        QByteArrayView(data, sqlite3_column_bytes(m_statement.get(), column)));
}

} // namespace Aula::Store
