import type { Capability, GracefulRestartCapability } from '../capabilities/types.ts';
import type { Family } from '../context/family.ts';
import { hasFamily } from '../context/family.ts';
import type { ExtendedNextHopFamily, LabelCountFamily, PeerType, SessionContext } from '../context/session-context.ts';
import type { OpenMessage } from './types.ts';
import { checkArray, checkOptions, checkTyped } from '../wire/args.ts';

/** Options of {@link contextFor}. */
export interface ContextForOptions {
  /**
   * The kind of peer. Default: `internal` when both OPENs carry the same AS ({@link localAsOf}),
   * else `external` (a confederation-external peer cannot be told from the OPENs: say so here).
   */
  readonly peerType?: PeerType;
}

/** The speaker's AS: the 4-octet AS capability's (RFC 6793 section 4.1) if present, else My AS. */
export function localAsOf(open: OpenMessage): number {
  checkTyped(open, 'localAsOf', 'open');
  for (const c of open.capabilities) if (c.type === 'as4') return c.asn;
  return open.myAs;
}

function has(open: OpenMessage, type: Capability['type']): boolean {
  return open.capabilities.some((c) => c.type === type);
}

/** RFC 4760 section 8: the families a speaker announced; none announced means IPv4 unicast only. */
function familiesOf(open: OpenMessage): Family[] | undefined {
  const out: Family[] = [];
  for (const c of open.capabilities) if (c.type === 'multiprotocol' && !hasFamily(out, c.afi, c.safi)) out.push({ afi: c.afi, safi: c.safi });
  return out.length === 0 ? undefined : out;
}

/** RFC 7911 section 4: per family, the Send/Receive of the last tuple announced for it. */
function addPathOf(open: OpenMessage): Map<string, { send: boolean; receive: boolean }> {
  const m = new Map<string, { send: boolean; receive: boolean }>();
  for (const c of open.capabilities) {
    if (c.type !== 'add-path') continue;
    for (const f of c.families) {
      // RFC 7911 section 4: a Send/Receive value other than 1, 2 or 3 "SHOULD be treated as not understood and ignored".
      if (f.mode !== undefined) continue;
      m.set(`${f.afi}/${f.safi}`, { send: f.send, receive: f.receive });
    }
  }
  return m;
}

function lastGracefulRestart(open: OpenMessage): GracefulRestartCapability | undefined {
  // RFC 4724 section 3: "the receiver ... MUST ignore all but the last instance".
  let gr: GracefulRestartCapability | undefined;
  for (const c of open.capabilities) if (c.type === 'graceful-restart') gr = c;
  return gr;
}

function extendedNextHopOf(open: OpenMessage): ExtendedNextHopFamily[] {
  const out: ExtendedNextHopFamily[] = [];
  for (const c of open.capabilities) {
    if (c.type !== 'extended-next-hop') continue;
    for (const f of c.families) {
      if (!out.some((o) => o.afi === f.afi && o.safi === f.safi && o.nextHopAfi === f.nextHopAfi)) out.push({ afi: f.afi, safi: f.safi, nextHopAfi: f.nextHopAfi });
    }
  }
  return out;
}

/**
 * RFC 8277 section 2.1: the first Multiple Labels capability only ("subsequent copies MUST be
 * ignored"), the first triple per family ("all but the first MUST be ignored"), and no triple
 * with a Count of 0 or 1 ("it MUST be ignored").
 */
function multipleLabelsOf(open: OpenMessage): Map<string, number> {
  const m = new Map<string, number>();
  const c = open.capabilities.find((x) => x.type === 'multiple-labels');
  if (c === undefined || c.type !== 'multiple-labels') return m;
  for (const f of c.families) {
    const key = `${f.afi}/${f.safi}`;
    if (m.has(key)) continue;
    m.set(key, f.count);
  }
  for (const [key, count] of m) if (count < 2) m.delete(key);
  return m;
}

function roleOf(open: OpenMessage): number | undefined {
  for (const c of open.capabilities) if (c.type === 'role') return c.role;
  return undefined;
}

/**
 * The {@link SessionContext} for the messages `senderOpen`'s speaker sends to `receiverOpen`'s:
 * - `as4` (and its deprecated alias `asn4`, equal): both announced the 4-octet AS capability (RFC 6793 section 4.1);
 * - `addPath`: families where the sender announced send (2 or 3) and the receiver receive (1 or 3)
 *   (RFC 7911 section 5);
 * - `extendedMessage`: the receiver announced capability 6 (RFC 8654 section 4: a speaker "MAY
 *   send BGP Extended Messages to a peer only if the BGP Extended Message Capability was
 *   received from that peer"; the sender's own announcement only governs the other direction);
 * - `families`: those both announced (RFC 4760 section 8), with a speaker that announced none
 *   counting as IPv4 unicast; empty when neither announced any (IPv4 unicast only);
 * - `extendedNextHop`: <AFI, SAFI, next-hop AFI> triples both announced (RFC 8950 section 4,
 *   RFC 5492 section 3: "a given capability can be used on a peering if ... advertised by both");
 * - `enhancedRouteRefresh`: both announced capability 70 (RFC 7313);
 * - `hardReset`: both announced graceful restart (the last instance, RFC 4724 section 3) with
 *   the N bit (RFC 8538 section 2);
 * - `holdTime`: the smaller hold time (RFC 4271 section 4.2), so 0 stays 0;
 * - `roles`: each side's BGP Role capability where announced (RFC 9234);
 * - `multipleLabels`: families both sent the Multiple Labels capability for (RFC 8277 section
 *   2.1), with the receiver's Count (what the sender may send); absent when there are none;
 * - `peerType`: `options.peerType`, else internal when both ASes ({@link localAsOf}) are equal.
 * @example const rx = contextFor(peerOpen, myOpen); decodeMessage(bytes, rx)
 */
export function contextFor(senderOpen: OpenMessage, receiverOpen: OpenMessage, options?: ContextForOptions): SessionContext {
  checkTyped(senderOpen, 'contextFor', 'senderOpen');
  checkTyped(receiverOpen, 'contextFor', 'receiverOpen');
  checkArray(senderOpen.capabilities, 'contextFor', 'senderOpen.capabilities');
  checkArray(receiverOpen.capabilities, 'contextFor', 'receiverOpen.capabilities');
  checkOptions(options, 'contextFor', 'options');
  const s = senderOpen;
  const r = receiverOpen;

  const sendFamilies = familiesOf(s);
  const recvFamilies = familiesOf(r);
  let families: Family[] = [];
  if (sendFamilies !== undefined || recvFamilies !== undefined) {
    const a = sendFamilies ?? [{ afi: 1, safi: 1 }];
    const b = recvFamilies ?? [{ afi: 1, safi: 1 }];
    families = a.filter((f) => hasFamily(b, f.afi, f.safi));
  }

  const sendAp = addPathOf(s);
  const recvAp = addPathOf(r);
  const addPath: Family[] = [];
  for (const [key, v] of sendAp) {
    if (!v.send || recvAp.get(key)?.receive !== true) continue;
    const [afi, safi] = key.split('/').map(Number) as [number, number];
    addPath.push({ afi, safi });
  }

  const recvEnh = extendedNextHopOf(r);
  const extendedNextHop = extendedNextHopOf(s).filter((f) => recvEnh.some((o) => o.afi === f.afi && o.safi === f.safi && o.nextHopAfi === f.nextHopAfi));

  const sendGr = lastGracefulRestart(s);
  const recvGr = lastGracefulRestart(r);
  const sendRole = roleOf(s);
  const recvRole = roleOf(r);
  const roles = sendRole === undefined && recvRole === undefined
    ? undefined
    : { ...(sendRole === undefined ? {} : { sender: sendRole }), ...(recvRole === undefined ? {} : { receiver: recvRole }) };

  const sendMl = multipleLabelsOf(s);
  const recvMl = multipleLabelsOf(r);
  const multipleLabels: LabelCountFamily[] = [];
  for (const [key, count] of recvMl) {
    if (!sendMl.has(key)) continue;
    const [afi, safi] = key.split('/').map(Number) as [number, number];
    multipleLabels.push({ afi, safi, count });
  }

  const ctx: SessionContext = {
    as4: has(s, 'as4') && has(r, 'as4'),
    asn4: has(s, 'as4') && has(r, 'as4'),
    addPath,
    extendedMessage: has(r, 'extended-message'),
    families,
    extendedNextHop,
    enhancedRouteRefresh: has(s, 'enhanced-route-refresh') && has(r, 'enhanced-route-refresh'),
    hardReset: sendGr?.notification === true && recvGr?.notification === true,
    holdTime: Math.min(s.holdTime, r.holdTime),
    peerType: options?.peerType ?? (localAsOf(s) === localAsOf(r) ? 'internal' : 'external'),
    ...(roles === undefined ? {} : { roles }),
    ...(multipleLabels.length === 0 ? {} : { multipleLabels }),
  };
  return ctx;
}
