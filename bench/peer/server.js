// SPDX-License-Identifier: GPL-3.0-or-later
// The peer baseline of bench/chamber_load: a bare broadcast server written with Node's `ws`
// package. It answers the message shapes of docs/protocol.md that the benchmark sends
// (hello, device_auth, login, subscribe, sitting.open, attendance.checkin, ballot.open,
// ballot.vote, ballot.close) with "ok" replies and pushes what the chamber pushes (protocol
// 2): an "events" frame per state change to every subscriber, and for votes not an event but
// the ballot's live count ("tally") at most every 100 ms (the same coalescing rule as the
// chamber), the roll coming with ballot.closed; but with NO authentication (signatures and
// PINs are not checked), NO persistence (nothing is written, nothing is fsynced) and ws://.
// It is the floor of what a WebSocket fan-out costs on this machine, not a chamber.
//
//     node server.js [--port PORT]      prints "READY api=PORT" once listening on 127.0.0.1

'use strict';

const crypto = require('crypto');
const { WebSocketServer } = require('ws');

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;

const subscribers = new Set();
let seq = 0;
let prev = '0'.repeat(64);
let ballots = 0;
const open = new Map(); // ballot id -> { favour, against, abstain, voters: Set, marks, tally }
const TALLY_INTERVAL_MS = 100; // as the chamber: kTallyIntervalMs in server/api/chamberapi.cpp

function hex(bytes) {
    return crypto.randomBytes(bytes).toString('hex');
}

// Encodes the event once and sends the same string to every subscriber, as the chamber does.
function broadcast(type, payload) {
    seq += 1;
    const event = { seq, type, time: Date.now(), payload, prev };
    prev = hex(32);
    const frame = JSON.stringify({ v: 2, type: 'events', sitting: payload.sitting, events: [event] });
    for (const ws of subscribers) ws.send(frame);
}

// The live count: at once if the last one went out TALLY_INTERVAL_MS ago, else when it has.
function sendTally(sitting, ballot, b) {
    b.tally.sentAt = Date.now();
    b.tally.timer = null;
    const frame = JSON.stringify({ v: 2, type: 'tally', sitting, ballot, seq,
                                   votes_received: b.voters.size, eligible: subscribers.size });
    for (const ws of subscribers) ws.send(frame);
}

// Who voted what, as the chamber's ballot.closed carries it: one mark per member (m01, m02,
// … in order; the peer's council is its subscribers), "-" for those who did not vote.
function roll(b) {
    const marks = new Array(subscribers.size).fill('-');
    for (const [person, mark] of b.marks) {
        const i = parseInt(person.slice(1), 10) - 1;
        if (i >= 0 && i < marks.length) marks[i] = mark;
    }
    return marks.join('');
}

function countVote(sitting, ballot, b) {
    if (b.tally.timer) return;
    const wait = b.tally.sentAt + TALLY_INTERVAL_MS - Date.now();
    if (wait <= 0) return sendTally(sitting, ballot, b);
    b.tally.timer = setTimeout(() => sendTally(sitting, ballot, b), wait);
}

function ok(ws, id, fields) {
    ws.send(JSON.stringify(Object.assign({ v: 2, type: 'ok', re: id }, fields || {})));
}

function error(ws, id, code, message) {
    ws.send(JSON.stringify({ v: 2, type: 'error', re: id, code, message }));
}

// Demo badge UIDs are 04 a0 NN NN 5a 5a 5a: the person is m + NN (docs of server/demo).
function personForBadge(badge) {
    const n = parseInt(String(badge).slice(4, 8), 16);
    return 'm' + String(n).padStart(2, '0');
}

function handle(ws, m) {
    const id = m.id;
    switch (m.type) {
    case 'hello':
        return ok(ws, id, { nonce: hex(32), server: 'node-ws', server_time: Date.now() });
    case 'device_auth':
        return ok(ws, id, { device: m.device || '' });
    case 'login':
        ws.person = personForBadge(m.badge);
        return ok(ws, id, { person: ws.person, name: ws.person, member: true, token: hex(32),
                            vote_nonce: hex(32) });
    case 'subscribe':
        subscribers.add(ws);
        return ok(ws, id, { state: {}, council: {}, seq });
    case 'sitting.open':
        ok(ws, id, {});
        return broadcast('sitting.opened', { sitting: m.sitting, call: m.call, mode: 'in_person' });
    case 'attendance.checkin':
        ok(ws, id, {});
        return broadcast('attendance.changed', { sitting: m.sitting, member: ws.person,
                                                 present: true, remote: false, source: 'tablet' });
    case 'ballot.open': {
        ballots += 1;
        const ballot = 'b' + ballots;
        open.set(ballot, { favour: 0, against: 0, abstain: 0, voters: new Set(),
                           marks: new Map(),
                           tally: { sentAt: 0, timer: null } });
        ok(ws, id, { ballot });
        return broadcast('ballot.opened', { sitting: m.sitting, ballot, item: m.item, kind: 'open' });
    }
    case 'ballot.vote': {
        const b = open.get(m.ballot);
        if (!b) return error(ws, id, 'ballot_closed', 'no such open ballot');
        if (b.voters.has(ws.person)) return error(ws, id, 'already_voted', 'already voted');
        b.voters.add(ws.person);
        b[m.choice] = (b[m.choice] || 0) + 1;
        b.marks.set(ws.person, { favour: 'y', against: 'n', abstain: 'a' }[m.choice] || '?');
        seq += 1; // the vote's event: recorded (here: counted), not pushed
        ok(ws, id, { ballot: m.ballot, receipt: hex(32), seq });
        return countVote(m.sitting, m.ballot, b);
    }
    case 'ballot.close': {
        const b = open.get(m.ballot);
        if (!b) return error(ws, id, 'ballot_closed', 'no such open ballot');
        open.delete(m.ballot);
        if (b.tally.timer) clearTimeout(b.tally.timer); // the close carries the final figures
        const outcome = { sitting: m.sitting, ballot: m.ballot,
                          outcome: b.favour > b.against ? 'approved' : 'rejected',
                          votes: { favour: b.favour, against: b.against, abstain: b.abstain },
                          roll: roll(b) };
        ok(ws, id, { outcome });
        return broadcast('ballot.closed', outcome);
    }
    default:
        return error(ws, id, 'unknown_type', 'the peer does not know ' + m.type);
    }
}

const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let m;
        try {
            m = JSON.parse(data);
        } catch (e) {
            return error(ws, 0, 'bad_json', String(e));
        }
        handle(ws, m);
    });
    ws.on('close', () => subscribers.delete(ws));
});
wss.on('listening', () => {
    process.stdout.write('READY api=' + wss.address().port + '\n');
});
process.on('SIGTERM', () => process.exit(0));
