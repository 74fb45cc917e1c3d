import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/shared.ts';

/**
 * Compiles the `bgpwire` command (src/cli/main.ts and what it imports, nothing else) into a
 * directory of this test process, so that test files building at once do not race on dist/
 * and a half-edited module elsewhere in src/ does not stop the CLI tests. tsc emits even when
 * it reports type errors (those are the typecheck's job); a missing main.js fails here.
 * Returns the path of main.js and a cleanup function.
 */
export function buildCli(): { main: string; cleanup: () => void } {
  const out = join(repoRoot, '.tmp', `cli-test-${process.pid}`);
  mkdirSync(out, { recursive: true });
  const config = join(out, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.base.json'),
      compilerOptions: { rootDir: join(repoRoot, 'src'), outDir: join(out, 'dist'), types: ['node'], noEmit: false, declaration: false, isolatedDeclarations: false, incremental: false },
      files: [join(repoRoot, 'src', 'cli', 'main.ts')],
    }),
  );
  try {
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', config], { stdio: 'pipe' });
  } catch {
    // Type errors are reported by `npm run typecheck`; the emitted JavaScript is what is tested.
  }
  const main = join(out, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`CLI build failed: ${main} missing`);
  return { main, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}
