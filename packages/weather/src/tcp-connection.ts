// One client of the TCP proxy: the socket it connected with, a connection of our own to the
// real server, and a forwarder for each direction between them.
import net from "node:net";
import { DIRECTION_LABEL, type Direction } from "./direction.ts";
import { describeConnectError } from "./friendly-errors.ts";
import type { Endpoint } from "./options.ts";
import type { Random } from "./random.ts";
import { type StreamWeather, TcpForwarder } from "./tcp-forwarder.ts";
import { traceEvent, traceForwarded, type WeatherConsole } from "./trace.ts";

/**
 * How much a socket's own read buffer holds, in bytes, before Node stops reading from the
 * kernel (its readableHighWaterMark). It matters only while a forwarder has paused its
 * sender (the hold is full): Node goes on reading until the buffer holds this much, and with
 * its default (16 KiB; 64 KiB from Node 22) a sender writing one byte at a time would fill it
 * with thousands of one-byte chunks, a few hundred bytes of memory each. With 1, Node stops
 * after one chunk and the rest waits in the kernel. While the forwarder reads, the buffer
 * stays empty whatever its size. (The listening socket gives the clients' sockets the same.)
 */
export const SOCKET_BUFFER_BYTES = 1;

export interface ConnectionSettings extends StreamWeather {
  to: Endpoint;
  trace: boolean;
  /** Which direction the weather applies to (the other passes as it comes). */
  toward: "server" | "client" | "both";
  /** Told of every write, as it is made. */
  onForward: (direction: Direction, bytes: number) => void;
}

export class ProxiedConnection {
  /** Resolves when both sockets are closed, however it ended. */
  readonly closed: Promise<void>;
  private readonly upstream: net.Socket;
  private readonly forwarders: TcpForwarder[] = [];
  /** Aborts every wait and timer of both forwarders. */
  private readonly teardown = new AbortController();
  private readonly name: string;

  constructor(
    index: number,
    private readonly client: net.Socket,
    private readonly settings: ConnectionSettings,
    private readonly random: Random,
    private readonly console: WeatherConsole,
  ) {
    this.name = `connection ${index}`;
    // Our own connection to the real server. allowHalfOpen, as on the listening side: when
    // the server sends FIN we pass it on to the client and still forward what the client sends.
    // readableHighWaterMark: see SOCKET_BUFFER_BYTES. (net.Socket hands its options on to
    // stream.Duplex, which reads it; @types/node does not list it, hence the variable.)
    const upstreamOptions = {
      host: settings.to.host,
      port: settings.to.port,
      allowHalfOpen: true,
      readableHighWaterMark: SOCKET_BUFFER_BYTES,
    };
    this.upstream = net.connect(upstreamOptions);
    // Nagle's algorithm would hold back a small write until the previous one is acknowledged,
    // merging our slices again. The proxy decides the chunking, so it is turned off both ways.
    this.client.setNoDelay(true);
    this.upstream.setNoDelay(true);

    this.closed = Promise.all([closedPromise(client), closedPromise(this.upstream)]).then(() => undefined);

    // Every socket gets an 'error' listener: without one, an error would crash the proxy.
    this.client.on("error", (error) => this.fail("client", error));
    this.upstream.on("error", (error) => this.fail("server", error));
    // Nothing is read from the client before the server is reached: its bytes wait in the
    // kernel (the client socket is not flowing until a forwarder listens to it).
    this.upstream.once("connect", () => this.forward());
    this.closed.then(() => this.teardown.abort());
  }

  /** Bytes held in this connection's memory: both forwarders' queues and the sockets' own buffers. */
  get bufferedBytes(): number {
    let bytes = 0;
    for (const forwarder of this.forwarders) bytes += forwarder.bufferedBytes;
    for (const socket of [this.client, this.upstream]) bytes += socket.readableLength + socket.writableLength;
    return bytes;
  }

  /** Closes both sides now (the proxy is stopping). */
  destroy(): void {
    this.teardown.abort();
    this.client.destroy();
    this.upstream.destroy();
  }

  private forward(): void {
    this.trace("connected to the server");
    const pipes: Array<[net.Socket, net.Socket, Direction]> = [
      [this.client, this.upstream, "client→server"],
      [this.upstream, this.client, "server→client"],
    ];
    const { toward } = this.settings;
    const calm: StreamWeather = { ...this.settings, slice: 0, coalesce: 0, delay: 0, jitter: 0 };
    for (const [source, target, direction] of pipes) {
      const weathered = toward === "both" || (toward === "server") === (direction === "client→server");
      const forwarder = new TcpForwarder(
        source,
        target,
        weathered ? this.settings : calm,
        this.random.fork(DIRECTION_LABEL[direction]),
        this.teardown.signal,
        (bytes) => {
          this.settings.onForward(direction, bytes.length);
          if (this.settings.trace) traceForwarded(this.console, this.name, direction, bytes);
        },
      );
      this.forwarders.push(forwarder);
      forwarder.run().then(
        () => this.trace(`${direction}: FIN forwarded`),
        (error: unknown) => this.fail(direction === "client→server" ? "server" : "client", error),
      );
    }
  }

  /**
   * One side failed (reset, broken pipe, unreachable): the other side is closed too. With a
   * reset (RST), not a FIN: a FIN would tell it that the stream ended cleanly after the
   * last byte, and it did not. A reset from the server reaches the client as a reset.
   */
  private fail(side: "client" | "server", error: unknown): void {
    if (this.teardown.signal.aborted) return; // already torn down; this is an echo of it
    this.teardown.abort();
    const other = side === "client" ? this.upstream : this.client;
    if (side === "server" && this.forwarders.length === 0) {
      // The real server could not be reached: the client learns it the only way a proxy that
      // has already accepted it can tell it, by the connection closing at once.
      this.console.error(`[weather] ${this.name}: ${describeConnectError(error, this.settings.to)}`);
    } else {
      this.trace(
        `the ${side} side failed (${errorCode(error)}): resetting the ${side === "client" ? "server" : "client"} side`,
      );
    }
    if (other.connecting) {
      other.destroy(); // still connecting: nothing was sent on it, there is nothing to reset
    } else if (!other.destroyed) {
      other.resetAndDestroy();
    }
  }

  private trace(event: string): void {
    if (this.settings.trace) traceEvent(this.console, this.name, event);
  }
}

function closedPromise(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once("close", () => resolve());
  });
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
