// SPDX-License-Identifier: GPL-3.0-or-later
#include "democouncil.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace Aula::Server::Demo {

namespace {

const char *const kNames[] = {
    "Giulia Bianchi",    "Marco Rossi",      "Francesca Esposito", "Luca Romano",
    "Chiara Colombo",    "Alessandro Ricci", "Sara Marino",        "Davide Greco",
    "Elena Bruno",       "Matteo Gallo",     "Valentina Conti",    "Andrea De Luca",
    "Martina Mancini",   "Simone Costa",     "Federica Giordano",  "Stefano Rizzo",
    "Paola Lombardi",    "Giorgio Moretti",  "Anna Barbieri",      "Roberto Fontana",
    "Silvia Santoro",    "Nicola Mariani",   "Laura Rinaldi",      "Fabio Caruso",
    "Carla Ferrara",     "Emanuele Galli",   "Ilaria Martini",     "Pietro Leone",
    "Beatrice Longo",    "Tommaso Gentile",  "Monica Martinelli",  "Riccardo Vitale",
    "Cristina Lombardo", "Daniele Serra",    "Irene Coppola",      "Antonio De Santis",
    "Giovanna D'Angelo", "Franco Marchetti", "Rosa Parisi",        "Massimo Villa",
};
constexpr int kNameCount = int(sizeof(kNames) / sizeof(kNames[0]));

struct GroupDef
{
    const char *id;
    const char *name;
    const char *side;
};
const GroupDef kGroups[] = {
    { "insieme", "Insieme per Valdoria", "majority" },
    { "futuro", "Futuro Comune", "majority" },
    { "alternativa", "Alternativa Civica", "opposition" },
    { "rinnovamento", "Rinnovamento", "opposition" },
};

QString memberId(int i)
{
    return QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
}

} // namespace

QByteArray badgeUid(const QString &id)
{
    const int n = id.mid(1).toInt();
    const char kind = id.startsWith(QLatin1Char('s')) ? char(0xb0) : char(0xa0);
    QByteArray uid;
    uid.append(char(0x04))
        .append(kind)
        .append(char(n >> 8))
        .append(char(n & 0xff))
        .append(3, char(0x5a));
    return uid;
}

QString pin()
{
    return QStringLiteral("1234");
}

QJsonObject councilImport(int councillors, bool withPins)
{
    QJsonArray groups;
    for (const GroupDef &g : kGroups)
        groups.append(QJsonObject { { QStringLiteral("id"), QLatin1String(g.id) },
                                    { QStringLiteral("name"), QString::fromUtf8(g.name) },
                                    { QStringLiteral("side"), QLatin1String(g.side) } });
    QJsonArray members;
    QJsonArray credentials;
    const int total = councillors + 1;
    for (int i = 1; i <= total; ++i) {
        const bool mayor = i == total;
        // The majority holds about two thirds of the seats, as the Italian electoral law gives it.
        const char *group =
            mayor ? "insieme" : kGroups[i * 3 <= councillors * 2 ? (i % 2) : 2 + (i % 2)].id;
        QString name = QString::fromUtf8(kNames[(i - 1) % kNameCount]);
        if (i > kNameCount)
            name += QStringLiteral(" (%1)").arg(i);
        members.append(QJsonObject {
            { QStringLiteral("id"), memberId(i) },
            { QStringLiteral("name"), mayor ? QStringLiteral("Sindaco ") + name : name },
            { QStringLiteral("group"), QLatin1String(group) },
            { QStringLiteral("mayor"), mayor },
            { QStringLiteral("seat"), i } });
    }
    const QJsonArray staff = {
        QJsonObject { { QStringLiteral("id"), QStringLiteral("s01") },
                      { QStringLiteral("name"), QStringLiteral("Dott.ssa Giovanna Ferri") } },
        QJsonObject { { QStringLiteral("id"), QStringLiteral("s02") },
                      { QStringLiteral("name"), QStringLiteral("Paolo Neri") } },
    };
    QStringList people;
    for (int i = 1; i <= total; ++i)
        people.append(memberId(i));
    people << QStringLiteral("s01") << QStringLiteral("s02");
    for (const QString &p : std::as_const(people)) {
        QJsonObject c { { QStringLiteral("person"), p },
                        { QStringLiteral("badge"), QString::fromLatin1(badgeUid(p).toHex()) } };
        if (withPins)
            c.insert(QStringLiteral("pin"), pin());
        credentials.append(c);
    }
    const QJsonObject council { { QStringLiteral("name"),
                                  QStringLiteral("Consiglio comunale di Valdoria") },
                                { QStringLiteral("composition"),
                                  QJsonObject { { QStringLiteral("assigned"), councillors },
                                                { QStringLiteral("in_office"), councillors },
                                                { QStringLiteral("mayor"), true } } },
                                { QStringLiteral("groups"), groups },
                                { QStringLiteral("members"), members },
                                { QStringLiteral("staff"), staff } };
    // The demo badges are UID-only (the fake badge reader), hence `uid`; `aula-server demo
    // --badge-policy desfire` seeds emulated DESFire badges instead.
    return { { QStringLiteral("council"), council },
             { QStringLiteral("credentials"), credentials },
             { QStringLiteral("badge_policy"), QStringLiteral("uid") } };
}

QJsonObject sittingImport(const QString &id, int items)
{
    struct ItemDef
    {
        const char *title;
        const char *kind;
        const char *ballot;
        bool immediate;
    };
    static const ItemDef defs[] = {
        { "Approvazione dei verbali della seduta precedente", "minutes", "open", false },
        { "Comunicazioni del Sindaco", "communication", "open", false },
        { "Variazione al bilancio di previsione 2026-2028", "deliberation", "roll_call", true },
        { "Regolamento per l'uso degli spazi pubblici", "deliberation", "open", false },
        { "Nomina del collegio dei revisori dei conti", "election", "secret", false },
        { "Mozione sulla mobilità sostenibile", "motion", "open", false },
        { "Interpellanza sulla manutenzione delle scuole", "question", "open", false },
        { "Piano triennale delle opere pubbliche", "deliberation", "open", true },
    };
    QJsonArray itemArray;
    for (int i = 0; i < items; ++i) {
        const ItemDef &d = defs[i % 8];
        itemArray.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("i%1").arg(i + 1) },
                                       { QStringLiteral("number"), i + 1 },
                                       { QStringLiteral("title"), QString::fromUtf8(d.title) },
                                       { QStringLiteral("kind"), QLatin1String(d.kind) },
                                       { QStringLiteral("ballot"), QLatin1String(d.ballot) },
                                       { QStringLiteral("immediate_effect"), d.immediate } });
    }
    return { { QStringLiteral("id"), id },
             { QStringLiteral("title"), QStringLiteral("Seduta ordinaria del consiglio comunale") },
             { QStringLiteral("scheduled_at"), QStringLiteral("2026-11-30T18:00:00+01:00") },
             { QStringLiteral("items"), itemArray },
             { QStringLiteral("roles"),
               QJsonObject { { QStringLiteral("m01"), QStringLiteral("president") },
                             { QStringLiteral("m02"), QStringLiteral("vice_president") },
                             { QStringLiteral("s01"), QStringLiteral("secretary") },
                             { QStringLiteral("s02"), QStringLiteral("operator") } } } };
}

QString sittingId()
{
    return QStringLiteral("demo");
}

Schedule demoSittingSchedule(QDate day)
{
    const QDateTime at(day, QTime(18, 0));
    return { at.toOffsetFromUtc(at.offsetFromUtc()).toString(Qt::ISODate),
             QStringLiteral("Seduta ordinaria del %1")
                 .arg(QLocale(QLocale::Italian).toString(day, QStringLiteral("d MMMM yyyy"))) };
}

} // namespace Aula::Server::Demo
