import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endOfRibMessage } from '../../src/attributes/helpers.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { Peer } from '../../src/node/index.ts';
import { closeAll, FAST, listening, pair, until } from './helpers.ts';
import { RawPeer } from './raw-peer.ts';

afterEach(closeAll);

const count = (types: string[], t: string): number => types.filter((x) => x === t).length;

describe('timers and limits', () => {
  it('HoldTimer: a peer that goes silent gets NOTIFICATION 4/0 after the hold time, and the session closes', async () => {
    const { speaker, port } = await listening({ localAs: 65001, bgpId: '10.255.0.1' }, '127.0.0.1');
    const p = speaker.addPeer({ address: '127.0.0.5', peerAs: 65005, passive: true, ...FAST });
    const downs: string[] = [];
    p.on('down', (d) => downs.push(d.reason));
    await new Promise((r) => setTimeout(r, 50));
    const raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.5');
    raw.handshake(65005, '10.255.0.5', 3);
    await p.established();
    const t0 = Date.now();
    // Silent from now on: no KEEPALIVE, no UPDATE.
    await raw.closed;
    const waited = Date.now() - t0;
    expect(raw.notifications.map((n) => `${n.code}/${n.subcode}`)).toEqual(['4/0']);
    expect(waited).toBeGreaterThan(2000);
    expect(downs).toEqual(['notification sent: HoldTimerExpired/Unspecific']);
  });

  it('an unknown address gets Cease 5 "Connection Rejected" and is closed', async () => {
    const { port } = await listening({ localAs: 65001, bgpId: '10.255.0.1' }, '127.0.0.1');
    const raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.9');
    await raw.closed;
    expect(raw.notifications.map((n) => `${n.code}/${n.subcode}`)).toEqual(['6/5']);
  });

  it('a slow consumer holds reading for longer than the hold time: the session stays up, held bytes stay bounded', async () => {
    const maxPendingBytes = 16 * 1024;
    const { pa, pb } = await pair({}, { maxQueuedEvents: 2, maxPendingBytes });
    const downs: string[] = [];
    pa.on('down', (d) => downs.push(`A ${d.reason}`));
    pb.on('down', (d) => downs.push(`B ${d.reason}`));
    const prefixes: string[] = [];
    for (let i = 0; i < 20000; i++) prefixes.push(`10.${(i >> 8) & 255}.${i & 255}.0/24`);
    let held = 0;
    const sampler = setInterval(() => {
      held = Math.max(held, pb.heldBytes);
    }, 10);
    const types: string[] = [];
    const it = pb[Symbol.asyncIterator]();
    await pa.established();
    pa.announce({ prefixes });
    // Hold for 4.5 s (hold time 3 s): nothing read from the iterator.
    await new Promise((r) => setTimeout(r, 4500));
    expect(pb.state).toBe('Established');
    expect([...pb.adjRibIn()].length).toBe(0);
    expect(held).toBeGreaterThan(maxPendingBytes);
    // Bounded: the limit plus what one read can bring (a 64 KiB message and a socket chunk).
    expect(held).toBeLessThanOrEqual(maxPendingBytes + 3 * 65536);
    // Now consume quickly: everything arrives, in order.
    const drain = (async () => {
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        types.push(r.value.type);
        if ([...pb.adjRibIn()].length === 20000) return;
      }
    })();
    await until('B to hold all 20,000 routes', 10000, () => [...pb.adjRibIn()].length === 20000);
    await drain;
    clearInterval(sampler);
    expect(downs).toEqual([]);
    expect(count(types, 'established')).toBe(1);
    expect(count(types, 'update')).toBeGreaterThan(1);
  });

  it('the hold is bounded: past maxHoldTime the session resets with Cease 6/8 and a clear reason', async () => {
    const { pa, pb } = await pair({}, { maxQueuedEvents: 1, maxHoldTime: 1 });
    const got = new Promise<string>((resolve) => pa.on('notification', (m, d) => d === 'received' && resolve(`${m.code}/${m.subcode}`)));
    const it = (pb as Peer)[Symbol.asyncIterator]();
    await pa.established();
    expect(await got).toBe('6/8');
    expect(pb.lastError?.message).toContain('reading held by a slow consumer for 1 s (maxHoldTime)');
    await it.return?.();
  });

  it('close() leaves no socket, server or timer behind', async () => {
    const resources = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
    const before = resources();
    const { A, B, pa, pb } = await pair();
    await Promise.all([pa.established(), pb.established()]);
    pa.announce({ prefixes: ['10.20.0.0/24'] });
    expect(resources().length).toBeGreaterThan(before.length);
    await Promise.all([A.close(), B.close()]);
    await new Promise((r) => setImmediate(r));
    expect(resources().sort()).toEqual(before.sort());
  });
});

describe('graceful restart (RFC 4724)', () => {
  it('a TCP failure keeps the peer\'s routes as stale; End-of-RIB of the new session sweeps those not sent again', async () => {
    const { speaker, port } = await listening({ localAs: 65001, bgpId: '10.255.0.1' }, '127.0.0.1');
    const p = speaker.addPeer({ address: '127.0.0.7', peerAs: 65007, passive: true, gracefulRestart: { restartTime: 60 }, ...FAST });
    await new Promise((r) => setTimeout(r, 50));
    const gr = [{ type: 'graceful-restart', restarting: false, notification: false, restartTime: 60, families: [{ afi: 1, safi: 1, forwarding: true }] }] as const;
    const ctx = sessionContext({ as4: true });
    const announce = (prefix: string): Uint8Array =>
      encodeMessage({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65007] }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.7' }], nlri: [{ prefix }] }, ctx);
    const eor = encodeMessage(endOfRibMessage(1, 1), ctx);
    const held = (): string[] => [...speaker.rib.locRib()].map((r) => `${r.prefix}${r.stale ? ' stale' : ''}`).sort();
    let raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.7');
    raw.handshake(65007, '10.255.0.7', 9, gr);
    await p.established();
    raw.send(announce('10.70.1.0/24'));
    raw.send(announce('10.70.2.0/24'));
    await until('both routes', 3000, () => held().length === 2);
    raw.destroy();
    await until('the session to drop', 3000, () => p.state !== 'Established');
    expect(held()).toEqual(['10.70.1.0/24 stale', '10.70.2.0/24 stale']);
    await until('the peer to listen again', 5000, () => p.state === 'Active');
    raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.7');
    raw.handshake(65007, '10.255.0.7', 9, gr);
    await p.established();
    raw.send(announce('10.70.1.0/24'));
    raw.send(eor);
    await until('End-of-RIB to sweep the stale route', 3000, () => held().join() === '10.70.1.0/24');
    raw.destroy();
  });
});

describe('enhanced route refresh as a receiver (RFC 7313 section 4)', () => {
  it('routes not sent again between BoRR and EoRR are withdrawn at EoRR', async () => {
    const { speaker, port } = await listening({ localAs: 65001, bgpId: '10.255.0.1' }, '127.0.0.1');
    const p = speaker.addPeer({ address: '127.0.0.8', peerAs: 65008, passive: true, ...FAST });
    await new Promise((r) => setTimeout(r, 50));
    const ctx = sessionContext({ as4: true, enhancedRouteRefresh: true });
    const announce = (prefix: string): Uint8Array =>
      encodeMessage({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65008] }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.8' }], nlri: [{ prefix }] }, ctx);
    const rr = (subtype: number): Uint8Array => encodeMessage({ type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype }, ctx);
    const held = (): string[] => [...p.adjRibIn()].map((r) => r.prefix).sort();
    const raw = await RawPeer.connect('127.0.0.1', port, '127.0.0.8');
    raw.handshake(65008, '10.255.0.8', 9);
    await p.established();
    expect(p.session?.receive.enhancedRouteRefresh).toBe(true);
    raw.send(announce('10.90.1.0/24'));
    raw.send(announce('10.90.2.0/24'));
    await until('both routes', 3000, () => held().length === 2);
    // An EoRR without a BoRR is ignored.
    raw.send(rr(2));
    raw.send(rr(1));
    raw.send(announce('10.90.1.0/24'));
    await new Promise((r) => setTimeout(r, 200));
    expect(held()).toEqual(['10.90.1.0/24', '10.90.2.0/24']);
    raw.send(rr(2));
    await until('EoRR to withdraw the route not sent again', 3000, () => held().join() === '10.90.1.0/24');
    expect(p.state).toBe('Established');
    raw.destroy();
  });
});

describe('SendHoldTimer (RFC 9687)', () => {
  it('a session that cannot send for the SendHoldTime is closed, and the error says why', async () => {
    let socket: Socket | undefined;
    const { pa, pb } = await pair({ sendHoldTime: 1, createConnection: (t) => (socket = connect(t)) });
    await Promise.all([pa.established(), pb.established()]);
    const errors: string[] = [];
    pa.on('error', (e) => errors.push(e.message));
    const down = new Promise<string>((resolve) => pa.once('down', (d) => resolve(d.reason)));
    // Nothing A writes leaves the socket any more: no write completes, so no MessageSent.
    socket?.cork();
    expect(await down).toBe('notification sent: SendHoldTimerExpired/Unspecific');
    expect(errors.some((e) => e.includes('send hold timer expired'))).toBe(true);
  });
});

describe('sending is bounded', () => {
  it('when the socket cannot take more, announce() throws RangeError past maxSendQueueBytes; nothing is lost once it drains', async () => {
    let socket: Socket | undefined;
    const { pa, pb } = await pair({ maxSendQueueBytes: 64 * 1024, createConnection: (t) => (socket = connect(t)) });
    await Promise.all([pa.established(), pb.established()]);
    // A full send buffer, made deterministic: the socket holds every write (cork) as a socket
    // whose peer stopped reading would.
    socket?.cork();
    const batch = (n: number): string[] => Array.from({ length: 20000 }, (_, i) => `${20 + n}.${i >> 8}.${i & 255}.0/24`);
    pa.announce({ prefixes: batch(0) });
    expect(socket?.writableLength).toBeGreaterThan(64 * 1024);
    expect(() => pa.announce({ prefixes: batch(1) })).toThrow(RangeError);
    expect(() => pa.announce({ prefixes: batch(1) })).toThrow('over maxSendQueueBytes 65536: await peer.drained()');
    // The refused call changed nothing; the queued routes all arrive once the socket drains.
    expect([...pa.adjRibOut()].length).toBe(20000);
    socket?.uncork();
    await pa.drained();
    await until('B to take the 20,000 routes', 10000, () => [...pb.adjRibIn()].length === 20000);
    pa.announce({ prefixes: batch(1) });
    await until('and the next 20,000', 10000, () => [...pb.adjRibIn()].length === 40000);
  });
});
