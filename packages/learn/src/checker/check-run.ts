import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import type { DatagramEvent, Direction } from "@socket-lessons/weather";
import type { Lang, Text } from "../i18n.ts";
import { Connection, type Trace } from "./connection.ts";
import { type Failure, fail } from "./failure.ts";
import type { ProgramLauncher } from "./launcher.ts";
import type { StudentProgram } from "./program.ts";
import * as words from "./words.ts";

/** How long a student's server may take to print its listening line. */
const START_TIMEOUT_MS = 10_000;

/** What the network does to the bytes between the checker and the student's program. */
export interface WeatherProfile {
  /** TCP: each write carries 1..slice bytes (0: as they come). */
  slice?: number;
  /** TCP: bytes are held for up to this many ms and sent together. */
  coalesce?: number;
  /**
   * TCP: the weather only toward the student's program ("server": the checker is its client;
   * "client": the checker is its server). What comes back needs none: the checker reads it
   * in whatever chunks it comes. Set by the run.
   */
  toward?: "server" | "client";
  /** UDP: probabilities of loss, duplication, reordering. */
  loss?: number;
  dup?: number;
  reorder?: number;
  udp?: boolean;
  /** UDP: told the fate of every datagram (lost, sent, sent twice, held back...). */
  onDatagram?: (event: DatagramEvent) => void;
  /** TCP: told of every write the proxy makes, in its direction. Set by the run. */
  onForward?: (direction: Direction) => void;
}

/** Opens a proxy in front of `port` with `profile`; resolves with the proxy's port. */
export type OpenWeather = (
  port: number,
  profile: WeatherProfile,
  seed: number,
) => Promise<{ port: number; close(): Promise<void> }>;

/** How a connection reaches the program: through this run's weather, another, or straight. */
export type Route = "weather" | "direct" | WeatherProfile;

export interface RunOptions {
  readonly seed: number;
  /** No weather: bytes go as they are written. */
  readonly calm: boolean;
  readonly lang: Lang;
  /** How this run's network misbehaves (derived from the seed). */
  readonly weather: WeatherProfile;
  readonly openWeather: OpenWeather;
  /** Every chunk the checker exchanges, as the lessons' --trace shows it. */
  readonly trace?: Trace;
  /** Aborted when the run must stop (the tutor quits): no new program is started after it. */
  readonly signal?: AbortSignal;
  /** How long a server may take to print its listening line (tests shorten it). */
  readonly startTimeoutMs?: number;
}

/** A server of the checker's own, for a student's client to connect to. */
interface Listener {
  /** The port the client is given (the weather's, in front of the listener). */
  port: number;
  readonly arrived: net.Socket[];
  taken: number;
  wake?: () => void;
}

/** The name of the student's server among a check's programs; clients have names of their own. */
export const SERVER = "server";

/**
 * One check's run: the programs it started, its connections by name, the servers of its
 * own. Steps act on it; `close()` undoes everything, whatever happened.
 */
export class CheckRun {
  private readonly cleanups: Array<() => unknown> = [];
  private readonly programs = new Map<string, StudentProgram>();
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Map<string, Listener>();
  /** Connections made straight to the program, without weather in between. */
  private readonly direct = new Set<string>();
  /** Per program: the first of its output lines not yet matched by a step. */
  private readonly cursors = new Map<string, number>();
  private serverArgs: readonly string[] | undefined;
  private weathers = 0;
  /** When the weather last wrote a byte of the checker's to the program (see Connection). */
  private lastDelivered = 0;
  /** The student's server's port, once it listens. */
  serverPort: number | undefined;

  constructor(
    readonly options: RunOptions,
    readonly launcher: ProgramLauncher,
    /** The server could not start in an earlier check: fail at once (set by the runner). */
    private readonly serverBroken: { failure?: Failure },
  ) {}

  // --- programs ---------------------------------------------------------------------------

  /** A program of this check by name: the server, or a client. */
  program(name: string): StudentProgram {
    const program = this.programs.get(name);
    if (program === undefined) throw new Error(`no program named ${name} was started in this check`);
    return program;
  }

  /** Where a program's unmatched output starts; `advance` moves it past a matched line. */
  cursor(name: string, advance?: number): number {
    if (advance !== undefined) this.cursors.set(name, advance);
    return this.cursors.get(name) ?? 0;
  }

  /**
   * Starts the student's server on a free port and waits for its `listening on HOST:PORT`
   * line, which must be its first. `args` are kept for a restart.
   */
  async startServer(args: readonly string[] = this.serverArgs ?? []): Promise<number> {
    this.options.signal?.throwIfAborted();
    const fresh = this.serverArgs === undefined;
    if (fresh && this.serverBroken.failure !== undefined) {
      fail({ ...this.serverBroken.failure, came: words.didNotStartBefore, sharedCause: true });
    }
    this.serverArgs = args;
    try {
      const program = await this.launcher.start(words.theServer, "start:server", ["--port", "0", ...args]);
      this.adopt(SERVER, program);
      this.serverPort = await listeningPort(program, this.options.startTimeoutMs ?? START_TIMEOUT_MS);
      return this.serverPort;
    } catch (error) {
      // A server that cannot start fresh cannot be checked at all: the next checks say so at once.
      const failure = (error as { failure?: Failure }).failure;
      if (fresh && failure !== undefined) this.serverBroken.failure ??= failure;
      throw error;
    }
  }

  /** The student's server's port, starting it first if this check has not yet. */
  async server(): Promise<number> {
    return this.serverPort ?? (await this.startServer());
  }

  /** Starts the student's client with `args` (and text for its stdin), named `name`. */
  async startClient(name: string, args: readonly string[], stdin?: string): Promise<StudentProgram> {
    this.options.signal?.throwIfAborted();
    const program = await this.launcher.start(words.theClient, "start:client", args, stdin);
    this.adopt(name, program);
    return program;
  }

  private adopt(name: string, program: StudentProgram): void {
    this.programs.set(name, program);
    this.cursors.set(name, 0);
    if (name === SERVER) this.serverPort = undefined;
    this.cleanups.push(() => program.stop());
  }

  // --- connections ----------------------------------------------------------------------------

  /** A connection of this check by name. */
  connection(name: string): Connection {
    const connection = this.connections.get(name);
    if (connection === undefined) throw new Error(`no connection named ${name} in this check`);
    return connection;
  }

  /** A port in front of `port`: the route's weather between the two (`port` itself when calm or direct). */
  async routeTo(port: number, route: Route = "weather", toward?: "server" | "client"): Promise<number> {
    if (this.options.calm || route === "direct") return port;
    const chosen = route === "weather" ? this.options.weather : route;
    // The checker's own bytes go toward the program: to its server, or back to its client.
    const ours = toward === "client" ? "server→client" : "client→server";
    const profile =
      toward === undefined || chosen.udp === true
        ? chosen
        : {
            ...chosen,
            toward,
            onForward: (direction: Direction) => {
              if (direction === ours) this.lastDelivered = performance.now();
            },
          };
    // Each proxy of the run gets a seed of its own, derived from the run's: replayable too.
    const proxy = await this.options.openWeather(port, profile, (this.options.seed + 7919 * ++this.weathers) >>> 0);
    this.cleanups.push(() => proxy.close());
    return proxy.port;
  }

  /**
   * Connects to the student's server as connection `name`. `allowHalfOpen`: when the
   * server's FIN comes, our side stays open until the check closes it.
   */
  async connect(name: string, route: Route = "weather", allowHalfOpen = true): Promise<Connection> {
    const port = await this.routeTo(await this.server(), route, "server");
    const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen });
    this.cleanups.push(() => socket.destroy());
    socket.on("error", () => {});
    try {
      await once(socket, "connect");
    } catch {
      fail({ expected: words.expectConnect, came: words.refused, program: this.program(SERVER).report() });
    }
    const connection = new Connection(socket, this.peer("server", name), this.options.trace, () => this.lastDelivered);
    this.connections.set(name, connection);
    if (this.options.calm || route === "direct") this.direct.add(name);
    return connection;
  }

  /** Whether connection `name` reaches the program straight, without a proxy in between. */
  isDirect(name: string): boolean {
    return this.direct.has(name);
  }

  /** Expects a connection to the student's server to be refused (nothing listens any more). */
  async expectRefused(): Promise<void> {
    const port = this.serverPort ?? 0;
    const socket = net.connect({ port, host: "127.0.0.1" });
    this.cleanups.push(() => socket.destroy());
    const connected = await Promise.race([
      once(socket, "connect").then(() => true),
      once(socket, "error").then(() => false),
    ]).catch(() => false);
    socket.destroy();
    if (connected) {
      fail({ expected: words.expectRefused, came: words.accepted, program: this.program(SERVER).report() });
    }
  }

  /** Starts a server of the checker's own, `name`, for a student's client; resolves with the port to give it. */
  async listen(name: string, route: Route = "weather"): Promise<number> {
    // Accepted sockets wait, unread (a socket does not flow until it is read), for `accept`.
    const arrived: net.Socket[] = [];
    const listener: Listener = { port: 0, arrived, taken: 0 };
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
      socket.on("error", () => {});
      arrived.push(socket);
      listener.wake?.();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    this.cleanups.push(() => {
      for (const socket of arrived) socket.destroy();
      server.close();
    });
    listener.port = await this.routeTo((server.address() as net.AddressInfo).port, route, "client");
    this.listeners.set(name, listener);
    return listener.port;
  }

  /** The port a listener gives the student's client. */
  listenerPort(name: string): number {
    const listener = this.listeners.get(name);
    if (listener === undefined) throw new Error(`no listener named ${name} in this check`);
    return listener.port;
  }

  /**
   * Waits for the student's client `client` to connect to listener `listenerName`; the
   * connection is then `name`. Fails if the client exits first, or never connects.
   */
  async accept(listenerName: string, name: string, client: string, timeoutMs = 10_000): Promise<Connection> {
    const listener = this.listeners.get(listenerName);
    if (listener === undefined) throw new Error(`no listener named ${listenerName} in this check`);
    const program = this.program(client);
    if (listener.arrived[listener.taken] === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          resolve();
        };
        listener.wake = settle;
        program.exited.then(settle);
      });
      listener.wake = undefined;
    }
    const socket = listener.arrived[listener.taken];
    if (socket === undefined) {
      const exit = program.ended;
      fail({
        expected: words.expectAccept,
        came: exit === undefined ? words.noConnection(timeoutMs) : words.exitedFirst(exit.code, exit.signal),
        program: program.report(),
      });
    }
    listener.taken += 1;
    const connection = new Connection(socket, this.peer("client", name), this.options.trace, () => this.lastDelivered);
    socket.resume();
    this.connections.set(name, connection);
    return connection;
  }

  /** A UDP server of the checker's own: `answer` gets each datagram and a way to reply to its sender. */
  async udpServer(answer: (datagram: Buffer, reply: (bytes: Buffer) => void) => void): Promise<number> {
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

  /** Closes everything the check opened, newest first, and waits until its programs have gone. */
  async close(): Promise<void> {
    for (let cleanup = this.cleanups.pop(); cleanup !== undefined; cleanup = this.cleanups.pop()) {
      try {
        await cleanup();
      } catch {
        // closing what is already gone
      }
    }
  }

  private peer(side: "server" | "client", name?: string): words.Peer {
    // Connection names are shown only when a check has several, to tell them apart.
    return name === undefined || /^(server|client|c)$/.test(name) ? { side } : { side, name };
  }

  get lang(): Lang {
    return this.options.lang;
  }

  describe(text: Text): string {
    return text[this.options.lang];
  }

  // --- v5: a client whose stdin stays open, typed into as the check goes ------------------

  /** Starts the student's client `name` with `args`, `first` on its stdin, and stdin kept open (see `typeIn`). */
  async startTypingClient(name: string, args: readonly string[], first = ""): Promise<StudentProgram> {
    this.options.signal?.throwIfAborted();
    const program = await this.launcher.start(words.theClient, "start:client", args, first, true);
    this.adopt(name, program);
    return program;
  }
}

/** Waits for a server's first line, `listening on HOST:PORT`, and returns the port. */
async function listeningPort(program: StudentProgram, timeoutMs: number): Promise<number> {
  const line = await program.waitForLine(() => true, { from: 0, stream: "stdout", timeoutMs });
  if (line === "exited" || line === "timeout") {
    const exit = program.ended;
    fail({
      expected: words.expectListening,
      came: exit === undefined ? words.stillRunning(timeoutMs) : words.exitedFirst(exit.code, exit.signal),
      program: program.report(),
    });
  }
  const match = /^listening on (?:\[[^\]]*\]|[^:\s]+):(\d+)$/.exec(line.text);
  if (match === null) {
    fail({ expected: words.expectListening, came: words.printedFirst(line.text), program: program.report() });
  }
  return Number(match[1]);
}
