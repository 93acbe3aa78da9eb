// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>

namespace Aula::Server::Demo {

/**
 * The demo council of the fictional Comune di Valdoria: `councillors` councillors and the
 * mayor with Italian names, two majority and two opposition groups, a secretary and an
 * operator, in the form `aula-server council import` reads (docs/operations.md), with
 * badge UIDs and PINs. Member ids are m01…; the mayor is the last; staff are s01 (secretary)
 * and s02 (operator). Badge UID of person i: 04 a0 + i as two bytes + 5a 5a 5a; every
 * demo PIN is 1234 unless `pins` says otherwise. Its badge policy is `uid` (the fake
 * reader's badges are UID-only), so importing it prints the policy warning.
 */
[[nodiscard]] QJsonObject councilImport(int councillors = 24, bool withPins = true);

/** The badge UID (7 bytes) of demo person `id` ("m01", "s02", …). */
[[nodiscard]] QByteArray badgeUid(const QString &id);

/**
 * The id of the sitting `aula-server demo` seeds. It is not a date: the demo sitting is
 * scheduled on the day the demo data is created (demoSittingSchedule()), so a demo run on any
 * day shows it as today's sitting, not as one long past.
 */
[[nodiscard]] QString sittingId();

/**
 * The demo sitting's schedule for `day`: 18:00 local time, as an ISO 8601 date-time with the
 * UTC offset, and its Italian title ("Seduta ordinaria del 3 dicembre 2026").
 */
struct Schedule
{
    QString scheduledAt;
    QString title;
};
[[nodiscard]] Schedule demoSittingSchedule(QDate day);

/** The demo PIN. */
[[nodiscard]] QString pin();

/**
 * A sitting of `items` agenda items in the form `aula-server sitting import` reads, with
 * m01 as president, m02 as vice president, s01 secretary and s02 operator. Documents are
 * listed by file name under "files" for the import to hash.
 */
[[nodiscard]] QJsonObject sittingImport(const QString &id, int items = 8);

} // namespace Aula::Server::Demo
