// The runnable entry of `pnpm weather -- --to HOST:PORT [options]`: flags, the two lines a
// checker waits for, friendly errors, Ctrl-C. The proxy itself is in ../weather.ts.

import { exitWhenWritten, formatAddress, stopQuietlyWhenOutputCloses } from "@socket-lessons/cli";
import { parseWeatherCommandLine, USAGE } from "../command-line.ts";
import { describeStartError } from "../friendly-errors.ts";
import { WeatherOptionsError } from "../options.ts";
import { type RunningWeather, startWeather } from "../weather.ts";

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** On SIGINT/SIGTERM a long-running program exits 0 within 2 seconds, as the lessons do. */
const SHUTDOWN_DEADLINE_MS = 1800;

let running: RunningWeather | undefined;

/** Exits once everything printed has been written out: the last lines of --trace included. */
const exit = (code: number) => exitWhenWritten(code);

// The reader of our output went away (`pnpm weather ... | head -1`): stop quietly.
stopQuietlyWhenOutputCloses(() => void running?.close());

// Ctrl-C or a kill: stop and exit 0. The handlers are set before anything is printed: a
// checker may send SIGTERM the moment it reads `listening on`, and a signal that came before
// its handler would kill the process with no exit code at all.
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  // A connection that will not close must not keep the proxy alive.
  setTimeout(() => void exit(EXIT_OK), SHUTDOWN_DEADLINE_MS).unref();
  (running?.close() ?? Promise.resolve()).then(
    () => exit(EXIT_OK),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return exit(EXIT_FAILURE);
    },
  );
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseWeatherCommandLine>;
  try {
    parsed = parseWeatherCommandLine(argv);
  } catch (error) {
    if (error instanceof WeatherOptionsError) return exitWithUsage(error);
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return exit(EXIT_OK);
  }

  const { options } = parsed;
  try {
    running = await startWeather(options, { error: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    if (error instanceof WeatherOptionsError) return exitWithUsage(error);
    const listen = { host: options.host ?? "127.0.0.1", port: options.port ?? 0 };
    process.stderr.write(`error: ${describeStartError(error, listen)}\n`);
    return exit(EXIT_FAILURE);
  }
  // The two lines a checker (or a student) waits for: where to connect, and how to replay.
  process.stdout.write(`listening on ${formatAddress(running.address.address, running.address.port)}\n`);
  process.stdout.write(`seed ${running.seed}\n`);
  // From here the proxy runs until a signal stops it.
}

function exitWithUsage(error: WeatherOptionsError): Promise<never> {
  process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
  return exit(EXIT_USAGE);
}

await main(process.argv.slice(2));
