import { type DecodedAttributes, decodeAttributes } from '../attributes/decode.ts';
import { strongestAction } from '../attributes/issues.ts';
import type { PathAttribute, UpdateIssue } from '../attributes/types.ts';
import { decodeRibAttributes } from '../capture/mrt-rib-attributes.ts';
import { mrtRecordName } from '../capture/mrt-names.ts';
import type { MrtRecord } from '../capture/mrt-types.ts';
import { writeJSON } from '../json.ts';
import type { TextWriter } from '../wire/text-writer.ts';
import { decodeMessage } from '../messages/decode.ts';
import type { BgpMessage } from '../messages/types.ts';
import { isBgpError } from '../wire/errors.ts';
import type { EntryFilter, MessageFilter } from './format-bgpdump.ts';
import { writeAttributeText, writeSpacedMessageText } from './format-text.ts';
import { formatUnixTime } from './time.ts';

// RFC 4271 section 8.2.2 states, plus the two Quagga writes into MRT (RFC 6396 4.4.1 lists 1-6).
const STATES = ['Unknown', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established', 'Clearing', 'Deleted'];

function stateName(n: number): string {
  return STATES[n] ?? `state-${n}`;
}

type Entry = { attributes: readonly PathAttribute[]; issues?: readonly UpdateIssue[] } | { error: string; raw: Uint8Array };

function decodeEntry(attributes: Uint8Array, decode: () => DecodedAttributes): Entry {
  try {
    const d = decode();
    // RFC 7606 findings stay beside the values (typed where they read): shown, never dropped.
    return d.issues.length === 0 ? { attributes: d.attributes } : { attributes: d.attributes, issues: d.issues };
  } catch (e) {
    if (!isBgpError(e)) throw e;
    return { error: e.message, raw: attributes };
  }
}

/** Writes the attributes of a RIB entry as text, and its RFC 7606 issues as an UPDATE's are shown. */
function writeEntryText(w: TextWriter, d: { attributes: readonly PathAttribute[]; issues?: readonly UpdateIssue[] }): void {
  for (let i = 0; i < d.attributes.length; i++) {
    if (i > 0) w.text(', ');
    writeAttributeText(w, d.attributes[i] as PathAttribute);
  }
  if (d.issues === undefined) return;
  w.text(`, issues ${strongestAction(d.issues)}: ${d.issues.map((i) => `${i.reason} (${i.code}/${i.subcode} ${i.action})`).join('; ')}`);
}

/** `<route> <attributes>` or `<route> malformed: <why>`, and a newline. */
function entryLine(w: TextWriter, route: string, d: Entry): void {
  w.text(route);
  w.byte(32);
  if ('attributes' in d) writeEntryText(w, d);
  else w.text(`malformed: ${d.error}`);
  w.byte(10);
}

/** The JSON text of `toJSON(value)` and a newline. */
function jsonLine(w: TextWriter, value: unknown): void {
  writeJSON(w, value);
  w.byte(10);
}

/** Appends `bytes` to `w` (one memmove). */
function copyInto(w: TextWriter, bytes: Uint8Array): void {
  if (w.pos + bytes.length > w.bytes.length) w.ensure(bytes.length);
  w.bytes.set(bytes, w.pos);
  w.pos += bytes.length;
}

/**
 * The head of a BGP message's JSON line, `{"time":…,"dstAs":N,"message":`, as writeJSON writes
 * it for the line's object, in two parts: `{"time":"…"` and `,"record":…,"message":`.
 * Performance: records come in time order and a session's come in runs, so each part is
 * written by writeJSON once and then copied while the time (and the name and ends) match.
 */
class JsonHead {
  private time = '';
  private timeBytes = new Uint8Array(0);
  private name = '';
  private src = '';
  private srcAs = -1;
  private dst = '';
  private dstAs = -1;
  private restBytes = new Uint8Array(0);
  // Where restBytes lives (reused: a head of its own size off V8's heap would cost more).
  private store = new Uint8Array(256);

  write(w: TextWriter, time: string, name: string, src: string, srcAs: number, dst: string, dstAs: number): void {
    if (time === this.time && this.timeBytes.length > 0) copyInto(w, this.timeBytes);
    else {
      const start = w.pos;
      w.text('{"time":');
      writeJSON(w, time);
      this.timeBytes = w.bytes.slice(start, w.pos);
      this.time = time;
    }
    if (srcAs === this.srcAs && dstAs === this.dstAs && src === this.src && dst === this.dst && name === this.name) {
      copyInto(w, this.restBytes);
      return;
    }
    const start = w.pos;
    // The rest of the line's object without its message: `{"record":…,"dstAs":N}` with its
    // braces turned into the comma before it and the message's key after it.
    writeJSON(w, { record: name, src, srcAs, dst, dstAs });
    w.bytes[start] = 44;
    w.pos--;
    w.text(',"message":');
    const n = w.pos - start;
    if (n > this.store.length) this.store = new Uint8Array(2 * n);
    this.store.set(w.bytes.subarray(start, w.pos));
    this.restBytes = this.store.subarray(0, n);
    this.name = name;
    this.src = src;
    this.srcAs = srcAs;
    this.dst = dst;
    this.dstAs = dstAs;
  }
}

const head = new JsonHead();

/** A line of text and its newline. */
function textLine(w: TextWriter, text: string): void {
  w.text(text);
  w.byte(10);
}

/**
 * Text or JSON lines for one MRT record (RFC 6396): one per BGP message or state change,
 * one per RIB entry (time, peer, prefix, attributes), a note for the other records.
 */
export function mrtLines(rec: MrtRecord, json: boolean, w: TextWriter, keepMessage: MessageFilter, keepEntry: EntryFilter, keepOther: boolean): void {
  const time = formatUnixTime(rec.timestamp, rec.microseconds ?? 0);
  const name = mrtRecordName(rec.mrtType, rec.subtype);
  switch (rec.type) {
    case 'bgp-message': {
      const src = rec.isLocal ? rec.localAddress : rec.peerAddress;
      const srcAs = rec.isLocal ? rec.localAs : rec.peerAs;
      const dst = rec.isLocal ? rec.peerAddress : rec.localAddress;
      const dstAs = rec.isLocal ? rec.peerAs : rec.localAs;
      let msg: BgpMessage;
      try {
        msg = decodeMessage(rec.message, rec.context);
      } catch (e) {
        if (!isBgpError(e)) throw e;
        if (!keepOther) return;
        if (json) jsonLine(w, { time, record: name, src, srcAs, dst, dstAs, error: { code: e.code, subcode: e.subcode, data: e.data, message: e.message } });
        else textLine(w, `${time} ${src} AS${srcAs} -> ${dst} AS${dstAs} malformed: ${e.message} (NOTIFICATION ${e.code}/${e.subcode})`);
        return;
      }
      if (!keepMessage(msg, src, dst)) return;
      if (json) {
        // The text of { time, record: name, src, srcAs, dst, dstAs, message: msg } and a newline.
        head.write(w, time, name, src, srcAs, dst, dstAs);
        writeJSON(w, msg);
        w.byte(125);
        w.byte(10);
      } else {
        // `${time} ${src} AS${srcAs} -> ${dst} AS${dstAs} ${msg.type} len=${length} ${text}`, written
        // piece by piece. Performance: no string per line, nor per part of the message's text.
        w.text(time);
        w.byte(32);
        w.text(src);
        w.text(' AS');
        w.uint(srcAs);
        w.text(' -> ');
        w.text(dst);
        w.text(' AS');
        w.uint(dstAs);
        w.byte(32);
        w.text(msg.type);
        w.text(' len=');
        w.uint(rec.message.length);
        writeSpacedMessageText(w, msg);
        w.byte(10);
      }
      return;
    }
    case 'state-change':
      if (!keepOther) return;
      if (json) textLine(w, JSON.stringify({ time, record: name, peer: rec.peerAddress, peerAs: rec.peerAs, oldState: stateName(rec.oldState), newState: stateName(rec.newState) }));
      else textLine(w, `${time} ${rec.peerAddress} AS${rec.peerAs} STATE ${stateName(rec.oldState)} -> ${stateName(rec.newState)}`);
      return;
    case 'rib':
      for (const e of rec.entries) {
        const peer = e.peer?.address ?? `peer-index-${e.peerIndex}`;
        const peerAs = e.peer?.as;
        const d = decodeEntry(e.attributes, () => decodeRibAttributes(e.attributes, rec.afi, rec.safi, rec.context));
        if ('attributes' in d && !keepEntry(rec.prefix, peer, d.attributes)) continue;
        if (!('attributes' in d) && !keepOther) continue;
        const base = { time, record: name, peer, peerAs, prefix: rec.prefix, pathId: e.pathId, originated: e.originatedTime };
        if (json) jsonLine(w, { ...base, ...d });
        else {
          entryLine(w, `${time} ${peer} AS${peerAs ?? '?'} RIB ${rec.prefix}${e.pathId === undefined ? '' : ` path-id ${e.pathId}`}`, d);
        }
      }
      return;
    case 'table-dump':
    case 'bgp4mp-entry': {
      const d = decodeEntry(rec.attributes, () => decodeAttributes(rec.attributes, rec.context));
      if ('attributes' in d && !keepEntry(rec.prefix, rec.peerAddress, d.attributes)) return;
      if (!('attributes' in d) && !keepOther) return;
      if (json) jsonLine(w, { time, record: name, peer: rec.peerAddress, peerAs: rec.peerAs, prefix: rec.prefix, originated: rec.originatedTime, ...d });
      else {
        entryLine(w, `${time} ${rec.peerAddress} AS${rec.peerAs} RIB ${rec.prefix}`, d);
      }
      return;
    }
    case 'peer-index-table':
      if (!keepOther) return;
      if (json) textLine(w, JSON.stringify({ time, record: name, collectorBgpId: rec.collectorBgpId, viewName: rec.viewName, peers: rec.peers }));
      else textLine(w, `${time} ${name} collector ${rec.collectorBgpId}${rec.viewName === '' ? '' : ` view ${JSON.stringify(rec.viewName)}`} peers ${rec.peers.length}`);
      return;
    case 'invalid':
      if (!keepOther) return;
      if (json) textLine(w, JSON.stringify({ time, record: name, offset: rec.offset, error: rec.reason }));
      else textLine(w, `${time} ${name} at byte ${rec.offset} malformed: ${rec.reason}`);
      return;
    default:
      if (!keepOther) return;
      if (json) jsonLine(w, { time, record: name, offset: rec.offset, body: rec.body });
      else textLine(w, `${time} ${name} at byte ${rec.offset} (${rec.body.length} octets, not decoded)`);
  }
}
