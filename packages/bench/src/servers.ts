import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cpuTicks, LessonProcess, residentBytes } from "@socket-lessons/testing";
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
  stop(): Promise<void>;
}

/**
 * Starts a server as its own process, through its real start script, on a free port:
 * a lesson's (`start:server`, with a fresh database for the exercise) or the baseline.
 */
export async function startBenchServer(which: Lesson | "baseline"): Promise<BenchServer> {
  const scratch = mkdtempSync(path.join(tmpdir(), "socket-lessons-bench-"));
  const process =
    which === "baseline"
      ? new LessonProcess(path.join(REPOSITORY_ROOT, "packages", "bench"), "start:baseline", ["--port", "0"], {
          direct: true,
        })
      : new LessonProcess(
          path.join(REPOSITORY_ROOT, "apps", which),
          "start:server",
          ["--port", "0", "--quiet", ...(which === "exercise" ? ["--db", path.join(scratch, "products.db")] : [])],
          { direct: true },
        );
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
    async stop() {
      process.signal("SIGTERM");
      await process.exited;
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
