/**
 * Lines up our messages of a capture with tshark's, frame by frame and message by message,
 * decodes ours and compares the values of each pair (see facts.ts).
 */
import type { CaptureMessage } from '../../src/capture/index.ts';
import type { SessionContext } from '../../src/context/session-context.ts';
import { decodeMessage } from '../../src/messages/decode.ts';
import { compareFacts, type Kind, KINDS, ourFacts, type Tally, tally, tsharkFacts, type TsharkMessage } from './facts.ts';

/** What comparing one capture found. */
export interface CaptureComparison extends Tally {
  /** Messages per type code, ours and tshark's. */
  readonly ourTypes: Record<string, number>;
  readonly theirTypes: Record<string, number>;
  /** Message pairs whose values were compared. */
  pairs: number;
  /** Our messages that could not be decoded (no context, or BgpError), with why. */
  readonly undecoded: string[];
}

function countTypes(types: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of types) out[t] = (out[t] ?? 0) + 1;
  return out;
}

/**
 * Compares our messages with tshark's. `fallback` is the context for UPDATEs of a direction
 * whose OPENs were not seen (undefined: such UPDATEs are counted in `undecoded`).
 */
export function compareCapture(
  ours: readonly CaptureMessage[],
  theirs: readonly TsharkMessage[],
  options: { kinds?: readonly Kind[]; fallback?: SessionContext } = {},
): CaptureComparison {
  const kinds = options.kinds ?? KINDS;
  const result: CaptureComparison = {
    ...tally(),
    ourTypes: countTypes(ours.map((m) => m.type)),
    theirTypes: countTypes(theirs.map((m) => Number((m.bgp as Record<string, unknown>)['bgp.type']))),
    pairs: 0,
    undecoded: [],
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
  for (const [frame, s] of [...byFrame].sort((a, b) => a[0] - b[0])) {
    if (s.ours.length !== s.theirs.length) {
      result.mismatches.push(`frame ${frame}: ${s.ours.length} messages ours vs ${s.theirs.length} tshark`);
    }
    const n = Math.min(s.ours.length, s.theirs.length);
    for (let i = 0; i < n; i++) {
      const m = s.ours[i] as CaptureMessage;
      const t = tsharkFacts((s.theirs[i] as TsharkMessage).bgp);
      const where = `frame ${frame}.${i + 1}`;
      if (m.type !== t.type) {
        result.mismatches.push(`${where}: type ${m.type} ours vs ${t.type} tshark`);
        continue;
      }
      const ctx = m.context ?? (m.type === 2 ? options.fallback : undefined);
      if (m.type === 2 && ctx === undefined) {
        result.undecoded.push(`${where}: UPDATE without a context`);
        continue;
      }
      let decoded;
      try {
        decoded = decodeMessage(m.bytes, ctx);
      } catch (e) {
        result.undecoded.push(`${where}: ${(e as Error).name}: ${(e as Error).message}`);
        continue;
      }
      result.pairs++;
      compareFacts(ourFacts(decoded), t, where, result, kinds);
    }
  }
  return result;
}
