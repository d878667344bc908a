/**
 * Where a lesson prints and reads: `log` for its normal output (stdout), `error` for
 * diagnostics and --trace dumps (stderr), `write` for a prompt (no newline), and `input`
 * for commands typed or piped in. The real programs use the process's streams; tests pass
 * their own, to drive a lesson and read what it printed without spawning it.
 */
export interface LessonIO {
  log(line: string): void;
  error(line: string): void;
  write(text: string): void;
  readonly input: NodeJS.ReadableStream;
  /** True when a person is typing (a terminal), false when commands come from a pipe. */
  readonly interactive: boolean;
}

export const processIO: LessonIO = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
  input: process.stdin,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
};
