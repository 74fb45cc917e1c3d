import { checkFits, checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { NlriCodec, NlriContext } from './codec.ts';
import { defineNlri } from './codec.ts';
import { prefixOf, readPrefixBits, writePrefixBits } from './ip-prefix.ts';
import { labelBitsLength, labelsText, readLabels, writeLabels } from './labels.ts';
import { readRd, writeRd } from './route-distinguisher.ts';
import type { LabeledPrefix, VpnPrefix } from './types.ts';

// RFC 8277 sections 2.2-2.4 and RFC 4364 section 4.3.4 (VPN-IPv4), RFC 4659 section 3.2 (VPN-IPv6):
//     +---------------------------+
//     |   Length (1 octet)        |   bits of everything below
//     +---------------------------+
//     |   Label(s) (3 octets each)|   or the Compatibility field in a withdrawal
//     +---------------------------+
//     |   RD (8 octets)           |   VPN families only
//     +---------------------------+
//     |   Prefix (variable)       |
//     +---------------------------+
// preceded by a 4-octet Path Identifier where ADD-PATH is on (RFC 7911 section 3).

/** The family description the shared labeled codec is built from. */
interface LabeledFamily {
  readonly afi: number;
  readonly safi: number;
  readonly name: string;
  /** Address size of the prefix. */
  readonly size: 4 | 16;
  /** Whether an 8-octet RD precedes the prefix (SAFI 128 and 129). */
  readonly rd: boolean;
}

/** Reads one labeled (or VPN) NLRI; `rd` says whether an RD follows the labels. */
function readLabeled(r: Reader, ctx: NlriContext, f: LabeledFamily): LabeledPrefix | VpnPrefix {
  const pathId = ctx.addPath ? r.u32('path identifier') : undefined;
  const length = r.u8('NLRI length');
  // The octets the Length declares must be in the field before any of them is read.
  r.need((length + 7) >> 3, `NLRI of length ${length}`);
  const stack = readLabels(r, length, ctx);
  let bits = length - stack.bits;
  let rd: string | undefined;
  if (f.rd) {
    if (bits < 64) r.fail(`VPN NLRI length ${length} leaves ${bits} bits for the 64-bit route distinguisher`);
    rd = readRd(r);
    bits -= 64;
  }
  const p = readPrefixBits(r, bits, f.size);
  // Keys in wire order; optional ones only where present.
  const out: { pathId?: number; rd?: string; prefix?: string; unmasked?: string; labels?: number[]; labelBits?: number[]; compatibility?: number } = {};
  if (pathId !== undefined) out.pathId = pathId;
  if (rd !== undefined) out.rd = rd;
  out.prefix = p.prefix;
  if (p.unmasked !== undefined) out.unmasked = p.unmasked;
  out.labels = stack.labels;
  if (stack.labelBits !== undefined) out.labelBits = stack.labelBits;
  if (stack.compatibility !== undefined) out.compatibility = stack.compatibility;
  return out as unknown as LabeledPrefix | VpnPrefix;
}

function bitsOf(v: LabeledPrefix | VpnPrefix, ctx: NlriContext, f: LabeledFamily): { total: number; parsed: { bytes: Uint8Array; length: number } } {
  const parsed = prefixOf(v, f.size, f.name);
  const total = labelBitsLength(v, ctx) + (f.rd ? 64 : 0) + parsed.length;
  // RFC 8277 section 2.1: "the size of this field is limited to 255 bits".
  checkFits(`${f.name} NLRI length in bits`, total, 255);
  return { total, parsed };
}

/** Builds the codec of a labeled family (SAFI 4) or a VPN family (SAFI 128/129). */
export function labeledCodec<T extends LabeledPrefix>(f: LabeledFamily): NlriCodec<T> {
  return defineNlri<T>({
    afi: f.afi,
    safi: f.safi,
    name: f.name,
    nextHop: f.rd ? 'rd-address' : 'address',
    byteLength(v, ctx) {
      const { total } = bitsOf(v, ctx, f);
      return (ctx.addPath ? 5 : 1) + ((total + 7) >> 3);
    },
    write(v, w: Writer, ctx) {
      const { total, parsed } = bitsOf(v, ctx, f);
      if (ctx.addPath) {
        if (v.pathId === undefined) throw new TypeError(`${f.name} ${v.prefix}: ADD-PATH is on for this family but pathId is missing`);
        w.u32(checkUint('pathId', v.pathId, 0xffffffff));
      } else if (v.pathId !== undefined) {
        throw new TypeError(`${f.name} ${v.prefix}: pathId given but ADD-PATH is off for this family`);
      }
      w.u8(total);
      writeLabels(v, w, ctx);
      if (f.rd) {
        const rd = (v as unknown as VpnPrefix).rd;
        if (typeof rd !== 'string') throw new TypeError(`${f.name} ${v.prefix}: rd (route distinguisher text) is required`);
        writeRd(rd, w);
      }
      writePrefixBits(w, parsed, v.unmasked === undefined);
    },
    read(r, ctx) {
      return readLabeled(r, ctx, f) as T;
    },
    text(v) {
      const rd = f.rd ? `rd ${(v as unknown as VpnPrefix).rd} ` : '';
      return v.labels.length === 0 ? `${rd}${v.prefix}` : `${rd}${v.prefix} ${labelsText(v.labels)}`;
    },
    key(v) {
      return f.rd ? `${(v as unknown as VpnPrefix).rd} ${v.prefix}` : v.prefix;
    },
  });
}
