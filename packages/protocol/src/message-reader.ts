import type { Socket } from "node:net";

/** Anything that turns a byte stream into messages: LineDecoder, FrameDecoder. */
export interface Decoder<M> {
  push(chunk: Buffer): M[];
  end(): void;
}

/** How long `finish` waits for the peer to close its side before giving up on it. */
const FINISH_GRACE_MS = 1000;
/** Decoded messages waiting to be taken before we stop reading the socket (backpressure). */
const PAUSE_AT = 64;

/**
 * Reads one message at a time from a socket: `await reader.next()` is our `recv` of a whole
 * message, where Python code would loop on `sock.recv()` until a message is complete.
 *
 * Chunks are decoded as they arrive (`data` events). When messages pile up faster than they
 * are taken, the socket is paused: the kernel's buffer fills and TCP flow control tells the
 * sender to wait, instead of the messages piling up in our memory.
 */
export class MessageReader<M> {
  private readonly ready: M[] = [];
  private ended = false;
  private failure: unknown;
  /** The caller of `next()` waiting for a message, when none had arrived yet. */
  private waiter: { resolve: (message: M | undefined) => void; reject: (error: unknown) => void } | undefined;

  constructor(
    private readonly socket: Socket,
    decoder: Decoder<M>,
  ) {
    socket.on("data", (chunk: Buffer) => {
      // After a failure (a message over the limit, say) nothing more is decoded or kept.
      if (this.ended) return;
      try {
        for (const message of decoder.push(chunk)) this.ready.push(message);
      } catch (error) {
        this.stop(error);
      }
      if (this.ready.length >= PAUSE_AT) socket.pause();
      this.settleWaiter();
    });
    socket.on("end", () => {
      try {
        decoder.end();
        this.stop(undefined);
      } catch (error) {
        this.stop(error);
      }
    });
    socket.on("error", (error) => this.stop(error));
    socket.on("close", () => this.stop(undefined));
  }

  /**
   * The next whole message, or `undefined` when the peer has closed the connection cleanly
   * between messages. Throws when the peer leaves mid-message, breaks the framing, or the
   * socket fails (reset, timeout).
   */
  next(): Promise<M | undefined> {
    return new Promise((resolve, reject) => {
      if (this.ready.length > 0 || this.ended) return this.deliver(resolve, reject);
      // Nothing yet: the `data` event that brings the next message (or the end, an error,
      // the close) settles this promise. Just one promise per wait, and no async function
      // around it: a busy server calls next() for every request.
      if (this.socket.isPaused()) this.socket.resume();
      this.waiter = { resolve, reject };
    });
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
    if (this.socket.closed) return;
    this.socket.removeAllListeners("data");
    this.socket.resume();
    const giveUp = setTimeout(() => this.socket.destroy(), FINISH_GRACE_MS);
    await new Promise((resolve) => this.socket.once("close", resolve));
    clearTimeout(giveUp);
  }

  private stop(failure: unknown): void {
    if (!this.ended) {
      this.ended = true;
      // A failure is reported after the messages that came before it.
      this.failure = failure;
    }
    this.settleWaiter();
  }

  /** Hands the next message, or the end, to a caller of `next()` that is waiting for it. */
  private settleWaiter(): void {
    const waiter = this.waiter;
    if (waiter === undefined || (this.ready.length === 0 && !this.ended)) return;
    this.waiter = undefined;
    this.deliver(waiter.resolve, waiter.reject);
  }

  /** Settles a `next()`: the next message, else the failure, else the clean end (undefined). */
  private deliver(resolve: (message: M | undefined) => void, reject: (error: unknown) => void): void {
    if (this.ready.length > 0) resolve(this.ready.shift());
    else if (this.failure === undefined) resolve(undefined);
    else reject(this.failure);
  }
}
