import type { SessionContext } from '../context/session-context.ts';
import { contextFor } from '../messages/context-for.ts';
import { decodeOpen } from '../messages/open.ts';
import type { OpenMessage } from '../messages/types.ts';
import type { OpenDecoding } from './session-contexts.ts';

/** The session awareness the capture readers use by default: decodeOpen and contextFor (RFC 4271 section 4.2). */
export const openDecoding: OpenDecoding = {
  decodeOpen: (bytes: Uint8Array): OpenMessage => decodeOpen(bytes),
  contextFor: (sender: OpenMessage, receiver: OpenMessage): SessionContext => contextFor(sender, receiver),
};
