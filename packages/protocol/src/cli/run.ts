import type { AddressInfo } from "node:net";
import { type LessonIO, processIO } from "../io.ts";
import { type Command, formatUsage, parseCommandLine } from "./command.ts";
import type { FlagSet, FlagValues } from "./flags.ts";
import { UsageError } from "./flags.ts";
import { describeError } from "./friendly-errors.ts";

/** A server that has started listening. */
export interface RunningServer {
  /** The address really bound (with the real port when --port 0 was asked). */
  readonly address: AddressInfo;
  /** Settles when the server has finished: resolves when it is done, rejects when it failed. */
  readonly finished: Promise<void>;
  /** Stops accepting, lets queued replies flush, closes every client; resolves when all is closed. */
  close(): Promise<void>;
}

/** SPEC: on SIGINT/SIGTERM a server exits 0 within 2 seconds, whatever its clients do. */
export const SHUTDOWN_DEADLINE_MS = 1800;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

interface Endpointed {
  host: string;
  port: number;
}

/**
 * The body of every lesson's `bin/server.ts`: parse flags, start the server, stop it on
 * Ctrl-C, and turn any failure into one friendly line and an exit code. Lesson code stays
 * about sockets; this is the same for every lesson.
 */
export async function runServerMain<F extends FlagSet>(
  command: Command<F>,
  start: (options: FlagValues<F>, io: LessonIO) => Promise<RunningServer>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const options = parseOrExit(argv, command);
  const endpoint = options as unknown as Endpointed;
  try {
    const server = await start(options, processIO);
    const stop = () => {
      // A second Ctrl-C, or a client that will not go, must not keep the server alive.
      setTimeout(() => process.exit(EXIT_OK), SHUTDOWN_DEADLINE_MS).unref();
      server.close().then(() => process.exit(EXIT_OK), fail);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await server.finished;
    process.exit(EXIT_OK);
  } catch (error) {
    fail(error);
  }

  function fail(error: unknown): never {
    processIO.error(`error: ${describeError(error, endpoint)}`);
    process.exit(EXIT_FAILURE);
  }
}

/**
 * The body of every lesson's `bin/client.ts`: parse flags, run the client, and turn any
 * failure into one friendly line and exit 1. `run` may return an exit code of its own.
 */
export async function runClientMain<F extends FlagSet>(
  command: Command<F>,
  run: (options: FlagValues<F>, io: LessonIO) => Promise<number | undefined>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const options = parseOrExit(argv, command);
  try {
    const code = await run(options, processIO);
    process.exit(code ?? EXIT_OK);
  } catch (error) {
    // Some values can only be judged once running (a message too big for the address family).
    if (error instanceof UsageError) exitWithUsage(error, command);
    processIO.error(`error: ${describeError(error, options as unknown as Endpointed)}`);
    process.exit(EXIT_FAILURE);
  }
}

function parseOrExit<F extends FlagSet>(argv: readonly string[], command: Command<F>): FlagValues<F> {
  try {
    const parsed = parseCommandLine(argv, command);
    if (!parsed.help) return parsed.options;
    processIO.log(formatUsage(command));
    process.exit(EXIT_OK);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    exitWithUsage(error, command);
  }
}

function exitWithUsage(error: UsageError, command: Command<FlagSet>): never {
  processIO.error(`error: ${error.message}\n\n${formatUsage(command)}`);
  process.exit(EXIT_USAGE);
}
