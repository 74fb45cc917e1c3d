// With `lib: ["ES2022"]` and no DOM, TextEncoder and TextDecoder are typed here once.
interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
interface TextEncoderLike {
  encode(input: string): Uint8Array;
}
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => TextDecoderLike;
declare const TextEncoder: new () => TextEncoderLike;

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const encoder = /* @__PURE__ */ new TextEncoder();

/** Decodes UTF-8; `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes UTF-8 with U+FFFD for invalid sequences (for display only). */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

/** Encodes a string as UTF-8. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
