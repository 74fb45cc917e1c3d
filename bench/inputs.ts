import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { bgp4mpContext } from '../src/capture/mrt-context.ts';
import type { SessionContext } from '../src/context/session-context.ts';
import { readCapture } from '../src/capture/index.ts';
import { encodeMessage } from '../src/messages/encode.ts';
import type { UpdateMessage } from '../src/attributes/types.ts';
import { decodeMessage } from '../src/messages/decode.ts';
import { isBgpError } from '../src/wire/errors.ts';

/** ../shared beside the repository (GPL data stays there; nothing is copied in). */
export const sharedRoot: string = process.env.BGPWIRE_SHARED ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared');

/** One bench input: UPDATE messages of one session context, back to back in one buffer. */
export interface Stream {
  readonly ctx: SessionContext;
  readonly bytes: Uint8Array;
  readonly messages: number;
}

/** A named input: streams by context, plus what was read to build it. */
export interface Input {
  readonly name: string;
  readonly streams: readonly Stream[];
  readonly files: readonly string[];
  /** Total bytes of BGP messages. */
  readonly bytes: number;
  readonly messages: number;
  /** Prefixes in all four prefix fields, counted by decodeMessage. */
  readonly prefixes: number;
  /** MRT records that were not BGP4MP UPDATEs, or UPDATEs decodeMessage rejects (left out). */
  readonly skipped: number;
}

/** Reads a shared file, gunzipped when it ends in .gz. */
export function readShared(rel: string): Uint8Array {
  const raw = readFileSync(join(sharedRoot, rel));
  return new Uint8Array(rel.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** Every distinct (by SHA-256 of the uncompressed bytes) gzipped MRT updates file of the corpus. */
export function corpusUpdateFiles(): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const dir = join(sharedRoot, 'corpus', 'mrt');
  if (!existsSync(dir)) return out;
  for (const sub of readdirSync(dir).sort()) {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      if (!/updates.*\.gz$/.test(name)) continue;
      const rel = join('corpus', 'mrt', sub, name);
      const h = createHash('sha256').update(readShared(rel)).digest('hex');
      if (seen.has(h)) continue;
      seen.add(h);
      out.push(rel);
    }
  }
  return out;
}

/**
 * The UPDATEs of BGP4MP records (RFC 6396 section 4.4, RFC 8050) in MRT bytes, with the
 * context each was sent under (bgp4mpContext, the MRT reader's rule).
 */
export function* mrtUpdates(mrt: Uint8Array): Generator<{ ctx: SessionContext; message: Uint8Array } | undefined> {
  let p = 0;
  while (p + 12 <= mrt.length) {
    const type = ((mrt[p + 4] as number) << 8) | (mrt[p + 5] as number);
    const subtype = ((mrt[p + 6] as number) << 8) | (mrt[p + 7] as number);
    const len = (((mrt[p + 8] as number) << 24) | ((mrt[p + 9] as number) << 16) | ((mrt[p + 10] as number) << 8) | (mrt[p + 11] as number)) >>> 0;
    let q = p + 12;
    const end = q + len;
    p = end;
    if (end > mrt.length) return;
    if (type !== 16 && type !== 17) {
      yield undefined;
      continue;
    }
    if (type === 17) q += 4; // BGP4MP_ET microseconds
    // Subtypes 1/6/8/10: 2-octet AS; 4/7/9/11: 4-octet; 8-11 carry ADD-PATH path ids (RFC 8050).
    const as4 = subtype === 4 || subtype === 7 || subtype === 9 || subtype === 11;
    const isMessage = as4 || subtype === 1 || subtype === 6 || subtype === 8 || subtype === 10;
    if (!isMessage) {
      yield undefined;
      continue;
    }
    const w = as4 ? 4 : 2;
    const rd = (at: number): number => (w === 4 ? (((mrt[at] as number) << 24) | ((mrt[at + 1] as number) << 16) | ((mrt[at + 2] as number) << 8) | (mrt[at + 3] as number)) >>> 0 : ((mrt[at] as number) << 8) | (mrt[at + 1] as number));
    const peerAs = rd(q);
    const localAs = rd(q + w);
    q += 2 * w + 2;
    const afi = ((mrt[q] as number) << 8) | (mrt[q + 1] as number);
    q += 2 + (afi === 2 ? 32 : 8);
    if (q + 19 > end || mrt[q + 18] !== 2) {
      yield undefined;
      continue;
    }
    const message = mrt.subarray(q, end);
    yield { ctx: bgp4mpContext(as4, subtype >= 8, peerAs, localAs, message), message };
  }
}

/**
 * Builds an input from UPDATEs with their contexts: grouped by session context, each group
 * concatenated into one buffer. Messages decodeMessage rejects are left out (and counted), so
 * every case runs over the same valid messages.
 */
export function inputFrom(
  name: string,
  files: readonly string[],
  updates: Iterable<{ ctx: SessionContext; message: Uint8Array } | undefined>,
  limitBytes = Infinity,
): Input {
  const groups = new Map<string, { ctx: SessionContext; parts: Uint8Array[]; size: number }>();
  let skipped = 0;
  let total = 0;
  let messages = 0;
  let prefixes = 0;
  for (const u of updates) {
    if (u === undefined) {
      skipped++;
      continue;
    }
    try {
      const m = decodeMessage(u.message, u.ctx) as UpdateMessage;
      prefixes += m.withdrawn.length + m.nlri.length;
      for (const a of m.attributes) {
        if (a.type === 'MP_REACH_NLRI') prefixes += a.nlri?.length ?? 0;
        else if (a.type === 'MP_UNREACH_NLRI') prefixes += a.withdrawn?.length ?? 0;
      }
    } catch (e) {
      if (!isBgpError(e)) throw e;
      skipped++;
      continue;
    }
    const k = JSON.stringify(u.ctx);
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = { ctx: u.ctx, parts: [], size: 0 }));
    g.parts.push(u.message);
    g.size += u.message.length;
    total += u.message.length;
    messages++;
    if (total >= limitBytes) break;
  }
  const streams: Stream[] = [];
  for (const g of groups.values()) {
    const bytes = new Uint8Array(g.size);
    let at = 0;
    for (const p of g.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    streams.push({ ctx: g.ctx, bytes, messages: g.parts.length });
  }
  return { name, streams, files, bytes: total, messages, prefixes, skipped };
}

/** An input from MRT files (BGP4MP UPDATEs), up to `limitBytes` of messages. */
export function mrtInput(name: string, files: readonly string[], limitBytes = Infinity): Input {
  function* all(): Generator<{ ctx: SessionContext; message: Uint8Array } | undefined> {
    for (const f of files) yield* mrtUpdates(readShared(f));
  }
  return inputFrom(name, files, all(), limitBytes);
}

/** An input from pcap captures (UPDATEs with the context the capture reader derived from the OPENs). */
export function captureInput(name: string, files: readonly string[]): Input {
  function* all(): Generator<{ ctx: SessionContext; message: Uint8Array } | undefined> {
    for (const f of files) {
      for (const m of readCapture(readShared(f), { ports: [179, 1179] })) {
        if (m.type !== 2) continue;
        yield m.context === undefined ? undefined : { ctx: m.context, message: m.bytes };
      }
    }
  }
  return inputFrom(name, files, all());
}

/** A tiny input without ../shared: the encode fixtures' UPDATEs, for the smoke test. */
export function syntheticInput(messages: readonly UpdateMessage[], ctx: SessionContext): Input {
  return inputFrom('synthetic', [], messages.map((m) => ({ ctx, message: encodeMessage(m, ctx) })));
}
