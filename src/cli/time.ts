/** ISO 8601 UTC text of a bigint nanosecond timestamp, with microseconds (exact, no float). */
export function formatTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  const frac = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n) / 1000n;
  return `${iso}.${frac.toString().padStart(6, '0')}Z`;
}

// Performance: records come in time order, so the date text of the last second is reused,
// and the whole text (the same string object) while the time stays the same.
let lastSecond = Number.NaN;
let lastDate = '';
let lastMicros = Number.NaN;
let lastText = '';

/** The same text as {@link formatTime} for `seconds` since 1970 plus `micros` (an MRT record's time). */
export function formatUnixTime(seconds: number, micros: number): string {
  if (!(micros >= 0 && micros < 1_000_000 && Number.isInteger(micros) && Number.isInteger(seconds))) return formatTime(BigInt(seconds) * 1_000_000_000n + BigInt(micros) * 1000n);
  if (seconds === lastSecond && micros === lastMicros) return lastText;
  if (seconds !== lastSecond) {
    lastDate = `${new Date(seconds * 1000).toISOString().slice(0, 19)}.`;
    lastSecond = seconds;
  }
  lastMicros = micros;
  lastText = `${lastDate}${micros === 0 ? '000000' : String(micros).padStart(6, '0')}Z`;
  return lastText;
}
