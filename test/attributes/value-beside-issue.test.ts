import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { decodeRibAttributes, readMrt } from '../../src/capture/mrt.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { Rib } from '../../src/rib/index.ts';
import { viewUpdate } from '../../src/view/update-view.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { repoRoot } from '../helpers/shared.ts';

// Issue 14: RFC 7606 says what a speaker does with a route whose attribute is wrong; a decoder
// that shows captures and dumps still shows the value. An attribute that fails a flag check
// (BIRD's MRT dumps write NEXT_HOP and LOCAL_PREF with flags 0x00) or a semantic check
// (OpenBGPD's own networks carry NEXT_HOP 0.0.0.0) keeps its typed value beside the issue;
// the issue's action is unchanged and the RIB still acts on it. Before the fix these were
// { type: 'raw' } and the view read them as absent.

const ctx = sessionContext({ asn4: true, peerType: 'internal' });

/** An UPDATE: ORIGIN IGP, AS_PATH [65001], then `attrs` (hex), NLRI 10.1.0.0/24. */
function update(attrs: string): Uint8Array {
  const a = `400101 00 40020602010000fde9 ${attrs}`.replace(/ /g, '');
  const body = `0000 ${(a.length / 2).toString(16).padStart(4, '0')} ${a} 180a0100`.replace(/ /g, '');
  const len = 19 + body.length / 2;
  return fromHex(`${'ff'.repeat(16)}${len.toString(16).padStart(4, '0')}02${body}`);
}

describe('the typed value stays beside the RFC 7606 issue', () => {
  it('NEXT_HOP and LOCAL_PREF with flags 0x00 (BIRD): typed with the received flags, issue unchanged, bytes unchanged', () => {
    // NEXT_HOP flags 0x00 (should be 0x40) 10.0.0.1; LOCAL_PREF flags 0x00 100.
    const bytes = update('000304 0a000001 000504 00000064');
    const m = decodeMessage(bytes, ctx) as UpdateMessage;
    expect(m.attributes[2]).toEqual({ type: 'NEXT_HOP', nextHop: '10.0.0.1', flags: 0 });
    expect(m.attributes[3]).toEqual({ type: 'LOCAL_PREF', localPref: 100, flags: 0 });
    expect(m.issues?.map((i) => [i.attribute, i.code, i.subcode, i.action])).toEqual([
      [3, 3, 4, 'treat-as-withdraw'],
      [5, 3, 4, 'treat-as-withdraw'],
    ]);
    expect(m.action).toBe('treat-as-withdraw');
    expect(toHex(encodeMessage(m, ctx))).toBe(toHex(bytes));
    // The view shows the same values and the same issues.
    const v = viewUpdate(bytes, ctx);
    expect(v.nextHop()).toBe('10.0.0.1');
    expect(v.localPref()).toBe(100);
    expect(v.decodeAttribute(3)).toEqual({ type: 'NEXT_HOP', nextHop: '10.0.0.1', flags: 0 });
    expect(v.issues).toEqual(m.issues);
  });

  it("NEXT_HOP 0.0.0.0 (OpenBGPD's own networks): typed, still treat-as-withdraw 3/8", () => {
    const bytes = update('400304 00000000');
    const m = decodeMessage(bytes, ctx) as UpdateMessage;
    expect(m.attributes[2]).toEqual({ type: 'NEXT_HOP', nextHop: '0.0.0.0' });
    expect(m.issues?.map((i) => [i.attribute, i.subcode, i.action])).toEqual([[3, 8, 'treat-as-withdraw']]);
    expect(toHex(encodeMessage(m, ctx))).toBe(toHex(bytes));
    expect(viewUpdate(bytes, ctx).nextHop()).toBe('0.0.0.0');
  });

  it('the RIB still withdraws: treat-as-withdraw removes the route the same UPDATE would announce', () => {
    const rib = new Rib({ local: { asn: 65000, bgpId: '10.255.0.1', clusterId: '10.255.0.1' } });
    const peer = rib.addPeer({ asn: 65000, bgpId: '10.0.0.9', address: '192.0.2.9', type: 'internal' });
    const good = decodeMessage(update('400304 0a000001'), ctx) as UpdateMessage;
    expect(rib.applyUpdate(peer, good)).toMatchObject([{ kind: 'new', prefix: '10.1.0.0/24' }]);
    const bad = decodeMessage(update('400304 00000000'), ctx) as UpdateMessage;
    expect(rib.applyUpdate(peer, bad)).toMatchObject([{ kind: 'removed', prefix: '10.1.0.0/24' }]);
    expect(rib.applyUpdate(peer, decodeMessage(update('000304 0a000001'), ctx) as UpdateMessage)).toEqual([]);
  });

  it('a value that does not read stays raw (a NEXT_HOP of 5 octets, an ORIGIN of 3)', () => {
    const m = decodeMessage(update('400305 0a00000101'), ctx) as UpdateMessage;
    expect(m.attributes[2]).toEqual({ type: 'raw', code: 3, flags: 0x40, value: fromHex('0a00000101') });
    const o = decodeMessage(update('400304 0a000001').map((b, i) => (i === 26 ? 3 : b)), ctx) as UpdateMessage;
    expect(o.attributes[0]).toEqual({ type: 'raw', code: 1, flags: 0x40, value: Uint8Array.of(3) });
  });

  it('an MP_REACH_NLRI with conflicting flags is typed, afisafi-disable, and its routes never reach the RIB', () => {
    // MP_REACH_NLRI flags 0x40 (should be 0x80): IPv6 unicast, next hop 2001:db8::1, 2001:db8:1::/48.
    const mp = '400e1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001';
    // With an IPv4 route too (without one, RFC 7606 section 5.2 resets the session).
    const a = `400101 00 40020602010000fde9 400304 0a000001 ${mp}`.replace(/ /g, '');
    const body = `0000${(a.length / 2).toString(16).padStart(4, '0')}${a}180a0100`;
    const bytes = fromHex(`${'ff'.repeat(16)}${(19 + body.length / 2).toString(16).padStart(4, '0')}02${body}`);
    const m = decodeMessage(bytes, ctx) as UpdateMessage;
    expect(m.attributes[3]).toMatchObject({ type: 'MP_REACH_NLRI', afi: 2, safi: 1, nlri: [{ prefix: '2001:db8:1::/48' }], flags: 0x40 });
    expect(m.issues?.map((i) => i.action)).toEqual(['afisafi-disable']);
    expect(toHex(encodeMessage(m, ctx))).toBe(toHex(bytes));
    const rib = new Rib({ local: { asn: 65000, bgpId: '10.255.0.1', clusterId: '10.255.0.1' } });
    const peer = rib.addPeer({ asn: 65000, bgpId: '10.0.0.9', address: '192.0.2.9', type: 'internal' });
    // The IPv4 route is announced; the IPv6 family is disabled, its route never announced.
    expect(rib.applyUpdate(peer, m).map((c) => c.prefix)).toEqual(['10.1.0.0/24']);
  });

  it('the daemon dumps of test/fixtures: every NEXT_HOP and LOCAL_PREF typed, beside its issue', () => {
    let entries = 0;
    let nextHops = 0;
    for (const [name, nh] of [['bird-table.mrt', /^(10\.0\.0\.1|2001:db8::1)$/], ['bird-table-addpath.mrt', /^(10\.0\.0\.1|2001:db8::1)$/], ['openbgpd-table-v2.mrt', /^(10\.0\.0\.1|0\.0\.0\.0)$/]] as const) {
      for (const rec of readMrt(new Uint8Array(readFileSync(join(repoRoot, 'test', 'fixtures', name))))) {
        if (rec.type !== 'rib') continue;
        for (const e of rec.entries) {
          entries++;
          const d = decodeRibAttributes(e.attributes, rec.afi, rec.safi, rec.context);
          expect(d.attributes.some((a) => a.type === 'raw'), name).toBe(false);
          expect(d.attributes.find((a) => a.type === 'LOCAL_PREF')).toMatchObject({ localPref: 100 });
          const hop = d.attributes.find((a) => a.type === 'NEXT_HOP');
          if (hop?.type === 'NEXT_HOP') {
            nextHops++;
            expect(hop.nextHop).toMatch(nh);
          }
          // Each BIRD entry has the two flag issues; OpenBGPD's own networks the 0.0.0.0 one.
          if (name.startsWith('bird')) expect(d.issues.map((i) => i.subcode)).toEqual(hop === undefined ? [4] : [4, 4]);
          else expect(d.issues.map((i) => i.subcode)).toEqual(hop?.type === 'NEXT_HOP' && hop.nextHop === '0.0.0.0' ? [8] : []);
        }
      }
    }
    expect(entries).toBe(18);
    expect(nextHops).toBe(14);
  });
});
