// The command line every program of the course shares, applied by each lesson's `bin/`
// entry: flags and usage, exit codes, friendly errors, --trace, Ctrl-C, and output that is
// never lost. Lesson code uses only `formatAddress` and `describeError` from here.
export { formatAddress } from "./address.ts";
export { type Command, flagName, formatUsage, type ParsedCommandLine, parseCommandLine } from "./command-line.ts";
export {
  booleanFlag,
  choiceFlag,
  type Flag,
  type FlagSet,
  type FlagValues,
  hostFlag,
  integerFlag,
  stringFlag,
  textLineFlag,
  UsageError,
} from "./flags.ts";
export { describeError, type Endpoint } from "./friendly-errors.ts";
export { closeClients, SHUTDOWN_DEADLINE_MS, SHUTDOWN_GRACE_MS, trackAcceptedSockets } from "./graceful-stop.ts";
export { type HexDumpOptions, hexDump } from "./hex-dump.ts";
export {
  type ClientBasics,
  clientMain,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type Program,
  parseOrExit,
  type ServerBasics,
  serverMain,
} from "./main.ts";
export { EXIT_BROKEN_PIPE, exitWhenWritten, stopQuietlyWhenOutputCloses } from "./output.ts";
export { TRACE_MAX_BYTES, traceChunk, traceEverySocket } from "./trace.ts";
