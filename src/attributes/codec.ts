import type { SessionContext } from '../context/session-context.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { IssueAction, PathAttribute } from './types.ts';

/**
 * The codec of one path attribute's value (RFC 4271 section 4.3). The shared header code
 * writes flags, type and length; a codec handles only the value.
 */
export interface AttributeCodec<T extends PathAttribute = PathAttribute> {
  /** Attribute type code. */
  readonly code: number;
  /** The `type` tag of the decoded value. */
  readonly name: T['type'];
  /** Optional and Transitive bits as the attribute's specification defines them. */
  readonly flags: number;
  /**
   * RFC 7606 action when the value is malformed (section 7), before the peer-type rules.
   * `undefined` means the attribute's spec defines no error handling: the raw value is kept.
   */
  readonly onError: IssueAction;
  /** Exact size of the value. */
  byteLength(v: T, ctx: SessionContext): number;
  /** Writes exactly `byteLength` bytes. */
  write(v: T, w: Writer, ctx: SessionContext): void;
  /**
   * Reads the whole window of `r` (the attribute value). Throws BgpError (the reader's
   * code/subcode, usually 3/5, or a specific one) when the value is malformed.
   */
  read(r: Reader, ctx: SessionContext): T;
}

/** Defines an attribute codec (identity, for type inference). */
export function defineAttribute<T extends PathAttribute>(codec: AttributeCodec<T>): AttributeCodec<T> {
  return Object.freeze(codec);
}
