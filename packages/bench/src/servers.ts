import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execPath } from "node:process";
import { cpuTicks, LessonProcess, residentBytes, scriptCommand, untilIdle } from "@socket-lessons/testing";
import { compileServer, scriptEntry } from "./compile.ts";
import type { BenchOptions, Lesson } from "./options.ts";

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

/** How to stop, at once, each server this process has started and not yet stopped. */
const running = new Set<() => void>();

/**
 * Stops every server this benchmark started, at once, and deletes their files: for Ctrl-C.
 * The servers run in process groups of their own, so the terminal's SIGINT does not reach them.
 */
export function stopAllBenchServersNow(): void {
  for (const stopNow of running) stopNow();
  running.clear();
}

/**
 * Starts a server as its own process, on a free port: a lesson's (`start:server`, with a
 * fresh database for the exercise) or the baseline (`start:baseline`). By default its start
 * script is compiled to JavaScript first and run by plain node (see compile.ts); with
 * `viaTsx`, the start script runs as written, as a student runs it.
 */
export async function startBenchServer(which: Lesson | "baseline", options: { viaTsx: boolean }): Promise<BenchServer> {
  const scratch = mkdtempSync(path.join(tmpdir(), "socket-lessons-bench-"));
  // The server runs with its own flags only: what it prints (a line per client connecting and
  // leaving) comes here through a pipe, where the bench reads its `listening on` line.
  const [packageDir, script, args] =
    which === "baseline"
      ? [path.join(REPOSITORY_ROOT, "packages", "bench"), "start:baseline", ["--port", "0"]]
      : [
          path.join(REPOSITORY_ROOT, "apps", which),
          "start:server",
          ["--port", "0", ...(which === "exercise" ? ["--db", path.join(scratch, "products.db")] : [])],
        ];
  let compiled: string | undefined;
  const removeFiles = () => {
    rmSync(scratch, { recursive: true, force: true });
    if (compiled !== undefined) rmSync(compiled, { force: true });
  };
  let child: LessonProcess | undefined;
  const stopNow = () => {
    child?.signal("SIGKILL");
    removeFiles();
  };
  running.add(stopNow);
  let port: number;
  try {
    if (!options.viaTsx) compiled = await compileServer(packageDir, scriptEntry(scriptCommand(packageDir, script)));
    child = new LessonProcess(packageDir, script, args, {
      direct: true,
      ...(compiled === undefined ? {} : { command: [execPath, compiled] }),
    });
    port = await child.listeningPort();
  } catch (error) {
    running.delete(stopNow);
    stopNow();
    throw error;
  }
  const server = child;
  let markTicks = cpuTicks(server.pid);
  let markTime = performance.now();
  return {
    label: which,
    port,
    markCpu() {
      markTicks = cpuTicks(server.pid);
      markTime = performance.now();
    },
    cpuSinceMark() {
      const seconds = (performance.now() - markTime) / 1000;
      return (cpuTicks(server.pid) - markTicks) / TICKS_PER_SECOND / seconds;
    },
    residentBytes: () => residentBytes(server.pid),
    untilQuiet: () => untilIdle(server.pid),
    async stop() {
      running.delete(stopNow);
      server.signal("SIGTERM");
      await server.exited;
      removeFiles();
    },
  };
}

/** Where a run sends its load: a server this run starts (and stops), or one already running (--host/--port). */
export interface LoadedServer {
  server: BenchServer | undefined;
  host: string;
  port: number;
}

export async function serverFor(which: Lesson | "baseline", options: BenchOptions): Promise<LoadedServer> {
  if (which !== "baseline" && options.host !== "") return { server: undefined, host: options.host, port: options.port };
  const server = await startBenchServer(which, { viaTsx: options.tsx });
  return { server, host: "127.0.0.1", port: server.port };
}
