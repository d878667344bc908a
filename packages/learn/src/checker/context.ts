import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import type { DatagramEvent } from "@socket-lessons/weather";
import { type Lang, type Text, text } from "../i18n.ts";
import { fail } from "./check.ts";
import { Conversation } from "./conversation.ts";
import { StudentProgram } from "./student-program.ts";

/** What the network does to the bytes between the checker and the student's program. */
export interface WeatherProfile {
  /** TCP: each write carries 1..slice bytes (0: as they come). */
  slice?: number;
  /** TCP: bytes are held for up to this many ms and sent together. */
  coalesce?: number;
  /** UDP: probabilities of loss, duplication, reordering. */
  loss?: number;
  dup?: number;
  reorder?: number;
  udp?: boolean;
  /** UDP: told the fate of every datagram (lost, sent, sent twice, held back...). */
  onDatagram?: (event: DatagramEvent) => void;
}

/** Opens a proxy in front of `port` with `profile`; resolves with the proxy's port. */
export type OpenWeather = (
  port: number,
  profile: WeatherProfile,
  seed: number,
) => Promise<{ port: number; close(): Promise<void> }>;

export interface CheckOptions {
  /** The student's package. */
  readonly dir: string;
  readonly seed: number;
  /** No weather: bytes go as they are written. */
  readonly calm: boolean;
  readonly lang: Lang;
  /** How this run's network misbehaves (derived from the seed). */
  readonly weather: WeatherProfile;
  readonly openWeather: OpenWeather;
  /** Aborted when the run must stop (the tutor quits): no new program is started after it. */
  readonly signal?: AbortSignal;
}

/**
 * What a check may do: start the student's programs through their own scripts, talk to
 * them over real sockets (through the network weather), and nothing else. Everything it
 * opens is closed by `close()`, whatever happened.
 */
export class CheckContext {
  private readonly cleanups: Array<() => unknown> = [];
  private weathers = 0;

  constructor(readonly options: CheckOptions) {}

  get seed(): number {
    return this.options.seed;
  }

  /**
   * A seeded random number in [0, 1): the same seed gives the same values in the same
   * order, so that a run can be replayed (`--seed N`).
   */
  random(): number {
    // mulberry32, advanced from the seed and the count of numbers drawn so far.
    let t = (this.options.seed + 0x6d2b79f5 * ++this.drawn) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  private drawn = 0;

  /** Starts the student's server on a free port and waits for its `listening on` line. */
  async startServer(args: readonly string[] = []): Promise<{ program: StudentProgram; port: number }> {
    this.options.signal?.throwIfAborted();
    const program = new StudentProgram(this.options.dir, "start:server", ["--port", "0", ...args]);
    this.cleanups.push(() => stopped(program));
    const line = await program.waitForLine(
      /^listening on /,
      text(
        "the server to print `listening on HOST:PORT` first",
        "que o servidor imprimisse `listening on HOST:PORT` primeiro",
      ),
    );
    if (program.stdout[0] !== line) {
      fail(
        text(
          `expected \`listening on HOST:PORT\` as the server's first line; it printed ${JSON.stringify(program.stdout[0])} before it`,
          `esperava \`listening on HOST:PORT\` como primeira linha do servidor; antes veio ${JSON.stringify(program.stdout[0])}`,
        ),
      );
    }
    return { program, port: Number(line.slice(line.lastIndexOf(":") + 1)) };
  }

  /** Starts the student's client with `args` (and `stdin`); the caller waits for its exit. */
  startClient(args: readonly string[], options: { stdin?: string } = {}): StudentProgram {
    this.options.signal?.throwIfAborted();
    const program = new StudentProgram(this.options.dir, "start:client", args, options);
    this.cleanups.push(() => stopped(program));
    return program;
  }

  /** A port in front of `port`: this run's weather between the two (`port` itself with --calm). */
  async weatherTo(port: number, profile: WeatherProfile = this.options.weather): Promise<number> {
    if (this.options.calm) return port;
    // Each proxy of the run gets a seed of its own, derived from the run's: replayable too.
    const proxy = await this.options.openWeather(port, profile, (this.options.seed + 7919 * ++this.weathers) >>> 0);
    this.cleanups.push(() => proxy.close());
    return proxy.port;
  }

  /** Connects to `port` as a client; `peer` names who answers ("the server"). */
  async connect(port: number, peer: Text = text("the server", "o servidor")): Promise<Conversation> {
    const socket = net.connect(port, "127.0.0.1");
    this.cleanups.push(() => socket.destroy());
    socket.on("error", () => {});
    try {
      await once(socket, "connect");
    } catch {
      fail(
        text(
          `expected to connect to the server on port ${port}; the connection was refused`,
          `esperava conectar ao servidor na porta ${port}; a conexão foi recusada`,
        ),
      );
    }
    return new Conversation(socket, peer);
  }

  /** A server of the checker's own, for checking a student's client; each connection is a Conversation. */
  async listen(onConnection: (conversation: Conversation) => void): Promise<number> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      onConnection(new Conversation(socket, text("the client", "o cliente")));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    this.cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });
    return (server.address() as net.AddressInfo).port;
  }

  /**
   * A UDP server of the checker's own, for checking a student's UDP client. Each datagram
   * is handed to `answer` with a function that sends a datagram back to its sender (by
   * default: the same bytes, an echo).
   */
  async udpServer(
    answer: (datagram: Buffer, reply: (bytes: Buffer) => void) => void = (datagram, reply) => reply(datagram),
  ): Promise<number> {
    const socket = dgram.createSocket("udp4");
    socket.on("error", () => {});
    socket.on("message", (datagram, sender) => {
      answer(datagram, (bytes) => {
        // A late answer may come after the check ended and closed the socket: then it is dropped.
        try {
          socket.send(bytes, sender.port, sender.address);
        } catch {}
      });
    });
    socket.bind(0, "127.0.0.1");
    await once(socket, "listening");
    this.cleanups.push(() => socket.close());
    return socket.address().port;
  }

  /** Something else to undo when the check ends. */
  defer(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  /** Closes everything the check opened, newest first; waits for its processes to exit. */
  async close(): Promise<void> {
    for (let cleanup = this.cleanups.pop(); cleanup !== undefined; cleanup = this.cleanups.pop()) {
      try {
        await cleanup();
      } catch {
        // closing what is already gone
      }
    }
  }
}

/** Stops a program (and all it started) and waits until it has exited. */
async function stopped(program: StudentProgram): Promise<void> {
  program.stop();
  await program.process.exited;
}
