import { capabilitiesByteLength, readCapabilities, writeCapabilities } from '../capabilities/registry.ts';
import type { Capability } from '../capabilities/types.ts';
import { ErrorCode, MessageType, OpenErrorSubcode, OptionalParameterType } from '../iana.ts';
import { BgpError, checkFits, checkUint } from '../wire/errors.ts';
import { formatIPv4, parseIPv4 } from '../wire/ip.ts';
import { Reader } from '../wire/reader.ts';
import { Writer } from '../wire/writer.ts';
import { decodeHeader, writeHeader } from './header.ts';
import { type DecodeOptions, resolveDecodeOptions } from './options.ts';
import type { OpenMessage, OpenWire } from './types.ts';
import { checkArray, checkBytes, checkOptions, checkTyped } from '../wire/args.ts';

// RFC 4271 section 4.2 (the fixed part), RFC 9072 section 2 (the extended form):
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      |    Version    |     My Autonomous System      |  Hold Time ...
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      |                         BGP Identifier                        |
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      | Opt Parm Len  |  Optional Parameters: Type (1), Length (1), Value
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// or, RFC 9072:
//      |Non-Ext OP Len.|Non-Ext OP Type|  Extended Opt. Parm. Length   |
//      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//      |  Optional Parameters: Type (1), Length (2), Value             |

/** The highest (and only) BGP version supported, sent as 2/1 data (RFC 4271 section 6.2). */
const BGP_VERSION = 4;

function fail(message: string, subcode: number, path: string, data?: Uint8Array): never {
  throw new BgpError(ErrorCode.OpenMessageError, subcode, message, data, path);
}

/**
 * Reads an OPEN body (after the 19-byte header), RFC 4271 section 4.2 with RFC 5492 and RFC 9072.
 * Capabilities of every Capabilities parameter are listed in order; other parameters are kept raw.
 * `wire` is recorded only where the layout differs from the canonical encoding.
 * @throws BgpError 2/0 when a parameter or capability overruns its length (RFC 4271 section 6.2:
 *   "recognized, but is malformed"); with `strict`, also 2/1 (data: version 4), 2/6 (hold time
 *   1 or 2) and 2/3 (BGP identifier zero, RFC 6286 section 2.2).
 */
export function readOpenBody(r: Reader, opts: DecodeOptions): OpenMessage {
  const version = r.u8('version');
  if (opts.strict && version !== BGP_VERSION) {
    // RFC 4271 section 6.2: the largest locally-supported version below the bid, or else the
    // smallest one; with only version 4 both are 4.
    fail(`unsupported version ${version}`, OpenErrorSubcode.UnsupportedVersionNumber, 'OPEN.version', Uint8Array.of(0, BGP_VERSION));
  }
  const myAs = r.u16('my autonomous system');
  const holdTime = r.u16('hold time');
  const id = r.view(4, 'bgp identifier');
  const bgpId = formatIPv4(id);
  if (opts.strict) {
    // RFC 4271 section 6.2: "An implementation MUST reject Hold Time values of one or two seconds."
    if (holdTime === 1 || holdTime === 2) fail(`unacceptable hold time ${holdTime}`, OpenErrorSubcode.UnacceptableHoldTime, 'OPEN.holdTime');
    // RFC 6286 section 2.2: "If the BGP Identifier field of the OPEN message is zero ...".
    if (bgpId === '0.0.0.0') fail('bgp identifier is zero', OpenErrorSubcode.BadBgpIdentifier, 'OPEN.bgpId');
  }
  const optLen = r.u8('optional parameters length');
  let extended = false;
  let params: Reader;
  // RFC 9072 section 2: a non-zero length followed by type 255 selects the extended form.
  const save = r.pos;
  if (optLen !== 0 && r.remaining > 0 && r.u8('non-ext op type') === OptionalParameterType.ExtendedLength) {
    extended = true;
    const extLen = r.u16('extended optional parameters length');
    params = r.child(extLen, 'optional parameters', ErrorCode.OpenMessageError, OpenErrorSubcode.Unspecific, 'OPEN.parameters');
  } else {
    r.pos = save;
    params = r.child(optLen, 'optional parameters', ErrorCode.OpenMessageError, OpenErrorSubcode.Unspecific, 'OPEN.parameters');
  }
  if (r.remaining !== 0) fail(`${r.remaining} bytes after the optional parameters`, OpenErrorSubcode.Unspecific, 'OPEN.parameters');

  const capabilities: Capability[] = [];
  const parameters: { code: number; value: Uint8Array }[] = [];
  const layout: number[] = [];
  for (let i = 0; params.remaining > 0; i++) {
    const code = params.u8('parameter type');
    const length = extended ? params.u16('parameter length') : params.u8('parameter length');
    if (length > params.remaining) {
      fail(`parameter length ${length} overruns the optional parameters (${params.remaining} bytes left)`, OpenErrorSubcode.Unspecific, `OPEN.parameters[${i}]`);
    }
    if (code === OptionalParameterType.Capabilities) {
      const caps = readCapabilities(params.child(length, 'capabilities', ErrorCode.OpenMessageError, OpenErrorSubcode.Unspecific, `OPEN.parameters[${i}].capabilities`));
      for (const c of caps) capabilities.push(c);
      layout.push(caps.length);
    } else {
      parameters.push({ code, value: params.copy(length, 'parameter value') });
      layout.push(-1);
    }
  }

  const base = { type: 'OPEN', version, myAs, holdTime, bgpId, capabilities } as const;
  const m: OpenMessage = parameters.length === 0 ? base : { ...base, parameters };
  const canonical = canonicalLayout(m);
  const sameLayout = canonical.length === layout.length && canonical.every((n, i) => n === layout[i]);
  const wire: { -readonly [K in keyof OpenWire]: OpenWire[K] } = {};
  if (!sameLayout) wire.layout = layout;
  if (autoExtended(m, layout) !== extended) wire.extendedLength = extended;
  if (extended && optLen !== 255) wire.nonExtendedLength = optLen;
  return Object.keys(wire).length === 0 ? m : { ...m, wire };
}

/** Canonical layout: one Capabilities parameter holding every capability, then the raw parameters. */
function canonicalLayout(m: OpenMessage): number[] {
  const layout: number[] = m.capabilities.length > 0 ? [m.capabilities.length] : [];
  for (let i = 0; i < (m.parameters?.length ?? 0); i++) layout.push(-1);
  return layout;
}

interface Plan {
  readonly layout: readonly number[];
  /** Value length of each parameter, in layout order. */
  readonly lengths: readonly number[];
  readonly extended: boolean;
}

/**
 * The recorded layout when it still fits the value, else the canonical one: recorded wire
 * details never make a changed value un-encodable (`{ ...open, capabilities: fewer }`
 * encodes canonically, as an UPDATE whose recorded details no longer match does).
 */
function layoutOf(m: OpenMessage): readonly number[] {
  const layout = m.wire?.layout;
  if (layout === undefined || !Array.isArray(layout)) return canonicalLayout(m);
  let caps = 0;
  let raws = 0;
  for (const n of layout) {
    if (n === -1) raws++;
    else if (Number.isInteger(n) && n >= 0) caps += n;
    else return canonicalLayout(m);
  }
  if (caps !== m.capabilities.length || raws !== (m.parameters?.length ?? 0)) return canonicalLayout(m);
  return layout;
}

function lengthsOf(m: OpenMessage, layout: readonly number[]): number[] {
  const lengths: number[] = [];
  let c = 0;
  let p = 0;
  for (const n of layout) {
    if (n >= 0) {
      lengths.push(capabilitiesByteLength(m.capabilities.slice(c, c + n)));
      c += n;
    } else {
      const param = m.parameters?.[p++];
      if (param === undefined || !(param.value instanceof Uint8Array)) throw new TypeError('OPEN.parameters: expected { code, value: Uint8Array }');
      lengths.push(param.value.length);
    }
  }
  return lengths;
}

/**
 * RFC 9072 section 2: the extended form is used when the parameters do not fit the one-octet
 * lengths, and also when the first parameter has type 255, which the non-extended form cannot
 * carry (a receiver would take it for the extended form).
 */
function autoExtended(m: OpenMessage, layout: readonly number[], lengths: readonly number[] = lengthsOf(m, layout)): boolean {
  let total = 0;
  for (const n of lengths) {
    if (n > 255) return true;
    total += 2 + n;
  }
  if (total > 255) return true;
  const first = layout[0];
  return first === -1 && m.parameters?.[0]?.code === OptionalParameterType.ExtendedLength;
}

function plan(m: OpenMessage): Plan {
  const layout = layoutOf(m);
  const lengths = lengthsOf(m, layout);
  const extended = m.wire?.extendedLength ?? autoExtended(m, layout, lengths);
  return { layout, lengths, extended };
}

function paramsLength(p: Plan): number {
  let n = 0;
  for (const len of p.lengths) n += (p.extended ? 3 : 2) + len;
  return n;
}

/**
 * Exact size of an OPEN body (without the 19-byte header).
 * @throws TypeError on a malformed parameter.
 */
export function openBodyLength(m: OpenMessage): number {
  const p = plan(m);
  return 9 + (p.extended ? 4 : 1) + paramsLength(p);
}

/**
 * Writes an OPEN body (RFC 4271 section 4.2, RFC 9072 when the parameters need it or
 * `m.wire.extendedLength` says so).
 * @throws TypeError on a malformed value, RangeError when a field does not fit.
 */
export function writeOpenBody(m: OpenMessage, w: Writer): void {
  w.u8(checkUint('OPEN.version', m.version, 0xff));
  w.u16(checkUint('OPEN.myAs', m.myAs, 0xffff));
  w.u16(checkUint('OPEN.holdTime', m.holdTime, 0xffff));
  const id = typeof m.bgpId === 'string' ? parseIPv4(m.bgpId) : undefined;
  if (id === undefined) throw new TypeError(`OPEN.bgpId: ${String(m.bgpId)} is not a dotted quad`);
  w.raw(id);
  const p = plan(m);
  const total = paramsLength(p);
  if (p.extended) {
    const nonExt = m.wire?.nonExtendedLength ?? 255;
    // RFC 9072 section 2: Non-Ext OP Len "MUST NOT be set to 0".
    checkUint('OPEN.wire.nonExtendedLength', nonExt, 255);
    if (nonExt === 0) throw new RangeError('OPEN.wire.nonExtendedLength: must not be 0 (RFC 9072 section 2)');
    checkFits('OPEN extended optional parameters length', total, 0xffff);
    w.u8(nonExt);
    w.u8(OptionalParameterType.ExtendedLength);
    w.u16(total);
  } else {
    checkFits('OPEN optional parameters length', total, 0xff);
    if (p.layout[0] === -1 && m.parameters?.[0]?.code === OptionalParameterType.ExtendedLength) {
      throw new RangeError('OPEN.parameters[0]: type 255 as first parameter needs the RFC 9072 extended form');
    }
    w.u8(total);
  }
  let c = 0;
  let q = 0;
  p.layout.forEach((n, i) => {
    const len = p.lengths[i] as number;
    if (n >= 0) {
      w.u8(OptionalParameterType.Capabilities);
      if (p.extended) w.u16(len);
      else w.u8(len);
      writeCapabilities(m.capabilities.slice(c, c + n), w);
      c += n;
    } else {
      const param = m.parameters?.[q++] as { code: number; value: Uint8Array };
      w.u8(checkUint('OPEN.parameters.code', param.code, 0xff));
      if (p.extended) w.u16(len);
      else w.u8(len);
      w.raw(param.value);
    }
  });
}

/**
 * Decodes a whole OPEN message, header included (RFC 4271 section 4.2).
 * @throws BgpError on a malformed header or body, or when the message is not an OPEN (1/3).
 * @example const open = decodeOpen(bytes); open.capabilities
 */
export function decodeOpen(bytes: Uint8Array, options?: Partial<DecodeOptions>): OpenMessage {
  checkBytes(bytes, 'decodeOpen', 'bytes');
  checkOptions(options, 'decodeOpen', 'options');
  const { length, type } = decodeHeader(bytes, 0);
  if (type !== MessageType.OPEN) {
    throw new BgpError(ErrorCode.MessageHeaderError, 3, `expected an OPEN, got type ${type}`, Uint8Array.of(type), 'header.type');
  }
  return readOpenBody(new Reader(bytes, 19, length, ErrorCode.OpenMessageError, 0, 'OPEN'), resolveDecodeOptions(options));
}

/**
 * Encodes a whole OPEN message, header included; at most 4096 bytes (RFC 8654 section 4).
 * @throws TypeError on a malformed value, RangeError when it does not fit.
 * @example encodeOpen({ type: 'OPEN', version: 4, myAs: 65001, holdTime: 90, bgpId: '192.0.2.1', capabilities: [] })
 */
export function encodeOpen(m: OpenMessage): Uint8Array {
  checkTyped(m, 'encodeOpen', 'm');
  checkArray(m.capabilities, 'encodeOpen', 'm.capabilities');
  const length = 19 + openBodyLength(m);
  checkFits('OPEN length', length, 4096);
  const w = Writer.alloc(length);
  writeHeader(w, length, MessageType.OPEN);
  writeOpenBody(m, w);
  return w.bytes;
}
