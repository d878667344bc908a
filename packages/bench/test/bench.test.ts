import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { hasProc, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { holdConnections } from "../src/hold.ts";
import { runBench } from "../src/run-bench.ts";
import { startBenchServer } from "../src/servers.ts";

const repositoryRoot = path.resolve(import.meta.dirname, "../../..");

/** Process ids of running processes whose command line includes `text` (Linux: /proc). */
function processesWhoseCommandIncludes(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return found;
}

function collector() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join("") };
}

const options = {
  lesson: "v5" as const,
  clients: 4,
  duration: 1,
  warmup: 0,
  op: "mixed" as const,
  pipeline: 2,
  seed: 20,
  hold: 0,
  baseline: true,
  host: "",
  port: 0,
  json: true,
  tsx: false,
  settle: 0,
  rounds: 2,
};

// The bench reads the server's CPU and memory in /proc: Linux only.
describe.skipIf(!hasProc)("pnpm bench", () => {
  it("a short real run against v5 and the baseline reports figures for both", async () => {
    const out = collector();
    const progress = collector();
    expect(await runBench(options, out, progress)).toBe(0);
    const results = JSON.parse(out.text()) as Array<{
      label: string;
      requestsPerSecond: number;
      latency: { count: number; p50: number; p99: number };
      errors: Record<string, number>;
      serverRssBytes: number;
    }>;
    expect(results.map((result) => result.label)).toEqual(["v5", "baseline"]);
    for (const result of results) {
      expect(result.latency.count).toBeGreaterThan(0);
      expect(result.requestsPerSecond).toBeGreaterThan(0);
      expect(result.latency.p99).toBeGreaterThanOrEqual(result.latency.p50);
      expect(result.errors).toEqual({});
      expect(result.serverRssBytes).toBeGreaterThan(0);
    }
    expect(progress.text()).toContain("pnpm bench: v5, --op mixed, 4 clients, pipeline 2");
    expect(progress.text()).toContain("taking turns with the baseline 2 times");
    // The two servers took turns: v5, baseline, v5, baseline.
    const turns = progress
      .text()
      .split("\n")
      .map((line) => /^ {2}(\S+) \(round (\d) of 2\)/.exec(line)?.slice(1, 3).join(" "))
      .filter((turn) => turn !== undefined);
    expect([...new Set(turns)]).toEqual(["v5 1", "baseline 1", "v5 2", "baseline 2"]);
  });

  it("--hold keeps connections open after one request each and counts them served", async () => {
    const server = await startBenchServer("v5", { viaTsx: false });
    try {
      const { result, close } = await holdConnections("127.0.0.1", server.port, 50, '{"op":"list"}\n');
      expect(result).toEqual({ opened: 50, connectFailures: 0, served: 50, refused: {} });
      expect(server.residentBytes()).toBeGreaterThan(0);
      close();
    } finally {
      await server.stop();
    }
  });

  it("--hold reports the server's memory when the last was served and again once all are idle", async () => {
    const out = collector();
    expect(
      await runBench(
        { ...options, lesson: "exercise", hold: 20, settle: 1, baseline: false, json: false },
        out,
        collector(),
      ),
    ).toBe(0);
    const lines = out.text().trim().split("\n");
    expect(lines[0]).toBe("holding 20 connections (one request each: get 1 on the exercise, list on the others)");
    expect(lines.slice(1, 3)).toEqual(["exercise: 20 connections open (0 failed to connect)", "  served: 20"]);
    expect(lines[3]).toMatch(/^ {2}server RSS when the last was served: \d+ MB$/);
    expect(lines[4]).toMatch(/^ {2}server RSS after 1 s more with all of them idle: \d+ MB$/);
  });

  it("--hold --json prints one result per server for scripts", async () => {
    const out = collector();
    expect(await runBench({ ...options, hold: 5, settle: 0 }, out, collector())).toBe(0);
    const held = JSON.parse(out.text()) as Array<Record<string, unknown>>;
    expect(held.map((result) => [result.label, result.served, result.settledRssBytes])).toEqual([
      ["v5", 5, null], // no --settle: not measured
      ["baseline", 5, null],
    ]);
    for (const result of held) expect(result.serverRssBytes).toBeGreaterThan(0);
  });

  it("a compiled exercise server still finds its catalog, and its build is deleted after", async () => {
    const server = await startBenchServer("exercise", { viaTsx: false });
    const cache = path.join(repositoryRoot, "apps", "exercise", "node_modules", ".cache", "socket-lessons-bench");
    try {
      expect(readdirSync(cache)).toContain(`server-${process.pid}.mjs`);
      const { result, close } = await holdConnections("127.0.0.1", server.port, 5, '{"op":"get","code":1}\n');
      expect(result).toEqual({ opened: 5, connectFailures: 0, served: 5, refused: {} });
      close();
    } finally {
      await server.stop();
    }
    expect(readdirSync(cache)).not.toContain(`server-${process.pid}.mjs`);
  });

  it("--tsx runs the start script as written", async () => {
    const server = await startBenchServer("v5", { viaTsx: true });
    try {
      const { result, close } = await holdConnections("127.0.0.1", server.port, 3, '{"op":"list"}\n');
      expect(result.served).toBe(3);
      close();
    } finally {
      await server.stop();
    }
  });

  it("Ctrl-C in the middle of a run stops the servers it started and deletes their builds (exit 130)", async () => {
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const bench = new LessonProcess(repositoryRoot, "bench", ["--op", "add", "--duration", "30", "--baseline"], {
      direct: true,
      onLine: (_stream, line) => {
        if (line.startsWith("  v5 (round 1 of 5)")) started();
      },
    });
    await running;
    const build = `server-${bench.pid}.mjs`;
    const serversOf = () => processesWhoseCommandIncludes(build);
    expect(serversOf()).toHaveLength(2); // v5 and the baseline, both started before the first round
    bench.signal("SIGINT");
    const exit = await bench.exited;
    expect(exit.code).toBe(130);
    expect(exit.stderr.at(-1)).toBe("interrupted (SIGINT): the servers it started are stopped");
    // SIGKILL is sent before the bench exits; the servers' ending may lag it by a moment.
    await expect.poll(serversOf, { timeout: 2000 }).toEqual([]);
    for (const dir of ["apps/v5", "packages/bench"]) {
      const cache = path.join(repositoryRoot, dir, "node_modules", ".cache", "socket-lessons-bench");
      expect(existsSync(cache) ? readdirSync(cache) : []).not.toContain(build);
    }
  });

  it("a bad flag is a usage error naming it (exit 2)", async () => {
    const bad = await runLessonScript(repositoryRoot, "bench", ["--lesson", "v9"], { direct: true });
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toBe('error: --lesson must be one of v5, exercise, got "v9"');
    const zero = await runLessonScript(repositoryRoot, "bench", ["--clients", "0"], { direct: true });
    expect(zero.code).toBe(2);
    expect(zero.stderr[0]).toBe('error: --clients must be a whole number from 1 to 10000, got "0"');
  });
});
