import { describe, expect, it } from 'vitest';
import { packUpdates } from '../../src/attributes/pack.ts';
import type { PathAttribute, UpdateMessage } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { Nlri } from '../../src/nlri/types.ts';
import { AdjRibOut, Rib } from '../../src/rib/index.ts';
import type { RibPeer } from '../../src/rib/index.ts';
import { ribFamily, familyAfiSafi, RIB_FAMILIES } from '../../src/rib/index.ts';

// Issue 21: the RIBs follow every family with an NLRI codec. RFC 4364 section 4.1: the RD makes
// equal prefixes of different VPNs distinct routes; RFC 8277 section 2.4/2.5: the labels are not
// part of the route's identity (a withdrawal's field "says nothing"), and a new label for the
// same prefix replaces the old binding (implicit withdraw).

const local = { asn: 65000, bgpId: '10.255.0.1', clusterId: '10.255.0.1' };
const ext = (n: number): RibPeer => ({ asn: 65000 + n, bgpId: `10.0.0.${n}`, address: `192.0.2.${n}`, type: 'external', localAddress: '192.0.2.254' });
const int = (n: number): RibPeer => ({ asn: 65000, bgpId: `10.1.0.${n}`, address: `198.51.100.${n}`, type: 'internal' });

function mp(afi: number, safi: number, nlri: Nlri[], extra: PathAttribute[] = []): UpdateMessage {
  return {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'MP_REACH_NLRI', afi, safi, nextHop: ['192.0.2.9'], nlri },
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [65001] }] },
      ...extra,
    ],
    nlri: [],
  };
}
const unreach = (afi: number, safi: number, withdrawn: Nlri[]): UpdateMessage => ({ type: 'UPDATE', withdrawn: [], attributes: [{ type: 'MP_UNREACH_NLRI', afi, safi, withdrawn }], nlri: [] });

describe('RIB families and keys (issue 21)', () => {
  it('every family with a codec is a RIB family', () => {
    expect(RIB_FAMILIES).toContain('l3vpn-ipv4-unicast');
    expect(ribFamily(1, 128)).toBe('l3vpn-ipv4-unicast');
    expect(ribFamily(2, 4)).toBe('ipv6-labeled-unicast');
    expect(ribFamily(1, 132)).toBe('rtc');
    expect(ribFamily(25, 70)).toBeUndefined();
    expect(familyAfiSafi('l3vpn-ipv6-unicast')).toEqual({ afi: 2, safi: 128 });
  });

  it('VPN: the RD is part of the key, labels never are; implicit withdraw per key with the new label', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(int(1));
    const c1 = rib.applyUpdate(a, mp(1, 128, [{ rd: '65000:1', prefix: '10.0.0.0/8', labels: [16] }, { rd: '65000:2', prefix: '10.0.0.0/8', labels: [17] }]));
    expect(c1.map((c) => [c.kind, c.prefix, c.best?.nlri])).toEqual([
      ['new', '65000:1 10.0.0.0/8', { rd: '65000:1', prefix: '10.0.0.0/8', labels: [16] }],
      ['new', '65000:2 10.0.0.0/8', { rd: '65000:2', prefix: '10.0.0.0/8', labels: [17] }],
    ]);
    expect(rib.size).toBe(2);
    // The same RD and prefix with another label: replaced, reported (RFC 8277 section 2.5).
    const c2 = rib.applyUpdate(a, mp(1, 128, [{ rd: '65000:1', prefix: '10.0.0.0/8', labels: [99] }]));
    expect(c2.map((c) => [c.kind, c.prefix, c.best?.nlri, c.previous?.nlri])).toEqual([
      ['changed', '65000:1 10.0.0.0/8', { rd: '65000:1', prefix: '10.0.0.0/8', labels: [99] }, { rd: '65000:1', prefix: '10.0.0.0/8', labels: [16] }],
    ]);
    expect(rib.size).toBe(2);
    // The same label again: nothing changes.
    expect(rib.applyUpdate(a, mp(1, 128, [{ rd: '65000:1', prefix: '10.0.0.0/8', labels: [99] }]))).toEqual([]);
    // A withdrawal names RD and prefix; its Compatibility field is ignored.
    const c3 = rib.applyUpdate(a, unreach(1, 128, [{ rd: '65000:1', prefix: '10.0.0.0/8', labels: [], compatibility: 0 }]));
    expect(c3.map((c) => [c.kind, c.prefix, c.previous?.nlri])).toEqual([['removed', '65000:1 10.0.0.0/8', { rd: '65000:1', prefix: '10.0.0.0/8', labels: [99] }]]);
    expect([...rib.locRib('l3vpn-ipv4-unicast')].map((r) => r.prefix)).toEqual(['65000:2 10.0.0.0/8']);
    expect(rib.best('l3vpn-ipv4-unicast', '65000:2 10.0.0.0/8')?.nlri).toEqual({ rd: '65000:2', prefix: '10.0.0.0/8', labels: [17] });
    rib.peerDown(a);
    expect(rib.size).toBe(0);
  });

  it('the decision process chooses among peers per key (labeled unicast, RT-Constraint)', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(int(1));
    const b = rib.addPeer(int(2));
    rib.applyUpdate(a, mp(1, 4, [{ prefix: '10.0.0.0/8', labels: [16] }], [{ type: 'LOCAL_PREF', localPref: 100 }]));
    const c = rib.applyUpdate(b, mp(1, 4, [{ prefix: '10.0.0.0/8', labels: [32] }], [{ type: 'LOCAL_PREF', localPref: 200 }]));
    expect(c.map((x) => [x.kind, x.best?.peer.address, x.best?.nlri])).toEqual([['changed', '198.51.100.2', { prefix: '10.0.0.0/8', labels: [32] }]]);
    expect(rib.routes('ipv4-labeled-unicast', '10.0.0.0/8').map((r) => r.nlri)).toEqual([{ prefix: '10.0.0.0/8', labels: [16] }, { prefix: '10.0.0.0/8', labels: [32] }]);
    const r = rib.applyUpdate(a, mp(1, 132, [{ length: 96, originAs: 65000, routeTarget: '65000:100' }, { length: 0 }]));
    expect(r.map((x) => x.prefix)).toEqual(['65000:65000:100', 'default']);
    expect(rib.applyUpdate(a, unreach(1, 132, [{ length: 0 }])).map((x) => [x.kind, x.prefix])).toEqual([['removed', 'default']]);
  });

  it('End-of-RIB of a VPN family ends the stale routes of that family only (RFC 4724)', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(int(1));
    rib.applyUpdate(a, mp(1, 128, [{ rd: '65000:1', prefix: '10.0.0.0/8', labels: [16] }]));
    rib.applyUpdate(a, mp(1, 4, [{ prefix: '10.0.0.0/8', labels: [16] }]));
    rib.peerDown(a, { gracefulRestart: true });
    expect(rib.applyUpdate(a, unreach(1, 128, [])).map((x) => [x.kind, x.prefix])).toEqual([['removed', '65000:1 10.0.0.0/8']]);
    expect(rib.size).toBe(1);
  });
});

describe('packUpdates and the Adj-RIB-Out for these families', () => {
  const ctx = sessionContext({ as4: true, peerType: 'internal' });
  it('never mixes families, keeps label stacks, writes the Compatibility field in withdrawals', () => {
    const ml = sessionContext({ as4: true, multipleLabels: [{ afi: 1, safi: 4, count: 4 }] });
    const nlri: Nlri[] = Array.from({ length: 600 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24`, labels: [16 + i, 3] }));
    const attributes: PathAttribute[] = [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [] }];
    const ups = packUpdates({ afi: 1, safi: 4, attributes, nextHop: ['192.0.2.1'], announce: nlri, withdraw: nlri.slice(0, 10) }, ml);
    const back: Nlri[] = [];
    let withdrawn = 0;
    for (const u of ups) {
      const bytes = encodeMessage(u, ml);
      expect(bytes.length).toBeLessThanOrEqual(4096);
      const d = decodeMessage(bytes, ml);
      if (d.type !== 'UPDATE') throw new Error('not an UPDATE');
      const fams = d.attributes.filter((a) => a.type === 'MP_REACH_NLRI' || a.type === 'MP_UNREACH_NLRI').map((a) => (a.type === 'MP_REACH_NLRI' || a.type === 'MP_UNREACH_NLRI' ? `${a.afi}/${a.safi}` : ''));
      expect(fams).toEqual(['1/4']);
      for (const a of d.attributes) {
        if (a.type === 'MP_REACH_NLRI') back.push(...(a.nlri ?? []));
        if (a.type === 'MP_UNREACH_NLRI') {
          withdrawn += a.withdrawn?.length ?? 0;
          expect(a.withdrawn?.every((w) => 'labels' in w && w.labels.length === 0)).toBe(true);
        }
      }
    }
    expect(back).toEqual(nlri);
    expect(withdrawn).toBe(10);
    expect(ups.length).toBeGreaterThan(2);
  });

  it('the Adj-RIB-Out advertises VPN routes with RD, label and next-hop-self, and withdraws them by RD and prefix', () => {
    const rib = new Rib({ local });
    const a = rib.addPeer(int(1));
    const out = new AdjRibOut({ ...ext(2), outbound: ctx }, local);
    const ups = out.update(rib.applyUpdate(a, mp(1, 128, [{ rd: '192.0.2.1:5', prefix: '10.1.0.0/16', labels: [3000] }])));
    expect(ups).toHaveLength(1);
    const d = decodeMessage(encodeMessage(ups[0] as UpdateMessage, ctx), ctx);
    expect(d.type === 'UPDATE' && d.attributes.find((x) => x.type === 'MP_REACH_NLRI')).toEqual({ type: 'MP_REACH_NLRI', afi: 1, safi: 128, nextHop: ['192.0.2.254'], nlri: [{ rd: '192.0.2.1:5', prefix: '10.1.0.0/16', labels: [3000] }] });
    // A label change alone is advertised again (RFC 8277 section 2.5).
    const ups2 = out.update(rib.applyUpdate(a, mp(1, 128, [{ rd: '192.0.2.1:5', prefix: '10.1.0.0/16', labels: [3001] }])));
    expect(JSON.stringify(ups2)).toContain('3001');
    const w = out.update(rib.applyUpdate(a, unreach(1, 128, [{ rd: '192.0.2.1:5', prefix: '10.1.0.0/16', labels: [] }])));
    const dw = decodeMessage(encodeMessage(w[0] as UpdateMessage, ctx), ctx);
    expect(dw.type === 'UPDATE' && dw.attributes).toEqual([{ type: 'MP_UNREACH_NLRI', afi: 1, safi: 128, withdrawn: [{ rd: '192.0.2.1:5', prefix: '10.1.0.0/16', labels: [] }] }]);
    expect(out.size).toBe(0);
  });
});
