import { checkUint } from '../wire/errors.ts';
import { checkArray } from '../wire/args.ts';
import type { Reader } from '../wire/reader.ts';
import { decodeUtf8, encodeUtf8 } from '../wire/text.ts';
import type { Writer } from '../wire/writer.ts';
import type { BmpTlv } from './types.ts';

/** Which TLV types of one message hold strings and which 2-octet codes. */
export interface TlvFamily {
  readonly name: string;
  readonly strings: ReadonlySet<number>;
  readonly codes: ReadonlySet<number>;
}

/** Initiation Information TLVs (RFC 9736 section 3.1): String 0, sysDescr 1, sysName 2. */
export const INITIATION_TLVS: TlvFamily = { name: 'initiation', strings: new Set([0, 1, 2]), codes: new Set() };
/** Termination TLVs (RFC 7854 section 4.5): String 0, Reason 1. */
export const TERMINATION_TLVS: TlvFamily = { name: 'termination', strings: new Set([0]), codes: new Set([1]) };
/** Peer Up Information TLVs (RFC 9736 section 3.3): String 0, VRF/Table Name 3, Admin Label 4. */
export const PEER_UP_TLVS: TlvFamily = { name: 'peer-up', strings: new Set([0, 3, 4]), codes: new Set() };
/** Peer Down TLVs (RFC 9069 section 5.3): VRF/Table Name 3 (String 0 read alike). */
export const PEER_DOWN_TLVS: TlvFamily = { name: 'peer-down', strings: new Set([0, 3]), codes: new Set() };
/** Route Mirroring TLVs (RFC 7854 section 4.7): BGP Message 0 (bytes), Information 1 (code). */
export const MIRRORING_TLVS: TlvFamily = { name: 'route-mirroring', strings: new Set(), codes: new Set([1]) };

/** The value bytes of a TLV (a string's UTF-8, a code's two octets, or the raw value). */
function valueOf(t: BmpTlv, what: string): Uint8Array {
  if ('text' in t) {
    if (typeof t.text !== 'string') throw new TypeError(`${what}.text: expected a string`);
    return encodeUtf8(t.text);
  }
  if ('code' in t) {
    const c = checkUint(`${what}.code`, t.code, 0xffff);
    return new Uint8Array([c >>> 8, c & 255]);
  }
  if (!(t.value instanceof Uint8Array)) throw new TypeError(`${what}: needs text, code or value`);
  return t.value;
}

/** The codec of a TLV list (the family says which types are strings and codes). */
export interface TlvListCodec {
  byteLength(list: readonly BmpTlv[]): number;
  write(list: readonly BmpTlv[], w: Writer, family: TlvFamily): void;
  read(r: Reader, family: TlvFamily): BmpTlv[];
}

/**
 * The codec of a list of TLVs (2-octet type, 2-octet length, value: RFC 7854 section 4.4),
 * filling the reader's window.
 */
export const tlvList: TlvListCodec = Object.freeze({
  byteLength(list: readonly BmpTlv[]): number {
    let n = 0;
    for (const t of list) {
      if ('text' in t && typeof t.text === 'string') n += 4 + encodeUtf8(t.text).length;
      else if ('code' in t) n += 6;
      else if ((t as { value?: unknown }).value instanceof Uint8Array) n += 4 + (t as { value: Uint8Array }).value.length;
      else throw new TypeError('BMP TLV: needs text, code or value');
    }
    return n;
  },
  write(list: readonly BmpTlv[], w: Writer, family: TlvFamily): void {
    for (let i = 0; i < list.length; i++) {
      const t = list[i] as BmpTlv;
      const what = `${family.name}.tlvs[${i}]`;
      const v = valueOf(t, what);
      w.u16(checkUint(`${what}.type`, t.type, 0xffff));
      w.u16(checkUint(`${what} length`, v.length, 0xffff));
      w.raw(v);
    }
  },
  read(r: Reader, family: TlvFamily): BmpTlv[] {
    const out: BmpTlv[] = [];
    while (r.pos < r.end) {
      const type = r.u16('tlv type');
      const len = r.u16('tlv length');
      const value = r.copy(len, `tlv ${type} value`);
      out.push(tlvValue(type, value, family));
    }
    return out;
  },
});

function tlvValue(type: number, value: Uint8Array, family: TlvFamily): BmpTlv {
  if (family.strings.has(type)) {
    const text = decodeUtf8(value);
    // Kept as text only when it re-encodes to the same bytes (a BOM or bad UTF-8 stays raw).
    if (text !== undefined && sameBytes(encodeUtf8(text), value)) return { type, text };
  } else if (family.codes.has(type) && value.length === 2) {
    return { type, code: ((value[0] as number) << 8) | (value[1] as number) };
  }
  return { type, value };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The texts of the string TLVs of `type` in a list, in order (RFC 9736: order preserved). */
export function tlvTexts(list: readonly BmpTlv[], type: number): string[] {
  checkArray(list, 'tlvTexts', 'list');
  const out: string[] = [];
  for (const t of list) if (t.type === type && 'text' in t) out.push(t.text);
  return out;
}
