/** Input the command cannot go on with (unreadable, truncated, not BGP); the message is one line naming the byte offset. */
export class InputError extends Error {}
