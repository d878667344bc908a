// Typed command-line flags. Each flag knows how to turn the text the user typed into a value,
// and refuses bad text with a UsageError that names the flag, so that every program reports
// `--port abc` the same way (exit 2).

/** The user typed something the program cannot run with: exit 2, with the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Flag<T> {
  readonly kind: "string" | "boolean";
  readonly description: string;
  /** Shown in the usage text after the flag name, e.g. `--port PORT`. */
  readonly valueName?: string;
  /** Shown as "(default ...)" in the usage text. */
  readonly defaultText?: string;
  parse(raw: string | boolean | undefined, flagName: string): T;
}

export type FlagSet = Record<string, Flag<unknown>>;
export type FlagValues<F extends FlagSet> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

export function stringFlag(description: string, defaultValue: string, valueName = "TEXT"): Flag<string> {
  return {
    kind: "string",
    description,
    valueName,
    defaultText: JSON.stringify(defaultValue),
    parse: (raw) => (typeof raw === "string" ? raw : defaultValue),
  };
}

export function booleanFlag(description: string): Flag<boolean> {
  return { kind: "boolean", description, parse: (raw) => raw === true };
}

export function integerFlag(
  description: string,
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
      // Number("") is 0 and Number("1e3") is 1000: accept plain decimal digits only.
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
        throw new UsageError(
          `${flagName} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
        );
      }
      return value;
    },
  };
}

/** A flag that takes one of a few words. */
export function choiceFlag<const T extends string>(
  description: string,
  defaultValue: T,
  choices: readonly T[],
): Flag<T> {
  return {
    kind: "string",
    description: `${description}: ${choices.join(", ")}`,
    valueName: "WORD",
    defaultText: defaultValue,
    parse(raw, flagName) {
      if (typeof raw !== "string") return defaultValue;
      const choice = choices.find((candidate) => candidate === raw);
      if (choice === undefined)
        throw new UsageError(`${flagName} must be one of ${choices.join(", ")}, got ${JSON.stringify(raw)}`);
      return choice;
    },
  };
}

/** A flag that takes a host name or IP address, refusing an empty one. */
export function hostFlag(description: string, defaultValue: string): Flag<string> {
  return {
    kind: "string",
    description,
    valueName: "HOST",
    defaultText: defaultValue || undefined,
    parse(raw, flagName) {
      if (typeof raw !== "string") return defaultValue;
      if (raw.trim() === "" || /\s/.test(raw)) {
        throw new UsageError(`${flagName} must be a host name or IP address, got ${JSON.stringify(raw)}`);
      }
      return raw;
    },
  };
}

/** A flag holding one line of text for a line-based protocol: it may not contain a line break. */
export function textLineFlag(description: string, defaultValue: string): Flag<string> {
  const text = stringFlag(description, defaultValue);
  return {
    ...text,
    parse(raw, flagName) {
      const value = text.parse(raw, flagName);
      if (/[\r\n]/.test(value)) {
        throw new UsageError(`${flagName} must be one line: a line break would end the message early`);
      }
      return value;
    },
  };
}
