import { checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { NlriContext } from './codec.ts';

// RFC 8277 section 2.2 (one label) and 2.3 (a stack), each entry 3 octets:
//      0                   1                   2
//      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//     |                Label                  |Rsrv |S|
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// and in MP_UNREACH_NLRI one 3-octet Compatibility field instead (section 2.4).

/** RFC 8277 section 2.4: "Upon transmission, the Compatibility field SHOULD be set to 0x800000." */
export const COMPATIBILITY = 0x800000;

/** The label part of a labeled NLRI as read: what {@link readLabels} returns. */
export interface LabelStack {
  readonly labels: number[];
  readonly labelBits?: number[];
  readonly compatibility?: number;
  /** Bits of the NLRI length the label part took. */
  readonly bits: number;
}

const NO_LABELS: number[] = [];

/**
 * Reads the label stack (or a withdrawal's Compatibility field) of one labeled NLRI whose
 * Length field said `length` bits. RFC 8277 section 2.4: a withdrawal carries one 3-octet
 * field "whether or not the Multiple Labels Capability has been sent", and as 0x800000 has
 * S=0 it is never scanned for the bottom of stack. Section 2.2: without the capability, one
 * label whose S bit "MUST be ignored on reception". Section 2.3: with it, labels up to the
 * one with S set.
 */
export function readLabels(r: Reader, length: number, ctx: NlriContext): LabelStack {
  if (length < 24) r.fail(`labeled NLRI length ${length} is shorter than one label (24 bits)`);
  if (ctx.withdrawal) {
    const v = readEntry(r);
    return v === COMPATIBILITY ? { labels: NO_LABELS, bits: 24 } : { labels: NO_LABELS, compatibility: v, bits: 24 };
  }
  const labels: number[] = [];
  const low: number[] = [];
  let bits = 0;
  for (;;) {
    if (bits + 24 > length) r.fail(`label stack overruns the NLRI length ${length} (no bottom of stack after ${labels.length} labels)`);
    const v = readEntry(r);
    labels.push(v >>> 4);
    low.push(v & 0xf);
    bits += 24;
    // Section 2.2: one label, S ignored; section 2.3: up to the bottom of stack.
    if (ctx.labels === 0 || (v & 1) === 1) break;
  }
  let canonical = true;
  for (let i = 0; i < low.length; i++) if (low[i] !== (i === low.length - 1 ? 1 : 0)) canonical = false;
  return canonical ? { labels, bits } : { labels, labelBits: low, bits };
}

function readEntry(r: Reader): number {
  return (r.u8('label') << 16) | (r.u8('label') << 8) | r.u8('label');
}

/** Bits the label part of `v` takes on the wire under `ctx` (24 per label; 24 in a withdrawal). */
export function labelBitsLength(v: { readonly labels: readonly number[] }, ctx: NlriContext): number {
  return ctx.withdrawal ? 24 : 24 * v.labels.length;
}

/**
 * Writes the label stack of `v` (or, in a withdrawal, its Compatibility field: labels are
 * ignored there, RFC 8277 section 2.4).
 * @throws TypeError for more than one label without the Multiple Labels capability (section 2.2).
 */
export function writeLabels(v: { readonly labels: readonly number[]; readonly labelBits?: readonly number[]; readonly compatibility?: number }, w: Writer, ctx: NlriContext): void {
  if (ctx.withdrawal) {
    writeEntry(w, checkUint('compatibility', v.compatibility ?? COMPATIBILITY, 0xffffff));
    return;
  }
  checkLabels(v.labels, v.labelBits, ctx);
  const n = v.labels.length;
  for (let i = 0; i < n; i++) {
    const label = checkUint('label', v.labels[i], 0xfffff);
    const low = v.labelBits === undefined ? (i === n - 1 ? 1 : 0) : checkUint('labelBits', v.labelBits[i], 0xf);
    writeEntry(w, (label << 4) | low);
  }
}

/** Checks a label stack against the session (RFC 8277 section 2.2). */
export function checkLabels(labels: readonly number[], labelBits: readonly number[] | undefined, ctx: NlriContext): void {
  if (!Array.isArray(labels) || labels.length === 0) throw new TypeError('labeled NLRI: labels must list at least one label');
  if (labelBits !== undefined && labelBits.length !== labels.length) throw new TypeError(`labeled NLRI: labelBits has ${labelBits.length} entries for ${labels.length} labels`);
  if (ctx.labels === 0 && labels.length > 1) {
    throw new TypeError(`labeled NLRI: ${labels.length} labels, but without the Multiple Labels capability only one may be sent (RFC 8277 section 2.2)`);
  }
  // More labels than the peer's Count is a SHOULD NOT (section 2.1), which its receiver treats
  // as withdraw: encoded as given, so that a received UPDATE re-encodes byte for byte.
}

function writeEntry(w: Writer, v: number): void {
  w.u8(v >>> 16);
  w.u8((v >>> 8) & 0xff);
  w.u8(v & 0xff);
}

/** `label 16` or `labels 16 17` (top first), as text. */
export function labelsText(labels: readonly number[]): string {
  return labels.length === 1 ? `label ${labels[0]}` : `labels ${labels.join(' ')}`;
}

/**
 * The most labels any of `list` binds when that exceeds the receiver's Count `count` (RFC 8277
 * section 2.1: 2 to 254; 0, not negotiated, and 255, "no limit", never exceed), else 0.
 */
export function labelsOverCount(list: readonly { readonly labels?: readonly number[] }[], count: number): number {
  if (count < 2 || count >= 255) return 0;
  let most = 0;
  for (const n of list) if (n.labels !== undefined && n.labels.length > most) most = n.labels.length;
  return most > count ? most : 0;
}
