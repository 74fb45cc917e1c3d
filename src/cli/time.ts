/** ISO 8601 UTC text of a bigint nanosecond timestamp, with microseconds (exact, no float). */
export function formatTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  const frac = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n) / 1000n;
  return `${iso}.${frac.toString().padStart(6, '0')}Z`;
}
