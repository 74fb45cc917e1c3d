import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.ts';
import { buildCli } from './cli-build.ts';

// The edges a user meets first (issue 15): standard input, --version, exit codes, captures
// without BGP, gzip offsets, the hex directive's names.

let cli: ReturnType<typeof buildCli>;
let tmp: string;

beforeAll(() => {
  cli = buildCli();
  tmp = join(repoRoot, '.tmp', `cli-edges-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
});
afterAll(() => {
  cli.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

function run(args: string[], input?: Uint8Array | string): { out: string[]; err: string; code: number } {
  const r = spawnSync(process.execPath, [cli.main, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...(input === undefined ? {} : { input }) });
  const out = r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n');
  return { out, err: r.stderr, code: r.status ?? -1 };
}

// An UPDATE with AS_PATH 65001 65002 in 2-octet form (RFC 4271 4.3): it reads right only
// when the file says the session was 2-octet.
const UPDATE_2OCTET = 'ffffffffffffffffffffffffffffffff002f0200000014400101004002060202fde9fdea400304c000020118c63364';

describe('hex dumps: the 2-octet directive', () => {
  it('`# as4: false` and the former `# asn4: false` both read the AS_PATH as 2-octet', () => {
    for (const directive of ['# as4: false', '# asn4: false']) {
      const f = join(tmp, `two-octet-${directive.length}.hex`);
      writeFileSync(f, `${directive}\n${UPDATE_2OCTET}\n`);
      const r = run(['decode', f]);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.out).toHaveLength(1);
      expect(r.out[0]).toContain('as-path 65001 65002');
    }
    // Without the directive the same bytes are read as 4-octet: not that path.
    const f = join(tmp, 'four-octet.hex');
    writeFileSync(f, `${UPDATE_2OCTET}\n`);
    expect(run(['decode', f]).out.join('\n')).not.toContain('as-path 65001 65002');
  });
});
