import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { peekMessage } from '../../src/messages/header.ts';
import {
  decodeRouteRefresh,
  encodeRouteRefresh,
  readRouteRefreshBody,
  routeRefreshBodyLength,
  writeRouteRefreshBody,
} from '../../src/messages/route-refresh.ts';
import type { RouteRefreshMessage } from '../../src/messages/types.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { Writer } from '../../src/wire/writer.ts';
import { arbRouteRefresh } from '../arbitraries/messages.ts';
import { noShared, runs, SKIP_SHARED } from '../helpers/shared.ts';
import { arbMutated, arbRandomMessage } from './mutate.ts';
import { loadVectors, messageTypeOf, valueOrBgpError } from './vectors.ts';

const MARKER = 'ff'.repeat(16);
const hex = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));
const err = sessionContext({ asn4: true, enhancedRouteRefresh: true });

function roundTrip(bytes: Uint8Array, m: RouteRefreshMessage): void {
  expect(decodeMessage(bytes)).toEqual(m);
  expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
  expect(decodeRouteRefresh(bytes)).toEqual(m);
  expect(toHex(encodeRouteRefresh(m))).toBe(toHex(bytes));
}

describe('ROUTE-REFRESH hand vectors (RFC 2918 section 3, RFC 7313 section 3.2)', () => {
  it('a plain request for IPv4 unicast', () => {
    roundTrip(
      hex(
        MARKER +
          '0017' + // Length 23
          '05' + // Type 5 ROUTE-REFRESH
          '0001' + // AFI 1
          '00' + // Reserved / RFC 7313 Message Subtype 0: normal request
          '01', // SAFI 1
      ),
      { type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0 },
    );
  });
  it('BoRR and EoRR for IPv6 unicast (RFC 7313 subtypes 1 and 2)', () => {
    roundTrip(hex(`${MARKER}0017 05 0002 01 01`), { type: 'ROUTE-REFRESH', afi: 2, safi: 1, subtype: 1 });
    roundTrip(hex(`${MARKER}0017 05 0002 02 01`), { type: 'ROUTE-REFRESH', afi: 2, safi: 1, subtype: 2 });
  });
  it('other subtypes are kept, not rejected ("it MUST ignore the received ROUTE-REFRESH message")', () => {
    roundTrip(hex(`${MARKER}0017 05 0001 ff 01`), { type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 255 });
    expect(decodeMessage(hex(`${MARKER}0017 05 0001 07 01`), err)).toMatchObject({ subtype: 7 });
  });
  it('RFC 7313 section 5: a BoRR/EoRR body that is not 4 bytes is 7/1 with the complete message as data', () => {
    // "If the length, excluding the fixed-size message header, of the received ROUTE-REFRESH
    // message with Message Subtype 1 and 2 is not 4, then the BGP speaker MUST send a NOTIFICATION
    // message with the Error Code of "ROUTE-REFRESH Message Error" and the subcode of "Invalid
    // Message Length". The Data field of the NOTIFICATION message MUST contain the complete
    // ROUTE-REFRESH message."
    for (const subtype of ['01', '02']) {
      const bytes = hex(`${MARKER}0018 05 0001 ${subtype} 01 00`);
      const e = valueOrBgpError(() => decodeMessage(bytes, err));
      expect(e).toMatchObject({ code: 7, subcode: 1 });
      expect(toHex(e?.data ?? new Uint8Array())).toBe(toHex(bytes));
      expect(valueOrBgpError(() => decodeRouteRefresh(bytes, err))).toMatchObject({ code: 7, subcode: 1 });
      // "applicable only when a BGP speaker has received the Enhanced Route Refresh Capability".
      expect(decodeMessage(bytes)).toEqual({ type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: Number(subtype), trailing: hex('00') });
    }
    // Inside a larger buffer the data is still exactly the message.
    const buf = hex(`${MARKER}0018 05 0001 01 01 00`);
    const big = new Uint8Array(buf.length + 5);
    big.set(buf, 3);
    const e = valueOrBgpError(() => readRouteRefreshBody(new Reader(big, 3 + 19, 3 + buf.length, 7, 1), err, { strict: false }));
    expect(toHex(e?.data ?? new Uint8Array())).toBe(toHex(buf));
  });
  it('RFC 5291 section 4 / RFC 5292 section 3: address-prefix ORF entries (IPv4)', () => {
    const bytes = hex(
      MARKER +
        '0026' + // Length 38
        '05' +
        '0001' + '00' + '01' + // AFI 1, subtype 0 (request), SAFI 1
        '01' + // When-to-refresh: IMMEDIATE
        '40' + // ORF Type 64: address prefix
        '000b' + // Length of ORF entries: 11
        '00' + // Action ADD (00), Match PERMIT (0), Reserved
        '0000000a' + // Sequence 10
        '18' + // Minlen 24
        '20' + // Maxlen 32
        '10' + // Length 16
        '0a01' + // Prefix 10.1/16
        'a0', // Action REMOVE-ALL (10), Match DENY (1): "the entry consists of only the common part"
    );
    roundTrip(bytes, {
      type: 'ROUTE-REFRESH',
      afi: 1,
      safi: 1,
      subtype: 0,
      orf: {
        whenToRefresh: 1,
        orfs: [
          {
            orfType: 64,
            entries: [
              { action: 0, match: 0, sequence: 10, minLength: 24, maxLength: 32, prefix: '10.1.0.0/16' },
              { action: 2, match: 1 },
            ],
          },
        ],
      },
    });
  });
  it('address-prefix ORF entries take the prefix family from the message AFI (IPv6)', () => {
    roundTrip(
      hex(
        MARKER +
          '0027' + // Length 39
          '05' + '0002' + '00' + '01' + // AFI 2, request, SAFI 1
          '02' + // DEFER
          '40' + '000c' + // ORF type 64, 12 bytes
          '20' + // Action ADD (00), Match DENY (1)
          '00000001' + '00' + '00' + // sequence 1, minlen and maxlen unspecified (0)
          '20' + '20010db8', // length 32, 2001:db8::/32
      ),
      {
        type: 'ROUTE-REFRESH',
        afi: 2,
        safi: 1,
        subtype: 0,
        orf: { whenToRefresh: 2, orfs: [{ orfType: 64, entries: [{ action: 0, match: 1, sequence: 1, minLength: 0, maxLength: 0, prefix: '2001:db8::/32' }] }] },
      },
    );
  });
  it('keeps ORF lists raw when they would not re-encode exactly, and non-ORF bytes in trailing', () => {
    // Trailing prefix bits set ("the value of the trailing bits is irrelevant", but kept).
    const bits = decodeMessage(hex(`${MARKER}0025 05 0001 00 01 01 40 000a 00 00000001 0000 09 0ac0`)) as RouteRefreshMessage;
    expect(bits.orf?.orfs[0]).toEqual({ orfType: 64, raw: hex('00 00000001 0000 09 0ac0') });
    // Reserved bits of the common part set.
    const reserved = decodeMessage(hex(`${MARKER}001c 05 0001 00 01 01 40 0001 9f`)) as RouteRefreshMessage;
    expect(reserved.orf?.orfs[0]).toEqual({ orfType: 64, raw: hex('9f') });
    // An AFI that is neither IPv4 nor IPv6.
    const l2 = decodeMessage(hex(`${MARKER}001c 05 0019 00 46 01 40 0001 80`)) as RouteRefreshMessage;
    expect(l2.orf?.orfs[0]).toEqual({ orfType: 64, raw: hex('80') });
    // A list length overrunning the message: not ORF at all.
    const junk = decodeMessage(hex(`${MARKER}001c 05 0001 00 01 01 40 00ff 00`)) as RouteRefreshMessage;
    expect(junk).toEqual({ type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0, trailing: hex('014000ff00') });
    for (const m of [bits, reserved, l2, junk]) expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });
  it("FRR/Quagga's REMOVE-ALL octet 0xc0 (action 3, unassigned in RFC 5291) stays raw, as in tcpdump's bgp-orf.pcapng", () => {
    // tcpdump: 'ORF refresh Defer (2), ORF type Address Prefix ORF (64), ORF length 1'
    const bytes = hex(`${MARKER}001c 05 0001 00 01 02 40 0001 c0`);
    const m = decodeMessage(bytes) as RouteRefreshMessage;
    expect(m.orf).toEqual({ whenToRefresh: 2, orfs: [{ orfType: 64, raw: hex('c0') }] });
    expect(toHex(encodeMessage(m))).toBe(toHex(bytes));
  });
  it('the body codec works at an offset; bad values throw TypeError/RangeError', () => {
    const m: RouteRefreshMessage = { type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0, orf: { whenToRefresh: 1, orfs: [{ orfType: 64, entries: [{ action: 2, match: 0 }] }] } };
    const n = routeRefreshBodyLength(m);
    const buf = new Uint8Array(n + 4).fill(0xaa);
    const w = new Writer(buf, 2);
    writeRouteRefreshBody(m, w);
    expect(toHex(buf)).toBe('aaaa00010001014000018' + '0aaaa');
    expect(() => encodeMessage({ ...m, orf: { whenToRefresh: 1, orfs: [{ orfType: 64, entries: [{ action: 0, match: 0, sequence: 1, minLength: 0, maxLength: 0, prefix: '2001:db8::/32' }] }] } })).toThrow(TypeError);
    expect(() => encodeMessage({ type: 'ROUTE-REFRESH', afi: 70000, safi: 1, subtype: 0 })).toThrow(RangeError);
  });
});

describe('ROUTE-REFRESH properties', () => {
  it('decodeMessage(encodeMessage(m)) deep-equals m', () => {
    fc.assert(
      fc.property(arbRouteRefresh, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: runs(1000, 50000) },
    );
  });
  it('random and mutated ROUTE-REFRESHes give a value or a BgpError; values re-encode byte for byte', () => {
    const check = (bytes: Uint8Array): void => {
      for (const ctx of [undefined, err]) {
        let m: RouteRefreshMessage | undefined;
        valueOrBgpError(() => {
          m = decodeMessage(bytes, ctx) as RouteRefreshMessage;
        });
        if (m !== undefined) expect(toHex(encodeMessage(m))).toBe(toHex(bytes.subarray(0, 19 + routeRefreshBodyLength(m))));
      }
    };
    fc.assert(fc.property(arbRandomMessage(5), check), { numRuns: runs(1000, 50000) });
    fc.assert(fc.property(arbMutated(arbRouteRefresh, (m) => encodeMessage(m)), check), { numRuns: runs(1000, 50000) });
  });
});

describe.skipIf(noShared())('ROUTE-REFRESH vectors in ../shared/corpus/vectors', () => {
  it('pcapplusplus-bgp.json: IPv4 unicast with subtype (their "reserved") 1', () => {
    const vectors = loadVectors('pcapplusplus-bgp.json');
    if (vectors === undefined) return void console.warn(SKIP_SHARED);
    const list = vectors.filter((x) => messageTypeOf(x.hex) === 5);
    for (const v of list) {
      const m = decodeMessage(fromHex(v.hex)) as RouteRefreshMessage;
      const want = (v.expect as { messages: { afi: number; safi: number; reserved: number }[] }).messages[0];
      expect(m).toEqual({ type: 'ROUTE-REFRESH', afi: want?.afi, safi: want?.safi, subtype: want?.reserved });
      expect(toHex(encodeMessage(m))).toBe(v.hex);
    }
    expect(list.length).toBe(1);
  });

  it('scapy-bgp-uts.json: messages, a stream with BoRR/EoRR, ORF type 128 and bodies', () => {
    const vectors = loadVectors('scapy-bgp-uts.json');
    if (vectors === undefined) return void console.warn(SKIP_SHARED);
    let messages = 0;
    let bodies = 0;
    for (const v of vectors) {
      const f = ((v.expect as { fields?: Record<string, unknown> } | null)?.fields ?? {}) as Record<string, unknown>;
      const layer = (v.expect as { layer?: string } | null)?.layer;
      if (messageTypeOf(v.hex) === 5) {
        const bytes = fromHex(v.hex);
        if (bytes.length < 23) {
          // `BGP(type=5)`: a bare header typed ROUTE-REFRESH is shorter than 23 bytes (RFC 2918 section 3).
          expect(valueOrBgpError(() => decodeMessage(bytes))).toMatchObject({ code: 1, subcode: 2 });
          messages++;
          continue;
        }
        // Walk the stream; UPDATEs (ADD-PATH) belong to the UPDATE tests.
        const seen: RouteRefreshMessage[] = [];
        for (let off = 0; off < bytes.length; ) {
          const n = peekMessage(bytes, off) as number;
          const one = bytes.subarray(off, off + n);
          if (one[18] === 5) {
            const m = decodeMessage(one) as RouteRefreshMessage;
            expect(toHex(encodeMessage(m))).toBe(toHex(one));
            seen.push(m);
            messages++;
          }
          off += n;
        }
        if (f['m.afi'] !== undefined) expect(seen[0]).toMatchObject({ afi: f['m.afi'], safi: f['m.safi'], subtype: f['m.subtype'] });
        if (f['m.orf_data[0].orf_type'] !== undefined) {
          const m = seen[0] as RouteRefreshMessage;
          expect(m.orf?.whenToRefresh).toBe(f['m.orf_data[0].when_to_refresh']);
          expect(m.orf?.orfs[0]).toMatchObject({ orfType: 128 });
          expect((m.orf?.orfs[0] as { raw: Uint8Array }).raw.length).toBe(f['m.orf_data[0].orf_len']);
          // Type 128 is Cisco's pre-standard address-prefix ORF with the RFC 5292 encoding: relabelled 64, the entries are scapy's.
          const relabelled = bytes.slice();
          relabelled[24] = 64;
          const typed = decodeMessage(relabelled) as RouteRefreshMessage;
          const entries = (typed.orf?.orfs[0] as unknown as { entries: { action: number; match: number; prefix?: string }[] }).entries;
          expect(entries.map((e) => [e.action, e.match, e.prefix])).toEqual([
            [f['m.orf_data[0].entries[0].action'], f['m.orf_data[0].entries[0].match'], f['m.orf_data[0].entries[0].prefix.prefix']],
            [f['m.orf_data[0].entries[1].action'], f['m.orf_data[0].entries[1].match'], f['m.orf_data[0].entries[1].prefix.prefix']],
          ]);
        }
        if (v.source.endsWith(':702')) expect(seen.map((m) => m.subtype)).toEqual([1, 2]);
      } else if (layer === 'BGPRouteRefresh') {
        const body = fromHex(v.hex);
        const m = readRouteRefreshBody(new Reader(body, 0, body.length, 7, 1), undefined, { strict: false });
        const w = Writer.alloc(routeRefreshBodyLength(m));
        writeRouteRefreshBody(m, w);
        expect(toHex(w.bytes)).toBe(v.hex);
        if (f['m.orf_data.orf_type'] !== undefined) {
          // GH3345 "bad ORFs": when-to-refresh 0, ORF type 0, 7 bytes kept raw.
          expect(m.orf).toEqual({ whenToRefresh: 0, orfs: [{ orfType: 0, raw: fromHex((f['m.orf_data.entries[0].load'] as { hex: string }).hex) }] });
        } else {
          expect(m).toEqual({ type: 'ROUTE-REFRESH', afi: 1, safi: 1, subtype: 0 });
        }
        bodies++;
      }
    }
    // 4 vectors hold 5 ROUTE-REFRESH messages (the :702 stream has two); 3 bodies.
    expect([messages, bodies]).toEqual([5, 3]);
  });
});
