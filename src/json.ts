import { toHex } from './wire/hex.ts';

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
