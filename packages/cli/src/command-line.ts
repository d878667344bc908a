import { parseArgs } from "node:util";
import { type FlagSet, type FlagValues, UsageError } from "./flags.ts";

/** What a program accepts on its command line, and how to describe it. */
export interface Command<F extends FlagSet> {
  /** How to run it, for the usage text: `pnpm --filter v2 start:server -- [options]`. */
  readonly usage: string;
  readonly summary: string;
  /** Keys in camelCase; on the command line they are kebab-case (`maxClients` is `--max-clients`). */
  readonly flags: F;
}

export type ParsedCommandLine<F extends FlagSet> = { help: true } | { help: false; options: FlagValues<F> };

/** `maxClients` → `max-clients`: flag keys are JavaScript names, flags are words with dashes. */
export const flagName = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

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
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const [key, flag] of Object.entries(command.flags)) options[flagName(key)] = { type: flag.kind };
  const args = joinDashedValues(argv[0] === "--" ? argv.slice(1) : [...argv], options);

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(describeParseArgsError(error));
  }
  if (values.help === true) return { help: true };

  const parsed: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(command.flags)) {
    parsed[key] = flag.parse(values[flagName(key)], `--${flagName(key)}`);
  }
  return { help: false, options: parsed as FlagValues<F> };
}

/**
 * `--port -1` is a value that starts with a dash: parseArgs reads it as another option and
 * says the value is missing. A single-dash word after a flag that takes a value is taken as
 * that value (`--port=-1`), so that the flag's own check can say what is wrong with it.
 */
function joinDashedValues(args: string[], options: Record<string, { type: string }>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const takesValue = arg.startsWith("--") && options[arg.slice(2)]?.type === "string";
    if (takesValue && next !== undefined && /^-(?!-)/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The usage text: how to run the command and what each flag means. */
export function formatUsage(command: Command<FlagSet>): string {
  const rows = Object.entries(command.flags).map(([key, flag]) => ({
    left: flag.valueName === undefined ? `--${flagName(key)}` : `--${flagName(key)} ${flag.valueName}`,
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
      return `unknown option ${quoted} (--help lists the options)`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // "argument missing" and "argument is ambiguous" (`--port --trace`) both mean no value.
      return error.message.includes("does not take an argument")
        ? `${quoted.replace(/=.*$/, "")} takes no value`
        : `${quoted.replace(/ <value>$/, "")} needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)} (flags start with --)`;
    default:
      return error.message;
  }
}
