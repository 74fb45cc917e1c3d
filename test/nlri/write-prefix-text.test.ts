import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPrefixes, writePrefixText } from '../../src/nlri/prefix.ts';
import { Reader } from '../../src/wire/reader.ts';
import { TextWriter } from '../../src/wire/text-writer.ts';

// writePrefixText (the bgpdump lines' prefix, written from the UPDATE's bytes) must give the
// text readPrefixes gives the same bytes: host bits masked (RFC 4271 section 4.3: trailing
// bits "are irrelevant"), IPv6 in RFC 5952 form.

/** One prefix field entry (length octet and its significant octets), bits past the length random. */
const entry = (size: 4 | 16): fc.Arbitrary<number[]> =>
  fc.integer({ min: 0, max: size * 8 }).chain((length) => fc.array(fc.integer({ min: 0, max: 255 }), { minLength: (length + 7) >> 3, maxLength: (length + 7) >> 3 }).map((bytes) => [length, ...bytes]));

function both(size: 4 | 16, entries: number[][]): { read: string[]; written: string[] } {
  const field = Uint8Array.from(entries.flat());
  const read = readPrefixes(new Reader(field, 0, field.length, 3, 10, 'x'), size, false).map((p) => p.prefix);
  const written: string[] = [];
  let at = 0;
  for (const e of entries) {
    const w = new TextWriter(1);
    writePrefixText(w, field, at, size);
    written.push(new TextDecoder().decode(w.bytes.subarray(0, w.pos)));
    at += e.length;
  }
  return { read, written };
}

describe('writePrefixText', () => {
  it('writes the text readPrefixes reads, IPv4 and IPv6, trailing bits set or not', () => {
    let n = 0;
    for (const size of [4, 16] as const) {
      fc.assert(
        fc.property(fc.array(entry(size), { minLength: 1, maxLength: 6 }), (entries) => {
          const { read, written } = both(size, entries);
          expect(written).toEqual(read);
          n += entries.length;
        }),
        { numRuns: 300 },
      );
    }
    expect(n).toBeGreaterThan(1000);
    // Hand vectors: a default route, host bits masked, a /32 and RFC 5952 zero compression.
    expect(both(4, [[0], [23, 10, 1, 255], [32, 192, 0, 2, 1]]).written).toEqual(['0.0.0.0/0', '10.1.254.0/23', '192.0.2.1/32']);
    expect(both(16, [[32, 0x20, 0x01, 0x0d, 0xb8], [128, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]]).written).toEqual(['2001:db8::/32', '2001:db8::1/128']);
  });
});
