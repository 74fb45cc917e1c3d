import { checkUint } from '../wire/errors.ts';
import { toHex } from '../wire/hex.ts';
import { checkString } from '../wire/args.ts';
import type { Writer } from '../wire/writer.ts';
import type { NlriCodec } from './codec.ts';
import { defineNlri } from './codec.ts';
import { adminLocalText, parseAdminLocal } from './route-distinguisher.ts';
import type { RtcPrefix } from './types.ts';

// RFC 4684 section 4 (AFI 1, SAFI 132): "a prefix of 0 to 96 bits" over
//     +-------------------------------+
//     | origin as        (4 octets)   |
//     +-------------------------------+
//     | route target     (8 octets)   |
//     +-------------------------------+
// "Except for the default route target, which is encoded as a zero-length prefix, the
// minimum prefix length is 32 bits." The route target is an extended community (RFC 4360):
// type 0x00, 0x01 or 0x02 with subtype 0x02 is written as text, anything else as octets.

/** The route target text of the 8 octets at `b[at]`, or undefined when it is not a route target of a known layout. */
function routeTargetText(b: Uint8Array, at: number): string | undefined {
  const type = b[at] as number;
  return type <= 2 && b[at + 1] === 2 ? adminLocalText(type, b, at + 2) : undefined;
}

/** The 8 octets of a route target text (type 0x00/0x01/0x02, subtype 0x02). @throws TypeError when it does not parse. */
export function routeTargetBytes(text: string): Uint8Array {
  checkString(text, 'routeTargetBytes', 'text');
  const p = parseAdminLocal(text);
  if (p === undefined) throw new TypeError(`route target: cannot parse ${JSON.stringify(text)} (65000:100, 192.0.2.1:5 or 4200000000:7)`);
  const out = new Uint8Array(8);
  out[0] = p.kind;
  out[1] = 2;
  out.set(p.value, 2);
  return out;
}

function targetOctets(v: RtcPrefix): Uint8Array {
  if (v.routeTarget !== undefined) {
    if (v.length !== 96) throw new TypeError(`rtc: routeTarget text needs length 96 (got ${v.length}); use routeTargetBytes`);
    return routeTargetBytes(v.routeTarget);
  }
  const b = v.routeTargetBytes ?? new Uint8Array(0);
  if (!(b instanceof Uint8Array)) throw new TypeError('rtc: routeTargetBytes must be a Uint8Array');
  const want = v.length <= 32 ? 0 : (v.length - 32 + 7) >> 3;
  if (b.length !== want) throw new TypeError(`rtc: length ${v.length} needs ${want} route target octets, got ${b.length}`);
  return b;
}

function check(v: RtcPrefix): void {
  const len = checkUint('rtc.length', v.length, 96);
  if (len !== 0 && len < 32) throw new RangeError(`rtc: length ${len} is below 32 (RFC 4684 section 4: only the default route target is shorter)`);
  if (len >= 32 && v.originAs === undefined) throw new TypeError(`rtc: length ${len} needs originAs`);
}

/** `default`, `65000:65000:100` (origin AS, route target), `65000:0x0002fde8/64` or `65000/32` for shorter prefixes. */
function rtcText(v: RtcPrefix): string {
  if (v.length === 0) return 'default';
  if (v.length === 32) return `${v.originAs}/32`;
  const rt = v.routeTarget ?? `0x${toHex(v.routeTargetBytes ?? new Uint8Array(0))}`;
  return v.length === 96 ? `${v.originAs}:${rt}` : `${v.originAs}:${rt}/${v.length}`;
}

/** Route Target membership (RTC), AFI 1 SAFI 132 (RFC 4684 section 4). */
export const rtConstraint: NlriCodec<RtcPrefix> = defineNlri<RtcPrefix>({
  afi: 1,
  safi: 132,
  name: 'rtc',
  nextHop: 'address',
  byteLength(v, ctx) {
    check(v);
    return (ctx.addPath ? 5 : 1) + (v.length === 0 ? 0 : 4 + targetOctets(v).length);
  },
  write(v, w: Writer, ctx) {
    check(v);
    if (ctx.addPath) {
      if (v.pathId === undefined) throw new TypeError('rtc: ADD-PATH is on for this family but pathId is missing');
      w.u32(checkUint('pathId', v.pathId, 0xffffffff));
    } else if (v.pathId !== undefined) {
      throw new TypeError('rtc: pathId given but ADD-PATH is off for this family');
    }
    w.u8(v.length);
    if (v.length === 0) return;
    w.u32(checkUint('rtc.originAs', v.originAs, 0xffffffff));
    w.raw(targetOctets(v));
  },
  read(r, ctx) {
    const pathId = ctx.addPath ? r.u32('path identifier') : undefined;
    const length = r.u8('NLRI length');
    if (length > 96) r.fail(`route target membership prefix length ${length} exceeds 96`);
    if (length !== 0 && length < 32) r.fail(`route target membership prefix length ${length} is below 32 (RFC 4684 section 4)`);
    r.need((length + 7) >> 3, `NLRI of length ${length}`);
    const base = pathId === undefined ? {} : { pathId };
    if (length === 0) return { ...base, length };
    const originAs = r.u32('origin AS');
    const octets = r.copy((length - 32 + 7) >> 3, 'route target');
    const text = length === 96 ? routeTargetText(octets, 0) : undefined;
    return text === undefined ? { ...base, length, originAs, routeTargetBytes: octets } : { ...base, length, originAs, routeTarget: text };
  },
  text: rtcText,
  key: rtcText,
});
