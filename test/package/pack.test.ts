import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, requireAll } from '../helpers/shared.ts';

// The published package, checked as a user gets it: `npm pack`, install the tarball into a
// scratch project, import every entry point from an .mjs file with node, and type-check a
// .ts file against the shipped declarations with tsc.
const scratch = mkdtempSync(join(tmpdir(), 'bgpwire-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: repoRoot, encoding: 'utf8' })) as {
  exports: Record<string, { types?: string } | string>;
  dependencies?: Record<string, string>;
  repository?: { url?: string };
  homepage?: string;
  bugs?: { url?: string };
  typesVersions?: Record<string, Record<string, string[]>>;
};
/** The oldest TypeScript the README promises for ESM consumers (moduleResolution node16/nodenext/bundler). */
const OLDEST_TS = '5.0.4';
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');

/** Strict consumer settings (no skipLibCheck: the shipped declarations are checked too). */
const CONSUMER = { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], noEmit: true };

/** A consumer using every entry point that needs no Node types. */
const SUBPATHS = `import { decodeMessage, sessionContext, type UpdateMessage } from 'bgpwire';
import { initialState } from 'bgpwire/fsm';
import { selectBest } from 'bgpwire/decision';
import { Rib } from 'bgpwire/rib';
import { readCapture } from 'bgpwire/capture';
const ctx = sessionContext({ as4: true });
const m = decodeMessage(new Uint8Array(19), ctx) as UpdateMessage;
const s = initialState({ localAs: 65001, bgpId: '192.0.2.1' });
export const x: [string | undefined, string, number, unknown, unknown] = [m.nlri[0]?.prefix, s.name, new Rib({ local: { asn: 1, bgpId: '192.0.2.1' } }).size, selectBest, readCapture];
`;

describe('npm pack → install → import', () => {
  it('has no runtime dependencies', () => {
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  it('says where it lives (repository, homepage, bugs: the links npm shows)', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
  });

  it('maps every subpath export for moduleResolution node10 (typesVersions)', () => {
    const subpaths = entries.filter((e) => e !== '.');
    const map = pkg.typesVersions?.['*'] ?? {};
    expect(Object.keys(map).sort()).toEqual(subpaths.map((e) => e.slice(2)).sort());
    for (const e of subpaths) {
      const target = pkg.exports[e];
      expect(map[e.slice(2)], e).toEqual([typeof target === 'string' ? target : target?.types]);
    }
  });

  it('packs, installs and imports from .mjs and type-checks from .ts', () => {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tgz = out.trim().split('\n').pop() as string;
    expect(tgz).toMatch(/^bgpwire-.*\.tgz$/);
    const files = execFileSync('tar', ['-tzf', join(scratch, tgz)], { encoding: 'utf8' }).split('\n');
    // Only dist, docs, README, LICENSE and package.json are published: no test data.
    expect(files.filter((f) => f !== '' && !/^package\/(dist\/|docs\/[A-Z]+\.md$|README\.md$|LICENSE$|package\.json$)/.test(f))).toEqual([]);
    // Every docs/ link of the README (and of the docs) is a file of the tarball: they work on npm.
    const readmeText = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const links = [...readmeText.matchAll(/\]\((docs\/[A-Za-z]+\.md)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThanOrEqual(11);
    for (const l of links) expect(files, l).toContain(`package/${l}`);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(scratch, tgz)], { cwd: scratch, stdio: 'ignore' });
    const specifiers = entries.map((e) => (e === '.' ? 'bgpwire' : `bgpwire/${e.slice(2)}`));
    writeFileSync(
      join(scratch, 'check.mjs'),
      `${specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
import { decodeMessage, encodeMessage, sessionContext } from 'bgpwire';
const ka = encodeMessage({ type: 'KEEPALIVE' });
if (decodeMessage(ka).type !== 'KEEPALIVE') throw new Error('round trip');
const ctx = sessionContext({ as4: true });
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
const ctx = sessionContext({ as4: true });
const m: BgpMessage = decodeMessage(new Uint8Array(19), ctx);
const u = m as UpdateMessage;
const p: string | undefined = u.nlri[0]?.prefix;
export { p };
`,
    );
    // The README's example and the TypeScript blocks of docs/FSM.md (the driver and the
    // received-UPDATE handler) are code a user copies: they type-check against the published
    // declarations too, each a module of its own.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(scratch, 'readme.ts'), `${example as string}\nexport {};\n`);
    const fsmBlocks = [...readFileSync(join(repoRoot, 'docs', 'FSM.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(fsmBlocks).toHaveLength(2);
    expect(fsmBlocks[0]).toContain('function perform(action: FsmAction)');
    expect(fsmBlocks[1]).toContain('validateAsPath(update, peer)');
    fsmBlocks.forEach((b, i) => writeFileSync(join(scratch, `fsm-${i + 1}.ts`), `${b}\nexport {};\n`));
    // A CommonJS consumer (the repository's TypeScript, >= 5.8) may import the ESM package:
    // the same program, its own package.json saying commonjs.
    mkdirSync(join(scratch, 'cjs'));
    writeFileSync(join(scratch, 'cjs', 'package.json'), JSON.stringify({ name: 'cjs', private: true, type: 'commonjs' }));
    writeFileSync(join(scratch, 'cjs', 'check.ts'), SUBPATHS);
    // The examples import `bgpwire` like a user: they compile against the installed package
    // (resolved through its "exports"), and two-speakers runs from there.
    const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.ts'));
    expect(examples).toContain('two-speakers.ts');
    mkdirSync(join(scratch, 'examples'));
    for (const f of examples) {
      const text = readFileSync(join(repoRoot, 'examples', f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\.?\//);
      expect(text, f).toMatch(/from 'bgpwire(\/[a-z]+)?'/);
      copyFileSync(join(repoRoot, 'examples', f), join(scratch, 'examples', f));
    }
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...CONSUMER, noEmit: false, outDir: 'out', types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')] },
        files: ['check.ts', 'readme.ts', 'fsm-1.ts', 'fsm-2.ts', 'cjs/check.ts', ...examples.map((f) => `examples/${f}`)],
      }),
    );
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: scratch, stdio: 'inherit' });
    expect(readdirSync(join(scratch, 'node_modules', 'bgpwire', 'dist')).length).toBeGreaterThan(0);
    expect(execFileSync('node', ['-e', "console.log(typeof require('bgpwire').decodeMessage, typeof require('bgpwire/fsm').transition)"], { cwd: join(scratch, 'cjs'), encoding: 'utf8' }).trim()).toBe('function function');
    const states = execFileSync('node', ['--input-type=module', '-e', "const m = await import('./out/examples/two-speakers.js'); console.log(m.runTwoSpeakers().statesA.join(' '));"], { cwd: scratch, encoding: 'utf8' }).trim();
    expect(states).toBe('Idle Connect OpenSent OpenConfirm Established Idle');
  });

  it(`type-checks an ESM consumer with the oldest supported TypeScript (${OLDEST_TS})`, (ctx) => {
    // From npm's cache only (tests never download): .ci/run puts it there (npm cache add).
    const dir = join(scratch, 'oldest-ts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'oldest-ts', private: true }));
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', `typescript@${OLDEST_TS}`], { cwd: dir, stdio: 'ignore' });
    } catch {
      if (requireAll) throw new Error(`typescript@${OLDEST_TS} is not in npm's cache (npm cache add typescript@${OLDEST_TS}) and BGPWIRE_REQUIRE=1`);
      console.warn(`typescript@${OLDEST_TS} is not in npm's cache: skipped (npm cache add typescript@${OLDEST_TS})`);
      ctx.skip();
      return;
    }
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(execFileSync('node', [tsc, '--version'], { encoding: 'utf8' }).trim()).toBe(`Version ${OLDEST_TS}`);
    // After the first test: the package is installed in `scratch`.
    writeFileSync(join(scratch, 'oldest.ts'), SUBPATHS);
    // ESM resolution (node16/nodenext; bundler resolves "exports" the same way), and node10,
    // which sees the subpaths only through typesVersions.
    for (const resolution of [{ module: 'NodeNext', moduleResolution: 'NodeNext' }, { module: 'commonjs', moduleResolution: 'node' }]) {
      const config = join(scratch, `tsconfig.oldest-${resolution.moduleResolution}.json`);
      writeFileSync(config, JSON.stringify({ compilerOptions: { ...CONSUMER, ...resolution }, files: ['oldest.ts'] }));
      execFileSync('node', [tsc, '-p', config], { cwd: scratch, stdio: 'inherit' });
    }
  });
});
