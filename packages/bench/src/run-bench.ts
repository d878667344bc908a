import { setTimeout as sleep } from "node:timers/promises";
import { holdConnections } from "./hold.ts";
import { runLoad } from "./load.ts";
import type { BenchOptions, Lesson } from "./options.ts";
import { percentile } from "./percentiles.ts";
import { formatHold, formatTable, type Measured, measured } from "./report.ts";
import { requestMaker } from "./requests.ts";
import { seed } from "./seed.ts";
import { type BenchServer, startBenchServer } from "./servers.ts";

type Output = { write(text: string): unknown; isTTY?: boolean };

/** A server to load: one this run starts (and stops), or one already running (--host/--port). */
async function serverFor(which: Lesson | "baseline", options: BenchOptions): Promise<BenchServer | undefined> {
  if (which !== "baseline" && options.host !== "") return undefined;
  return startBenchServer(which, { viaTsx: options.tsx });
}

async function measure(which: Lesson | "baseline", options: BenchOptions, progress: Output): Promise<Measured> {
  const server = await serverFor(which, options);
  const host = server ? "127.0.0.1" : options.host;
  const port = server ? server.port : options.port;
  try {
    await seed(host, port, options.seed);
    const knowsGet = which !== "v5";
    const loadCpuBefore = process.cpuUsage();
    server?.markCpu();
    const load = await runLoad({
      host,
      port,
      clients: options.clients,
      pipeline: options.pipeline,
      warmupMs: options.warmup * 1000,
      durationMs: options.duration * 1000,
      nextRequest: requestMaker(options.op, options.seed, knowsGet),
      onProgress({ elapsedMs, requests, latencies }) {
        const sorted = latencies.toArray().slice().sort();
        const line = `  ${which}: ${(elapsedMs / 1000).toFixed(0)} s, ${(requests / (elapsedMs / 1000)).toFixed(0)} req/s, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
        progress.write(progress.isTTY ? `\r${line}   ` : `${line}\n`);
      },
    });
    if (progress.isTTY) progress.write("\n");
    const cpu = process.cpuUsage(loadCpuBefore);
    const loadCpu = (cpu.user + cpu.system) / 1e6 / (load.seconds + options.warmup);
    const serverStats = server
      ? { cpu: server.cpuSinceMark(), rss: server.residentBytes() }
      : { cpu: Number.NaN, rss: Number.NaN };
    return measured(which, load, serverStats, loadCpu);
  } finally {
    await server?.stop();
  }
}

async function hold(which: Lesson | "baseline", options: BenchOptions, out: Output): Promise<boolean> {
  const server = await serverFor(which, options);
  const host = server ? "127.0.0.1" : options.host;
  const port = server ? server.port : options.port;
  try {
    const { result, close } = await holdConnections(host, port, options.hold, holdRequest(which));
    const rss = { served: server ? server.residentBytes() : Number.NaN, settled: Number.NaN };
    if (server && options.settle > 0) {
      // Right after the burst of requests, the heap still holds their garbage and the young
      // generation is at its largest; V8 gives memory back once the process has been idle
      // for some seconds. Idle connections are what --hold measures, so look again then.
      await server.untilQuiet();
      await sleep(options.settle * 1000);
      rss.settled = server.residentBytes();
    }
    close();
    out.write(`${formatHold(which, result, rss, options.settle)}\n`);
    return result.served === options.hold;
  } finally {
    await server?.stop();
  }
}

/**
 * The request each held connection makes: the lightest real one the server knows, so that
 * the memory measured is what idle connections hold, not the churn of big replies (the
 * exercise's list has its 50-product catalog, and code 1 is in it; the others' list is empty,
 * since nothing is seeded in this mode).
 */
function holdRequest(which: Lesson | "baseline"): string {
  return which === "exercise" ? '{"op":"get","code":1}\n' : '{"op":"list"}\n';
}

/** Runs the benchmark the options describe; returns the exit code. */
export async function runBench(options: BenchOptions, out: Output, progress: Output): Promise<number> {
  const targets: Array<Lesson | "baseline"> = options.baseline ? [options.lesson, "baseline"] : [options.lesson];
  if (options.hold > 0) {
    out.write(`holding ${options.hold} connections (one request each: get 1 on the exercise, list on the others)\n`);
    let allServed = true;
    for (const target of targets) allServed = (await hold(target, options, out)) && allServed;
    return allServed ? 0 : 1;
  }
  progress.write(
    `pnpm bench: ${options.lesson}, --op ${options.op}, ${options.clients} clients, pipeline ${options.pipeline}, ` +
      `${options.duration} s after ${options.warmup} s of warm-up, ${options.seed} products seeded\n`,
  );
  const results: Measured[] = [];
  for (const target of targets) results.push(await measure(target, options, progress));
  out.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `\n${formatTable(results)}\n`);
  return 0;
}
