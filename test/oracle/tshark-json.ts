/**
 * A small JSON parser for `tshark -T json` output that keeps repeated keys.
 *
 * tshark writes one key per protocol item, so a frame with three UPDATEs has three `"bgp"`
 * keys and a COMMUNITIES attribute one key per community; `JSON.parse` would keep only the
 * last. Here a key seen more than once in an object becomes an array of its values in order,
 * which is exactly what `tshark --no-duplicate-keys` writes, so {@link all} reads both forms.
 */

/** A parsed JSON value; objects have no prototype, so any key (even `__proto__`) is data. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A parsed JSON object: a key repeated in the source holds the array of its values. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Parses JSON text, turning repeated object keys into arrays. Throws SyntaxError with the offset. */
export function parseTsharkJson(text: string): JsonValue {
  const p = new Parser(text);
  p.space();
  const v = p.value();
  p.space();
  if (p.pos !== text.length) p.fail('trailing characters');
  return v;
}

/** Whether a value is an object (not an array or a scalar). */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every value of `key` in `obj`, in order: a repeated key (or a `--no-duplicate-keys`
 * array) gives all of its values, a missing key none.
 */
export function all(obj: JsonValue | undefined, key: string): JsonValue[] {
  if (!isObject(obj) || !Object.hasOwn(obj, key)) return [];
  const v = obj[key] as JsonValue;
  return Array.isArray(v) ? v : [v];
}

/** The only (or first) value of `key` in `obj`. */
export function one(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  return all(obj, key)[0];
}

/** The only (or first) value of `key` as a string, when it is one. */
export function str(obj: JsonValue | undefined, key: string): string | undefined {
  const v = one(obj, key);
  return typeof v === 'string' ? v : undefined;
}

/** Every value of `key` found anywhere below `v` (depth first, in document order). */
export function deep(v: JsonValue | undefined, key: string, out: JsonValue[] = []): JsonValue[] {
  if (Array.isArray(v)) {
    for (const x of v) deep(x, key, out);
  } else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === key) {
        if (Array.isArray(x)) out.push(...x);
        else out.push(x);
      }
      deep(x, key, out);
    }
  }
  return out;
}

class Parser {
  pos = 0;
  private readonly s: string;

  constructor(s: string) {
    this.s = s;
  }

  fail(why: string): never {
    throw new SyntaxError(`json: ${why} at offset ${this.pos}`);
  }

  space(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(): JsonValue {
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.word('true', true);
    if (c === 'f') return this.word('false', false);
    if (c === 'n') return this.word('null', null);
    return this.number();
  }

  private word<T extends JsonValue>(w: string, v: T): T {
    if (!this.s.startsWith(w, this.pos)) this.fail('unexpected character');
    this.pos += w.length;
    return v;
  }

  private number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (r === null) this.fail('unexpected character');
    this.pos += r[0].length;
    return Number(r[0]);
  }

  private string(): string {
    // Find the closing quote, then let JSON.parse handle the escapes of that one token.
    const s = this.s;
    let i = this.pos + 1;
    let escaped = false;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c === 0x22) {
        break;
      }
    }
    if (i >= s.length) this.fail('unterminated string');
    const raw = s.slice(this.pos, i + 1);
    this.pos = i + 1;
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private array(): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.space();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  private object(): JsonObject {
    this.pos++;
    const out = Object.create(null) as JsonObject;
    // Keys that were repeated: their value is an array we built (not one from the source).
    const repeated = new Set<string>();
    this.space();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.space();
      if (this.s[this.pos++] !== ':') this.fail('expected :');
      this.space();
      const v = this.value();
      if (!Object.hasOwn(out, key)) {
        out[key] = v;
      } else if (repeated.has(key)) {
        (out[key] as JsonValue[]).push(v);
      } else {
        out[key] = [out[key] as JsonValue, v];
        repeated.add(key);
      }
      this.space();
      const c = this.s[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected , or }');
    }
  }
}
