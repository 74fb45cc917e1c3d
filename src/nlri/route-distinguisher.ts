import { formatIPv4, parseIPv4 } from '../wire/ip.ts';
import { toHex, fromHex } from '../wire/hex.ts';
import type { Reader } from '../wire/reader.ts';
import { checkBytes, checkNumber, checkString } from '../wire/args.ts';
import type { Writer } from '../wire/writer.ts';

// RFC 4364 section 4.2: an 8-octet route distinguisher, a 2-octet Type then 6 octets:
//   type 0: Administrator 2-octet AS,   Assigned Number 4 octets   -> 65000:100
//   type 1: Administrator IPv4 address, Assigned Number 2 octets   -> 192.0.2.1:5
//   type 2: Administrator 4-octet AS,   Assigned Number 2 octets   -> 4200000000:7
// Route targets (RFC 4360 section 4, RFC 5668) use the same three value layouts. A type 2
// value whose AS fits 2 octets is written `65000L:7` (as Junos does) so that the text tells
// the types apart; any other type is `0x` and the 16 hex digits of all 8 octets.

/** The text of the 6-octet value of `kind` (0, 1 or 2) at `b[at]`. */
export function adminLocalText(kind: number, b: Uint8Array, at: number): string {
  const u16 = (p: number): number => ((b[p] as number) << 8) | (b[p + 1] as number);
  const u32 = (p: number): number => u16(p) * 65536 + u16(p + 2);
  if (kind === 0) return `${u16(at)}:${u32(at + 2)}`;
  if (kind === 1) return `${formatIPv4(b, at)}:${u16(at + 4)}`;
  const as = u32(at);
  return `${as}${as <= 0xffff ? 'L' : ''}:${u16(at + 4)}`;
}

/** Parses `admin:number` text into its kind (0, 1, 2) and 6 value octets, or undefined. */
export function parseAdminLocal(text: string): { kind: 0 | 1 | 2; value: Uint8Array } | undefined {
  if (typeof text !== 'string') return undefined;
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const admin = text.slice(0, colon);
  const local = text.slice(colon + 1);
  if (!/^\d{1,10}$/.test(local)) return undefined;
  const n = Number(local);
  const value = new Uint8Array(6);
  if (admin.includes('.')) {
    if (parseIPv4(admin, value, 0) === undefined || n > 0xffff) return undefined;
    value[4] = n >>> 8;
    value[5] = n & 0xff;
    return { kind: 1, value };
  }
  const m = /^(\d{1,10})(L?)$/.exec(admin);
  if (m === null) return undefined;
  const as = Number(m[1]);
  if (as > 0xffffffff) return undefined;
  if (m[2] === 'L' || as > 0xffff) {
    if (n > 0xffff) return undefined;
    writeU32(value, 0, as);
    value[4] = n >>> 8;
    value[5] = n & 0xff;
    return { kind: 2, value };
  }
  if (n > 0xffffffff) return undefined;
  value[0] = as >>> 8;
  value[1] = as & 0xff;
  writeU32(value, 2, n);
  return { kind: 0, value };
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = Math.floor(v / 2 ** 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function rdTextAt(b: Uint8Array, at: number): string {
  const type = ((b[at] as number) << 8) | (b[at + 1] as number);
  if (type <= 2) return adminLocalText(type, b, at + 2);
  return `0x${toHex(b.subarray(at, at + 8))}`;
}

/** The text of the route distinguisher at `b[at, at + 8)` (RFC 4364 section 4.2). @throws TypeError on arguments of the wrong kind, RangeError when the 8 octets are not there. */
export function rdText(b: Uint8Array, at: number): string {
  checkBytes(b, 'rdText', 'b');
  checkNumber(at, 'rdText', 'at');
  if (at < 0 || at + 8 > b.length) throw new RangeError(`rdText: 8 octets at ${at} do not fit in ${b.length}`);
  return rdTextAt(b, at);
}

/** Reads an 8-octet route distinguisher as text (RFC 4364 section 4.2). */
export function readRd(r: Reader): string {
  return rdTextAt(r.view(8, 'route distinguisher'), 0);
}

/**
 * The 8 octets of a route distinguisher text.
 * @throws TypeError when the text is none of the forms of {@link rdText}.
 */
export function rdBytes(text: string): Uint8Array {
  checkString(text, 'rdBytes', 'text');
  if (typeof text === 'string' && /^0x[0-9a-fA-F]{16}$/.test(text)) return fromHex(text.slice(2));
  const p = parseAdminLocal(text);
  if (p === undefined) throw new TypeError(`route distinguisher: cannot parse ${JSON.stringify(text)} (65000:100, 192.0.2.1:5, 4200000000:7 or 0x and 16 hex digits)`);
  const out = new Uint8Array(8);
  out[1] = p.kind;
  out.set(p.value, 2);
  return out;
}

/** Writes a route distinguisher text as 8 octets. @throws TypeError as {@link rdBytes}. */
export function writeRd(text: string, w: Writer): void {
  w.raw(rdBytes(text));
}

