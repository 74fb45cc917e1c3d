import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { readCapture } from '../../src/capture/index.ts';
import type { CaptureMessage } from '../../src/capture/index.ts';
import { sharedRoot } from './shared.ts';

/** Every pcap/pcapng file under ../shared/captures and ../shared/corpus/pcap (relative paths). */
export function sharedPcaps(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(pcap|pcapng|cap)(\.gz)?$/.test(name)) out.push(relative(sharedRoot, p));
    }
  };
  walk(join(sharedRoot, 'captures'));
  walk(join(sharedRoot, 'corpus', 'pcap'));
  return out.sort();
}

/** Every file under ../shared/corpus/mrt (absolute paths, sorted, the `expected/` outputs left out). */
export function sharedMrtFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'expected') walk(p);
      } else out.push(p);
    }
  };
  walk(join(sharedRoot, 'corpus', 'mrt'));
  return out;
}

/** The bytes of a shared file, gunzipped when it ends in .gz. */
export function readSharedFile(rel: string): Uint8Array {
  const raw = readFileSync(join(sharedRoot, rel));
  return new Uint8Array(rel.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** BGP messages of a shared capture (ports 179 and 1179: the bgp-rs captures use 1179). */
export function captureMessages(rel: string): { messages: CaptureMessage[]; error?: unknown } {
  const messages: CaptureMessage[] = [];
  try {
    for (const m of readCapture(readSharedFile(rel), { ports: [179, 1179], bmpPorts: [] })) messages.push(m);
    return { messages };
  } catch (error) {
    return { messages, error };
  }
}
