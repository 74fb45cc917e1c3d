import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Examples import `bgpwire` and `bgpwire/<entry>` as a user does; in the repository those names
// are the sources (tsconfig.node.json maps them the same way). test/package/pack.test.ts runs
// the examples against the packed tarball, where they resolve through package.json "exports".
const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^bgpwire$/, replacement: `${src}index.ts` },
      { find: /^bgpwire\/([a-z]+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The JSON report is what .ci/run counts its closing "N passed, N failed" line from.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-report.json' },
  },
});
