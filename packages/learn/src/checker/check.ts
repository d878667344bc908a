import type { Text } from "../i18n.ts";
import type { CheckContext } from "./context.ts";

/** One thing a task's checker verifies, over real sockets. */
export interface Check {
  /** What it checks, as a sentence: "the server echoes a message in capitals". */
  readonly title: Text;
  /** Resolves when the student's program does what it should; throws CheckFailure when not. */
  run(context: CheckContext): Promise<void>;
}

/** The bytes around the first place where what came differs from what was expected. */
export interface Evidence {
  /** Whose bytes these are: "bytes from the server". */
  readonly label: Text;
  readonly bytes: Buffer;
  /** Offset of the first byte of `bytes` in the whole stream. */
  readonly startOffset: number;
  /** Offset (in the whole stream) of the byte that differs, or of the one that never came. */
  readonly mark: number;
  /** What should have been there, around the same place, when it is known. */
  readonly expected?: { readonly bytes: Buffer; readonly startOffset: number };
}

/**
 * A check that did not pass: what was expected, in protocol terms, and what came instead
 * ("expected a line ending in \"\\n\", the connection closed after 9 bytes"), with the bytes
 * around the first difference when there are any.
 */
export class CheckFailure extends Error {
  override name = "CheckFailure";
  constructor(
    readonly explanation: Text,
    readonly evidence?: Evidence,
  ) {
    super(explanation.en);
  }
}

/** Fails the check with an explanation in every language. */
export function fail(explanation: Text, evidence?: Evidence): never {
  throw new CheckFailure(explanation, evidence);
}
