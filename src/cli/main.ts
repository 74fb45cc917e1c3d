#!/usr/bin/env node
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { decodeMessage } from '../messages/decode.ts';
import { toJSON } from '../json.ts';
import { messageTypeName } from '../iana.ts';
import { BgpError } from '../wire/errors.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import type { DecodeArgs } from './args.ts';
import { messageFilter } from './filters.ts';
import { messageText } from './format-text.ts';
import { formatTime } from './time.ts';
import { openSource, type SourceMessage } from './sources.ts';

/** A failure to show as one line (with the file and byte offset where known). */
export class CliError extends Error {}

function detect(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(16);
    const n = readSync(fd, head, 0, 16, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function decodeFile(path: string, args: DecodeArgs, write: (line: string) => void): Promise<number> {
  const size = statSync(path).size;
  const keep = messageFilter(args);
  let count = 0;
  const source = openSource(path, detect(path), args, size);
  for await (const sm of source) {
    count++;
    emit(sm, args, keep, write);
  }
  return count;
}

function emit(sm: SourceMessage, args: DecodeArgs, keep: ReturnType<typeof messageFilter>, write: (line: string) => void): void {
  let msg;
  try {
    msg = decodeMessage(sm.bytes, sm.context ?? undefined);
  } catch (e) {
    if (e instanceof TypeError && sm.context === undefined) {
      const line = `${formatTime(sm.time)} ${sm.src} -> ${sm.dst} ${messageTypeName(sm.bytes[18] ?? 0)} len=${sm.bytes.length} (no session context: OPENs not seen)`;
      if (args.format === 'json') write(JSON.stringify({ time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, error: 'no session context' }));
      else write(line);
      return;
    }
    if (!(e instanceof BgpError)) throw e;
    if (args.format === 'json') {
      write(JSON.stringify(toJSON({ time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, error: { code: e.code, subcode: e.subcode, data: e.data, message: e.message } })));
    } else {
      write(`${formatTime(sm.time)} ${sm.src} -> ${sm.dst} malformed: ${e.message} (NOTIFICATION ${e.code}/${e.subcode})`);
    }
    return;
  }
  if (!keep(msg, sm.srcAddr, sm.dstAddr)) return;
  if (args.format === 'json') {
    write(JSON.stringify(toJSON({ time: formatTime(sm.time), src: sm.src, dst: sm.dst, session: sm.session, message: msg })));
  } else {
    const text = messageText(msg);
    write(`${formatTime(sm.time)} ${sm.src} -> ${sm.dst} ${msg.type} len=${sm.bytes.length}${text === '' ? '' : ` ${text}`}`);
  }
}

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
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
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  };
  const write = (line: string): void => {
    out.push(line);
    if (out.length >= 512) flush();
  };
  let status = 0;
  for (const path of args.files) {
    try {
      await decodeFile(path, args, write);
      flush();
    } catch (e) {
      flush();
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`bgpwire: ${path}: ${msg}\n`);
      status = 1;
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
    process.stderr.write(`bgpwire: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

