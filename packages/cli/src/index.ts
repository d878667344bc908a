// The command line every program of the course shares, applied by each lesson's `bin/`
// entry and by each tool's: flags, arguments and usage, exit codes, friendly errors, --trace,
// Ctrl-C, and output that is never lost. Lesson code uses only `formatAddress` and
// `describeError` from here.
export { formatAddress } from "./address.ts";
export { type Argument, type ArgumentSet, type ArgumentValues, argument, textArgument } from "./arguments.ts";
export {
  type Command,
  type CommandValues,
  flagName,
  formatUsage,
  type ParsedCommandLine,
  parseCommandLine,
} from "./command-line.ts";
export {
  type CommandSet,
  formatCommandSetUsage,
  type ParsedCommand,
  type ParsedCommandSet,
  parseCommandSet,
  type Subcommand,
} from "./command-set.ts";
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
  wholeNumber,
} from "./flags.ts";
export { describeError, type Endpoint, markListening } from "./friendly-errors.ts";
export { closeClients, SHUTDOWN_DEADLINE_MS, SHUTDOWN_GRACE_MS, trackAcceptedSockets } from "./graceful-stop.ts";
export { type HexDumpOptions, hexDump } from "./hex-dump.ts";
export { inEveryLanguage, inLanguage, LANGUAGES, type Language, type Localized, peekFlag } from "./language.ts";
export { type ClientBasics, clientMain, type Program, type ServerBasics, serverMain } from "./lesson-main.ts";
export {
  commandMain,
  commandSetMain,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeOf,
  type MainSettings,
  type RunContext,
} from "./main.ts";
export { EXIT_BROKEN_PIPE, exitWhenWritten, stopQuietlyWhenOutputCloses } from "./output.ts";
export { TRACE_MAX_BYTES, traceChunk, traceEverySocket } from "./trace.ts";
