import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { BgpError } from '../../src/wire/errors.ts';
import { sharedPath } from '../helpers/shared.ts';

/** One entry of ../shared/corpus/vectors/*.json. */
export interface Vector {
  readonly source: string;
  readonly hex: string;
  readonly expect: Record<string, unknown> | null;
  readonly note?: string;
}

/** The vectors of one shared JSON file, or undefined when ../shared is missing (and allowed to be). */
export function loadVectors(name: string): Vector[] | undefined {
  const p = sharedPath('corpus', 'vectors', name);
  return p === undefined ? undefined : (JSON.parse(readFileSync(p, 'utf8')) as Vector[]);
}

/** The BGP message type of a hex string that starts with a marker, or -1. */
export function messageTypeOf(hex: string): number {
  return hex.startsWith('f'.repeat(32)) && hex.length >= 38 ? Number.parseInt(hex.slice(36, 38), 16) : -1;
}

/** Runs `fn`; it must return or throw a BgpError, nothing else. Returns the error, if any. */
export function valueOrBgpError(fn: () => unknown): BgpError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof BgpError)) throw e;
    expect(e).toBeInstanceOf(BgpError);
    return e;
  }
}
