import { afterEach, describe, expect, it } from 'vitest';
import { findAttribute } from '../../src/attributes/helpers.ts';
import type { RouteHook } from '../../src/node/index.ts';
import { closeAll, FAST, listening, pair, until } from './helpers.ts';

afterEach(closeAll);

/** A — B — C in a line (AS 65001, 65002, 65003): B learns from A and may pass on to C. */
async function line(exportToC?: RouteHook) {
  const { speaker: A, port: portA } = await listening({ localAs: 65001, bgpId: '10.255.1.1' }, '127.0.1.1');
  const { speaker: B, port: portB } = await listening({ localAs: 65002, bgpId: '10.255.1.2' }, '127.0.1.2');
  const { speaker: C } = await listening({ localAs: 65003, bgpId: '10.255.1.3' }, '127.0.1.3');
  const a = A.addPeer({ address: '127.0.1.2', port: portB, localAddress: '127.0.1.1', peerAs: 65002, nextHop: '192.0.2.1', ...FAST });
  const ba = B.addPeer({ address: '127.0.1.1', port: portA, localAddress: '127.0.1.2', peerAs: 65001, passive: true, nextHop: '192.0.2.2', ...FAST });
  const bc = B.addPeer({ address: '127.0.1.3', peerAs: 65003, passive: true, nextHop: '192.0.2.2', ...FAST, ...(exportToC === undefined ? {} : { export: exportToC }) });
  const c = C.addPeer({ address: '127.0.1.2', port: portB, localAddress: '127.0.1.3', peerAs: 65002, nextHop: '192.0.2.3', ...FAST });
  await Promise.all([a.established(), ba.established(), bc.established(), c.established()]);
  return { A, B, C, a, ba, bc, c };
}

describe('import and export hooks', () => {
  it('without an export hook nothing learned is passed on (RFC 8212)', async () => {
    const { a, ba, c } = await line();
    a.announce({ prefixes: ['10.30.0.0/24'] });
    await until('B to learn it', 5000, () => [...ba.adjRibIn()].length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect([...c.adjRibIn()].length).toBe(0);
  });

  it('an export hook passes learned routes on (our AS prepended, NEXT_HOP self), changed or dropped', async () => {
    const seen: string[] = [];
    const { a, ba, c } = await line((r) => {
      seen.push(`${r.prefix} ${r.learned === undefined ? 'local' : 'learned'}`);
      if (r.prefix === '10.31.0.0/24') return false;
      if (r.prefix === '10.32.0.0/24') return [...r.attributes, { type: 'COMMUNITIES', communities: ['65002:99'] }];
      return true;
    });
    a.announce({ prefixes: ['10.30.0.0/24', '10.31.0.0/24', '10.32.0.0/24'], med: 5 });
    await until('B to learn 3', 5000, () => [...ba.adjRibIn()].length === 3);
    await until('C to learn 2', 5000, () => [...c.adjRibIn()].length === 2);
    const got = new Map([...c.adjRibIn()].map((r) => [r.prefix, r.attributes]));
    expect([...got.keys()].sort()).toEqual(['10.30.0.0/24', '10.32.0.0/24']);
    const x = got.get('10.30.0.0/24') ?? [];
    expect(findAttribute(x, 'AS_PATH')?.segments).toEqual([{ type: 'AS_SEQUENCE', asns: [65002, 65001] }]);
    expect(findAttribute(x, 'NEXT_HOP')?.nextHop).toBe('192.0.2.2');
    // RFC 4271 5.1.4: a MED received from a neighbouring AS is not propagated to other ASes.
    expect(findAttribute(x, 'MULTI_EXIT_DISC')).toBeUndefined();
    expect(findAttribute(got.get('10.32.0.0/24') ?? [], 'COMMUNITIES')?.communities).toEqual(['65002:99']);
    expect(seen).toContain('10.30.0.0/24 learned');
    // A withdraws: B withdraws from C too.
    a.withdraw(['10.30.0.0/24']);
    await until('C to drop it', 5000, () => ![...c.adjRibIn()].some((r) => r.prefix === '10.30.0.0/24'));
  });

  it('an import hook changes or drops learned routes (a dropped one is withdrawn)', async () => {
    const { pa, pb } = await pair({}, {
      import: (r) => {
        if (r.prefix.startsWith('10.41.')) return false;
        return [...r.attributes.filter((x) => x.type !== 'MULTI_EXIT_DISC'), { type: 'MULTI_EXIT_DISC', med: 777 }];
      },
    });
    await Promise.all([pa.established(), pb.established()]);
    pa.announce({ prefixes: ['10.40.0.0/24', '10.41.0.0/24'], med: 1 });
    await until('B to store 1 v4 route', 5000, () => [...pb.adjRibIn('ipv4-unicast')].length === 1);
    const r = [...pb.adjRibIn('ipv4-unicast')][0];
    expect(r?.prefix).toBe('10.40.0.0/24');
    expect(findAttribute(r?.attributes ?? [], 'MULTI_EXIT_DISC')?.med).toBe(777);
  });
});

describe('BGP Role (RFC 9234) and Hard Reset (RFC 8538)', () => {
  it('a provider adds OTC with its AS towards a customer', async () => {
    const { pa, pb } = await pair({ role: 'provider' }, { role: 'customer', strictRole: true });
    await Promise.all([pa.established(), pb.established()]);
    pa.announce({ prefixes: ['10.50.0.0/24'] });
    await until('B to learn it', 5000, () => [...pb.adjRibIn()].length === 1);
    expect(findAttribute([...pb.adjRibIn()][0]?.attributes ?? [], 'OTC')?.asn).toBe(65001);
  });

  it('a customer route with OTC is a leak: not stored (RFC 9234 section 5)', async () => {
    const { pa, pb } = await pair({ role: 'customer' }, { role: 'provider' });
    await Promise.all([pa.established(), pb.established()]);
    pa.announce({ prefixes: ['10.51.0.0/24'], attributes: [{ type: 'OTC', asn: 64999 }] });
    pa.announce({ prefixes: ['10.52.0.0/24'] });
    await until('B to learn the clean one', 5000, () => [...pb.adjRibIn()].length === 1);
    expect([...pb.adjRibIn()][0]?.prefix).toBe('10.52.0.0/24');
  });

  it('with the N bit exchanged, stop() sends a Hard Reset wrapping the Cease', async () => {
    const gr = { gracefulRestart: { restartTime: 30 } } as const;
    const { pa, pb } = await pair(gr, gr);
    await Promise.all([pa.established(), pb.established()]);
    expect(pa.session?.send.hardReset).toBe(true);
    const got = new Promise<{ code: number; subcode: number; data: Uint8Array }>((resolve) => pb.on('notification', (m, d) => d === 'received' && resolve(m)));
    await pa.stop('bye');
    const n = await got;
    expect([n.code, n.subcode]).toEqual([6, 9]);
    expect([...n.data.subarray(0, 2)]).toEqual([6, 2]);
  });
});

describe('extended next hop (RFC 8950)', () => {
  it('IPv4 routes with an IPv6 next hop go in MP_REACH_NLRI once both announced it, and are refused otherwise', async () => {
    const { pa, pb } = await pair({ extendedNextHop: true }, { extendedNextHop: true });
    await Promise.all([pa.established(), pb.established()]);
    expect(pa.session?.send.extendedNextHop).toEqual([{ afi: 1, safi: 1, nextHopAfi: 2 }]);
    pa.announce({ prefixes: ['10.80.0.0/24'], nextHop: ['2001:db8::80'] });
    await until('B to learn it', 5000, () => [...pb.adjRibIn()].length === 1);
    const r = [...pb.adjRibIn()][0];
    expect(r?.family).toBe('ipv4-unicast');
    expect(findAttribute(r?.attributes ?? [], 'MP_REACH_NLRI')).toMatchObject({ afi: 1, safi: 1, nextHop: ['2001:db8::80'] });
    expect(findAttribute(r?.attributes ?? [], 'NEXT_HOP')).toBeUndefined();
  });

  it('without the capability on both sides the route is not sent, and the error says why', async () => {
    const { pa, pb } = await pair({ extendedNextHop: true });
    await Promise.all([pa.established(), pb.established()]);
    const errors: string[] = [];
    pa.on('error', (e) => errors.push(e.message));
    pa.announce({ prefixes: ['10.81.0.0/24'], nextHop: ['2001:db8::81'] });
    pa.announce({ prefixes: ['10.82.0.0/24'] });
    await until('B to learn the other one', 5000, () => [...pb.adjRibIn()].length === 1);
    expect([...pb.adjRibIn()][0]?.prefix).toBe('10.82.0.0/24');
    expect(errors.join()).toContain('negotiate extended next hop, RFC 8950');
  });
});
