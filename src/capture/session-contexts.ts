import { requireContext, type SessionContext } from '../context/session-context.ts';
import type { OpenMessage } from '../messages/types.ts';
import type { CaptureOptions, ContextInfo, ContextSource } from './capture-options.ts';
import type { DecodeScore } from './context-guess.ts';
import { checkObject } from '../wire/args.ts';

/** The two functions session awareness needs (injected so the core stays acyclic and testable). */
export interface OpenDecoding {
  /** Decodes a whole OPEN message (header included). May throw BgpError. */
  readonly decodeOpen: (bytes: Uint8Array) => OpenMessage;
  /** The context for what `sender` sends to `receiver` (RFC 4271 section 4.2 and the capability RFCs). */
  readonly contextFor: (sender: OpenMessage, receiver: OpenMessage) => SessionContext;
  /** How well a message decodes under a context, 0 best (needed only by the `guess` option). */
  readonly score?: (bytes: Uint8Array, ctx: SessionContext) => DecodeScore;
}

/** A direction's context and where it came from. */
export interface ChosenContext {
  readonly context: SessionContext | undefined;
  readonly source: ContextSource | undefined;
}

/**
 * The context of the messages `mine`'s sender sends, from the OPENs seen on the connection:
 * both OPENs give `contextFor(mine, theirs)`; with one only, the `mirror` rule assumes the
 * unseen side announced the same capabilities (`contextFor(seen, seen)`, so the peer type
 * comes out `internal`: override it with the `context` option where that matters).
 * @throws whatever `contextFor` throws (the caller reports it).
 */
export function deriveContext(
  decoding: OpenDecoding,
  mine: OpenMessage | undefined,
  theirs: OpenMessage | undefined,
  oneSided: CaptureOptions['oneSided'],
): ChosenContext {
  checkObject(decoding, 'deriveContext', 'decoding');
  if (mine !== undefined && theirs !== undefined) return { context: decoding.contextFor(mine, theirs), source: 'opens' };
  const seen = mine ?? theirs;
  if (oneSided === 'mirror' && seen !== undefined) return { context: decoding.contextFor(seen, seen), source: 'one-sided' };
  return { context: undefined, source: undefined };
}

/**
 * Applies the `context` option: a value replaces anything not derived from both OPENs; a
 * function is asked every time and overrides when it answers.
 */
export function applyContextOption(
  option: CaptureOptions['context'],
  info: Omit<ContextInfo, 'derived' | 'source'>,
  derived: ChosenContext,
): ChosenContext {
  checkObject(info, 'applyContextOption', 'info');
  checkObject(derived, 'applyContextOption', 'derived');
  if (typeof option === 'function') {
    const chosen = option({ ...info, derived: derived.context, source: derived.source });
    return chosen === undefined ? derived : { context: requireContext(chosen, 'the context option'), source: 'option' };
  }
  if (option !== undefined && derived.source !== 'opens') return { context: requireContext(option, 'the context option'), source: 'option' };
  return derived;
}
