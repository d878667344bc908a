// What the weather tests share: servers to put behind the proxy, a console that records the
// proxy's lines, and a list of everything opened, closed after each test.
import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import { Random } from "../src/random.ts";
import type { WeatherConsole } from "../src/trace.ts";

/** Things a test opened; `closeAll` (in afterEach) closes them, newest first. */
const opened: Array<() => Promise<void> | void> = [];

export function onCleanup(close: () => Promise<void> | void): void {
  opened.push(close);
}

export async function closeAll(): Promise<void> {
  while (opened.length > 0) await opened.pop()?.();
}

/** A console that keeps the lines the proxy printed, and can wait for one. */
export class RecordingConsole implements WeatherConsole {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];

  error = (line: string): void => {
    this.lines.push(line);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  };

  /** Resolves once `done(lines)` is true (no fixed sleeps in tests). */
  async waitUntil(done: (lines: string[]) => boolean): Promise<void> {
    while (!done(this.lines)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The sizes of the chunks forwarded one way, from the --trace lines. */
  chunkSizes(direction: "client→server" | "server→client"): number[] {
    const pattern = new RegExp(`^\\[weather\\] \\S+ \\S+ ${direction}: (\\d+) bytes?`);
    return this.lines.flatMap((line) => {
      const match = pattern.exec(line);
      return match === null ? [] : [Number(match[1])];
    });
  }
}

/** A TCP server on a free port, closed (with its connections) after the test. */
export async function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // tests look at what they expect; a reset must not crash them
    onConnection(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onCleanup(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, "close");
  });
  return (server.address() as net.AddressInfo).port;
}

/** A TCP echo server: every byte goes back, and FIN is answered with FIN once all is echoed. */
export function startEchoServer(): Promise<number> {
  return startTcpServer((socket) => {
    socket.on("data", (chunk: Buffer) => {
      if (!socket.write(chunk)) {
        socket.pause();
        socket.once("drain", () => socket.resume());
      }
    });
    socket.on("end", () => socket.end());
  });
}

/** A TCP connection to `port`, destroyed after the test. Its errors are left to the test to expect. */
export async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  onCleanup(() => void socket.destroy());
  await once(socket, "connect");
  return socket;
}

/** Resolves on the socket's 'close', with or without an error before it (events.once would reject). */
export function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once("close", () => resolve());
  });
}

/** Everything a socket receives until the end of the stream. */
export async function readAll(socket: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `length` bytes of noise, the same for the same `seed` (so that fast-check can replay and shrink). */
export function noise(length: number, seed: number): Buffer {
  const random = new Random(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = random.integer(0, 255);
  return bytes;
}

/** A port nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** A UDP socket on a free port, closed after the test. */
export async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  onCleanup(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return socket;
}

/** A UDP echo server; `received` holds every datagram it was sent, as text, in arrival order. */
export async function startUdpEchoServer(): Promise<{
  port: number;
  received: string[];
  waitForCount(count: number): Promise<void>;
}> {
  const socket = await udpSocket();
  const received: string[] = [];
  socket.on("message", (datagram, sender) => {
    received.push(datagram.toString());
    socket.send(datagram, sender.port, sender.address);
  });
  return {
    port: socket.address().port,
    received,
    async waitForCount(count) {
      while (received.length < count) await once(socket, "message");
    },
  };
}

/** Datagrams as text, as they arrive at `socket`. */
export function collectDatagrams(socket: dgram.Socket): {
  received: string[];
  waitForCount(count: number): Promise<void>;
} {
  const received: string[] = [];
  socket.on("message", (datagram) => received.push(datagram.toString()));
  return {
    received,
    async waitForCount(count) {
      while (received.length < count) await once(socket, "message");
    },
  };
}

/** Resolves once `done()` is true, checking after every event loop turn (for state not announced by an event). */
export async function eventually(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}
