import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

// Child process of `npm run bench:cli`: readCapture (the incremental captureReader of the
// built dist/, as a user's program runs it) over a pcap file read in 1 MiB chunks, every
// message counted. Prints one JSON line: its CPU time and wall time from after start-up,
// and its max RSS.

const { captureReader } = await import(new URL('../dist/capture/read-capture.js', import.meta.url).href);
const path = process.argv[2];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const fd = openSync(path, 'r');
const reader = captureReader();
let messages = 0;
let bytes = 0;
let fileBytes = 0;
for (;;) {
  // A fresh chunk each time: the reader may keep a view of the last one.
  const chunk = new Uint8Array(1 << 20);
  const n = readSync(fd, chunk, 0, chunk.length, null);
  if (n === 0) break;
  fileBytes += n;
  reader.push(chunk.subarray(0, n));
  for (const m of reader) {
    messages++;
    bytes += m.bytes.length;
  }
}
reader.end();
for (const m of reader) {
  messages++;
  bytes += m.bytes.length;
}
closeSync(fd);
const cpu = process.cpuUsage(cpu0);
// The high-water mark of this process's own memory (VmHWM): getrusage's maxRSS can carry
// the parent's from before exec on Linux (the bench process held the whole pcap).
let maxRssKb = process.resourceUsage().maxRSS;
try {
  const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (hwm !== null) maxRssKb = Number(hwm[1]);
} catch {
  // not Linux: getrusage's figure
}
console.log(JSON.stringify({ fileBytes, messages, bytes, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000, maxRssKb }));
