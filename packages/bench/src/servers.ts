import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execPath } from "node:process";
import { cpuTicks, LessonProcess, residentBytes, untilIdle } from "@socket-lessons/testing";
import { compileServer, scriptEntry } from "./compile.ts";
import type { Lesson } from "./options.ts";

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../..");
/** Linux counts CPU time in ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

export interface BenchServer {
  readonly label: string;
  readonly port: number;
  /** The server's CPU use since `markCpu` was last called, as a fraction of one core. */
  cpuSinceMark(): number;
  markCpu(): void;
  residentBytes(): number;
  /** Resolves once the server has used no CPU for a second: it has answered everything. */
  untilQuiet(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a server as its own process, on a free port: a lesson's (`start:server`, with a
 * fresh database for the exercise) or the baseline (`start:baseline`). By default its start
 * script is compiled to JavaScript first and run by plain node (see compile.ts); with
 * `viaTsx`, the start script runs as written, as a student runs it.
 */
export async function startBenchServer(which: Lesson | "baseline", options: { viaTsx: boolean }): Promise<BenchServer> {
  const scratch = mkdtempSync(path.join(tmpdir(), "socket-lessons-bench-"));
  const [packageDir, script, args] =
    which === "baseline"
      ? [path.join(REPOSITORY_ROOT, "packages", "bench"), "start:baseline", ["--port", "0"]]
      : [
          path.join(REPOSITORY_ROOT, "apps", which),
          "start:server",
          ["--port", "0", "--quiet", ...(which === "exercise" ? ["--db", path.join(scratch, "products.db")] : [])],
        ];
  const compiled = options.viaTsx
    ? undefined
    : await compileServer(packageDir, scriptEntry(readScript(packageDir, script)));
  const process = new LessonProcess(packageDir, script, args, {
    direct: true,
    ...(compiled === undefined ? {} : { command: [execPath, compiled] }),
  });
  const port = await process.listeningPort();
  let markTicks = cpuTicks(process.pid);
  let markTime = performance.now();
  return {
    label: which,
    port,
    markCpu() {
      markTicks = cpuTicks(process.pid);
      markTime = performance.now();
    },
    cpuSinceMark() {
      const seconds = (performance.now() - markTime) / 1000;
      return (cpuTicks(process.pid) - markTicks) / TICKS_PER_SECOND / seconds;
    },
    residentBytes: () => residentBytes(process.pid),
    untilQuiet: () => untilIdle(process.pid),
    async stop() {
      process.signal("SIGTERM");
      await process.exited;
      rmSync(scratch, { recursive: true, force: true });
      if (compiled !== undefined) rmSync(compiled, { force: true });
    },
  };
}

function readScript(packageDir: string, script: string): string {
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const command = manifest.scripts[script];
  if (command === undefined) throw new Error(`${packageDir} has no script ${script}`);
  return command;
}
