// Argument checks at the public entry points: plain JavaScript callers get a TypeError that
// names the function and the parameter, never an engine message ("Cannot read properties of
// null"), and a value of the wrong shape (a number[] for bytes, an ArrayBuffer) is refused
// instead of silently misread. Each check is a typeof or instanceof: cheap on hot paths.

/** How a value is described in an argument error: `null`, `an ArrayBuffer`, `an array`, `a string`... */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof ArrayBuffer) return 'an ArrayBuffer';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const t = typeof v;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** The TypeError of a bad argument: `fn: param must be <expected>, got <kind>`. */
export function argError(fn: string, param: string, expected: string, v: unknown): TypeError {
  return new TypeError(`${fn}: ${param} must be ${expected}, got ${kindOf(v)}`);
}

/** Asserts `v` is a Uint8Array (a Buffer is one; an ArrayBuffer or a number[] is not). */
export function checkBytes(v: unknown, fn: string, param: string): void {
  if (!(v instanceof Uint8Array)) throw argError(fn, param, 'a Uint8Array', v);
}

/** Whether `v` is a plain object value (not null, an array, an ArrayBuffer or a typed array). */
export function isObjectArg(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v);
}

/** Asserts `v` is an object (see {@link isObjectArg}). */
export function checkObject(v: unknown, fn: string, param: string): void {
  if (!isObjectArg(v)) throw argError(fn, param, 'an object', v);
}

/** Asserts `v` is undefined or an object (an options argument). */
export function checkOptions(v: unknown, fn: string, param: string): void {
  if (v !== undefined && !isObjectArg(v)) throw argError(fn, param, 'an object or undefined', v);
}

/** Asserts `v` is a number (not NaN). */
export function checkNumber(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'number' || v !== v) throw argError(fn, param, 'a number', v);
}

/** Asserts `v` is a string. */
export function checkString(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'string') throw argError(fn, param, 'a string', v);
}

/** Asserts `v` is a function. */
export function checkFunction(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'function') throw argError(fn, param, 'a function', v);
}

/** Asserts `v` is an array. */
export function checkArray(v: unknown, fn: string, param: string): void {
  if (!Array.isArray(v)) throw argError(fn, param, 'an array', v);
}

/** Asserts `v` is iterable (sync or async), e.g. a stream of chunks. */
export function checkIterable(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'object' || v === null || (typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function' && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')) {
    throw argError(fn, param, 'an iterable', v);
  }
}

/** Asserts `v` is an object with a string `type` (a message, an attribute, an event...). */
export function checkTyped(v: unknown, fn: string, param: string): void {
  if (!isObjectArg(v)) throw argError(fn, param, 'an object with a type', v);
  if (typeof v.type !== 'string') throw new TypeError(`${fn}: ${param}.type must be a string, got ${kindOf(v.type)}`);
}

/**
 * Asserts `v` is a SessionContext: the fields every codec reads are there (a hand-made
 * `{ asn4: true }` is refused with the way to build one, not misread).
 */
export function checkContext(v: unknown, fn: string, param: string): void {
  if (!isObjectArg(v)) throw argError(fn, param, 'a SessionContext (sessionContext() or contextFor())', v);
  const missing = typeof v.as4 !== 'boolean' && typeof v.asn4 !== 'boolean' ? 'as4' : !Array.isArray(v.addPath) ? 'addPath' : !Array.isArray(v.families) ? 'families' : !Array.isArray(v.extendedNextHop) ? 'extendedNextHop' : undefined;
  if (missing !== undefined) throw new TypeError(`${fn} needs a SessionContext as ${param} (${missing} missing or of the wrong type): build it with sessionContext({ as4, ... }) or contextFor(sent, received)`);
}

/** Asserts `v` is undefined or a SessionContext. */
export function checkOptionalContext(v: unknown, fn: string, param: string): void {
  if (v !== undefined) checkContext(v, fn, param);
}

/** Asserts `v` is a boolean. */
export function checkBoolean(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'boolean') throw argError(fn, param, 'a boolean', v);
}

/** Asserts `v` is a bigint. */
export function checkBigint(v: unknown, fn: string, param: string): void {
  if (typeof v !== 'bigint') throw argError(fn, param, 'a bigint', v);
}

// The last context that passed checkContextOnce: hot paths (decodeMessage, viewUpdate,
// encodeMessage) are called with the same context message after message, and an identity
// compare is all they then pay.
let lastContext: unknown;

/** {@link checkOptionalContext}, remembering the last context that passed (contexts are readonly data). */
export function checkContextOnce(v: unknown, fn: string, param: string, optional: boolean): void {
  if (v === lastContext || (optional && v === undefined)) return;
  checkContext(v, fn, param);
  lastContext = v;
}
