import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.ts';

// The published package, checked as a user gets it: `npm pack`, install the tarball into a
// scratch project, import every entry point from an .mjs file with node, and type-check a
// .ts file against the shipped declarations with tsc.
const scratch = mkdtempSync(join(tmpdir(), 'bgpwire-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: repoRoot, encoding: 'utf8' })) as {
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
};
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');

describe('npm pack → install → import', () => {
  it('has no runtime dependencies', () => {
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  it('packs, installs and imports from .mjs and type-checks from .ts', () => {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tgz = out.trim().split('\n').pop() as string;
    expect(tgz).toMatch(/^bgpwire-.*\.tgz$/);
    const files = execFileSync('tar', ['-tzf', join(scratch, tgz)], { encoding: 'utf8' }).split('\n');
    // Only dist, README, LICENSE and package.json are published: no test data.
    expect(files.filter((f) => f !== '' && !/^package\/(dist\/|README\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(scratch, tgz)], { cwd: scratch, stdio: 'ignore' });
    const specifiers = entries.map((e) => (e === '.' ? 'bgpwire' : `bgpwire/${e.slice(2)}`));
    writeFileSync(
      join(scratch, 'check.mjs'),
      `${specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
import { decodeMessage, encodeMessage, sessionContext } from 'bgpwire';
const ka = encodeMessage({ type: 'KEEPALIVE' });
if (decodeMessage(ka).type !== 'KEEPALIVE') throw new Error('round trip');
const ctx = sessionContext({ asn4: true });
const u = { type: 'UPDATE', withdrawn: [{ prefix: '10.0.0.0/8' }], attributes: [], nlri: [] };
if (JSON.stringify(decodeMessage(encodeMessage(u, ctx), ctx)) !== JSON.stringify(u)) throw new Error('update');
console.log([${specifiers.map((_, i) => `Object.keys(m${i}).length`).join(', ')}].join(' '));
`,
    );
    const counts = execFileSync('node', ['check.mjs'], { cwd: scratch, encoding: 'utf8' }).trim().split(' ').map(Number);
    expect(counts.length).toBe(entries.length);
    for (const n of counts) expect(n).toBeGreaterThan(0);
    writeFileSync(
      join(scratch, 'check.ts'),
      `import { decodeMessage, sessionContext, type UpdateMessage, type BgpMessage } from 'bgpwire';
const ctx = sessionContext({ asn4: true });
const m: BgpMessage = decodeMessage(new Uint8Array(19), ctx);
const u = m as UpdateMessage;
const p: string | undefined = u.nlri[0]?.prefix;
export { p };
`,
    );
    // The README's example must type-check against the published declarations too.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(scratch, 'readme.ts'), `${example as string}\nexport {};\n`);
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], noEmit: true },
        files: ['check.ts', 'readme.ts'],
      }),
    );
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: scratch, stdio: 'inherit' });
    expect(readdirSync(join(scratch, 'node_modules', 'bgpwire', 'dist')).length).toBeGreaterThan(0);
  });
});
