import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of the installed bgpwire: from the nearest package.json named `bgpwire` above
 * this file (dist/cli/ in the package; the repository when run from a build elsewhere), so
 * there is one place to change it. `unknown` when none is found.
 */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'bgpwire' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not JSON): look higher
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return 'unknown';
}
