// A dumb BGP speaker for the interop tests: for each session it connects from `local` to
// `remote`:179, sends the pre-encoded OPEN, and once the peer answers sends a KEEPALIVE and the
// pre-encoded UPDATEs, then a KEEPALIVE every 30 s. Every message is encoded by bgpwire in the
// test process; this script only moves bytes, so it runs on plain Node inside a namespace.
// With `rounds` (lists of { session, update }), it prints `established` once every session is up
// and then sends one round per line read from stdin, printing `round <n> sent` after each.
// Usage: node bgp-feeder.mjs scenario.json   (runs until SIGTERM)
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { connect } from 'node:net';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const KEEPALIVE = Buffer.from('ffffffffffffffffffffffffffffffff001304', 'hex');
const sockets = [];
let establishedCount = 0;

// After every session is up, `ordered` updates go out one by one, `gapMs` apart, so the
// receiver sees them in a known order (for order-dependent selection and route age).
function sendOrdered() {
  const ordered = scenario.ordered ?? [];
  const byName = new Map(scenario.sessions.map((s, i) => [s.name, sockets[i]]));
  let i = 0;
  const next = () => {
    if (i >= ordered.length) {
      console.log('ordered done');
      return;
    }
    const o = ordered[i++];
    byName.get(o.session)?.write(Buffer.from(o.update, 'hex'));
    setTimeout(next, scenario.gapMs ?? 300);
  };
  setTimeout(next, scenario.gapMs ?? 300);
}

// Rounds go out when the test asks, so it can wait for the router to settle between them.
function sendRounds() {
  const byName = new Map(scenario.sessions.map((s, i) => [s.name, sockets[i]]));
  let n = 0;
  console.log('established');
  createInterface({ input: process.stdin }).on('line', () => {
    const round = scenario.rounds[n++] ?? [];
    for (const o of round) byName.get(o.session)?.write(Buffer.from(o.update, 'hex'));
    console.log(`round ${n} sent`);
  });
}

for (const s of scenario.sessions) {
  const sock = connect({ host: s.remote, port: 179, localAddress: s.local });
  sockets.push(sock);
  let buf = Buffer.alloc(0);
  let established = false;
  sock.on('connect', () => sock.write(Buffer.from(s.open, 'hex')));
  sock.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 19) {
      const len = buf.readUInt16BE(16);
      if (len < 19 || buf.length < len) break;
      const type = buf[18];
      if (type === 3) console.log(`notification ${s.name} ${buf.subarray(0, len).toString('hex')}`);
      if (type === 1 && !established) {
        established = true;
        sock.write(KEEPALIVE);
        for (const u of s.updates) sock.write(Buffer.from(u, 'hex'));
        console.log(`sent ${s.name} ${s.updates.length}`);
        if (++establishedCount === scenario.sessions.length) {
          sendOrdered();
          if (scenario.rounds) sendRounds();
        }
      }
      buf = buf.subarray(len);
    }
  });
  sock.on('error', (e) => console.log(`error ${s.name} ${e.message}`));
  sock.on('close', () => console.log(`closed ${s.name}`));
}

const timer = setInterval(() => {
  for (const sock of sockets) if (!sock.destroyed) sock.write(KEEPALIVE);
}, 30_000);

process.on('SIGTERM', () => {
  clearInterval(timer);
  for (const sock of sockets) sock.destroy();
  process.exit(0);
});
