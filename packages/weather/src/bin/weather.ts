// The runnable entry of `pnpm weather -- --to HOST:PORT [options]`: flags, the two lines a
// checker waits for, friendly errors, Ctrl-C. The proxy itself is in ../weather.ts.
import { parseWeatherCommandLine, USAGE } from "../command-line.ts";
import { describeStartError, formatAddress } from "../friendly-errors.ts";
import { WeatherOptionsError } from "../options.ts";
import { type RunningWeather, startWeather } from "../weather.ts";

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** SPEC: on SIGINT/SIGTERM a long-running program exits 0 within 2 seconds. */
const SHUTDOWN_DEADLINE_MS = 1800;

let running: RunningWeather | undefined;

/**
 * Exits once everything written to stdout and stderr has been handed on: process.exit does
 * not wait for a pipe that is still being written to (on macOS pipes are asynchronous), and
 * the last lines of --trace would be lost. A write's callback comes after every earlier write.
 */
async function exit(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

// The reader of our output went away (`pnpm weather ... | head -1`): nobody is listening any
// more, so stop quietly instead of dying of an EPIPE error with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    void running?.close();
    process.exit(EXIT_OK);
  });
}

function usageError(error: WeatherOptionsError): Promise<never> {
  process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
  return exit(EXIT_USAGE);
}

let parsed: ReturnType<typeof parseWeatherCommandLine>;
try {
  parsed = parseWeatherCommandLine(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof WeatherOptionsError)) throw error;
  await usageError(error);
  throw error; // not reached: exit() does not return
}
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  await exit(EXIT_OK);
} else {
  const { options } = parsed;
  try {
    running = await startWeather(options, { error: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    if (error instanceof WeatherOptionsError) await usageError(error);
    const listen = { host: options.host ?? "127.0.0.1", port: options.port ?? 0 };
    process.stderr.write(`error: ${describeStartError(error, listen)}\n`);
    await exit(EXIT_FAILURE);
  }
  const weather = running as RunningWeather;
  // The two lines a checker (or a student) waits for: where to connect, and how to replay.
  process.stdout.write(`listening on ${formatAddress(weather.address.address, weather.address.port)}\n`);
  process.stdout.write(`seed ${weather.seed}\n`);

  const stop = () => {
    // A connection that will not close must not keep the proxy alive.
    setTimeout(() => void exit(EXIT_OK), SHUTDOWN_DEADLINE_MS).unref();
    weather.close().then(
      () => exit(EXIT_OK),
      (error: unknown) => {
        process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        return exit(EXIT_FAILURE);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
