import fc from 'fast-check';

/** One structural mutation of a message body. */
type Mutation =
  | { readonly kind: 'set'; readonly at: number; readonly byte: number }
  | { readonly kind: 'insert'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'truncate'; readonly at: number };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/**
 * Applies mutations to the body (after the 19-byte header) of `message`; the header length is
 * then fixed up unless `keepLength` (so most cases get past framing into the body decoder).
 */
export function mutate(message: Uint8Array, mutations: readonly Mutation[], keepLength: boolean): Uint8Array {
  const body = Array.from(message.subarray(19));
  for (const m of mutations) {
    const at = body.length === 0 ? 0 : m.at % (body.length + (m.kind === 'insert' ? 1 : 0));
    if (m.kind === 'set' && body.length > 0) body[at] = m.byte;
    else if (m.kind === 'insert') body.splice(at, 0, m.byte);
    else if (m.kind === 'delete') body.splice(at, 1);
    else if (m.kind === 'truncate') body.length = Math.min(body.length, at % (body.length + 1));
  }
  const out = new Uint8Array(19 + body.length);
  out.set(message.subarray(0, 19));
  out.set(body, 19);
  if (!keepLength) {
    out[16] = (out.length >> 8) & 0xff;
    out[17] = out.length & 0xff;
  }
  return out;
}

/** Mutated versions of messages from `arb`, encoded by `encode`. */
export function arbMutated<T>(arb: fc.Arbitrary<T>, encode: (v: T) => Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(arb, fc.array(arbMutation, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([v, muts, keep]) => mutate(encode(v), muts, keep));
}

/** Random bytes behind a valid marker, with a random type and a matching or random length. */
export function arbRandomMessage(type: number): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean()).map(([body, fixLength]) => {
    const out = new Uint8Array(19 + body.length).fill(0xff);
    out.set(body, 19);
    const len = fixLength ? out.length : (body[0] ?? 0) * 256 + (body[1] ?? 0);
    out[16] = (len >> 8) & 0xff;
    out[17] = len & 0xff;
    out[18] = type;
    return out;
  });
}
