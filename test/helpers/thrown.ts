import { BgpError } from '../../src/wire/errors.ts';

/** The BgpError `f` throws (anything else thrown is rethrown; not throwing fails the test). */
export function thrown(f: () => unknown): BgpError {
  try {
    f();
  } catch (e) {
    if (e instanceof BgpError) return e;
    throw e;
  }
  throw new Error('did not throw');
}
