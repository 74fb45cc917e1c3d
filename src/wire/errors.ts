import { checkNumber } from './args.ts';
/**
 * The one error class a decoder may throw on any bytes: it names the NOTIFICATION
 * (RFC 4271 section 4.5, section 6) a speaker must send for the input.
 */
export class BgpError extends Error {
  /** NOTIFICATION Error Code (RFC 4271 section 4.5). */
  readonly code: number;
  /** NOTIFICATION Error Subcode. */
  readonly subcode: number;
  /** NOTIFICATION Data, exactly as RFC 4271 section 6 prescribes for the condition. */
  readonly data: Uint8Array;
  /** Where in the message the problem was found, e.g. `UPDATE.attributes[2].AS_PATH`. */
  readonly path: string;

  constructor(code: number, subcode: number, message: string, data: Uint8Array = EMPTY, path = '') {
    checkNumber(code, 'BgpError', 'code');
    checkNumber(subcode, 'BgpError', 'subcode');
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'BgpError';
    this.code = code;
    this.subcode = subcode;
    this.data = data;
    this.path = path;
  }
}

/** A shared empty byte array (never written to). */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** Whether `value` is a {@link BgpError}. */
export function isBgpError(value: unknown): value is BgpError {
  return value instanceof BgpError;
}

/**
 * Throws a RangeError when an encode input does not fit its wire field; nothing is
 * ever truncated silently.
 * @throws RangeError when `actual` exceeds `max`.
 */
export function checkFits(field: string, actual: number, max: number): void {
  if (!(actual <= max)) throw new RangeError(`${field}: ${actual} does not fit (max ${max})`);
}

/**
 * Throws a RangeError unless `value` is an integer in [0, max].
 * @throws TypeError when not a number, RangeError when out of range.
 */
export function checkUint(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${field}: expected a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field}: ${value} is not an integer in 0..${max}`);
  }
  return value;
}
