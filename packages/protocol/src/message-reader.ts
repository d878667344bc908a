import type { Socket } from "node:net";

/** Anything that turns a byte stream into messages: LineDecoder, FrameDecoder. */
export interface Decoder<M> {
  push(chunk: Buffer): M[];
  end(): void;
}

/** How long `finish` waits for the peer to close its side before giving up on it. */
const FINISH_GRACE_MS = 1000;

/**
 * Reads one message at a time from a socket: `await reader.next()` is our `recv` of a whole
 * message, where Python code would loop on `sock.recv()` until a message is complete.
 *
 * It pulls chunks only when asked for a message, so a socket we are not reading from stops
 * receiving (TCP flow control tells the sender to wait) instead of piling data up in memory.
 */
export class MessageReader<M> {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly ready: M[] = [];
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly decoder: Decoder<M>,
  ) {
    this.chunks = socket[Symbol.asyncIterator]();
  }

  /**
   * The next whole message, or `undefined` when the peer has closed the connection cleanly
   * between messages. Throws when the peer leaves mid-message, breaks the framing, or the
   * socket fails (reset, timeout).
   */
  async next(): Promise<M | undefined> {
    while (this.ready.length === 0) {
      if (this.ended) return undefined;
      const { done, value } = await this.chunks.next();
      if (done) {
        this.ended = true;
        this.decoder.end();
        return undefined;
      }
      for (const message of this.decoder.push(value)) this.ready.push(message);
    }
    return this.ready.shift();
  }

  /** Messages already received and decoded but not yet taken with `next`. */
  get waiting(): number {
    return this.ready.length;
  }

  /**
   * Closes the connection politely: ends our side (FIN), then reads and drops whatever is
   * left until the peer ends theirs. Closing with unread bytes in the receive buffer would
   * make the kernel send a reset (RST) instead, and the peer could lose our last reply.
   */
  async finish(): Promise<void> {
    this.socket.end();
    const giveUp = setTimeout(() => this.socket.destroy(), FINISH_GRACE_MS);
    try {
      while (!this.ended) {
        const { done } = await this.chunks.next();
        if (done) this.ended = true;
      }
    } catch {
      // The peer reset or vanished while we were closing: the connection is closed either way.
      this.ended = true;
    } finally {
      clearTimeout(giveUp);
    }
  }
}
