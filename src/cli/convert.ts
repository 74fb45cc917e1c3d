import { decodeAttributes } from '../attributes/decode.ts';
import type { PathAttribute } from '../attributes/types.ts';
import { decodeRibAttributes } from '../capture/mrt-rib-attributes.ts';
import type { MrtBgpMessageRecord, MrtRecord } from '../capture/mrt-types.ts';
import { MrtWriter } from '../capture/mrt-writer.ts';
import { PcapWriter } from '../capture/pcap-writer.ts';
import { PcapngWriter } from '../capture/pcapng-writer.ts';
import { TcpSession } from '../capture/tcp-session.ts';
import { updateFamilies } from '../capture/mrt-context.ts';
import { type SessionContext, sessionContext } from '../context/session-context.ts';
import { MrtType } from '../iana.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { FileSink } from '../node/file-sink.ts';
import { isBgpError } from '../wire/errors.ts';
import type { DecodeArgs } from './args.ts';
import { entryFilter, messageFilter } from './filters.ts';
import { Input } from './input.ts';
import { InputError } from './input-error.ts';
import { readMrtInput } from './mrt-input.ts';
import { compressedPcapSource, detectFormat, isCompressedCapture, openSource, type SourceMessage } from './sources.ts';

/** A record's time in nanoseconds since the epoch (seconds and, for BGP4MP_ET, microseconds). */
function mrtTime(rec: MrtRecord): bigint {
  return BigInt(rec.timestamp) * 1_000_000_000n + BigInt(rec.microseconds ?? 0) * 1000n;
}

// `bgpwire decode --out FILE`: what `decode` would print, written to FILE instead. MRT input
// to MRT keeps every record as read (byte for byte without filters); captures to MRT become
// BGP4MP_ET records; anything to pcap/pcapng becomes TCP sessions (the capture writers).

type Kind = 'mrt' | 'pcap' | 'pcapng';

/** Where converted messages and records go: the MRT writer, or TCP sessions in a capture writer. */
interface Target {
  /** An MRT record as read (MRT output writes it; capture output takes its BGP message). */
  record(rec: MrtRecord): readonly Uint8Array[];
  /** A message from a capture or hex dump (the `file`-th input), with the ASes its session's OPENs announced. */
  message(sm: SourceMessage, peerAs: number, localAs: number, file: number): readonly Uint8Array[];
  /** The end of an input file (a capture's connections end with it). */
  endFile(): readonly Uint8Array[];
  end(): readonly Uint8Array[];
  /** Records skipped because the output cannot hold them (RIB records in a capture). */
  readonly skipped: number;
}

/**
 * The context a message with none (its session's OPENs not in the capture) is written under:
 * the first of 4-octet AS, 2-octet AS, each with ADD-PATH for the message's families, that
 * decodes it without error or RFC 7606 issue; else 4-octet AS. The MRT subtype then tells
 * readers the AS width and ADD-PATH (RFC 6396 4.4.3, RFC 8050 3), as the bytes need.
 */
function contextOf(sm: SourceMessage): SessionContext | undefined {
  if (sm.context !== undefined || sm.bytes[18] !== 2) return sm.context;
  const families = updateFamilies(sm.bytes);
  // confed-external: the RFC 7606 / RFC 5065 peer-type rules (confederation segments, LOCAL_PREF)
  // must not rule out a reading; only the AS width and ADD-PATH matter for the subtype.
  const peerType = 'confed-external';
  for (const ctx of [sessionContext({ as4: true, peerType }), sessionContext({ as4: false, peerType }), sessionContext({ as4: true, addPath: families, peerType }), sessionContext({ as4: false, addPath: families, peerType })]) {
    const m = tryDecode(() => decodeMessage(sm.bytes, ctx));
    if (m?.type === 'UPDATE' && m.issues === undefined) return ctx;
  }
  return undefined;
}

function mrtTarget(): Target {
  const w = new MrtWriter({ chunkSize: 1 << 20 });
  return {
    skipped: 0,
    record: (rec) => w.write(rec),
    message(sm, peerAs, localAs) {
      // RFC 6396 4.4.3 and RFC 8050 3: the subtype says the session's AS width and ADD-PATH;
      // a 2-octet session's AS numbers above 65535 are written as AS_TRANS (RFC 6793 9).
      const ctx = contextOf(sm);
      const as4 = ctx?.as4 ?? true;
      const v6 = sm.srcAddr.includes(':') || sm.dstAddr.includes(':');
      const none = v6 ? '::' : '0.0.0.0';
      const as = (n: number): number => (as4 || n <= 0xffff ? n : 23456);
      return w.write({
        type: 'bgp-message',
        mrtType: MrtType.BGP4MP_ET,
        timestamp: Number(sm.time / 1_000_000_000n),
        microseconds: Number((sm.time % 1_000_000_000n) / 1000n),
        peerAs: as(peerAs),
        localAs: as(localAs),
        peerAddress: sm.srcAddr === '' ? none : sm.srcAddr,
        localAddress: sm.dstAddr === '' ? none : sm.dstAddr,
        isAs4: as4,
        isAddPath: ctx !== undefined && ctx.addPath.length > 0,
        message: sm.bytes,
      });
    },
    endFile: () => [],
    end: () => w.end(),
  };
}

function portOf(endpoint: string): number {
  const p = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
  return Number.isInteger(p) && p >= 0 && p <= 65535 ? p : 179;
}

function captureTarget(kind: 'pcap' | 'pcapng'): Target {
  const w = kind === 'pcap' ? new PcapWriter({ chunkSize: 1 << 20 }) : new PcapngWriter({ chunkSize: 1 << 20, comment: 'written by bgpwire decode --out' });
  interface Open {
    readonly session: TcpSession;
    readonly client: string;
    last: bigint;
  }
  // Sessions by their key; by 4-tuple, the one open on it (a new session there closes it).
  const sessions = new Map<string, Open>();
  const byTuple = new Map<string, string>();
  let skipped = 0;
  let count = 0;
  const close = (key: string): readonly Uint8Array[] => {
    const s = sessions.get(key) as Open;
    sessions.delete(key);
    return w.write(s.session.close(s.last));
  };
  const send = (key: string, tuple: string, client: { address: string; port: number }, server: { address: string; port: number }, clientKey: string, fromKey: string, bytes: Uint8Array, time: bigint): readonly Uint8Array[] => {
    const out: Uint8Array[] = [];
    let s = sessions.get(key);
    if (s === undefined) {
      const before = byTuple.get(tuple);
      if (before !== undefined && sessions.has(before)) out.push(...close(before));
      const v6 = client.address.includes(':') || server.address.includes(':');
      // A fresh initial sequence number per connection (RFC 9293 3.4.1): a reader tells a new
      // connection on a reused 4-tuple by its SYN's new ISN.
      const n = ++count;
      const session = new TcpSession({
        isn: [Math.imul(n, 0x9e3779b1) >>> 0, Math.imul(n, 0x85ebca6b) >>> 0],
        client: client.address === '' ? { address: v6 ? '2001:db8::1' : '192.0.2.1', port: client.port } : client,
        server: server.address === '' ? { address: v6 ? '2001:db8::2' : '192.0.2.2', port: server.port } : server,
      });
      s = { session, client: clientKey, last: time };
      sessions.set(key, s);
      byTuple.set(tuple, key);
      out.push(...w.write(session.open(time)));
    }
    s.last = time;
    out.push(...w.write(s.session.send(fromKey === s.client, bytes, time)));
    return out;
  };
  return {
    get skipped() {
      return skipped;
    },
    record(rec) {
      if (rec.type !== 'bgp-message') {
        skipped++;
        return [];
      }
      // The peer listens on 179; the local side (the collector) connected to it.
      const m: MrtBgpMessageRecord = rec;
      const key = `${m.peerAddress} ${m.localAddress}`;
      const from = m.isLocal ? m.localAddress : m.peerAddress;
      return send(key, key, { address: m.localAddress, port: 40179 }, { address: m.peerAddress, port: 179 }, m.localAddress, from, m.message, mrtTime(rec));
    },
    message(sm, _peerAs, _localAs, file) {
      const key = `${file} ${sm.session}`;
      const existing = sessions.get(key);
      const [client, server] = existing === undefined || existing.client === sm.src ? [sm.src, sm.dst] : [sm.dst, sm.src];
      const addr = (e: string): string => (e === sm.src ? sm.srcAddr : sm.dstAddr);
      const tuple = [client, server].sort().join(' ');
      return send(key, tuple, { address: addr(client), port: portOf(client) }, { address: addr(server), port: portOf(server) }, client, sm.src, sm.bytes, sm.time);
    },
    endFile() {
      const out: Uint8Array[] = [];
      for (const key of [...sessions.keys()]) out.push(...close(key));
      byTuple.clear();
      return out;
    },
    end() {
      const out: Uint8Array[] = [];
      for (const key of [...sessions.keys()]) out.push(...close(key));
      out.push(...w.end());
      return out;
    },
  };
}

/** The AS a speaker announced in its OPEN (the AS4 capability's when present, RFC 6793 3). */
function openAs(msg: BgpMessage | undefined): number | undefined {
  if (msg?.type !== 'OPEN') return undefined;
  for (const c of msg.capabilities) if (c.type === 'as4') return c.asn;
  return msg.myAs;
}

function tryDecode<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (isBgpError(e) || e instanceof TypeError) return undefined;
    throw e;
  }
}

/** An MRT record with only what passes the filters, or undefined when nothing does. */
function filterRecord(rec: MrtRecord, args: DecodeArgs, keepMessage: ReturnType<typeof messageFilter>, keepEntry: ReturnType<typeof entryFilter>, keepOther: boolean): MrtRecord | undefined {
  if (keepOther && args.peers.length === 0) return rec;
  switch (rec.type) {
    case 'bgp-message': {
      const msg = tryDecode(() => decodeMessage(rec.message, rec.context));
      const [src, dst] = rec.isLocal ? [rec.localAddress, rec.peerAddress] : [rec.peerAddress, rec.localAddress];
      if (msg === undefined) return keepOther ? rec : undefined;
      return keepMessage(msg, src, dst) ? rec : undefined;
    }
    case 'state-change':
      return keepOther && args.peers.includes(rec.peerAddress) ? rec : undefined;
    case 'peer-index-table':
      return rec; // the RIB entries written refer to it
    case 'rib': {
      const entries = rec.entries.filter((e) => {
        const attrs = tryDecode(() => decodeRibAttributes(e.attributes, rec.afi, rec.safi, rec.context).attributes);
        return attrs === undefined ? keepOther : keepEntry(rec.prefix, e.peer?.address ?? `peer-index-${e.peerIndex}`, attrs);
      });
      return entries.length === 0 ? undefined : { ...rec, entries };
    }
    case 'table-dump':
    case 'bgp4mp-entry': {
      const attrs: readonly PathAttribute[] | undefined = tryDecode(() => decodeAttributes(rec.attributes, rec.context).attributes);
      if (attrs === undefined) return keepOther ? rec : undefined;
      return keepEntry(rec.prefix, rec.peerAddress, attrs) ? rec : undefined;
    }
    default:
      return keepOther ? rec : undefined;
  }
}

async function convertFile(path: string, index: number, args: DecodeArgs, target: Target, sink: FileSink): Promise<void> {
  const input = Input.open(path);
  const h = await input.head(16);
  if (h.length === 0) throw new InputError(input.isFile ? 'empty file' : 'empty input');
  const keepMessage = messageFilter(args);
  const keepEntry = entryFilter(args);
  const keepOther = args.types.length === 0 && args.prefixes.length === 0 && args.asns.length === 0;
  const format = detectFormat(h);
  const compressedCapture = (format === 'gzip' || format === 'bzip2') && (await isCompressedCapture(input));
  const put = async (chunks: readonly Uint8Array[]): Promise<void> => {
    if (chunks.length === 0) return;
    const wait = sink.write(chunks);
    if (wait !== undefined) await wait;
  };
  if (!compressedCapture && (format === 'mrt' || format === 'gzip' || format === 'bzip2')) {
    for await (const batch of readMrtInput(input.chunks())) {
      for (const rec of batch) {
        const kept = filterRecord(rec, args, keepMessage, keepEntry, keepOther);
        if (kept !== undefined) await put(target.record(kept));
      }
    }
    return;
  }
  const notes: string[] = [];
  const onNote = (n: string): void => {
    notes.push(n);
  };
  const source = compressedCapture ? compressedPcapSource(input, args, onNote) : openSource(input, h, args, onNote);
  const ases = new Map<string, number>();
  for await (const sm of source) {
    const msg = tryDecode(() => decodeMessage(sm.bytes, sm.context ?? undefined));
    const as = openAs(msg);
    if (as !== undefined) ases.set(`${sm.session} ${sm.src}`, as);
    if (msg === undefined ? !keepOther : !keepMessage(msg, sm.srcAddr, sm.dstAddr)) continue;
    await put(target.message(sm, ases.get(`${sm.session} ${sm.src}`) ?? 0, ases.get(`${sm.session} ${sm.dst}`) ?? 0, index));
  }
  for (const n of notes) process.stderr.write(`bgpwire: ${input.name}: ${n}\n`);
}

/**
 * Runs `bgpwire decode --out FILE`: converts every input file, in order, into one output.
 * Returns the exit status (1 when a file failed; the others are still converted).
 */
export async function convertFiles(args: DecodeArgs, out: string, oneLine: (e: unknown) => string): Promise<number> {
  const kind: Kind = /\.mrt(\.gz|\.bz2)?$/i.test(out) ? 'mrt' : /\.pcapng(\.gz|\.bz2)?$/i.test(out) ? 'pcapng' : 'pcap';
  let sink: FileSink;
  try {
    sink = FileSink.open(out);
  } catch (e) {
    process.stderr.write(`bgpwire: ${oneLine(e)}\n`);
    return 1;
  }
  const target = kind === 'mrt' ? mrtTarget() : captureTarget(kind);
  let status = 0;
  for (const [index, path] of args.files.entries()) {
    try {
      await convertFile(path, index, args, target, sink);
    } catch (e) {
      process.stderr.write(`bgpwire: ${path}: ${oneLine(e)}\n`);
      status = 1;
    }
    const wait = sink.write(target.endFile());
    if (wait !== undefined) await wait;
  }
  try {
    const wait = sink.write(target.end());
    if (wait !== undefined) await wait;
    await sink.close();
  } catch (e) {
    process.stderr.write(`bgpwire: ${out}: ${oneLine(e)}\n`);
    return 1;
  }
  if (target.skipped > 0) process.stderr.write(`bgpwire: ${out}: ${target.skipped} MRT records without a BGP message (RIB entries, state changes, ...) not written: a capture holds messages only\n`);
  return status;
}
