/**
 * Lines up our messages of a capture with tshark's, frame by frame and message by message
 * (by type, in order), decodes ours and compares the values of each pair (see facts.ts).
 */
import type { CaptureMessage } from '../../src/capture/index.ts';
import type { SessionContext } from '../../src/context/session-context.ts';
import { sessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { encodeMessage } from '../../src/messages/encode.ts';
import type { BgpMessage } from '../../src/messages/types.ts';
import { bytesEqual } from '../../src/wire/hex.ts';
import { compareFacts, type Facts, type Kind, KINDS, type Tally, tally, type TsharkMessage } from './facts.ts';
import { ourFacts } from './our-facts.ts';
import { tsharkFacts } from './tshark-facts.ts';
import { str } from './tshark-json.ts';

/**
 * RFC 8950 next hops allowed for IPv4 NLRI, as the capture layer's own guess does
 * (src/capture/context-guess.ts): a VPN-IPv4 route with an IPv6 next hop reads only so.
 */
const EXTENDED_NEXT_HOP = [1, 2, 4, 128, 129].map((safi) => ({ afi: 1, safi, nextHopAfi: 2 }));

/**
 * Contexts tried for an UPDATE of a direction whose OPENs were never seen (a capture that
 * starts after the OPENs): 2- or 4-octet AS, ADD-PATH off or on for IPv4/IPv6 unicast,
 * internal or external peer; RFC 8950 next hops for IPv4 families.
 */
export const CANDIDATE_CONTEXTS: readonly SessionContext[] = [true, false].flatMap((asn4) =>
  (['internal', 'external'] as const).flatMap((peerType) => [
    sessionContext({ asn4, peerType, extendedNextHop: EXTENDED_NEXT_HOP }),
    sessionContext({ asn4, peerType, extendedNextHop: EXTENDED_NEXT_HOP, addPath: [{ afi: 1, safi: 1 }, { afi: 2, safi: 1 }] }),
  ]),
);

/**
 * The rule for an UPDATE with no context: a reading under a candidate context is valid when
 * it decodes (no session reset) and re-encodes to the same bytes; among the valid readings
 * only those with the fewest RFC 7606 issues are kept. When they all give the same values
 * (of the kinds compared), that is the decode; when they disagree the message is
 * `ambiguous` and not compared; with no valid reading it is `invalid`.
 */
export function readWithoutContext(bytes: Uint8Array, kinds: readonly Kind[]): BgpMessage | 'ambiguous' | 'invalid' {
  let fewest = Number.POSITIVE_INFINITY;
  let readings = new Map<string, BgpMessage>();
  for (const ctx of CANDIDATE_CONTEXTS) {
    let d: BgpMessage;
    try {
      d = decodeMessage(bytes, ctx);
      if (d.type !== 'UPDATE' || !bytesEqual(encodeMessage(d, ctx), bytes)) continue;
    } catch {
      continue; // not a valid reading under this context
    }
    const issues = d.issues?.length ?? 0;
    if (issues > fewest) continue;
    if (issues < fewest) {
      fewest = issues;
      readings = new Map();
    }
    readings.set(factsKey(ourFacts(d), kinds), d);
  }
  if (readings.size === 0) return 'invalid';
  if (readings.size > 1) return 'ambiguous';
  return [...readings.values()][0] as BgpMessage;
}

function factsKey(f: Facts, kinds: readonly Kind[]): string {
  return JSON.stringify(kinds.map((k) => f.values.get(k) ?? []));
}

/** What comparing one capture found. */
export interface CaptureComparison extends Tally {
  /** Messages per type code, ours and tshark's. */
  readonly ourTypes: Record<string, number>;
  readonly theirTypes: Record<string, number>;
  /** Message pairs whose values were compared. */
  pairs: number;
  /** Our messages that could not be decoded (no context, or BgpError), with why. */
  readonly undecoded: string[];
  /** Messages found by one side only (after pairing within and across frames). */
  readonly unmatched: string[];
  /** Messages paired across frames: both sides have them, at different frame numbers. */
  readonly reframed: string[];
  /** UPDATEs without a context decoded by {@link readWithoutContext}. */
  guessed: number;
  /** UPDATEs without a context with two valid readings that disagree (not compared). */
  ambiguous: number;
}

function countTypes(types: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of types) out[t] = (out[t] ?? 0) + 1;
  return out;
}

/**
 * Compares our messages with tshark's. UPDATEs of a direction whose OPENs were not seen
 * are read by {@link readWithoutContext} when `guess` is set, else counted in `undecoded`.
 * `factsOf` gives our facts of a message (default: those of `decodeMessage`'s value).
 */
export function compareCapture(
  ours: readonly CaptureMessage[],
  theirs: readonly TsharkMessage[],
  options: { kinds?: readonly Kind[]; guess?: boolean; factsOf?: (m: CaptureMessage, decoded: BgpMessage) => Facts } = {},
): CaptureComparison {
  const kinds = options.kinds ?? KINDS;
  const result: CaptureComparison = {
    ...tally(),
    ourTypes: countTypes(ours.map((m) => m.type)),
    theirTypes: countTypes(theirs.map((m) => Number((m.bgp as Record<string, unknown>)['bgp.type']))),
    pairs: 0,
    undecoded: [],
    unmatched: [],
    reframed: [],
    guessed: 0,
    ambiguous: 0,
  };
  const byFrame = new Map<number, { ours: CaptureMessage[]; theirs: TsharkMessage[] }>();
  const slot = (frame: number) => {
    let s = byFrame.get(frame);
    if (s === undefined) {
      s = { ours: [], theirs: [] };
      byFrame.set(frame, s);
    }
    return s;
  };
  for (const m of ours) slot(m.frame).ours.push(m);
  for (const m of theirs) slot(m.frame).theirs.push(m);
  // Pair within each frame by type and length, in order (longest common subsequence); what is left over
  // on both sides is then paired across frames in order, and reported as reframed.
  const leftOurs: CaptureMessage[] = [];
  const leftTheirs: TsharkMessage[] = [];
  const pairs: [CaptureMessage, TsharkMessage, string][] = [];
  for (const [frame, s] of [...byFrame].sort((a, b) => a[0] - b[0])) {
    // Type and header length identify a message well enough to line up the two lists.
    const matched = lcs(
      s.ours.map((m) => `${m.type}/${((m.bytes[16] ?? 0) << 8) | (m.bytes[17] ?? 0)}`),
      s.theirs.map((m) => `${str(m.bgp, 'bgp.type')}/${str(m.bgp, 'bgp.length')}`),
    );
    const usedOurs = new Set(matched.map(([i]) => i));
    const usedTheirs = new Set(matched.map(([, j]) => j));
    for (const [i, j] of matched) pairs.push([s.ours[i] as CaptureMessage, s.theirs[j] as TsharkMessage, `frame ${frame}.${j + 1}`]);
    s.ours.forEach((m, i) => usedOurs.has(i) || leftOurs.push(m));
    s.theirs.forEach((m, j) => usedTheirs.has(j) || leftTheirs.push(m));
  }
  const used = new Set<number>();
  for (const t of leftTheirs) {
    const type = Number(str(t.bgp, 'bgp.type'));
    const k = leftOurs.findIndex((m, i) => !used.has(i) && m.type === type);
    if (k < 0) {
      result.unmatched.push(`frame ${t.frame}: tshark's ${type} has no counterpart in ours`);
      continue;
    }
    used.add(k);
    const m = leftOurs[k] as CaptureMessage;
    result.reframed.push(`type ${type}: frame ${m.frame} ours, ${t.frame} tshark`);
    pairs.push([m, t, `frame ${t.frame} (ours ${m.frame})`]);
  }
  leftOurs.forEach((m, i) => used.has(i) || result.unmatched.push(`frame ${m.frame}: our ${m.type} has no counterpart in tshark's`));
  for (const [m, their, where] of pairs) {
    const t = tsharkFacts(their.bgp);
    let decoded: BgpMessage;
    if (m.type === 2 && m.context === undefined) {
      const read = options.guess === true ? readWithoutContext(m.bytes, kinds) : 'invalid';
      if (read === 'ambiguous') {
        result.ambiguous++;
        continue;
      }
      if (read === 'invalid') {
        result.undecoded.push(`${where}: UPDATE without a context${options.guess === true ? ' and no valid reading' : ''}`);
        continue;
      }
      decoded = read;
      result.guessed++;
    } else {
      try {
        decoded = decodeMessage(m.bytes, m.context);
      } catch (e) {
        result.undecoded.push(`${where}: ${(e as Error).name}: ${(e as Error).message}`);
        continue;
      }
    }
    result.pairs++;
    compareFacts(options.factsOf === undefined ? ourFacts(decoded) : options.factsOf(m, decoded), t, where, result, kinds);
  }
  return result;
}

/** Index pairs of a longest common subsequence of `a` and `b`. */
function lcs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = len[i] as number[];
    const next = len[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
  }
  const out: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      out.push([i, j]);
      i++;
      j++;
    } else if ((len[i + 1]?.[j] ?? 0) >= (len[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return out;
}
