// Typed command-line flags. Each flag knows how to turn the text the user typed into a value,
// and refuses bad text with a UsageError that names the flag, so that every program reports
// `--port abc` the same way (exit 2).
import { inEveryLanguage, inLanguage, type Language, type Localized } from "./language.ts";

/** The user typed something the program cannot run with: exit 2, with the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The message in every language the program speaks (`message` is the English one). */
  readonly text: Localized;

  constructor(text: Localized) {
    super(inLanguage(text, "en"));
    this.text = text;
  }

  in(lang: Language): string {
    return inLanguage(this.text, lang);
  }
}

export interface Flag<T> {
  readonly kind: "string" | "boolean";
  readonly description: Localized;
  /** Shown in the usage text after the flag name, e.g. `--port PORT`. */
  readonly valueName?: string;
  /** A one-letter form, as netcat's `-u` for `--udp`: `{ ...booleanFlag("..."), short: "u" }`. */
  readonly short?: string;
  /** Shown as "(default ...)" in the usage text. */
  readonly defaultText?: Localized;
  /** The value for what was typed (undefined: the flag was not given); a UsageError naming `flagName` if it is bad. */
  parse(raw: string | boolean | undefined, flagName: string): T;
}

export type FlagSet = Record<string, Flag<unknown>>;
export type FlagValues<F extends FlagSet> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

/** `"abc"`, for a message that quotes what the user typed. */
const quoted = (raw: string) => JSON.stringify(raw);

export function stringFlag(description: Localized, defaultValue: string, valueName = "TEXT"): Flag<string> {
  return {
    kind: "string",
    description,
    valueName,
    defaultText: quoted(defaultValue),
    parse: (raw) => (typeof raw === "string" ? raw : defaultValue),
  };
}

export function booleanFlag(description: Localized): Flag<boolean> {
  return { kind: "boolean", description, parse: (raw) => raw === true };
}

/** A whole number within a range, written in plain decimal digits. */
export function integerFlag(
  description: Localized,
  defaultValue: number,
  range: { min: number; max: number },
  valueName = "N",
): Flag<number> {
  return {
    kind: "string",
    description,
    valueName,
    defaultText: String(defaultValue),
    parse(raw, flagName) {
      if (typeof raw !== "string") return defaultValue;
      return wholeNumber(raw, flagName, range);
    },
  };
}

/** `raw` as a whole number from `min` to `max`, or a UsageError naming `flagName`. */
export function wholeNumber(raw: string, flagName: string, { min, max }: { min: number; max: number }): number {
  // Number("") is 0 and Number("1e3") is 1000: accept plain decimal digits only.
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError({
      en: `${flagName} must be a whole number from ${min} to ${max}, got ${quoted(raw)}`,
      "pt-BR": `${flagName} deve ser um número inteiro de ${min} a ${max}; veio ${quoted(raw)}`,
    });
  }
  return value;
}

/** A flag that takes one of a few words. */
export function choiceFlag<const T extends string>(
  description: Localized,
  defaultValue: T,
  choices: readonly T[],
): Flag<T> {
  return {
    kind: "string",
    description: inEveryLanguage((lang) => `${inLanguage(description, lang)}: ${choices.join(", ")}`),
    valueName: "WORD",
    defaultText: defaultValue,
    parse(raw, flagName) {
      if (typeof raw !== "string") return defaultValue;
      const choice = choices.find((candidate) => candidate === raw);
      if (choice === undefined) {
        throw new UsageError({
          en: `${flagName} must be one of ${choices.join(", ")}, got ${quoted(raw)}`,
          "pt-BR": `${flagName} deve ser um destes: ${choices.join(", ")}; veio ${quoted(raw)}`,
        });
      }
      return choice;
    },
  };
}

/** A flag that takes a host name or IP address, refusing an empty one. */
export function hostFlag(description: Localized, defaultValue: string): Flag<string> {
  return {
    kind: "string",
    description,
    valueName: "HOST",
    defaultText: defaultValue || undefined,
    parse(raw, flagName) {
      if (typeof raw !== "string") return defaultValue;
      if (raw.trim() === "" || /\s/.test(raw)) {
        throw new UsageError({
          en: `${flagName} must be a host name or IP address, got ${quoted(raw)}`,
          "pt-BR": `${flagName} deve ser um nome de host ou um endereço IP; veio ${quoted(raw)}`,
        });
      }
      return raw;
    },
  };
}

/** A flag holding one line of text for a line-based protocol: it may not contain a line break. */
export function textLineFlag(description: Localized, defaultValue: string): Flag<string> {
  const text = stringFlag(description, defaultValue);
  return {
    ...text,
    parse(raw, flagName) {
      const value = text.parse(raw, flagName);
      if (/[\r\n]/.test(value)) {
        throw new UsageError({
          en: `${flagName} must be one line: a line break would end the message early`,
          "pt-BR": `${flagName} deve ser uma linha só: uma quebra de linha terminaria a mensagem antes da hora`,
        });
      }
      return value;
    },
  };
}
