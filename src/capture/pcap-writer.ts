import { checkUint } from '../wire/errors.ts';
import type { Writer } from '../wire/writer.ts';
import { ChunkBuffer } from './chunk-buffer.ts';
import { LinkType } from './link.ts';
import { PCAP_HEADER_LENGTH, PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, PCAP_RECORD_HEADER_LENGTH } from './pcap.ts';
import type { CapturePacket } from './tcp-session.ts';
import { checkBigint, checkBytes, checkObject, checkOptions } from '../wire/args.ts';

// Classic libpcap format (draft-ietf-opsawg-pcap; the layout is above pcap.ts), written in
// little-endian order (as libpcap on x86 writes it) or big-endian on request.

/** Options of {@link PcapWriter} (defaults in {@link resolvePcapWriterOptions}). */
export interface PcapWriterOptions {
  /** LINKTYPE_* of every packet (the whole 32-bit field: FCS bits may be set). Default 1 (Ethernet; a {@link TcpSession}'s `linkType`). */
  readonly linkType: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds. Default false. */
  readonly nanosecond: boolean;
  /** Byte order of the file. Default true (little-endian). */
  readonly littleEndian: boolean;
  /** The snaplen field. Default 262144 (libpcap's). */
  readonly snaplen: number;
  /** Size of the output chunks. Default 64 KiB. */
  readonly chunkSize: number;
}

/** The defaults of {@link PcapWriterOptions}, merged with `options`. */
export function resolvePcapWriterOptions(options: Partial<PcapWriterOptions> = {}): PcapWriterOptions {
  checkOptions(options, 'resolvePcapWriterOptions', 'options');
  return {
    linkType: options.linkType ?? LinkType.ETHERNET,
    nanosecond: options.nanosecond ?? false,
    littleEndian: options.littleEndian ?? true,
    snaplen: options.snaplen ?? 262144,
    chunkSize: options.chunkSize ?? 64 * 1024,
  };
}

function u16(w: Writer, v: number, le: boolean): void {
  if (le) {
    w.u8(v & 0xff);
    w.u8(v >>> 8);
  } else w.u16(v);
}

function u32(w: Writer, v: number, le: boolean): void {
  if (le) {
    u16(w, v & 0xffff, true);
    u16(w, v >>> 16, true);
  } else w.u32(v);
}

/** `packets` as a list, each checked: an object with a bigint `timestamp` and Uint8Array `data`. @throws TypeError naming `fn` */
export function packetList(packets: unknown, fn: string): readonly CapturePacket[] {
  const list = Array.isArray(packets) ? (packets as unknown[]) : [packets];
  list.forEach((p, i) => {
    const at = Array.isArray(packets) ? `packets[${i}]` : 'packet';
    checkObject(p, fn, at);
    checkBigint((p as CapturePacket).timestamp, fn, `${at}.timestamp`);
    checkBytes((p as CapturePacket).data, fn, `${at}.data`);
  });
  return list as readonly CapturePacket[];
}

/** Seconds and the fraction (µs or ns) of a nanosecond timestamp. @throws RangeError out of the 32-bit range */
export function splitTimestamp(ns: bigint, nanosecond: boolean): [number, number] {
  if (typeof ns !== 'bigint') throw new TypeError(`timestamp: expected bigint nanoseconds, got ${typeof ns}`);
  if (ns < 0n || ns >= 0x100000000n * 1_000_000_000n) throw new RangeError(`timestamp: ${ns} ns is outside the pcap range`);
  const sec = Number(ns / 1_000_000_000n);
  const frac = Number(ns % 1_000_000_000n);
  return [sec, nanosecond ? frac : Math.floor(frac / 1000)];
}

/**
 * An incremental classic pcap writer: the global header, then one record per packet,
 * handed out as chunks (one held at a time; each a fresh buffer). Timestamps are the
 * caller's, bigint nanoseconds (floored to microseconds unless `nanosecond`).
 * @example
 * const w = new PcapWriter({ linkType: session.linkType });
 * const file = [...w.write(session.open(t0)), ...w.end()];
 */
export class PcapWriter {
  private readonly options: PcapWriterOptions;
  private readonly out: ChunkBuffer;
  /** Packets written so far. */
  packets = 0;

  constructor(options: Partial<PcapWriterOptions> = {}) {
    checkOptions(options, 'PcapWriter', 'options');
    const o = resolvePcapWriterOptions(options);
    checkUint('linkType', o.linkType, 0xffffffff);
    checkUint('snaplen', o.snaplen, 0xffffffff);
    this.options = o;
    this.out = new ChunkBuffer(o.chunkSize);
    const w = this.out.reserve(PCAP_HEADER_LENGTH);
    const le = o.littleEndian;
    u32(w, o.nanosecond ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, le);
    u16(w, 2, le);
    u16(w, 4, le);
    u32(w, 0, le); // thiszone
    u32(w, 0, le); // sigfigs
    u32(w, o.snaplen, le);
    u32(w, o.linkType, le);
  }

  /** Octets written so far. */
  get bytes(): number {
    return this.out.written;
  }

  /**
   * Adds packets; returns the chunks they completed (usually none).
   * @throws TypeError / RangeError for a bad timestamp or length (nothing of that packet is written).
   */
  write(packets: CapturePacket | readonly CapturePacket[]): readonly Uint8Array[] {
    const list = packetList(packets, 'PcapWriter.write');
    const le = this.options.littleEndian;
    for (const p of list) {
      const [sec, frac] = splitTimestamp(p.timestamp, this.options.nanosecond);
      const orig = checkUint('originalLength', p.originalLength ?? p.data.length, 0xffffffff);
      if (orig < p.data.length) throw new RangeError(`originalLength ${orig} is less than the ${p.data.length} octets captured`);
      const w = this.out.reserve(PCAP_RECORD_HEADER_LENGTH + p.data.length);
      u32(w, sec, le);
      u32(w, frac, le);
      u32(w, p.data.length, le);
      u32(w, orig, le);
      w.raw(p.data);
      this.packets++;
    }
    return this.out.take();
  }

  /** The rest of the output (the header too, when no packet was written). */
  end(): readonly Uint8Array[] {
    return this.out.take(true);
  }
}
