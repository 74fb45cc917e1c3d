import type { UpdateMessage } from '../src/attributes/types.ts';
import { type SessionContext, sessionContext } from '../src/context/session-context.ts';
import { decodeMessage } from '../src/messages/decode.ts';
import { encodeMessage, encodeMessageInto, encodeMessagePooled } from '../src/messages/encode.ts';
import { MessageFramer } from '../src/messages/framing.ts';
import type { OpenMessage } from '../src/messages/types.ts';
import { toJSON, writeJSON } from '../src/json.ts';
import { TextWriter } from '../src/wire/text-writer.ts';
import { PrefixCursor } from '../src/view/prefix-cursor.ts';
import { UpdateView } from '../src/view/update-view.ts';
import { readCapture } from '../src/capture/read-capture.ts';
import { captureOf } from './capture-input.ts';
import { fusedWalk } from './floor.ts';
import type { Input, Stream } from './inputs.ts';

/** What one run of a case processed (per iteration); the runner turns it into rates. */
export interface Work {
  readonly bytes: number;
  readonly messages: number;
  readonly prefixes: number;
}

/** A benchmark case: `run()` does one iteration and throws when its result is wrong. */
export interface Case {
  readonly name: string;
  readonly area: string;
  /** The per-iteration work. */
  readonly work: Work;
  /** Whether the runner counts garbage collections for this case (and reports them). */
  readonly countGc?: boolean;
  /** One iteration; checks its own result inside (throws on a wrong count). */
  run(): void;
}

function check(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
}

/**
 * The JavaScript limit: a loop over the same buffer reading only the 2-byte length fields
 * (published beside the results). Every other case is reported as a ratio to it.
 */
export function rawLoop(streams: readonly Stream[]): number {
  let count = 0;
  for (const s of streams) {
    const b = s.bytes;
    const n = b.length;
    let p = 0;
    while (p < n) {
      p += ((b[p + 16] as number) << 8) | (b[p + 17] as number);
      count++;
    }
  }
  return count;
}

/** Frames every message with MessageFramer (marker and length checked per message). */
export function frameAll(streams: readonly Stream[], framer: MessageFramer): number {
  let count = 0;
  for (const s of streams) {
    framer.push(s.bytes);
    while (framer.next()) count++;
  }
  return count;
}

const view = new UpdateView();
const cursor = new PrefixCursor();
const origin = new Uint32Array(1);

/**
 * The lazy walk: frame, view, every attribute header (its code, from the offsets `reset`
 * recorded), the origin AS, and every prefix of the four prefix fields (the offset of each,
 * recorded by `reset` as it checked them, from `prefixOffsetAt`, and its length octet).
 * Returns the prefix count; allocates nothing.
 */
export function viewWalk(streams: readonly Stream[], out: Int32Array): number {
  let prefixes = 0;
  let headers = 0;
  let origins = 0;
  let bits = 0;
  for (let i = 0; i < streams.length; i++) {
    const s = streams[i] as Stream;
    const ctx = s.ctx;
    const b = s.bytes;
    // The view validates each header itself (marker, length, type), so it frames as it goes.
    for (let p = 0; p < b.length; p += view.length) {
      const v = view.reset(b, ctx, p);
      for (let a = 0, n = v.attributeCount; a < n; a++) headers += v.attributeCodeAt(a);
      if (v.originAsInto(origin)) origins++;
      const n = v.prefixCount;
      for (let k = 0; k < n; k++) bits += b[v.prefixOffsetAt(k)] as number;
      prefixes += n;
    }
  }
  out[0] = headers;
  out[1] = origins;
  out[2] = bits;
  return prefixes;
}

/** The same walk with the four reusable `PrefixCursor`s instead of `prefixOffsets` (length of each prefix read too). */
export function viewWalkCursors(streams: readonly Stream[], out: Int32Array): number {
  let prefixes = 0;
  let headers = 0;
  let origins = 0;
  let bits = 0;
  for (let i = 0; i < streams.length; i++) {
    const s = streams[i] as Stream;
    const ctx = s.ctx;
    const b = s.bytes;
    for (let p = 0; p < b.length; p += view.length) {
      const v = view.reset(b, ctx, p);
      for (let a = 0, n = v.attributeCount; a < n; a++) headers += v.attributeCodeAt(a);
      if (v.originAsInto(origin)) origins++;
      for (const c = v.withdrawn(cursor); c.next(); prefixes++) bits += c.length;
      for (const c = v.nlri(cursor); c.next(); prefixes++) bits += c.length;
      for (const c = v.mpReachNlri(cursor); c.next(); prefixes++) bits += c.length;
      for (const c = v.mpUnreachWithdrawn(cursor); c.next(); prefixes++) bits += c.length;
    }
  }
  out[0] = headers;
  out[1] = origins;
  out[2] = bits;
  return prefixes;
}

/**
 * The capture path: pcap records, Ethernet, IPv4, TCP reassembly, BGP framing and sessions,
 * over a pcap of the input's messages. Returns the message bytes read (every message counted).
 */
export function captureRead(pcap: Uint8Array): { messages: number; bytes: number } {
  let messages = 0;
  let bytes = 0;
  for (const m of readCapture(pcap)) {
    messages++;
    bytes += m.bytes.length;
  }
  return { messages, bytes };
}

/**
 * Prefixes of a decoded UPDATE (all four fields). The attributes are read only as far as
 * MP_REACH_NLRI and MP_UNREACH_NLRI can be: unless `wire.unsorted` says otherwise they are in
 * canonical order, those two first (RFC 7606 section 5.1; raw ones too, by code). Each `type`
 * read is a megamorphic load (every attribute kind has its own shape), so reading them all
 * cost the decode case ≈10% that is the check's, not the decoder's.
 */
export function prefixCount(m: UpdateMessage): number {
  let n = m.withdrawn.length + m.nlri.length;
  const all = m.wire?.unsorted === true;
  for (const a of m.attributes) {
    if (a.type === 'MP_REACH_NLRI') n += a.nlri?.length ?? 0;
    else if (a.type === 'MP_UNREACH_NLRI') n += a.withdrawn?.length ?? 0;
    else if (!all && !(a.type === 'raw' && (a.code === 14 || a.code === 15))) break;
  }
  return n;
}

// One options object for every message, its offset moved (no subarray per message).
const at = { offset: 0 };

function decodeAll(streams: readonly Stream[], framer: MessageFramer, json: boolean): { prefixes: number; chars: number } {
  let prefixes = 0;
  let chars = 0;
  for (const s of streams) {
    framer.push(s.bytes);
    while (framer.next()) {
      at.offset = framer.offset;
      const m = decodeMessage(framer.bytes, s.ctx, at) as UpdateMessage;
      prefixes += prefixCount(m);
      if (json) chars += JSON.stringify(toJSON(m)).length;
    }
  }
  return { prefixes, chars };
}

// The JSON bytes of the `decode+writeJSON` case, in one reused buffer (as the CLI writes lines).
const jsonOut = new TextWriter(1 << 16);

// decodeAll with writeJSON; a function of its own, so that decodeAll's code (and the
// decode/update case measured with it) stays what it was before this case existed.
function decodeAllJsonBytes(streams: readonly Stream[], framer: MessageFramer): { prefixes: number; bytes: number } {
  let prefixes = 0;
  let bytes = 0;
  for (const s of streams) {
    framer.push(s.bytes);
    while (framer.next()) {
      at.offset = framer.offset;
      const m = decodeMessage(framer.bytes, s.ctx, at) as UpdateMessage;
      prefixes += prefixCount(m);
      jsonOut.reset();
      writeJSON(jsonOut, m);
      bytes += jsonOut.pos;
    }
  }
  return { prefixes, bytes };
}

/** The UPDATE of the encode cases: ORIGIN, a 4-ASN AS_PATH, NEXT_HOP, MED, LOCAL_PREF, two communities, `n` IPv4 prefixes. */
export function encodeFixture(n: number): UpdateMessage {
  const nlri = [];
  for (let i = 0; i < n; i++) nlri.push({ prefix: `10.${(i >> 8) & 255}.${i & 255}.0/24` });
  return {
    type: 'UPDATE',
    withdrawn: [],
    attributes: [
      { type: 'ORIGIN', origin: 'IGP' },
      { type: 'AS_PATH', segments: [{ type: 'AS_SEQUENCE', asns: [64500, 64501, 4200000000, 65010] }] },
      { type: 'NEXT_HOP', nextHop: '192.0.2.1' },
      { type: 'MULTI_EXIT_DISC', med: 100 },
      { type: 'LOCAL_PREF', localPref: 200 },
      { type: 'COMMUNITIES', communities: ['64500:1', '64500:2'] },
    ],
    nlri,
  };
}

/** The OPEN of the encode case: 4-octet AS, IPv4/IPv6 unicast, route refresh, ADD-PATH. */
export const OPEN_FIXTURE: OpenMessage = {
  type: 'OPEN',
  version: 4,
  myAs: 23456,
  holdTime: 90,
  bgpId: '192.0.2.1',
  capabilities: [
    { type: 'multiprotocol', afi: 1, safi: 1 },
    { type: 'multiprotocol', afi: 2, safi: 1 },
    { type: 'route-refresh' },
    { type: 'as4', asn: 4200000000 },
    { type: 'add-path', families: [{ afi: 1, safi: 1, send: true, receive: true }] },
  ],
};

const ENCODE_CTX: SessionContext = sessionContext({ as4: true, peerType: 'internal' });

/** The read-path cases over one input. */
export function readCases(input: Input): Case[] {
  const streams = input.streams;
  const work: Work = { bytes: input.bytes, messages: input.messages, prefixes: input.prefixes };
  const framer = new MessageFramer(sessionContext({ as4: true, extendedMessage: true }));
  const out = new Int32Array(3);
  const fused = new Int32Array(3);
  const n = input.name;
  const pcap = captureOf(input).bytes;
  return [
    { name: `raw/loop/${n}`, area: 'raw', work, run: () => check('messages', rawLoop(streams), input.messages) },
    { name: `frame/messages/${n}`, area: 'frame', work, run: () => check('messages', frameAll(streams, framer), input.messages) },
    { name: `view/walk/${n}`, area: 'view', work, countGc: true, run: () => check('prefixes', viewWalk(streams, out), input.prefixes) },
    { name: `view/cursors/${n}`, area: 'view', work, countGc: true, run: () => check('prefixes', viewWalkCursors(streams, out), input.prefixes) },
    // The same checks and walk hand-fused into one function (bench/floor.ts): the JavaScript floor beside the view.
    { name: `floor/walk/${n}`, area: 'floor', work, countGc: true, run: () => check('prefixes', fusedWalk(streams, fused), input.prefixes) },
    { name: `decode/update/${n}`, area: 'decode', work, run: () => check('prefixes', decodeAll(streams, framer, false).prefixes, input.prefixes) },
    {
      name: `decode+json/update/${n}`,
      area: 'decode',
      work,
      run: () => {
        const r = decodeAll(streams, framer, true);
        check('prefixes', r.prefixes, input.prefixes);
        if (r.chars === 0) throw new Error('no JSON written');
      },
    },
    {
      // The same text as decode+json, as UTF-8 bytes: writeJSON into a reused TextWriter.
      name: `decode+writeJSON/update/${n}`,
      area: 'decode',
      work,
      run: () => {
        const r = decodeAllJsonBytes(streams, framer);
        check('prefixes', r.prefixes, input.prefixes);
        if (r.bytes === 0) throw new Error('no JSON written');
      },
    },
    {
      name: `capture/read/${n}`,
      area: 'capture',
      work,
      run: () => {
        const r = captureRead(pcap);
        check('messages', r.messages, input.messages);
        check('bytes', r.bytes, input.bytes);
      },
    },
  ];
}

/** The encode cases: `batch` messages per iteration (`tamper` skews the expected sizes, for the smoke test's self-check). */
export function encodeCases(batch: number, tamper = 0): Case[] {
  const out: Case[] = [];
  for (const n of [1, 10, 100]) {
    const m = encodeFixture(n);
    const len = encodeMessage(m, ENCODE_CTX).length + tamper;
    const count = Math.max(1, Math.floor(batch / n));
    out.push({
      name: `encode/update/${n}-prefix`,
      area: 'encode',
      work: { bytes: len * count, messages: count, prefixes: n * count },
      run() {
        let total = 0;
        for (let i = 0; i < count; i++) total += encodeMessage(m, ENCODE_CTX).length;
        check('bytes', total, len * count);
      },
    });
  }
  // The same single-prefix UPDATE written into one reused buffer (as into a socket's send
  // buffer): encodeMessageInto skips the per-message Uint8Array allocation.
  {
    const m = encodeFixture(1);
    const len = encodeMessage(m, ENCODE_CTX).length + tamper;
    const buf = new Uint8Array(4096);
    out.push({
      name: 'encode-into/update/1-prefix',
      area: 'encode',
      work: { bytes: len * batch, messages: batch, prefixes: batch },
      run() {
        let total = 0;
        for (let i = 0; i < batch; i++) total += encodeMessageInto(m, buf, 0, ENCODE_CTX);
        check('bytes', total, len * batch);
      },
    });
  }
  // The same single-prefix UPDATE from encodeMessagePooled (opt-in: results share a 64 KiB slab).
  {
    const m = encodeFixture(1);
    const len = encodeMessage(m, ENCODE_CTX).length + tamper;
    out.push({
      name: 'encode-pooled/update/1-prefix',
      area: 'encode',
      work: { bytes: len * batch, messages: batch, prefixes: batch },
      run() {
        let total = 0;
        for (let i = 0; i < batch; i++) total += encodeMessagePooled(m, ENCODE_CTX).length;
        check('bytes', total, len * batch);
      },
    });
  }
  const openLen = encodeMessage(OPEN_FIXTURE).length + tamper;
  out.push({
    name: 'encode/open/caps',
    area: 'encode',
    work: { bytes: openLen * batch, messages: batch, prefixes: 0 },
    run() {
      let total = 0;
      for (let i = 0; i < batch; i++) total += encodeMessage(OPEN_FIXTURE).length;
      check('bytes', total, openLen * batch);
    },
  });
  return out;
}
