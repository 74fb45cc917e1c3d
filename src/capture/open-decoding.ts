import type { SessionContext } from '../context/session-context.ts';
import { contextFor } from '../messages/context-for.ts';
import { decodeMessage } from '../messages/decode.ts';
import { decodeOpen } from '../messages/open.ts';
import type { OpenMessage } from '../messages/types.ts';
import type { DecodeScore } from './context-guess.ts';
import type { OpenDecoding } from './session-contexts.ts';

/** The session awareness the capture readers use by default: decodeOpen, contextFor (RFC 4271 section 4.2) and a strict decodeMessage for the guess. */
export const openDecoding: OpenDecoding = {
  decodeOpen: (bytes: Uint8Array): OpenMessage => decodeOpen(bytes),
  contextFor: (sender: OpenMessage, receiver: OpenMessage): SessionContext => contextFor(sender, receiver),
  score: (bytes: Uint8Array, ctx: SessionContext): DecodeScore => {
    try {
      decodeMessage(bytes, ctx, { strict: true });
      return 0;
    } catch {
      try {
        decodeMessage(bytes, ctx);
        return 1;
      } catch {
        return 2;
      }
    }
  },
};
