#!/usr/bin/env node
import { isCaptureError } from '../capture/capture-error.ts';
import { locateGzipError } from '../node/gzip-locate.ts';
import { Input } from './input.ts';
import { version } from './version.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { writeJSON } from '../json.ts';
import { messageTypeName } from '../iana.ts';
import { BgpError } from '../wire/errors.ts';
import { TextWriter } from '../wire/text-writer.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import type { DecodeArgs } from './args.ts';
import { entryFilter, messageFilter } from './filters.ts';
import { bgpdumpLines, updateLines, viewOfUpdate } from './format-bgpdump.ts';
import type { SessionContext } from '../context/session-context.ts';
import { bmpLines } from './format-bmp.ts';
import { mrtLines } from './format-mrt.ts';
import { InputError } from './input-error.ts';
import { readMrtInput } from './mrt-input.ts';
import { ProgressBar, wantsProgress } from './progress.ts';
import { writeSpacedMessageText } from './format-text.ts';
import { formatTime } from './time.ts';
import { compressedPcapSource, detectFormat, isCompressedCapture, openSource, type SourceMessage } from './sources.ts';

/** A failure to show as one line (with the file and byte offset where known). */
export class CliError extends Error {}

/** Where lines go (a byte buffer), and a promise to wait on while the output is backed up. */
interface Output {
  readonly w: TextWriter;
  /** Writes out the buffer when it is full; returns a promise while stdout is backed up. */
  readonly ready: () => Promise<void> | undefined;
}

/** A line of text and its newline. */
function writeLine(w: TextWriter, line: string): void {
  w.text(line);
  w.byte(10);
}

/** The JSON text of `toJSON(value)` (written without building it) and a newline. */
function writeJsonLine(w: TextWriter, value: unknown): void {
  writeJSON(w, value);
  w.byte(10);
}

async function decodeFile(input: Input, args: DecodeArgs, output: Output): Promise<void> {
  const head = await input.head(16);
  if (head.length === 0) throw new InputError(input.isFile ? 'empty file' : 'empty input');
  const keep = messageFilter(args);
  const format = detectFormat(head);
  const compressedCapture = (format === 'gzip' || format === 'bzip2') && (await isCompressedCapture(input));
  if (!compressedCapture && (format === 'mrt' || format === 'gzip' || format === 'bzip2')) {
    await decodeMrt(input, args, output);
    return;
  }
  const notes: string[] = [];
  const onNote = (text: string): void => {
    notes.push(text);
  };
  const source = compressedCapture ? compressedPcapSource(input, args, onNote) : openSource(input, head, args, onNote);
  const peerAs = new Map<string, number>();
  for await (const sm of source) {
    emit(sm, args, keep, output.w, peerAs);
    const wait = output.ready();
    if (wait !== undefined) await wait;
  }
  for (const n of notes) process.stderr.write(`bgpwire: ${input.name}: ${n}\n`);
}

async function decodeMrt(input: Input, args: DecodeArgs, output: Output): Promise<void> {
  const { w } = output;
  const keepMessage = messageFilter(args);
  const keepEntry = entryFilter(args);
  const keepOther = args.types.length === 0 && args.prefixes.length === 0 && args.asns.length === 0;
  // Without filters the bgpdump lines are written from the UPDATE's bytes, never decoded.
  const filtered = !keepOther || args.peers.length > 0;
  for await (const batch of readMrtInput(input.chunks())) {
    for (const rec of batch) {
      if (args.format === 'bgpdump') {
        if (rec.type === 'state-change' && !(keepOther && (args.peers.length === 0 || args.peers.includes(rec.peerAddress)))) continue;
        bgpdumpLines(rec, w, filtered ? keepMessage : undefined, filtered ? keepEntry : undefined);
      } else {
        if (rec.type === 'state-change' && args.peers.length > 0 && !args.peers.includes(rec.peerAddress)) continue;
        mrtLines(rec, args.format === 'json', w, keepMessage, keepEntry, keepOther);
      }
    }
    const wait = output.ready();
    if (wait !== undefined) await wait;
  }
}

/** The AS a speaker announced in its OPEN (the AS4 capability's when present, RFC 6793 section 3). */
function openAs(msg: BgpMessage): number | undefined {
  if (msg.type !== 'OPEN') return undefined;
  for (const c of msg.capabilities) if (c.type === 'as4') return c.asn;
  return msg.myAs;
}

function emit(sm: SourceMessage, args: DecodeArgs, keep: ReturnType<typeof messageFilter>, w: TextWriter, peerAs: Map<string, number>): void {
  if (sm.bmp !== undefined) {
    const lines: string[] = [];
    const filtered = args.types.length + args.prefixes.length + args.peers.length + args.asns.length > 0;
    bmpLines({ time: sm.time, src: sm.src, dst: sm.dst, session: sm.session, bmp: sm.bmp, length: sm.bytes.length }, args.format, filtered ? (m, peer) => keep(m, peer, peer) : undefined, lines);
    for (const l of lines) writeLine(w, l);
    return;
  }
  let msg;
  try {
    msg = decodeMessage(sm.bytes, sm.context ?? undefined);
  } catch (e) {
    if (e instanceof TypeError && sm.context === undefined) {
      const line = `${formatTime(sm.time)} ${sm.src} -> ${sm.dst} ${messageTypeName(sm.bytes[18] ?? 0)} len=${sm.bytes.length} (no session context: OPENs not seen)`;
      if (args.format === 'json') writeLine(w, JSON.stringify({ time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, error: 'no session context' }));
      else writeLine(w, line);
      return;
    }
    if (!(e instanceof BgpError)) throw e;
    if (args.format === 'json') {
      writeJsonLine(w, { time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, error: { code: e.code, subcode: e.subcode, data: e.data, message: e.message } });
    } else {
      writeLine(w, `${formatTime(sm.time)} ${sm.src} -> ${sm.dst} malformed: ${e.message} (NOTIFICATION ${e.code}/${e.subcode})`);
    }
    return;
  }
  const as = openAs(msg);
  if (as !== undefined) peerAs.set(`${sm.session} ${sm.src}`, as);
  if (!keep(msg, sm.srcAddr, sm.dstAddr)) return;
  if (args.format === 'bgpdump') {
    // The peer AS comes from the sender's OPEN in the capture (0 when it was not seen); the
    // time keeps its microseconds, as BGP4MP_ET lines do.
    const secs = sm.time / 1_000_000_000n;
    const micros = (sm.time % 1_000_000_000n) / 1000n;
    const v = msg.type === 'UPDATE' && sm.context !== undefined ? viewOfUpdate(sm.bytes, sm.context) : undefined;
    if (v === undefined) return;
    const ctx = v.ctx as SessionContext;
    updateLines({ name: 'BGP4MP_ET', seconds: Number(secs), micros: Number(micros), peerAddress: sm.srcAddr, peerAs: peerAs.get(`${sm.session} ${sm.src}`) ?? 0, isAddPath: ctx.addPath.length > 0, as4: ctx.as4, isLegacy: false }, v, w);
    return;
  }
  if (args.format === 'json') {
    writeJsonLine(w, { time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, message: msg });
  } else {
    w.text(`${formatTime(sm.time)} ${sm.src} -> ${sm.dst} ${msg.type} len=${sm.bytes.length}`);
    writeSpacedMessageText(w, msg);
    w.byte(10);
  }
}

/** The message of any failure as one line: never a stack trace. */
function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * A gzip error with the compressed offset node:zlib gives (its progress before the failing
 * call) made exact to the byte by decompressing a regular file again (src/node/gzip-locate.ts);
 * standard input and pipes cannot be read again, so theirs stays as zlib reported it.
 */
async function locatedGzipError(e: unknown, input: Input): Promise<unknown> {
  if (!isCaptureError(e) || e.code !== 'bad-block' || !e.message.startsWith('gzip: ')) return e;
  const again = input.reopen();
  const at = again === undefined ? undefined : await locateGzipError(again, e.offset);
  const what = e.message.slice('gzip: '.length).replace(/ at byte \d+$/, '');
  return at === undefined
    ? new InputError(`corrupt gzip data: ${what} near compressed byte ${e.offset}`)
    : new InputError(`corrupt gzip data: ${what} at compressed byte ${at}`);
}

// Output is written to stdout in chunks of about this size (one `write` each).
const FLUSH_BYTES = 1 << 20;
// One write system call's size.
const WRITE_BYTES = 1 << 16;

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // Performance: the BMP station and the converter (its writers and compressors) are loaded
  // only when asked for, so that `decode` starts without them.
  if (argv[0] === 'bmp') return (await import('./bmp-command.ts')).bmpCommand(argv.slice(1));
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bgpwire: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args === 'version') {
    process.stdout.write(`bgpwire ${version()}\n`);
    return 0;
  }
  if (args.out !== undefined) return (await import('./convert.ts')).convertFiles(args, args.out, oneLine);
  // Lines are written as UTF-8 into one byte buffer, handed to stdout a MiB at a time.
  // Backpressure: when stdout's buffer is full, reading waits for 'drain', so memory stays
  // flat however large the input and however slow the reader of our output.
  const w = new TextWriter(2 * FLUSH_BYTES);
  let drain: Promise<void> | undefined;
  const flush = (): void => {
    if (w.pos === 0) return;
    // In writes of 64 KiB: on this Linux VM, 1 MiB writes into the page cache cost 8.3-9.3 s
    // of system time for a 4.3 GB output, 64 KiB writes 2.0-2.5 s (docs/PERFORMANCE.md, issue 19).
    let ok = true;
    for (let at = 0; at < w.pos; at += WRITE_BYTES) ok = process.stdout.write(w.bytes.subarray(at, Math.min(w.pos, at + WRITE_BYTES)));
    // A file (and a pipe, on Linux) is written synchronously and the buffer is free again;
    // if the stream still holds the bytes, it keeps them and we write into a new buffer.
    if (process.stdout.writableLength > 0) w.bytes = new Uint8Array(w.bytes.length);
    w.reset();
    if (!ok && drain === undefined) {
      drain = new Promise((resolve) =>
        process.stdout.once('drain', () => {
          drain = undefined;
          resolve();
        }),
      );
    }
  };
  const output: Output = {
    w,
    ready: () => {
      if (w.pos >= FLUSH_BYTES) flush();
      return drain;
    },
  };
  let status = 0;
  for (const path of args.files) {
    let progress: ProgressBar | undefined;
    let input: Input | undefined;
    try {
      input = Input.open(path, (n) => progress?.update(n));
      if (wantsProgress(args.progress, process.stderr.isTTY === true, input.size)) progress = new ProgressBar(process.stderr, path, input.size);
      await decodeFile(input, args, output);
      progress?.clear();
      flush();
    } catch (e) {
      progress?.clear();
      flush();
      const located = input === undefined ? e : await locatedGzipError(e, input);
      process.stderr.write(`bgpwire: ${input?.name ?? path}: ${oneLine(located)}\n`);
      status = 1;
    } finally {
      await input?.close();
    }
  }
  return status;
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bgpwire: ${oneLine(e)}\n`);
    process.exitCode = 1;
  },
);

