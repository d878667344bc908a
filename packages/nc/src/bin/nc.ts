// The runnable entry of `pnpm nc`: netcat's command line, friendly errors, exit codes and
// Ctrl-C around nc itself, which is in ../tcp.ts and ../udp.ts.
import {
  describeError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  exitWhenWritten,
  formatUsage,
  stopQuietlyWhenOutputCloses,
  traceEverySocket,
  UsageError,
} from "@socket-lessons/cli";
import { NC_COMMAND, type NcCommandLine, parseNcCommandLine } from "../command-line.ts";
import type { NcStreams } from "../streams.ts";
import { connectTcp, listenTcp } from "../tcp.ts";
import { listenUdp, sendUdp } from "../udp.ts";

// The reader of our output went away (`pnpm nc ... | head -1`): stop quietly.
stopQuietlyWhenOutputCloses();

const { options } = await parseOrExit(process.argv.slice(2));

// Ctrl-C (or a kill) stops nc where it is; what it already printed is still written out (a
// second at most), and the exit status is the one shells give a signal: 128 + its number.
process.once("SIGINT", () => exitWhenWritten(130, 1000));
process.once("SIGTERM", () => exitWhenWritten(143, 1000));

if (options.trace) traceEverySocket((line) => process.stderr.write(`${line}\n`));
const io: NcStreams = {
  input: process.stdin,
  output: process.stdout,
  // -v: a few words on stderr, so that stdout stays exactly the bytes that came in.
  say: options.verbose ? (line) => process.stderr.write(`nc: ${line}\n`) : () => {},
};
const run = options.udp ? (options.listen ? listenUdp : sendUdp) : options.listen ? listenTcp : connectTcp;

try {
  await run(options, io);
} catch (error) {
  const message = describeError(error, { host: options.host, port: options.port, udp: options.udp });
  process.stderr.write(`error: ${inNetcatWords(message)}\n`);
  await exitWhenWritten(EXIT_FAILURE);
}
await exitWhenWritten(EXIT_OK);

/** The parsed command line; `--help` prints the usage and exits 0, bad usage exits 2. */
async function parseOrExit(argv: string[]): Promise<Extract<NcCommandLine, { help: false }>> {
  let commandLine: NcCommandLine;
  try {
    commandLine = parseNcCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${formatUsage(NC_COMMAND)}\n`);
    return exitWhenWritten(EXIT_USAGE);
  }
  if (!commandLine.help) return commandLine;
  process.stdout.write(`${formatUsage(NC_COMMAND)}\n`);
  return exitWhenWritten(EXIT_OK);
}

/**
 * The friendly errors are worded for the lessons, whose flags are --host and --port; here
 * the host and port are the words HOST and PORT.
 */
function inNetcatWords(message: string): string {
  return message
    .replace("check --host and --port", "check HOST and PORT")
    .replace("choose another port with --port", "choose another PORT")
    .replace("Choose a port from 1024 up with --port", "Choose a PORT from 1024 up")
    .replace("Try --host 127.0.0.1", "Try 127.0.0.1 as HOST")
    .replace("check --host", "check HOST");
}
