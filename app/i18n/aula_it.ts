<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="it" sourcelanguage="en">
<context>
    <name>Aula::App::AgendaModel</name>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="13" />
        <source>Deliberation</source>
        <translation>Deliberazione</translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="15" />
        <source>Motion</source>
        <translation>Mozione</translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="17" />
        <source>Question</source>
        <translation>Interrogazione</translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="19" />
        <source>Communication</source>
        <translation>Comunicazione</translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="21" />
        <source>Election</source>
        <translation>Elezione</translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="23" />
        <source>Minutes</source>
        <translation>Verbale</translation>
    </message>
</context>
<context>
    <name>Aula::App::AnnotationDesk</name>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="190" />
        <location filename="../chamber/annotationdesk.cpp" line="270" />
        <location filename="../chamber/annotationdesk.cpp" line="341" />
        <source>no store is open</source>
        <translation>nessun archivio aperto</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="343" />
        <source>the reader has no document open</source>
        <translation>il lettore non ha alcun documento aperto</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="422" />
        <source>no annotated document is open</source>
        <translation>nessun documento annotato è aperto</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="426" />
        <source>the folder %1 cannot be written to</source>
        <translation>la cartella %1 non è scrivibile</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="434" />
        <source>there is no room for %1 in %2 (%3 bytes free)</source>
        <translation>non c'è spazio per %1 in %2 (%3 byte liberi)</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="443" />
        <source>%1 (annotated).pdf</source>
        <translation>%1 (annotato).pdf</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="445" />
        <source>%1 (annotated %2).pdf</source>
        <translation>%1 (annotato %2).pdf</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="448" />
        <location filename="../chamber/annotationdesk.cpp" line="454" />
        <source>%1 cannot be written: %2</source>
        <translation>impossibile scrivere %1: %2</translation>
    </message>
    <message>
        <location filename="../chamber/annotationdesk.cpp" line="453" />
        <source>the disk is full: %1 was not written</source>
        <translation>il disco è pieno: %1 non è stato scritto</translation>
    </message>
</context>
<context>
    <name>Aula::App::BallotController</name>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="17" />
        <source>Favourable</source>
        <translation>Favorevole</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="19" />
        <source>Against</source>
        <translation>Contrario</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="21" />
        <source>Abstain</source>
        <translation>Astenuto</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="23" />
        <source>Blank</source>
        <translation>Scheda bianca</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="60" />
        <source>voted</source>
        <translation>ha votato</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="146" />
        <source>Item %1: %2</source>
        <translation>Punto %1: %2</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="163" />
        <source>Secret ballot</source>
        <translation>Votazione segreta</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="165" />
        <source>Roll-call ballot</source>
        <translation>Votazione per appello nominale</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="166" />
        <source>Open ballot</source>
        <translation>Votazione palese</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="172" />
        <source>%1 of %2 have voted</source>
        <translation>Hanno votato %1 su %2</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="188" />
        <source>Approved</source>
        <translation>Approvata</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="190" />
        <source>Rejected</source>
        <translation>Respinta</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="192" />
        <source>Not valid</source>
        <translation>Non valida</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="202" />
        <source>Favourable %1 · Against %2 · Abstained %3</source>
        <translation>Favorevoli %1 · Contrari %2 · Astenuti %3</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="278" />
        <source>Not delivered: the chamber cannot be reached. Your vote was not counted yet; retry while the ballot is open.</source>
        <translation>Non consegnato: l'aula non è raggiungibile. Il voto non è ancora conteggiato; riprova finché la votazione è aperta.</translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="283" />
        <source>The chamber refused the vote: %1</source>
        <translation>L'aula ha rifiutato il voto: %1</translation>
    </message>
</context>
<context>
    <name>Aula::App::ConnectionBanner</name>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="49" />
        <source>Connected to the chamber</source>
        <translation>Connesso all'aula</translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="51" />
        <source>Connecting to the chamber…</source>
        <translation>Connessione all'aula…</translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="54" />
        <source>Offline since %1, reconnecting…</source>
        <translation>Offline dalle %1, riconnessione…</translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="59" />
        <source>Offline: the chamber cannot be reached</source>
        <translation>Offline: l'aula non è raggiungibile</translation>
    </message>
</context>
<context>
    <name>Aula::App::DocumentShelf</name>
    <message>
        <location filename="../chamber/documentshelf.cpp" line="89" />
        <source>The copy of this document on the tablet was damaged and has been set aside. It is downloaded again at the next sync.</source>
        <translation>La copia di questo documento sul tablet era danneggiata ed è stata messa da parte. Verrà scaricata di nuovo alla prossima sincronizzazione.</translation>
    </message>
</context>
<context>
    <name>Aula::App::PresidentController</name>
    <message>
        <location filename="../chamber/presidentcontroller.cpp" line="63" />
        <source>This item is not voted on.</source>
        <translation>Questo punto non prevede votazione.</translation>
    </message>
    <message>
        <location filename="../chamber/presidentcontroller.cpp" line="65" />
        <source>No quorum: %1 present, %2 needed.</source>
        <translation>Manca il numero legale: %1 presenti, ne servono %2.</translation>
    </message>
</context>
<context>
    <name>Aula::App::SessionManager</name>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="62" />
        <source>Your session ended: %1. Tap your badge again.</source>
        <translation>La sessione è terminata: %1. Appoggia di nuovo il badge.</translation>
    </message>
    <message>
        <source>The chamber cannot be reached. Logging in needs the connection: try again when the banner says connected.</source>
        <translation>L'aula non è raggiungibile. L'accesso richiede la connessione: riprova quando la barra indica «connesso».</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again: after 5 wrong PINs the badge is locked for 15 minutes.</source>
        <translation>PIN errato. Riprova: dopo 5 PIN errati il badge viene bloccato per 15 minuti.</translation>
    </message>
    <message>
        <source>This badge is locked after too many wrong PINs. Try again in 15 minutes, or ask the secretary.</source>
        <translation>Questo badge è bloccato dopo troppi PIN errati. Riprova tra 15 minuti o rivolgiti al segretario.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="130" />
        <source>The chamber cannot be reached. Badge and PIN open the documents already on this tablet; voting needs the connection.</source>
        <translation>L'aula non è raggiungibile. Badge e PIN aprono i documenti già presenti su questo tablet; per votare serve la connessione.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="132" />
        <source>The tablet is offline: logging in needs the chamber's connection.</source>
        <translation>Il tablet è offline: per accedere serve la connessione con l'aula.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="180" />
        <source>The badge answered, but its secret could not be read. Tap it again; if this keeps happening, ask the secretary to check the badge.</source>
        <translation>Il badge ha risposto, ma non è stato possibile leggerne il segreto. Avvicinalo di nuovo; se succede ancora, chiedi alla segreteria di controllare il badge.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="184" />
        <source>The badge could not be read. Hold it still on the reader and tap it again.</source>
        <translation>Non è stato possibile leggere il badge. Tienilo fermo sul lettore e avvicinalo di nuovo.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="266" />
        <source>The chamber cannot be reached, and this badge has no documents on this tablet yet: the first login needs the connection. Try again when the banner says connected.</source>
        <translation>L'aula non è raggiungibile e questo badge non ha ancora documenti su questo tablet: il primo accesso richiede la connessione. Riprova quando la barra indica «connesso».</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="308" />
        <source>Wrong PIN (checked on this tablet, the chamber cannot be reached).</source>
        <translation>PIN errato (verificato su questo tablet, l'aula non è raggiungibile).</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="314" />
        <source>Too many wrong PINs: this badge is locked on this tablet.</source>
        <translation>Troppi PIN errati: questo badge è bloccato su questo tablet.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="317" />
        <source>This tablet has not reached the chamber for too long, so its documents stay locked. Connect to the chamber's network and log in again.</source>
        <translation>Questo tablet non si collega all'aula da troppo tempo, quindi i documenti restano bloccati. Collegati alla rete dell'aula e accedi di nuovo.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="323" />
        <source>The tablet's clock is behind: its documents stay locked until it reaches the chamber again.</source>
        <translation>L'orologio del tablet è indietro: i documenti restano bloccati finché il tablet non si ricollega all'aula.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="327" />
        <source>The documents on this tablet cannot be opened: %1</source>
        <translation>Non è possibile aprire i documenti su questo tablet: %1</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="383" />
        <source>The chamber is reachable again: tap your badge on the reader to reconnect.</source>
        <translation>L'aula è di nuovo raggiungibile: avvicina il badge al lettore per ricollegarti.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="392" />
        <source>The chamber refused your login (%1). Tap your badge again.</source>
        <translation>L'aula ha rifiutato l'accesso (%1). Avvicina di nuovo il badge.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="401" />
        <source>Wrong PIN.</source>
        <translation>PIN errato.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="403" />
        <source>Wrong PIN. Try again.</source>
        <translation>PIN errato. Riprova.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="409" />
        <source>Wrong PIN. Too many wrong PINs: the badge is locked; the secretary can unlock it sooner.</source>
        <translation>PIN errato. Troppi PIN errati: il badge è bloccato; il segretario può sbloccarlo prima.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="414" />
        <source>This badge is locked after too many wrong PINs; the secretary can unlock it sooner.</source>
        <translation>Questo badge è bloccato dopo troppi PIN errati; il segretario può sbloccarlo prima.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="418" />
        <source>This badge is locked after too many wrong PINs. Ask the secretary.</source>
        <translation>Questo badge è bloccato dopo troppi PIN errati. Rivolgiti al segretario.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="420" />
        <source>This badge is not known to the chamber.</source>
        <translation>Questo badge non è registrato.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="422" />
        <source>The badge was taken off the reader during the check. Hold it on the reader until you are logged in, and try again.</source>
        <translation>Il badge è stato tolto dal lettore durante la verifica. Tienilo appoggiato al lettore finché l'accesso non è completato e riprova.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="425" />
        <source>The badge did not answer in time. Hold it still on the reader and try again.</source>
        <translation>Il badge non ha risposto in tempo. Tienilo fermo sul lettore e riprova.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="428" />
        <source>This badge is not a valid chamber badge. Use the badge the secretary gave you, or ask the secretary.</source>
        <translation>Questo badge non è un badge valido dell'aula. Usa il badge consegnato dal segretario o rivolgiti al segretario.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="431" />
        <source>The chamber did not answer. Tap your badge and try again.</source>
        <translation>L'aula non ha risposto. Appoggia il badge e riprova.</translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="433" />
        <source>The chamber refused the login: %1</source>
        <translation>L'aula ha rifiutato l'accesso: %1</translation>
    </message>
</context>
<context>
    <name>Aula::App::SittingController</name>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="13" />
        <source>Not sent: the chamber cannot be reached right now.</source>
        <translation>Non inviato: l'aula ora non è raggiungibile.</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="15" />
        <source>The sitting is not quorate: no ballot can be opened.</source>
        <translation>Manca il numero legale: non si può aprire una votazione.</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="17" />
        <source>Check in first: you are not recorded as present.</source>
        <translation>Registra prima la presenza: non risulti presente.</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="19" />
        <source>Someone else has the floor.</source>
        <translation>La parola è già a un altro consigliere.</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="21" />
        <source>Your role does not allow this.</source>
        <translation>Il tuo ruolo non lo consente.</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="22" />
        <source>The chamber refused: %1</source>
        <translation>L'aula ha rifiutato: %1</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="38" />
        <source>Scheduled</source>
        <translation>Convocata</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="40" />
        <source>In progress</source>
        <translation>In corso</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="42" />
        <source>Suspended</source>
        <translation>Sospesa</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="44" />
        <source>Closed</source>
        <translation>Chiusa</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="45" />
        <source>Waiting for the chamber…</source>
        <translation>In attesa dell'aula…</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="53" />
        <source>Item %1: %2</source>
        <translation>Punto %1: %2</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="76" />
        <source>%1 present, quorum %2: reached</source>
        <translation>%1 presenti, numero legale %2: raggiunto</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="77" />
        <source>%1 present, quorum %2: not reached</source>
        <translation>%1 presenti, numero legale %2: non raggiunto</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="102" />
        <source>President</source>
        <translation>Presidente</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="104" />
        <source>Vice president</source>
        <translation>Vicepresidente</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="106" />
        <source>Secretary</source>
        <translation>Segretario</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="108" />
        <source>Councillor</source>
        <translation>Consigliere</translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="109" />
        <source>Staff</source>
        <translation>Personale</translation>
    </message>
</context>
<context>
    <name>Aula::App::SittingDocumentsModel</name>
    <message>
        <location filename="../chamber/sittingdocumentsmodel.cpp" line="70" />
        <source>Available offline · %1</source>
        <translation>Disponibile offline · %1</translation>
    </message>
    <message>
        <location filename="../chamber/sittingdocumentsmodel.cpp" line="71" />
        <source>Not on this tablet yet · %1</source>
        <translation>Non ancora su questo tablet · %1</translation>
    </message>
</context>
<context>
    <name>Aula::App::SittingsModel</name>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="87" />
        <source>No documents</source>
        <translation>Nessun documento</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="88" />
        <source>%1 of %2 documents · %3 of %4</source>
        <translation>%1 documenti su %2 · %3 su %4</translation>
    </message>
</context>
<context>
    <name>Aula::App::TabletVault</name>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="319" />
        <source>The chamber has revoked this tablet. Its documents and keys have been erased from it; ask the secretary.</source>
        <translation>L'aula ha revocato questo tablet. I suoi documenti e le sue chiavi sono stati cancellati; rivolgiti al segretario.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="373" />
        <source>cannot create %1</source>
        <translation>impossibile creare %1</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="384" />
        <source>cannot write the offline index: %1</source>
        <translation>impossibile scrivere l'indice offline: %1</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="412" />
        <source>The documents of this badge on this tablet are locked with the secret on the card, and this tap gave only the badge's number. Tap the card again and hold it still on the reader.</source>
        <translation>I documenti di questo badge su questo tablet sono protetti dal segreto della tessera, e questo avvicinamento ha letto solo il numero del badge. Avvicina di nuovo la tessera e tienila ferma sul lettore.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="546" />
        <location filename="../chamber/tabletvault.cpp" line="728" />
        <source>a store is being opened</source>
        <translation>è in corso l'apertura dell'archivio</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="579" />
        <location filename="../chamber/tabletvault.cpp" line="750" />
        <source>closed while the store was being opened</source>
        <translation>chiuso durante l'apertura dell'archivio</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="606" />
        <source>This badge has no documents on this tablet: the first login needs the chamber's connection.</source>
        <translation>Questo badge non ha documenti su questo tablet: il primo accesso richiede la connessione con l'aula.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="624" />
        <source>too many wrong PINs on this tablet: only a login with the chamber's connection opens the documents now</source>
        <translation>troppi PIN errati su questo tablet: ora solo un accesso con la connessione all'aula apre i documenti</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="631" />
        <location filename="../chamber/tabletvault.cpp" line="680" />
        <source>too many wrong PINs on this tablet</source>
        <translation>troppi PIN errati su questo tablet</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="681" />
        <source>wrong PIN</source>
        <translation>PIN errato</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="787" />
        <source>Fetching the documents: %1 of %2 · %3 of %4</source>
        <translation>Scaricamento dei documenti: %1 su %2 · %3 su %4</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="889" />
        <source>Checking which documents are new…</source>
        <translation>Verifica dei documenti nuovi…</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="896" />
        <source>The list of documents could not be fetched (%1); what is on the tablet stays readable.</source>
        <translation>Non è stato possibile scaricare l'elenco dei documenti (%1); quanto è già sul tablet resta leggibile.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="918" />
        <source>Damaged downloads detected and fetched again: %1.</source>
        <translation>Download danneggiati rilevati e scaricati di nuovo: %1.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="922" />
        <source>Every document is on this tablet and can be read offline.</source>
        <translation>Tutti i documenti sono su questo tablet e si possono leggere offline.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="944" />
        <source>The tablet's storage is full: %1 of %2 documents are here and stay readable. Free some space, then log in again to fetch the rest.</source>
        <translation>La memoria del tablet è piena: %1 documenti su %2 sono presenti e restano leggibili. Libera spazio, poi accedi di nuovo per scaricare il resto.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="955" />
        <source>%1 of %2 documents are on this tablet; the others could not be fetched (%3) and will be tried again at the next login.</source>
        <translation>%1 documenti su %2 sono su questo tablet; gli altri non sono stati scaricati (%3) e verranno riprovati al prossimo accesso.</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="994" />
        <source>Readable offline until %1</source>
        <translation>Leggibile offline fino al %1</translation>
    </message>
    <message>
        <location filename="../chamber/tabletvault.cpp" line="1027" />
        <location filename="../chamber/tabletvault.cpp" line="1053" />
        <source>no store is open</source>
        <translation>nessun archivio aperto</translation>
    </message>
</context>
<context>
    <name>Aula::Documents::CarryOver</name>
    <message>
        <location filename="../documents/carryover.cpp" line="99" />
        <source>Page %1 no longer exists in the new version.</source>
        <translation>La pagina %1 non esiste più nella nuova versione.</translation>
    </message>
    <message>
        <location filename="../documents/carryover.cpp" line="133" />
        <source>The text "%1" is no longer in the new version.</source>
        <translation>Il testo «%1» non c'è più nella nuova versione.</translation>
    </message>
</context>
<context>
    <name>Aula::Documents::PdfDocument</name>
    <message>
        <location filename="../documents/documentreader.cpp" line="128" />
        <location filename="../documents/pdfdocument.cpp" line="338" />
        <source>Cannot read %1: %2</source>
        <translation>Impossibile leggere %1: %2</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="234" />
        <source>The document is empty.</source>
        <translation>Il documento è vuoto.</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="237" />
        <source>The document is not a PDF.</source>
        <translation>Il documento non è un PDF.</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="247" />
        <source>The PDF is damaged or incomplete and cannot be opened; download it again.</source>
        <translation>Il PDF è danneggiato o incompleto e non si può aprire: scaricalo di nuovo.</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="251" />
        <source>The PDF is protected by a password; ask the clerk for a copy without one.</source>
        <translation>Il PDF è protetto da password: chiedi alla segreteria una copia senza.</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="256" />
        <source>The PDF has no readable pages; it is probably damaged or incomplete.</source>
        <translation>Il PDF non ha pagine leggibili: probabilmente è danneggiato o incompleto.</translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="266" />
        <source>The first page of the PDF is damaged; download the document again.</source>
        <translation>La prima pagina del PDF è danneggiata: scarica di nuovo il documento.</translation>
    </message>
</context>
<context>
    <name>Aula::Documents::UnplacedModel</name>
    <message>
        <location filename="../documents/documentmodels.cpp" line="173" />
        <source>Pen</source>
        <translation>Penna</translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="175" />
        <source>Highlighted text</source>
        <translation>Testo evidenziato</translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="177" />
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="191" />
        <source>Its page is no longer in this version.</source>
        <translation>La sua pagina non c'è più in questa versione.</translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="193" />
        <source>The text it was attached to is no longer in this version.</source>
        <translation>Il testo a cui era legata non c'è più in questa versione.</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <location filename="../../qml/ConnectionBar.qml" line="57" />
        <source>Log out</source>
        <translation>Esci</translation>
    </message>
</context>
<context>
    <name>DocumentPage</name>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="36" />
        <source>‹ Back to the sitting</source>
        <translation>‹ Torna alla seduta</translation>
    </message>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="52" />
        <source>Moving your notes to this version…</source>
        <translation>Trasferimento delle tue note a questa versione…</translation>
    </message>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="66" />
        <source>Export with my notes</source>
        <translation>Esporta con le mie note</translation>
    </message>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="73" />
        <source>Saved: %1</source>
        <translation>Salvato: %1</translation>
    </message>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="74" />
        <source>Not saved: %1</source>
        <translation>Non salvato: %1</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../qml/LoginPage.qml" line="31" />
        <source>Council of Valdoria</source>
        <translation>Consiglio comunale di Valdoria</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="41" />
        <source>Checking…</source>
        <translation>Verifica in corso…</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="42" />
        <source>Type your PIN</source>
        <translation>Digita il PIN</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="43" />
        <source>Tap your badge on the reader</source>
        <translation>Appoggia il badge sul lettore</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="62" />
        <source>Locked until %1</source>
        <translation>Bloccato fino alle %1</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="72" />
        <source>Attempts left: %1</source>
        <translation>Tentativi rimasti: %1</translation>
    </message>
    <message>
        <source>The tablet is offline: logging in needs the chamber's connection.</source>
        <translation>Il tablet è offline: per accedere serve la connessione con l'aula.</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="93" />
        <source>Demo badges (fake reader)</source>
        <translation>Badge dimostrativi (lettore simulato)</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="146" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="163" />
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="38" />
        <source>Aula</source>
        <translation>Aula</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <location filename="../../qml/ReaderView.qml" line="119" />
        <location filename="../../qml/ReaderView.qml" line="299" />
        <source>Contents</source>
        <translation>Indice</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="125" />
        <source>Fit width</source>
        <translation>Adatta larghezza</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="131" />
        <source>Fit page</source>
        <translation>Pagina intera</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="156" />
        <source>of %1</source>
        <translation>di %1</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="161" />
        <source>Search</source>
        <translation>Cerca</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="179" />
        <source>%1 of %2</source>
        <translation>%1 di %2</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="192" />
        <source>Night</source>
        <translation>Notte</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="219" />
        <source>Read</source>
        <translation>Leggi</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="226" />
        <source>Select text</source>
        <translation>Seleziona testo</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="233" />
        <location filename="../../qml/ReaderView.qml" line="752" />
        <source>Pen</source>
        <translation>Penna</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="241" />
        <location filename="../../qml/ReaderView.qml" line="750" />
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="250" />
        <source>Undo</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="256" />
        <source>Redo</source>
        <translation>Ripeti</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="263" />
        <source>Tap the page where the annotation goes</source>
        <translation>Tocca la pagina dove va l'annotazione</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="269" />
        <source>Not placed: %1</source>
        <translation>Non collocate: %1</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="310" />
        <source>This document has no table of contents.</source>
        <translation>Questo documento non ha un indice.</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="483" />
        <source>Copy</source>
        <translation>Copia</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="492" />
        <source>Highlight</source>
        <translation>Evidenzia</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="502" />
        <location filename="../../qml/ReaderView.qml" line="714" />
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="540" />
        <source>Annotations not placed in this version</source>
        <translation>Annotazioni non collocate in questa versione</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="551" />
        <source>The text they were attached to changed. Place each one on a page, or dismiss it: it stays with the previous version.</source>
        <translation>Il testo a cui erano legate è cambiato. Collocale su una pagina o scartale: restano nella versione precedente.</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="587" />
        <source>%1 · was on page %2</source>
        <translation>%1 · era a pagina %2</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="610" />
        <source>Place on this page</source>
        <translation>Colloca in questa pagina</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="620" />
        <source>Dismiss</source>
        <translation>Scarta</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="702" />
        <source>New note</source>
        <translation>Nuova nota</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="709" />
        <source>Write the note</source>
        <translation>Scrivi la nota</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="719" />
        <source>Add note</source>
        <translation>Aggiungi nota</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="751" />
        <source>Highlighted text</source>
        <translation>Testo evidenziato</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="774" />
        <source>Delete</source>
        <translation>Elimina</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="781" />
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="787" />
        <source>Save</source>
        <translation>Salva</translation>
    </message>
</context>
<context>
    <name>SittingPage</name>
    <message>
        <location filename="../../qml/SittingPage.qml" line="53" />
        <source>‹ Sittings</source>
        <translation>‹ Sedute</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="116" />
        <source>NOW</source>
        <translation>ORA</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="140" />
        <source>Document: %1</source>
        <translation>Documento: %1</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="169" />
        <source>Attendance</source>
        <translation>Presenze</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="183" />
        <source>present</source>
        <translation>presenti</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="192" />
        <source>Quorum %1: reached</source>
        <translation>Numero legale %1: raggiunto</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="193" />
        <source>Quorum %1: not reached</source>
        <translation>Numero legale %1: non raggiunto</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="203" />
        <source>You are present (%1)</source>
        <translation>Sei presente (%1)</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="204" />
        <source>You are not checked in (%1)</source>
        <translation>Non risulti presente (%1)</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="209" />
        <source>Check in</source>
        <translation>Registra presenza</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="227" />
        <source>The floor</source>
        <translation>La parola</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="236" />
        <source>Nobody is speaking</source>
        <translation>Nessuno ha la parola</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="254" />
        <source>Waiting: %1</source>
        <translation>In attesa: %1</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="261" />
        <source>You are number %1 in the queue</source>
        <translation>Sei il numero %1 in coda</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="268" />
        <source>Ask to speak</source>
        <translation>Chiedi la parola</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="275" />
        <source>Withdraw</source>
        <translation>Ritira la richiesta</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="281" />
        <source>Yield the floor</source>
        <translation>Cedi la parola</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="307" />
        <source>Chair</source>
        <translation>Presidenza</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="319" />
        <source>Open the sitting</source>
        <translation>Apri la seduta</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="327" />
        <source>Next item</source>
        <translation>Punto successivo</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="334" />
        <source>Give the floor</source>
        <translation>Dai la parola</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="341" />
        <source>+1 minute</source>
        <translation>+1 minuto</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="348" />
        <source>End speech</source>
        <translation>Termina intervento</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="355" />
        <source>Open the ballot</source>
        <translation>Apri la votazione</translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="363" />
        <source>Close the ballot</source>
        <translation>Chiudi la votazione</translation>
    </message>
</context>
<context>
    <name>SittingsPage</name>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="55" />
        <source>Sittings</source>
        <translation>Sedute</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="91" />
        <source>Fetching the documents…</source>
        <translation>Scaricamento dei documenti…</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="128" />
        <source>Upcoming</source>
        <translation>Prossime</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="128" />
        <source>Past</source>
        <translation>Passate</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="171" />
        <source>Next</source>
        <translation>Prossima</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="194" />
        <source>Available offline · %1</source>
        <translation>Disponibile offline · %1</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="214" />
        <source>Documents</source>
        <translation>Documenti</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="222" />
        <source>Open the sitting</source>
        <translation>Apri la seduta</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="233" />
        <source>%1 of %2 available offline</source>
        <translation>%1 di %2 disponibili offline</translation>
    </message>
    <message>
        <source>%1 (not on this tablet yet)</source>
        <translation>%1 (non ancora su questo tablet)</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="311" />
        <source>No sitting on this tablet yet</source>
        <translation>Ancora nessuna seduta su questo tablet</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="318" />
        <source>%1 · %2 · %3 items</source>
        <translation>%1 · %2 · %3 punti</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="323" />
        <source>No documents yet</source>
        <translation>Nessun documento</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="324" />
        <source>Available offline: %1 of %2 documents</source>
        <translation>Disponibili offline: %1 documenti su %2</translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="331" />
        <source>Open</source>
        <translation>Apri</translation>
    </message>
</context>
<context>
    <name>VotePanel</name>
    <message>
        <location filename="../../qml/VotePanel.qml" line="71" />
        <source>Favourable</source>
        <translation>Favorevole</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="72" />
        <source>Against</source>
        <translation>Contrario</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="73" />
        <source>Abstain</source>
        <translation>Astenuto</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="99" />
        <source>You are voting:</source>
        <translation>Stai votando:</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="113" />
        <source>Change</source>
        <translation>Cambia</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="121" />
        <source>Confirm vote</source>
        <translation>Conferma il voto</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="146" />
        <source>Sending your vote…</source>
        <translation>Invio del voto…</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="147" />
        <source>Your vote is recorded: %1</source>
        <translation>Il tuo voto è registrato: %1</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="148" />
        <source>Voting in progress</source>
        <translation>Votazione in corso</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="160" />
        <source>Receipt: %1</source>
        <translation>Ricevuta: %1</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="165" />
        <source>Retry</source>
        <translation>Riprova</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="202" />
        <source>How each member voted</source>
        <translation>Come ha votato ciascuno</translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="225" />
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
</context>
</TS>