import type { Text } from "../i18n.ts";

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

/** One line a program printed, and where. */
export interface PrintedLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** How a program ended, and the last lines it printed (stdout and stderr in the order printed). */
export interface ProgramReport {
  /** "the server", "the client". */
  readonly who: Text;
  /** Undefined while it still runs. */
  readonly exit?: { readonly code: number | null; readonly signal: string | null };
  readonly lines: readonly PrintedLine[];
  /** Lines printed and left out of the report. */
  readonly left: number;
  /** Where in `lines` the left-out ones were (after its first few); undefined: before them all. */
  readonly leftAfter?: number;
}

/**
 * A check that did not pass, as a value: what was expected (in protocol terms), what came
 * instead, and what shows it. The report words it; nothing parses it back out of prose.
 */
export interface Failure {
  /** "the line \"What is your name?\\n\" from the server". */
  readonly expected: Text;
  /** "it sent \"Hello from the serve\"", "the connection closed after 9 bytes". */
  readonly came: Text;
  /** What usually causes it, or what to do, when the check knows. */
  readonly advice?: Text;
  readonly evidence?: Evidence;
  /** The program involved, when how it ended or what it printed tells something. */
  readonly program?: ProgramReport;
  /** Other failures share this one's cause (a program that does not compile): shown once. */
  readonly sharedCause?: boolean;
}

export class CheckFailure extends Error {
  override name = "CheckFailure";
  constructor(readonly failure: Failure) {
    super(`expected ${failure.expected.en}; ${failure.came.en}`);
  }
}

/** Ends the check: it did not pass. */
export function fail(failure: Failure): never {
  throw new CheckFailure(failure);
}
