import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathAttribute, UpdateMessage } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { AdjRibOut, exportAttributes, Rib } from '../../src/rib/index.ts';
import type { RibPeer } from '../../src/rib/index.ts';
import { runs } from '../helpers/shared.ts';

const local = { asn: 65000, bgpId: '10.255.0.1', clusterId: '10.255.0.1' };
const ext = (n: number, asn = 65000 + n): RibPeer => ({ asn, bgpId: `10.0.0.${n}`, address: `192.0.2.${n}`, type: 'external', localAddress: '192.0.2.254' });
const int = (n: number, client = false): RibPeer => ({ asn: 65000, bgpId: `10.1.0.${n}`, address: `198.51.100.${n}`, type: 'internal', routeReflectorClient: client });

function attrs(path: number[], extra: PathAttribute[] = []): PathAttribute[] {
  return [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: path }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.9' }, ...extra];
}
const announce = (prefixes: string[], a: PathAttribute[]): UpdateMessage => ({ type: 'UPDATE', withdrawn: [], attributes: a, nlri: prefixes.map((prefix) => ({ prefix })) });
const withdraw = (prefixes: string[]): UpdateMessage => ({ type: 'UPDATE', withdrawn: prefixes.map((prefix) => ({ prefix })), attributes: [], nlri: [] });

describe('Adj-RIB-In and Loc-RIB (RFC 4271 3.2, 9)', () => {
  it('announces, replaces (implicit withdraw), withdraws and reports Loc-RIB changes', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(ext(1));
    const b = rib.addPeer(ext(2));
    expect(rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001, 1, 2])))).toMatchObject([{ kind: 'new', prefix: '10.0.0.0/8' }]);
    // Shorter AS path from b wins (9.1.2.2 a).
    expect(rib.applyUpdate(b, announce(['10.0.0.0/8'], attrs([65002, 2])))).toMatchObject([{ kind: 'changed', best: { peer: { address: '192.0.2.2' } } }]);
    // Implicit withdraw: b re-announces with a longer path; a wins again.
    expect(rib.applyUpdate(b, announce(['10.0.0.0/8'], attrs([65002, 2, 3, 4])))).toMatchObject([{ kind: 'changed', best: { peer: { address: '192.0.2.1' } } }]);
    expect(rib.size).toBe(2);
    expect(rib.applyUpdate(a, withdraw(['10.0.0.0/8']))).toMatchObject([{ kind: 'changed', best: { peer: { address: '192.0.2.2' } } }]);
    expect(rib.applyUpdate(b, withdraw(['10.0.0.0/8']))).toMatchObject([{ kind: 'removed', previous: { peer: { address: '192.0.2.2' } } }]);
    expect(rib.size).toBe(0);
    expect(rib.attributeSets).toBe(0);
  });

  it('reports a changed best when the best route itself is replaced with new attributes', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(ext(1));
    rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001, 1])));
    const c = rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001, 2])));
    expect(c).toMatchObject([{ kind: 'changed', best: { peer: { address: '192.0.2.1' } }, previous: { peer: { address: '192.0.2.1' } } }]);
    expect(JSON.stringify(c[0]?.best?.attributes)).toContain('[65001,2]');
    expect(JSON.stringify(c[0]?.previous?.attributes)).toContain('[65001,1]');
    // The same attributes again: no change, and still one set.
    expect(rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001, 2])))).toEqual([]);
    expect(rib.attributeSets).toBe(1);
  });

  it('shares one attribute set between the routes of many UPDATEs', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(ext(1));
    for (let i = 0; i < 100; i++) rib.applyUpdate(a, announce([`10.${i}.0.0/16`, `10.${i}.1.0/24`], attrs([65001])));
    expect(rib.size).toBe(200);
    expect(rib.attributeSets).toBe(1);
  });

  it('keeps ADD-PATH path ids apart and takes MP_REACH/MP_UNREACH (RFC 7911, RFC 4760)', () => {
    const rib = new Rib({ local });
    const p = rib.addPeer(int(1));
    const mp = (pathId: number, lp: number): UpdateMessage => ({
      type: 'UPDATE',
      withdrawn: [],
      nlri: [],
      attributes: [
        { type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::1'], nlri: [{ prefix: '2001:db8::/32', pathId }] },
        ...attrs([65001]).filter((x) => x.type !== 'NEXT_HOP'),
        { type: 'LOCAL_PREF', localPref: lp },
      ],
    });
    rib.applyUpdate(p, mp(1, 100));
    rib.applyUpdate(p, mp(2, 200));
    expect(rib.routes('ipv6-unicast', '2001:db8::/32').map((r) => r.pathId)).toEqual([1, 2]);
    expect(rib.best('ipv6-unicast', '2001:db8::/32')?.pathId).toBe(2);
    rib.applyUpdate(p, { type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: [{ prefix: '2001:db8::/32', pathId: 2 }] }] });
    expect(rib.best('ipv6-unicast', '2001:db8::/32')?.pathId).toBe(1);
  });

  it('applies RFC 7606 issues: treat-as-withdraw withdraws, attribute-discard drops the attribute', () => {
    const ctx = sessionContext({ asn4: true, peerType: 'external' });
    const rib = new Rib({ local });
    const a = rib.addPeer(ext(1));
    rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001])));
    // The same prefix again with a malformed ORIGIN (value 7): treat-as-withdraw (RFC 7606 7.1).
    const bad = encodeMessage(announce(['10.0.0.0/8'], [{ type: 'raw', code: 1, flags: 0x40, value: Uint8Array.of(7) }, ...attrs([65001]).slice(1)]), ctx);
    const d = decodeMessage(bad, ctx) as UpdateMessage;
    expect(d.action).toBe('treat-as-withdraw');
    expect(rib.applyUpdate(a, d)).toMatchObject([{ kind: 'removed' }]);
    // LOCAL_PREF from an external peer: attribute-discard (RFC 7606 7.5).
    const lp = decodeMessage(encodeMessage(announce(['10.0.0.0/8'], attrs([65001], [{ type: 'LOCAL_PREF', localPref: 500 }])), ctx), ctx) as UpdateMessage;
    expect(lp.action).toBe('attribute-discard');
    rib.applyUpdate(a, lp);
    expect(rib.best('ipv4-unicast', '10.0.0.0/8')?.attributes.some((x) => x.type === 'LOCAL_PREF')).toBe(false);
  });

  it('flushes a peer on session down, or keeps its routes stale under graceful restart (RFC 4724)', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(ext(1));
    rib.applyUpdate(a, announce(['10.0.0.0/8', '11.0.0.0/8'], attrs([65001])));
    expect(rib.peerDown(a, { gracefulRestart: true })).toEqual([]);
    expect(rib.best('ipv4-unicast', '10.0.0.0/8')?.stale).toBe(true);
    // After the restart the peer re-announces one prefix; End-of-RIB removes the other, still stale.
    rib.applyUpdate(a, announce(['10.0.0.0/8'], attrs([65001])));
    expect(rib.best('ipv4-unicast', '10.0.0.0/8')?.stale).toBe(false);
    expect(rib.applyUpdate(a, { type: 'UPDATE', withdrawn: [], attributes: [], nlri: [] })).toMatchObject([{ kind: 'removed', prefix: '11.0.0.0/8' }]);
    expect(rib.peerDown(a)).toMatchObject([{ kind: 'removed', prefix: '10.0.0.0/8' }]);
    expect(rib.size).toBe(0);
  });

  it('Loc-RIB after any sequence of announcements and withdrawals equals a recomputation from scratch', () => {
    const prefixes = ['10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24', '2001:db8::/32'];
    const op = fc.record({
      peer: fc.nat({ max: 2 }),
      prefix: fc.constantFrom(...prefixes),
      withdraw: fc.boolean(),
      path: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
      med: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const peers = [ext(1), ext(2, 65001), int(3)];
        const rib = new Rib({ local });
        const ids = peers.map((p) => rib.addPeer(p));
        const msg = (o: (typeof ops)[number]): UpdateMessage => {
          const v6 = o.prefix.includes(':');
          const a = attrs([65000 + o.peer, ...o.path], [{ type: 'MULTI_EXIT_DISC', med: o.med }]);
          if (o.withdraw) {
            return v6
              ? { type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: [{ prefix: o.prefix }] }] }
              : withdraw([o.prefix]);
          }
          return v6
            ? { type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::9'], nlri: [{ prefix: o.prefix }] }, ...a.filter((x) => x.type !== 'NEXT_HOP')] }
            : announce([o.prefix], a);
        };
        const last = new Map<string, (typeof ops)[number]>();
        for (const o of ops) {
          rib.applyUpdate(ids[o.peer] as number, msg(o));
          last.set(`${o.peer} ${o.prefix}`, o);
        }
        // From scratch: only the final state of each (peer, prefix), applied in another order.
        const fresh = new Rib({ local });
        const fids = peers.map((p) => fresh.addPeer(p));
        for (const o of [...last.values()].reverse()) if (!o.withdraw) fresh.applyUpdate(fids[o.peer] as number, msg(o));
        const view = (r: Rib) => [...r.locRib()].map((x) => `${x.family} ${x.prefix} ${x.peer.address} ${JSON.stringify(x.attributes)}`).sort();
        expect(view(rib)).toEqual(view(fresh));
      }),
      { numRuns: runs(200, 5000) },
    );
  });
});

describe('Adj-RIB-Out (RFC 4271 9.2, RFC 4456, RFC 1997)', () => {
  const route = (from: RibPeer, extra: PathAttribute[] = []) => ({ family: 'ipv4-unicast' as const, prefix: '10.0.0.0/8', pathId: 0, peer: from, attributes: attrs([65001], extra), stale: false });

  it('does not send internal routes to internal peers without route reflection', () => {
    expect(exportAttributes(route(int(1)), int(2), { asn: 65000, bgpId: '10.255.0.1' })).toBeUndefined();
  });

  it('reflects client routes with ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 8)', () => {
    const out = exportAttributes(route(int(1, true)), int(2), local);
    expect(out).toContainEqual({ type: 'ORIGINATOR_ID', originatorId: '10.1.0.1' });
    expect(out).toContainEqual({ type: 'CLUSTER_LIST', clusterIds: ['10.255.0.1'] });
    // From a non-client to a non-client: not reflected (RFC 4456 6).
    expect(exportAttributes(route(int(1)), int(2), local)).toBeUndefined();
  });

  it('honours NO_ADVERTISE, NO_EXPORT, NO_EXPORT_SUBCONFED (RFC 1997)', () => {
    const c = (x: string) => [{ type: 'COMMUNITIES' as const, communities: [x] }];
    expect(exportAttributes(route(ext(1), c('65535:65282')), int(2), local)).toBeUndefined();
    expect(exportAttributes(route(int(1), c('65535:65281')), ext(2), local)).toBeUndefined();
    expect(exportAttributes(route(int(1), c('65535:65281')), { ...ext(2), type: 'confed-external' }, local)).toBeDefined();
    expect(exportAttributes(route(int(1), c('65535:65283')), { ...ext(2), type: 'confed-external' }, local)).toBeUndefined();
  });

  it('prepends the local AS, sets NEXT_HOP and drops LOCAL_PREF and MED towards external peers', () => {
    const out = exportAttributes(route(ext(1), [{ type: 'LOCAL_PREF', localPref: 300 }, { type: 'MULTI_EXIT_DISC', med: 5 }]), ext(2), local) as PathAttribute[];
    expect(out).toContainEqual({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65000, 65001] }] });
    expect(out).toContainEqual({ type: 'NEXT_HOP', nextHop: '192.0.2.254' });
    expect(out.some((a) => a.type === 'LOCAL_PREF' || a.type === 'MULTI_EXIT_DISC')).toBe(false);
  });

  it('turns Loc-RIB changes into UPDATEs, with AS4_PATH for a 2-octet peer', () => {
    const rib = new Rib({ local: { asn: 4200000000, bgpId: '10.255.0.1' } });
    const a = rib.addPeer(ext(1));
    const old: RibPeer = { ...ext(2), outbound: sessionContext({ asn4: false }) };
    const out = new AdjRibOut(old, { asn: 4200000000, bgpId: '10.255.0.1' });
    const ups = out.update(rib.applyUpdate(a, announce(['10.0.0.0/8', '11.0.0.0/8'], attrs([65001]))));
    expect(ups.length).toBe(1);
    const bytes = encodeMessage(ups[0] as UpdateMessage, old.outbound);
    const d = decodeMessage(bytes, old.outbound) as UpdateMessage;
    expect(d.nlri.map((p) => p.prefix)).toEqual(['10.0.0.0/8', '11.0.0.0/8']);
    expect(d.attributes).toContainEqual({ type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [23456, 65001] }] });
    expect(d.attributes).toContainEqual({ type: 'AS4_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [4200000000, 65001] }] });
    expect(out.update(rib.applyUpdate(a, withdraw(['10.0.0.0/8'])))).toEqual([{ type: 'UPDATE', withdrawn: [{ prefix: '10.0.0.0/8' }], attributes: [], nlri: [] }]);
    expect(out.size).toBe(1);
  });
});
