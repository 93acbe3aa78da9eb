// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace Aula {

/** An error a caller must look at: a stable code for programs, a message for people. */
struct Error
{
    /** Stable, machine-readable code, e.g. "invalid_field" or "below_legal_floor". */
    QString code;
    /** What went wrong, in words a clerk or a councillor can act on. */
    QString message;
    /** Where, when the error is about input: a dotted path such as "votes.blank". */
    QString field = {};

    /** "field: message", or just the message when there is no field. */
    [[nodiscard]] QString describe() const
    {
        return field.isEmpty() ? message : field + QStringLiteral(": ") + message;
    }
};

/** A value or an Error; never both, never neither. */
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    { }

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T &value() const & { return std::get<0>(m_state); }
    [[nodiscard]] T &value() & { return std::get<0>(m_state); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_state)); }
    [[nodiscard]] const T *operator->() const { return &std::get<0>(m_state); }
    [[nodiscard]] T *operator->() { return &std::get<0>(m_state); }
    [[nodiscard]] const T &operator*() const & { return value(); }
    [[nodiscard]] T &operator*() & { return value(); }

    [[nodiscard]] const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/** The outcome of an operation that returns nothing but may fail. */
template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    { }

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace Aula
