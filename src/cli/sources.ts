import { createReadStream, readFileSync } from 'node:fs';
import { captureReader } from '../capture/index.ts';
import { decompressChunks, readHead } from '../node/decompress.ts';
import type { CaptureMessage } from '../capture/index.ts';
import { InputError } from './input-error.ts';
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
}

/** The input formats `bgpwire decode` detects. */
export type InputFormat = 'pcap' | 'pcapng' | 'gzip' | 'bzip2' | 'hex' | 'mrt';

/** Detects the format from the first bytes of a file. */
export function detectFormat(head: Uint8Array): InputFormat {
  const b0 = head[0] ?? 0;
  const b1 = head[1] ?? 0;
  const magic = ((b0 << 24) | (b1 << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)) >>> 0;
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic)) return 'pcap';
  if (magic === 0x0a0d0d0a) return 'pcapng';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x42 && b1 === 0x5a && head[2] === 0x68) return 'bzip2';
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
  };
}

/** The file's chunks, reporting the bytes read so far. */
async function* fileChunks(path: string, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>) {
    read += chunk.length;
    onRead(read);
    yield chunk;
  }
}

/**
 * Whether a gzip or bzip2 file holds a pcap or pcapng capture (rather than MRT): the first
 * decompressed bytes are read and the magic looked at.
 */
export async function isCompressedCapture(path: string): Promise<boolean> {
  const it = decompressChunks(createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Uint8Array>);
  let head: Uint8Array;
  try {
    head = await readHead(it, 4);
  } catch {
    return false; // corrupt compressed data: the MRT path reports it with its offset
  } finally {
    await it.return(undefined as never);
  }
  const f = detectFormat(head.subarray(0, 16));
  return f === 'pcap' || f === 'pcapng';
}

/** A gzip- or bzip2-compressed pcap/pcapng capture, decompressed as it streams. */
export function compressedPcapSource(path: string, args: DecodeArgs, onRead: (bytes: number) => void, onNote: (text: string) => void): AsyncGenerator<SourceMessage> {
  return pcapSource(decompressChunks(fileChunks(path, onRead)), args, () => {}, onNote);
}

async function* pcapSource(chunks: AsyncIterable<Uint8Array>, args: DecodeArgs, onRead: (bytes: number) => void, onNote: (text: string) => void): AsyncGenerator<SourceMessage> {
  const reader = captureReader({ ports: args.ports, perPacket: args.perPacket });
  let read = 0;
  let count = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    onRead(read);
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
  // BMP (RFC 7854) is out of scope: an error when it is all the file holds, else a note.
  const bmp = reader.issues.find((i) => i.kind === 'bmp');
  if (bmp !== undefined) {
    const text = `${bmp.message} (frame ${bmp.frame})`;
    if (count === 0) throw new InputError(`a BMP capture: ${text}`);
    onNote(text);
  }
  // A file cut inside a record: what came before has been printed; now say where it ends.
  for (const issue of reader.issues) {
    if (issue.kind === 'truncated-file') throw new InputError(`truncated: ${issue.message} at byte ${issue.offset ?? read}`);
  }
}

/**
 * A hex dump: one message per line (or several concatenated), `#` comments ignored. UPDATEs
 * are decoded with a 4-octet AS context (the common case today); say otherwise in the file
 * with a `# as4: false` line (`# asn4: false`, the former spelling, is accepted too).
 */
function* hexSource(path: string): Generator<SourceMessage> {
  const text = readFileSync(path, 'utf8');
  let as4 = true;
  let n = 0;
  for (const raw of text.split('\n')) {
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

/** Opens a file as a stream of BGP messages. @throws Error (one line) on unreadable input. */
export function openSource(path: string, head: Uint8Array, args: DecodeArgs, onRead: (bytes: number) => void, onNote: (text: string) => void): AsyncIterable<SourceMessage> | Iterable<SourceMessage> {
  const format = detectFormat(head);
  switch (format) {
    case 'pcap':
    case 'pcapng':
      return pcapSource(createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>, args, onRead, onNote);
    case 'hex':
      return hexSource(path);
    default:
      throw new Error(`${format} input is not supported yet`);
  }
}
