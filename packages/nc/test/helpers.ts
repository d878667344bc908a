import { EventEmitter, once } from "node:events";
import path from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { LessonProcess } from "@socket-lessons/testing";
import type { NcStreams } from "../src/index.ts";

export const PACKAGE_DIR = path.resolve(import.meta.dirname, "..");
export const REPOSITORY_ROOT = path.resolve(PACKAGE_DIR, "../..");

/** A lesson's program, run through its own script's command line, on a free port. */
export function lesson(name: string, script: "start:server" | "start:client", args: string[]): LessonProcess {
  return new LessonProcess(path.join(REPOSITORY_ROOT, "apps", name), script, args, { direct: true });
}

/** A lesson's server on a free port: its port, and its process (stop it with SIGTERM). */
export async function lessonServer(name: string): Promise<{ port: number; server: LessonProcess }> {
  const server = lesson(name, "start:server", ["--port", "0"]);
  return { port: await server.listeningPort(), server };
}

/**
 * The streams nc talks through, for a test: an input the test writes to (or gives whole),
 * an output that collects every byte, and -v's lines.
 */
export class TestStreams {
  readonly input = new PassThrough();
  readonly said: string[] = [];
  private readonly received: Buffer[] = [];
  private readonly events = new EventEmitter();
  readonly output: Writable = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.received.push(chunk);
      this.events.emit("output");
      done();
    },
  });

  constructor(input?: string | Buffer) {
    if (input !== undefined) this.input.end(input);
  }

  get io(): NcStreams {
    return {
      input: this.input,
      output: this.output,
      say: (line) => {
        this.said.push(line);
        this.events.emit("said", line);
      },
    };
  }

  /** Everything nc wrote to its output. */
  get text(): string {
    return Buffer.concat(this.received).toString("utf8");
  }

  /** Resolves once the output holds `text` (the test's own timeout is the deadline). */
  async waitForOutput(text: string): Promise<void> {
    while (!this.text.includes(text)) await once(this.events, "output");
  }

  /** Resolves with the first -v line matching `pattern` (the test's own timeout is the deadline). */
  async waitToSay(pattern: RegExp): Promise<string> {
    for (;;) {
      const line = this.said.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      await once(this.events, "said");
    }
  }
}

/** The port in a `listening on HOST:PORT` line (which may say more after it). */
export const portIn = (line: string) => Number(/:(\d+)(?:\s|$)/.exec(line)?.[1]);

/** A stream of `total` bytes made as they are read, calling `onRead` before each chunk. */
export function lazyBytes(total: number, onRead: () => void): Readable {
  let made = 0;
  return new Readable({
    read() {
      onRead();
      const size = Math.min(64 * 1024, total - made);
      made += size;
      this.push(size === 0 ? null : Buffer.alloc(size, "n"));
    },
  });
}
