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
  private wake: (() => void) | undefined;

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
      this.wakeUp();
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
  async next(): Promise<M | undefined> {
    while (this.ready.length === 0) {
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return undefined;
      if (this.socket.isPaused()) this.socket.resume();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
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
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
