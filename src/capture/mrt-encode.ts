import { checkObject, checkTyped } from '../wire/args.ts';
import { MrtType } from '../iana.ts';
import { checkFits, checkUint } from '../wire/errors.ts';
import { parseIPv4, parseIPv6, parsePrefix } from '../wire/ip.ts';
import { encodeUtf8 } from '../wire/text.ts';
import { Writer } from '../wire/writer.ts';
import { isExtendedTimestamp } from './mrt-names.ts';
import type {
  MrtBgpMessageInput,
  MrtPeerIndexTableInput,
  MrtRawInput,
  MrtRibGenericInput,
  MrtRibInput,
  MrtStateChangeInput,
  MrtTableDumpInput,
  MrtWritable,
} from './mrt-write-types.ts';

// The MRT writer's encoder: each record becomes a plan (type, subtype, exact body length
// and a function writing exactly that many octets), so a record is sized once and then
// written straight into the output chunk. Layouts are those the reader parses; the wire
// diagrams are above the readers (mrt-reader.ts, mrt-bgp4mp.ts, mrt-table-dump.ts,
// mrt-legacy.ts).

/** A record ready to write: its header fields and its body (after the 12-octet common header). */
export interface MrtPlan {
  readonly mrtType: number;
  readonly subtype: number;
  readonly timestamp: number;
  /** Octets after the common header, the _ET microsecond field included (the header's Length). */
  readonly length: number;
  readonly body: (w: Writer) => void;
}

/** The MRT common header (RFC 6396 section 2). */
export const MRT_HEADER_LENGTH = 12;

/** Address octets of `text` for AFI `afi` (1: IPv4, 2: IPv6; undefined: from the text). @throws TypeError */
function address(text: string, afi: number | undefined, field: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`${field}: expected an address, got ${typeof text}`);
  const want = afi ?? (text.includes(':') ? 2 : 1);
  const b = want === 1 ? parseIPv4(text) : want === 2 ? parseIPv6(text) : undefined;
  if (b === undefined) throw new TypeError(`${field}: ${JSON.stringify(text)} is not an ${want === 2 ? 'IPv6' : want === 1 ? 'IPv4' : `AFI ${want}`} address`);
  return b;
}

function afiOf(text: string): 1 | 2 {
  return typeof text === 'string' && text.includes(':') ? 2 : 1;
}

function prefix(text: string, field: string): { bytes: Uint8Array; length: number; afi: 1 | 2 } {
  const p = typeof text === 'string' ? parsePrefix(text) : undefined;
  if (p === undefined) throw new TypeError(`${field}: ${JSON.stringify(text)} is not a prefix`);
  return { bytes: p.bytes, length: p.length, afi: p.size === 16 ? 2 : 1 };
}

/** The mrtType of a BGP4MP-family record: the given one (16, 17, or 5 where allowed), else by `microseconds`. */
function bgp4mpType(rec: MrtWritable, legacy: boolean): number {
  const t = rec.mrtType ?? (rec.microseconds === undefined ? MrtType.BGP4MP : MrtType.BGP4MP_ET);
  if (t !== MrtType.BGP4MP && t !== MrtType.BGP4MP_ET && !(legacy && t === MrtType.BGP)) throw new TypeError(`mrt: a ${rec.type} record cannot be MRT type ${t}`);
  return t;
}

function fixedType(rec: MrtWritable, t: number): number {
  if (rec.mrtType !== undefined && rec.mrtType !== t) throw new TypeError(`mrt: a ${rec.type} record cannot be MRT type ${rec.mrtType}`);
  return t;
}

function asn(w: Writer, v: number, as4: boolean): void {
  if (as4) w.u32(v);
  else w.u16(v);
}

// Legacy type 5 subtypes by BGP message type (the reverse of mrt-legacy.ts).
const LEGACY_SUBTYPE: Record<number, number> = { 2: 1, 1: 5, 3: 6, 4: 7 };

function planMessage(rec: MrtBgpMessageInput): [number, number, (w: Writer) => void] {
  const t = bgp4mpType(rec, true);
  const m = rec.message;
  if (!(m instanceof Uint8Array) || m.length < 19) throw new TypeError('mrt: message must be a whole BGP message (at least its 19-octet header)');
  if (t === MrtType.BGP) {
    // Legacy type 5 keeps only the body; IPv4 and 2-octet AS (draft-ietf-grow-mrt-00 5.2).
    const st = LEGACY_SUBTYPE[m[18] as number];
    if (st === undefined) throw new TypeError(`mrt: legacy type 5 has no subtype for BGP message type ${m[18]}`);
    const peer = address(rec.peerAddress, 1, 'peerAddress');
    const local = address(rec.localAddress, 1, 'localAddress');
    checkUint('peerAs', rec.peerAs, 0xffff);
    checkUint('localAs', rec.localAs, 0xffff);
    return [st, 12 + m.length - 19, (w) => {
      w.u16(rec.peerAs);
      w.raw(peer);
      w.u16(rec.localAs);
      w.raw(local);
      w.raw(m.subarray(19));
    }];
  }
  const as4 = rec.isAs4 === true;
  const local = rec.isLocal === true;
  const addPath = rec.isAddPath === true;
  // RFC 6396 4.4 and RFC 8050 3: MESSAGE 1, MESSAGE_AS4 4, _LOCAL 6/7, _ADDPATH 8/9, _LOCAL_ADDPATH 10/11.
  const st = addPath ? (local ? 10 : 8) + (as4 ? 1 : 0) : local ? (as4 ? 7 : 6) : as4 ? 4 : 1;
  const afi = rec.afi ?? afiOf(rec.peerAddress);
  const peer = address(rec.peerAddress, afi, 'peerAddress');
  const localAddr = address(rec.localAddress, afi, 'localAddress');
  const asMax = as4 ? 0xffffffff : 0xffff;
  checkUint('peerAs', rec.peerAs, asMax);
  checkUint('localAs', rec.localAs, asMax);
  const ifIndex = checkUint('interfaceIndex', rec.interfaceIndex ?? 0, 0xffff);
  return [st, (as4 ? 8 : 4) + 4 + 2 * peer.length + m.length, (w) => {
    asn(w, rec.peerAs, as4);
    asn(w, rec.localAs, as4);
    w.u16(ifIndex);
    w.u16(afi);
    w.raw(peer);
    w.raw(localAddr);
    w.raw(m);
  }];
}

function planStateChange(rec: MrtStateChangeInput): [number, number, (w: Writer) => void] {
  const t = bgp4mpType(rec, true);
  checkUint('oldState', rec.oldState, 0xffff);
  checkUint('newState', rec.newState, 0xffff);
  if (t === MrtType.BGP) {
    const peer = address(rec.peerAddress, 1, 'peerAddress');
    checkUint('peerAs', rec.peerAs, 0xffff);
    return [3, 10, (w) => {
      w.u16(rec.peerAs);
      w.raw(peer);
      w.u16(rec.oldState);
      w.u16(rec.newState);
    }];
  }
  const as4 = rec.isAs4 === true;
  const localAs = checkUint('localAs', rec.localAs ?? 0, as4 ? 0xffffffff : 0xffff);
  checkUint('peerAs', rec.peerAs, as4 ? 0xffffffff : 0xffff);
  if (!as4 && rec.localAddress === undefined) {
    // Zebra 0.9x's 8-octet STATE_CHANGE (no interface, AFI or addresses), as the reader reads it.
    return [0, 8, (w) => {
      w.u16(rec.peerAs);
      w.u16(localAs);
      w.u16(rec.oldState);
      w.u16(rec.newState);
    }];
  }
  const afi = rec.afi ?? afiOf(rec.peerAddress);
  const peer = address(rec.peerAddress, afi, 'peerAddress');
  const local = rec.localAddress === undefined ? new Uint8Array(peer.length) : address(rec.localAddress, afi, 'localAddress');
  const ifIndex = checkUint('interfaceIndex', rec.interfaceIndex ?? 0, 0xffff);
  return [as4 ? 5 : 0, (as4 ? 8 : 4) + 4 + 2 * peer.length + 4, (w) => {
    asn(w, rec.peerAs, as4);
    asn(w, localAs, as4);
    w.u16(ifIndex);
    w.u16(afi);
    w.raw(peer);
    w.raw(local);
    w.u16(rec.oldState);
    w.u16(rec.newState);
  }];
}

function planPeerIndexTable(rec: MrtPeerIndexTableInput): [number, number, (w: Writer) => void] {
  const collector = address(rec.collectorBgpId, 1, 'collectorBgpId');
  const name = encodeUtf8(rec.viewName ?? '');
  checkFits('viewName octets', name.length, 0xffff);
  checkFits('peers', rec.peers.length, 0xffff);
  let length = 4 + 2 + name.length + 2;
  const peers = rec.peers.map((p, i) => {
    const as = checkUint(`peers[${i}].as`, p.as, 0xffffffff);
    const type = p.peerType ?? ((afiOf(p.address) === 2 ? 1 : 0) | (as > 0xffff ? 2 : 0));
    checkUint(`peers[${i}].peerType`, type, 0xff);
    const addr = address(p.address, type & 1 ? 2 : 1, `peers[${i}].address`);
    if ((type & 2) === 0) checkUint(`peers[${i}].as`, as, 0xffff);
    const id = address(p.bgpId, 1, `peers[${i}].bgpId`);
    length += 1 + 4 + addr.length + (type & 2 ? 4 : 2);
    return { type, id, addr, as };
  });
  return [1, length, (w) => {
    w.raw(collector);
    w.u16(name.length);
    w.raw(name);
    w.u16(peers.length);
    for (const p of peers) {
      w.u8(p.type);
      w.raw(p.id);
      w.raw(p.addr);
      asn(w, p.as, (p.type & 2) !== 0);
    }
  }];
}

// RFC 6396 4.3.2 and RFC 8050 4: the RIB subtype of each (AFI, SAFI), plus 6 for _ADDPATH.
function ribSubtype(afi: number, safi: number): number | undefined {
  if ((afi !== 1 && afi !== 2) || (safi !== 1 && safi !== 2)) return undefined;
  return 2 + (afi - 1) * 2 + (safi - 1);
}

function planRib(rec: MrtRibInput): [number, number, (w: Writer) => void] {
  const base = ribSubtype(rec.afi, rec.safi);
  if (base === undefined) throw new TypeError(`mrt: no RIB subtype for AFI ${rec.afi} SAFI ${rec.safi} (write it as rib-generic)`);
  const p = prefix(rec.prefix, 'prefix');
  if (p.afi !== rec.afi) throw new TypeError(`mrt: prefix ${rec.prefix} is not of AFI ${rec.afi}`);
  const addPath = rec.isAddPath === true;
  checkUint('sequence', rec.sequence, 0xffffffff);
  checkFits('entries', rec.entries.length, 0xffff);
  const octets = (p.length + 7) >> 3;
  let length = 4 + 1 + octets + 2;
  for (const [i, e] of rec.entries.entries()) {
    checkUint(`entries[${i}].peerIndex`, e.peerIndex, 0xffff);
    checkUint(`entries[${i}].originatedTime`, e.originatedTime, 0xffffffff);
    if (addPath) checkUint(`entries[${i}].pathId`, e.pathId ?? 0, 0xffffffff);
    checkFits(`entries[${i}].attributes length`, e.attributes.length, 0xffff);
    length += 8 + (addPath ? 4 : 0) + e.attributes.length;
  }
  return [base + (addPath ? 6 : 0), length, (w) => {
    w.u32(rec.sequence);
    w.u8(p.length);
    w.raw(p.bytes.subarray(0, octets));
    w.u16(rec.entries.length);
    for (const e of rec.entries) {
      w.u16(e.peerIndex);
      w.u32(e.originatedTime);
      if (addPath) w.u32(e.pathId ?? 0);
      w.u16(e.attributes.length);
      w.raw(e.attributes);
    }
  }];
}

function planRibGeneric(rec: MrtRibGenericInput): [number, number, (w: Writer) => void] {
  const st = rec.subtype ?? 6;
  if (st !== 6 && st !== 12) throw new TypeError(`mrt: RIB_GENERIC subtype must be 6 or 12, not ${st}`);
  checkUint('sequence', rec.sequence, 0xffffffff);
  checkUint('afi', rec.afi, 0xffff);
  checkUint('safi', rec.safi, 0xff);
  return [st, 7 + rec.body.length, (w) => {
    w.u32(rec.sequence);
    w.u16(rec.afi);
    w.u8(rec.safi);
    w.raw(rec.body);
  }];
}

function nextHopBytes(text: string): Uint8Array {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return v4;
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return v6;
  // The reader gives other lengths as hex (mrt-bgp4mp.ts).
  if (!/^([0-9a-f]{2})*$/i.test(text)) throw new TypeError(`nextHop: ${JSON.stringify(text)} is neither an address nor hex`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function planTableDump(rec: MrtTableDumpInput): [number, number, (w: Writer) => void] {
  const p = prefix(rec.prefix, 'prefix');
  const status = checkUint('status', rec.status ?? 1, rec.type === 'table-dump' ? 0xff : 0xffff);
  const view = checkUint('viewNumber', rec.viewNumber ?? 0, 0xffff);
  checkUint('originatedTime', rec.originatedTime, 0xffffffff);
  checkUint('peerAs', rec.peerAs, 0xffff);
  checkFits('attributes length', rec.attributes.length, 0xffff);
  if (rec.type === 'table-dump') {
    // RFC 6396 4.2: the subtype is the AFI of the prefix and of the peer address.
    const peer = address(rec.peerAddress, p.afi, 'peerAddress');
    const seq = checkUint('sequence', rec.sequence ?? 0, 0xffff);
    const size = p.afi === 2 ? 16 : 4;
    return [p.afi, 4 + size + 1 + 1 + 4 + size + 2 + 2 + rec.attributes.length, (w) => {
      w.u16(view);
      w.u16(seq);
      w.raw(p.bytes);
      w.u8(p.length);
      w.u8(status);
      w.u32(rec.originatedTime);
      w.raw(peer);
      w.u16(rec.peerAs);
      w.u16(rec.attributes.length);
      w.raw(rec.attributes);
    }];
  }
  // BGP4MP_ENTRY (subtype 2; the layout is above parseBgp4mpEntry in mrt-bgp4mp.ts).
  const afi = afiOf(rec.peerAddress);
  const peer = address(rec.peerAddress, afi, 'peerAddress');
  const local = rec.localAddress === undefined ? new Uint8Array(peer.length) : address(rec.localAddress, afi, 'localAddress');
  const localAs = checkUint('localAs', rec.localAs ?? 0, 0xffff);
  const safi = checkUint('safi', rec.safi ?? 1, 0xff);
  const nh = rec.nextHop === undefined ? new Uint8Array(0) : nextHopBytes(rec.nextHop);
  checkFits('nextHop octets', nh.length, 0xff);
  const octets = (p.length + 7) >> 3;
  return [2, 8 + 2 * peer.length + 2 + 2 + 4 + 2 + 1 + 1 + nh.length + 1 + octets + 2 + rec.attributes.length, (w) => {
    w.u16(rec.peerAs);
    w.u16(localAs);
    w.u16(0);
    w.u16(afi);
    w.raw(peer);
    w.raw(local);
    w.u16(view);
    w.u16(status);
    w.u32(rec.originatedTime);
    w.u16(p.afi);
    w.u8(safi);
    w.u8(nh.length);
    w.raw(nh);
    w.u8(p.length);
    w.raw(p.bytes.subarray(0, octets));
    w.u16(rec.attributes.length);
    w.raw(rec.attributes);
  }];
}

function planRaw(rec: MrtRawInput): [number, number, (w: Writer) => void] {
  checkUint('subtype', rec.subtype, 0xffff);
  return [rec.subtype, rec.body.length, (w) => w.raw(rec.body)];
}

/**
 * Plans one MRT record (RFC 6396, RFC 8050): type, subtype, exact length and body writer.
 * @throws TypeError for a value of the wrong kind (an address that does not parse, a
 * family the record type cannot hold); RangeError for a number that does not fit its field.
 */
export function planMrtRecord(rec: MrtWritable): MrtPlan {
  checkTyped(rec, 'planMrtRecord', 'record');
  let mrtType: number;
  let parts: [number, number, (w: Writer) => void];
  switch (rec.type) {
    case 'bgp-message':
      mrtType = bgp4mpType(rec, true);
      parts = planMessage(rec);
      break;
    case 'state-change':
      mrtType = bgp4mpType(rec, true);
      parts = planStateChange(rec);
      break;
    case 'peer-index-table':
      mrtType = fixedType(rec, MrtType.TABLE_DUMP_V2);
      parts = planPeerIndexTable(rec);
      break;
    case 'rib':
      mrtType = fixedType(rec, MrtType.TABLE_DUMP_V2);
      parts = planRib(rec);
      break;
    case 'rib-generic':
      mrtType = fixedType(rec, MrtType.TABLE_DUMP_V2);
      parts = planRibGeneric(rec);
      break;
    case 'table-dump':
      mrtType = fixedType(rec, MrtType.TABLE_DUMP);
      parts = planTableDump(rec);
      break;
    case 'bgp4mp-entry':
      mrtType = bgp4mpType(rec, false);
      parts = planTableDump(rec);
      break;
    case 'unknown':
    case 'invalid':
      mrtType = checkUint('mrtType', rec.mrtType, 0xffff);
      parts = planRaw(rec);
      break;
    default:
      throw new TypeError(`mrt: unknown record type ${JSON.stringify((rec as { type?: unknown }).type)}`);
  }
  const [subtype, bodyLength, body] = parts;
  checkUint('timestamp', rec.timestamp, 0xffffffff);
  // The _ET types carry the microsecond field first (RFC 6396 3), except an `invalid` record,
  // whose raw body already holds it.
  const et = isExtendedTimestamp(mrtType) && rec.type !== 'invalid';
  const us = et ? checkUint('microseconds', rec.microseconds ?? 0, 0xffffffff) : 0;
  const length = bodyLength + (et ? 4 : 0);
  checkFits('MRT record length', length, 0xffffffff);
  return {
    mrtType,
    subtype,
    timestamp: rec.timestamp,
    length,
    body: et
      ? (w) => {
          w.u32(us);
          body(w);
        }
      : body,
  };
}

/** Writes a planned record, common header included (exactly `12 + plan.length` octets). */
export function writeMrtPlan(plan: MrtPlan, w: Writer): void {
  checkObject(plan, 'writeMrtPlan', 'plan');
  checkObject(w, 'writeMrtPlan', 'w');
  w.u32(plan.timestamp);
  w.u16(plan.mrtType);
  w.u16(plan.subtype);
  w.u32(plan.length);
  const end = w.pos + plan.length;
  plan.body(w);
  if (w.pos !== end) throw new Error(`mrt: internal: wrote ${w.pos - end + plan.length} of ${plan.length} octets`);
}

/**
 * Encodes one MRT record (RFC 6396, RFC 8050), common header included.
 * @throws TypeError / RangeError as {@link planMrtRecord}.
 * @example encodeMrtRecord({ type: 'bgp-message', timestamp: 1700000000, microseconds: 0, peerAs: 65001, localAs: 65000, peerAddress: '192.0.2.1', localAddress: '192.0.2.2', isAs4: true, message })
 */
export function encodeMrtRecord(rec: MrtWritable): Uint8Array {
  checkTyped(rec, 'encodeMrtRecord', 'record');
  const plan = planMrtRecord(rec);
  const w = Writer.alloc(MRT_HEADER_LENGTH + plan.length);
  writeMrtPlan(plan, w);
  return w.bytes;
}
