import { formatDistinguisher } from '../bmp/address.ts';
import { bmpMessageTypeName, bmpPeerDownReasonName, bmpPeerTypeName, bmpStatName, bmpTerminationReasonName } from '../bmp/iana.ts';
import { formatBmpPeerFlags } from '../bmp/peer-header.ts';
import type { BmpPdu } from '../bmp/peers.ts';
import type { BmpMessage, BmpPeerHeader, BmpStat, BmpTlv } from '../bmp/types.ts';
import type { CaptureBmp } from '../capture/bmp-sessions.ts';
import { toJSON } from '../json.ts';
import type { BgpMessage } from '../messages/types.ts';
import { updateLines, viewOfUpdate } from './format-bgpdump.ts';
import { TextWriter } from '../wire/text-writer.ts';
import { messageText } from './format-text.ts';
import { formatTime } from './time.ts';

/** Where a BMP message was seen (a capture's TCP session, or a station's router). */
export interface BmpLineSource {
  /** Nanoseconds since the epoch (0 when unknown). */
  readonly time: bigint;
  readonly src: string;
  readonly dst: string;
  readonly session: number;
  readonly bmp: CaptureBmp;
  readonly length: number;
}

/** Keeps a decoded BGP PDU (the `decode` filters), given the monitored peer's address. */
export type BmpPduFilter = (m: BgpMessage, peer: string) => boolean;

/** Text of a per-peer header: `peer 192.0.2.1 AS65001 id 192.0.2.1 global rd 0:0 flags L`. */
export function peerText(p: BmpPeerHeader): string {
  return `peer ${p.address} AS${p.as} id ${p.bgpId} ${bmpPeerTypeName(p.peerType)} rd ${formatDistinguisher(p.distinguisher)} flags ${formatBmpPeerFlags(p)}`;
}

function tlvText(t: BmpTlv): string {
  if ('text' in t) return `${t.type}=${JSON.stringify(t.text)}`;
  if ('code' in t) return `${t.type}=code:${t.code}`;
  return `${t.type}=0x${Array.from(t.value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function statText(s: BmpStat): string {
  const name = bmpStatName(s.type);
  if ('counter' in s) return `${name}=${s.counter}`;
  if ('afi' in s) return `${name}[${s.afi}/${s.safi}]=${s.gauge}`;
  if ('gauge' in s) return `${name}=${s.gauge}`;
  return `${name}=0x${Array.from(s.value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function pduText(p: BmpPdu): string {
  if (p.missing !== undefined) return `${p.role}: no session context (${p.missing})`;
  if (p.message === undefined) return `${p.role}: malformed: ${p.error?.message ?? 'unknown'}`;
  const text = messageText(p.message);
  return `${p.role === 'update' ? '' : `${p.role}: `}${p.message.type}${text === '' ? '' : ` ${text}`}${p.error === undefined ? '' : ` (${p.error.message})`}`;
}

/** The words after `BMP <type>` for one message. */
export function bmpMessageText(m: BmpMessage, pdus: readonly BmpPdu[]): string {
  const parts: string[] = [];
  if ('peer' in m) parts.push(peerText(m.peer));
  switch (m.type) {
    case 'initiation':
    case 'termination':
      for (const t of m.information) parts.push(m.type === 'termination' && 'code' in t && t.type === 1 ? `reason=${bmpTerminationReasonName(t.code)}` : tlvText(t));
      break;
    case 'peer-up':
      parts.push(`local ${m.localAddress} ports ${m.localPort}/${m.remotePort}`);
      for (const t of m.information) parts.push(tlvText(t));
      break;
    case 'peer-down':
      parts.push(`reason ${bmpPeerDownReasonName(m.reason)}`);
      if (m.fsmEvent !== undefined) parts.push(`fsm-event ${m.fsmEvent}`);
      for (const t of m.information ?? []) parts.push(tlvText(t));
      if (m.data !== undefined) parts.push(`data ${m.data.length} bytes`);
      break;
    case 'statistics-report':
      for (const s of m.stats) parts.push(statText(s));
      break;
    case 'unknown':
      parts.push(`type ${m.messageType} body ${m.body.length} bytes`);
      break;
    default:
      break;
  }
  for (const p of pdus) parts.push(`| ${pduText(p)}`);
  return parts.join(' ');
}

/** The peer header's timestamp as nanoseconds, or `fallback` when it is zero (unavailable, RFC 7854 section 4.2). */
function peerTime(p: BmpPeerHeader, fallback: bigint): bigint {
  if (p.seconds === 0 && p.microseconds === 0) return fallback;
  return BigInt(p.seconds) * 1_000_000_000n + BigInt(p.microseconds) * 1000n;
}

/**
 * The output lines of one BMP message: `text` (one line), `json` (one object: the message, its
 * BGP PDUs decoded) or `bgpdump` (route monitoring as BGP4MP A/W lines for the monitored peer,
 * Peer Up/Down as STATE lines, as bgpkit prints BMP; nothing for the other types).
 */
export function bmpLines(s: BmpLineSource, format: 'text' | 'json' | 'bgpdump', keep: BmpPduFilter | undefined, out: string[]): void {
  const { message, error, pdus } = s.bmp;
  const time = formatTime(s.time);
  if (message === undefined) {
    if (format === 'json') out.push(JSON.stringify(toJSON({ time, src: s.src, dst: s.dst, session: s.session, bmp: { error: { message: error?.message, offset: error?.offset } } })));
    else if (format === 'text') out.push(`${time} ${s.src} -> ${s.dst} BMP malformed: ${error?.message ?? 'unknown'}`);
    return;
  }
  const peerAddr = 'peer' in message ? message.peer.address : '';
  // With filters, a message is kept when one of its decoded PDUs is (and messages without PDUs only when no filter is set).
  if (keep !== undefined && !pdus.some((p) => p.message !== undefined && keep(p.message, peerAddr))) return;
  if (format === 'json') {
    const decoded = pdus.map((p) => ({
      role: p.role,
      ...(p.message === undefined ? {} : { message: p.message }),
      ...(p.error === undefined ? {} : { error: { code: p.error.code, subcode: p.error.subcode, message: p.error.message } }),
      ...(p.missing === undefined ? {} : { missing: p.missing }),
      ...(p.contextSource === undefined ? {} : { contextSource: p.contextSource }),
    }));
    out.push(JSON.stringify(toJSON({ time, src: s.src, dst: s.dst, session: s.session, bmp: message, pdus: decoded })));
    return;
  }
  if (format === 'text') {
    const text = bmpMessageText(message, pdus);
    out.push(`${time} ${s.src} -> ${s.dst} BMP ${bmpMessageTypeName(message.type === 'unknown' ? message.messageType : typeIndex(message.type))} len=${s.length}${text === '' ? '' : ` ${text}`}`);
    return;
  }
  if (!('peer' in message)) return;
  const t = peerTime(message.peer, s.time);
  const secs = t / 1_000_000_000n;
  const micros = (t % 1_000_000_000n) / 1000n;
  const timeText = `${secs}.${micros.toString().padStart(6, '0')}`;
  if (message.type === 'peer-up' || message.type === 'peer-down') {
    // bgpdump's STATE line: old and new FSM state (1 Idle, 6 Established).
    const [from, to] = message.type === 'peer-up' ? [1, 6] : [6, 1];
    out.push(`BGP4MP_ET|${timeText}|STATE|${message.peer.address}|${message.peer.as}|${from}|${to}`);
    return;
  }
  for (const p of pdus) {
    if (p.message === undefined || p.message.type !== 'UPDATE' || p.context === undefined) continue;
    const v = viewOfUpdate(p.bytes, p.context);
    if (v === undefined) continue;
    const isAddPath = p.context.addPath.length > 0;
    // updateLines writes bytes (issue 19); this formatter gives lines, so they are read back.
    const w = new TextWriter(1 << 10);
    updateLines({ name: 'BGP4MP_ET', seconds: Number(secs), micros: Number(micros), peerAddress: message.peer.address, peerAs: message.peer.as, isAddPath, as4: p.context.as4, isLegacy: false }, v, w);
    if (w.pos > 0) out.push(...new TextDecoder().decode(w.bytes.subarray(0, w.pos - 1)).split('\n'));
  }
}

const TYPES = ['route-monitoring', 'statistics-report', 'peer-down', 'peer-up', 'initiation', 'termination', 'route-mirroring'];
function typeIndex(type: string): number {
  return TYPES.indexOf(type);
}
