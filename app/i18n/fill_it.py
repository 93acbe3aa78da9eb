#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Fills Italian translations into i18n/aula_it.ts after lupdate (run from app/).
import sys
import xml.etree.ElementTree as ET

IT = {
    "%1 of %2": "%1 di %2",
    "The badge answered, but its secret could not be read. Tap it again; if this keeps happening, ask the secretary to check the badge.":
        "Il badge ha risposto, ma non è stato possibile leggerne il segreto. Avvicinalo di nuovo; se succede ancora, chiedi alla segreteria di controllare il badge.",
    "Not on this tablet yet · %1": "Non ancora su questo tablet · %1",
    "The documents of this badge on this tablet are locked with the secret on the card, and this tap gave only the badge's number. Tap the card again and hold it still on the reader.":
        "I documenti di questo badge su questo tablet sono protetti dal segreto della tessera, e questo avvicinamento ha letto solo il numero del badge. Avvicina di nuovo la tessera e tienila ferma sul lettore.",
    "Moving your notes to this version…": "Trasferimento delle tue note a questa versione…",
    "%1 of %2 available offline": "%1 di %2 disponibili offline",
    "%1 of %2 have voted": "Hanno votato %1 su %2",
    "%1 present, quorum %2: not reached": "%1 presenti, numero legale %2: non raggiunto",
    "%1 present, quorum %2: reached": "%1 presenti, numero legale %2: raggiunto",
    "%1 · %2 · %3 items": "%1 · %2 · %3 punti",
    "+1 minute": "+1 minuto",
    "Abstain": "Astenuto",
    "Against": "Contrario",
    "Approved": "Approvata",
    "Ask to speak": "Chiedi la parola",
    "Attendance": "Presenze",
    "Aula": "Aula",
    "Available offline: %1 of %2 documents": "Disponibili offline: %1 documenti su %2",
    "Blank": "Scheda bianca",
    "Cancel": "Annulla",
    "Chair": "Presidenza",
    "Change": "Cambia",
    "Check in": "Registra presenza",
    "Check in first: you are not recorded as present.": "Registra prima la presenza: non risulti presente.",
    "Checking…": "Verifica in corso…",
    "Close": "Chiudi",
    "Close the ballot": "Chiudi la votazione",
    "Closed": "Chiusa",
    "Communication": "Comunicazione",
    "Confirm vote": "Conferma il voto",
    "Connected to the chamber": "Connesso all'aula",
    "Connecting to the chamber…": "Connessione all'aula…",
    "Council of Valdoria": "Consiglio comunale di Valdoria",
    "Councillor": "Consigliere",
    "Deliberation": "Deliberazione",
    "Document: %1": "Documento: %1",
    "present": "presenti",
    "Quorum %1: reached": "Numero legale %1: raggiunto",
    "Quorum %1: not reached": "Numero legale %1: non raggiunto",
    "Demo badges (fake reader)": "Badge dimostrativi (lettore simulato)",
    "Election": "Elezione",
    "End speech": "Termina intervento",
    "Favourable": "Favorevole",
    "Favourable %1 · Against %2 · Abstained %3": "Favorevoli %1 · Contrari %2 · Astenuti %3",
    "Fit page": "Pagina intera",
    "Fit width": "Adatta larghezza",
    "Give the floor": "Dai la parola",
    "How each member voted": "Come ha votato ciascuno",
    "In progress": "In corso",
    "Item %1: %2": "Punto %1: %2",
    "Log out": "Esci",
    "Minutes": "Verbale",
    "Motion": "Mozione",
    "NOW": "ORA",
    "Next item": "Punto successivo",
    "Night": "Notte",
    "No documents yet": "Nessun documento",
    "No quorum": "Manca il numero legale",
    "No quorum: %1 present, %2 needed.": "Manca il numero legale: %1 presenti, ne servono %2.",
    "Nobody is speaking": "Nessuno ha la parola",
    "Not delivered: the chamber cannot be reached. Your vote was not counted yet; retry while the ballot is open.":
        "Non consegnato: l'aula non è raggiungibile. Il voto non è ancora conteggiato; riprova finché la votazione è aperta.",
    "Not sent: the chamber cannot be reached right now.": "Non inviato: l'aula ora non è raggiungibile.",
    "Not valid": "Non valida",
    "OK": "OK",
    "Offline since %1, reconnecting…": "Offline dalle %1, riconnessione…",
    "Offline: the chamber cannot be reached": "Offline: l'aula non è raggiungibile",
    "Open": "Apri",
    "Open ballot": "Votazione palese",
    "Open the ballot": "Apri la votazione",
    "Open the sitting": "Apri la seduta",
    "President": "Presidente",
    "Question": "Interrogazione",
    "Quorum reached": "Numero legale raggiunto",
    "Receipt: %1": "Ricevuta: %1",
    "Rejected": "Respinta",
    "Retry": "Riprova",
    "Roll-call ballot": "Votazione per appello nominale",
    "Scheduled": "Convocata",
    "Search": "Cerca",
    "Secret ballot": "Votazione segreta",
    "Secretary": "Segretario",
    "Sending your vote…": "Invio del voto…",
    "Sittings": "Sedute",
    "Someone else has the floor.": "La parola è già a un altro consigliere.",
    "Staff": "Personale",
    "Suspended": "Sospesa",
    "Tap your badge on the reader": "Appoggia il badge sul lettore",
    "The chamber cannot be reached. Logging in needs the connection: try again when the banner says connected.":
        "L'aula non è raggiungibile. L'accesso richiede la connessione: riprova quando la barra indica «connesso».",
    "The chamber did not answer. Tap your badge and try again.": "L'aula non ha risposto. Appoggia il badge e riprova.",
    "The chamber refused the login: %1": "L'aula ha rifiutato l'accesso: %1",
    "The badge was taken off the reader during the check. Hold it on the reader until you are logged in, and try again.":
        "Il badge è stato tolto dal lettore durante la verifica. Tienilo appoggiato al lettore finché l'accesso non è completato e riprova.",
    "The badge could not be read. Hold it still on the reader and tap it again.":
        "Non è stato possibile leggere il badge. Tienilo fermo sul lettore e avvicinalo di nuovo.",
    "The badge did not answer in time. Hold it still on the reader and try again.":
        "Il badge non ha risposto in tempo. Tienilo fermo sul lettore e riprova.",
    "This badge is not a valid chamber badge. Use the badge the secretary gave you, or ask the secretary.":
        "Questo badge non è un badge valido dell'aula. Usa il badge consegnato dal segretario o rivolgiti al segretario.",
    "The chamber refused the vote: %1": "L'aula ha rifiutato il voto: %1",
    "The chamber refused: %1": "L'aula ha rifiutato: %1",
    "The floor": "La parola",
    "The sitting is not quorate: no ballot can be opened.": "Manca il numero legale: non si può aprire una votazione.",
    "The tablet is offline: logging in needs the chamber's connection.": "Il tablet è offline: per accedere serve la connessione con l'aula.",
    "This badge is locked after too many wrong PINs. Try again in 15 minutes, or ask the secretary.":
        "Questo badge è bloccato dopo troppi PIN errati. Riprova tra 15 minuti o rivolgiti al segretario.",
    "This badge is not known to the chamber.": "Questo badge non è registrato.",
    "This item is not voted on.": "Questo punto non prevede votazione.",
    "Type your PIN": "Digita il PIN",
    "Vice president": "Vicepresidente",
    "Voting in progress": "Votazione in corso",
    "Waiting for the chamber…": "In attesa dell'aula…",
    "Waiting: %1": "In attesa: %1",
    "Withdraw": "Ritira la richiesta",
    "Wrong PIN. Try again: after 5 wrong PINs the badge is locked for 15 minutes.":
        "PIN errato. Riprova: dopo 5 PIN errati il badge viene bloccato per 15 minuti.",
    "Yield the floor": "Cedi la parola",
    "You are not checked in (%1)": "Non risulti presente (%1)",
    "You are number %1 in the queue": "Sei il numero %1 in coda",
    "You are present (%1)": "Sei presente (%1)",
    "You are voting:": "Stai votando:",
    "Your role does not allow this.": "Il tuo ruolo non lo consente.",
    "Your session ended: %1. Tap your badge again.": "La sessione è terminata: %1. Appoggia di nuovo il badge.",
    "Your vote is recorded: %1": "Il tuo voto è registrato: %1",
    "of %1": "di %1",
    "voted": "ha votato",
    "‹ Back to the sitting": "‹ Torna alla seduta",
    "‹ Sittings": "‹ Sedute",
    "The chamber cannot be reached. Badge and PIN open the documents already on this tablet; voting needs the connection.":
        "L'aula non è raggiungibile. Badge e PIN aprono i documenti già presenti su questo tablet; per votare serve la connessione.",
    "The chamber cannot be reached, and this badge has no documents on this tablet yet: the first login needs the connection. Try again when the banner says connected.":
        "L'aula non è raggiungibile e questo badge non ha ancora documenti su questo tablet: il primo accesso richiede la connessione. Riprova quando la barra indica «connesso».",
    "Wrong PIN (checked on this tablet, the chamber cannot be reached).":
        "PIN errato (verificato su questo tablet, l'aula non è raggiungibile).",
    "Too many wrong PINs: this badge is locked on this tablet.":
        "Troppi PIN errati: questo badge è bloccato su questo tablet.",
    "This tablet has not reached the chamber for too long, so its documents stay locked. Connect to the chamber's network and log in again.":
        "Questo tablet non si collega all'aula da troppo tempo, quindi i documenti restano bloccati. Collegati alla rete dell'aula e accedi di nuovo.",
    "The tablet's clock is behind: its documents stay locked until it reaches the chamber again.":
        "L'orologio del tablet è indietro: i documenti restano bloccati finché il tablet non si ricollega all'aula.",
    "The documents on this tablet cannot be opened: %1":
        "Non è possibile aprire i documenti su questo tablet: %1",
    "The chamber refused your login (%1). Tap your badge again.":
        "L'aula ha rifiutato l'accesso (%1). Avvicina di nuovo il badge.",
    "Wrong PIN.":
        "PIN errato.",
    "Wrong PIN. Try again.":
        "PIN errato. Riprova.",
    "Wrong PIN. Too many wrong PINs: the badge is locked; the secretary can unlock it sooner.":
        "PIN errato. Troppi PIN errati: il badge è bloccato; il segretario può sbloccarlo prima.",
    "This badge is locked after too many wrong PINs; the secretary can unlock it sooner.":
        "Questo badge è bloccato dopo troppi PIN errati; il segretario può sbloccarlo prima.",
    "This badge is locked after too many wrong PINs. Ask the secretary.":
        "Questo badge è bloccato dopo troppi PIN errati. Rivolgiti al segretario.",
    "No documents":
        "Nessun documento",
    "%1 of %2 documents · %3 of %4":
        "%1 documenti su %2 · %3 su %4",
    "The chamber has revoked this tablet. Its documents and keys have been erased from it; ask the secretary.":
        "L'aula ha revocato questo tablet. I suoi documenti e le sue chiavi sono stati cancellati; rivolgiti al segretario.",
    "cannot create %1":
        "impossibile creare %1",
    "cannot write the offline index: %1":
        "impossibile scrivere l'indice offline: %1",
    "This badge has no documents on this tablet: the first login needs the chamber's connection.":
        "Questo badge non ha documenti su questo tablet: il primo accesso richiede la connessione con l'aula.",
    "too many wrong PINs on this tablet":
        "troppi PIN errati su questo tablet",
    "wrong PIN":
        "PIN errato",
    "Fetching the documents: %1 of %2 · %3 of %4":
        "Scaricamento dei documenti: %1 su %2 · %3 su %4",
    "Checking which documents are new…":
        "Verifica dei documenti nuovi…",
    "The list of documents could not be fetched (%1); what is on the tablet stays readable.":
        "Non è stato possibile scaricare l'elenco dei documenti (%1); quanto è già sul tablet resta leggibile.",
    "Damaged downloads detected and fetched again: %1.":
        "Download danneggiati rilevati e scaricati di nuovo: %1.",
    "Every document is on this tablet and can be read offline.":
        "Tutti i documenti sono su questo tablet e si possono leggere offline.",
    "The tablet's storage is full: %1 of %2 documents are here and stay readable. Free some space, then log in again to fetch the rest.":
        "La memoria del tablet è piena: %1 documenti su %2 sono presenti e restano leggibili. Libera spazio, poi accedi di nuovo per scaricare il resto.",
    "%1 of %2 documents are on this tablet; the others could not be fetched (%3) and will be tried again at the next login.":
        "%1 documenti su %2 sono su questo tablet; gli altri non sono stati scaricati (%3) e verranno riprovati al prossimo accesso.",
    "Readable offline until %1":
        "Leggibile offline fino al %1",
    "no store is open":
        "nessun archivio aperto",
    "Locked until %1":
        "Bloccato fino alle %1",
    "Attempts left: %1":
        "Tentativi rimasti: %1",
    "Fetching the documents…":
        "Scaricamento dei documenti…",
    "Upcoming":
        "Prossime",
    "Past":
        "Passate",
    "Next":
        "Prossima",
    "Available offline · %1":
        "Disponibile offline · %1",
    "Documents":
        "Documenti",
    "%1 (not on this tablet yet)":
        "%1 (non ancora su questo tablet)",
    "No sitting on this tablet yet":
        "Ancora nessuna seduta su questo tablet",
    # The document reader (qml/ReaderView.qml, app/documents).
    "Contents": "Indice",
    "Read": "Leggi",
    "Select text": "Seleziona testo",
    "Pen": "Penna",
    "Note": "Nota",
    "Undo": "Annulla",
    "Redo": "Ripeti",
    "Tap the page where the annotation goes": "Tocca la pagina dove va l'annotazione",
    "Not placed: %1": "Non collocate: %1",
    "This document has no table of contents.": "Questo documento non ha un indice.",
    "Copy": "Copia",
    "Highlight": "Evidenzia",
    "Highlighted text": "Testo evidenziato",
    "Annotations not placed in this version": "Annotazioni non collocate in questa versione",
    "The text they were attached to changed. Place each one on a page, or dismiss it: it stays with the previous version.":
        "Il testo a cui erano legate è cambiato. Collocale su una pagina o scartale: restano nella versione precedente.",
    "%1 · was on page %2": "%1 · era a pagina %2",
    "Place on this page": "Colloca in questa pagina",
    "Dismiss": "Scarta",
    "New note": "Nuova nota",
    "Write the note": "Scrivi la nota",
    "Add note": "Aggiungi nota",
    "Delete": "Elimina",
    "Save": "Salva",
    "The document is empty.": "Il documento è vuoto.",
    "The document is not a PDF.": "Il documento non è un PDF.",
    "The PDF is damaged or incomplete and cannot be opened; download it again.":
        "Il PDF è danneggiato o incompleto e non si può aprire: scaricalo di nuovo.",
    "The PDF is protected by a password; ask the clerk for a copy without one.":
        "Il PDF è protetto da password: chiedi alla segreteria una copia senza.",
    "The PDF has no readable pages; it is probably damaged or incomplete.":
        "Il PDF non ha pagine leggibili: probabilmente è danneggiato o incompleto.",
    "The first page of the PDF is damaged; download the document again.":
        "La prima pagina del PDF è danneggiata: scarica di nuovo il documento.",
    "Cannot read %1: %2": "Impossibile leggere %1: %2",
    "Page %1 no longer exists in the new version.": "La pagina %1 non esiste più nella nuova versione.",
    "The text \"%1\" is no longer in the new version.": "Il testo «%1» non c'è più nella nuova versione.",
    "Its page is no longer in this version.": "La sua pagina non c'è più in questa versione.",
    "The text it was attached to is no longer in this version.":
        "Il testo a cui era legata non c'è più in questa versione.",
    "the reader has no document open":
        "il lettore non ha alcun documento aperto",
    "no annotated document is open":
        "nessun documento annotato è aperto",
    "the folder %1 cannot be written to":
        "la cartella %1 non è scrivibile",
    "there is no room for %1 in %2 (%3 bytes free)":
        "non c'è spazio per %1 in %2 (%3 byte liberi)",
    "%1 (annotated).pdf":
        "%1 (annotato).pdf",
    "%1 (annotated %2).pdf":
        "%1 (annotato %2).pdf",
    "%1 cannot be written: %2":
        "impossibile scrivere %1: %2",
    "the disk is full: %1 was not written":
        "il disco è pieno: %1 non è stato scritto",
    "The chamber is reachable again: tap your badge on the reader to reconnect.":
        "L'aula è di nuovo raggiungibile: avvicina il badge al lettore per ricollegarti.",
    "a store is being opened":
        "è in corso l'apertura dell'archivio",
    "closed while the store was being opened":
        "chiuso durante l'apertura dell'archivio",
    "too many wrong PINs on this tablet: only a login with the chamber's connection opens the documents now":
        "troppi PIN errati su questo tablet: ora solo un accesso con la connessione all'aula apre i documenti",
    "Export with my notes":
        "Esporta con le mie note",
    "Saved: %1":
        "Salvato: %1",
    "Not saved: %1":
        "Non salvato: %1",
    "The copy of this document on the tablet was damaged and has been set aside. It is downloaded again at the next sync.":
        "La copia di questo documento sul tablet era danneggiata ed è stata messa da parte. Verrà scaricata di nuovo alla prossima sincronizzazione.",
}

path = sys.argv[1] if len(sys.argv) > 1 else "i18n/aula_it.ts"
tree = ET.parse(path)
missing = []
for m in tree.iter("message"):
    src = m.find("source").text
    tr = m.find("translation")
    if src in IT:
        tr.text = IT[src]
        tr.attrib.pop("type", None)
    else:
        missing.append(src)
tree.write(path, encoding="utf-8", xml_declaration=True)
for s in missing:
    print("missing:", s)
sys.exit(1 if missing else 0)
