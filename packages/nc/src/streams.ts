import type { Readable, Writable } from "node:stream";

/** Where nc reads what it sends, writes what it receives, and says what happens. */
export interface NcStreams {
  /** What the user types or pipes in (stdin): it goes to the other side. */
  readonly input: Readable;
  /** Where the other side's bytes go (stdout), exactly as they came. */
  readonly output: Writable;
  /** -v: one line on stderr about the connection; does nothing without -v. */
  readonly say: (line: string) => void;
}

/** What every mode of nc is given. */
export interface NcOptions {
  host: string;
  port: number;
  /** -C: send each line end as "\r\n". */
  crlf: boolean;
  /** TCP: milliseconds to wait for the connection. UDP: for missing replies once the input has ended. */
  timeout: number;
}
