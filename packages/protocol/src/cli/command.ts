import { parseArgs } from "node:util";
import { booleanFlag, type FlagSet, type FlagValues, hostFlag, integerFlag, UsageError } from "./flags.ts";

/** What a lesson's server or client accepts on its command line, and how to describe it. */
export interface Command<F extends FlagSet> {
  /** How to run it, for the usage text: `pnpm --filter v2 start:server -- [options]`. */
  readonly usage: string;
  readonly summary: string;
  readonly flags: F;
}

const MAX_PORT = 65535;

/** The flags every server has: where to listen, and --trace. */
export function serverFlags(defaultPort: number) {
  return {
    host: hostFlag("address to listen on (0.0.0.0 for every interface)", "127.0.0.1"),
    port: integerFlag("port to listen on (0: any free port)", defaultPort, { min: 0, max: MAX_PORT }, "PORT"),
    trace: booleanFlag("print every chunk read or written on stderr, as hex and text"),
  };
}

/** The flags every client has: where the server is, how long to wait, and --trace. */
export function clientFlags(defaultPort: number) {
  return {
    host: hostFlag("server's host name or address", "127.0.0.1"),
    port: integerFlag("server's port", defaultPort, { min: 1, max: MAX_PORT }, "PORT"),
    timeout: integerFlag(
      "milliseconds to wait for the connection or a reply",
      5000,
      { min: 1, max: 2 ** 31 - 1 },
      "MS",
    ),
    trace: booleanFlag("print every chunk read or written on stderr, as hex and text"),
  };
}

export type ParsedCommandLine<F extends FlagSet> = { help: true } | { help: false; options: FlagValues<F> };

/**
 * Parses argv against a command's flags. Bad input throws a UsageError naming the flag.
 *
 * `pnpm --filter v2 start:server -- --port 0` hands the program `-- --port 0`: pnpm passes the
 * `--` on, so a leading `--` is skipped here rather than read as "end of options".
 */
export function parseCommandLine<F extends FlagSet>(
  argv: readonly string[],
  command: Command<F>,
): ParsedCommandLine<F> {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const [name, flag] of Object.entries(command.flags)) options[name] = { type: flag.kind };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(describeParseArgsError(error));
  }
  if (values.help === true) return { help: true };

  const parsed: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(command.flags)) parsed[name] = flag.parse(values[name], `--${name}`);
  return { help: false, options: parsed as FlagValues<F> };
}

/** The usage text: how to run the command and what each flag means. */
export function formatUsage(command: Command<FlagSet>): string {
  const rows = Object.entries(command.flags).map(([name, flag]) => ({
    left: flag.valueName === undefined ? `--${name}` : `--${name} ${flag.valueName}`,
    right: flag.defaultText === undefined ? flag.description : `${flag.description} (default ${flag.defaultText})`,
  }));
  rows.push({ left: "--help", right: "show this help" });
  const width = Math.max(...rows.map((row) => row.left.length));
  return [
    `usage: ${command.usage}`,
    command.summary,
    "",
    "options:",
    ...rows.map((row) => `  ${row.left.padEnd(width)}  ${row.right}`),
  ].join("\n");
}

// node:util parseArgs explains errors for programmers; say the same thing for students.
function describeParseArgsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // "argument missing" and "argument is ambiguous" (`--port --trace`) both mean no value.
      return error.message.includes("does not take an argument")
        ? `${quoted} takes no value`
        : `${quoted.replace(/ <value>$/, "")} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)} (flags start with --)`;
    default:
      return error.message;
  }
}
