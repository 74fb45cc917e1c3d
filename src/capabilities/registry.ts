import { BgpError, checkFits, checkUint } from '../wire/errors.ts';
import { bytesEqual } from '../wire/hex.ts';
import { Reader } from '../wire/reader.ts';
import { Writer } from '../wire/writer.ts';
import { addPath } from './add-path.ts';
import { as4 } from './as4.ts';
import type { CapabilityCodec } from './codec.ts';
import { enhancedRouteRefresh } from './enhanced-route-refresh.ts';
import { extendedMessage } from './extended-message.ts';
import { extendedNextHop } from './extended-next-hop.ts';
import { fqdn } from './fqdn.ts';
import { gracefulRestart } from './graceful-restart.ts';
import { llgr } from './llgr.ts';
import { multipleLabels } from './multiple-labels.ts';
import { multiprotocol } from './multiprotocol.ts';
import { orf, orfCisco } from './orf.ts';
import { rawCapability } from './raw.ts';
import { role } from './role.ts';
import { routeRefresh, routeRefreshCisco } from './route-refresh.ts';
import { softwareVersion } from './software-version.ts';
import type { Capability } from './types.ts';

// RFC 5492 section 4, one TLV inside a Capabilities optional parameter:
//      +------------------------------+
//      | Capability Code (1 octet)    |
//      | Capability Length (1 octet)  |
//      | Capability Value (variable)  |
//      +------------------------------+

type AnyCodec = CapabilityCodec<Capability>;

const list: readonly AnyCodec[] = [
  multiprotocol as AnyCodec,
  routeRefresh as AnyCodec,
  orf as AnyCodec,
  extendedNextHop as AnyCodec,
  multipleLabels as AnyCodec,
  extendedMessage as AnyCodec,
  role as AnyCodec,
  gracefulRestart as AnyCodec,
  as4 as AnyCodec,
  addPath as AnyCodec,
  enhancedRouteRefresh as AnyCodec,
  llgr as AnyCodec,
  fqdn as AnyCodec,
  softwareVersion as AnyCodec,
  routeRefreshCisco as AnyCodec,
  orfCisco as AnyCodec,
];

/** The typed capability codecs by Capability Code; a miss decodes to `{ type: 'raw' }`. */
export const capabilityCodecs: ReadonlyMap<number, AnyCodec> = new Map(list.map((c) => [c.code, c]));

function codecFor(c: Capability): AnyCodec | undefined {
  switch (c.type) {
    case 'raw':
      return undefined;
    case 'multiprotocol':
      return multiprotocol as AnyCodec;
    case 'route-refresh':
      return routeRefresh as AnyCodec;
    case 'route-refresh-cisco':
      return routeRefreshCisco as AnyCodec;
    case 'orf':
      return (c.code === 130 ? orfCisco : orf) as AnyCodec;
    case 'extended-next-hop':
      return extendedNextHop as AnyCodec;
    case 'multiple-labels':
      return multipleLabels as AnyCodec;
    case 'extended-message':
      return extendedMessage as AnyCodec;
    case 'enhanced-route-refresh':
      return enhancedRouteRefresh as AnyCodec;
    case 'role':
      return role as AnyCodec;
    case 'graceful-restart':
      return gracefulRestart as AnyCodec;
    case 'as4':
      return as4 as AnyCodec;
    case 'add-path':
      return addPath as AnyCodec;
    case 'llgr':
      return llgr as AnyCodec;
    case 'fqdn':
      return fqdn as AnyCodec;
    case 'software-version':
      return softwareVersion as AnyCodec;
    default:
      throw new TypeError(`capability: unknown type ${String((c as { type?: unknown }).type)}`);
  }
}

/**
 * The Capability Code a value is written with (RFC 5492 section 4).
 * @throws TypeError on a value that is not a capability.
 */
export function capabilityCode(c: Capability): number {
  if (c.type === 'raw') return checkUint('capability.code', c.code, 0xff);
  return (codecFor(c) as AnyCodec).code;
}

function valueLength(c: Capability): number {
  if (c.type === 'raw') {
    if (!(c.value instanceof Uint8Array)) throw new TypeError('capability.value: expected a Uint8Array');
    return c.value.length;
  }
  return (codecFor(c) as AnyCodec).byteLength(c);
}

/**
 * Encoded size of one capability TLV, code and length octets included (RFC 5492 section 4).
 * @throws RangeError when the value exceeds the one-octet Capability Length.
 */
export function capabilityByteLength(c: Capability): number {
  const n = valueLength(c);
  checkFits(`capability ${capabilityCode(c)} length`, n, 0xff);
  return 2 + n;
}

/**
 * Writes one capability TLV (RFC 5492 section 4).
 * @throws TypeError or RangeError on a value that cannot be encoded.
 */
export function writeCapability(c: Capability, w: Writer): void {
  const code = capabilityCode(c);
  const n = valueLength(c);
  checkFits(`capability ${code} length`, n, 0xff);
  w.u8(code);
  w.u8(n);
  const start = w.pos;
  if (c.type === 'raw') w.raw(c.value);
  else (codecFor(c) as AnyCodec).write(c, w);
  if (w.pos - start !== n) throw new Error(`internal: capability ${code} wrote ${w.pos - start} bytes, expected ${n}`);
}

/** Encodes one capability's value only (no code or length octets). */
function encodeValue(c: Capability): Uint8Array {
  const codec = codecFor(c) as AnyCodec;
  const w = Writer.alloc(codec.byteLength(c));
  codec.write(c, w);
  return w.bytes;
}

/**
 * Decodes one capability value. A known capability whose value does not decode, or does not
 * re-encode to exactly the same bytes, is kept raw with `malformed` saying why, so that every
 * capability re-encodes byte for byte. Never throws.
 */
export function decodeCapabilityValue(code: number, value: Uint8Array): Capability {
  const owned = value.slice();
  const codec = capabilityCodecs.get(code);
  if (codec === undefined) return rawCapability(code, owned);
  let decoded: Capability;
  try {
    const r = new Reader(owned, 0, owned.length, 2, 0, `capability ${code}`);
    decoded = codec.read(r);
    if (r.remaining !== 0) return rawCapability(code, owned, `${r.remaining} bytes after the value`);
  } catch (e) {
    if (e instanceof BgpError) return rawCapability(code, owned, e.message);
    throw e;
  }
  try {
    // Decoding is lossy only where a value cannot be represented (e.g. overlong UTF-8 is
    // rejected by the decoder already); the check makes byte-exact re-encoding a guarantee.
    if (!bytesEqual(encodeValue(decoded), owned)) return rawCapability(code, owned, 'value does not re-encode canonically');
  } catch {
    return rawCapability(code, owned, 'value does not re-encode');
  }
  return decoded;
}

/**
 * Reads one capability TLV from `r` (RFC 5492 section 4).
 * @throws BgpError with the reader's code/subcode (OPEN 2/0) when the TLV overruns its parameter.
 */
export function readCapability(r: Reader): Capability {
  const code = r.u8('capability code');
  const length = r.u8('capability length');
  if (length > r.remaining) r.fail(`capability ${code}: length ${length} overruns the parameter (${r.remaining} bytes left)`);
  return decodeCapabilityValue(code, r.view(length, 'capability value'));
}

/**
 * Reads every capability TLV of one Capabilities optional parameter (RFC 5492 section 4).
 * @throws BgpError (the reader's code/subcode, OPEN 2/0) when a capability overruns the parameter.
 */
export function readCapabilities(r: Reader): Capability[] {
  const out: Capability[] = [];
  while (r.remaining > 0) out.push(readCapability(r));
  return out;
}

/** Encoded size of the TLVs of `caps` (the value of one Capabilities parameter). */
export function capabilitiesByteLength(caps: readonly Capability[]): number {
  let n = 0;
  for (const c of caps) n += capabilityByteLength(c);
  return n;
}

/**
 * Writes the TLVs of `caps` (the value of one Capabilities optional parameter).
 * @throws TypeError or RangeError on a value that cannot be encoded.
 */
export function writeCapabilities(caps: readonly Capability[], w: Writer): void {
  for (const c of caps) writeCapability(c, w);
}
