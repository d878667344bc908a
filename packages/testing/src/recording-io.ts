import type { LessonIO } from "@socket-lessons/protocol";

/** A LessonIO that keeps what a lesson printed, so an in-process test can read it. */
export class RecordingIO implements LessonIO {
  readonly out: string[] = [];
  readonly err: string[] = [];
  private waiters: Array<() => void> = [];

  log = (line: string): void => {
    this.out.push(line);
    this.wake();
  };

  error = (line: string): void => {
    this.err.push(line);
    this.wake();
  };

  /** Resolves once stdout has a line matching `pattern` (no fixed sleeps in tests). */
  async waitForOut(pattern: RegExp): Promise<string> {
    for (;;) {
      const line = this.out.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
