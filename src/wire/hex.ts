import { checkBytes, checkString } from './args.ts';
const HEX = '0123456789abcdef';

/** Lowercase hex of `bytes` (the JSON mapping for bytes). */
export function toHex(bytes: Uint8Array): string {
  checkBytes(bytes, 'toHex', 'bytes');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/**
 * Parses hex (whitespace, `:` and a leading `0x` are ignored).
 * @throws TypeError when the text is not an even number of hex digits.
 */
export function fromHex(text: string): Uint8Array {
  checkString(text, 'fromHex', 'text');
  const clean = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new TypeError('fromHex: not an even number of hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  checkBytes(a, 'bytesEqual', 'a');
  checkBytes(b, 'bytesEqual', 'b');
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
