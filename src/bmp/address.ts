import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../wire/ip.ts';
import { checkBytes } from '../wire/args.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';

/**
 * Reads a 16-byte BMP address field (RFC 7854 sections 4.2 and 4.10: "4 bytes long if an IPv4
 * address is carried in this field (with the 12 most significant bytes zero-filled) and 16
 * bytes long if an IPv6 address"). IPv4 text when `isV6` is false and the 12 leading bytes
 * are zero; otherwise IPv6 text, so that a sender's odd padding survives a round trip.
 */
export function readBmpAddress(r: Reader, isV6: boolean, what: string): string {
  r.need(16, what);
  const b = r.bytes;
  const p = r.pos;
  r.pos += 16;
  if (!isV6) {
    let zero = true;
    for (let i = 0; i < 12; i++) if (b[p + i] !== 0) zero = false;
    if (zero) return formatIPv4(b, p + 12);
  }
  return formatIPv6(b, p);
}

/**
 * Writes a 16-byte BMP address field: IPv6 text as is, IPv4 text zero-padded in front.
 * @throws TypeError when `text` is not an IPv4 or IPv6 address.
 */
export function writeBmpAddress(w: Writer, text: string, what: string): void {
  w.room(16);
  if (typeof text === 'string' && text.includes(':')) {
    if (parseIPv6(text, w.bytes, w.pos) === undefined) throw new TypeError(`${what}: not an IPv6 address: ${JSON.stringify(text)}`);
  } else {
    w.bytes.fill(0, w.pos, w.pos + 12);
    if (typeof text !== 'string' || parseIPv4(text, w.bytes, w.pos + 12) === undefined) throw new TypeError(`${what}: not an IPv4 address: ${JSON.stringify(text)}`);
  }
  w.pos += 16;
}

/**
 * Text of a Peer Distinguisher (RFC 7854 section 4.2) as a route distinguisher (RFC 4364
 * section 4.2): type 0 `AS2:N`, type 1 `A.B.C.D:N`, type 2 `AS4:N`; `0:0` for a zero-filled
 * one; anything else as 16 hex digits. Never throws.
 */
export function formatDistinguisher(rd: Uint8Array): string {
  checkBytes(rd, 'formatDistinguisher', 'rd');
  if (rd.length !== 8) return Array.from(rd, (x) => x.toString(16).padStart(2, '0')).join('');
  const dv = new DataView(rd.buffer, rd.byteOffset, 8);
  const type = dv.getUint16(0);
  if (type === 0) return `${dv.getUint16(2)}:${dv.getUint32(4)}`;
  if (type === 1) return `${formatIPv4(rd, 2)}:${dv.getUint16(6)}`;
  if (type === 2) return `${dv.getUint32(2)}:${dv.getUint16(6)}`;
  return Array.from(rd, (x) => x.toString(16).padStart(2, '0')).join('');
}
