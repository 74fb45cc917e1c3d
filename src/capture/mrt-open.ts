import type { Family } from '../context/family.ts';
import { sessionContext } from '../context/session-context.ts';
import { updateFamilies } from './mrt-context.ts';
import type { MrtBgpMessageRecord, MrtRecord } from './mrt-types.ts';
import { checkArray, checkBytes, checkTyped } from '../wire/args.ts';

/** An ADD-PATH capability entry (RFC 7911 section 4): 1 receive, 2 send, 3 both. */
interface AddPathEntry extends Family {
  readonly sendReceive: number;
}

/**
 * The ADD-PATH entries of an OPEN message (header included), or `undefined` when it is not
 * a well-formed OPEN. Reads RFC 5492 capabilities in optional parameters of type 2, with
 * the RFC 9072 extended parameter length.
 */
export function openAddPath(m: Uint8Array): AddPathEntry[] | undefined {
  checkBytes(m, 'openAddPath', 'm');
  if (m.length < 29 || m[18] !== 1) return undefined;
  const end = Math.min(m.length, ((m[16] as number) << 8) | (m[17] as number));
  let p = 28;
  let optLen = m[p] as number;
  let extended = false;
  p++;
  if (optLen === 255 && m[p] === 255 && p + 3 <= end) {
    // RFC 9072: Non-Ext OP Type 255, then a 2-octet length, and 2-octet parameter lengths.
    extended = true;
    optLen = ((m[p + 1] as number) << 8) | (m[p + 2] as number);
    p += 3;
  }
  const stop = p + optLen;
  if (stop > end) return undefined;
  const out: AddPathEntry[] = [];
  while (p < stop) {
    const type = m[p] as number;
    const len = extended ? ((m[p + 1] as number) << 8) | (m[p + 2] as number) : (m[p + 1] as number);
    p += extended ? 3 : 2;
    if (p + len > stop) return undefined;
    if (type === 2) {
      for (let c = p; c + 2 <= p + len; ) {
        const code = m[c] as number;
        const clen = m[c + 1] as number;
        if (c + 2 + clen > p + len) return undefined;
        if (code === 69) {
          for (let e = c + 2; e + 4 <= c + 2 + clen; e += 4) {
            out.push({ afi: ((m[e] as number) << 8) | (m[e + 1] as number), safi: m[e + 2] as number, sendReceive: m[e + 3] as number });
          }
        }
        c += 2 + clen;
      }
    }
    p += len;
  }
  return out;
}

interface SessionOpens {
  peer?: AddPathEntry[];
  local?: AddPathEntry[];
}

/**
 * Opt-in (`contextFromOpens`): follows the OPENs of each BGP4MP session in the file and
 * turns ADD-PATH on for UPDATEs of the plain MESSAGE subtypes where the OPENs negotiated
 * it (RFC 7911 section 4): some writers (BIRD before RFC 8050) record ADD-PATH sessions
 * without the _ADDPATH subtypes. With both OPENs the result is the negotiation; with only
 * the peer's OPEN (collectors rarely record their own) the local side may not have
 * accepted: the guess is kept only where the NLRI parse with path ids and not without
 * (`contextSource: 'open-one-sided'`), and where both readings parse the subtype rule stays
 * and the record says `contextSource: 'ambiguous'`.
 */
export class MrtOpenTracker {
  private readonly sessions = new Map<string, SessionOpens>();

  /** Notes OPENs and state changes; returns the record, with a new context where the OPENs call for one. */
  apply(rec: MrtRecord): MrtRecord {
    checkTyped(rec, 'MrtOpenTracker.apply', 'rec');
    if (rec.type === 'state-change') {
      // A session going down forgets its OPENs (RFC 4271 8.2.2: Idle).
      if (rec.newState === 1) this.sessions.delete(`${rec.peerAddress}|${rec.localAddress ?? ''}`);
      return rec;
    }
    if (rec.type !== 'bgp-message' || rec.isHeaderSynthesized === true) return rec;
    const key = `${rec.peerAddress}|${rec.localAddress}`;
    const type = rec.message[18];
    if (type === 1) {
      const entries = openAddPath(rec.message);
      if (entries !== undefined) {
        const s = this.sessions.get(key) ?? {};
        if (rec.isLocal) s.local = entries;
        else s.peer = entries;
        this.sessions.set(key, s);
      }
      return rec;
    }
    if (type !== 2 || rec.isAddPath) return rec;
    const s = this.sessions.get(key);
    if (s?.peer === undefined) return rec;
    // The message's sender sends path ids for a family when it announced Send and the receiver Receive.
    const sender = rec.isLocal ? s.local : s.peer;
    const receiver = rec.isLocal ? s.peer : s.local;
    if (sender === undefined) return rec;
    const families = updateFamilies(rec.message).filter(
      (f) =>
        sender.some((e) => e.afi === f.afi && e.safi === f.safi && (e.sendReceive & 2) !== 0) &&
        (receiver === undefined || receiver.some((e) => e.afi === f.afi && e.safi === f.safi && (e.sendReceive & 1) !== 0)),
    );
    if (families.length === 0) return rec;
    if (receiver === undefined) {
      // One-sided: the receiver may not have announced Receive. Keep the guess only where
      // the NLRI fields parse with path ids and not without; say `ambiguous` where both do.
      const withIds = nlriFits(rec.message, families, true);
      const without = nlriFits(rec.message, families, false);
      if (withIds === without) return withIds ? { ...rec, contextSource: 'ambiguous' } : rec;
      if (!withIds) return rec;
    }
    const out: MrtBgpMessageRecord = {
      ...rec,
      context: sessionContext({ ...rec.context, addPath: families }),
      contextSource: receiver === undefined ? 'open-one-sided' : 'open',
    };
    return out;
  }
}

/** Whether a run of NLRI (RFC 4271 4.3, RFC 7911 3) fills `start..end` exactly. */
function prefixesFit(b: Uint8Array, start: number, end: number, size: number, addPath: boolean): boolean {
  let p = start;
  while (p < end) {
    if (addPath) p += 4;
    if (p >= end) return false;
    const bits = b[p] as number;
    if (bits > size * 8) return false;
    p += 1 + ((bits + 7) >> 3);
  }
  return p === end;
}

/**
 * Whether the Withdrawn Routes and NLRI fields (IPv4 unicast) and the NLRI of MP_REACH_NLRI
 * and MP_UNREACH_NLRI of IPv4/IPv6 unicast in `families` parse under one reading.
 */
export function nlriFits(m: Uint8Array, families: readonly Family[], addPath: boolean): boolean {
  checkBytes(m, 'nlriFits', 'm');
  checkArray(families, 'nlriFits', 'families');
  const has = (afi: number, safi: number): boolean => families.some((f) => f.afi === afi && f.safi === safi);
  const length = Math.min(m.length, ((m[16] as number) << 8) | (m[17] as number));
  if (length < 23) return false;
  const w = ((m[19] as number) << 8) | (m[20] as number);
  const a = 21 + w;
  if (a + 2 > length) return false;
  const attrEnd = a + 2 + (((m[a] as number) << 8) | (m[a + 1] as number));
  if (attrEnd > length) return false;
  const v4 = has(1, 1);
  if (v4 && !prefixesFit(m, 21, a, 4, addPath)) return false;
  if (v4 && !prefixesFit(m, attrEnd, length, 4, addPath)) return false;
  for (let p = a + 2; p + 3 <= attrEnd; ) {
    const hdr = (m[p] as number) & 0x10 ? 4 : 3;
    const code = m[p + 1] as number;
    const len = hdr === 4 ? ((m[p + 2] as number) << 8) | (m[p + 3] as number) : (m[p + 2] as number);
    const v = p + hdr;
    if (v + len > attrEnd) return false;
    if ((code === 14 || code === 15) && len >= 3) {
      const afi = ((m[v] as number) << 8) | (m[v + 1] as number);
      const safi = m[v + 2] as number;
      if ((afi === 1 || afi === 2) && safi === 1 && has(afi, safi)) {
        const nlri = code === 15 ? v + 3 : v + 4 + (m[v + 3] as number) + 1;
        if (nlri > v + len || !prefixesFit(m, nlri, v + len, afi === 1 ? 4 : 16, addPath)) return false;
      }
    }
    p = v + len;
  }
  return true;
}
