import type { Family } from '../context/family.ts';
import { type PeerType, type SessionContext, sessionContext } from '../context/session-context.ts';
import { checkObject } from '../wire/args.ts';

// The opt-in guess for directions whose OPENs were never captured (CaptureOptions.guess).
// What cannot be told from an UPDATE without its OPENs is how to parse it: 2- or 4-octet
// AS numbers (RFC 6793) and ADD-PATH path ids (RFC 7911). Each candidate reading is tried
// with a strict decode; the candidates that decode every UPDATE of the direction so far
// survive. One survivor is a `guess`; several are `ambiguous` (both readings are valid),
// and the first in preference order is attached.

/** Families assumed for guessed contexts: the unicast, multicast, labeled and VPN families of IPv4 and IPv6. */
const FAMILIES: readonly Family[] = [1, 2].flatMap((afi) => [1, 2, 4, 128].map((safi) => ({ afi, safi })));

/** One way to read the UPDATEs of a direction. */
export interface GuessCandidate {
  readonly as4: boolean;
  readonly addPath: boolean;
}

/** Preference order when several readings are valid: 4-octet ASNs (today's norm), then no ADD-PATH. */
export const GUESS_CANDIDATES: readonly GuessCandidate[] = [
  { as4: true, addPath: false },
  { as4: false, addPath: false },
  { as4: true, addPath: true },
  { as4: false, addPath: true },
];

/** The context of a candidate, for a peer type. Lenient: every common family, RFC 8950 next hops allowed. */
export function candidateContext(c: GuessCandidate, peerType: PeerType): SessionContext {
  checkObject(c, 'candidateContext', 'c');
  return sessionContext({
    as4: c.as4,
    addPath: c.addPath ? FAMILIES : [],
    families: FAMILIES,
    extendedNextHop: FAMILIES.filter((f) => f.afi === 1).map((f) => ({ ...f, nextHopAfi: 2 })),
    extendedMessage: true,
    peerType,
  });
}

/** The state of the guess for one direction. */
export interface GuessState {
  /** Candidates (with the peer type that decoded) still consistent with every UPDATE seen. */
  remaining: { readonly candidate: GuessCandidate; peerType: PeerType }[];
}

/** A fresh guess: every candidate possible. */
export function startGuess(): GuessState {
  return { remaining: GUESS_CANDIDATES.map((candidate) => ({ candidate, peerType: 'internal' as PeerType })) };
}

/**
 * How well a message decodes under a context: 0 strictly, 1 only with RFC 7606 issues,
 * 2 not at all.
 */
export type DecodeScore = 0 | 1 | 2;

/**
 * Narrows the guess with one UPDATE: the readings that decode it best (strictly if any
 * does, else with RFC 7606 issues) are kept; if none decodes at all, a malformed UPDATE
 * says nothing about the session and the guess is unchanged. Returns the context to
 * attach and whether it is ambiguous.
 */
export function narrowGuess(
  state: GuessState,
  bytes: Uint8Array,
  score: (bytes: Uint8Array, ctx: SessionContext) => DecodeScore,
): { readonly context: SessionContext; readonly ambiguous: boolean } | undefined {
  checkObject(state, 'narrowGuess', 'state');
  // With one reading left there is nothing to decide (and no decode to pay for).
  if (state.remaining.length > 1) {
    let best: DecodeScore = 2;
    let kept: GuessState['remaining'] = [];
    for (const r of state.remaining) {
      // RFC 7606 rules differ by peer type (LOCAL_PREF, ORIGINATOR_ID...): either may hold.
      for (const peerType of [r.peerType, r.peerType === 'internal' ? 'external' : 'internal'] as const) {
        const s = score(bytes, candidateContext(r.candidate, peerType));
        if (s > best) continue;
        if (s < best) {
          best = s;
          kept = [];
        }
        kept.push({ candidate: r.candidate, peerType });
        break;
      }
    }
    if (best < 2) state.remaining = kept;
  }
  return currentGuess(state);
}

/** The context the guess gives now, or undefined when nothing was guessed. */
export function currentGuess(state: GuessState): { readonly context: SessionContext; readonly ambiguous: boolean } | undefined {
  checkObject(state, 'currentGuess', 'state');
  const first = state.remaining[0];
  if (first === undefined) return undefined;
  return { context: candidateContext(first.candidate, first.peerType), ambiguous: state.remaining.length > 1 };
}
