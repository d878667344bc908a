// The body of every program's entry: parse the command line (usage on --help, exit 2 on a bad
// flag), run, turn a failure into one friendly line and exit 1, stop on Ctrl-C, and exit only
// once everything printed is written out. The lessons' `bin/` entries use `serverMain` and
// `clientMain` (./lesson-main.ts); the tools (`pnpm weather`, `pnpm learn`, `pnpm bench`,
// `pnpm demo`, `pnpm lesson:diff`) use `commandMain` or `commandSetMain` directly.
import { constants } from "node:os";
import { type Command, type CommandValues, formatUsage, parseCommandLine } from "./command-line.ts";
import {
  type CommandSet,
  formatCommandSetUsage,
  type ParsedCommand,
  parseCommandSet,
  type Subcommand,
} from "./command-set.ts";
import { type FlagSet, UsageError } from "./flags.ts";
import { describeError, type Endpoint } from "./friendly-errors.ts";
import { SHUTDOWN_DEADLINE_MS } from "./graceful-stop.ts";
import type { Language } from "./language.ts";
import { exitWhenWritten, stopQuietlyWhenOutputCloses } from "./output.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The status a shell shows for a program stopped by `signal`: 128 + its number (130 for Ctrl-C). */
export const exitCodeOf = (signal: NodeJS.Signals): number => 128 + constants.signals[signal];

export interface MainSettings<V> {
  /** The command line, after the program's name (default: this process's). */
  readonly argv?: readonly string[];
  /** The language of the usage text and of the errors (default English). */
  readonly lang?: Language;
  /**
   * What Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) does:
   * - `"gracefully"`: `context.stopping` is aborted; the program finishes what it is doing,
   *   and exits once `run` returns, with exit 0 after SHUTDOWN_DEADLINE_MS whatever happens
   *   (a server, a proxy: SIGTERM is how they are asked to stop);
   * - a function: it cleans up at once (stops the processes the program started), and the
   *   program exits with the status it returns, or as interrupted (128 + the signal's number).
   *   It runs too when the reader of the output goes away (exit 141).
   * Default: exit as interrupted, with nothing to clean up.
   */
  readonly onStop?: "gracefully" | ((signal: NodeJS.Signals) => unknown);
  /** Where the program listens or connects, so that an error can name it. */
  readonly endpoint?: (options: V) => Endpoint;
}

export interface RunContext {
  /** Aborted by Ctrl-C or SIGTERM, when the program stops gracefully. */
  readonly stopping: AbortSignal;
  /** The language the program's texts are shown in. */
  readonly lang: Language;
}

/** What `run` resolves with: the exit status (anything but a number: 0). */
type Run<V> = (options: V, context: RunContext) => Promise<unknown>;

const statusOf = (value: unknown, otherwise: number) => (typeof value === "number" ? value : otherwise);

/**
 * Runs a program with one command: `--help` prints the usage and exits 0; a bad flag or
 * argument, or a UsageError thrown by `run`, prints what is wrong and the usage, and exits 2;
 * any other error prints one friendly line and exits 1; otherwise the status `run` returns.
 */
export function commandMain<C extends Command>(
  command: C,
  run: Run<CommandValues<C>>,
  settings: MainSettings<CommandValues<C>> = {},
): Promise<never> {
  return main(
    (argv) => {
      const parsed = parseCommandLine(argv, command);
      return parsed.help ? { usage: formatUsage(command, settings.lang) } : { options: parsed.options };
    },
    (lang) => formatUsage(command, lang),
    run,
    settings,
  );
}

/** `commandMain` for a program with several commands (`pnpm learn start TASK`, `pnpm learn check TASK`). */
export function commandSetMain<G extends FlagSet, C extends Record<string, Subcommand>>(
  set: CommandSet<G, C>,
  run: Run<ParsedCommand<G, C>>,
  settings: MainSettings<ParsedCommand<G, C>> = {},
): Promise<never> {
  return main(
    (argv) => {
      const parsed = parseCommandSet(argv, set);
      if (parsed.help) return { usage: parsed.usage(settings.lang ?? "en") };
      const { help: _, ...chosen } = parsed;
      return { options: chosen as ParsedCommand<G, C> };
    },
    (lang) => formatCommandSetUsage(set, lang),
    run,
    settings,
  );
}

async function main<V>(
  parse: (argv: readonly string[]) => { usage: string } | { options: V },
  usage: (lang: Language) => string,
  run: Run<V>,
  settings: MainSettings<V>,
): Promise<never> {
  const lang = settings.lang ?? "en";
  const onStop = settings.onStop ?? (() => {});
  stopQuietlyWhenOutputCloses(typeof onStop === "function" ? () => onStop("SIGPIPE") : undefined);
  const exitWithUsage = (error: UsageError) => {
    process.stderr.write(`error: ${error.in(lang)}\n\n${usage(lang)}\n`);
    return exitWhenWritten(EXIT_USAGE);
  };

  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(settings.argv ?? process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) return exitWithUsage(error);
    throw error;
  }
  if ("usage" in parsed) {
    process.stdout.write(`${parsed.usage}\n`);
    return exitWhenWritten(EXIT_OK);
  }
  const { options } = parsed;

  // Set before `run` prints anything: a checker may send SIGTERM the moment it reads
  // `listening on`, and a signal that came before its handler would kill the program with
  // no exit status of its own.
  const stopping = new AbortController();
  let deadline = Number.POSITIVE_INFINITY;
  const stop = (signal: NodeJS.Signals) => {
    if (onStop === "gracefully") {
      if (stopping.signal.aborted) return; // a second Ctrl-C changes nothing: the deadline holds
      deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
      setTimeout(() => process.exit(EXIT_OK), SHUTDOWN_DEADLINE_MS).unref();
      stopping.abort();
    } else {
      void exitWhenWritten(statusOf(onStop(signal), exitCodeOf(signal)));
    }
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);

  let code: unknown;
  try {
    code = await run(options, { stopping: stopping.signal, lang });
  } catch (error) {
    // Some values can only be judged once running (a message too big for a datagram).
    if (error instanceof UsageError) return exitWithUsage(error);
    process.stderr.write(`error: ${describeError(error, settings.endpoint?.(options))}\n`);
    return exitWhenWritten(EXIT_FAILURE);
  }
  return exitWhenWritten(statusOf(code, EXIT_OK), deadline - Date.now());
}
