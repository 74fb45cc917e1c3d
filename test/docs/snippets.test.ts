import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.ts';

// The TypeScript blocks of the docs are code a user copies: each must compile, as a module of
// its own, against the sources under their package names (`bgpwire`, `bgpwire/fsm`, ...), with
// the project's strict settings. (test/package/pack.test.ts checks the README's example against
// the published declarations.)

const dir = join(repoRoot, '.tmp', `doc-snippets-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```ts blocks of a markdown file. */
export function tsBlocks(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** Type-checks the blocks as modules (imports of bgpwire resolved to src/); returns tsc's output, '' when clean. */
function typecheck(name: string, blocks: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((b, i) => {
    const f = join(dir, `${name}-${i + 1}.ts`);
    writeFileSync(f, `${b}\nexport {};\n`);
    return f;
  });
  const config = join(dir, `tsconfig.${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        declaration: false,
        isolatedDeclarations: false,
        types: ['node'],
        typeRoots: [join(repoRoot, 'node_modules', '@types')],
        paths: { bgpwire: [join(repoRoot, 'src', 'index.ts')], 'bgpwire/*': [join(repoRoot, 'src', '*', 'index.ts')] },
      },
      files,
    }),
  );
  try {
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', config], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe('docs code blocks compile', () => {
  it('docs/FSM.md: the driver and the received-UPDATE handler', () => {
    const blocks = tsBlocks('docs/FSM.md');
    expect(blocks.length).toBe(2);
    expect(blocks[0]).toContain('function perform(action: FsmAction)');
    expect(blocks[1]).toContain('validateAsPath(update, peer)');
    expect(typecheck('fsm', blocks)).toBe('');
  });
});
