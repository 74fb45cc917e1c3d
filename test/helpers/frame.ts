import { fromHex, toHex } from '../../src/wire/hex.ts';

/** A whole BGP message as hex: the 16-byte marker, the computed length, the type, then `body` (hex). */
export function frameHex(type: number, body: string): string {
  const clean = body.replace(/\s/g, '');
  const length = 19 + clean.length / 2;
  return `${'ff'.repeat(16)}${length.toString(16).padStart(4, '0')}${type.toString(16).padStart(2, '0')}${clean}`;
}

/** {@link frameHex} as bytes. */
export function frame(type: number, body: string): Uint8Array {
  return fromHex(frameHex(type, body));
}

export { fromHex, toHex };
