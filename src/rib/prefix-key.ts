// Table keys of prefixes: small numbers where the prefix allows (no string hashing per
// lookup), else the flat prefix text.

/**
 * The same text as one flat string. Prefix text built by concatenation is a V8 cons string
 * (a tree of pieces) from 13 characters on: kept as a table key it costs several objects
 * and each lookup walks it. Lowercasing copies into one flat string; prefix text is
 * lowercase already (RFC 5952), and anything else is kept as given.
 */
export function flatText(s: string): string {
  const flat = s.toLowerCase();
  return flat === s ? flat : s;
}

/**
 * The table key of an IPv4 prefix up to /24: its masked network bits and length as one small
 * integer (below 2^29, a V8 Smi), or -1 for anything else (kept under its text). An integer
 * key is hashed and compared without touching a string: a lookup in a table of a million
 * prefixes takes about half the time. Parsed from the text, as the decoder gives prefixes.
 */
export function ipv4Key(text: string): number {
  let addr = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 || c === 47) {
      // Three dots, then the slash: a dot after the third or a slash before it is no prefix.
      if (digits === 0 || (c === 46 ? dots === 3 : dots !== 3)) return -1;
      addr = addr * 256 + octet;
      octet = 0;
      digits = 0;
      if (c === 47) break;
      dots++;
    } else return -1;
  }
  if (i >= n || dots !== 3) return -1;
  let len = 0;
  for (i++, digits = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || ++digits > 2) return -1;
    len = len * 10 + (c - 48);
  }
  if (digits === 0 || len > 24) return -1;
  return (len === 0 ? 0 : Math.floor(addr / 2 ** (32 - len))) * 32 + len;
}

/**
 * The table key of a global unicast IPv6 prefix (2000::/3) from /3 to /48, nearly all of an
 * IPv6 table: network bits 3 to 47 and the length as one integer below 2^51 (exact as a
 * double), or -1 for anything else (kept under its text). A number key is hashed without
 * hashing (and first flattening) the prefix text. Parsed from the text (RFC 4291 section 2.2
 * hexadecimal forms; an embedded IPv4 tail gives -1).
 */
export function ipv6Key(text: string): number {
  const n = text.length;
  const slash = text.indexOf('/');
  if (slash < 2 || slash > n - 2 || n - slash > 3) return -1;
  let len = 0;
  for (let i = slash + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    len = len * 10 + (c - 48);
  }
  if (len < 3 || len > 48) return -1;
  const g = scratchGroups;
  const gap = text.indexOf('::');
  if (gap >= 0 && gap < slash) {
    const heads = hexGroups(text, 0, gap, g, 0);
    const tails = hexGroups(text, gap + 2, slash, g, 8);
    if (heads < 0 || tails < 0 || heads + tails > 7) return -1;
    // The groups after '::' end at group 7; the ones between are zero.
    for (let k = heads; k < 8 - tails; k++) g[k] = 0;
    for (let t = 0; t < tails; t++) g[8 - tails + t] = g[8 + t] as number;
  } else if (hexGroups(text, 0, slash, g, 0) !== 8) return -1;
  const g0 = g[0] as number;
  if (g0 >>> 13 !== 1) return -1;
  const bits = (g0 & 0x1fff) * 2 ** 32 + (g[1] as number) * 65536 + (g[2] as number);
  const unit = 2 ** (48 - len);
  return Math.floor(bits / unit) * unit * 64 + len;
}

/** Parses ':'-separated groups of 1 to 4 hex digits in text[from, to) into out[at...]; their count, or -1. */
function hexGroups(text: string, from: number, to: number, out: number[], at: number): number {
  if (from === to) return 0;
  let count = 0;
  let v = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 58 : text.charCodeAt(i);
    if (c === 58) {
      if (digits === 0 || count === 8) return -1;
      out[at + count++] = v;
      v = 0;
      digits = 0;
      continue;
    }
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    if (++digits > 4) return -1;
    v = v * 16 + d;
  }
  return count;
}

const scratchGroups: number[] = new Array<number>(16).fill(0);
