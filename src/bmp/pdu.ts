import type { Reader } from '../wire/reader.ts';

/**
 * Reads one BGP PDU (RFC 4271 section 4.1: 16-octet marker, 2-octet length, type) whose
 * length comes from its own header, and copies it out. The marker and type are not judged
 * here: decoding the PDU does that.
 */
export function readPdu(r: Reader, what: string): Uint8Array {
  r.need(19, `${what} header`);
  const len = ((r.bytes[r.pos + 16] as number) << 8) | (r.bytes[r.pos + 17] as number);
  if (len < 19) r.fail(`${what}: BGP length ${len} is below 19`);
  return r.copy(len, what);
}
