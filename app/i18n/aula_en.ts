<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Aula::App::AgendaModel</name>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="13"/>
        <source>Deliberation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="15"/>
        <source>Motion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="17"/>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="19"/>
        <source>Communication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="21"/>
        <source>Election</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/agendamodel.cpp" line="23"/>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::App::BallotController</name>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="17"/>
        <source>Favourable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="19"/>
        <source>Against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="21"/>
        <source>Abstain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="23"/>
        <source>Blank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="60"/>
        <source>voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="146"/>
        <source>Item %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="163"/>
        <source>Secret ballot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="165"/>
        <source>Roll-call ballot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="166"/>
        <source>Open ballot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="172"/>
        <source>%1 of %2 have voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="188"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="190"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="192"/>
        <source>Not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="202"/>
        <source>Favourable %1 · Against %2 · Abstained %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="278"/>
        <source>Not delivered: the chamber cannot be reached. Your vote was not counted yet; retry while the ballot is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/ballotcontroller.cpp" line="283"/>
        <source>The chamber refused the vote: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::App::ConnectionBanner</name>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="49"/>
        <source>Connected to the chamber</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="51"/>
        <source>Connecting to the chamber…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="54"/>
        <source>Offline since %1, reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/connectionbanner.cpp" line="59"/>
        <source>Offline: the chamber cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::App::PresidentController</name>
    <message>
        <location filename="../chamber/presidentcontroller.cpp" line="63"/>
        <source>This item is not voted on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/presidentcontroller.cpp" line="65"/>
        <source>No quorum: %1 present, %2 needed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::App::SessionManager</name>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="43"/>
        <source>Your session ended: %1. Tap your badge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="115"/>
        <source>The chamber cannot be reached. Logging in needs the connection: try again when the banner says connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="139"/>
        <source>Wrong PIN. Try again: after 5 wrong PINs the badge is locked for 15 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="146"/>
        <source>This badge is locked after too many wrong PINs. Try again in 15 minutes, or ask the secretary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="150"/>
        <source>This badge is not known to the chamber.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="153"/>
        <source>The chamber did not answer. Tap your badge and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sessionmanager.cpp" line="155"/>
        <source>The chamber refused the login: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::App::SittingController</name>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="13"/>
        <source>Not sent: the chamber cannot be reached right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="15"/>
        <source>The sitting is not quorate: no ballot can be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="17"/>
        <source>Check in first: you are not recorded as present.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="19"/>
        <source>Someone else has the floor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="21"/>
        <source>Your role does not allow this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="22"/>
        <source>The chamber refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="38"/>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="40"/>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="42"/>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="44"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="45"/>
        <source>Waiting for the chamber…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="53"/>
        <source>Item %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="76"/>
        <source>%1 present, quorum %2: reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="77"/>
        <source>%1 present, quorum %2: not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="102"/>
        <source>President</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="104"/>
        <source>Vice president</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="106"/>
        <source>Secretary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="108"/>
        <source>Councillor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../chamber/sittingcontroller.cpp" line="109"/>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::Documents::CarryOver</name>
    <message>
        <location filename="../documents/carryover.cpp" line="94"/>
        <source>Page %1 no longer exists in the new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/carryover.cpp" line="120"/>
        <source>The text &quot;%1&quot; is no longer in the new version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::Documents::PdfDocument</name>
    <message>
        <location filename="../documents/documentreader.cpp" line="116"/>
        <location filename="../documents/pdfdocument.cpp" line="236"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="199"/>
        <source>The document is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="202"/>
        <source>The document is not a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="207"/>
        <source>The PDF is damaged or incomplete and cannot be opened; download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="211"/>
        <source>The PDF is protected by a password; ask the clerk for a copy without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="216"/>
        <source>The PDF has no readable pages; it is probably damaged or incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/pdfdocument.cpp" line="226"/>
        <source>The first page of the PDF is damaged; download the document again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Aula::Documents::UnplacedModel</name>
    <message>
        <location filename="../documents/documentmodels.cpp" line="170"/>
        <source>Pen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="172"/>
        <source>Highlighted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="174"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="186"/>
        <source>Its page is no longer in this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../documents/documentmodels.cpp" line="188"/>
        <source>The text it was attached to is no longer in this version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <location filename="../../qml/ConnectionBar.qml" line="56"/>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentPage</name>
    <message>
        <location filename="../../qml/DocumentPage.qml" line="25"/>
        <source>‹ Back to the sitting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../qml/LoginPage.qml" line="29"/>
        <source>Council of Valdoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="39"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="40"/>
        <source>Type your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="41"/>
        <source>Tap your badge on the reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="57"/>
        <source>The tablet is offline: logging in needs the chamber&apos;s connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="64"/>
        <source>Demo badges (fake reader)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="117"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/LoginPage.qml" line="134"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../qml/Main.qml" line="33"/>
        <source>Aula</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <location filename="../../qml/ReaderView.qml" line="111"/>
        <location filename="../../qml/ReaderView.qml" line="290"/>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="117"/>
        <source>Fit width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="123"/>
        <source>Fit page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="148"/>
        <source>of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="153"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="171"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="184"/>
        <source>Night</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="210"/>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="217"/>
        <source>Select text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="224"/>
        <location filename="../../qml/ReaderView.qml" line="729"/>
        <source>Pen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="232"/>
        <location filename="../../qml/ReaderView.qml" line="727"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="241"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="247"/>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="254"/>
        <source>Tap the page where the annotation goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="260"/>
        <source>Not placed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="301"/>
        <source>This document has no table of contents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="469"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="477"/>
        <source>Highlight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="486"/>
        <location filename="../../qml/ReaderView.qml" line="691"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="524"/>
        <source>Annotations not placed in this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="535"/>
        <source>The text they were attached to changed. Place each one on a page, or dismiss it: it stays with the previous version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="571"/>
        <source>%1 · was on page %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="594"/>
        <source>Place on this page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="604"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="679"/>
        <source>New note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="686"/>
        <source>Write the note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="696"/>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="728"/>
        <source>Highlighted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="751"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="758"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/ReaderView.qml" line="764"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SittingPage</name>
    <message>
        <location filename="../../qml/SittingPage.qml" line="51"/>
        <source>‹ Sittings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="114"/>
        <source>NOW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="136"/>
        <source>Document: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="165"/>
        <source>Attendance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="179"/>
        <source>present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="188"/>
        <source>Quorum %1: reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="189"/>
        <source>Quorum %1: not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="199"/>
        <source>You are present (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="200"/>
        <source>You are not checked in (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="205"/>
        <source>Check in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="223"/>
        <source>The floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="232"/>
        <source>Nobody is speaking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="250"/>
        <source>Waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="257"/>
        <source>You are number %1 in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="264"/>
        <source>Ask to speak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="271"/>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="277"/>
        <source>Yield the floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="303"/>
        <source>Chair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="315"/>
        <source>Open the sitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="323"/>
        <source>Next item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="330"/>
        <source>Give the floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="337"/>
        <source>+1 minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="344"/>
        <source>End speech</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="351"/>
        <source>Open the ballot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingPage.qml" line="359"/>
        <source>Close the ballot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SittingsPage</name>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="34"/>
        <source>Sittings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="59"/>
        <source>%1 · %2 · %3 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="64"/>
        <source>No documents yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="65"/>
        <source>Available offline: %1 of %2 documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/SittingsPage.qml" line="77"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VotePanel</name>
    <message>
        <location filename="../../qml/VotePanel.qml" line="69"/>
        <source>Favourable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="70"/>
        <source>Against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="71"/>
        <source>Abstain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="97"/>
        <source>You are voting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="111"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="119"/>
        <source>Confirm vote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="144"/>
        <source>Sending your vote…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="145"/>
        <source>Your vote is recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="146"/>
        <source>Voting in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="158"/>
        <source>Receipt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="163"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="200"/>
        <source>How each member voted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../qml/VotePanel.qml" line="223"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
