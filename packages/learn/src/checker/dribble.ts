import type { Conversation } from "./conversation.ts";

/** The pause after each piece of a dribble: enough for the other side to read it on its own. */
const PAUSE_MS = 2;

/**
 * Sends `bytes` in pieces of `size` bytes, pausing after each one, so that the program at
 * the other end reads them in that many reads, weather or not (with --calm there is none).
 * For checks about a message cut anywhere, its 4-byte header or its "\n" included: a program
 * that treats one read as one message fails them on every run.
 */
export async function dribble(conversation: Conversation, bytes: Uint8Array, size = 1): Promise<void> {
  // No Nagle: each small write goes out at once, rather than wait to be merged with the next.
  conversation.socket.setNoDelay(true);
  for (let at = 0; at < bytes.length; at += size) {
    if (conversation.socket.destroyed) return; // the other side has gone: the check will say so
    conversation.send(bytes.subarray(at, at + size));
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}
