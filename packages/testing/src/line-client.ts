import { once } from "node:events";
import net from "node:net";
import { LineDecoder, MAX_REPLY_LINE_BYTES } from "@socket-lessons/protocol";

/**
 * A bare JSON Lines client for tests, the way a student pokes a server with `nc`: write any
 * bytes at all, read reply lines back as parsed JSON.
 */
export class LineClient {
  private readonly decoder = new LineDecoder({ maxLineBytes: MAX_REPLY_LINE_BYTES });
  private readonly lines: Buffer[] = [];
  private readonly chunks: AsyncIterator<Buffer>;

  private constructor(readonly socket: net.Socket) {
    socket.on("error", () => {}); // a test about errors sees them as the end of the replies
    this.chunks = socket[Symbol.asyncIterator]();
  }

  static async connect(port: number, host = "127.0.0.1"): Promise<LineClient> {
    const socket = net.connect(port, host);
    await once(socket, "connect");
    return new LineClient(socket);
  }

  /** Writes raw text or bytes, exactly as given (add the "\n" yourself). */
  send(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Sends one request object as a JSON line. */
  request(message: unknown): void {
    this.send(`${JSON.stringify(message)}\n`);
  }

  /** The next reply, parsed; undefined when the server has closed the connection (or reset it). */
  async reply(): Promise<unknown> {
    while (this.lines.length === 0) {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.chunks.next();
      } catch {
        return undefined;
      }
      if (next.done) return undefined;
      this.lines.push(...this.decoder.push(next.value));
    }
    return JSON.parse((this.lines.shift() as Buffer).toString("utf8"));
  }

  /** Sends a request and returns its reply. */
  async ask(message: unknown): Promise<unknown> {
    this.request(message);
    return this.reply();
  }

  /** Resolves when the server has ended the connection (no more replies). */
  async closedByServer(): Promise<void> {
    while ((await this.reply()) !== undefined) {
      // keep reading until the end
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}
