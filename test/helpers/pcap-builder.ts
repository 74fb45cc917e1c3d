// Small builders for hand-made captures: pcapng blocks, link layers, IPv4/IPv6, TCP and raw
// BGP messages, written byte by byte so that tests can make them wrong on purpose (the
// public writers only write well-formed sessions). Classic pcap files go through the public
// PcapWriter. Tests need no captured data.
import { PcapWriter } from '../../src/capture/pcap-writer.ts';

/** Concatenates byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u16(v: number, le = false): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return b;
}
function u32(v: number, le = false): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, le);
  return b;
}

/** A BGP message with the given type and body (RFC 4271 section 4.1). */
export function bgpMessage(type: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(new Uint8Array(16).fill(0xff), u16(19 + body.length), Uint8Array.of(type), body);
}

/** KEEPALIVE. */
export function keepalive(): Uint8Array {
  return bgpMessage(4);
}

/** OPEN with My AS, hold time, id and raw capabilities (code, value) in one parameter. */
export function open(myAs: number, bgpId: readonly number[], caps: readonly [number, Uint8Array][] = [], holdTime = 90): Uint8Array {
  const capBytes = concat(...caps.map(([code, v]) => concat(Uint8Array.of(code, v.length), v)));
  const params = caps.length === 0 ? new Uint8Array(0) : concat(Uint8Array.of(2, capBytes.length), capBytes);
  return bgpMessage(1, concat(Uint8Array.of(4), u16(myAs), u16(holdTime), Uint8Array.from(bgpId), Uint8Array.of(params.length), params));
}

/** The 4-octet AS capability (code 65). */
export function as4Cap(asn: number): [number, Uint8Array] {
  return [65, u32(asn)];
}

/** ADD-PATH capability (code 69) for one family with send/receive mode. */
export function addPathCap(afi: number, safi: number, mode: number): [number, Uint8Array] {
  return [69, concat(u16(afi), Uint8Array.of(safi, mode))];
}

/** An UPDATE announcing IPv4 prefixes with ORIGIN, AS_PATH (given ASN width) and NEXT_HOP. */
export function update(prefixes: readonly [number[], number][], asPath: readonly number[] = [65001], as4 = true): Uint8Array {
  const asn = concat(...asPath.map((a) => (as4 ? u32(a) : u16(a))));
  const attrs = concat(
    Uint8Array.of(0x40, 1, 1, 0),
    Uint8Array.of(0x40, 2, 2 + asn.length, 2, asPath.length),
    asn,
    Uint8Array.of(0x40, 3, 4, 192, 0, 2, 1),
  );
  const nlri = concat(...prefixes.map(([addr, len]) => Uint8Array.from([len, ...addr.slice(0, Math.ceil(len / 8))])));
  return bgpMessage(2, concat(u16(0), u16(attrs.length), attrs, nlri));
}

/** TCP flags. */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** A TCP header (20 bytes, no options) followed by the payload. */
export function tcp(srcPort: number, dstPort: number, seq: number, flags: number, payload: Uint8Array = new Uint8Array(0), ack = 0): Uint8Array {
  return concat(u16(srcPort), u16(dstPort), u32(seq), u32(ack), Uint8Array.of(0x50, flags), u16(65535), u16(0), u16(0), payload);
}

/** An IPv4 packet; `totalLength` may lie (to model snaplen cuts); `fragment` is the flags+offset field. */
export function ipv4(src: readonly number[], dst: readonly number[], payload: Uint8Array, opts: { proto?: number; fragment?: number; totalLength?: number; id?: number } = {}): Uint8Array {
  const total = opts.totalLength ?? 20 + payload.length;
  return concat(
    Uint8Array.of(0x45, 0),
    u16(total),
    u16(opts.id ?? 1),
    u16(opts.fragment ?? 0x4000),
    Uint8Array.of(64, opts.proto ?? 6),
    u16(0),
    Uint8Array.from(src),
    Uint8Array.from(dst),
    payload,
  );
}

/** An IPv6 packet, optionally behind extension headers ([nextHeader, body] pairs; bodies of 6 + 8k bytes). */
export function ipv6(src: Uint8Array, dst: Uint8Array, payload: Uint8Array, ext: readonly [number, Uint8Array][] = [], proto = 6): Uint8Array {
  // ext[i][0] is the type of header i; each header's first byte names the next.
  const types = [...ext.map(([t]) => t), proto];
  const exts = ext.map(([, body], i) => concat(Uint8Array.of(types[i + 1] as number, (body.length + 2) / 8 - 1), body));
  const rest = concat(...exts, payload);
  return concat(Uint8Array.of(0x60, 0, 0, 0), u16(rest.length), Uint8Array.of(types[0] as number, 64), src, dst, rest);
}

/** IPv6 address bytes from 8 groups. */
export function v6(...groups: number[]): Uint8Array {
  return concat(...groups.map((g) => u16(g)));
}

/** An Ethernet II frame, with 802.1Q/802.1ad tags (outermost first) when given. */
export function ethernet(ip: Uint8Array, version: 4 | 6 = 4, vlans: readonly [number, number][] = []): Uint8Array {
  const tags = concat(...vlans.map(([tpid, vid]) => concat(u16(tpid), u16(vid))));
  return concat(Uint8Array.of(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2), tags, u16(version === 4 ? 0x0800 : 0x86dd), ip);
}

/** One packet of a capture: timestamp in ns, frame bytes, optional on-the-wire length. */
export interface BuiltPacket {
  readonly ts: bigint;
  readonly data: Uint8Array;
  readonly orig?: number;
  readonly iface?: number;
}

/** A classic pcap file, written by the public {@link PcapWriter}. */
export function pcapFile(packets: readonly BuiltPacket[], opts: { le?: boolean; nano?: boolean; linkType?: number; snaplen?: number } = {}): Uint8Array {
  const w = new PcapWriter({ littleEndian: opts.le ?? true, nanosecond: opts.nano ?? false, linkType: opts.linkType ?? 1, snaplen: opts.snaplen ?? 262144 });
  return concat(...w.write(packets.map((p) => ({ timestamp: p.ts, data: p.data, ...(p.orig === undefined ? {} : { originalLength: p.orig }) }))), ...w.end());
}

/** A pcapng block with its two length fields. */
export function pcapngBlock(type: number, body: Uint8Array, le = true): Uint8Array {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  return concat(u32(type, le), u32(len, le), body, new Uint8Array(pad), u32(len, le));
}

/** pcapng options (code, value) with the end-of-options marker. */
export function pcapngOptions(opts: readonly [number, Uint8Array][], le = true): Uint8Array {
  if (opts.length === 0) return new Uint8Array(0);
  return concat(...opts.map(([c, v]) => concat(u16(c, le), u16(v.length, le), v, new Uint8Array((4 - (v.length % 4)) % 4))), u32(0, le));
}

/** A Section Header Block. */
export function shb(le = true): Uint8Array {
  return pcapngBlock(0x0a0d0d0a, concat(u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), u32(0xffffffff, le), u32(0xffffffff, le)), le);
}

/** An Interface Description Block with if_tsresol (raw byte) and if_tsoffset (seconds). */
export function idb(linkType: number, opts: { tsresol?: number; tsoffset?: bigint; snaplen?: number } = {}, le = true): Uint8Array {
  const o: [number, Uint8Array][] = [];
  if (opts.tsresol !== undefined) o.push([9, Uint8Array.of(opts.tsresol)]);
  if (opts.tsoffset !== undefined) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, opts.tsoffset, le);
    o.push([14, b]);
  }
  return pcapngBlock(1, concat(u16(linkType, le), u16(0, le), u32(opts.snaplen ?? 0, le), pcapngOptions(o, le)), le);
}

/** An Enhanced Packet Block; `units` is the raw 64-bit timestamp in interface units. */
export function epb(iface: number, units: bigint, data: Uint8Array, orig = data.length, le = true): Uint8Array {
  const pad = new Uint8Array((4 - (data.length % 4)) % 4);
  return pcapngBlock(6, concat(u32(iface, le), u32(Number(units >> 32n), le), u32(Number(units & 0xffffffffn), le), u32(data.length, le), u32(orig, le), data, pad), le);
}

/** A Simple Packet Block. */
export function spb(data: Uint8Array, orig = data.length, le = true): Uint8Array {
  return pcapngBlock(3, concat(u32(orig, le), data), le);
}

/** Endpoint helpers for a TCP conversation over IPv4/Ethernet. */
export interface Conversation {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly aPort: number;
  readonly bPort: number;
}

/** An Ethernet/IPv4/TCP frame from a to b (or b to a). */
export function frame(c: Conversation, fromA: boolean, seq: number, flags: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const seg = fromA ? tcp(c.aPort, c.bPort, seq, flags, payload) : tcp(c.bPort, c.aPort, seq, flags, payload);
  return ethernet(ipv4(fromA ? c.a : c.b, fromA ? c.b : c.a, seg));
}
