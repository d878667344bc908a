import type { Socket } from "node:net";

/** We waited longer than --timeout for something; the message says what. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(milliseconds: number, waitingFor: string) {
    super(`timed out after ${milliseconds} ms waiting for ${waitingFor}`);
  }
}

/**
 * Fails the socket with a TimeoutError when nothing has happened on it for `milliseconds`
 * (no connection yet, no bytes in either direction). Without this, a client whose server
 * never answers waits forever. Call `waitingFor` as the conversation moves on, so the
 * error says what was missing.
 */
export function failOnInactivity(socket: Socket, milliseconds: number, initially: string) {
  let waitingFor = initially;
  socket.setTimeout(milliseconds, () => socket.destroy(new TimeoutError(milliseconds, waitingFor)));
  return {
    /** Says what we wait for now, and starts counting again. */
    waitingFor(what: string): void {
      waitingFor = what;
      socket.setTimeout(milliseconds);
    },
    /** Stops counting: while a person is typing, a quiet connection is expected. */
    pause(): void {
      socket.setTimeout(0);
    },
  };
}
