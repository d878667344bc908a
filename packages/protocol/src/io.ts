/**
 * Where a lesson prints: `log` for its normal output (stdout), `error` for diagnostics and
 * --trace dumps (stderr). The real programs use the process's streams; tests pass their own
 * to read what a lesson printed without spawning it.
 */
export interface LessonIO {
  log(line: string): void;
  error(line: string): void;
}

export const processIO: LessonIO = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
