import { existsSync } from "node:fs";
import path from "node:path";
import { type Exit, LessonProcess, scriptCommand } from "@socket-lessons/testing";
import { type Text, text } from "../i18n.ts";
import { fail } from "./check.ts";

/** How long a student's server may take to print its listening line (tsx compiles first). */
const START_TIMEOUT_MS = 20_000;

/** Runs `node ...` scripts directly (signals reach the program itself), anything else through pnpm. */
function runsDirectly(dir: string, script: string): boolean {
  try {
    return scriptCommand(dir, script).startsWith("node ");
  } catch {
    return false;
  }
}

/** What a program printed, for a failure message: every line, stdout then stderr. */
export function printedBy(exit: Pick<Exit, "stdout" | "stderr">): string {
  const lines = [...exit.stdout.map((line) => `    ${line}`), ...exit.stderr.map((line) => `    (stderr) ${line}`)];
  return lines.length === 0 ? "    (nothing)" : lines.join("\n");
}

/**
 * The student's program, started the one way the checker may start it: through the
 * package's own `start:server` / `start:client` script.
 */
export class StudentProgram {
  readonly process: LessonProcess;

  constructor(
    readonly dir: string,
    readonly script: "start:server" | "start:client",
    args: readonly string[],
    options: { stdin?: string } = {},
  ) {
    if (!existsSync(path.join(dir, "package.json"))) throw new Error(`no package.json in ${dir}`);
    let direct = runsDirectly(dir, script);
    if (!direct) {
      // A missing script is the student's to fix: say so in the check.
      try {
        scriptCommand(dir, script);
      } catch {
        fail(
          text(
            `the package has no ${script} script in its package.json`,
            `o pacote não tem o script ${script} no package.json`,
          ),
        );
      }
      direct = false;
    }
    this.process = new LessonProcess(dir, script, args, { direct, ...options });
  }

  /** Resolves with the line matching `pattern` once printed; fails the check if it never comes. */
  async waitForLine(pattern: RegExp, what: Text, timeoutMs = START_TIMEOUT_MS): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const line = await Promise.race([this.process.waitForLine(pattern).catch(() => "exited" as const), timedOut]);
    clearTimeout(timer);
    if (line !== "exited" && line !== "timeout") return line;
    const exit = line === "exited" ? await this.process.exited : undefined;
    fail(
      text(
        `expected ${what.en}; ${exit ? `it exited with code ${exit.code ?? exit.signal} first` : `it did not come within ${timeoutMs / 1000} s`}. It printed:\n${printedBy(this.process)}`,
        `esperava ${what["pt-BR"]}; ${exit ? `o programa saiu antes, com código ${exit.code ?? exit.signal}` : `não veio em ${timeoutMs / 1000} s`}. Ele imprimiu:\n${printedBy(this.process)}`,
      ),
    );
  }

  get stdout(): string[] {
    return this.process.stdout;
  }

  get stderr(): string[] {
    return this.process.stderr;
  }

  /** Stops it and everything it started. */
  stop(signal: NodeJS.Signals = "SIGKILL"): void {
    this.process.signal(signal);
  }

  /** Waits for it to exit; fails the check if it is still running after `timeoutMs`. */
  async exit(what: Text, timeoutMs = START_TIMEOUT_MS): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const exit = await Promise.race([this.process.exited, timedOut]);
    clearTimeout(timer);
    if (exit !== undefined) return exit;
    this.stop();
    fail(
      text(
        `expected ${what.en}; it was still running after ${timeoutMs / 1000} s. It printed:\n${printedBy(this.process)}`,
        `esperava ${what["pt-BR"]}; o programa ainda rodava depois de ${timeoutMs / 1000} s. Ele imprimiu:\n${printedBy(this.process)}`,
      ),
    );
  }
}
