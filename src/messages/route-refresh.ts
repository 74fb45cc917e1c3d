import type { SessionContext } from '../context/session-context.ts';
import { ErrorCode, MessageType, RouteRefreshErrorSubcode, RouteRefreshSubtype } from '../iana.ts';
import { BgpError, checkFits, checkUint } from '../wire/errors.ts';
import { bytesEqual } from '../wire/hex.ts';
import { formatPrefix, parsePrefix } from '../wire/ip.ts';
import { Reader } from '../wire/reader.ts';
import { Writer } from '../wire/writer.ts';
import { decodeHeader, writeHeader } from './header.ts';
import type { DecodeOptions } from './options.ts';
import type { AddressPrefixOrfEntry, OrfList, RouteRefreshMessage, RouteRefreshOrf } from './types.ts';
import { checkBytes, checkObject, checkOptionalContext } from '../wire/args.ts';

// RFC 2918 section 3 with the RFC 7313 section 3.2 subtype:
//      0       7      15      23      31
//      +-------+-------+-------+-------+
//      |      AFI      |Subtyp.|  SAFI |
//      +-------+-------+-------+-------+
// followed, in a request carrying ORFs (RFC 5291 section 4), by:
//      | When-to-refresh (1) | ORF Type (1) | Length of ORF entries (2) | entries ... | ORF Type ...
// RFC 5291 section 4, figure 2, first octet of each entry: Action (2 bits), Match (1), Reserved (5);
// RFC 5292 section 3, the type-specific part of an address-prefix entry (ORF type 64):
//      | Sequence (4) | Minlen (1) | Maxlen (1) | Length (1) | Prefix (variable) |

/** RFC 5292 section 3: the address-prefix ORF type. */
const ADDRESS_PREFIX_ORF = 64;
/** RFC 5291 section 4: Action REMOVE-ALL has only the common part. */
const REMOVE_ALL = 2;

function addressSize(afi: number): 4 | 16 | undefined {
  return afi === 1 ? 4 : afi === 2 ? 16 : undefined;
}

function entryLength(e: AddressPrefixOrfEntry, size: 4 | 16): number {
  if (e.action === REMOVE_ALL) return 1;
  const p = typeof e.prefix === 'string' ? parsePrefix(e.prefix) : undefined;
  if (p === undefined || p.size !== size) throw new TypeError(`ORF entry prefix: ${String(e.prefix)} is not an IPv${size === 4 ? 4 : 6} prefix`);
  return 8 + ((p.length + 7) >> 3);
}

function writeEntry(e: AddressPrefixOrfEntry, w: Writer, size: 4 | 16): void {
  const action = checkUint('ORF entry action', e.action, 3);
  const match = checkUint('ORF entry match', e.match, 1);
  w.u8((action << 6) | (match << 5));
  if (action === REMOVE_ALL) return;
  if (e.sequence === undefined || e.minLength === undefined || e.maxLength === undefined) {
    throw new TypeError('ORF entry: sequence, minLength and maxLength are required unless action is REMOVE-ALL');
  }
  w.u32(checkUint('ORF entry sequence', e.sequence, 0xffffffff));
  w.u8(checkUint('ORF entry minLength', e.minLength, 0xff));
  w.u8(checkUint('ORF entry maxLength', e.maxLength, 0xff));
  const p = typeof e.prefix === 'string' ? parsePrefix(e.prefix) : undefined;
  if (p === undefined || p.size !== size) throw new TypeError(`ORF entry prefix: ${String(e.prefix)} is not an IPv${size === 4 ? 4 : 6} prefix`);
  w.u8(p.length);
  const n = (p.length + 7) >> 3;
  // RFC 5292 section 3: trailing bits "irrelevant"; written as zero so the text is canonical.
  const rem = p.length & 7;
  for (let i = 0; i < n; i++) {
    const b = p.bytes[i] as number;
    w.u8(i === n - 1 && rem !== 0 ? b & (0xff << (8 - rem)) & 0xff : b);
  }
}

function isTyped(o: OrfList): o is { readonly orfType: 64; readonly entries: readonly AddressPrefixOrfEntry[] } {
  return 'entries' in o;
}

function listLength(o: OrfList, afi: number): number {
  if (!isTyped(o)) {
    if (!(o.raw instanceof Uint8Array)) throw new TypeError('ORF list: expected entries or raw bytes');
    return o.raw.length;
  }
  const size = addressSize(afi);
  if (size === undefined) throw new TypeError(`ORF address-prefix entries need AFI 1 or 2, not ${afi}`);
  let n = 0;
  for (const e of o.entries) n += entryLength(e, size);
  return n;
}

function writeList(o: OrfList, w: Writer, afi: number, length: number): void {
  w.u8(checkUint('ORF type', o.orfType, 0xff));
  checkFits('ORF entries length', length, 0xffff);
  w.u16(length);
  if (!isTyped(o)) w.raw(o.raw);
  else for (const e of o.entries) writeEntry(e, w, addressSize(afi) as 4 | 16);
}

function readEntries(body: Uint8Array, size: 4 | 16): AddressPrefixOrfEntry[] {
  const r = new Reader(body, 0, body.length, ErrorCode.RouteRefreshMessageError, 0, 'ROUTE-REFRESH.orf');
  const entries: AddressPrefixOrfEntry[] = [];
  while (r.remaining > 0) {
    const first = r.u8('entry');
    const action = first >>> 6;
    const match = (first >>> 5) & 1;
    if (action === REMOVE_ALL) {
      entries.push({ action, match });
      continue;
    }
    // Action 3 is unassigned: its entry length is unknown, so the list stays raw.
    if (action === 3) r.fail('unassigned ORF action 3');
    const sequence = r.u32('sequence');
    const minLength = r.u8('minlen');
    const maxLength = r.u8('maxlen');
    const length = r.u8('length');
    if (length > size * 8) r.fail(`prefix length ${length} exceeds ${size * 8}`);
    const bytes = r.view((length + 7) >> 3, 'prefix');
    entries.push({ action, match, sequence, minLength, maxLength, prefix: formatPrefix(bytes, 0, length, size) });
  }
  return entries;
}

/** One ORF list: address-prefix entries typed when they re-encode byte for byte, else raw. */
function decodeList(orfType: number, body: Uint8Array, afi: number): OrfList {
  const size = addressSize(afi);
  if (orfType === ADDRESS_PREFIX_ORF && size !== undefined) {
    try {
      const list = { orfType: ADDRESS_PREFIX_ORF, entries: readEntries(body, size) } as const;
      const w = Writer.alloc(3 + listLength(list, afi));
      writeList(list, w, afi, body.length);
      // Reserved bits or non-zero trailing prefix bits would be lost: such lists stay raw.
      if (bytesEqual(w.bytes.subarray(3), body)) return list;
    } catch (e) {
      if (!(e instanceof BgpError || e instanceof RangeError)) throw e;
    }
  }
  return { orfType, raw: body.slice() };
}

/** RFC 5291 section 4: When-to-refresh and ORF lists, or `undefined` when the bytes are not that. */
function readOrf(bytes: Uint8Array, afi: number): RouteRefreshOrf | undefined {
  const r = new Reader(bytes, 0, bytes.length, ErrorCode.RouteRefreshMessageError, 0, 'ROUTE-REFRESH.orf');
  try {
    const whenToRefresh = r.u8('when-to-refresh');
    const orfs: OrfList[] = [];
    while (r.remaining > 0) {
      const orfType = r.u8('orf type');
      const length = r.u16('orf length');
      orfs.push(decodeList(orfType, r.view(length, 'orf entries'), afi));
    }
    return { whenToRefresh, orfs };
  } catch (e) {
    if (e instanceof BgpError) return undefined;
    throw e;
  }
}

/**
 * Reads a ROUTE-REFRESH body (RFC 2918 section 3, RFC 7313 section 3.2, RFC 5291 section 4).
 * Every subtype is kept; a request's extra bytes are decoded as ORF entries where they parse,
 * else kept in `trailing`.
 * @throws BgpError 7/1 with the complete message as data when `ctx.enhancedRouteRefresh` and a
 *   BoRR/EoRR body is not 4 bytes (RFC 7313 section 5); the reader's error when under 4 bytes.
 */
export function readRouteRefreshBody(r: Reader, ctx: SessionContext | undefined, _opts: DecodeOptions): RouteRefreshMessage {
  const messageStart = Math.max(0, r.pos - 19);
  const afi = r.u16('afi');
  const subtype = r.u8('subtype');
  const safi = r.u8('safi');
  const base = { type: 'ROUTE-REFRESH', afi, safi, subtype } as const;
  if (r.remaining === 0) return base;
  if (ctx?.enhancedRouteRefresh === true && (subtype === RouteRefreshSubtype.BoRR || subtype === RouteRefreshSubtype.EoRR)) {
    // RFC 7313 section 5: "The Data field of the NOTIFICATION message MUST contain the complete
    // ROUTE-REFRESH message."
    throw new BgpError(
      ErrorCode.RouteRefreshMessageError,
      RouteRefreshErrorSubcode.InvalidMessageLength,
      `${subtype === 1 ? 'BoRR' : 'EoRR'} body is ${4 + r.remaining} bytes, not 4`,
      r.bytes.slice(messageStart, r.end),
      'ROUTE-REFRESH',
    );
  }
  const rest = r.rest();
  if (subtype === RouteRefreshSubtype.Request) {
    const orf = readOrf(rest, afi);
    if (orf !== undefined) return { ...base, orf };
  }
  return { ...base, trailing: rest };
}

function orfLength(m: RouteRefreshMessage): number {
  if (m.orf === undefined) return 0;
  let n = 1;
  for (const o of m.orf.orfs) n += 3 + listLength(o, m.afi);
  return n;
}

/**
 * Exact size of a ROUTE-REFRESH body (without the header).
 * @throws TypeError on a malformed ORF value.
 */
export function routeRefreshBodyLength(m: RouteRefreshMessage): number {
  return 4 + orfLength(m) + (m.trailing?.length ?? 0);
}

/**
 * Writes a ROUTE-REFRESH body: AFI, subtype, SAFI, then the ORF entries and trailing bytes.
 * @throws TypeError or RangeError on a malformed value.
 */
export function writeRouteRefreshBody(m: RouteRefreshMessage, w: Writer): void {
  w.u16(checkUint('ROUTE-REFRESH.afi', m.afi, 0xffff));
  w.u8(checkUint('ROUTE-REFRESH.subtype', m.subtype, 0xff));
  w.u8(checkUint('ROUTE-REFRESH.safi', m.safi, 0xff));
  if (m.orf !== undefined) {
    w.u8(checkUint('ROUTE-REFRESH.orf.whenToRefresh', m.orf.whenToRefresh, 0xff));
    for (const o of m.orf.orfs) writeList(o, w, m.afi, listLength(o, m.afi));
  }
  if (m.trailing !== undefined) w.raw(m.trailing);
}

/**
 * Decodes a whole ROUTE-REFRESH message, header included.
 * @throws BgpError on a malformed header, 7/1 per RFC 7313 section 5, or 1/3 for another type.
 * @example decodeRouteRefresh(bytes, ctx)
 */
export function decodeRouteRefresh(bytes: Uint8Array, ctx?: SessionContext): RouteRefreshMessage {
  checkBytes(bytes, 'decodeRouteRefresh', 'bytes');
  checkOptionalContext(ctx, 'decodeRouteRefresh', 'ctx');
  const { length, type } = decodeHeader(bytes, 0, ctx);
  if (type !== MessageType['ROUTE-REFRESH']) {
    throw new BgpError(ErrorCode.MessageHeaderError, 3, `expected a ROUTE-REFRESH, got type ${type}`, Uint8Array.of(type), 'header.type');
  }
  return readRouteRefreshBody(new Reader(bytes, 19, length, ErrorCode.RouteRefreshMessageError, 1, 'ROUTE-REFRESH'), ctx, { strict: false });
}

/**
 * Encodes a whole ROUTE-REFRESH message, header included (4096 bytes at most unless
 * `ctx.extendedMessage`).
 * @throws TypeError or RangeError on a malformed value or one that does not fit.
 */
export function encodeRouteRefresh(m: RouteRefreshMessage, ctx?: SessionContext): Uint8Array {
  checkObject(m, 'encodeRouteRefresh', 'm');
  checkOptionalContext(ctx, 'encodeRouteRefresh', 'ctx');
  const length = 19 + routeRefreshBodyLength(m);
  checkFits('ROUTE-REFRESH length', length, ctx?.extendedMessage === true ? 65535 : 4096);
  const w = Writer.alloc(length);
  writeHeader(w, length, MessageType['ROUTE-REFRESH']);
  writeRouteRefreshBody(m, w);
  return w.bytes;
}
