import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import spawn from "cross-spawn";
import treeKill from "tree-kill";

export interface LessonProcessOptions {
  /** Text for the process's standard input (it is closed after). */
  stdin?: string;
  /**
   * Run the script's own command line (`node --import tsx src/bin/server.ts`) without pnpm
   * in between. pnpm does not pass a signal on to its child, and reports only that it was
   * itself killed, so tests of SIGINT/SIGTERM and exit codes on signals start it this way.
   */
  direct?: boolean;
  /** Called with each line the process prints, as it prints it. */
  onLine?: (stream: "out" | "err", line: string) => void;
  /**
   * Run this command line instead of the script (a server compiled ahead of time:
   * `[process.execPath, "server.mjs"]`), in the same folder, with the same arguments after it.
   */
  command?: readonly string[];
}

/** Every process started by the tests, so that none outlives its test file. */
const running = new Set<LessonProcess>();

/** Kills whatever a test left running (call it in afterEach / afterAll). */
export function killLeftoverProcesses(): void {
  for (const lesson of running) lesson.signal("SIGKILL");
}

/** How many processes started here are still running (a test can check it left none). */
export function runningProcesses(): number {
  return running.size;
}

/** The command line of a package's script, as its package.json has it. */
export function scriptCommand(packageDir: string, script: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const command = manifest.scripts[script];
  if (command === undefined) throw new Error(`${packageDir} has no script ${script}`);
  return command;
}

/**
 * A script's command line. Through pnpm, as a student types it (cross-spawn finds `pnpm.cmd`
 * on Windows, where a plain spawn("pnpm") fails); or `direct`: the script's own `node ...`
 * command, with this very node.
 */
export function commandLine(packageDir: string, script: string, args: readonly string[], direct: boolean): string[] {
  if (!direct) return ["pnpm", "run", "--silent", script, "--", ...args];
  const words = scriptCommand(packageDir, script).split(" ");
  if (words[0] !== "node") throw new Error(`script ${script} of ${packageDir} does not start with node`);
  return [process.execPath, ...words.slice(1), "--", ...args];
}

/**
 * Sends a signal to a process and every process it started (pnpm, a shell, the lesson's node).
 * POSIX: the child runs in a process group of its own (spawned `detached`), and a signal to
 * the group reaches them all, as Ctrl-C in a terminal does. Windows has neither groups nor
 * signals: tree-kill ends the whole tree with `taskkill /T`.
 */
export function signalTree(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === "win32") {
    treeKill(pid, signal);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string[];
  stderr: string[];
}

/**
 * A lesson script running as a real child process, started exactly as a student starts it:
 * `pnpm run start:server -- FLAGS` in the lesson's folder. It runs in a process group of
 * its own, so that a signal reaches the lesson's node process and not just pnpm.
 */
export class LessonProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private listeners: Array<() => boolean> = [];

  constructor(lessonDir: string, script: string, args: readonly string[] = [], options: LessonProcessOptions = {}) {
    const [program = "pnpm", ...programArgs] =
      options.command === undefined
        ? commandLine(lessonDir, script, args, options.direct ?? false)
        : [...options.command, ...args];
    this.child = spawn(program, programArgs, {
      cwd: lessonDir,
      // POSIX: a process group of its own, so that signalTree reaches every process in it.
      // (On Windows `detached` would open a console window of its own instead.)
      detached: process.platform !== "win32",
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    const stdin = this.child.stdin;
    if (stdin) {
      stdin.on("error", () => {}); // the lesson may exit before reading all of it
      stdin.end(options.stdin ?? "");
    }
    this.collect(this.child.stdout, this.stdout, (line) => options.onLine?.("out", line));
    this.collect(this.child.stderr, this.stderr, (line) => options.onLine?.("err", line));
    running.add(this);
    this.exited = once(this.child, "close").then(([code, signal]) => {
      running.delete(this);
      return {
        code: code as number | null,
        signal: signal as NodeJS.Signals | null,
        stdout: this.stdout,
        stderr: this.stderr,
      };
    });
  }

  /** The child's process id (with `direct`, the lesson's own node process). */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error("the process did not start");
    return this.child.pid;
  }

  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = this.stdout.find((candidate) => pattern.test(candidate));
        if (line === undefined) return false;
        resolve(line);
        return true;
      };
      if (check()) return;
      this.listeners.push(check);
      this.exited.then((exit) => {
        if (!check()) {
          reject(new Error(`exited (${exit.code ?? exit.signal}) before printing ${pattern}:\n${this.describe()}`));
        }
      });
    });
  }

  /** Waits for the `listening on HOST:PORT` line and returns the port. */
  async listeningPort(): Promise<number> {
    const line = await this.waitForLine(/^listening on /);
    return Number(line.slice(line.lastIndexOf(":") + 1));
  }

  /** Sends a signal to the process and all it started (pnpm, the shell and the lesson's node). */
  signal(name: NodeJS.Signals): void {
    if (this.child.pid !== undefined && this.child.exitCode === null) signalTree(this.child.pid, name);
  }

  /** Everything it printed, for a failing test's message. */
  describe(): string {
    return [...this.stdout.map((line) => `out| ${line}`), ...this.stderr.map((line) => `err| ${line}`)].join("\n");
  }

  private collect(stream: NodeJS.ReadableStream | null, lines: string[], onLine: (line: string) => void): void {
    if (!stream) return;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      onLine(line);
      this.listeners = this.listeners.filter((check) => !check());
    });
  }
}

/** Runs a lesson script to the end and returns what it printed and how it exited. */
export function runLessonScript(
  lessonDir: string,
  script: string,
  args: readonly string[] = [],
  options: LessonProcessOptions = {},
): Promise<Exit> {
  return new LessonProcess(lessonDir, script, args, options).exited;
}
