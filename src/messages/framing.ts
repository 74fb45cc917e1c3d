import type { SessionContext } from '../context/session-context.ts';
import { EMPTY } from '../wire/errors.ts';
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH } from '../wire/limits.ts';
import { isMarkerIn, peekMessage } from './header.ts';
import { checkBytes, checkFunction, checkOptionalContext } from '../wire/args.ts';

// The largest message (RFC 8654): carried bytes grow by doubling up to it.
const MAX_CARRY = 65535;

/**
 * Frames BGP messages (RFC 4271 section 4.1) out of one large buffer or a stream of chunks,
 * reporting offsets and lengths: no copy, except for a message split across two chunks, which
 * is assembled in a scratch buffer owned by the framer. After `next()` returns true, the
 * message is `bytes[offset, offset + length)` with type `type`; those bytes are valid until
 * the next call to `next()` or `push()` (and, for a message inside a chunk, while that chunk
 * is unchanged).
 * @example const f = new MessageFramer(); f.push(buf); while (f.next()) use(f.bytes, f.offset, f.length)
 */
export class MessageFramer {
  /** The buffer holding the current message (a pushed chunk or the scratch buffer). */
  bytes: Uint8Array = EMPTY;
  /** Offset of the current message's marker in `bytes`. */
  offset = 0;
  /** Length of the current message, header included. */
  length = 0;
  /** Type of the current message (read from its header on demand; 0 before the first). */
  get type(): number {
    return this.length === 0 ? 0 : (this.bytes[this.offset + 18] as number);
  }
  private chunk: Uint8Array = EMPTY;
  private dv: DataView = new DataView(EMPTY.buffer);
  private pos = 0;
  private ctx: SessionContext | undefined;
  private carry: Uint8Array = EMPTY;
  private carryLen = 0;
  /** Bytes copied into the scratch buffer so far (messages split across chunks); O(input). */
  bytesCopied = 0;

  /** `ctx` sets the maximum message length (RFC 8654); without it 4096. */
  constructor(ctx?: SessionContext) {
    checkOptionalContext(ctx, 'MessageFramer', 'ctx');
    this.ctx = ctx;
  }

  /**
   * Follows the session: from now on lengths are checked against `ctx` (RFC 8654: up to 65535
   * once extended messages are negotiated), including the bytes already pushed and not yet
   * framed, so a driver calls it right after the OPEN that negotiated the context.
   * @throws TypeError when `ctx` is not a SessionContext.
   */
  setContext(ctx: SessionContext | undefined): void {
    checkOptionalContext(ctx, 'MessageFramer.setContext', 'ctx');
    this.ctx = ctx;
  }

  /** Bytes held for a message not yet complete. */
  get pending(): number {
    return this.carryLen + (this.chunk.length - this.pos);
  }

  /** Adds the next chunk; any unread part of the previous chunk is kept (copied once). */
  push(chunk: Uint8Array): void {
    checkBytes(chunk, 'MessageFramer.push', 'chunk');
    const rest = this.chunk.length - this.pos;
    if (rest > 0) this.append(this.chunk, this.pos, rest);
    this.chunk = chunk;
    // One DataView per chunk (never per message): four 32-bit reads check the marker.
    this.dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pos = 0;
  }

  /**
   * Moves to the next complete message; false when more bytes are needed.
   * @throws BgpError 1/1 on a bad marker, 1/2 on a bad length (from `peekMessage`).
   */
  next(): boolean {
    if (this.carryLen !== 0) return this.nextCarried();
    const c = this.chunk;
    const p = this.pos;
    if (c.length - p < HEADER_LENGTH) return false;
    // Fast path: the whole marker in one branch, the length against the context's maximum;
    // anything unusual goes to peekMessage, which throws the exact error (RFC 4271 section 6.1).
    const dv = this.dv;
    let n = dv.getUint16(p + 16);
    if (!isMarkerIn(dv, p) || n < HEADER_LENGTH || n > MAX_MESSAGE_LENGTH) {
      const peeked = peekMessage(c, p, this.ctx);
      if (peeked === undefined) return false;
      n = peeked;
    }
    if (n > c.length - p) return false;
    if (this.bytes !== c) this.bytes = c;
    this.offset = p;
    this.length = n;
    this.pos = p + n;
    return true;
  }

  // A message began in an earlier chunk: complete it in the scratch buffer.
  private nextCarried(): boolean {
    if (this.carryLen < HEADER_LENGTH) {
      const take = Math.min(HEADER_LENGTH - this.carryLen, this.chunk.length - this.pos);
      this.append(this.chunk, this.pos, take);
      this.pos += take;
      if (this.carryLen < HEADER_LENGTH) return false;
    }
    const n = peekMessage(this.carry.subarray(0, HEADER_LENGTH), 0, this.ctx) ?? (((this.carry[16] as number) << 8) | (this.carry[17] as number));
    const take = Math.min(n - this.carryLen, this.chunk.length - this.pos);
    this.append(this.chunk, this.pos, take);
    this.pos += take;
    if (this.carryLen < n) return false;
    this.bytes = this.carry;
    this.offset = 0;
    this.length = n;
    // The scratch is handed out; the next carried message starts a fresh one.
    this.carry = EMPTY;
    this.carryLen = 0;
    return true;
  }

  private append(src: Uint8Array, from: number, n: number): void {
    if (n <= 0) return;
    const need = this.carryLen + n;
    if (need > this.carry.length) {
      // The header first (a 19-octet scratch), then exactly the message's length once it is
      // known; more only when a caller pushed before draining. Growth at least doubles, so a
      // message pushed a byte at a time is copied a bounded number of times, not once per byte.
      const size = need <= HEADER_LENGTH ? HEADER_LENGTH : Math.max(need, this.carryMessageLength(), this.carryLen >= HEADER_LENGTH ? Math.min(2 * this.carry.length, MAX_CARRY) : 0);
      const grown = new Uint8Array(size);
      grown.set(this.carry.subarray(0, this.carryLen));
      this.bytesCopied += this.carryLen;
      this.carry = grown;
    }
    this.carry.set(src.subarray(from, from + n), this.carryLen);
    this.carryLen += n;
    this.bytesCopied += n;
  }

  /** Length field of the carried message once its header is in, else 0. */
  private carryMessageLength(): number {
    return this.carryLen >= HEADER_LENGTH ? ((this.carry[16] as number) << 8) | (this.carry[17] as number) : 0;
  }
}

/**
 * Calls `onMessage(offset, length, type)` for each complete message in `bytes` from `offset`
 * and returns the offset of the first byte not framed (a trailing partial message). No copy.
 * @throws BgpError on a bad marker or length.
 */
export function frameMessages(bytes: Uint8Array, onMessage: (offset: number, length: number, type: number) => void, offset = 0, ctx?: SessionContext): number {
  checkBytes(bytes, 'frameMessages', 'bytes');
  checkFunction(onMessage, 'frameMessages', 'onMessage');
  checkOptionalContext(ctx, 'frameMessages', 'ctx');
  let p = offset;
  for (;;) {
    if (bytes.length - p < HEADER_LENGTH) return p;
    const n = peekMessage(bytes, p, ctx);
    if (n === undefined) return p;
    onMessage(p, n, bytes[p + 18] as number);
    p += n;
  }
}
