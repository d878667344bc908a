import { PassThrough } from "node:stream";
import type { LessonIO } from "@socket-lessons/protocol";

/** A LessonIO that keeps what a lesson printed, so an in-process test can read it. */
export class RecordingIO implements LessonIO {
  readonly out: string[] = [];
  readonly err: string[] = [];
  /** Prompts written with `write`, in order. */
  readonly prompts: string[] = [];
  readonly input: PassThrough;
  readonly interactive: boolean;
  private waiters: Array<() => void> = [];

  /** `input` is what the lesson will read, as if typed (interactive) or piped in. */
  constructor(options: { input?: string; interactive?: boolean } = {}) {
    this.input = new PassThrough();
    if (options.input !== undefined) this.input.end(options.input);
    this.interactive = options.interactive ?? false;
  }

  write = (text: string): void => {
    this.prompts.push(text);
    this.wake();
  };

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
