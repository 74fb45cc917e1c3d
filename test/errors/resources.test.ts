import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeAttributes } from '../../src/attributes/decode.ts';
import { type SessionContext, sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import type { NotificationDetails } from '../../src/messages/types.ts';
import { fromHex } from '../../src/wire/hex.ts';
import { MAX_NESTING } from '../../src/wire/limits.ts';
import { repoRoot } from '../helpers/shared.ts';
import { BASE, hx } from './cases.ts';
import { concat } from '../helpers/pcap-builder.ts';

// Resource bounds on adversarial inputs: heap allocated while decoding and heap retained by the
// result, per input byte. Measured with a forced GC around each decode (no timing assertions).
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * The bounds (docs/ERRORS.md): heap allocated while decoding is at most 256 bytes per input byte
 * and heap retained by the result at most 160, plus a constant for V8's allocation granularity
 * (heapUsed moves by whole allocation buffers, which dominates small inputs).
 */
const MAX_ALLOCATED_PER_INPUT_BYTE = 256;
const MAX_RETAINED_PER_INPUT_BYTE = 160;
const SLACK = 1 << 20;

const ext4 = sessionContext({ asn4: true, extendedMessage: true });
const ext2 = sessionContext({ asn4: false, extendedMessage: true });

function frame(body: Uint8Array, type = 2): Uint8Array {
  const out = new Uint8Array(19 + body.length);
  out.fill(0xff, 0, 16);
  out[16] = out.length >>> 8;
  out[17] = out.length & 255;
  out[18] = type;
  out.set(body, 19);
  return out;
}

const u16 = (n: number): Uint8Array => Uint8Array.of(n >>> 8, n & 255);
const base = fromHex(hx(BASE));

/** An UPDATE of exactly `total` octets whose NLRI field is /0 prefixes (one octet each). */
function zeroPrefixes(total: number): Uint8Array {
  const nlri = new Uint8Array(total - 19 - 4 - base.length);
  return frame(concat(u16(0), u16(base.length), base, nlri));
}

/** An UPDATE of `total` octets whose withdrawn routes are /0 prefixes. */
function zeroWithdrawn(total: number): Uint8Array {
  const w = new Uint8Array(total - 19 - 4);
  return frame(concat(u16(w.length), w, u16(0)));
}

/** One AS_PATH (extended length) of 1-ASN AS_SEQUENCE segments, filling `total` octets. */
function oneAsnSegments(total: number, width: 2 | 4): Uint8Array {
  const seg = width === 4 ? Uint8Array.of(2, 1, 0, 0, 0xfd, 0xe9) : Uint8Array.of(2, 1, 0xfd, 0xe9);
  const room = total - 19 - 4 - 4 - 4 - 7 - 4; // header, lengths, ORIGIN, NEXT_HOP, AS_PATH header, one NLRI
  const value = new Uint8Array(Math.floor(room / seg.length) * seg.length);
  for (let i = 0; i < value.length; i += seg.length) value.set(seg, i);
  const attrs = concat(fromHex('40010100'), Uint8Array.of(0x50, 2), u16(value.length), value, fromHex('400304c0000201'));
  return frame(concat(u16(0), u16(attrs.length), attrs, fromHex('18c63364')));
}

/** Many zero-length unrecognized optional attributes (3 octets each; most are duplicates). */
function tinyAttributes(total: number): Uint8Array {
  const n = Math.floor((total - 19 - 4 - base.length) / 3);
  const attrs = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) attrs.set([0xc0, 200 + (i % 56), 0], i * 3);
  return frame(concat(u16(0), u16(base.length + attrs.length), base, attrs));
}

/** COMMUNITIES filling the message: 4 octets each. */
function manyCommunities(total: number): Uint8Array {
  const value = new Uint8Array(Math.floor((total - 19 - 4 - base.length - 4 - 4) / 4) * 4).fill(1);
  const attrs = concat(base, Uint8Array.of(0xd0, 8), u16(value.length), value);
  return frame(concat(u16(0), u16(attrs.length), attrs, fromHex('18c63364')));
}

/** MP_REACH_NLRI (IPv6) of /0 prefixes filling the message. */
function mpZeroPrefixes(total: number): Uint8Array {
  const head = fromHex('0002011020010db80000000000000000000000010000');
  const nlri = new Uint8Array(total - 19 - 4 - 4 - head.length + 1 - 13 - 1);
  const value = concat(head.subarray(0, head.length - 1), nlri);
  const attrs = concat(Uint8Array.of(0x90, 14), u16(value.length), value, fromHex('40010100'), fromHex('400206020100 00fde9'.replace(/\s/g, '')));
  return frame(concat(u16(0), u16(attrs.length), attrs));
}

interface Measure {
  name: string;
  input: number;
  allocated: number;
  retained: number;
  outcome: string;
}

function measure(name: string, bytes: Uint8Array, ctx: SessionContext, decode: (b: Uint8Array, c: SessionContext) => unknown = decodeMessage): Measure {
  // Warm up so that compiled code and feedback vectors are not counted.
  for (let i = 0; i < 12; i++) {
    try {
      decode(bytes, ctx);
    } catch {
      // measured below
    }
  }
  // The smallest of three runs: JIT and bookkeeping allocations only ever add to a run.
  let best: Measure | undefined;
  for (let run = 0; run < 3; run++) {
    const m = measureOnce(name, bytes, ctx, decode);
    if (best === undefined || m.allocated + m.retained < best.allocated + best.retained) best = m;
  }
  return best as Measure;
}

function measureOnce(name: string, bytes: Uint8Array, ctx: SessionContext, decode: (b: Uint8Array, c: SessionContext) => unknown): Measure {
  gc();
  const before = process.memoryUsage().heapUsed;
  let kept: unknown;
  let outcome: string;
  try {
    kept = decode(bytes, ctx);
    const m = kept as { type?: string; issues?: unknown[]; nlri?: unknown[]; attributes?: unknown[] };
    outcome = `${m.type ?? 'attributes'}${m.issues ? `, ${m.issues.length} issues` : ''}`;
  } catch (e) {
    kept = e;
    outcome = `BgpError ${(e as { code: number }).code}/${(e as { subcode: number }).subcode}`;
  }
  // Allocated: heap growth with no GC in between (young generation is empty after gc()).
  const allocated = process.memoryUsage().heapUsed - before;
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  void kept;
  return { name, input: bytes.length, allocated: Math.max(0, allocated), retained: Math.max(0, retained), outcome };
}

describe('resource bounds on adversarial inputs', () => {
  const results: Measure[] = [];

  it('allocates and retains at most a fixed multiple of the input size', () => {
    // A first decode of each kind settles the heap (new pages, lazily built tables) before measuring.
    measure('settle', zeroPrefixes(65535), ext4);
    results.push(measure('4096-octet UPDATE of /0 prefixes (4053 NLRI)', zeroPrefixes(4096), ext4));
    results.push(measure('65535-octet UPDATE of /0 prefixes (64,492 NLRI)', zeroPrefixes(65535), ext4));
    results.push(measure('65535-octet UPDATE of /0 withdrawn routes', zeroWithdrawn(65535), ext4));
    results.push(measure('65535-octet MP_REACH_NLRI of IPv6 /0 prefixes', mpZeroPrefixes(65535), ext4));
    results.push(measure('65535-octet AS_PATH of 1-ASN segments, 4-octet (10,914 segments)', oneAsnSegments(65535, 4), ext4));
    results.push(measure('65535-octet AS_PATH of 1-ASN segments, 2-octet (16,371 segments)', oneAsnSegments(65535, 2), ext2));
    results.push(measure('65535-octet UPDATE of 21,830 zero-length attributes (duplicates)', tinyAttributes(65535), ext4));
    results.push(measure('65535-octet COMMUNITIES (16,370 communities)', manyCommunities(65535), ext4));
    const attrs = tinyAttributes(65535);
    results.push(measure('decodeAttributes on the same 21,830 attributes', attrs.subarray(23, attrs.length), ext4, (b, c) => decodeAttributes(b, c)));
    const rows = results.map((r) => ({ ...r, allocatedPerByte: +(r.allocated / r.input).toFixed(1), retainedPerByte: +(r.retained / r.input).toFixed(1) }));
    console.table(rows);
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    writeFileSync(join(repoRoot, '.tmp', 'resources.json'), JSON.stringify(rows, null, 1));
    for (const r of rows) {
      expect(r.outcome, r.name).not.toMatch(/^BgpError/);
      expect(r.allocated, r.name).toBeLessThanOrEqual(MAX_ALLOCATED_PER_INPUT_BYTE * r.input + SLACK);
      expect(r.retained, r.name).toBeLessThanOrEqual(MAX_RETAINED_PER_INPUT_BYTE * r.input + SLACK);
    }
  });

  it(`follows nested Hard Resets at most MAX_NESTING (${MAX_NESTING}) deep`, () => {
    // Cease 9 whose data is Cease 9 whose data is … 2000 levels.
    const body = new Uint8Array(4000);
    for (let i = 0; i < body.length; i += 2) body.set([6, 9], i);
    const m = decodeMessage(frame(body, 3));
    let depth = 0;
    let d = m.type === 'NOTIFICATION' ? (m.details as NotificationDetails | undefined) : undefined;
    while (d !== undefined && d.kind === 'hard-reset') {
      depth++;
      d = d.details;
    }
    expect(depth).toBe(MAX_NESTING);
  });
});
