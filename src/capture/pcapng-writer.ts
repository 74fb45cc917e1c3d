import { checkFits, checkUint } from '../wire/errors.ts';
import { encodeUtf8 } from '../wire/text.ts';
import type { Writer } from '../wire/writer.ts';
import { ChunkBuffer } from './chunk-buffer.ts';
import { LinkType } from './link.ts';
import { PCAPNG_EPB, PCAPNG_IDB, PCAPNG_SHB } from './pcapng.ts';
import type { CapturePacket } from './tcp-session.ts';
import { checkOptions } from '../wire/args.ts';
import { packetList } from './pcap-writer.ts';

// pcapng (draft-ietf-opsawg-pcapng; the block layout is above pcapng.ts): one section
// (Section Header Block with shb_userappl and an optional comment), one interface
// (Interface Description Block with if_name and if_tsresol), then an Enhanced Packet
// Block per packet with an optional opt_comment. Little-endian, as most writers.

const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Options of {@link PcapngWriter} (defaults in {@link resolvePcapngWriterOptions}). */
export interface PcapngWriterOptions {
  /** LINKTYPE_* of the interface. Default 1 (Ethernet; a {@link TcpSession}'s `linkType`). */
  readonly linkType: number;
  /** if_name of the interface. Default 'bgpwire'. */
  readonly interfaceName: string;
  /** Timestamps in nanoseconds (if_tsresol 9) instead of microseconds (the default, 6). Default true. */
  readonly nanosecond: boolean;
  /** A comment on the section (opt_comment of the SHB). Default none. */
  readonly comment: string | undefined;
  /** The snaplen of the interface (0: none). Default 0. */
  readonly snaplen: number;
  /** Size of the output chunks. Default 64 KiB. */
  readonly chunkSize: number;
}

/** The defaults of {@link PcapngWriterOptions}, merged with `options`. */
export function resolvePcapngWriterOptions(options: Partial<PcapngWriterOptions> = {}): PcapngWriterOptions {
  checkOptions(options, 'resolvePcapngWriterOptions', 'options');
  return {
    linkType: options.linkType ?? LinkType.ETHERNET,
    interfaceName: options.interfaceName ?? 'bgpwire',
    nanosecond: options.nanosecond ?? true,
    comment: options.comment,
    snaplen: options.snaplen ?? 0,
    chunkSize: options.chunkSize ?? 64 * 1024,
  };
}

function u16(w: Writer, v: number): void {
  w.u8(v & 0xff);
  w.u8(v >>> 8);
}

function u32(w: Writer, v: number): void {
  u16(w, v & 0xffff);
  u16(w, v >>> 16);
}

const pad4 = (n: number): number => (n + 3) & ~3;

type Option = readonly [code: number, value: Uint8Array];

/** Octets of an option list with its opt_endofopt (none when the list is empty). */
function optionsLength(opts: readonly Option[]): number {
  if (opts.length === 0) return 0;
  let n = 4;
  for (const [, v] of opts) n += 4 + pad4(v.length);
  return n;
}

function writeOptions(w: Writer, opts: readonly Option[]): void {
  if (opts.length === 0) return;
  for (const [code, v] of opts) {
    u16(w, code);
    u16(w, v.length);
    w.raw(v);
    for (let i = v.length; i < pad4(v.length); i++) w.u8(0);
  }
  u32(w, 0);
}

function textOption(code: number, text: string, field: string): Option {
  const v = encodeUtf8(text);
  checkFits(`${field} octets`, v.length, 0xffff);
  return [code, v];
}

/**
 * An incremental pcapng writer: a section with one interface, then an Enhanced Packet
 * Block per packet (with its comment), as chunks (one held at a time; each a fresh buffer).
 * Timestamps are the caller's, bigint nanoseconds.
 * @example
 * const w = new PcapngWriter({ comment: 'built by a test' });
 * const file = [...w.write({ timestamp: 1_700_000_000_000_000_000n, data: frame, comment: 'OPEN' }), ...w.end()];
 */
export class PcapngWriter {
  private readonly options: PcapngWriterOptions;
  private readonly out: ChunkBuffer;
  /** Packets written so far. */
  packets = 0;

  constructor(options: Partial<PcapngWriterOptions> = {}) {
    checkOptions(options, 'PcapngWriter', 'options');
    const o = resolvePcapngWriterOptions(options);
    checkUint('linkType', o.linkType, 0xffff);
    checkUint('snaplen', o.snaplen, 0xffffffff);
    this.options = o;
    this.out = new ChunkBuffer(o.chunkSize);
    const shbOpts: Option[] = [textOption(OPT_SHB_USERAPPL, 'bgpwire', 'shb_userappl')];
    if (o.comment !== undefined) shbOpts.unshift(textOption(OPT_COMMENT, o.comment, 'comment'));
    // SHB: type, length, byte-order magic, version 1.0, section length -1 (unknown), options, length.
    const shbLength = 28 + optionsLength(shbOpts);
    let w = this.out.reserve(shbLength);
    u32(w, PCAPNG_SHB);
    u32(w, shbLength);
    u32(w, BYTE_ORDER_MAGIC);
    u16(w, 1);
    u16(w, 0);
    u32(w, 0xffffffff);
    u32(w, 0xffffffff);
    writeOptions(w, shbOpts);
    u32(w, shbLength);
    // IDB: type, length, link type, reserved, snaplen, options, length.
    const idbOpts: Option[] = [textOption(OPT_IF_NAME, o.interfaceName, 'interfaceName'), [OPT_IF_TSRESOL, Uint8Array.of(o.nanosecond ? 9 : 6)]];
    const idbLength = 20 + optionsLength(idbOpts);
    w = this.out.reserve(idbLength);
    u32(w, PCAPNG_IDB);
    u32(w, idbLength);
    u16(w, o.linkType);
    u16(w, 0);
    u32(w, o.snaplen);
    writeOptions(w, idbOpts);
    u32(w, idbLength);
  }

  /** Octets written so far. */
  get bytes(): number {
    return this.out.written;
  }

  /**
   * Adds packets (each an Enhanced Packet Block on interface 0); returns the chunks they completed.
   * @throws TypeError / RangeError for a bad timestamp, length or comment (nothing of that packet is written).
   */
  write(packets: CapturePacket | readonly CapturePacket[]): readonly Uint8Array[] {
    const list = packetList(packets, 'PcapngWriter.write');
    for (const p of list) {
      if (typeof p.timestamp !== 'bigint' || p.timestamp < 0n) throw new TypeError('timestamp: expected non-negative bigint nanoseconds');
      const units = this.options.nanosecond ? p.timestamp : p.timestamp / 1000n;
      if (units > 0xffffffffffffffffn) throw new RangeError(`timestamp: ${p.timestamp} ns does not fit 64 bits`);
      const orig = checkUint('originalLength', p.originalLength ?? p.data.length, 0xffffffff);
      if (orig < p.data.length) throw new RangeError(`originalLength ${orig} is less than the ${p.data.length} octets captured`);
      const opts: Option[] = p.comment === undefined ? [] : [textOption(OPT_COMMENT, p.comment, 'comment')];
      // EPB: type, length, interface id, timestamp high, low, captured length, original length, data (padded), options, length.
      const length = 32 + pad4(p.data.length) + optionsLength(opts);
      const w = this.out.reserve(length);
      u32(w, PCAPNG_EPB);
      u32(w, length);
      u32(w, 0);
      u32(w, Number(units >> 32n));
      u32(w, Number(units & 0xffffffffn));
      u32(w, p.data.length);
      u32(w, orig);
      w.raw(p.data);
      for (let i = p.data.length; i < pad4(p.data.length); i++) w.u8(0);
      writeOptions(w, opts);
      u32(w, length);
      this.packets++;
    }
    return this.out.take();
  }

  /** The rest of the output (the header blocks too, when no packet was written). */
  end(): readonly Uint8Array[] {
    return this.out.take(true);
  }
}
