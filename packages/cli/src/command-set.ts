// A program with several commands, each with its own arguments and flags: `pnpm learn start
// TASK`, `pnpm learn check TASK --seed 7`. The command is the first word that is not a flag
// (or a flag's value), so flags may come before it too: `pnpm learn --lang pt-BR check v2`.
import {
  type Command,
  type CommandValues,
  flagName,
  formatUsage,
  optionLines,
  readWords,
  valuesOf,
  WORDS,
} from "./command-line.ts";
import { type FlagSet, type FlagValues, UsageError } from "./flags.ts";
import { inLanguage, type Language, type Localized } from "./language.ts";

/** One command of a set: its usage line is made from the set's name, its own name and its arguments. */
export type Subcommand = Omit<Command, "usage">;

export interface CommandSet<
  G extends FlagSet = FlagSet,
  C extends Record<string, Subcommand> = Record<string, Subcommand>,
> {
  /** How to run the program: `pnpm learn`. */
  readonly name: string;
  readonly summary: Localized;
  /** Flags every command takes (`--lang`). */
  readonly flags: G;
  /** The commands, by the word that names them. */
  readonly commands: C;
  /** The command run when none is named (`pnpm learn` alone is the tutor); its line shows no name. */
  readonly defaultCommand?: keyof C & string;
  /** Lines for the end of the usage text (the tasks there are). */
  readonly notes?: Localized;
}

/** Which command was asked for, and its values together with those of the set's own flags. */
export type ParsedCommand<G extends FlagSet, C extends Record<string, Subcommand>> = {
  [K in keyof C & string]: { command: K; options: FlagValues<G> & CommandValues<C[K] & Command> };
}[keyof C & string];

export type ParsedCommandSet<G extends FlagSet, C extends Record<string, Subcommand>> =
  | { help: true; usage: (lang: Language) => string }
  | ({ help: false } & ParsedCommand<G, C>);

/** Parses argv against a set of commands; throws a UsageError naming what is wrong. */
export function parseCommandSet<G extends FlagSet, C extends Record<string, Subcommand>>(
  argv: readonly string[],
  set: CommandSet<G, C>,
): ParsedCommandSet<G, C> {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const at = commandWordAt(args, set);
  const name = at === -1 ? set.defaultCommand : (args[at] as string);
  if (name !== undefined && !Object.hasOwn(set.commands, name)) {
    const names = Object.keys(set.commands).join(", ");
    throw new UsageError({
      en: `unknown command ${JSON.stringify(name)}: the commands are ${names}`,
      "pt-BR": `comando desconhecido ${JSON.stringify(name)}: os comandos são ${names}`,
    });
  }
  const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 1)];
  const command = name === undefined ? undefined : commandOf(set, name);
  const { values, positionals } = readWords(rest, command?.flags ?? set.flags);
  // --help before anything else is judged: `pnpm learn check --help` needs no TASK.
  if (values.help === true) {
    return {
      help: true,
      usage: (lang) =>
        at === -1 || command === undefined ? formatCommandSetUsage(set, lang) : formatUsage(command, lang),
    };
  }
  if (command === undefined) {
    const names = Object.keys(set.commands).join(", ");
    throw new UsageError({ en: `which command? ${names}`, "pt-BR": `qual comando? ${names}` });
  }
  const options = valuesOf(command, values, positionals);
  return { help: false, command: name, options } as ParsedCommandSet<G, C>;
}

/** A command of the set as a command of its own: its line, its flags and the set's. */
export function commandOf<G extends FlagSet, C extends Record<string, Subcommand>>(
  set: CommandSet<G, C>,
  name: string,
): Command {
  const command = set.commands[name] as Subcommand;
  const words = name === set.defaultCommand ? [set.name] : [set.name, name];
  for (const arg of Object.values(command.args ?? {})) words.push(arg.optional ? `[${arg.name}]` : arg.name);
  for (const [key, flag] of Object.entries(command.flags)) {
    words.push(flag.valueName === undefined ? `[--${flagName(key)}]` : `[--${flagName(key)} ${flag.valueName}]`);
  }
  const notes = command.notes ?? set.notes;
  return {
    ...command,
    usage: words.join(" "),
    flags: { ...command.flags, ...set.flags },
    ...(notes === undefined ? {} : { notes }),
  };
}

/**
 * Where the command's name is: the first word that is neither a flag nor the value of a flag
 * before it (`--lang pt-BR check`: `pt-BR` is a value). -1 when there is none.
 */
function commandWordAt<G extends FlagSet, C extends Record<string, Subcommand>>(
  args: readonly string[],
  set: CommandSet<G, C>,
): number {
  const takesValue = new Set<string>();
  for (const flags of [set.flags, ...Object.values(set.commands).map((command) => command.flags)]) {
    for (const [key, flag] of Object.entries(flags)) if (flag.kind === "string") takesValue.add(`--${flagName(key)}`);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("-")) return i;
    if (takesValue.has(arg)) i += 1;
  }
  return -1;
}

/** The usage of the whole set: every command's line and summary, then the flags they share. */
export function formatCommandSetUsage<G extends FlagSet, C extends Record<string, Subcommand>>(
  set: CommandSet<G, C>,
  lang: Language = "en",
): string {
  const more = {
    en: `${set.name} COMMAND --help: that command's own options`,
    "pt-BR": `${set.name} COMMAND --help: as opções daquele comando`,
  };
  const lines = [`${WORDS.usage[lang]}: ${set.name} [COMMAND] [options]`, inLanguage(set.summary, lang), ""];
  lines.push(`${WORDS.commands[lang]}:`);
  for (const name of Object.keys(set.commands)) {
    const command = commandOf(set, name);
    lines.push(`  ${inLanguage(command.usage, lang)}`, `      ${inLanguage(command.summary, lang)}`);
  }
  lines.push("", ...optionLines(set.flags, lang), more[lang]);
  if (set.notes !== undefined) lines.push("", inLanguage(set.notes, lang));
  return lines.join("\n");
}
