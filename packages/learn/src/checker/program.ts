import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { signalTree } from "@socket-lessons/testing";
import spawn from "cross-spawn";
import type { Text } from "../i18n.ts";
import type { ProgramReport } from "./failure.ts";
import { type NumberedLine, OutputLog } from "./output-log.ts";

/** Lines of a program shown in a failure: a few of its first, and its last ones. */
const REPORTED_LINES = 12;
const REPORTED_FIRST_LINES = 3;
/** A reported line longer than this is cut: a report is read on a terminal. */
const REPORTED_LINE_CHARACTERS = 200;
/** How long output may still come after a program's exit (its pipes drain). */
const OUTPUT_GRACE_MS = 2000;
/** How long a killed program may take to be seen gone (a guard: SIGKILL cannot be refused). */
const STOP_GUARD_MS = 3000;

/** How a program ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Every process a check starts carries this variable, and so do the processes they start
 * (children inherit the environment): on Linux, it finds a student's helper that left the
 * process group (`detached`) or outlived its parent, so that it is stopped too.
 */
export const MARKER_VARIABLE = "SOCKET_LESSONS_CHECK_RUN";
/** Programs started by this process, to number their markers. */
let started = 0;
/** The programs still running, so that whatever stops this process stops them too. */
const running = new Set<StudentProgram>();

/**
 * Kills every program the checks started, and all they started, at once (synchronously: the
 * process may be about to exit). For Ctrl-C, a kill, or the tutor quitting.
 */
export function stopEveryProgram(): void {
  for (const program of running) program.kill();
}

/**
 * Kills every process that carries `marker` (Linux: read from /proc); a marker ending in ":"
 * (a run's) reaches every program of the run.
 */
export function killMarked(marker: string): void {
  if (process.platform !== "linux") return;
  const wanted = `${MARKER_VARIABLE}=${marker}`;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      if (
        readFileSync(`/proc/${pid}/environ`, "latin1")
          .split("\0")
          .some((entry) => entry === wanted || (wanted.endsWith(":") && entry.startsWith(wanted)))
      )
        process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone, or not ours to read
    }
  }
}

/**
 * A student's program, started as its package's script says (compiled ahead of time when it
 * is the plain TypeScript form): its output kept in bounded memory, in the order printed,
 * and a stop that reaches every process it started.
 */
export class StudentProgram {
  readonly output = new OutputLog();
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  private readonly child: ChildProcess;
  /** This program's marker: the run's, and a number of its own. */
  private readonly marker: string;

  constructor(
    /** "the server", "the client". */
    readonly who: Text,
    command: readonly string[],
    options: { cwd: string; stdin?: string; marker: string; keepStdinOpen?: boolean },
  ) {
    this.marker = `${options.marker}:${++started}`;
    const [program = "node", ...args] = command;
    this.child = spawn(program, args, {
      cwd: options.cwd,
      // POSIX: a process group of its own, so that one signal reaches every process in it.
      detached: process.platform !== "win32",
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", [MARKER_VARIABLE]: this.marker },
    });
    running.add(this);
    this.child.stdin?.on("error", () => {}); // the program may exit before reading all of it
    // Kept open (v5's typed client), stdin takes more text as the check goes: see typeIn.
    if (options.keepStdinOpen === true) this.child.stdin?.write(options.stdin ?? "");
    else this.child.stdin?.end(options.stdin ?? "");
    const streamsEnded: Promise<void>[] = [];
    for (const stream of ["stdout", "stderr"] as const) {
      const source = this.child[stream];
      source?.on("data", (chunk: Buffer) => this.output.push(stream, chunk));
      streamsEnded.push(
        new Promise((resolve) => {
          source?.on("close", () => {
            this.output.close(stream);
            resolve();
          });
        }),
      );
    }
    // 'exit', then its last output: what it printed just before exiting may still be in the
    // pipes. A helper that inherited the pipes keeps them open, so that wait is bounded.
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on("error", () => resolve({ code: 127, signal: null }));
      this.child.on("exit", (code, signal) => resolve({ code, signal }));
    }).then(async (exit) => {
      running.delete(this);
      await Promise.race([Promise.all(streamsEnded), delay(OUTPUT_GRACE_MS, undefined, { ref: false })]);
      this.exit = exit;
      return exit;
    });
  }

  /** Writes `text` to its stdin, kept open at the start; undefined closes it (end of input). */
  typeIn(text: string | undefined): void {
    if (text === undefined) this.child.stdin?.end();
    else this.child.stdin?.write(text);
  }

  /** How it ended, once it has; undefined while it runs. */
  get ended(): Exit | undefined {
    return this.exit;
  }

  /**
   * The first line from `index` on that `matches`, on `stream`, once printed; "exited" if the
   * program ends first, "timeout" if none comes within `timeoutMs`.
   */
  waitForLine(
    matches: (line: string) => boolean,
    options: { from: number; stream: "stdout" | "stderr" | "either"; timeoutMs: number },
  ): Promise<NumberedLine | "exited" | "timeout"> {
    const find = () =>
      this.output
        .linesFrom(options.from)
        .find((line) => (options.stream === "either" || line.stream === options.stream) && matches(line.text));
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const settle = (result: NumberedLine | "exited" | "timeout") => {
        clearTimeout(timer);
        stopListening();
        resolve(result);
      };
      // The output already in the pipes is read first (setImmediate) before concluding that none came.
      const timer = setTimeout(() => setImmediate(() => settle(find() ?? "timeout")), options.timeoutMs);
      const stopListening = this.output.onLine(() => {
        const line = find();
        if (line !== undefined) settle(line);
      });
      this.exited.then(() => settle(find() ?? "exited"));
    });
  }

  /** Waits for it to exit, up to `timeoutMs`; undefined if it is still running then. */
  async waitForExit(timeoutMs: number): Promise<Exit | undefined> {
    const timeout = delay(timeoutMs, undefined, { ref: false });
    return Promise.race([this.exited, timeout]);
  }

  /** Sends `signal` to it and to every process in its group (what Ctrl-C does in a terminal). */
  signal(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined && this.exit === undefined) signalTree(this.child.pid, signal);
  }

  /**
   * Stops it and everything it started, and waits (bounded) until it is gone: the group is
   * killed even when its leader has already exited (a helper may still run in it), and, on
   * Linux, any process that carries the run's marker.
   */
  async stop(): Promise<void> {
    this.kill();
    await this.waitForExit(STOP_GUARD_MS);
    // A helper that inherited the pipes keeps them open: stop waiting for them.
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  /** Kills it, its process group and every process that carries its marker, without waiting. */
  kill(): void {
    if (this.child.pid !== undefined) signalTree(this.child.pid, "SIGKILL");
    killMarked(this.marker);
  }

  /** How it ended (if it has) and its last lines, for a failure. */
  report(): ProgramReport {
    // What a student needs of a crash is the message and their own code's frames: Node's own
    // frames, its version line and blank lines are left out.
    const noise = (line: string) =>
      line.trim() === "" || /^\s+at .*\(node:internal\/|^\s+at node:internal\/|^Node\.js v\d/.test(line);
    const all = this.output.linesFrom(0);
    const kept = all.filter((line) => !noise(line.text));
    // Its first lines (often the one error that matters, before a usage text) and its last ones.
    const first = this.output.total === all.length ? REPORTED_FIRST_LINES : 0;
    const lines =
      kept.length <= REPORTED_LINES ? kept : [...kept.slice(0, first), ...kept.slice(first - REPORTED_LINES)];
    return {
      who: this.who,
      ...(this.exit === undefined ? {} : { exit: this.exit }),
      lines: lines.map((line) => ({
        stream: line.stream,
        text:
          line.text.length > REPORTED_LINE_CHARACTERS
            ? `${line.text.slice(0, REPORTED_LINE_CHARACTERS)}… (${line.text.length - REPORTED_LINE_CHARACTERS} more characters)`
            : line.text,
      })),
      left: this.output.total - all.length + (kept.length - lines.length),
      ...(kept.length > REPORTED_LINES && first > 0 ? { leftAfter: first } : {}),
    };
  }
}
