import { captureReader } from '../capture/read-capture.ts';
import { decompressChunks } from '../node/decompress.ts';
import type { Input } from './input.ts';
import type { CaptureBmp, CaptureMessage } from '../capture/index.ts';
import { InputError } from './input-error.ts';
import { BmpError } from '../bmp/error.ts';
import { BmpFramer } from '../bmp/framer.ts';
import { decodeBmpMessage } from '../bmp/message.ts';
import { BmpPeers } from '../bmp/peers.ts';
import type { SessionContext } from '../context/session-context.ts';
import { sessionContext } from '../context/session-context.ts';
import { fromHex } from '../wire/hex.ts';
import { peekMessage } from '../messages/header.ts';
import type { DecodeArgs } from './args.ts';

/** One BGP message from any input, with where and when it was seen. */
export interface SourceMessage {
  readonly kind: 'message';
  readonly bytes: Uint8Array;
  readonly context: SessionContext | undefined;
  /** Nanoseconds since the epoch (0 when the input has no time). */
  readonly time: bigint;
  /** `address:port` or a peer label. */
  readonly src: string;
  readonly dst: string;
  readonly srcAddr: string;
  readonly dstAddr: string;
  readonly session: number;
  /** Set for a BMP message (RFC 7854): then `bytes` is the BMP message. */
  readonly bmp?: CaptureBmp;
}

/** The input formats `bgpwire decode` detects. */
export type InputFormat = 'pcap' | 'pcapng' | 'gzip' | 'bzip2' | 'hex' | 'mrt' | 'bmp';

/** Detects the format from the first bytes of a file. */
export function detectFormat(head: Uint8Array): InputFormat {
  const b0 = head[0] ?? 0;
  const b1 = head[1] ?? 0;
  const magic = ((b0 << 24) | (b1 << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)) >>> 0;
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic)) return 'pcap';
  if (magic === 0x0a0d0d0a) return 'pcapng';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x42 && b1 === 0x5a && head[2] === 0x68) return 'bzip2';
  // A raw BMP stream (RFC 7854 section 4.1): version 3, a length of at least 6, a known type.
  if (b0 === 3 && head.length >= 6 && (head[5] ?? 255) <= 6 && ((b1 << 24) | ((head[2] ?? 0) << 16) | ((head[3] ?? 0) << 8) | (head[4] ?? 0)) >>> 0 >= 6) return 'bmp';
  // Text: hex digits, whitespace, `:` and `0x`, with `#` comments (any printable text, such
  // as the `# as4: false` directive) up to the end of the line.
  let text = '';
  for (const c of head) {
    if (c !== 0x09 && c !== 0x0a && c !== 0x0d && (c < 0x20 || c > 0x7e)) return 'mrt';
    text += String.fromCharCode(c);
  }
  return head.length > 0 && /^[0-9a-fA-F\s:x]*$/.test(text.replace(/#[^\n]*/g, '')) ? 'hex' : 'mrt';
}

function sourceMessage(m: CaptureMessage): SourceMessage {
  return {
    kind: 'message',
    bytes: m.bytes,
    context: m.context,
    time: m.timestamp,
    src: `${m.src}:${m.srcPort}`,
    dst: `${m.dst}:${m.dstPort}`,
    srcAddr: m.src,
    dstAddr: m.dst,
    session: m.session,
    ...(m.bmp === undefined ? {} : { bmp: m.bmp }),
  };
}

/**
 * Whether a gzip or bzip2 input holds a pcap or pcapng capture (rather than MRT): the first
 * decompressed bytes are looked at (the compressed ones they need stay buffered in `input`).
 */
export async function isCompressedCapture(input: Input): Promise<boolean> {
  const f = detectFormat(await input.decompressedHead(4));
  return f === 'pcap' || f === 'pcapng';
}

/** A gzip- or bzip2-compressed pcap/pcapng capture, decompressed as it streams. */
export function compressedPcapSource(input: Input, args: DecodeArgs, onNote: (text: string) => void): AsyncGenerator<SourceMessage> {
  return pcapSource(decompressChunks(input.chunks()), args, onNote);
}

async function* pcapSource(chunks: AsyncIterable<Uint8Array>, args: DecodeArgs, onNote: (text: string) => void): AsyncGenerator<SourceMessage> {
  const reader = captureReader({ ports: args.ports, perPacket: args.perPacket, bmpPorts: args.bmpPorts });
  let read = 0;
  let count = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    reader.push(chunk);
    for (const m of reader) {
      count++;
      yield sourceMessage(m);
    }
  }
  reader.end();
  for (const m of reader) {
    count++;
    yield sourceMessage(m);
  }
  // BMP (RFC 7854) streams that could not be read to the end are noted.
  for (const issue of reader.issues) if (issue.kind === 'bmp') onNote(`${issue.message} (frame ${issue.frame})`);
  // A file cut inside a record: what came before has been printed; now say where it ends.
  for (const issue of reader.issues) {
    if (issue.kind === 'truncated-file') throw new InputError(`truncated: ${issue.message} at byte ${issue.offset ?? read}`);
  }
  if (count === 0) onNote(noBgpText(reader.frames, reader.sessions, reader.otherTcp, args.ports));
}

/**
 * The one line for a capture without BGP: what it held (frames, TCP connections) and where
 * BGP was looked for, so that a capture of another port is recognised.
 */
export function noBgpText(frames: number, bgpSessions: number, other: { readonly sessions: number; readonly ports: readonly number[] }, ports: readonly number[]): string {
  const n = (k: number, one: string, many: string): string => `${k.toLocaleString('en-US')} ${k === 1 ? one : many}`;
  const where = `TCP port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}`;
  if (bgpSessions > 0) return `no BGP message: ${n(frames, 'frame', 'frames')} read, ${n(bgpSessions, 'TCP session', 'TCP sessions')} on ${where} carried none`;
  const seen = other.sessions === 0 ? 'no TCP session' : `${n(other.sessions, 'TCP session', 'TCP sessions')} seen (port${other.ports.length === 1 ? '' : 's'} ${other.ports.join(', ')})`;
  return `no BGP: ${n(frames, 'frame', 'frames')} read, ${seen}, none on ${where} (--port PORT reads BGP on another port)`;
}

/** A raw BMP stream (as `nc -l 11019 > file` records it): every message, the BGP inside decoded per peer. */
async function* bmpSource(chunks: AsyncIterable<Uint8Array>, path: string): AsyncGenerator<SourceMessage> {
  const framer = new BmpFramer();
  const peers = new BmpPeers();
  const one = (bytes: Uint8Array): SourceMessage => {
    let bmp: CaptureBmp;
    try {
      const message = decodeBmpMessage(bytes);
      bmp = { message, pdus: peers.read(message) };
    } catch (e) {
      if (!(e instanceof BmpError)) throw e;
      bmp = { error: e, pdus: [] };
    }
    return { kind: 'message', bytes, context: undefined, time: 0n, src: path, dst: 'bmp', srcAddr: '', dstAddr: '', session: 0, bmp };
  };
  try {
    for await (const chunk of chunks) for (const f of framer.push(chunk)) yield one(f.bytes);
    framer.end();
  } catch (e) {
    if (e instanceof BmpError) throw new InputError(`BMP stream: ${e.message}`);
    throw e;
  }
}

/**
 * A hex dump: one message per line (or several concatenated), `#` comments ignored. UPDATEs
 * are decoded with a 4-octet AS context (the common case today); say otherwise in the file
 * with a `# as4: false` line (`# asn4: false`, the former spelling, is accepted too). Read as
 * it streams, line by line.
 */
async function* hexSource(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SourceMessage> {
  let as4 = true;
  let n = 0;
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  const lines = async function* (): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      pending += decoder.decode(chunk, { stream: true });
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        yield pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending !== '') yield pending;
  };
  for await (const raw of lines()) {
    const line = raw.trim();
    const directive = /^#\s*asn?4:\s*(true|false)/i.exec(line);
    if (directive !== null) as4 = directive[1]?.toLowerCase() === 'true';
    const hex = line.replace(/#.*$/, '').replace(/^0x/i, '');
    if (hex === '') continue;
    const bytes = fromHex(hex);
    let off = 0;
    while (off < bytes.length) {
      const len = peekMessage(bytes, off);
      if (len === undefined) throw new Error(`line ${n + 1}: truncated message at byte ${off}`);
      yield {
        kind: 'message',
        bytes: bytes.subarray(off, off + len),
        context: sessionContext({ as4 }),
        time: 0n,
        src: 'hex',
        dst: `line ${n + 1}`,
        srcAddr: '',
        dstAddr: '',
        session: 0,
      };
      off += len;
    }
    n++;
  }
}

/** The BGP messages of an input whose first bytes are `head`. @throws Error (one line) on unreadable input. */
export function openSource(input: Input, head: Uint8Array, args: DecodeArgs, onNote: (text: string) => void): AsyncIterable<SourceMessage> {
  const format = detectFormat(head);
  switch (format) {
    case 'pcap':
    case 'pcapng':
      return pcapSource(input.chunks(), args, onNote);
    case 'hex':
      return hexSource(input.chunks());
    case 'bmp':
      return bmpSource(input.chunks(), input.name);
    default:
      throw new Error(`${format} input is not supported yet`);
  }
}
