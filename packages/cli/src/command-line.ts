import { parseArgs } from "node:util";
import type { ArgumentSet, ArgumentValues } from "./arguments.ts";
import { type FlagSet, type FlagValues, UsageError } from "./flags.ts";
import { inLanguage, type Language, type Localized } from "./language.ts";

/** What a program accepts on its command line, and how to describe it. */
export interface Command<F extends FlagSet = FlagSet, A extends ArgumentSet = ArgumentSet> {
  /** How to run it, for the usage text: `pnpm --filter v2 start:server -- [options]`. */
  readonly usage: Localized;
  readonly summary: Localized;
  /** Keys in camelCase; on the command line they are kebab-case (`maxClients` is `--max-clients`). */
  readonly flags: F;
  /** Its positional arguments, in order (`pnpm lesson:diff A B`); none if left out. */
  readonly args?: A;
  /** Lines for the end of the usage text. */
  readonly notes?: Localized;
}

/** The values a command's flags and arguments were given, in one object. */
export type CommandValues<C extends Command> = FlagValues<C["flags"]> &
  (C["args"] extends ArgumentSet ? ArgumentValues<C["args"]> : unknown);

export type ParsedCommandLine<C extends Command> = { help: true } | { help: false; options: CommandValues<C> };

/** `maxClients` → `max-clients`: flag keys are JavaScript names, flags are words with dashes. */
export const flagName = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The words this package adds around a program's own texts. */
export const WORDS = {
  usage: { en: "usage", "pt-BR": "uso" },
  options: { en: "options", "pt-BR": "opções" },
  arguments: { en: "arguments", "pt-BR": "argumentos" },
  commands: { en: "commands", "pt-BR": "comandos" },
  help: { en: "show this help", "pt-BR": "mostra esta ajuda" },
  default: { en: "default", "pt-BR": "padrão" },
} as const;

/**
 * Parses argv against a command's flags and arguments. Bad input throws a UsageError naming
 * the flag or argument.
 *
 * `pnpm --filter v2 start:server -- --port 0` hands the program `-- --port 0`: pnpm passes the
 * `--` on, so a leading `--` is skipped here rather than read as "end of options".
 */
export function parseCommandLine<C extends Command>(argv: readonly string[], command: C): ParsedCommandLine<C> {
  const { values, positionals } = readWords(argv[0] === "--" ? argv.slice(1) : argv, command.flags);
  if (values.help === true) return { help: true };
  return { help: false, options: valuesOf(command, values, positionals) as CommandValues<C> };
}

/** Every flag's and argument's value; a UsageError for a bad one, or for a word too many. */
export function valuesOf(
  command: Command,
  values: Record<string, string | boolean | undefined>,
  positionals: readonly string[],
): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(command.flags)) {
    parsed[key] = flag.parse(values[flagName(key)], `--${flagName(key)}`);
  }
  const args = Object.entries(command.args ?? {});
  args.forEach(([key, arg], index) => {
    parsed[key] = arg.parse(positionals[index]);
  });
  const extra = positionals[args.length];
  if (extra !== undefined) {
    throw new UsageError(
      args.length === 0
        ? {
            en: `unexpected argument ${JSON.stringify(extra)} (flags start with --)`,
            "pt-BR": `argumento inesperado ${JSON.stringify(extra)} (as opções começam com --)`,
          }
        : {
            en: `unexpected argument ${JSON.stringify(extra)}`,
            "pt-BR": `argumento inesperado ${JSON.stringify(extra)}`,
          },
    );
  }
  return parsed;
}

type ParseArgsOptions = Record<string, { type: "string" | "boolean"; short?: string }>;

/** The flags (by their command-line names, `--help` and `-h` included) and the other words. */
export function readWords(
  argv: readonly string[],
  flags: FlagSet,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: ParseArgsOptions = { help: { type: "boolean", short: "h" } };
  for (const [key, flag] of Object.entries(flags)) {
    options[flagName(key)] = flag.short === undefined ? { type: flag.kind } : { type: flag.kind, short: flag.short };
  }
  try {
    return parseArgs({ args: joinDashedValues([...argv], options), options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseArgsError(error));
  }
}

/**
 * `--port -1` is a value that starts with a dash: parseArgs reads it as another option and
 * says the value is missing. A single-dash word after a flag that takes a value is taken as
 * that value (`--port=-1`), so that the flag's own check can say what is wrong with it.
 */
function joinDashedValues(args: string[], options: ParseArgsOptions): string[] {
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

/** Two columns, the left one padded to its widest entry. */
export function columns(rows: readonly { left: string; right: string }[]): string[] {
  const width = Math.max(...rows.map((row) => row.left.length));
  return rows.map((row) => `  ${row.left.padEnd(width)}  ${row.right}`.trimEnd());
}

/** What a flag or an argument means, and its default if it has one. */
const meaning = (described: { description: Localized; defaultText?: Localized }, lang: Language): string => {
  const description = inLanguage(described.description, lang);
  const defaultText = described.defaultText === undefined ? undefined : inLanguage(described.defaultText, lang);
  return defaultText === undefined ? description : `${description} (${WORDS.default[lang]} ${defaultText})`;
};

/** The `options:` section: each flag, what it means, and its default. */
export function optionLines(flags: FlagSet, lang: Language): string[] {
  const rows = Object.entries(flags).map(([key, flag]) => {
    const name = flag.short === undefined ? `--${flagName(key)}` : `-${flag.short}, --${flagName(key)}`;
    return { left: flag.valueName === undefined ? name : `${name} ${flag.valueName}`, right: meaning(flag, lang) };
  });
  rows.push({ left: "-h, --help", right: WORDS.help[lang] });
  return [`${WORDS.options[lang]}:`, ...columns(rows)];
}

/** The usage text: how to run the command, its arguments, and what each flag means. */
export function formatUsage(command: Command, lang: Language = "en"): string {
  const args = Object.values(command.args ?? {});
  const argLines =
    args.length === 0
      ? []
      : [
          `${WORDS.arguments[lang]}:`,
          ...columns(args.map((arg) => ({ left: arg.name, right: meaning(arg, lang) }))),
          "",
        ];
  const notes = command.notes === undefined ? [] : ["", inLanguage(command.notes, lang)];
  return [
    `${WORDS.usage[lang]}: ${inLanguage(command.usage, lang)}`,
    inLanguage(command.summary, lang),
    "",
    ...argLines,
    ...optionLines(command.flags, lang),
    ...notes,
  ].join("\n");
}

// node:util parseArgs explains errors for programmers; say the same thing for students.
function describeParseArgsError(error: unknown): Localized {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return {
        en: `unknown option ${quoted} (--help lists the options)`,
        "pt-BR": `opção desconhecida ${quoted} (--help lista as opções)`,
      };
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      // "argument missing" and "argument is ambiguous" (`--port --trace`) both mean no value.
      if (error.message.includes("does not take an argument")) {
        const flag = quoted.replace(/=.*$/, "");
        return { en: `${flag} takes no value`, "pt-BR": `${flag} não recebe valor` };
      }
      const flag = quoted.replace(/ <value>$/, "");
      return { en: `${flag} needs a value`, "pt-BR": `${flag} precisa de um valor` };
    }
    default:
      return error.message;
  }
}
