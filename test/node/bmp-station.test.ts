// The BMP station over real sockets on loopback: per-router event streams, per-peer RIBs
// keyed by router/type/RD/address/AS/BGP ID/L/O, Peer Down and reconnect flushes, the route
// limit, hostile streams and listeners, and close() leaving nothing behind.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBmpMessage } from '../../src/bmp/index.ts';
import type { BmpMessage, BmpPeerHeader } from '../../src/bmp/index.ts';
import { readCapture } from '../../src/capture/read-capture.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { encodeOpen } from '../../src/messages/open.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { BmpStation } from '../../src/node/index.ts';
import type { BmpRouter, BmpRouterEvent } from '../../src/node/index.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { noShared, readShared } from '../helpers/shared.ts';

const stations: BmpStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

async function start(options?: ConstructorParameters<typeof BmpStation>[0]): Promise<{ station: BmpStation; port: number }> {
  const station = new BmpStation(options);
  stations.push(station);
  const addr = await station.listen(0, '127.0.0.1');
  return { station, port: addr.port };
}

async function send(port: number, bytes: Uint8Array, chunk = 997): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => {}); // the station may reset a bad stream
  await once(s, 'connect');
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  return s;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out: ${what}`);
}

const cat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** The BMP stream of a pmacct capture (its messages back to back). */
function captureStream(name: string): Uint8Array {
  return cat([...readCapture(readShared('corpus/pcap/pmacct', name, 'traffic-00.pcap') as Uint8Array)].map((m) => m.bytes));
}

const PEER: BmpPeerHeader = { peerType: 0, flags: 0, distinguisher: new Uint8Array(8), address: '192.0.2.1', as: 65001, bgpId: '192.0.2.1', seconds: 0, microseconds: 0 };
const OPEN = encodeOpen({ type: 'OPEN', version: 4, myAs: 65001, holdTime: 90, bgpId: '192.0.2.1', capabilities: [{ type: 'as4', asn: 65001 }] });
const up = (peer: BmpPeerHeader): BmpMessage => ({ type: 'peer-up', peer, localAddress: '192.0.2.2', localPort: 179, remotePort: 4000, sentOpen: OPEN, receivedOpen: OPEN, information: [] });
const update = (prefixes: string[]): Uint8Array =>
  encodeMessage(
    {
      type: 'UPDATE',
      withdrawn: [],
      attributes: [
        { type: 'ORIGIN', origin: 'IGP' },
        { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] },
        { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
      ],
      nlri: prefixes.map((prefix) => ({ prefix })),
    } as UpdateMessage,
    sessionContext({ as4: true }),
  );
const INIT = encodeBmpMessage({ type: 'initiation', information: [{ type: 1, text: 'test' }, { type: 2, text: 'r1' }] });

describe('BmpStation', () => {
  it('per-peer RIBs keyed by view (pre/post-policy never collide), Peer Down flushes one peer, a reconnect flushes the router', async () => {
    const { station, port } = await start({ rib: true });
    const routers: BmpRouter[] = [];
    station.on('router', (r: BmpRouter) => routers.push(r));
    const post = { ...PEER, flags: 0x40 };
    const other = { ...PEER, address: '192.0.2.5', bgpId: '192.0.2.5' };
    const stream = cat([
      INIT,
      encodeBmpMessage(up(PEER)),
      encodeBmpMessage(up(other)),
      encodeBmpMessage({ type: 'route-monitoring', peer: PEER, pdu: update(['198.51.100.0/24', '203.0.113.0/24']) }),
      encodeBmpMessage({ type: 'route-monitoring', peer: post, pdu: update(['198.51.100.0/24']) }),
      encodeBmpMessage({ type: 'route-monitoring', peer: other, pdu: update(['192.0.2.128/25']) }),
    ]);
    const s = await send(port, stream, 7);
    await until(() => (routers[0]?.messages ?? 0) === 6, 'six messages');
    const r = routers[0] as BmpRouter;
    expect(r.initiation?.information).toEqual([{ type: 1, text: 'test' }, { type: 2, text: 'r1' }]);
    expect(r.routeCount).toBe(4);
    expect(r.ribKeys()).toHaveLength(3);
    expect(r.routes({ address: '192.0.2.1', isPostPolicy: false }).map((x) => x.prefix).sort()).toEqual(['198.51.100.0/24', '203.0.113.0/24']);
    expect(r.routes({ address: '192.0.2.1', isPostPolicy: true }).map((x) => x.prefix)).toEqual(['198.51.100.0/24']);
    // RFC 7854 section 4.9: Peer Down implicitly withdraws every route of the peer (both views).
    s.write(encodeBmpMessage({ type: 'peer-down', peer: PEER, reason: 4 }));
    await until(() => r.messages === 7, 'peer down');
    expect(r.routes({ address: '192.0.2.1' })).toEqual([]);
    expect(r.routes({ address: '192.0.2.5' }).map((x) => x.prefix)).toEqual(['192.0.2.128/25']);
    expect(r.peers.map((p) => p.peer.address)).toEqual(['192.0.2.5']);
    expect(r.routeCount).toBe(1);
    // Reconnect: the same router object, everything flushed (RFC 7854 section 3.3).
    s.destroy();
    await until(() => !r.connected, 'disconnect');
    expect(r.routeCount).toBe(1); // still queryable after the connection ended
    const s2 = await send(port, INIT);
    await until(() => routers.length === 2 && r.messages === 8, 'reconnect');
    expect(routers[1]).toBe(r);
    expect(station.routers.size).toBe(1);
    expect(r.routeCount).toBe(0);
    expect(r.peers).toEqual([]);
    s2.destroy();
  });

  it.skipIf(noShared())('Cisco IOS XR (201): one event per message, 42 peers up, RIBs equal a replay of the UPDATEs', async () => {
    const { station, port } = await start({ rib: true });
    const counts: Record<string, number> = {};
    let router: BmpRouter | undefined;
    const expected = new Map<string, Set<string>>();
    station.on('router', (r: BmpRouter) => {
      router = r;
      r.on('message', (ev: BmpRouterEvent) => {
        counts[ev.message.type] = (counts[ev.message.type] ?? 0) + 1;
        // The model: per view (type, RD, address, L), announce and withdraw IPv4 and IPv6 unicast prefixes.
        if (ev.message.type !== 'route-monitoring') return;
        const u = ev.pdus[0]?.message as UpdateMessage;
        const p = ev.message.peer;
        const key = `${p.peerType}|${Array.from(p.distinguisher).join('.')}|${p.address}|${p.flags & 0x40}`;
        const set = expected.get(key) ?? new Set<string>();
        expected.set(key, set);
        for (const n of u.nlri) set.add(n.prefix);
        for (const n of u.withdrawn) set.delete(n.prefix);
        for (const a of u.attributes) {
          if (a.type === 'MP_REACH_NLRI' && a.safi === 1) for (const n of (a.nlri ?? []) as { prefix: string }[]) set.add(n.prefix);
          if (a.type === 'MP_UNREACH_NLRI' && a.safi === 1) for (const n of (a.withdrawn ?? []) as { prefix: string }[]) set.delete(n.prefix);
        }
      });
    });
    const s = await send(port, captureStream('201-BMP-CISCO-rd_instance'), 1013);
    await until(() => (router?.messages ?? 0) === 336, '336 messages');
    expect(counts).toEqual({ initiation: 1, 'peer-up': 42, 'route-monitoring': 251, 'statistics-report': 42 });
    const r = router as BmpRouter;
    expect(r.peers).toHaveLength(42);
    const want = [...expected.values()].reduce((n, s) => n + s.size, 0);
    expect(r.routeCount).toBe(want);
    expect(want).toBeGreaterThan(50);
    const got = r.routes().length;
    expect(got).toBe(want);
    s.destroy();
  });

  it.skipIf(noShared())('the route limit stops storing announcements, once, with a limit event', async () => {
    const { station, port } = await start({ rib: true, maxRoutes: 10 });
    const limits: number[] = [];
    let router: BmpRouter | undefined;
    station.on('router', (r: BmpRouter) => {
      router = r;
      r.on('limit', (n: number) => limits.push(n));
    });
    const s = await send(port, captureStream('201-BMP-CISCO-rd_instance'));
    await until(() => (router?.messages ?? 0) === 336, '336 messages');
    expect(limits).toHaveLength(1);
    expect(router?.limited).toBe(true);
    expect(router?.routeCount).toBeLessThanOrEqual(12);
    s.destroy();
  });

  it('a second connection from the same router address replaces the first (a reconnect)', async () => {
    const { station, port } = await start({ rib: true });
    let router: BmpRouter | undefined;
    let connects = 0;
    station.on('router', (r: BmpRouter) => {
      router = r;
      connects++;
    });
    const first = await send(port, cat([INIT, encodeBmpMessage(up(PEER)), encodeBmpMessage({ type: 'route-monitoring', peer: PEER, pdu: update(['198.51.100.0/24']) })]));
    await until(() => router?.routeCount === 1, 'first connection');
    const firstClosed = new Promise((resolve) => first.once('close', resolve));
    const second = await send(port, INIT);
    await firstClosed;
    await until(() => connects === 2 && router?.messages === 4, 'second connection');
    expect(router?.connected).toBe(true);
    expect(router?.routeCount).toBe(0);
    second.destroy();
    await until(() => router?.connected === false, 'disconnect');
  });

  it('a bad stream closes that router with an error naming the offset; a throwing listener is caught; close() ends everything', async () => {
    const { station, port } = await start();
    const errors: string[] = [];
    let router: BmpRouter | undefined;
    station.on('router', (r: BmpRouter) => {
      router = r;
      r.on('error', (e: Error) => errors.push(e.message));
      r.on('initiation', () => {
        throw new Error('listener bug');
      });
    });
    const s = await send(port, cat([INIT, Uint8Array.of(4, 0, 0, 0, 6, 4)]));
    await new Promise((resolve) => s.once('close', resolve));
    expect(errors).toEqual(['listener bug', 'BMP stream: version 4 is not 3 (at byte 20)']);
    expect(router?.connected).toBe(false);
    // Another router still connects; close() then destroys its socket.
    const s2 = await send(port, INIT);
    await until(() => router?.connected === true, 'second connection');
    const closed = new Promise((resolve) => s2.once('close', resolve));
    await station.close();
    await closed;
    stations.length = 0;
  });
});
