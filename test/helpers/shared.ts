import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const repoRoot: string = resolve(here, '..', '..');
/** `../shared` beside the repository (read-only test data, some GPL: never copied in). */
export const sharedRoot: string = process.env.BGPWIRE_SHARED ?? resolve(repoRoot, '..', 'shared');

/** When set (by .ci/run), a missing ../shared or tool is a failure, not a skip. */
export const requireAll: boolean = process.env.BGPWIRE_REQUIRE === '1';

/** Whether ../shared is present. */
export const hasShared: boolean = existsSync(join(sharedRoot, 'corpus', 'MANIFEST.md'));

/**
 * Path of a file under ../shared, or undefined when ../shared is missing (and it is allowed
 * to be). Under BGPWIRE_REQUIRE=1 a missing file throws.
 */
export function sharedPath(...parts: string[]): string | undefined {
  const p = join(sharedRoot, ...parts);
  if (existsSync(p)) return p;
  if (requireAll) throw new Error(`required shared data missing: ${p} (BGPWIRE_REQUIRE=1)`);
  return undefined;
}

/** Reads a file under ../shared (see {@link sharedPath}). */
export function readShared(...parts: string[]): Uint8Array | undefined {
  const p = sharedPath(...parts);
  return p === undefined ? undefined : new Uint8Array(readFileSync(p));
}

/** Message to show when a test is skipped for missing shared data. */
export const SKIP_SHARED = '../shared is missing: skipped (set BGPWIRE_REQUIRE=1 to make this a failure)';

/** Whether an external tool is on PATH; under BGPWIRE_REQUIRE=1 a missing tool throws. */
export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    if (requireAll) throw new Error(`required tool missing: ${name} (BGPWIRE_REQUIRE=1)`);
    return false;
  }
}

/** Skip condition for describe.skipIf when shared data is missing (throws under BGPWIRE_REQUIRE=1). */
export function noShared(): boolean {
  if (hasShared) return false;
  if (requireAll) throw new Error(`required shared data missing: ${sharedRoot} (BGPWIRE_REQUIRE=1)`);
  return true;
}

/** Number of property-test runs: larger under BGPWIRE_SLOW=1 (`npm run test:slow`). */
export function runs(fast: number, slow: number): number {
  return process.env.BGPWIRE_SLOW === '1' ? slow : fast;
}
