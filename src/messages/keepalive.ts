import { ErrorCode, HeaderErrorSubcode, MessageType } from '../iana.ts';
import { BgpError } from '../wire/errors.ts';
import { Writer } from '../wire/writer.ts';
import { decodeHeader, writeHeader } from './header.ts';
import type { KeepaliveMessage } from './types.ts';
import { checkBytes } from '../wire/args.ts';

// RFC 4271 section 4.4: "A KEEPALIVE message consists of only the message header and has a
// length of 19 octets."

/** The KEEPALIVE message (a frozen shared value). */
export const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'KEEPALIVE' });

/** Size of a KEEPALIVE body: always 0. */
export function keepaliveBodyLength(): number {
  return 0;
}

/** Writes a KEEPALIVE body: nothing. */
export function writeKeepaliveBody(): void {}

/**
 * Decodes a whole KEEPALIVE message (RFC 4271 section 4.4).
 * @throws BgpError 1/2 (the length field as data) when the length is not 19, 1/1 on a bad marker,
 *   1/3 when the message is of another type.
 */
export function decodeKeepalive(bytes: Uint8Array): KeepaliveMessage {
  checkBytes(bytes, 'decodeKeepalive', 'bytes');
  const { type } = decodeHeader(bytes, 0);
  if (type !== MessageType.KEEPALIVE) {
    throw new BgpError(ErrorCode.MessageHeaderError, HeaderErrorSubcode.BadMessageType, `expected a KEEPALIVE, got type ${type}`, Uint8Array.of(type), 'header.type');
  }
  return { type: 'KEEPALIVE' };
}

/**
 * Encodes a KEEPALIVE: the 19-byte header.
 * @example encodeKeepalive() // ff x16, 00 13, 04
 */
export function encodeKeepalive(): Uint8Array {
  const w = Writer.alloc(19);
  writeHeader(w, 19, MessageType.KEEPALIVE);
  return w.bytes;
}
