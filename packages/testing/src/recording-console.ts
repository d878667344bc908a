import { Console } from "node:console";
import { Writable } from "node:stream";

/**
 * A console that keeps what a lesson printed, line by line, so an in-process test can read
 * it: `out` for console.log (stdout), `err` for console.error (stderr).
 */
export class RecordingConsole {
  readonly out: string[] = [];
  readonly err: string[] = [];
  readonly console: Console;
  private waiters: Array<() => void> = [];

  constructor() {
    this.console = new Console({ stdout: this.sink(this.out), stderr: this.sink(this.err), colorMode: false });
  }

  /** Resolves with the first stdout line matching `pattern`, once it is printed (never a fixed sleep). */
  waitForOut(pattern: RegExp): Promise<string> {
    return this.waitFor(this.out, pattern);
  }

  /** Resolves with the first stderr line matching `pattern`, once it is printed. */
  waitForErr(pattern: RegExp): Promise<string> {
    return this.waitFor(this.err, pattern);
  }

  private async waitFor(lines: string[], pattern: RegExp): Promise<string> {
    for (;;) {
      const line = lines.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private sink(lines: string[]): Writable {
    let partial = "";
    return new Writable({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, done) => {
        const parts = (partial + chunk.toString()).split("\n");
        partial = parts.pop() ?? "";
        lines.push(...parts);
        const waiters = this.waiters.splice(0);
        for (const wake of waiters) wake();
        done();
      },
    });
  }
}
