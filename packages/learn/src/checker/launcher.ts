import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { type CompiledScripts, CompileError, commandLine, scriptCommand } from "@socket-lessons/testing";
import type { Text } from "../i18n.ts";
import { useCompiled } from "./compilations.ts";
import { fail } from "./failure.ts";
import { killMarked, StudentProgram } from "./program.ts";
import * as words from "./words.ts";

export type Script = "start:server" | "start:client";

/**
 * Starts a student's programs for one run of the checks: the package is compiled at the first
 * start (or that compilation of the same code is shared), and every program of the run runs
 * from it, so that no check runs part old code, part new. A package that does not compile
 * fails every check at once, with one line.
 */
export class ProgramLauncher {
  /** Carried by every process of this run (and by what they start), to find them all at the end. */
  readonly marker = randomUUID();
  private compiled: { compiled: Promise<CompiledScripts>; release(): void } | undefined;

  constructor(readonly dir: string) {}

  /** The command line that runs `script` (compiled, or as the package says), then `args`. */
  private async command(who: Text, script: Script, args: readonly string[]): Promise<string[]> {
    if (!existsSync(path.join(this.dir, "package.json"))) {
      throw new Error(`there is no package.json in ${this.dir}`);
    }
    try {
      scriptCommand(this.dir, script);
    } catch {
      fail({ expected: words.programStarts(who), came: words.noScript(script), sharedCause: true });
    }
    this.compiled ??= useCompiled(this.dir);
    let command: readonly string[] | undefined;
    try {
      command = (await this.compiled.compiled).commandFor(script);
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      fail({ expected: words.programStarts(who), came: words.compileError(error.where), sharedCause: true });
    }
    // The program reads a leading `--` as pnpm hands it on: the same arguments either way.
    if (command !== undefined) return [...command, "--", ...args];
    // Another form of script: run as the package says (its `node ...` line directly, so that
    // signals reach the program itself; anything else through pnpm).
    const direct = scriptCommand(this.dir, script).startsWith("node ");
    return commandLine(this.dir, script, args, direct);
  }

  /** Starts `script` with `args` (and text for its stdin, closed after it unless `keepStdinOpen`). */
  async start(
    who: Text,
    script: Script,
    args: readonly string[],
    stdin?: string,
    keepStdinOpen = false,
  ): Promise<StudentProgram> {
    const command = await this.command(who, script, args);
    const options = { cwd: this.dir, marker: this.marker, keepStdinOpen, ...(stdin ? { stdin } : {}) };
    return new StudentProgram(who, command, options);
  }

  /** Ends the run: any process of it still alive is killed, and its compilation released. */
  async close(): Promise<void> {
    killMarked(`${this.marker}:`);
    this.compiled?.release();
  }
}
