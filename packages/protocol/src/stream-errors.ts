// Errors a decoder raises when the bytes on the wire break the framing rules.
// Each carries a message a student can act on; none of them is a bug in our code.

/** A message (line or frame) is larger than the limit: refused before it is buffered. */
export class MessageTooLargeError extends Error {
  override name = "MessageTooLargeError";
  constructor(
    readonly limitBytes: number,
    what: string,
  ) {
    super(`${what} is larger than the limit of ${limitBytes} bytes`);
  }
}

/** The stream ended in the middle of a message: the peer left before finishing it. */
export class IncompleteMessageError extends Error {
  override name = "IncompleteMessageError";
  constructor(
    readonly pendingBytes: number,
    what: string,
  ) {
    super(`the connection ended in the middle of ${what} (${pendingBytes} bytes of it had arrived)`);
  }
}
