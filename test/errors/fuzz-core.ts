// The fuzz campaign itself, free of vitest so that test:slow can bundle it into a worker
// thread watched by a hang watchdog. Every case runs every decoding entry point and asserts
// that each gives a value or a BgpError and nothing else.
import { decodeAttributes } from '../../src/attributes/decode.ts';
import { reconstructAsPath } from '../../src/attributes/as4.ts';
import type { UpdateMessage } from '../../src/attributes/types.ts';
import { type SessionContext, sessionContext } from '../../src/context/session-context.ts';
import { toJSON } from '../../src/json.ts';
import { contextFor } from '../../src/messages/context-for.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import { peekMessage } from '../../src/messages/header.ts';
import { notificationFor } from '../../src/messages/notification-for.ts';
import type { OpenMessage } from '../../src/messages/types.ts';
import { validateOpen } from '../../src/messages/validate-open.ts';
import { validateAsPath } from '../../src/messages/validate-update.ts';
import { frameMessages } from '../../src/messages/framing.ts';
import type { PrefixCursor } from '../../src/view/prefix-cursor.ts';
import { UpdateView, viewUpdate } from '../../src/view/update-view.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { toHex } from '../../src/wire/hex.ts';
import { layoutOf, mutate, Rng } from '../helpers/mutate.ts';
import { mutateBmp } from '../helpers/mutate-bmp.ts';
import { BmpFramer, BmpPeers, decodeBmpMessage, encodeBmpMessage, peekBmp } from '../../src/bmp/index.ts';

/** A seed message and the context it was captured under (if known). */
export interface Seed {
  readonly bytes: Uint8Array;
  readonly ctx?: SessionContext;
  /** A BMP message (RFC 7854): mutated by mutateBmp and run through the BMP entry points. */
  readonly bmp?: true;
}

/** Contexts every case may be decoded under, besides its seed's own. */
export const CONTEXTS: readonly SessionContext[] = [
  sessionContext({ asn4: true }),
  sessionContext({ asn4: false }),
  sessionContext({ asn4: true, peerType: 'internal' }),
  sessionContext({ asn4: false, peerType: 'confed-external' }),
  sessionContext({ asn4: true, addPath: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] }),
  sessionContext({ asn4: true, extendedMessage: true, enhancedRouteRefresh: true, hardReset: true }),
  sessionContext({ asn4: false, extendedNextHop: [{ afi: 1, safi: 1, nextHopAfi: 2 }], families: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] }),
];

/** Result of a campaign. */
export interface CampaignResult {
  cases: number;
  /** How many cases decoded to a value / threw a BgpError (non-strict decodeMessage). */
  values: number;
  errors: number;
  /** `code/subcode/action` → count; `session-reset` stands for a thrown BgpError. */
  reach: Record<string, number>;
  /** Mutation operator → count. */
  ops: Record<string, number>;
  /** Failures by kind, at most 3 examples each (hex of the input). */
  failures: Record<string, { count: number; examples: string[] }>;
}

/** Shared with a watchdog: [0] cases done; the current input is in `current` (length at [1]). */
export interface Heartbeat {
  readonly counter: Int32Array;
  readonly current: Uint8Array;
}

function fail(res: CampaignResult, kind: string, input: Uint8Array, e?: unknown): void {
  const f = (res.failures[kind] ??= { count: 0, examples: [] });
  f.count++;
  if (f.examples.length < 3) f.examples.push(`${toHex(input.subarray(0, 600))}${e instanceof Error ? ` :: ${e.name}: ${e.message}` : ''}`);
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Runs `fn`; a BgpError comes back as a value, anything else is recorded as a failure. */
function guard<T>(res: CampaignResult, kind: string, input: Uint8Array, fn: () => T): T | BgpError | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BgpError) return e;
    fail(res, kind, input, e);
    return undefined;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const PEER = 65001;
const wide = new WeakMap<SessionContext, SessionContext>();
function WIDE(ctx: SessionContext): SessionContext {
  let w = wide.get(ctx);
  if (w === undefined) wide.set(ctx, (w = { ...ctx, as4: true, asn4: true, extendedMessage: true }));
  return w;
}

function drain(c: PrefixCursor): number {
  let n = 0;
  while (c.next() && n < 70_000) {
    n++;
    if ((n & 63) === 1) c.toString();
  }
  return n;
}

/** Every accessor of a lazy view; the counts must match the decoded value. */
function exerciseView(v: UpdateView, m: UpdateMessage | undefined): string | undefined {
  v.origin();
  v.originAs();
  v.pathLength();
  v.nextHop();
  v.med();
  v.localPref();
  v.communities();
  v.largeCommunities();
  v.extendedCommunities();
  v.mpReach();
  v.mpUnreach();
  v.mpNextHop();
  v.mpReachFamily();
  for (const c = v.asPath(); c.nextSegment(); );
  for (const c = v.as4Path(); c.nextSegment(); );
  for (const c = v.attributes(); c.next(); ) v.decodeAttribute(c.code);
  const nlri = drain(v.nlri());
  const withdrawn = drain(v.withdrawn());
  drain(v.mpReachNlri());
  drain(v.mpUnreachWithdrawn());
  if (m !== undefined && (nlri !== m.nlri.length || withdrawn !== m.withdrawn.length)) return `view counts ${nlri}/${withdrawn}, decoded ${m.nlri.length}/${m.withdrawn.length}`;
  return undefined;
}

function tripleList(issues: readonly { code: number; subcode: number; action: string }[] | undefined): string {
  return (issues ?? []).map((i) => `${i.code}/${i.subcode}/${i.action}`).sort().join(' ');
}

const reused = new UpdateView();

/** Every decoding entry point on one input. */
export function runCase(bytes: Uint8Array, ctx: SessionContext, res: CampaignResult): void {
  guard(res, 'peekMessage', bytes, () => peekMessage(bytes));
  guard(res, 'peekMessage(ctx)', bytes, () => peekMessage(bytes, 0, ctx));
  guard(res, 'frameMessages', bytes, () => frameMessages(bytes, () => {}, 0, ctx));
  const m = guard(res, 'decodeMessage', bytes, () => decodeMessage(bytes, ctx));
  if (bytes.length >= 19 && bytes[18] === 2) {
    // The lazy view agrees with decodeMessage: the same BgpError, or the same issues.
    const v = guard(res, 'viewUpdate', bytes, () => viewUpdate(bytes, ctx));
    // One reused view, reset three times on the same bytes: the second makes the view's
    // DataView, the third reads the marker through it, and must answer as viewUpdate.
    const twice = guard(res, 'UpdateView.reset again', bytes, () => {
      guard(res, 'UpdateView.reset', bytes, () => reused.reset(bytes, ctx));
      guard(res, 'UpdateView.reset', bytes, () => reused.reset(bytes, ctx));
      return reused.reset(bytes, ctx);
    });
    if (v !== undefined && twice !== undefined && (twice instanceof BgpError ? `${twice.code}/${twice.subcode}` : twice.attributeCount) !== (v instanceof BgpError ? `${v.code}/${v.subcode}` : v.attributeCount)) {
      fail(res, 'a second reset on the same bytes disagrees with viewUpdate', bytes);
    }
    if (v instanceof BgpError || m instanceof BgpError) {
      if (!(v instanceof BgpError && m instanceof BgpError) || v.code !== m.code || v.subcode !== m.subcode) {
        if (v !== undefined && m !== undefined) fail(res, 'viewUpdate and decodeMessage disagree on the error', bytes, new Error(`view ${v instanceof BgpError ? `${v.code}/${v.subcode}` : 'value'}, decode ${m instanceof BgpError ? `${m.code}/${m.subcode}` : 'value'}`));
      }
    } else if (v !== undefined && m !== undefined) {
      const u = m as UpdateMessage;
      const why = guard(res, 'view accessors', bytes, () => exerciseView(v, u));
      if (typeof why === 'string') fail(res, 'view accessors disagree', bytes, new Error(why));
      if (tripleList(v.issues) !== tripleList(u.issues)) fail(res, 'viewUpdate and decodeMessage disagree on issues', bytes, new Error(`view [${tripleList(v.issues)}], decode [${tripleList(u.issues)}]`));
      guard(res, 'view toOwned', bytes, () => {
        const length = ((bytes[16] as number) << 8) | (bytes[17] as number);
        if (!bytesEqual(encodeMessage(v.toOwned(), ctx), bytes.subarray(0, length))) throw new Error('toOwned re-encodes differently');
      });
    }
  }
  // Strict decoding differs only where the default finds issues or an OPEN; elsewhere it is
  // the same call, so it runs on 1 case in 8 of those (to keep the campaign's cost down).
  const clean = m !== undefined && !(m instanceof BgpError) && m.type !== 'OPEN' && !(m.type === 'UPDATE' && (m as UpdateMessage).issues !== undefined);
  const strict = clean && (bytes[19] ?? 0) % 8 !== 0 ? m : guard(res, 'decodeMessage strict', bytes, () => decodeMessage(bytes, ctx, { strict: true }));
  if (strict instanceof BgpError) bump(res.reach, `${strict.code}/${strict.subcode}/session-reset`);
  if (m === undefined) return;
  if (m instanceof BgpError) {
    res.errors++;
    if (!(strict instanceof BgpError) || strict.code !== m.code || strict.subcode !== m.subcode) bump(res.reach, `${m.code}/${m.subcode}/session-reset`);
    if (strict !== undefined && !(strict instanceof BgpError)) fail(res, 'strict accepts what default rejects', bytes);
    guard(res, 'notificationFor', bytes, () => {
      const n = encodeMessage(notificationFor(m, ctx), ctx);
      if (n.length > (ctx.extendedMessage ? 65535 : 4096)) throw new Error(`notification of ${n.length} bytes`);
    });
    return;
  }
  res.values++;
  const length = ((bytes[16] as number) << 8) | (bytes[17] as number);
  guard(res, 'encodeMessage', bytes, () => {
    const again = encodeMessage(m, ctx);
    if (!bytesEqual(again, bytes.subarray(0, length))) throw new Error('re-encoded bytes differ');
  });
  guard(res, 'toJSON', bytes, () => JSON.stringify(toJSON(m)));
  if (m.type === 'UPDATE') {
    const u = m as UpdateMessage;
    for (const i of u.issues ?? []) bump(res.reach, `${i.code}/${i.subcode}/${i.action}`);
    guard(res, 'reconstructAsPath', bytes, () => {
      const attributes = reconstructAsPath(u.attributes, ctx);
      if (attributes.length === u.attributes.length && (bytes[20] ?? 0) % 4 !== 0) return;
      // The reconstructed attributes are values the encoder takes (4-octet ASNs now); only a
      // size beyond 65535 octets (2-octet ASNs doubled) may refuse, with a RangeError.
      try {
        encodeMessage({ type: 'UPDATE', withdrawn: u.withdrawn, attributes, nlri: u.nlri }, WIDE(ctx));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
      }
    });
    guard(res, 'validateAsPath', bytes, () => validateAsPath(u, { asn: PEER, peerType: ctx.peerType }));
    const l = layoutOf(bytes);
    // decodeAttributes on the field decodeMessage just read is the same work: 1 case in 4.
    if (l.attrsStart !== undefined && l.attrsEnd !== undefined && l.attrsEnd >= l.attrsStart && (bytes[21] ?? 0) % 4 === 0) {
      const field = bytes.subarray(l.attrsStart, l.attrsEnd);
      guard(res, 'decodeAttributes', bytes, () => decodeAttributes(field, ctx));
    }
  } else if (m.type === 'OPEN') {
    const o = m as OpenMessage;
    guard(res, 'validateOpen', bytes, () => validateOpen(o, { peerAs: PEER, localAs: 65000, localBgpId: '192.0.2.9', localRole: 1, requiredCapabilities: [{ type: 'route-refresh' } as never] }));
    guard(res, 'contextFor', bytes, () => contextFor(o, o));
  }
}

/**
 * Every BMP entry point on one input (issue 20): peekBmp, the framer, decodeBmpMessage, the
 * re-encoding (any message that decodes re-encodes byte for byte), toJSON, and the BGP PDUs
 * inside through `peers` (whose Peer Ups give contexts, so UPDATEs decode for real).
 */
export function runBmpCase(bytes: Uint8Array, peers: BmpPeers, res: CampaignResult): void {
  guard(res, 'peekBmp', bytes, () => peekBmp(bytes));
  guard(res, 'BmpFramer', bytes, () => {
    const f = new BmpFramer({ maxLength: 1 << 20 });
    f.push(bytes.subarray(0, bytes.length >> 1));
    f.push(bytes.subarray(bytes.length >> 1));
    f.end();
  });
  const m = guard(res, 'decodeBmpMessage', bytes, () => decodeBmpMessage(bytes));
  if (m === undefined) return;
  if (m instanceof BgpError) {
    res.errors++;
    bump(res.reach, 'bmp/error');
    return;
  }
  res.values++;
  bump(res.reach, `bmp/${m.type}`);
  guard(res, 'encodeBmpMessage', bytes, () => {
    const length = ((bytes[1] as number) << 24) | ((bytes[2] as number) << 16) | ((bytes[3] as number) << 8) | (bytes[4] as number);
    if (!bytesEqual(encodeBmpMessage(m), bytes.subarray(0, length >>> 0))) throw new Error('BMP re-encoded bytes differ');
  });
  guard(res, 'bmp toJSON', bytes, () => JSON.stringify(toJSON(m)));
  const pdus = guard(res, 'BmpPeers.read', bytes, () => peers.read(m));
  if (pdus === undefined || pdus instanceof BgpError) return;
  for (const p of pdus) {
    if (p.message === undefined && p.error === undefined && p.missing === undefined) fail(res, 'a BMP PDU with neither message, error nor missing', bytes);
    bump(res.reach, p.missing !== undefined ? 'bmp/pdu-missing' : p.message === undefined ? 'bmp/pdu-error' : `bmp/pdu-${p.message.type}`);
    if (p.message !== undefined) guard(res, 'bmp pdu toJSON', bytes, () => JSON.stringify(toJSON(p.message)));
  }
}

/** Runs `cases` mutated inputs (about 1 in 10 unmutated seeds or attribute fragments). */
export function runCampaign(
  seeds: readonly Seed[],
  fragments: readonly Uint8Array[],
  cases: number,
  seed: number,
  heartbeat?: Heartbeat,
  progress?: (r: CampaignResult) => void,
): CampaignResult {
  // Stack traces are most of the cost of a thrown BgpError (and vitest source-maps them):
  // the campaign only needs the errors' fields.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return campaign(seeds, fragments, cases, seed, heartbeat, progress);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function campaign(seeds: readonly Seed[], fragments: readonly Uint8Array[], cases: number, seed: number, heartbeat?: Heartbeat, progress?: (r: CampaignResult) => void): CampaignResult {
  const res: CampaignResult = { cases: 0, values: 0, errors: 0, reach: {}, ops: {}, failures: {} };
  const rng = new Rng(seed);
  const pool = seeds.map((s) => s.bytes);
  // The monitored peers of the BMP seeds, so their Route Monitoring decodes with real contexts;
  // mutated Peer Up / Peer Down messages go to a scratch state instead, not to spoil it.
  const peers = new BmpPeers({ maxPeers: 256 });
  for (const s of seeds) {
    if (s.bmp !== true || s.bytes[5] !== 3) continue;
    try {
      peers.read(decodeBmpMessage(s.bytes));
    } catch {
      // a seed that does not decode is simply not a Peer Up here
    }
  }
  for (let n = 0; n < cases; n++) {
    const s = seeds[rng.int(seeds.length)] as Seed;
    if (s.bmp === true) {
      let bytes = s.bytes;
      let state = peers;
      if (!rng.chance(0.05)) {
        const m = mutateBmp(s.bytes, rng, pool);
        bytes = m.bytes;
        for (const op of m.ops) bump(res.ops, op);
        if (bytes[5] === 2 || bytes[5] === 3) state = new BmpPeers();
      }
      if (heartbeat !== undefined) {
        const len = Math.min(bytes.length, heartbeat.current.length);
        heartbeat.current.set(bytes.subarray(0, len));
        Atomics.store(heartbeat.counter, 1, len);
        Atomics.store(heartbeat.counter, 2, 98);
      }
      runBmpCase(bytes, state, res);
      res.cases++;
      if (heartbeat !== undefined) Atomics.store(heartbeat.counter, 0, res.cases);
      if (progress !== undefined && res.cases % 100_000 === 0) progress(res);
      continue;
    }
    const ctx = s.ctx !== undefined && rng.chance(0.5) ? s.ctx : (CONTEXTS[rng.int(CONTEXTS.length)] as SessionContext);
    let bytes: Uint8Array;
    if (rng.chance(0.03) && fragments.length > 0) {
      // A raw fragment (attribute value, NLRI …) as a path attribute field.
      const f = fragments[rng.int(fragments.length)] as Uint8Array;
      guard(res, 'decodeAttributes', f, () => decodeAttributes(f, ctx));
      bytes = s.bytes;
    } else if (rng.chance(0.05)) {
      bytes = s.bytes;
    } else {
      const m = mutate(s.bytes, rng, pool);
      bytes = m.bytes;
      for (const op of m.ops) bump(res.ops, op);
    }
    if (heartbeat !== undefined) {
      const len = Math.min(bytes.length, heartbeat.current.length);
      heartbeat.current.set(bytes.subarray(0, len));
      Atomics.store(heartbeat.counter, 1, len);
      Atomics.store(heartbeat.counter, 2, ctxIndex(ctx));
    }
    runCase(bytes, ctx, res);
    res.cases++;
    if (heartbeat !== undefined) Atomics.store(heartbeat.counter, 0, res.cases);
    if (progress !== undefined && res.cases % 100_000 === 0) progress(res);
  }
  return res;
}

function ctxIndex(ctx: SessionContext): number {
  const i = CONTEXTS.indexOf(ctx);
  return i < 0 ? 99 : i;
}

/** Merges campaign results (for reports). */
export function mergeResults(a: CampaignResult, b: CampaignResult): CampaignResult {
  const out: CampaignResult = { cases: a.cases + b.cases, values: a.values + b.values, errors: a.errors + b.errors, reach: { ...a.reach }, ops: { ...a.ops }, failures: { ...a.failures } };
  for (const [k, v] of Object.entries(b.reach)) out.reach[k] = (out.reach[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.ops)) out.ops[k] = (out.ops[k] ?? 0) + v;
  for (const [k, v] of Object.entries(b.failures)) {
    const f = (out.failures[k] ??= { count: 0, examples: [] });
    f.count += v.count;
    f.examples.push(...v.examples.slice(0, 3 - f.examples.length));
  }
  return out;
}
