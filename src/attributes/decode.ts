import type { SessionContext } from '../context/session-context.ts';
import { attributeName, UpdateErrorSubcode } from '../iana.ts';
import { BgpError, EMPTY } from '../wire/errors.ts';
import { Reader } from '../wire/reader.ts';
import { dataFor, issue } from './issues.ts';
import { attributeCodecs } from './registry.ts';
import type { IssueAction, PathAttribute, UpdateIssue } from './types.ts';

/** The path attributes of an UPDATE (or an MRT RIB entry), with the RFC 7606 issues found. */
export interface DecodedAttributes {
  readonly attributes: PathAttribute[];
  readonly issues: UpdateIssue[];
  /** RFC 7606 section 4: bytes from the first attribute that overran the field, kept raw. */
  readonly tail?: Uint8Array;
}

// RFC 7606 sections 7.5, 7.9, 7.10: from an external neighbor these are discarded.
const INTERNAL_ONLY = new Set([5, 9, 10]);
// RFC 7606 section 3 f, RFC 6793 section 6, RFC 7311 section 3.2: flag errors discard these.
const DISCARD_ON_FLAGS = new Set([6, 7, 17, 18, 26]);

function readFailed(code: number, e: BgpError, valueLength: number, onError: IssueAction): IssueAction {
  if (code === 14 || code === 15) {
    // RFC 7606 section 3 j, section 7.11: afisafi-disable when the AFI/SAFI can be read, else reset.
    return valueLength >= 3 ? 'afisafi-disable' : 'session-reset';
  }
  void e;
  return onError;
}

/**
 * Reads the path attributes in the window of `r` (RFC 4271 section 4.3), applying RFC 7606:
 * each malformed attribute is kept raw (so the message re-encodes byte for byte) and named
 * by an issue with its action and the RFC 4271 section 6.3 code/subcode/data.
 * @throws BgpError only for what no RFC 7606 action covers at this level: a duplicate
 *   MP_REACH/MP_UNREACH (section 3 g) or an unrecognized well-known attribute (RFC 4271 section 6.3).
 */
export function readAttributes(r: Reader, ctx: SessionContext): DecodedAttributes {
  const attributes: PathAttribute[] = [];
  const issues: UpdateIssue[] = [];
  // Performance: a generation stamp per code instead of a fresh 256-byte array per message
  // (readAttributes never re-enters itself: no codec reads nested attribute lists).
  let gen = seenGen + 1;
  if (gen > 0x7ffffff0) {
    seenStamp.fill(0);
    gen = 1;
  }
  seenGen = gen;
  const seen = seenStamp;
  const b = r.bytes;
  let tail: Uint8Array | undefined;
  const external = ctx.peerType === 'external';
  while (r.pos < r.end) {
    const start = r.pos;
    const left = r.end - start;
    const flags = b[start] as number;
    const hdr = flags & 0x10 ? 4 : 3;
    // RFC 7606 section 4: too few octets for an attribute header, or a length that overruns
    // the Total Attribute Length: treat-as-withdraw, and the NLRI is located by the total.
    if (left < hdr) {
      tail = b.slice(start, r.end);
      issues.push(issue('treat-as-withdraw', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${left} octets left, too few for an attribute header`));
      break;
    }
    const code = b[start + 1] as number;
    const len = hdr === 4 ? ((b[start + 2] as number) << 8) | (b[start + 3] as number) : (b[start + 2] as number);
    const end = start + hdr + len;
    if (end > r.end) {
      tail = b.slice(start, r.end);
      issues.push(
        issue('treat-as-withdraw', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${attributeName(code)} length ${len} overruns the path attributes by ${end - r.end}`, { attribute: code }),
      );
      break;
    }
    r.pos = end;
    const index = attributes.length;
    if (seen[code] === gen) {
      const name = attributeName(code);
      // RFC 7606 section 3 g.
      if (code === 14 || code === 15) {
        throw new BgpError(3, UpdateErrorSubcode.MalformedAttributeList, `${name} appears more than once`, EMPTY, `UPDATE.attributes[${index}].${name}`);
      }
      attributes.push(rawAttribute(code, flags, b, start + hdr, end));
      issues.push(issue('attribute-discard', UpdateErrorSubcode.MalformedAttributeList, EMPTY, `${name} appears more than once`, { attribute: code, index }));
      continue;
    }
    seen[code] = gen;
    const codec = attributeCodecs.get(code);
    if (codec === undefined) {
      if ((flags & 0x80) === 0) {
        // RFC 4271 section 6.3: "If any of the well-known mandatory attributes are not recognized".
        throw new BgpError(3, UpdateErrorSubcode.UnrecognizedWellKnownAttribute, `unrecognized well-known attribute ${code}`, b.slice(start, end), `UPDATE.attributes[${index}]`);
      }
      attributes.push(rawAttribute(code, flags, b, start + hdr, end));
      continue;
    }
    if ((flags & 0xc0) !== codec.flags) {
      const name = attributeName(code);
      // RFC 7606 section 3 c: Optional/Transitive bits in conflict.
      let action: IssueAction = DISCARD_ON_FLAGS.has(code) || (external && INTERNAL_ONLY.has(code)) ? 'attribute-discard' : 'treat-as-withdraw';
      if (code === 14 || code === 15) action = len >= 3 ? 'afisafi-disable' : 'session-reset';
      attributes.push(rawAttribute(code, flags, b, start + hdr, end));
      issues.push(
        issue(action, UpdateErrorSubcode.AttributeFlagsError, b.slice(start, end), `${name} flags 0x${flags.toString(16)} conflict with 0x${codec.flags.toString(16)}`, {
          attribute: code,
          index,
          ...mpFamily(code, b, start + hdr, len),
        }),
      );
      continue;
    }
    let value: PathAttribute;
    try {
      // Performance: a constant path. The path never escapes: every BgpError is caught just
      // below and only the last part of its message goes into the issue's reason.
      value = codec.read(new Reader(b, start + hdr, end, 3, UpdateErrorSubcode.AttributeLengthError, 'UPDATE.attributes'), ctx);
    } catch (e) {
      if (!(e instanceof BgpError)) throw e;
      const name = attributeName(code);
      let action = readFailed(code, e, len, codec.onError);
      if (external && INTERNAL_ONLY.has(code)) action = 'attribute-discard';
      const subcode = code === 14 || code === 15 ? UpdateErrorSubcode.OptionalAttributeError : e.subcode;
      attributes.push(rawAttribute(code, flags, b, start + hdr, end));
      issues.push(issue(action, subcode, dataFor(subcode, b.subarray(start, end)), `${name}: ${e.message.slice(e.message.lastIndexOf(': ') + 2)}`, { attribute: code, index, ...mpFamily(code, b, start + hdr, len) }));
      continue;
    }
    const canonical = codec.flags | (len > 255 ? 0x10 : 0);
    attributes.push(flags === canonical ? value : { ...value, flags });
    if (external && INTERNAL_ONLY.has(code)) {
      issues.push(issue('attribute-discard', UpdateErrorSubcode.Unspecific, EMPTY, `${attributeName(code)} from an external peer`, { attribute: code, index }));
    }
  }
  return tail === undefined ? { attributes, issues } : { attributes, issues, tail };
}

const seenStamp = new Int32Array(256);
let seenGen = 0;

function rawAttribute(code: number, flags: number, b: Uint8Array, from: number, to: number): PathAttribute {
  return { type: 'raw', code, flags, value: b.slice(from, to) };
}

function mpFamily(code: number, b: Uint8Array, at: number, len: number): { afi?: number; safi?: number } {
  if ((code !== 14 && code !== 15) || len < 3) return {};
  return { afi: ((b[at] as number) << 8) | (b[at + 1] as number), safi: b[at + 2] as number };
}

/**
 * Decodes a path attribute field on its own (for MRT RIB entries and tests).
 * @throws BgpError where RFC 7606 leaves no other choice (see {@link readAttributes}).
 */
export function decodeAttributes(bytes: Uint8Array, ctx: SessionContext): DecodedAttributes {
  return readAttributes(new Reader(bytes, 0, bytes.length, 3, UpdateErrorSubcode.MalformedAttributeList, 'attributes'), ctx);
}
