// What every lesson's `bin/` entry calls: the flags all servers (or all clients) share, the
// lesson's own, --trace, a graceful Ctrl-C for servers, and the rest of `commandMain`.
import type { ArgumentSet, ArgumentValues } from "./arguments.ts";
import { booleanFlag, type FlagSet, type FlagValues, hostFlag, integerFlag } from "./flags.ts";
import { markListening } from "./friendly-errors.ts";
import { closeClients, trackAcceptedSockets, withClientAddress } from "./graceful-stop.ts";
import { commandMain } from "./main.ts";
import { packageNameOf } from "./package-name.ts";
import { traceEverySocket } from "./trace.ts";

/** What a lesson's `bin/` entry says about its program; the rest is the same for all of them. */
export interface Program<F extends FlagSet, A extends ArgumentSet = Record<never, never>> {
  /** The lesson's default port. */
  readonly port: number;
  /** One line for the usage text: what the program does. */
  readonly summary: string;
  /** The program's own flags, beyond --host, --port, --trace (and a client's --timeout). */
  readonly flags?: F;
  /** A client's words after its options, in order (the web clients' `[METHOD] PATH`). */
  readonly args?: A;
  /** A UDP program: there are no connections, and its help and errors say so. */
  readonly udp?: boolean;
}

/** What every server is given: where to listen, and a signal that is aborted on Ctrl-C. */
export interface ServerBasics {
  host: string;
  port: number;
  /** Passed to `listen({ signal })` or `dgram.createSocket({ signal })`: aborting it closes the server. */
  signal: AbortSignal;
}

/** What every client is given: where the server is, and how long to wait for it. */
export interface ClientBasics {
  host: string;
  port: number;
  timeout: number;
}

const MAX_PORT = 65535;
const traceFlag = booleanFlag("print every chunk read or written on stderr, as hex and text");
const printOnStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The body of every lesson's `bin/server.ts`: parse the flags, run the lesson's server, stop
 * it gracefully on Ctrl-C (SIGINT) or SIGTERM, and turn any failure into one friendly line
 * and an exit code. The lesson's own code stays about sockets.
 */
export function serverMain<F extends FlagSet = Record<never, never>>(
  program: Program<F>,
  run: (options: ServerBasics & FlagValues<F>, console: Console) => Promise<void>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const command = {
    usage: `pnpm --filter ${packageNameOf(process.argv[1])} start:server -- [options]`,
    summary: program.summary,
    flags: {
      host: hostFlag("address to listen on (0.0.0.0 for every interface)", "127.0.0.1"),
      port: integerFlag("port to listen on (0: any free port)", program.port, { min: 0, max: MAX_PORT }, "PORT"),
      trace: traceFlag,
      ...(program.flags ?? ({} as F)),
    },
  };
  const clients = trackAcceptedSockets();
  return commandMain(
    command,
    async (parsed, { stopping }) => {
      // The flags of every server, and the lesson's own (the types say so; TypeScript cannot follow the spread).
      const { trace, ...options } = parsed as unknown as Omit<ServerBasics, "signal"> & { trace: boolean };
      if (trace) traceEverySocket(printOnStderr);
      // The options say where the server listens: an error about a client's connection must not name that address.
      const lesson = run(markListening({ ...options, signal: stopping }) as ServerBasics & FlagValues<F>, console);
      // Ctrl-C: the aborted signal closes the listening socket (no new client); then each client
      // gets the replies already queued, and is closed. The program exits 0 once they are all closed.
      const stopped = new Promise<void>((resolve) => {
        stopping.addEventListener("abort", () => resolve(closeClients(clients)), { once: true });
      });
      try {
        await Promise.race([lesson, stopped]);
      } catch (error) {
        throw withClientAddress(error, clients); // a client's reset names that client
      }
    },
    {
      argv,
      onStop: "gracefully",
      endpoint: (options) => {
        const { host, port } = options as unknown as ServerBasics;
        return markListening({ host, port, udp: program.udp });
      },
    },
  );
}

/**
 * The body of every lesson's `bin/client.ts`: parse the flags, run the lesson's client, and
 * turn any failure into one friendly line and exit 1. `run` may resolve with an exit code of its own.
 */
export function clientMain<F extends FlagSet = Record<never, never>, A extends ArgumentSet = Record<never, never>>(
  program: Program<F, A>,
  run: (options: ClientBasics & FlagValues<F> & ArgumentValues<A>, console: Console) => Promise<unknown>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const waitsFor = program.udp ? "an answer to each datagram" : "the connection or a reply";
  const words = Object.values(program.args ?? {}).map((arg) => (arg.optional ? `[${arg.name}]` : arg.name));
  const command = {
    usage: [`pnpm --filter ${packageNameOf(process.argv[1])} start:client -- [options]`, ...words].join(" "),
    summary: program.summary,
    ...(program.args === undefined ? {} : { args: program.args }),
    flags: {
      host: hostFlag("server's host name or address", "127.0.0.1"),
      port: integerFlag("server's port", program.port, { min: 1, max: MAX_PORT }, "PORT"),
      timeout: integerFlag(`milliseconds to wait for ${waitsFor}`, 5000, { min: 1, max: 2 ** 31 - 1 }, "MS"),
      trace: traceFlag,
      ...(program.flags ?? ({} as F)),
    },
  };
  return commandMain(
    command,
    async (parsed) => {
      const { trace, ...options } = parsed as unknown as ClientBasics & { trace: boolean };
      if (trace) traceEverySocket(printOnStderr);
      return run(options as unknown as ClientBasics & FlagValues<F> & ArgumentValues<A>, console);
    },
    {
      argv,
      endpoint: (options) => {
        const { host, port } = options as unknown as ClientBasics;
        return { host, port, udp: program.udp };
      },
    },
  );
}
