// Positional arguments: words that mean something by their place on the command line, as in
// `pnpm lesson:diff A B` or `pnpm nc HOST PORT`. Each one is read by a Flag (the same checks,
// the same messages), named by its place holder instead of `--name`.
import { type Flag, UsageError } from "./flags.ts";
import type { Localized } from "./language.ts";

export interface Argument<T> {
  /** How the usage text names it: `TASK`, `HOST`. */
  readonly name: string;
  readonly description: Localized;
  /** An optional argument may be left out (only at the end); a required one missing is a usage error. */
  readonly optional: boolean;
  /** What an optional one left out means, for the usage text. */
  readonly defaultText?: Localized;
  /** The value for what was typed (undefined: left out), or a UsageError naming the argument. */
  parse(raw: string | undefined): T;
}

/** The arguments of a command, in the order they are typed. */
export type ArgumentSet = Record<string, Argument<unknown>>;
export type ArgumentValues<A extends ArgumentSet> = { [K in keyof A]: A[K] extends Argument<infer T> ? T : never };

/**
 * The argument `name`, read as `flag` reads its value: `argument("PORT", integerFlag(...))`
 * refuses `PORT abc` as `--port abc` is refused. Left out, an optional one gets the flag's default.
 */
export function argument<T>(name: string, flag: Flag<T>, options: { optional?: boolean } = {}): Argument<T> {
  const optional = options.optional ?? false;
  return {
    name,
    description: flag.description,
    optional,
    ...(optional && flag.defaultText !== undefined ? { defaultText: flag.defaultText } : {}),
    parse(raw) {
      if (raw === undefined && !optional) {
        throw new UsageError({ en: `${name} is missing`, "pt-BR": `falta ${name}` });
      }
      return flag.parse(raw, name);
    },
  };
}

/** A required argument taken as typed: a name, a path. */
export function textArgument(name: string, description: Localized): Argument<string> {
  return argument(name, { kind: "string", description, parse: (raw) => (typeof raw === "string" ? raw : "") });
}
