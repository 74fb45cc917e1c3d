import { toHex } from './wire/hex.ts';
import { TextWriter } from './wire/text-writer.ts';
import { argError } from './wire/args.ts';

/**
 * The one JSON mapping for everything bgpwire decodes: bytes (Uint8Array) as lowercase hex,
 * 64-bit values (bigint) as decimal strings, everything else as is. Returns plain data that
 * `JSON.stringify` accepts; nesting deeper than 64 levels is cut with the string `"…"`.
 * @example JSON.stringify(toJSON(decodeMessage(bytes, ctx)))
 */
export function toJSON(value: unknown): unknown {
  return convert(value, 0);
}

function convert(v: unknown, depth: number): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'bigint') return v.toString(10);
  if (v === null || typeof v !== 'object') return v;
  if (depth > 64) return '…';
  if (Array.isArray(v)) return v.map((x) => convert(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = convert(x, depth + 1);
  return out;
}

// JSON.stringify's escapes (ECMA-262 QuoteJSONString) for the units below 0x20, '"' and '\'.
const ESCAPES: readonly string[] = Array.from({ length: 93 }, (_, c) => {
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return '\\\\';
  if (c >= 0x20) return '';
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  return short[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
});

// 1 for the ASCII units JSON.stringify writes as they are (0x20-0x7e but '"' and '\\').
// Performance: one table load instead of three comparisons per unit.
const PLAIN = new Uint8Array(128);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === 0x22 || c === 0x5c ? 0 : 1;

// Performance: one pass that copies the units while they need no escape and are ASCII (keys,
// prefixes, addresses: nearly every string); the rest of the string goes the slow way.
function writeString(w: TextWriter, s: string): void {
  const n = s.length;
  if (w.pos + n + 2 > w.bytes.length) w.ensure(n + 2);
  const b = w.bytes;
  let p = w.pos;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e || PLAIN[c] === 0) {
      w.pos = p;
      writeStringRest(w, s, i);
      return;
    }
    b[p++] = c;
  }
  b[p++] = 34;
  w.pos = p;
}

function writeStringRest(w: TextWriter, s: string, start: number): void {
  let from = start;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 93) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
      esc = ESCAPES[c];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is written as its \u escape (well-formed JSON.stringify, ES2019).
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      esc = `\\u${c.toString(16)}`;
    } else continue;
    if (from < i) w.text(s.slice(from, i));
    w.text(esc as string);
    from = i + 1;
  }
  if (from < s.length) w.text(s.slice(from));
  w.byte(34);
}

// `,"key":` (or `"key":` for the first key), in one pass when the key needs no escape.
function writeKey(w: TextWriter, k: string, comma: boolean): void {
  const n = k.length;
  if (w.pos + n + 4 > w.bytes.length) w.ensure(n + 4);
  const b = w.bytes;
  let p = w.pos;
  if (comma) b[p++] = 44;
  const start = p;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = k.charCodeAt(i);
    if (c > 0x7e || PLAIN[c] === 0) {
      w.pos = start;
      writeString(w, k);
      w.byte(58);
      return;
    }
    b[p++] = c;
  }
  b[p++] = 34;
  b[p++] = 58;
  w.pos = p;
}

// A number as JSON.stringify writes it: integers in uint32 range by table, the rest as String().
function writeNumber(w: TextWriter, v: number): void {
  if (v >= 0 && v < 4294967296 && Number.isInteger(v)) w.uint(v);
  else w.text(Number.isFinite(v) ? String(v) : 'null');
}

const hasOwn = Object.prototype.hasOwnProperty;

// Performance: strings and numbers (two values in three) are written where they are met, in
// the array and object loops, without a call through the generic dispatch.
function writeValue(w: TextWriter, v: unknown, depth: number): void {
  if (typeof v === 'string') {
    writeString(w, v);
    return;
  }
  if (typeof v === 'number') {
    writeNumber(w, v);
    return;
  }
  if (typeof v !== 'object') {
    if (typeof v === 'boolean') w.text(v ? 'true' : 'false');
    else if (typeof v === 'bigint') {
      w.byte(34);
      w.text(v.toString(10));
      w.byte(34);
    }
    // undefined, a function or a symbol: `null` in an array (the callers leave them out of objects).
    else w.text('null');
    return;
  }
  if (v === null) {
    w.text('null');
    return;
  }
  if (v instanceof Uint8Array) {
    w.byte(34);
    w.hex(v);
    w.byte(34);
    return;
  }
  if (depth > 64) {
    writeString(w, '…');
    return;
  }
  if (Array.isArray(v)) {
    w.byte(91);
    const n = v.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) w.byte(44);
      const x: unknown = v[i];
      if (typeof x === 'string') writeString(w, x);
      else if (typeof x === 'number') writeNumber(w, x);
      else writeValue(w, x, depth + 1);
    }
    w.byte(93);
    return;
  }
  w.byte(123);
  let first = true;
  const o = v as Record<string, unknown>;
  // The own enumerable string keys in Object.keys order, as Object.entries (toJSON) and
  // JSON.stringify take them. Performance: for-in reads the keys from V8's enum cache, and
  // `o[k]` inside it is a fast indexed load.
  for (const k in o) {
    if (!hasOwn.call(o, k)) continue;
    const x = o[k];
    if (x === undefined) continue;
    const t = typeof x;
    if (t === 'function' || t === 'symbol') continue;
    writeKey(w, k, !first);
    first = false;
    if (t === 'string') writeString(w, x as string);
    else if (t === 'number') writeNumber(w, x as number);
    else writeValue(w, x, depth + 1);
  }
  w.byte(125);
}

/**
 * Writes the JSON text of `toJSON(value)` as UTF-8 into `w`, byte for byte the UTF-8 of
 * `JSON.stringify(toJSON(value))` (for an object or array `value`), without building the
 * intermediate objects or the string.
 */
export function writeJSON(w: TextWriter, value: unknown): void {
  if (!(w instanceof TextWriter)) throw argError('writeJSON', 'writer', 'a TextWriter', w);
  writeValue(w, value, 0);
}

const shared = new TextWriter(1 << 12);

/**
 * The UTF-8 bytes of `JSON.stringify(toJSON(value))` (RFC 8259 text, the same bytes), built
 * without the intermediate objects or string: the fast path to JSON lines.
 * @example process.stdout.write(encodeJSON(decodeMessage(bytes, ctx)))
 */
export function encodeJSON(value: unknown): Uint8Array {
  shared.reset();
  writeValue(shared, value, 0);
  return shared.bytes.slice(0, shared.pos);
}
