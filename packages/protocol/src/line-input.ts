import { createInterface, type Interface } from "node:readline";
import type { LessonIO } from "./io.ts";

/**
 * The lines a person types, or a pipe carries, one at a time. Lines are taken from
 * readline's async iterator, which keeps lines that arrive before we ask for them: with a
 * pipe, all of them arrive at once.
 */
export class LineInput {
  private readonly readline: Interface;
  private readonly lines: AsyncIterator<string>;

  constructor(private readonly io: LessonIO) {
    this.readline = createInterface({ input: io.input, terminal: false });
    this.lines = this.readline[Symbol.asyncIterator]();
  }

  /** Shows `prompt` (only to a person at a terminal) and returns the next line, or undefined at the end. */
  async ask(prompt: string): Promise<string | undefined> {
    if (this.io.interactive) this.io.write(prompt);
    const { done, value } = await this.lines.next();
    return done ? undefined : value;
  }

  close(): void {
    this.readline.close();
  }
}
