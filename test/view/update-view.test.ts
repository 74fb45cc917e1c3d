import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { type SessionContext, sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { PrefixCursor } from '../../src/view/prefix-cursor.ts';
import { UpdateView, viewUpdate } from '../../src/view/update-view.ts';
import { corpusUpdateFiles, mrtUpdates, readShared } from '../../bench/inputs.ts';
import { arbContextAndUpdate } from '../arbitraries/update.ts';
import { captureMessages, sharedPcaps } from '../helpers/corpus.ts';
import { hasShared } from '../helpers/shared.ts';
import { expectViewMatches } from './compare.ts';
import { thrown } from '../helpers/thrown.ts';

/** Views `bytes` and decodes it; both must agree (same value, or the same BgpError). */
function agree(bytes: Uint8Array, ctx: SessionContext, view = new UpdateView()): 'ok' | 'error' {
  let decoded: UpdateMessage | undefined;
  let decodeError: unknown;
  try {
    decoded = decodeMessage(bytes, ctx) as UpdateMessage;
  } catch (e) {
    decodeError = e;
  }
  let viewError: unknown;
  try {
    view.reset(bytes, ctx, 0);
  } catch (e) {
    viewError = e;
  }
  if (decodeError !== undefined) {
    expect(decodeError).toBeInstanceOf(BgpError);
    expect(viewError).toBeInstanceOf(BgpError);
    const d = decodeError as BgpError;
    const v = viewError as BgpError;
    expect([v.code, v.subcode, v.path, v.message]).toEqual([d.code, d.subcode, d.path, d.message]);
    expect(v.data).toEqual(d.data);
    return 'error';
  }
  expect(viewError).toBeUndefined();
  expectViewMatches(view, decoded as UpdateMessage);
  return 'ok';
}

/** An UPDATE message around a body. */
function update(body: number[]): Uint8Array {
  const len = 19 + body.length;
  return Uint8Array.from([...new Array(16).fill(0xff), len >> 8, len & 255, 2, ...body]);
}

const ext = sessionContext({ asn4: true });
const int2 = sessionContext({ asn4: false, peerType: 'internal' });

describe('viewUpdate: hand vectors', () => {
  it('reads a simple IPv4 announcement without copying', () => {
    const body = [
      0, 0, // withdrawn routes length
      0, 28, // total path attribute length
      0x40, 1, 1, 0, // ORIGIN IGP
      0x40, 2, 14, 2, 3, 0, 0, 0xfd, 0xe8, 0, 0, 0xfd, 0xe9, 0, 0, 0xfd, 0xea, // AS_SEQUENCE 65000 65001 65002
      0x40, 3, 4, 192, 0, 2, 1, // NEXT_HOP
      24, 198, 51, 100, // 198.51.100.0/24
    ];
    const buf = new Uint8Array(100);
    buf.set(update(body), 7);
    const v = viewUpdate(buf, ext, 7);
    expect(v.origin()).toBe('IGP');
    expect(v.originAs()).toBe(65002);
    expect(v.pathLength()).toBe(3);
    expect(v.nextHop()).toBe('192.0.2.1');
    const c = v.nlri(new PrefixCursor());
    expect(c.next()).toBe(true);
    expect([c.length, c.offset, c.toString()]).toEqual([24, 7 + 19 + 4 + 28 + 1, '198.51.100.0/24']);
    expect(c.next()).toBe(false);
    expect(v.attribute(3)?.buffer).toBe(buf.buffer);
    expect(v.toOwned()).toEqual(decodeMessage(buf.subarray(7), ext));
    expect(String(v)).toBe('UPDATE 0 withdrawn, 1 nlri, 3 attributes');
  });

  it('counts an AS_SET as one hop and gives no origin AS for a path ending in one', () => {
    const body = [
      0, 0, 0, 30,
      0x40, 1, 1, 2,
      0x40, 2, 16, 2, 1, 0, 0, 0, 1, 1, 2, 0, 0, 0, 2, 0, 0, 0, 3, // AS_SEQUENCE 1, AS_SET {2,3}
      0x40, 3, 4, 10, 0, 0, 1,
      8, 10,
    ];
    const v = viewUpdate(update(body), ext);
    expect(v.pathLength()).toBe(2);
    expect(v.originAs()).toBeUndefined();
    expect(agree(update(body), ext)).toBe('ok');
  });

  it('records every prefix in field order, MP_REACH_NLRI before MP_UNREACH_NLRI whatever their wire order', () => {
    // RFC 4760 sections 3 and 4: IPv6 unicast, MP_UNREACH_NLRI received first (RFC 4271
    // section 5 leaves the order to the sender).
    const body = [
      0, 2, 8, 10, // withdrawn: 10.0.0.0/8
      0, 56, // total path attribute length
      0x80, 15, 9, 0, 2, 1, 32, 0x20, 0x01, 0x0d, 0xb8, 0, // MP_UNREACH_NLRI 2001:db8::/32, ::/0
      0x40, 1, 1, 0, // ORIGIN IGP
      0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe8, // AS_SEQUENCE 65000
      0x80, 14, 28, 0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, // MP_REACH_NLRI next hop 2001:db8::1
      48, 0x20, 0x01, 0x0d, 0xb8, 0, 1, // ... 2001:db8:1::/48
    ];
    const msg = update(body);
    const v = viewUpdate(msg, ext);
    expect([v.withdrawnCount, v.nlriCount, v.mpReachCount, v.mpUnreachCount, v.prefixCount]).toEqual([1, 0, 1, 2, 4]);
    const at = [0, 1, 2, 3].map((i) => v.prefixOffsetAt(i));
    // Offsets of the length octets: withdrawn, then MP_REACH_NLRI's, then MP_UNREACH_NLRI's two
    // (attributes from 25: MP_UNREACH_NLRI's value at 28, MP_REACH_NLRI's at 53).
    expect(at).toEqual([21, 53 + 21, 28 + 3, 28 + 3 + 5]);
    expect(at.map((o) => msg[o])).toEqual([8, 48, 32, 0]);
    expect(agree(msg, ext)).toBe('ok');
  });

  it('grows its offset tables once for an extended message (RFC 8654) and keeps every header and prefix', () => {
    const big = sessionContext({ asn4: true, extendedMessage: true });
    const withdrawn = new Array(10_000).fill(0); // 10,000 withdrawn /0 prefixes, one octet each
    const attrs: number[] = [];
    for (let i = 0; i < 2000; i++) attrs.push(0xc0, 250, 0); // 2,000 empty optional transitive attributes
    const body = [withdrawn.length >> 8, withdrawn.length & 255, ...withdrawn, attrs.length >> 8, attrs.length & 255, ...attrs];
    const msg = update(body);
    expect(msg.length).toBeGreaterThan(4096);
    const v = new UpdateView();
    v.reset(update([0, 0, 0, 0]), big); // small first: the tables start at their default size
    v.reset(msg, big);
    expect([v.attributeCount, v.attributeCodeAt(1999), v.attributeCodeAt(2000)]).toEqual([2000, 250, -1]);
    expect([v.withdrawnCount, v.prefixCount, v.prefixOffsetAt(9999), v.prefixOffsetAt(10_000)]).toEqual([10_000, 10_000, 21 + 9999, -1]);
    expect(agree(msg, big, v)).toBe('ok');
  });

  it('reads messages in place along one buffer as decodeMessage does there, a broken marker included', () => {
    // The second reset on the same buffer reads the marker through a DataView (RFC 4271 section 4.1).
    const a = update([0, 0, 0, 18, 0x40, 1, 1, 0, 0x40, 2, 4, 2, 1, 0, 1, 0x40, 3, 4, 10, 0, 0, 1, 8, 10]);
    const b = update([0, 2, 8, 10, 0, 0]);
    const broken = update([0, 0, 0, 0]);
    const buf = new Uint8Array(3 + a.length * 2 + b.length * 2 + broken.length);
    const parts = [a, b, a, b, broken];
    let at = 3;
    const offsets: number[] = [];
    for (const m of parts) {
      buf.set(m, at);
      offsets.push(at);
      at += m.length;
    }
    const v = new UpdateView();
    for (const o of offsets.slice(0, 4)) expectViewMatches(v.reset(buf, int2, o), decodeMessage(buf, int2, { offset: o }) as UpdateMessage);
    const last = offsets[4] as number;
    // Every marker octet, every wrong value: the same 1/1 (Connection Not Synchronized) as the decoder.
    let checked = 0;
    for (let i = 0; i < 16; i++) {
      for (let value = 0; value < 255; value++) {
        buf[last + i] = value;
        v.reset(buf, int2, offsets[3] as number); // the view's last message is in this buffer
        const fromView = thrown(() => v.reset(buf, int2, last));
        const fromDecoder = thrown(() => decodeMessage(buf, int2, { offset: last }));
        if (fromView.code !== 1 || fromView.subcode !== 1 || fromView.message !== fromDecoder.message) {
          expect([i, value, fromView.code, fromView.subcode, fromView.message]).toEqual([i, value, 1, 1, fromDecoder.message]);
        }
        checked++;
      }
      buf[last + i] = 0xff;
    }
    expect(checked).toBe(16 * 255);
    expect(v.reset(buf, int2, last).length).toBe(23); // all ones again: a valid empty UPDATE
  });

  it('never reads through a stale DataView when the buffer shrinks or is detached (BgpError, not RangeError)', () => {
    const msg = update([0, 2, 8, 10, 0, 0]);
    const rab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(msg.length * 2, { maxByteLength: 4096 });
    const tracking = new Uint8Array(rab); // length-tracking
    tracking.set(msg, 0);
    tracking.set(msg, msg.length);
    const v = new UpdateView();
    v.reset(tracking, ext, 0);
    v.reset(tracking, ext, msg.length); // the DataView is made here
    rab.resize(msg.length + 10); // the second message cut short; the DataView now out of bounds
    expect(() => v.reset(tracking, ext, msg.length)).toThrow(BgpError);
    expect(v.reset(tracking, ext, 0).withdrawnCount).toBe(1);
    const fixed = new Uint8Array(msg.length * 2);
    fixed.set(msg, 0);
    fixed.set(msg, msg.length);
    v.reset(fixed, ext, 0);
    v.reset(fixed, ext, msg.length);
    structuredClone(fixed.buffer, { transfer: [fixed.buffer] }); // detaches: fixed.length is now 0
    expect(() => v.reset(fixed, ext, 0)).toThrow(BgpError);
  });

  it('exposes the decoder issues for a malformed ORIGIN and reads it as absent', () => {
    const body = [0, 0, 0, 18, 0x40, 1, 1, 7, 0x40, 2, 4, 2, 1, 0, 1, 0x40, 3, 4, 10, 0, 0, 1, 8, 10];
    const v = viewUpdate(update(body), int2);
    expect(v.origin()).toBeUndefined();
    expect(v.action).toBe('treat-as-withdraw');
    expect(agree(update(body), int2)).toBe('ok');
  });

  it('throws the same BgpError as decodeMessage for broken framing', () => {
    for (const body of [
      [0, 9, 0, 0], // withdrawn length overruns
      [0, 0, 0, 9], // attribute length overruns
      [0, 2, 33, 10, 0, 0], // withdrawn prefix length 33
      [0, 0, 0, 0, 24, 10], // NLRI prefix overruns
      [0, 0, 0, 8, 0x80, 14, 2, 0, 1, 0x80, 14, 0], // duplicate MP_REACH (and short)
      [0, 0, 0, 3, 0x40, 99, 0], // unrecognized well-known attribute
    ]) {
      expect(agree(update(body), ext)).toBe('error');
    }
  });

  it('throws BgpError (the header error) for a truncated or non-UPDATE message', () => {
    expect(() => viewUpdate(update([0, 0, 0, 0]).subarray(0, 20), ext)).toThrow(BgpError);
    const keepalive = Uint8Array.from([...new Array(16).fill(0xff), 0, 19, 4]);
    expect(() => viewUpdate(keepalive, ext)).toThrow(BgpError);
  });
});

describe('viewUpdate equals decodeMessage', () => {
  it('on random valid messages', () => {
    const view = new UpdateView();
    fc.assert(
      fc.property(arbContextAndUpdate, ({ ctx, update: m }) => {
        // The arbitrary may build values the decoder refuses (a NEXT_HOP of 0.0.0.0): both must agree.
        agree(encodeMessage(m, ctx), ctx, view);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated valid messages (same issues, same BgpError)', () => {
    const view = new UpdateView();
    fc.assert(
      fc.property(arbContextAndUpdate, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), ({ ctx, update: m }, edits) => {
        const bytes = encodeMessage(m, ctx).slice();
        for (const [at, value] of edits) {
          const i = 19 + (at % Math.max(1, bytes.length - 19));
          if (i < bytes.length) bytes[i] = value;
        }
        agree(bytes, ctx, view);
      }),
      { numRuns: 500 },
    );
  });

  it.skipIf(!hasShared)('on every UPDATE of the shared captures', () => {
    const view = new UpdateView();
    let ok = 0;
    let errors = 0;
    const files = sharedPcaps();
    for (const rel of files) {
      for (const msg of captureMessages(rel).messages) {
        if (msg.type !== 2 || msg.context === undefined) continue;
        if (agree(msg.bytes, msg.context, view) === 'ok') ok++;
        else errors++;
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect({ ok, errors }).toEqual(CAPTURE_COUNTS);
  });

  it.skipIf(!hasShared)('on every UPDATE of the MRT corpus update files', { timeout: 600_000 }, () => {
    const view = new UpdateView();
    const counts: Record<string, number> = {};
    for (const rel of corpusUpdateFiles()) {
      let n = 0;
      for (const u of mrtUpdates(readShared(rel))) {
        if (u === undefined) continue;
        agree(u.message, u.ctx, view);
        n++;
      }
      counts[rel.split('/').slice(-2).join('/')] = n;
    }
    expect(counts).toEqual(MRT_COUNTS);
  });
});

// The error: bgplu.cap's labeled UPDATE binds two labels without the Multiple Labels capability
// (an RFC 3107 speaker); under RFC 8277 section 2.2 ("only one label be specified in the NLRI")
// its prefix is 48 bits long, so the view and the decoder throw the same session reset.
const CAPTURE_COUNTS = { ok: 899, errors: 1 };
const MRT_COUNTS: Record<string, number> = {
  'bgp-rs/updates.20190101.0000.gz': 54107,
  'bgpdump/updates.20020722.2238.gz': 393,
  'bgpdump/updates.20070211.0141.gz': 23394,
  'bgpdump/updates.20071015.1505.gz': 4222,
  'bgpdump/updates.20100722.2015.gz': 1822,
  'bgpdump/updates.20160811.1600.gz': 17216,
  'bgpdump/updates.et-header.2015.gz': 89679,
  'bgpdump/updates.long_withdrawal.gz': 1,
  'bgpdump/updates.nlri_mask_trailing_bits.gz': 1,
  'bgpkit/rrc00__updates.19990903.1041.gz': 0,
  'bgpkit/rrc00__updates.19991214.1621.gz': 0,
  'bgpkit/rrc00__updates.20000102.2014.gz': 0,
  'bgpkit/rrc00__updates.20000325.0345.gz': 0,
  'bgpkit/rrc01__updates.20001104.0124.gz': 266,
  'bgpkit/rrc03__updates.20100227.1600.first-796-records.gz': 768,
  'bgpkit/rrc15__updates.20100227.1600.gz': 6546,
  'bgpkit/rrc15__updates.20100227.1610.gz': 1888,
  'libbgpstream/ris.rrc06.updates.1427846400.gz': 761,
};

describe('viewUpdate regressions', () => {
  it('reads a NEXT_HOP 0.0.0.0 beside MP_UNREACH_NLRI as the decoder keeps it (RFC 4760 section 3: ignored without an NLRI field)', () => {
    const ctx = sessionContext({ asn4: true });
    const m: UpdateMessage = {
      type: 'UPDATE',
      withdrawn: [],
      attributes: [
        { type: 'MP_UNREACH_NLRI', afi: 2, safi: 1, withdrawn: [{ prefix: '2001:db8::/32' }] },
        { type: 'ORIGIN', origin: 'IGP' },
        { type: 'AS_PATH', segments: [] },
        { type: 'NEXT_HOP', nextHop: '1.0.0.0' },
      ],
      nlri: [],
    };
    const bytes = encodeMessage(m, ctx).slice();
    // The NEXT_HOP value is the last 4 bytes: make it 0.0.0.0.
    bytes[bytes.length - 4] = 0;
    const decoded = decodeMessage(bytes, ctx) as UpdateMessage;
    expect(decoded.attributes[3]).toEqual({ type: 'NEXT_HOP', nextHop: '0.0.0.0' });
    const view = viewUpdate(bytes, ctx);
    expect(view.decodeAttribute(3)).toEqual({ type: 'NEXT_HOP', nextHop: '0.0.0.0' });
    expect(view.nextHop()).toBe('0.0.0.0');
    agree(bytes, ctx);
  });
});

describe('viewUpdate on the conformance rows of issue 21 (labeled, VPN, RT-Constraint)', () => {
  it('agrees with decodeMessage on every one, issues and values included', async () => {
    const { CASES } = await import('../errors/cases.ts');
    const { fromHex } = await import('../../src/wire/hex.ts');
    const rows = CASES.filter((c) => /labeled|vpn|rtc/.test(c.id) && c.hex.slice(36, 38) === '02');
    for (const c of rows) agree(fromHex(c.hex), c.ctx as SessionContext);
    expect(rows.map((c) => c.id)).toEqual([
      'update/vpn-nlri-short-for-rd',
      'update/labeled-no-bottom-of-stack',
      'update/labeled-two-labels-without-capability',
      'update/vpn-next-hop-length',
      'update/rtc-prefix-length',
      'update/labeled-withdrawal-compatibility',
      'update/labeled-over-count',
    ]);
  });
});
