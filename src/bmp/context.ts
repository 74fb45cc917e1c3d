import type { Family } from '../context/family.ts';
import { checkBytes, checkObject } from '../wire/args.ts';
import { hasFamily } from '../context/family.ts';
import type { SessionContext } from '../context/session-context.ts';
import { contextFor } from '../messages/context-for.ts';
import { decodeOpen } from '../messages/open.ts';
import type { OpenMessage } from '../messages/types.ts';
import { BmpPeerType } from './iana.ts';
import { bmpPeerFlags } from './peer-header.ts';
import type { BmpPeerHeader, BmpPeerUp } from './types.ts';

/**
 * Where a PDU's context came from: `peer-up` (the monitored peer's Peer Up OPENs, by the
 * rules of {@link bmpContext}) or `option` (given by the caller).
 */
export type BmpContextSource = 'peer-up' | 'option';

/** What a context function is told about a monitored peer. */
export interface BmpContextInfo {
  /** The per-peer header of the message being decoded (its flags say which RIB). */
  readonly peer: BmpPeerHeader;
  /** The peer's Peer Up, when one was seen. */
  readonly peerUp: BmpPeerUp | undefined;
  /** The context derived from it, if any. */
  readonly derived: SessionContext | undefined;
}

/**
 * A context to use: a value is used for monitored peers without a Peer Up; a function is
 * asked for every PDU and, when it answers, overrides.
 */
export type BmpContextOption = SessionContext | ((info: BmpContextInfo) => SessionContext | undefined) | undefined;

/** A chosen context, or why there is none. */
export type BmpContextChoice =
  | { readonly context: SessionContext; readonly source: BmpContextSource }
  | { readonly context: undefined; readonly missing: string };

/** The key of a monitored peer for contexts: Peer Type, Peer Distinguisher and Peer Address (RFC 7854 section 4.2). */
export function bmpPeerKey(peer: BmpPeerHeader): string {
  checkObject(peer, 'bmpPeerKey', 'peer');
  checkBytes(peer.distinguisher, 'bmpPeerKey', 'peer.distinguisher');
  let rd = '';
  for (const b of peer.distinguisher) rd += b.toString(16).padStart(2, '0');
  return `${peer.peerType}|${rd}|${peer.address}`;
}

/** RFC 9069 section 5.2: for Loc-RIB, ADD-PATH applies wherever the capability appears, whatever its Send/Receive. */
function locRibAddPath(open: OpenMessage): Family[] {
  const out: Family[] = [];
  for (const c of open.capabilities) {
    if (c.type !== 'add-path') continue;
    for (const f of c.families) if (!hasFamily(out, f.afi, f.safi)) out.push({ afi: f.afi, safi: f.safi });
  }
  return out;
}

/**
 * The context of a Route Monitoring (or Route Mirroring) PDU of `peer`, from its Peer Up's
 * OPENs (already decoded: `sent` is the monitored router's, `received` the peer's):
 * - Loc-RIB instance peer (type 3): the fabricated OPEN (RFC 9069 section 5.2), 4-octet AS
 *   ("MUST use a 4-byte ASN encoding", section 5.4.1), ADD-PATH wherever the capability is
 *   present ("the capability intent ... can be ignored");
 * - O flag (Adj-RIB-Out, RFC 8671 section 4): what the router sends, `contextFor(sent, received)`;
 * - otherwise (Adj-RIB-In): what the peer sent, `contextFor(received, sent)`;
 * - for types 0-2 (Route Monitoring only) the A flag decides the AS_PATH width (RFC 7854
 *   section 4.2: set, "the legacy 2-byte AS_PATH format"; clear, "the 4-byte AS_PATH format").
 */
export function bmpContext(peer: BmpPeerHeader, sent: OpenMessage, received: OpenMessage, isMirroring = false): SessionContext {
  checkObject(peer, 'bmpContext', 'peer');
  checkObject(sent, 'bmpContext', 'sent');
  checkObject(received, 'bmpContext', 'received');
  if (peer.peerType === BmpPeerType.LocRib) {
    const ctx = contextFor(sent, sent);
    return { ...ctx, as4: true, asn4: true, addPath: locRibAddPath(sent) };
  }
  const flags = bmpPeerFlags(peer);
  const ctx = flags.isAdjRibOut ? contextFor(sent, received) : contextFor(received, sent);
  // RFC 7854 section 4.2: the A flag "has no significance when used with route mirroring messages".
  if (isMirroring) return ctx;
  return ctx.as4 === !flags.isAs2 ? ctx : { ...ctx, as4: !flags.isAs2, asn4: !flags.isAs2 };
}

/** A Peer Up's OPENs, decoded once. */
export interface BmpPeerOpens {
  readonly peerUp: BmpPeerUp;
  readonly sent: OpenMessage | undefined;
  readonly received: OpenMessage | undefined;
  /** Why the OPENs give no context (an OPEN did not decode). */
  readonly problem?: string;
  /** Contexts derived so far, by the flags that select them (filled by {@link chooseBmpContext}). */
  readonly cache?: Map<string, SessionContext>;
}

/** Decodes a Peer Up's two OPENs (RFC 7854 section 4.10); a failure is kept as `problem`. */
export function peerUpOpens(peerUp: BmpPeerUp): BmpPeerOpens {
  checkObject(peerUp, 'peerUpOpens', 'peerUp');
  let sent: OpenMessage | undefined;
  let received: OpenMessage | undefined;
  const problems: string[] = [];
  try {
    sent = decodeOpen(peerUp.sentOpen);
  } catch (e) {
    problems.push(`sent OPEN does not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    received = decodeOpen(peerUp.receivedOpen);
  } catch (e) {
    problems.push(`received OPEN does not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
  return problems.length === 0 ? { peerUp, sent, received, cache: new Map() } : { peerUp, sent, received, problem: problems.join('; ') };
}

/**
 * Chooses the context of a PDU of `peer`: from `opens` by {@link bmpContext}, then the option
 * (a value only where no Peer Up gives one; a function overriding when it answers). With
 * neither, the result says what is missing: a context is never guessed.
 */
export function chooseBmpContext(peer: BmpPeerHeader, opens: BmpPeerOpens | undefined, option: BmpContextOption, isMirroring = false): BmpContextChoice {
  checkObject(peer, 'chooseBmpContext', 'peer');
  let derived: SessionContext | undefined;
  let problem: string | undefined;
  if (opens !== undefined && opens.sent !== undefined && opens.received !== undefined) {
    // Performance: one derivation per Peer Up and view (the flags and type that select it), not per PDU.
    const key = `${peer.peerType === BmpPeerType.LocRib ? 'loc' : peer.flags & 0x30}|${isMirroring}`;
    try {
      derived = opens.cache?.get(key);
      if (derived === undefined) {
        derived = bmpContext(peer, opens.sent, opens.received, isMirroring);
        opens.cache?.set(key, derived);
      }
    } catch (e) {
      problem = `no context from the Peer Up: ${e instanceof Error ? e.message : String(e)}`;
    }
  } else if (opens !== undefined) {
    problem = opens.problem ?? 'the Peer Up OPENs do not decode';
  }
  if (typeof option === 'function') {
    const chosen = option({ peer, peerUp: opens?.peerUp, derived });
    if (chosen !== undefined) return { context: chosen, source: 'option' };
  } else if (option !== undefined && derived === undefined) {
    return { context: option, source: 'option' };
  }
  if (derived !== undefined) return { context: derived, source: 'peer-up' };
  return { context: undefined, missing: problem ?? 'no Peer Up seen for this peer (give a context option)' };
}
