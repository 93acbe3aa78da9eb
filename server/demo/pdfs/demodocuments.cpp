// SPDX-License-Identifier: GPL-3.0-or-later
#include "demodocuments.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QStringList>

namespace Aula::Demo {

namespace {

// Everything here is invented: the Comune di Valdoria, its people and its money. The
// legal references are real, so the acts read like the ones a clerk prepares.

QString u(const char *text)
{
    return QString::fromUtf8(text);
}

QString para(const QString &text)
{
    return u("<p style=\"margin-top:0; margin-bottom:7px; text-align:justify;\">") + text
        + u("</p>");
}

QString paras(std::initializer_list<const char *> texts)
{
    QString html;
    for (const char *text : texts)
        html += para(u(text));
    return html;
}

QString heading(const QString &text)
{
    return u("<p align=\"center\" style=\"margin-top:12px; margin-bottom:8px;\"><b>") + text
        + u("</b></p>");
}

QString subheading(const QString &text)
{
    return u("<p style=\"margin-top:10px; margin-bottom:5px;\"><b>") + text + u("</b></p>");
}

QString money(double euros)
{
    static const QLocale italian(QLocale::Italian, QLocale::Italy);
    return italian.toString(euros, 'f', 2);
}

QString titleBlock(int item, const QString &act, const QString &title, const QString &proposer)
{
    return u("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" border=\"1\" "
             "style=\"border-collapse:collapse; border-color:#333333;\">"
             "<tr><td align=\"center\" style=\"background-color:#eeeeee;\">"
             "<span style=\"font-size:15pt; font-weight:bold; letter-spacing:2px;\">"
             "COMUNE DI VALDORIA</span><br/>"
             "<span style=\"font-size:9pt;\">Provincia di Monteverde &#8212; Piazza della "
             "Repubblica 1, 10999 Valdoria &#8212; C.F. 80012340012</span></td></tr>"
             "<tr><td align=\"center\"><span style=\"font-size:12pt; font-weight:bold;\">"
             "CONSIGLIO COMUNALE</span><br/>"
             "<span style=\"font-size:9.5pt;\">Seduta pubblica ordinaria di prima convocazione "
             "del 26 novembre 2026, ore 20:30 &#8212; Sala consiliare &#8220;Sandro "
             "Pertini&#8221;</span></td></tr>"
             "<tr><td><span style=\"font-size:9.5pt;\">")
        + act + u(" &#8212; <b>Punto n. ") + QString::number(item)
        + u(" dell&#8217;ordine del giorno</b><br/>Proponente: ") + proposer
        + u("</span></td></tr>"
            "<tr><td><span style=\"font-size:11pt;\"><b>OGGETTO: ")
        + title + u("</b></span></td></tr></table><p></p>");
}

QString opinions(const QString &technical, const QString &accounting)
{
    return subheading(u("Pareri ai sensi dell&#8217;art. 49 del D.Lgs. 18 agosto 2000, n. 267"))
        + u("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\" border=\"1\" "
            "style=\"border-collapse:collapse; font-size:9pt;\">"
            "<tr><td width=\"30%\"><b>Regolarit&#224; tecnica</b></td><td>Favorevole. ")
        + technical + u("</td></tr><tr><td><b>Regolarit&#224; contabile</b></td><td>") + accounting
        + u("</td></tr></table>");
}

QString signatures()
{
    return u("<p></p><table width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">"
             "<tr><td width=\"50%\" align=\"center\">Il Presidente del Consiglio comunale<br/>"
             "<i>Giorgio Ferrandi</i></td>"
             "<td width=\"50%\" align=\"center\">Il Segretario comunale<br/>"
             "<i>dott.ssa Laura Ceccato</i></td></tr></table>"
             "<p style=\"font-size:8pt; color:#555555;\">Documento informatico predisposto per "
             "la seduta; l&#8217;originale firmato digitalmente &#232; conservato agli atti "
             "ai sensi del D.Lgs. 7 marzo 2005, n. 82.</p>");
}

QString table(const QStringList &headers, const QList<QStringList> &rows,
              const QList<int> &rightAligned = {}, const QString &fontSize = u("8.5pt"),
              const QList<int> &widths = {})
{
    QString html = u("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\" "
                     "style=\"border-collapse:collapse; font-size:")
        + fontSize + u(";\"><thead><tr>");
    for (int i = 0; i < headers.size(); ++i) {
        html += u("<th style=\"background-color:#dddddd;\"");
        if (i < widths.size())
            html += u(" width=\"") + QString::number(widths.at(i)) + u("%\"");
        html += u(">") + headers.at(i) + u("</th>");
    }
    html += u("</tr></thead>");
    for (const QStringList &row : rows) {
        html += u("<tr>");
        for (int i = 0; i < row.size(); ++i) {
            html += rightAligned.contains(i) ? u("<td align=\"right\">") : u("<td>");
            html += row.at(i) + u("</td>");
        }
        html += u("</tr>");
    }
    return html + u("</table>");
}

QJsonObject preset(const char *ballot, const char *majority, bool immediateEffect)
{
    return { { u("ballot"), u(ballot) },
             { u("majority"), u(majority) },
             { u("immediateEffect"), immediateEffect } };
}

// 1 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument minutes()
{
    DemoDocument d;
    d.number = 1;
    d.fileName = u("01-approvazione-verbali.pdf");
    d.kind = u("deliberation");
    d.title = u("Approvazione dei verbali delle deliberazioni adottate nella seduta del 29 "
                "settembre 2026");
    d.rapporteur = u("Il Presidente del Consiglio comunale");
    d.votePreset = preset("open", "absolute_of_voting", false);

    QList<QStringList> acts = {
        { u("38"), u("Comunicazioni del Sindaco e del Presidente del Consiglio"), u("&#8212;") },
        { u("39"), u("Approvazione dei verbali della seduta del 28 luglio 2026"),
          u("Approvata (11 favorevoli, 3 astenuti)") },
        { u("40"),
          u("Salvaguardia degli equilibri di bilancio e assestamento generale del "
            "bilancio 2026-2028 (artt. 175 e 193 del D.Lgs. 267/2000)"),
          u("Approvata (10 favorevoli, 5 contrari); immediatamente eseguibile") },
        { u("41"), u("Documento Unico di Programmazione 2027-2029: presentazione al Consiglio"),
          u("Presa d&#8217;atto") },
        { u("42"),
          u("Modifica dell&#8217;art. 14 del Regolamento per l&#8217;applicazione "
            "del canone unico patrimoniale"),
          u("Approvata (12 favorevoli, 3 astenuti)") },
        { u("43"),
          u("Riconoscimento di debito fuori bilancio derivante dalla sentenza del "
            "Giudice di pace n. 214/2026"),
          u("Approvata (10 favorevoli, 2 contrari, 3 astenuti)") },
        { u("44"),
          u("Mozione del gruppo &#8220;Civica Bene Comune&#8221; sul servizio di "
            "trasporto scolastico nelle frazioni"),
          u("Respinta (5 favorevoli, 10 contrari)") },
        { u("45"),
          u("Interrogazione del consigliere Davide Conti sulla manutenzione del verde "
            "nel parco &#8220;Le Fornaci&#8221;"),
          u("Risposta dell&#8217;Assessore all&#8217;ambiente") },
        { u("46"),
          u("Nomina dei rappresentanti del Consiglio nella Commissione comunale per il "
            "paesaggio"),
          u("Eletti Elena Marchetti e Francesco De Luca (scrutinio segreto)") },
    };

    d.html = titleBlock(d.number, u("Proposta di deliberazione n. 47/2026 del 9 novembre 2026"),
                        d.title, u("Il Presidente del Consiglio comunale, Giorgio Ferrandi"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Premesso</b> che l&#8217;art. 62 del vigente Regolamento per il funzionamento "
            "del Consiglio comunale, approvato con deliberazione n. 12 del 27 marzo 2019, "
            "stabilisce che i verbali delle deliberazioni adottate in ciascuna seduta siano "
            "sottoposti all&#8217;approvazione del Consiglio nella prima seduta utile;",
            "<b>Dato atto</b> che i verbali delle deliberazioni adottate nella seduta del 29 "
            "settembre 2026, numerate dal 38 al 46, sono stati depositati presso la Segreteria "
            "generale e messi a disposizione dei consiglieri comunali, unitamente alla "
            "registrazione audio-video della seduta, a partire dal 12 novembre 2026, come "
            "risulta dall&#8217;avviso trasmesso ai capigruppo consiliari;",
            "<b>Considerato</b> che, ai sensi del medesimo art. 62, comma 3, ciascun "
            "consigliere pu&#242; chiedere rettifiche ai verbali soltanto per far inserire o "
            "correggere quanto da lui espresso nel corso della seduta, e che la richiesta deve "
            "essere formulata per iscritto prima della votazione; nessuna richiesta di "
            "rettifica risulta pervenuta alla data di predisposizione della presente proposta;",
            "<b>Visto</b> l&#8217;art. 97, comma 4, lettera a), del D.Lgs. 18 agosto 2000, "
            "n. 267, secondo cui il Segretario comunale partecipa alle riunioni del Consiglio "
            "e ne cura la verbalizzazione;",
            "<b>Ritenuto</b> pertanto di approvare i verbali delle deliberazioni elencate "
            "nella tabella seguente;",
        })
        + subheading(u("Elenco delle deliberazioni adottate nella seduta del 29 settembre 2026"))
        + table({ u("N."), u("Oggetto"), u("Esito") }, acts, {}, u("9pt"), { 6, 58, 36 })
        + para(u(""))
        + paras({
            "<b>Visto</b> il parere favorevole in ordine alla regolarit&#224; tecnica espresso "
            "dal Segretario comunale ai sensi dell&#8217;art. 49 del D.Lgs. 267/2000, dando "
            "atto che il presente provvedimento non comporta riflessi diretti o indiretti "
            "sulla situazione economico-finanziaria o sul patrimonio dell&#8217;ente;",
            "<b>Visti</b> lo Statuto comunale e il D.Lgs. 18 agosto 2000, n. 267;",
        })
        + heading(u("DELIBERA"))
        + paras({
            "1. di approvare i verbali delle deliberazioni adottate nella seduta del Consiglio "
            "comunale del 29 settembre 2026, dalla n. 38 alla n. 46, nel testo depositato "
            "agli atti, che si intende qui integralmente richiamato;",
            "2. di dare atto che la registrazione audio-video integrale della seduta &#232; "
            "pubblicata nella sezione &#8220;Consiglio comunale&#8221; del sito istituzionale "
            "e costituisce documentazione della discussione ai sensi dell&#8217;art. 63 del "
            "Regolamento del Consiglio;",
            "3. di dare atto che il presente provvedimento non necessita di dichiarazione di "
            "immediata eseguibilit&#224;.",
        })
        + opinions(u("Il Segretario comunale, dott.ssa Laura Ceccato."),
                   u("Non dovuto: l&#8217;atto non comporta riflessi contabili."))
        + subheading(u("Allegato &#8212; Resoconto sommario della seduta del 29 settembre 2026"))
        + paras({
            "Alle ore 20:35 il Presidente, constatata la presenza di 15 componenti su 17 "
            "assegnati (assenti giustificati i consiglieri Giulia Ferri e Simone Lombardi), "
            "dichiara aperta la seduta e nomina scrutatori i consiglieri Sara Galli, Matteo "
            "Barbieri e Federica Costa.",
            "<i>Punto 1 (deliberazione n. 38).</i> Il Sindaco, Marta Bellini, riferisce "
            "sull&#8217;esito dell&#8217;incontro con la Regione per il finanziamento della "
            "nuova palestra della scuola secondaria e sull&#8217;avvio dei lavori di "
            "riqualificazione dell&#8217;illuminazione pubblica nel capoluogo. Il Presidente "
            "comunica la costituzione del gruppo consiliare &#8220;Civica Bene Comune&#8221;, "
            "capogruppo Davide Conti.",
            "<i>Punto 3 (deliberazione n. 40).</i> L&#8217;Assessore al bilancio, Paolo "
            "Santoro, illustra la manovra di assestamento, che applica una quota di avanzo "
            "libero di euro 185.000,00 alla manutenzione straordinaria delle strade comunali. "
            "Il consigliere Andrea Rinaldi (Valdoria Futura) chiede che una parte delle "
            "risorse sia destinata alle frazioni di Borgo San Vito e Case Nuove; "
            "l&#8217;Assessore precisa che il piano delle asfaltature comprende tre tratti "
            "nelle frazioni. Dichiarazioni di voto dei capigruppo. La proposta &#232; approvata "
            "con 10 voti favorevoli e 5 contrari; con separata votazione, con il medesimo "
            "esito, &#232; dichiarata immediatamente eseguibile.",
            "<i>Punto 4 (deliberazione n. 41).</i> Il Sindaco presenta il Documento Unico di "
            "Programmazione 2027-2029. Intervengono i consiglieri Chiara Fontana, Luca Moretti "
            "e Valentina Greco; il Consiglio prende atto del documento, che sar&#224; "
            "aggiornato con la nota di aggiornamento entro il 15 novembre.",
            "<i>Punti 5 e 6 (deliberazioni nn. 42 e 43).</i> Approvati senza discussione dopo "
            "la relazione del Responsabile del servizio finanziario, rag. Paolo Martinelli.",
            "<i>Punto 7 (deliberazione n. 44).</i> Il consigliere Davide Conti illustra la "
            "mozione sul trasporto scolastico; l&#8217;Assessore all&#8217;istruzione, "
            "Roberta Villa, riferisce che il nuovo appalto prevede gi&#224; una linea per "
            "le frazioni dal gennaio 2027. La mozione &#232; respinta.",
            "<i>Punti 8 e 9 (deliberazioni nn. 45 e 46).</i> L&#8217;Assessore Michele "
            "Parodi risponde all&#8217;interrogazione; il consigliere Conti si dichiara "
            "parzialmente soddisfatto. Si procede quindi alla votazione a scrutinio segreto per "
            "la nomina dei rappresentanti nella Commissione per il paesaggio. La seduta "
            "&#232; tolta alle ore 23:10.",
        })
        + signatures();
    return d;
}

// 2 ──────────────────────────────────────────────────────────────────────────────────────

struct Programme
{
    const char *code;
    const char *name;
};

const Programme kProgrammes[] = {
    { "01.01", "Organi istituzionali" },
    { "01.02", "Segreteria generale" },
    { "01.03", "Gestione economica, finanziaria, programmazione e provveditorato" },
    { "01.04", "Gestione delle entrate tributarie e servizi fiscali" },
    { "01.05", "Gestione dei beni demaniali e patrimoniali" },
    { "01.06", "Ufficio tecnico" },
    { "01.07", "Elezioni e consultazioni popolari - Anagrafe e stato civile" },
    { "01.08", "Statistica e sistemi informativi" },
    { "01.10", "Risorse umane" },
    { "01.11", "Altri servizi generali" },
    { "03.01", "Polizia locale e amministrativa" },
    { "04.01", "Istruzione prescolastica" },
    { "04.02", "Altri ordini di istruzione non universitaria" },
    { "04.06", "Servizi ausiliari all'istruzione" },
    { "05.02", "Attivit&#224; culturali e interventi diversi nel settore culturale" },
    { "06.01", "Sport e tempo libero" },
    { "08.01", "Urbanistica e assetto del territorio" },
    { "09.02", "Tutela, valorizzazione e recupero ambientale" },
    { "09.03", "Rifiuti" },
    { "09.04", "Servizio idrico integrato" },
    { "10.05", "Viabilit&#224; e infrastrutture stradali" },
    { "11.01", "Sistema di protezione civile" },
    { "12.01", "Interventi per l'infanzia e i minori e per asili nido" },
    { "12.02", "Interventi per la disabilit&#224;" },
    { "12.03", "Interventi per gli anziani" },
    { "12.05", "Interventi per le famiglie" },
    { "12.09", "Servizio necroscopico e cimiteriale" },
    { "14.02", "Commercio - reti distributive - tutela dei consumatori" },
    { "20.01", "Fondo di riserva" },
    { "50.01", "Quota interessi ammortamento mutui e prestiti obbligazionari" },
};

const char *const kCurrentItems[] = {
    "Acquisto di beni di consumo e materiale di cancelleria",
    "Utenze e canoni per energia elettrica",
    "Utenze e canoni per riscaldamento e gas",
    "Utenze e canoni per acqua",
    "Manutenzione ordinaria e riparazioni di immobili",
    "Manutenzione ordinaria di impianti e macchinari",
    "Prestazioni professionali e specialistiche",
    "Servizi informatici e di telecomunicazioni",
    "Contratti di servizio per la gestione",
    "Premi di assicurazione contro i danni",
    "Spese postali e di notifica",
    "Noleggi di mezzi e attrezzature",
    "Formazione e aggiornamento del personale",
    "Retribuzioni in denaro del personale a tempo indeterminato",
    "Contributi sociali effettivi a carico dell'ente",
    "Trasferimenti correnti a istituzioni sociali private",
    "Contributi a famiglie per servizi e rette",
    "Rimborsi e restituzioni di somme non dovute",
    "Pulizia e vigilanza dei locali",
    "Carburanti, combustibili e lubrificanti",
};

const char *const kCapitalItems[] = {
    "Manutenzione straordinaria di fabbricati", "Acquisto di attrezzature e arredi",
    "Acquisto di hardware e software",          "Incarichi di progettazione di opere pubbliche",
    "Opere di riqualificazione energetica",     "Acquisto di automezzi",
};

const char *const kPlaces[] = {
    "sede municipale",
    "scuola dell'infanzia \"Arcobaleno\"",
    "scuola primaria \"G. Rodari\"",
    "palazzetto dello sport",
    "biblioteca civica",
    "magazzino comunale",
    "cimitero del capoluogo",
    "centro civico di Borgo San Vito",
    "frazione Case Nuove",
    "parco \"Le Fornaci\"",
};

DemoDocument budget()
{
    DemoDocument d;
    d.number = 2;
    d.fileName = u("02-variazione-bilancio-2026-2028.pdf");
    d.kind = u("deliberation");
    d.title = u("Variazione al bilancio di previsione finanziario 2026-2028 ai sensi "
                "dell&#8217;art. 175 del D.Lgs. 267/2000 e verifica del permanere degli "
                "equilibri");
    d.rapporteur = u("L&#8217;Assessore al bilancio, Paolo Santoro");
    d.votePreset = preset("open", "absolute_of_voting", true);

    // A fixed seed: the same document, the same hash, at every build.
    QRandomGenerator random(2026'11'26);
    const auto amount = [&random](double lo, double hi) {
        return std::round(lo + random.generateDouble() * (hi - lo));
    };

    QList<QStringList> spendingRows;
    QList<QStringList> summaryRows;
    double totalIncrease = 0;
    double totalDecrease = 0;
    int chapter = 1010;
    for (const Programme &programme : kProgrammes) {
        double programmeIncrease = 0;
        double programmeDecrease = 0;
        double programmeBefore = 0;
        const int currentCount = 17 + int(random.bounded(8));
        const int capitalCount = QByteArray(programme.code).startsWith("20")
                || QByteArray(programme.code).startsWith("50")
            ? 0
            : 2 + int(random.bounded(3));
        for (int i = 0; i < currentCount + capitalCount; ++i) {
            const bool capital = i >= currentCount;
            const QString what = capital
                ? u(kCapitalItems[random.bounded(int(std::size(kCapitalItems)))])
                : u(kCurrentItems[(i + random.bounded(3)) % int(std::size(kCurrentItems))]);
            const QString where = u(kPlaces[random.bounded(int(std::size(kPlaces)))]);
            const double before = amount(capital ? 20'000 : 1'500, capital ? 350'000 : 95'000);
            double increase = 0;
            double decrease = 0;
            const quint32 dice = random.bounded(10);
            if (dice < 3)
                increase = std::round(before * (0.03 + random.generateDouble() * 0.25));
            else if (dice < 5)
                decrease = std::round(before * (0.02 + random.generateDouble() * 0.15));
            chapter += 1 + int(random.bounded(6));
            spendingRows << QStringList {
                QString::number(chapter) + u("/") + QString::number(random.bounded(1, 9)),
                what + u(" &#8212; ") + where,
                u(programme.code) + (capital ? u(".2") : u(".1")),
                money(before),
                increase > 0 ? money(increase) : u("&#8212;"),
                decrease > 0 ? money(decrease) : u("&#8212;"),
                money(before + increase - decrease),
            };
            programmeBefore += before;
            programmeIncrease += increase;
            programmeDecrease += decrease;
        }
        totalIncrease += programmeIncrease;
        totalDecrease += programmeDecrease;
        summaryRows << QStringList {
            u(programme.code),        u(programme.name),
            money(programmeBefore),   money(programmeIncrease),
            money(programmeDecrease), money(programmeBefore + programmeIncrease - programmeDecrease)
        };
    }
    const double netSpending = totalIncrease - totalDecrease;

    // Revenue that finances exactly the net change in spending.
    const char *const revenueItems[][2] = {
        { "2.01.01.02", "Contributo regionale per il diritto allo studio (L.R. 28/2007)" },
        { "2.01.01.02", "Contributo regionale per il trasporto degli alunni con disabilit&#224;" },
        { "2.01.01.01", "Fondo per i servizi educativi per l'infanzia (D.Lgs. 65/2017)" },
        { "3.01.02.01", "Proventi dei servizi di refezione scolastica" },
        { "3.01.03.01", "Canoni di concessione degli impianti sportivi" },
        { "3.02.02.01", "Proventi da sanzioni per violazioni del Codice della strada" },
        { "3.05.99.99", "Rimborsi assicurativi per sinistri" },
        { "4.02.01.01", "Contributo statale per la messa in sicurezza di edifici e territorio" },
        { "4.02.01.02", "Contributo regionale per l'efficientamento energetico" },
        { "4.05.04.99", "Proventi dei permessi di costruire" },
        { "1.01.01.06", "Imposta municipale propria - recupero evasione" },
        { "1.01.01.16", "Addizionale comunale IRPEF" },
    };
    QList<QStringList> revenueRows;
    double remaining = netSpending;
    const int revenueCount = int(std::size(revenueItems));
    for (int i = 0; i < revenueCount; ++i) {
        const double before = amount(10'000, 900'000);
        const double change = i == revenueCount - 1
            ? remaining
            : std::round(remaining / (revenueCount - i) * (0.6 + random.generateDouble() * 0.8));
        remaining -= change;
        revenueRows << QStringList { QString::number(100 + i * 7) + u("/0"),
                                     u(revenueItems[i][1]),
                                     u(revenueItems[i][0]),
                                     money(before),
                                     change >= 0 ? money(change) : u("&#8212;"),
                                     change < 0 ? money(-change) : u("&#8212;"),
                                     money(before + change) };
    }

    d.html = titleBlock(d.number, u("Proposta di deliberazione n. 48/2026 del 10 novembre 2026"),
                        d.title,
                        u("La Giunta comunale, su relazione dell&#8217;Assessore al "
                          "bilancio Paolo Santoro"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Richiamate</b> la deliberazione consiliare n. 9 del 27 febbraio 2026, con la "
            "quale &#232; stato approvato il Documento Unico di Programmazione 2026-2028, e la "
            "deliberazione consiliare n. 10 in pari data, con la quale &#232; stato approvato "
            "il bilancio di previsione finanziario 2026-2028, redatto secondo gli schemi di "
            "cui all&#8217;allegato 9 al D.Lgs. 23 giugno 2011, n. 118;",
            "<b>Richiamata</b> altres&#236; la deliberazione consiliare n. 40 del 29 settembre "
            "2026 di salvaguardia degli equilibri di bilancio e assestamento generale;",
            "<b>Visto</b> l&#8217;art. 175 del D.Lgs. 18 agosto 2000, n. 267, il quale "
            "prevede, al comma 1, che il bilancio di previsione possa subire variazioni nel "
            "corso dell&#8217;esercizio di competenza e di cassa sia nella parte prima, "
            "relativa alle entrate, che nella seconda, relativa alle spese, per ciascuno degli "
            "esercizi considerati nel documento, e, al comma 3, che le variazioni al bilancio "
            "possano essere deliberate non oltre il 30 novembre di ciascun anno;",
            "<b>Viste</b> le richieste pervenute dai responsabili dei servizi, conservate agli "
            "atti del Servizio finanziario, con le quali si segnalano maggiori e minori "
            "esigenze di spesa e l&#8217;accertamento di nuove entrate, in particolare:",
        })
        + u("<ul style=\"margin-top:0;\">"
            "<li>l&#8217;assegnazione del contributo statale per la messa in sicurezza della "
            "scuola primaria &#8220;G. Rodari&#8221;, comunicata con decreto del Ministero "
            "dell&#8217;interno del 3 ottobre 2026;</li>"
            "<li>il maggior costo delle utenze energetiche degli edifici scolastici e sportivi "
            "nel periodo settembre-dicembre, stimato sulla base dei consumi del 2025 e dei "
            "prezzi della convenzione CONSIP in vigore;</li>"
            "<li>l&#8217;incremento delle rette per l&#8217;inserimento di minori in strutture "
            "disposto dall&#8217;Autorit&#224; giudiziaria nel mese di ottobre;</li>"
            "<li>il minor fabbisogno per interessi passivi a seguito della rinegoziazione dei "
            "mutui con Cassa depositi e prestiti;</li>"
            "<li>le economie sui contratti di servizio per la manutenzione del verde e per la "
            "pulizia degli immobili, aggiudicati con ribasso d&#8217;asta.</li></ul>")
        + paras({
            "<b>Considerato</b> che, a seguito delle variazioni proposte, il bilancio mantiene "
            "il pareggio finanziario e il rispetto degli equilibri di cui all&#8217;art. 162, "
            "comma 6, del D.Lgs. 267/2000, come dimostrato nel prospetto riassuntivo di cui "
            "all&#8217;Allegato C, e che le variazioni di cassa garantiscono un fondo di cassa "
            "finale non negativo ai sensi dell&#8217;art. 162, comma 6, ultimo periodo;",
            "<b>Verificato</b> che l&#8217;accantonamento al Fondo crediti di dubbia "
            "esigibilit&#224; risulta congruo in relazione all&#8217;andamento delle "
            "riscossioni delle entrate di dubbia e difficile esazione, e che non emergono "
            "situazioni tali da richiedere l&#8217;incremento del Fondo rischi contenzioso;",
            "<b>Acquisito</b> il parere favorevole dell&#8217;Organo di revisione "
            "economico-finanziaria, reso ai sensi dell&#8217;art. 239, comma 1, lettera b), "
            "numero 2, del D.Lgs. 267/2000 con verbale n. 21 del 16 novembre 2026, allegato "
            "alla presente (Allegato D);",
            "<b>Sentita</b> la Commissione consiliare Bilancio e programmazione nella seduta "
            "del 19 novembre 2026;",
        })
        + heading(u("DELIBERA"))
        + para(u("1. di apportare al bilancio di previsione finanziario 2026-2028, annualit&#224; "
                 "2026, le variazioni di competenza e di cassa analiticamente indicate negli "
                 "Allegati A (entrate) e B (spese), che formano parte integrante e sostanziale "
                 "della presente deliberazione, e che si riassumono come segue:"))
        + table({ u("Descrizione"), u("Importo (euro)") },
                { { u("Maggiori spese"), money(totalIncrease) },
                  { u("Minori spese"), money(totalDecrease) },
                  { u("Saldo delle variazioni di spesa"), money(netSpending) },
                  { u("Saldo delle variazioni di entrata"), money(netSpending) },
                  { u("<b>Differenza</b>"), u("<b>0,00</b>") } },
                { 1 }, u("9.5pt"))
        + para(u(""))
        + paras({
            "2. di dare atto che, a seguito delle variazioni di cui al punto 1, permangono gli "
            "equilibri generali di bilancio e il pareggio finanziario, come risulta dal "
            "prospetto di cui all&#8217;Allegato C;",
            "3. di aggiornare conseguentemente il Documento Unico di Programmazione 2026-2028 "
            "e il Programma triennale dei lavori pubblici per la parte relativa "
            "all&#8217;intervento sulla scuola primaria &#8220;G. Rodari&#8221;;",
            "4. di trasmettere al Tesoriere comunale il prospetto di cui all&#8217;allegato 8 "
            "al D.Lgs. 118/2011, contenente i dati di interesse del Tesoriere;",
            "5. di dichiarare, con separata votazione, la presente deliberazione "
            "immediatamente eseguibile ai sensi dell&#8217;art. 134, comma 4, del D.Lgs. "
            "267/2000, per consentire l&#8217;assunzione degli impegni di spesa entro "
            "l&#8217;esercizio.",
        })
        + opinions(u("Il Responsabile del Servizio finanziario, rag. Paolo Martinelli."),
                   u("Favorevole. Il Responsabile del Servizio finanziario, rag. Paolo "
                     "Martinelli."))
        + signatures() + u("<p style=\"page-break-before:always;\"></p>")
        + heading(u("ALLEGATO A &#8212; Variazioni alle entrate, esercizio 2026"))
        + table({ u("Capitolo"), u("Descrizione"), u("Codice"), u("Stanziamento attuale"),
                  u("Variazione +"), u("Variazione &#8722;"), u("Stanziamento assestato") },
                revenueRows, { 3, 4, 5, 6 }, u("8pt"), { 8, 32, 10, 13, 12, 12, 13 })
        + u("<p style=\"page-break-before:always;\"></p>")
        + heading(
                 u("ALLEGATO B &#8212; Variazioni alle spese, esercizio 2026 (competenza e cassa)"))
        + para(u("<span style=\"font-size:8.5pt;\">Il codice indica missione, programma e "
                 "titolo (1 spese correnti, 2 spese in conto capitale). Importi in euro.</span>"))
        + table({ u("Cap."), u("Descrizione"), u("Codice"), u("Stanziamento attuale"),
                  u("Variazione +"), u("Variazione &#8722;"), u("Stanziamento assestato") },
                spendingRows, { 3, 4, 5, 6 }, u("7.5pt"), { 8, 37, 9, 12, 11, 11, 12 })
        + u("<p style=\"page-break-before:always;\"></p>")
        + heading(u("ALLEGATO C &#8212; Riepilogo per missione e programma ed equilibri"))
        + table({ u("Programma"), u("Denominazione"), u("Stanziamento attuale"), u("Variazione +"),
                  u("Variazione &#8722;"), u("Stanziamento assestato") },
                summaryRows, { 2, 3, 4, 5 }, u("8pt"), { 9, 39, 13, 13, 13, 13 })
        + para(u(""))
        + paras({
            "Il saldo delle variazioni di parte corrente &#232; finanziato da maggiori entrate "
            "correnti e da minori spese correnti; il saldo delle variazioni di parte capitale "
            "&#232; finanziato dal contributo statale per la messa in sicurezza degli edifici "
            "e dai proventi dei permessi di costruire. Non si applica avanzo di "
            "amministrazione. L&#8217;equilibrio di parte corrente (W1) e l&#8217;equilibrio "
            "complessivo (W3) restano positivi.",
        })
        + heading(u("ALLEGATO D &#8212; Parere dell&#8217;Organo di revisione (verbale n. 21 del "
                    "16 novembre 2026)"))
        + paras({
            "Il sottoscritto Revisore unico dei conti, dott. Stefano Ambrosini, esaminata la "
            "proposta di deliberazione consiliare n. 48/2026 avente ad oggetto la variazione "
            "al bilancio di previsione 2026-2028 e la relativa documentazione;",
            "verificato che le variazioni proposte sono supportate dalle richieste dei "
            "responsabili dei servizi e, per le entrate, da atti formali di assegnazione o da "
            "idonea documentazione dell&#8217;andamento degli accertamenti;",
            "verificato il rispetto del pareggio finanziario e degli equilibri di bilancio, "
            "nonch&#233; la congruit&#224; del Fondo crediti di dubbia esigibilit&#224; e "
            "degli altri accantonamenti;",
            "esprime <b>parere favorevole</b> in ordine alla congruit&#224;, coerenza e "
            "attendibilit&#224; contabile delle variazioni proposte, raccomandando di "
            "monitorare l&#8217;andamento della spesa per utenze energetiche e di riferire "
            "al Consiglio in sede di rendiconto.",
            "Valdoria, 16 novembre 2026 &#8212; Il Revisore unico, dott. Stefano Ambrosini.",
        });
    return d;
}

// 3 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument regulation()
{
    DemoDocument d;
    d.number = 3;
    d.fileName = u("03-regolamento-sale-civiche.pdf");
    d.kind = u("regulation");
    d.title = u("Approvazione del Regolamento comunale per la concessione in uso delle sale "
                "civiche e degli spazi pubblici");
    d.rapporteur = u("L&#8217;Assessore alla partecipazione, Roberta Villa");
    d.votePreset = preset("open", "absolute_of_voting", false);

    struct Article
    {
        const char *title;
        std::initializer_list<const char *> paragraphs;
    };
    struct Chapter
    {
        const char *title;
        std::initializer_list<Article> articles;
    };
    const Chapter chapters[] = {
        { "Capo I &#8212; Disposizioni generali",
          { { "Oggetto e finalit&#224;",
              { "Il presente regolamento disciplina la concessione in uso temporaneo a terzi "
                "delle sale civiche e degli spazi pubblici di propriet&#224; del Comune di "
                "Valdoria, elencati nell&#8217;allegato A, al fine di favorire la "
                "partecipazione dei cittadini alla vita della comunit&#224;, "
                "l&#8217;associazionismo e le attivit&#224; culturali, sociali, sportive e "
                "ricreative.",
                "La concessione avviene nel rispetto dei principi di imparzialit&#224;, "
                "trasparenza e parit&#224; di trattamento, compatibilmente con le esigenze "
                "istituzionali dell&#8217;ente, che hanno sempre la precedenza." } },
            { "Definizioni",
              { "Ai fini del presente regolamento si intende per: a) <i>sala</i>, ciascun locale "
                "chiuso indicato nell&#8217;allegato A; b) <i>spazio pubblico</i>, ciascuna "
                "area aperta attrezzata indicata nel medesimo allegato; c) "
                "<i>concessionario</i>, il soggetto al quale &#232; rilasciata la "
                "concessione; d) <i>ufficio</i>, l&#8217;Ufficio partecipazione e cultura." } },
            { "Esclusioni",
              { "Il presente regolamento non si applica agli impianti sportivi, disciplinati "
                "da apposito regolamento, n&#233; alla sala consiliare, il cui uso &#232; "
                "riservato alle attivit&#224; istituzionali e alle iniziative patrocinate dal "
                "Presidente del Consiglio comunale." } } } },
        { "Capo II &#8212; Procedimento di concessione",
          { { "Soggetti richiedenti",
              { "Possono chiedere la concessione le associazioni iscritte all&#8217;albo "
                "comunale, gli enti del terzo settore, le istituzioni scolastiche, i partiti e "
                "i movimenti politici, i gruppi consiliari, le organizzazioni sindacali, i "
                "comitati di cittadini e le persone fisiche maggiorenni.",
                "Non pu&#242; essere concesso l&#8217;uso delle sale per attivit&#224; che "
                "abbiano scopo di lucro prevalente, salvo quanto previsto all&#8217;articolo "
                "10, comma 3." } },
            { "Domanda",
              { "La domanda &#232; presentata all&#8217;ufficio, anche in via telematica "
                "attraverso lo sportello on line, almeno dieci giorni prima della data di "
                "utilizzo e non prima di novanta giorni; per gli utilizzi continuativi la "
                "domanda &#232; presentata entro il 30 giugno per la stagione da settembre a "
                "giugno.",
                "La domanda indica il richiedente e il responsabile dell&#8217;utilizzo, "
                "l&#8217;iniziativa e il numero presunto di partecipanti, la sala richiesta, le "
                "date e gli orari, le attrezzature necessarie e l&#8217;eventuale richiesta di "
                "riduzione o esenzione della tariffa." } },
            { "Criteri di priorit&#224;",
              { "In caso di pi&#249; domande per la stessa sala e nello stesso orario, la "
                "precedenza &#232; accordata nell&#8217;ordine: a) alle iniziative del Comune e "
                "a quelle patrocinate; b) alle iniziative delle istituzioni scolastiche; c) alle "
                "associazioni iscritte all&#8217;albo comunale con sede a Valdoria; d) agli "
                "altri soggetti, secondo l&#8217;ordine cronologico di presentazione." } },
            { "Rilascio e diniego",
              { "La concessione &#232; rilasciata dal responsabile dell&#8217;ufficio entro "
                "cinque giorni lavorativi dalla domanda completa; il diniego &#232; motivato e "
                "comunicato nello stesso termine.",
                "La concessione pu&#242; essere revocata in qualsiasi momento per "
                "sopravvenute esigenze istituzionali, con preavviso di almeno quarantotto ore "
                "salvo i casi di urgenza, senza che il concessionario possa pretendere alcun "
                "indennizzo oltre alla restituzione della tariffa versata." } },
            { "Periodi elettorali",
              { "Nei periodi di campagna elettorale le sale sono concesse ai partiti, ai "
                "movimenti politici e ai comitati promotori secondo un calendario che assicura "
                "parit&#224; di condizioni, predisposto dall&#8217;ufficio d&#8217;intesa con "
                "i rappresentanti delle liste." } } } },
        { "Capo III &#8212; Tariffe e garanzie",
          { { "Tariffe",
              { "Le tariffe orarie e giornaliere per l&#8217;uso delle sale sono determinate "
                "dalla Giunta comunale e comprendono le spese per riscaldamento, "
                "illuminazione e pulizia ordinaria.",
                "Le tariffe sono aggiornate annualmente in sede di approvazione del bilancio "
                "di previsione." } },
            { "Riduzioni ed esenzioni",
              { "Sono esenti dalla tariffa le iniziative del Comune, delle istituzioni "
                "scolastiche del territorio e dei gruppi consiliari, nonch&#233; le assemblee "
                "pubbliche dei comitati di cittadini su temi di interesse locale.",
                "La tariffa &#232; ridotta del cinquanta per cento per le associazioni "
                "iscritte all&#8217;albo comunale e per le iniziative a ingresso gratuito "
                "aperte alla cittadinanza.",
                "Per le iniziative con ingresso a pagamento la tariffa &#232; maggiorata del "
                "trenta per cento." } },
            { "Deposito cauzionale",
              { "Per gli utilizzi superiori a quattro ore o che prevedano la presenza di oltre "
                "cento persone pu&#242; essere richiesto un deposito cauzionale, nella misura "
                "stabilita dalla Giunta, restituito entro trenta giorni dalla riconsegna della "
                "sala in buono stato." } } } },
        { "Capo IV &#8212; Obblighi e responsabilit&#224;",
          { { "Obblighi del concessionario",
              { "Il concessionario utilizza la sala con la diligenza del buon padre di "
                "famiglia, per le sole finalit&#224; indicate nella domanda, nel rispetto della "
                "capienza massima indicata nell&#8217;allegato A e delle norme di sicurezza; "
                "non pu&#242; cedere a terzi l&#8217;uso della sala n&#233; modificarne gli "
                "arredi e gli impianti.",
                "Al termine dell&#8217;utilizzo il concessionario riconsegna la sala nelle "
                "condizioni in cui l&#8217;ha ricevuta, spegne le luci e gli impianti e chiude "
                "gli accessi." } },
            { "Responsabilit&#224;",
              { "Il concessionario &#232; responsabile dei danni arrecati a persone o cose "
                "durante l&#8217;utilizzo e solleva il Comune da ogni responsabilit&#224; "
                "civile verso terzi; per le iniziative aperte al pubblico con oltre cento "
                "partecipanti &#232; richiesta una polizza di responsabilit&#224; civile." } },
            { "Sicurezza",
              { "Il concessionario individua tra i propri aderenti almeno una persona formata "
                "per la gestione delle emergenze, presente per tutta la durata "
                "dell&#8217;iniziativa; l&#8217;ufficio fornisce le istruzioni sulle vie di "
                "esodo e sui presidi antincendio di ciascuna sala." } },
            { "Pubblicit&#224; delle iniziative",
              { "Il materiale informativo delle iniziative non pu&#242; far intendere che il "
                "Comune le promuova o le patrocini, salvo che il patrocinio sia stato "
                "concesso." } } } },
        { "Capo V &#8212; Disposizioni finali",
          { { "Controlli e sanzioni",
              { "L&#8217;ufficio verifica il rispetto del presente regolamento anche mediante "
                "sopralluoghi. In caso di violazione il responsabile dell&#8217;ufficio pu&#242; "
                "sospendere o revocare la concessione e negare nuove concessioni al medesimo "
                "soggetto per un periodo da tre a dodici mesi." } },
            { "Trattamento dei dati personali",
              { "I dati personali raccolti sono trattati ai sensi del Regolamento (UE) "
                "2016/679 per le sole finalit&#224; connesse alla concessione." } },
            { "Entrata in vigore e abrogazioni",
              { "Il presente regolamento entra in vigore il primo giorno del mese successivo a "
                "quello in cui la deliberazione di approvazione &#232; divenuta esecutiva.",
                "Dalla stessa data &#232; abrogato il Regolamento per l&#8217;uso dei locali "
                "comunali approvato con deliberazione consiliare n. 51 del 14 novembre "
                "2001." } } } },
    };

    QString articles;
    int number = 1;
    for (const Chapter &chapter : chapters) {
        articles += heading(u(chapter.title));
        for (const Article &article : chapter.articles) {
            articles += u("<p style=\"margin-top:8px; margin-bottom:4px;\"><b>Art. ")
                + QString::number(number++) + u(" &#8212; ") + u(article.title) + u("</b></p>");
            int comma = 1;
            for (const char *text : article.paragraphs) {
                const QString prefix =
                    article.paragraphs.size() > 1 ? QString::number(comma++) + u(". ") : QString();
                articles += para(prefix + u(text));
            }
        }
    }

    d.html =
        titleBlock(d.number, u("Proposta di deliberazione n. 49/2026 del 10 novembre 2026"),
                   d.title,
                   u("La Giunta comunale, su relazione dell&#8217;Assessore alla "
                     "partecipazione Roberta Villa"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Premesso</b> che il Comune dispone di sette sale civiche e di quattro spazi "
            "pubblici attrezzati, distribuiti nel capoluogo e nelle frazioni, che sono "
            "richiesti con frequenza crescente da associazioni, gruppi e cittadini;",
            "<b>Rilevato</b> che il regolamento vigente, approvato nel 2001, non disciplina "
            "le domande telematiche, gli utilizzi continuativi, le garanzie e le esigenze di "
            "sicurezza connesse alle iniziative con ampia partecipazione di pubblico, e che la "
            "Commissione consiliare Affari generali ne ha proposto la sostituzione integrale "
            "nelle sedute del 6 e del 20 ottobre 2026;",
            "<b>Visti</b> l&#8217;art. 7 del D.Lgs. 18 agosto 2000, n. 267, che attribuisce "
            "ai comuni la potest&#224; regolamentare nelle materie di propria competenza, e "
            "l&#8217;art. 42, comma 2, lettera a), del medesimo decreto;",
            "<b>Visto</b> lo schema di regolamento composto da 18 articoli, di seguito "
            "riportato, e ritenuto di approvarlo;",
        })
        + heading(u("DELIBERA"))
        + paras({
            "1. di approvare il Regolamento comunale per la concessione in uso delle sale "
            "civiche e degli spazi pubblici, nel testo che segue, composto da 18 articoli e "
            "dall&#8217;allegato A (elenco delle sale e relative capienze);",
            "2. di demandare alla Giunta comunale la determinazione delle tariffe e del "
            "deposito cauzionale di cui agli articoli 9 e 11;",
            "3. di dare atto che il regolamento sar&#224; pubblicato all&#8217;albo pretorio e "
            "nella sezione &#8220;Amministrazione trasparente&#8221; del sito istituzionale.",
        })
        + opinions(u("Il Responsabile dell&#8217;Area affari generali, dott. Marco Pellegrini."),
                   u("Favorevole. Il Responsabile del Servizio finanziario, rag. Paolo "
                     "Martinelli."))
        + signatures() + u("<p style=\"page-break-before:always;\"></p>")
        + heading(u("REGOLAMENTO COMUNALE PER LA CONCESSIONE IN USO DELLE SALE CIVICHE E DEGLI "
                    "SPAZI PUBBLICI"))
        + articles + heading(u("Allegato A &#8212; Sale civiche e spazi pubblici"))
        + table(
            { u("Sala o spazio"), u("Indirizzo"), u("Capienza"), u("Accessibile") },
            { { u("Sala polivalente &#8220;Ex Filanda&#8221;"), u("Via dei Mulini 4"), u("180"),
                u("s&#236;") },
              { u("Sala riunioni del Centro civico"), u("Piazza San Vito 2, Borgo San Vito"),
                u("60"), u("s&#236;") },
              { u("Sala della Biblioteca civica"), u("Via Garibaldi 21"), u("45"), u("s&#236;") },
              { u("Sala &#8220;Anna Frank&#8221;"), u("Via Roma 110"), u("35"), u("no") },
              { u("Sala della Pro loco"), u("Piazza della Repubblica 6"), u("30"), u("s&#236;") },
              { u("Sala civica di Case Nuove"), u("Via della Chiesa 1, Case Nuove"), u("50"),
                u("s&#236;") },
              { u("Saletta del Parco"), u("Parco &#8220;Le Fornaci&#8221;"), u("25"),
                u("s&#236;") },
              { u("Arena estiva"), u("Parco &#8220;Le Fornaci&#8221;"), u("400"), u("s&#236;") },
              { u("Piazza del Mercato coperto"), u("Piazza del Mercato"), u("300"),
                u("s&#236;") } },
            { 2 }, u("9pt"));
    return d;
}

// 4 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument motion()
{
    DemoDocument d;
    d.number = 4;
    d.fileName = u("04-mozione-comunita-energetica.pdf");
    d.kind = u("motion");
    d.title = u("Mozione sulla costituzione di una comunit&#224; energetica rinnovabile "
                "comunale e sull&#8217;installazione di impianti fotovoltaici sugli edifici "
                "pubblici");
    d.rapporteur = u("Il consigliere Andrea Rinaldi (gruppo &#8220;Valdoria Futura&#8221;)");
    d.votePreset = preset("open", "simple", false);
    d.html = titleBlock(d.number,
                        u("Mozione prot. n. 18342 del 28 ottobre 2026 (art. 31 del "
                          "Regolamento del Consiglio)"),
                        d.title,
                        u("I consiglieri Andrea Rinaldi, Chiara Fontana e Luca Moretti "
                          "(gruppo &#8220;Valdoria Futura&#8221;)"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Premesso</b> che il D.Lgs. 8 novembre 2021, n. 199, di recepimento della "
            "direttiva (UE) 2018/2001, disciplina le comunit&#224; energetiche rinnovabili "
            "(CER), alle quali possono partecipare anche gli enti locali, e che il decreto "
            "del Ministro dell&#8217;ambiente e della sicurezza energetica n. 414 del 7 "
            "dicembre 2023 prevede una tariffa incentivante sull&#8217;energia condivisa e un "
            "contributo in conto capitale per i comuni con meno di cinquemila abitanti;",
            "<b>Premesso</b> altres&#236; che il Comune di Valdoria ha sottoscritto nel 2022 "
            "il Patto dei sindaci per il clima e l&#8217;energia, impegnandosi a ridurre le "
            "emissioni di gas climalteranti del territorio di almeno il 55 per cento entro il "
            "2030;",
            "<b>Considerato</b> che la spesa del Comune per l&#8217;energia elettrica degli "
            "edifici pubblici e dell&#8217;illuminazione &#232; stata pari a euro 412.000 nel "
            "2025, e che le coperture della scuola primaria &#8220;G. Rodari&#8221;, del "
            "palazzetto dello sport, del magazzino comunale e del Centro civico di Borgo San "
            "Vito, per una superficie complessiva di circa 4.200 metri quadrati, risultano "
            "idonee all&#8217;installazione di impianti fotovoltaici secondo lo studio di "
            "fattibilit&#224; redatto dall&#8217;Agenzia energetica provinciale nel 2024;",
            "<b>Considerato</b> che una comunit&#224; energetica promossa dal Comune "
            "permetterebbe a famiglie, piccole imprese ed enti del terzo settore di "
            "condividere l&#8217;energia prodotta, destinando una parte degli incentivi a "
            "finalit&#224; sociali, quali il contrasto alla povert&#224; energetica;",
            "<b>Rilevato</b> che numerosi comuni della provincia hanno gi&#224; costituito o "
            "stanno costituendo comunit&#224; energetiche, anche in forma associata, e che la "
            "Regione ha aperto un bando per il sostegno alle spese di costituzione con "
            "scadenza il 31 marzo 2027;",
        })
        + heading(u("IMPEGNA IL SINDACO E LA GIUNTA"))
        + paras({
            "1. a promuovere, entro sei mesi, la costituzione di una comunit&#224; energetica "
            "rinnovabile con la partecipazione del Comune, valutando la forma giuridica "
            "pi&#249; adeguata e l&#8217;eventuale adesione di comuni limitrofi;",
            "2. a presentare domanda di contributo sul bando regionale per le spese di "
            "costituzione entro la scadenza del 31 marzo 2027;",
            "3. a inserire nel Programma triennale dei lavori pubblici 2027-2029 "
            "l&#8217;installazione di impianti fotovoltaici sulle coperture degli edifici "
            "indicati in premessa, ricercando i finanziamenti disponibili;",
            "4. a organizzare, entro tre mesi, almeno due assemblee pubbliche informative, di "
            "cui una nelle frazioni, rivolte a cittadini, imprese e associazioni;",
            "5. a riferire al Consiglio comunale, tramite la Commissione Territorio e ambiente, "
            "sullo stato di attuazione della presente mozione entro il 30 giugno 2027.",
        })
        + para(u("<i>Valdoria, 28 ottobre 2026</i>"))
        + para(u("I consiglieri proponenti: Andrea Rinaldi, Chiara Fontana, Luca Moretti."))
        + subheading(u("Nota della Segreteria"))
        + paras({
            "La mozione &#232; stata iscritta all&#8217;ordine del giorno ai sensi dell&#8217;art. "
            "31, comma 2, del Regolamento del Consiglio. Trattandosi di atto di indirizzo, non "
            "sono richiesti i pareri di cui all&#8217;art. 49 del D.Lgs. 267/2000. Il "
            "proponente ha dieci minuti per l&#8217;illustrazione; ciascun gruppo ha cinque "
            "minuti per intervenire e tre per la dichiarazione di voto. Gli emendamenti sono "
            "presentati per iscritto al Presidente prima della chiusura della discussione.",
        });
    return d;
}

// 5 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument interpellation()
{
    DemoDocument d;
    d.number = 5;
    d.fileName = u("05-interpellanza-scuola-rodari.pdf");
    d.kind = u("interpellation");
    d.title = u("Interpellanza sullo stato dei lavori di adeguamento sismico della scuola "
                "primaria &#8220;G. Rodari&#8221; e sulla sistemazione provvisoria degli "
                "alunni");
    d.rapporteur = u("La consigliera Valentina Greco (gruppo &#8220;Civica Bene Comune&#8221;)");
    // An interpellation is answered, not voted.
    d.html =
        titleBlock(d.number,
                   u("Interpellanza prot. n. 18967 del 4 novembre 2026 (art. 30 "
                     "del Regolamento del Consiglio)"),
                   d.title,
                   u("La consigliera Valentina Greco (gruppo &#8220;Civica Bene "
                     "Comune&#8221;)"))
        + para(u("<b>Al Sindaco del Comune di Valdoria</b><br/><b>Al Presidente del Consiglio "
                 "comunale</b>"))
        + paras({
            "La sottoscritta consigliera comunale, <b>premesso</b> che:",
            "&#8212; con deliberazione della Giunta comunale n. 88 del 14 giugno 2025 &#232; "
            "stato approvato il progetto esecutivo dei lavori di adeguamento sismico ed "
            "efficientamento energetico della scuola primaria &#8220;G. Rodari&#8221;, per un "
            "importo complessivo di euro 2.350.000, finanziato per euro 1.900.000 con fondi "
            "del Piano nazionale di ripresa e resilienza e per la restante parte con mutuo;",
            "&#8212; secondo il cronoprogramma allegato al contratto d&#8217;appalto i lavori, "
            "consegnati il 1&#176; settembre 2025, avrebbero dovuto concludersi entro il 31 "
            "agosto 2026, consentendo il rientro degli alunni nell&#8217;edificio con "
            "l&#8217;inizio dell&#8217;anno scolastico 2026/2027;",
            "&#8212; a tutt&#8217;oggi il cantiere risulta ancora aperto, e le dieci classi "
            "della scuola sono ospitate nei moduli prefabbricati installati nell&#8217;area del "
            "palazzetto dello sport, con disagi segnalati dalle famiglie e dal Consiglio "
            "d&#8217;istituto per quanto riguarda il riscaldamento, lo spazio per la mensa e la "
            "sicurezza dei percorsi pedonali;",
            "&#8212; nella seduta del 29 settembre 2026 il Sindaco ha riferito di una "
            "&#8220;breve proroga&#8221; dei lavori senza indicarne la durata n&#233; le "
            "cause;",
            "<b>considerato</b> che il rispetto delle scadenze del PNRR &#232; condizione per "
            "non perdere il finanziamento, e che le famiglie hanno diritto a informazioni "
            "chiare sui tempi del rientro;",
        })
        + heading(u("INTERPELLA IL SINDACO E LA GIUNTA PER SAPERE"))
        + paras({
            "1. quale sia lo stato di avanzamento dei lavori, in percentuale e con riferimento "
            "alle singole lavorazioni (strutture, impianti, serramenti, finiture);",
            "2. quali siano le cause del ritardo, se siano state concesse proroghe o sospensioni "
            "e con quali atti, e se siano state applicate le penali previste dal contratto;",
            "3. quale sia la nuova data prevista per la fine dei lavori, per il collaudo e per "
            "il rientro degli alunni;",
            "4. se il ritardo metta a rischio, anche in parte, il finanziamento PNRR e quali "
            "misure siano state adottate per evitarlo;",
            "5. quali interventi siano stati o saranno adottati per migliorare le condizioni "
            "dei moduli provvisori, in particolare il riscaldamento e il servizio mensa, e "
            "per mettere in sicurezza il percorso pedonale tra i moduli e la fermata dello "
            "scuolabus.",
        })
        + para(u("La sottoscritta chiede risposta orale nella prima seduta utile del Consiglio "
                 "comunale, ai sensi dell&#8217;art. 30, comma 4, del Regolamento."))
        + para(u("<i>Valdoria, 4 novembre 2026</i> &#8212; Valentina Greco"))
        + subheading(u("Cronologia dell&#8217;intervento (dati forniti dall&#8217;Ufficio "
                       "tecnico su richiesta della Segreteria)"))
        + table(
            { u("Data"), u("Atto o fase"), u("Note") },
            { { u("14/06/2025"), u("Approvazione del progetto esecutivo (G.C. n. 88)"),
                u("Importo complessivo euro 2.350.000,00") },
              { u("22/07/2025"), u("Aggiudicazione (determinazione n. 412)"),
                u("Ribasso del 7,35 per cento") },
              { u("01/09/2025"), u("Consegna dei lavori"), u("Durata contrattuale 365 giorni") },
              { u("15/01/2026"), u("Perizia di variante n. 1"),
                u("Rinforzo delle fondazioni non previsto in progetto") },
              { u("03/03/2026"), u("Sospensione parziale dei lavori"),
                u("Indagini integrative sulle strutture") },
              { u("28/04/2026"), u("Ripresa dei lavori"), u("&#8212;") },
              { u("31/08/2026"), u("Termine contrattuale originario"), u("Non rispettato") },
              { u("12/09/2026"), u("Proroga di 120 giorni (determinazione n. 507)"),
                u("Nuovo termine: 29/12/2026") },
              { u("30/06/2026"), u("Scadenza PNRR (target di aggiudicazione)"), u("Raggiunto") },
              { u("31/03/2027"), u("Scadenza PNRR (collaudo)"), u("In corso") } },
            {}, u("9pt"))
        + subheading(u("Modalit&#224; di trattazione"))
        + paras({
            "Ai sensi dell&#8217;art. 30 del Regolamento del Consiglio, l&#8217;interpellante "
            "illustra l&#8217;interpellanza per non pi&#249; di cinque minuti; risponde il "
            "Sindaco o l&#8217;Assessore delegato per non pi&#249; di dieci minuti; "
            "l&#8217;interpellante pu&#242; replicare per non pi&#249; di tre minuti, "
            "dichiarando se sia soddisfatta. Sull&#8217;interpellanza non si vota.",
        });
    return d;
}

// 6 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument auditors()
{
    DemoDocument d;
    d.number = 6;
    d.fileName = u("06-nomina-organo-revisione.pdf");
    d.kind = u("appointment");
    d.title = u("Nomina dell&#8217;Organo di revisione economico-finanziaria per il triennio "
                "2027-2029 e determinazione del compenso");
    d.rapporteur = u("Il Sindaco, Marta Bellini");
    // Votes on people are secret (Regolamento del Consiglio, art. 48).
    d.votePreset = preset("secret", "absolute_of_voting", true);
    d.html = titleBlock(d.number, u("Proposta di deliberazione n. 50/2026 del 12 novembre 2026"),
                        d.title, u("Il Sindaco, Marta Bellini"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Premesso</b> che l&#8217;incarico del Revisore unico dei conti, dott. Stefano "
            "Ambrosini, nominato con deliberazione consiliare n. 58 del 29 novembre 2023, "
            "scade il 31 dicembre 2026 e non &#232; rinnovabile ai sensi dell&#8217;art. 235, "
            "comma 1, del D.Lgs. 18 agosto 2000, n. 267, trattandosi del secondo mandato "
            "consecutivo presso questo ente;",
            "<b>Visto</b> l&#8217;art. 16, comma 25, del D.L. 13 agosto 2011, n. 138, "
            "convertito dalla legge 14 settembre 2011, n. 148, il quale dispone che i revisori "
            "dei conti degli enti locali siano scelti mediante estrazione da un elenco nel "
            "quale possono essere inseriti, a richiesta, i soggetti iscritti al Registro dei "
            "revisori legali e all&#8217;Ordine dei dottori commercialisti ed esperti "
            "contabili, e il Regolamento adottato con decreto del Ministro dell&#8217;interno "
            "15 febbraio 2012, n. 23;",
            "<b>Visto</b> l&#8217;art. 234, comma 3, del D.Lgs. 267/2000, ai sensi del quale "
            "nei comuni con popolazione inferiore a 15.000 abitanti la revisione "
            "economico-finanziaria &#232; affidata a un solo revisore;",
            "<b>Visto</b> il verbale del procedimento di estrazione a sorte svolto presso la "
            "Prefettura di Monteverde il 5 novembre 2026, trasmesso con nota prot. n. 18801, "
            "dal quale risultano estratti, nell&#8217;ordine:",
        })
        + table({ u("Ordine"), u("Nominativo"), u("Iscrizione"), u("Esito delle verifiche") },
                { { u("1&#176; estratto"), u("dott.ssa Francesca Lodi"),
                    u("Registro revisori legali n. 141203"),
                    u("Accettazione e dichiarazioni di insussistenza di cause di "
                      "incompatibilit&#224; pervenute il 10/11/2026") },
                  { u("2&#176; estratto (riserva)"), u("dott. Nicola Berti"),
                    u("Registro revisori legali n. 098765"), u("&#8212;") },
                  { u("3&#176; estratto (riserva)"), u("rag. Anna Maria Serra"),
                    u("Registro revisori legali n. 113579"), u("&#8212;") } },
                {}, u("9pt"))
        + para(u(""))
        + paras({
            "<b>Verificato</b> che la prima estratta ha comunicato l&#8217;accettazione "
            "dell&#8217;incarico e ha dichiarato il rispetto dei limiti di cui all&#8217;art. "
            "238 del D.Lgs. 267/2000 e l&#8217;insussistenza delle cause di ineleggibilit&#224; "
            "e incompatibilit&#224; di cui all&#8217;art. 236 del medesimo decreto e "
            "all&#8217;art. 2399 del codice civile;",
            "<b>Visto</b> l&#8217;art. 241 del D.Lgs. 267/2000 e il decreto del Ministro "
            "dell&#8217;interno 21 dicembre 2018, che fissa i limiti massimi del compenso base "
            "annuo dei revisori per fascia demografica, e ritenuto di determinare il compenso "
            "come segue:",
        })
        + table({ u("Voce"), u("Importo annuo (euro)") },
                { { u("Compenso base (fascia 5.000-9.999 abitanti)"), money(9'200) },
                  { u("Maggiorazione art. 241, comma 1, TUEL (10 per cento)"), money(920) },
                  { u("Rimborso spese di viaggio (massimo)"), money(800) },
                  { u("Contributo previdenziale (4 per cento)"), money(404.80) },
                  { u("IVA (22 per cento)"), money(2'315.46) },
                  { u("<b>Totale annuo massimo</b>"), u("<b>") + money(13'640.26) + u("</b>") } },
                { 1 }, u("9pt"))
        + para(u(""))
        + paras({
            "<b>Dato atto</b> che la spesa trova copertura alla missione 01, programma 03, "
            "capitolo 1068/1 &#8220;Compenso all&#8217;Organo di revisione&#8221; del bilancio "
            "2026-2028, annualit&#224; 2027 e 2028, e che sar&#224; prevista nel bilancio 2029;",
            "<b>Dato atto</b> che, trattandosi di nomina di persone, la votazione si svolge a "
            "scrutinio segreto ai sensi dell&#8217;art. 48 del Regolamento del Consiglio;",
        })
        + heading(u("DELIBERA"))
        + paras({
            "1. di nominare Revisore unico dei conti del Comune di Valdoria per il triennio "
            "dal 1&#176; gennaio 2027 al 31 dicembre 2029 la dott.ssa Francesca Lodi, "
            "prima estratta nel procedimento svolto presso la Prefettura di Monteverde il 5 "
            "novembre 2026;",
            "2. di determinare il compenso annuo nella misura indicata in premessa, per un "
            "importo massimo di euro 13.640,26 annui comprensivo di oneri e rimborsi;",
            "3. di comunicare la nomina alla Prefettura di Monteverde e al Tesoriere "
            "comunale entro venti giorni, ai sensi dell&#8217;art. 234, comma 4, del D.Lgs. "
            "267/2000;",
            "4. di dichiarare, con separata votazione palese, la presente deliberazione "
            "immediatamente eseguibile, per consentire l&#8217;insediamento "
            "dell&#8217;Organo di revisione dal 1&#176; gennaio 2027.",
        })
        + opinions(u("Il Responsabile del Servizio finanziario, rag. Paolo Martinelli."),
                   u("Favorevole. Il Responsabile del Servizio finanziario, rag. Paolo "
                     "Martinelli."))
        + signatures();
    return d;
}

// 7 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument disposals()
{
    DemoDocument d;
    d.number = 7;
    d.fileName = u("07-piano-alienazioni-2027-2029.pdf");
    d.kind = u("deliberation");
    d.title = u("Approvazione del Piano delle alienazioni e valorizzazioni immobiliari per il "
                "triennio 2027-2029 (art. 58 del D.L. 112/2008)");
    d.rapporteur = u("L&#8217;Assessore al patrimonio, Michele Parodi");
    d.votePreset = preset("roll-call", "absolute_of_voting", true);

    const QList<QStringList> properties = {
        { u("1"), u("Ex scuola elementare di Case Nuove, Via della Chiesa 3"),
          u("Fg. 12, mapp. 245"), u("640 mq"), u("Alienazione"), u("2027"), money(310'000) },
        { u("2"), u("Terreno agricolo in localit&#224; Prato Lungo"), u("Fg. 18, mapp. 77, 78"),
          u("12.400 mq"), u("Alienazione"), u("2027"), money(49'600) },
        { u("3"), u("Relitto stradale lungo Via dei Mulini"), u("Fg. 7, mapp. 1032"), u("95 mq"),
          u("Alienazione"), u("2027"), money(4'750) },
        { u("4"), u("Alloggio in Via Roma 88, piano secondo"), u("Fg. 9, mapp. 310, sub. 6"),
          u("78 mq"), u("Alienazione"), u("2028"), money(96'000) },
        { u("5"), u("Ex casello idraulico sul torrente Rio Freddo"), u("Fg. 21, mapp. 15"),
          u("110 mq"), u("Concessione di valorizzazione"), u("2028"), money(85'000) },
        { u("6"), u("Area edificabile in Via Artigiani (PEEP)"), u("Fg. 5, mapp. 801, 802"),
          u("2.150 mq"), u("Alienazione"), u("2028"), money(236'500) },
        { u("7"), u("Locale commerciale in Piazza del Mercato 2"), u("Fg. 9, mapp. 98, sub. 1"),
          u("64 mq"), u("Locazione"), u("2027"), money(7'200) },
        { u("8"), u("Ex magazzino comunale di Via Stazione"), u("Fg. 8, mapp. 402"), u("830 mq"),
          u("Alienazione"), u("2029"), money(275'000) },
        { u("9"), u("Porzione di area verde in Via delle Rose"), u("Fg. 6, mapp. 1200"),
          u("140 mq"), u("Alienazione"), u("2029"), money(8'400) },
    };

    d.html = titleBlock(d.number, u("Proposta di deliberazione n. 51/2026 del 12 novembre 2026"),
                        d.title,
                        u("La Giunta comunale, su relazione dell&#8217;Assessore al "
                          "patrimonio Michele Parodi"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Visto</b> l&#8217;art. 58, comma 1, del D.L. 25 giugno 2008, n. 112, "
            "convertito dalla legge 6 agosto 2008, n. 133, secondo il quale, per procedere al "
            "riordino, gestione e valorizzazione del patrimonio immobiliare, ciascun ente "
            "individua con delibera dell&#8217;organo di governo i singoli beni immobili "
            "ricadenti nel proprio territorio non strumentali all&#8217;esercizio delle "
            "proprie funzioni istituzionali, suscettibili di valorizzazione ovvero di "
            "dismissione, redigendo il piano delle alienazioni e valorizzazioni immobiliari "
            "allegato al bilancio di previsione;",
            "<b>Visto</b> il comma 2 del medesimo articolo, ai sensi del quale "
            "l&#8217;inserimento degli immobili nel piano ne determina la conseguente "
            "classificazione come patrimonio disponibile e ne dispone espressamente la "
            "destinazione urbanistica;",
            "<b>Vista</b> la deliberazione della Giunta comunale n. 131 del 5 novembre 2026, "
            "con la quale &#232; stato predisposto l&#8217;elenco degli immobili da inserire "
            "nel piano, sulla base della ricognizione effettuata dall&#8217;Ufficio "
            "patrimonio;",
            "<b>Dato atto</b> che i valori indicati sono stimati dall&#8217;Ufficio tecnico "
            "sulla base dei valori dell&#8217;Osservatorio del mercato immobiliare "
            "dell&#8217;Agenzia delle entrate e saranno aggiornati con perizia di stima prima "
            "dell&#8217;avvio di ciascuna procedura;",
            "<b>Dato atto</b> che i proventi delle alienazioni sono destinati al finanziamento "
            "di spese di investimento e, per una quota non inferiore al 10 per cento, "
            "all&#8217;estinzione anticipata di mutui, ai sensi dell&#8217;art. 56-bis, comma "
            "11, del D.L. 21 giugno 2013, n. 69;",
        })
        + subheading(u("Piano delle alienazioni e valorizzazioni immobiliari 2027-2029"))
        + table({ u("N."), u("Immobile"), u("Dati catastali"), u("Superficie"), u("Intervento"),
                  u("Anno"), u("Valore stimato (euro)") },
                properties, { 3, 6 }, u("8.5pt"))
        + para(u(""))
        + paras({
            "Per l&#8217;immobile n. 1 la destinazione urbanistica &#232; modificata da "
            "&#8220;servizi di interesse comune&#8221; a &#8220;residenziale di "
            "completamento&#8221;; per l&#8217;immobile n. 8 da &#8220;servizi "
            "tecnologici&#8221; a &#8220;misto residenziale e terziario&#8221;, con le "
            "prescrizioni indicate nella scheda tecnica depositata agli atti. Le variazioni "
            "sono conformi agli strumenti di pianificazione sovraordinati e non comportano "
            "variazioni volumetriche superiori al 10 per cento.",
            "Il valore complessivo stimato dei beni da alienare nel triennio &#232; di euro "
            "979.250,00, di cui euro 364.350,00 nel 2027, euro 332.500,00 nel 2028 ed euro "
            "283.400,00 nel 2029.",
        })
        + heading(u("DELIBERA"))
        + paras({
            "1. di approvare il Piano delle alienazioni e valorizzazioni immobiliari per il "
            "triennio 2027-2029 nel testo sopra riportato, che costituisce allegato al "
            "bilancio di previsione 2027-2029;",
            "2. di dare atto che l&#8217;inserimento degli immobili nel piano ne determina la "
            "classificazione come patrimonio disponibile e ha effetto dichiarativo della "
            "propriet&#224;, in assenza di precedenti trascrizioni;",
            "3. di approvare le variazioni della destinazione urbanistica degli immobili nn. 1 "
            "e 8, dando mandato all&#8217;Ufficio tecnico di aggiornare gli elaborati del "
            "Piano di governo del territorio;",
            "4. di disporre la pubblicazione del piano all&#8217;albo pretorio per sessanta "
            "giorni; contro l&#8217;iscrizione del bene nel piano &#232; ammesso ricorso "
            "amministrativo entro sessanta giorni dalla pubblicazione;",
            "5. di dichiarare la presente deliberazione immediatamente eseguibile, ai sensi "
            "dell&#8217;art. 134, comma 4, del D.Lgs. 267/2000, per consentirne "
            "l&#8217;allegazione al bilancio di previsione.",
        })
        + opinions(u("Il Responsabile dell&#8217;Area tecnica, arch. Elisa Rocca."),
                   u("Favorevole. Il Responsabile del Servizio finanziario, rag. Paolo "
                     "Martinelli."))
        + signatures();
    return d;
}

// 8 ──────────────────────────────────────────────────────────────────────────────────────

DemoDocument localPolice()
{
    DemoDocument d;
    d.number = 8;
    d.fileName = u("08-convenzione-polizia-locale.pdf");
    d.kind = u("deliberation");
    d.title = u("Approvazione dello schema di convenzione con i Comuni di Castelrovere e "
                "Pieve Alta per la gestione associata del servizio di polizia locale");
    d.rapporteur = u("Il Sindaco, Marta Bellini");
    d.votePreset = preset("open", "absolute_of_voting", false);

    const char *const articles[][2] = {
        { "Oggetto",
          "La presente convenzione disciplina, ai sensi dell&#8217;art. 30 del D.Lgs. 18 agosto "
          "2000, n. 267, la gestione in forma associata del servizio di polizia locale tra i "
          "Comuni di Valdoria, Castelrovere e Pieve Alta, di seguito &#8220;Comuni "
          "associati&#8221;, al fine di assicurare un presidio del territorio pi&#249; "
          "continuo e una migliore organizzazione dei turni e delle specializzazioni." },
        { "Comune capofila",
          "Il Comune di Valdoria svolge le funzioni di ente capofila. Presso il Comune "
          "capofila ha sede il Comando del servizio associato, diretto dal Comandante nominato "
          "dal Sindaco del Comune capofila, sentita la Conferenza dei sindaci." },
        { "Conferenza dei sindaci",
          "La Conferenza dei sindaci, composta dai sindaci dei Comuni associati o da loro "
          "delegati, approva il programma annuale delle attivit&#224;, verifica "
          "l&#8217;andamento del servizio e decide sulla ripartizione delle spese. Le "
          "decisioni sono assunte a maggioranza dei componenti, ciascuno dei quali esprime un "
          "voto ponderato in ragione della popolazione residente al 31 dicembre "
          "dell&#8217;anno precedente." },
        { "Personale",
          "Il personale di polizia locale dei Comuni associati opera indistintamente sul "
          "territorio di tutti i Comuni, conservando il rapporto di lavoro con l&#8217;ente di "
          "appartenenza. Gli agenti, nell&#8217;ambito del territorio dei Comuni associati, "
          "mantengono la qualit&#224; di agente di polizia giudiziaria e di agente di pubblica "
          "sicurezza." },
        { "Servizi minimi garantiti",
          "Il servizio associato garantisce in ciascun Comune: a) la presenza durante "
          "l&#8217;entrata e l&#8217;uscita delle scuole; b) il presidio dei mercati "
          "settimanali; c) un turno serale nei giorni di venerd&#236; e sabato dal 1&#176; "
          "giugno al 30 settembre; d) il servizio in occasione delle manifestazioni "
          "pubbliche comunicate con almeno quindici giorni di anticipo." },
        { "Rapporti finanziari",
          "Le spese del servizio associato, ivi comprese quelle per il personale, i mezzi, le "
          "attrezzature e la sede, sono ripartite tra i Comuni associati per il 70 per cento "
          "in proporzione alla popolazione residente e per il 30 per cento in proporzione "
          "alla superficie territoriale. I proventi delle sanzioni spettano al Comune nel cui "
          "territorio &#232; accertata la violazione." },
        { "Durata e recesso",
          "La convenzione ha durata di cinque anni dalla sottoscrizione. Ciascun Comune "
          "pu&#242; recedere con deliberazione consiliare da comunicare agli altri entro il 30 "
          "giugno, con effetto dal 1&#176; gennaio dell&#8217;anno successivo, fermi gli "
          "obblighi finanziari assunti." },
        { "Controversie",
          "Le controversie tra i Comuni associati sono sottoposte in primo luogo alla "
          "Conferenza dei sindaci; in mancanza di accordo entro sessanta giorni, sono "
          "devolute al giudice competente." },
    };
    QString convention;
    int number = 1;
    for (const auto &article : articles) {
        convention += u("<p style=\"margin-top:8px; margin-bottom:4px;\"><b>Art. ")
            + QString::number(number++) + u(" &#8212; ") + u(article[0]) + u("</b></p>")
            + para(u(article[1]));
    }

    d.html = titleBlock(d.number, u("Proposta di deliberazione n. 52/2026 del 13 novembre 2026"),
                        d.title, u("Il Sindaco, Marta Bellini"))
        + heading(u("IL CONSIGLIO COMUNALE"))
        + paras({
            "<b>Premesso</b> che il Corpo di polizia locale del Comune di Valdoria conta sette "
            "operatori, e che i Comuni di Castelrovere e Pieve Alta dispongono rispettivamente "
            "di tre e di due operatori, numeri che non consentono a nessuno dei tre enti di "
            "garantire da solo la copertura dei turni serali e festivi;",
            "<b>Visto</b> l&#8217;art. 30 del D.Lgs. 18 agosto 2000, n. 267, che consente ai "
            "comuni di stipulare tra loro apposite convenzioni al fine di svolgere in modo "
            "coordinato funzioni e servizi determinati;",
            "<b>Vista</b> la legge 7 marzo 1986, n. 65, legge quadro sull&#8217;ordinamento "
            "della polizia municipale, e la legge regionale in materia di polizia locale, che "
            "incentiva le gestioni associate con contributi per l&#8217;acquisto di mezzi e "
            "attrezzature;",
            "<b>Dato atto</b> che lo schema di convenzione &#232; stato condiviso dai sindaci "
            "dei tre Comuni nella riunione del 23 ottobre 2026 e che i Consigli comunali di "
            "Castelrovere e Pieve Alta lo esamineranno nelle sedute del mese di dicembre;",
            "<b>Dato atto</b> che la spesa a carico del Comune di Valdoria &#232; stimata in "
            "euro 18.500 annui, coperti per euro 12.000 dal contributo regionale per il primo "
            "triennio;",
        })
        + heading(u("DELIBERA"))
        + paras({
            "1. di approvare lo schema di convenzione per la gestione associata del servizio di "
            "polizia locale con i Comuni di Castelrovere e Pieve Alta, composto da otto "
            "articoli e riportato di seguito;",
            "2. di autorizzare il Sindaco alla sottoscrizione della convenzione, con facolt&#224; "
            "di apportare le modifiche non sostanziali che si rendessero necessarie;",
            "3. di demandare ai responsabili dei servizi competenti gli adempimenti conseguenti, "
            "compresa la domanda di contributo regionale.",
        })
        + opinions(u("Il Comandante della Polizia locale, commissario Roberto Fabbri."),
                   u("Favorevole. Il Responsabile del Servizio finanziario, rag. Paolo "
                     "Martinelli."))
        + signatures() + u("<p style=\"page-break-before:always;\"></p>")
        + heading(u("SCHEMA DI CONVENZIONE PER LA GESTIONE ASSOCIATA DEL SERVIZIO DI POLIZIA "
                    "LOCALE"))
        + para(u("L&#8217;anno duemilaventisei, il giorno ___ del mese di ________, presso la "
                 "sede del Comune di Valdoria, tra il Comune di Valdoria, rappresentato dal "
                 "Sindaco pro tempore Marta Bellini; il Comune di Castelrovere, rappresentato "
                 "dal Sindaco pro tempore Ivano Benedetti; il Comune di Pieve Alta, "
                 "rappresentato dal Sindaco pro tempore Cristina Orlandi; in esecuzione delle "
                 "rispettive deliberazioni consiliari, si conviene e si stipula quanto "
                 "segue."))
        + convention + para(u("Letto, approvato e sottoscritto digitalmente."));
    return d;
}

} // namespace

DemoSitting demoSitting()
{
    return { u("Consiglio comunale di Valdoria"),
             u("Comune di Valdoria"),
             u("2026-11-26"),
             u("26 novembre 2026"),
             u("20:30"),
             u("Sala consiliare \u201cSandro Pertini\u201d, Piazza della Repubblica 1"),
             9 };
}

QList<DemoDocument> demoDocuments()
{
    return { minutes(),        budget(),   regulation(), motion(),
             interpellation(), auditors(), disposals(),  localPolice() };
}

} // namespace Aula::Demo
