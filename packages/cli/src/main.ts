import { type Command, formatUsage, parseCommandLine } from "./command-line.ts";
import { booleanFlag, type FlagSet, type FlagValues, hostFlag, integerFlag, UsageError } from "./flags.ts";
import { describeError } from "./friendly-errors.ts";
import { closeClients, SHUTDOWN_DEADLINE_MS, trackAcceptedSockets } from "./graceful-stop.ts";
import { exitWhenWritten, stopQuietlyWhenOutputCloses } from "./output.ts";
import { packageNameOf } from "./package-name.ts";
import { traceEverySocket } from "./trace.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** What a lesson's `bin/` entry says about its program; the rest is the same for all of them. */
export interface Program<F extends FlagSet> {
  /** The lesson's default port. */
  readonly port: number;
  /** One line for the usage text: what the program does. */
  readonly summary: string;
  /** The program's own flags, beyond --host, --port, --trace (and a client's --timeout). */
  readonly flags?: F;
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

function serverCommand<F extends FlagSet>(program: Program<F>) {
  const name = packageNameOf(process.argv[1]);
  return {
    usage: `pnpm --filter ${name} start:server -- [options]`,
    summary: program.summary,
    flags: {
      host: hostFlag("address to listen on (0.0.0.0 for every interface)", "127.0.0.1"),
      port: integerFlag("port to listen on (0: any free port)", program.port, { min: 0, max: MAX_PORT }, "PORT"),
      trace: traceFlag,
      ...(program.flags ?? ({} as F)),
    },
  };
}

function clientCommand<F extends FlagSet>(program: Program<F>) {
  const name = packageNameOf(process.argv[1]);
  const waitsFor = program.udp ? "an answer to each datagram" : "the connection or a reply";
  return {
    usage: `pnpm --filter ${name} start:client -- [options]`,
    summary: program.summary,
    flags: {
      host: hostFlag("server's host name or address", "127.0.0.1"),
      port: integerFlag("server's port", program.port, { min: 1, max: MAX_PORT }, "PORT"),
      timeout: integerFlag(`milliseconds to wait for ${waitsFor}`, 5000, { min: 1, max: 2 ** 31 - 1 }, "MS"),
      trace: traceFlag,
      ...(program.flags ?? ({} as F)),
    },
  };
}

/**
 * The body of every lesson's `bin/server.ts`: parse the flags, run the lesson's server, stop
 * it gracefully on Ctrl-C (SIGINT) or SIGTERM, and turn any failure into one friendly line
 * and an exit code. The lesson's own code stays about sockets.
 */
export async function serverMain<F extends FlagSet = Record<never, never>>(
  program: Program<F>,
  run: (options: ServerBasics & FlagValues<F>, console: Console) => Promise<void>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  stopQuietlyWhenOutputCloses();
  const command = serverCommand(program);
  // The flags of every server, and the lesson's own (the types say so; TypeScript cannot follow the spread).
  const parsed = (await parseOrExit(argv, command)) as unknown as Omit<ServerBasics, "signal"> & { trace: boolean };
  const { trace, ...options } = parsed;
  if (trace) traceEverySocket((line) => process.stderr.write(`${line}\n`));
  const endpoint = { host: options.host, port: options.port, udp: program.udp };

  // Ctrl-C: stop accepting (the aborted signal closes the listening socket), let each client
  // have the replies already queued, close them, and exit 0 — within 2 seconds, whatever they do.
  const clients = trackAcceptedSockets();
  const stopping = new AbortController();
  const stop = () => {
    if (stopping.signal.aborted) return; // a second Ctrl-C changes nothing: the deadline holds
    const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
    setTimeout(() => process.exit(EXIT_OK), SHUTDOWN_DEADLINE_MS).unref();
    stopping.abort();
    closeClients(clients).then(() => exitWhenWritten(EXIT_OK, deadline - Date.now()));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  try {
    await run({ ...options, signal: stopping.signal } as unknown as ServerBasics & FlagValues<F>, console);
  } catch (error) {
    console.error(`error: ${describeError(error, endpoint)}`);
    return exitWhenWritten(EXIT_FAILURE);
  }
  if (stopping.signal.aborted) return new Promise<never>(() => {}); // `stop` exits, once the clients are closed
  return exitWhenWritten(EXIT_OK);
}

/**
 * The body of every lesson's `bin/client.ts`: parse the flags, run the lesson's client, and
 * turn any failure into one friendly line and exit 1. `run` may resolve with an exit code of its own.
 */
export async function clientMain<F extends FlagSet = Record<never, never>>(
  program: Program<F>,
  run: (options: ClientBasics & FlagValues<F>, console: Console) => Promise<unknown>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  stopQuietlyWhenOutputCloses();
  const command = clientCommand(program);
  const parsed = (await parseOrExit(argv, command)) as unknown as ClientBasics & { trace: boolean };
  const { trace, ...options } = parsed;
  if (trace) traceEverySocket((line) => process.stderr.write(`${line}\n`));
  try {
    const code = await run(options as unknown as ClientBasics & FlagValues<F>, console);
    return exitWhenWritten(typeof code === "number" ? code : EXIT_OK);
  } catch (error) {
    // Some values can only be judged once running (a message too big for the address family).
    if (error instanceof UsageError) return exitWithUsage(error, command);
    console.error(`error: ${describeError(error, { host: options.host, port: options.port, udp: program.udp })}`);
    return exitWhenWritten(EXIT_FAILURE);
  }
}

/** The parsed flags; `--help` prints the usage and exits 0, a bad flag exits 2 with the usage. */
export async function parseOrExit<F extends FlagSet>(
  argv: readonly string[],
  command: Command<F>,
): Promise<FlagValues<F>> {
  let parsed: ReturnType<typeof parseCommandLine<F>>;
  try {
    parsed = parseCommandLine(argv, command);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return exitWithUsage(error, command);
  }
  if (!parsed.help) return parsed.options;
  process.stdout.write(`${formatUsage(command)}\n`);
  return exitWhenWritten(EXIT_OK);
}

function exitWithUsage(error: UsageError, command: Command<FlagSet>): Promise<never> {
  process.stderr.write(`error: ${error.message}\n\n${formatUsage(command)}\n`);
  return exitWhenWritten(EXIT_USAGE);
}
