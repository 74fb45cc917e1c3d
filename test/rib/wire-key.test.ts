import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathAttribute, UpdateMessage } from '../../src/attributes/types.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { Rib } from '../../src/rib/index.ts';
import type { RibPeer } from '../../src/rib/index.ts';
import { updateWireKey } from '../../src/rib/wire-key.ts';
import { runs } from '../helpers/shared.ts';

const local = { asn: 65000, bgpId: '10.255.0.1' };
const ext = (n: number): RibPeer => ({ asn: 65000 + n, bgpId: `10.0.0.${n}`, address: `192.0.2.${n}`, type: 'external', inbound: sessionContext({ asn4: true }) });
const ctx = sessionContext({ asn4: true });

function attrs(path: number[], med: number): PathAttribute[] {
  return [{ type: 'ORIGIN', origin: 'IGP' }, { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: path }] }, { type: 'NEXT_HOP', nextHop: '192.0.2.9' }, { type: 'MULTI_EXIT_DISC', med }];
}
function v6(prefixes: string[], path: number[], med: number): UpdateMessage {
  const a = attrs(path, med).filter((x) => x.type !== 'NEXT_HOP');
  return { type: 'UPDATE', withdrawn: [], nlri: [], attributes: [{ type: 'MP_REACH_NLRI', afi: 2, safi: 1, nextHop: ['2001:db8::1'], nlri: prefixes.map((prefix) => ({ prefix })) }, ...a] };
}
const view = (rib: Rib): string[] => [...rib.locRib()].map((x) => `${x.family} ${x.prefix} ${x.peer.address} ${JSON.stringify(x.attributes)}`).sort();

describe('attribute sets found by their bytes', () => {
  it('keys an UPDATE by its attributes without MP_UNREACH_NLRI and without MP_REACH_NLRI length and NLRI', () => {
    const key = new Uint8Array(4096);
    const k1 = updateWireKey(encodeMessage(v6(['2001:db8::/32'], [65001], 1), ctx), key);
    const first = key.slice(0, k1);
    const k2 = updateWireKey(encodeMessage(v6(['2001:db8:1::/48', '2001:db8:2::/48'], [65001], 1), ctx), key);
    expect(k2).toBe(k1);
    expect(key.slice(0, k2)).toEqual(first);
    expect(updateWireKey(encodeMessage(v6(['2001:db8::/32'], [65001], 2), ctx), key)).toBe(k1);
    expect(key.slice(0, k1)).not.toEqual(first);
    // Not an UPDATE, truncated, or a key that does not fit: no key.
    expect(updateWireKey(encodeMessage({ type: 'KEEPALIVE' }, ctx), key)).toBe(-1);
    const b = encodeMessage(v6(['2001:db8::/32'], [65001], 1), ctx);
    expect(updateWireKey(b.subarray(0, b.length - 3), key)).toBe(-1);
    expect(updateWireKey(b, new Uint8Array(8))).toBe(-1);
  });

  it('gives the same Loc-RIB and sets with bytes as without, for any sequence of UPDATEs', () => {
    const prefixes = ['10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24', '2001:db8::/32', '2001:db8:1::/48'];
    const op = fc.record({
      peer: fc.nat({ max: 2 }),
      prefixes: fc.subarray(prefixes, { minLength: 1 }),
      withdraw: fc.boolean(),
      down: fc.boolean(),
      path: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      med: fc.nat({ max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const a = new Rib({ local });
        const b = new Rib({ local });
        for (let i = 0; i < 3; i++) {
          a.addPeer(ext(i + 1));
          b.addPeer(ext(i + 1));
        }
        for (const o of ops) {
          if (o.down && o.withdraw) {
            expect(b.peerDown(o.peer)).toEqual(a.peerDown(o.peer));
            continue;
          }
          const v4 = o.prefixes.filter((p) => !p.includes(':')).map((prefix) => ({ prefix }));
          const six = o.prefixes.filter((p) => p.includes(':'));
          const msgs: UpdateMessage[] = o.withdraw
            ? [{ type: 'UPDATE', withdrawn: v4, attributes: six.length > 0 ? [{ type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: six.map((prefix) => ({ prefix })) }] : [], nlri: [] }]
            : [...(v4.length > 0 ? [{ type: 'UPDATE' as const, withdrawn: [], attributes: attrs([65001 + o.peer, ...o.path], o.med), nlri: v4 }] : []), ...(six.length > 0 ? [v6(six, [65001 + o.peer, ...o.path], o.med)] : [])];
          for (const m of msgs) {
            const bytes = encodeMessage(m, ctx);
            const d = decodeMessage(bytes, ctx) as UpdateMessage;
            expect(b.applyUpdate(o.peer, d, bytes)).toEqual(a.applyUpdate(o.peer, d));
          }
          expect(b.attributeSets).toBe(a.attributeSets);
        }
        expect(view(b)).toEqual(view(a));
      }),
      { numRuns: runs(200, 5000) },
    );
  });

  it('looks bytes up per session: after a session reset the same bytes are decoded anew', () => {
    const rib = new Rib({ local });
    const p = rib.addPeer(ext(1));
    const m = (path: number[]): UpdateMessage => ({ type: 'UPDATE', withdrawn: [], attributes: attrs(path, 0), nlri: [{ prefix: '10.0.0.0/8' }] });
    const bytes = encodeMessage(m([65001]), ctx);
    rib.applyUpdate(p, m([65001]), bytes);
    // Within the session, the bytes find the held set.
    expect(rib.applyUpdate(p, m([65001]), bytes)).toEqual([]);
    rib.peerDown(p, { gracefulRestart: true });
    // The next session may read the same bytes otherwise (another context): what it decoded counts.
    rib.applyUpdate(p, m([65001, 7]), bytes);
    expect(rib.attributeSets).toBe(1);
    expect(rib.best('ipv4-unicast', '10.0.0.0/8')?.attributes).toEqual(m([65001, 7]).attributes);
  });
});
