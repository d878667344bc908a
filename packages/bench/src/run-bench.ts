import { setTimeout as sleep } from "node:timers/promises";
import { holdConnections } from "./hold.ts";
import { type LoadResult, runLoad } from "./load.ts";
import type { BenchOptions, Lesson } from "./options.ts";
import { percentile } from "./percentiles.ts";
import { formatHold, formatTable, type Held, type Measured, measured } from "./report.ts";
import { requestMaker } from "./requests.ts";
import { seed } from "./seed.ts";
import { type BenchServer, startBenchServer } from "./servers.ts";

type Output = { write(text: string): unknown; isTTY?: boolean };

/** A server to load: one this run starts (and stops), or one already running (--host/--port). */
async function serverFor(which: Lesson | "baseline", options: BenchOptions): Promise<BenchServer | undefined> {
  if (which !== "baseline" && options.host !== "") return undefined;
  return startBenchServer(which, { viaTsx: options.tsx });
}

/** Each later round's warm-up: the server is warm by then; its new connections need only to get going. */
const ROUND_WARMUP_MS = 250;

function progressLine(label: string, elapsedMs: number, requests: number, latencies: Float64Array, tty?: boolean) {
  const p99 = percentile(latencies.slice().sort(), 99);
  const line = `  ${label}: ${(elapsedMs / 1000).toFixed(1)} s, ${(requests / (elapsedMs / 1000)).toFixed(0)} req/s, p99 ${p99.toFixed(2)} ms`;
  return tty ? `\r${line}   ` : `${line}\n`;
}

/** One server under load: a round at a time, the figures adding up across rounds. */
class LoadTarget {
  private readonly loads: LoadResult[] = [];
  private serverCpuSeconds = 0;
  private loadCpuSeconds = 0;
  private elapsedSeconds = 0;

  private constructor(
    readonly which: Lesson | "baseline",
    private readonly server: BenchServer | undefined,
    private readonly host: string,
    private readonly port: number,
    private readonly nextRequest: () => Buffer,
  ) {}

  static async start(which: Lesson | "baseline", options: BenchOptions): Promise<LoadTarget> {
    const server = await serverFor(which, options);
    const host = server ? "127.0.0.1" : options.host;
    const port = server ? server.port : options.port;
    try {
      await seed(host, port, options.seed);
    } catch (error) {
      await server?.stop();
      throw error;
    }
    return new LoadTarget(which, server, host, port, requestMaker(options.op, options.seed, which !== "v5"));
  }

  async round(options: BenchOptions, durationMs: number, warmupMs: number, label: string, progress: Output) {
    const loadCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    this.server?.markCpu();
    const load = await runLoad({
      host: this.host,
      port: this.port,
      clients: options.clients,
      pipeline: options.pipeline,
      warmupMs,
      durationMs,
      nextRequest: this.nextRequest,
      onProgress({ elapsedMs, requests, latencies }) {
        progress.write(progressLine(label, elapsedMs, requests, latencies.toArray(), progress.isTTY));
      },
    });
    // A round shorter than the progress interval says how it went at its end.
    if (durationMs < 1000)
      progress.write(progressLine(label, load.seconds * 1000, load.requests, load.latencies, progress.isTTY));
    if (progress.isTTY) progress.write("\n");
    const elapsed = (performance.now() - startedAt) / 1000;
    this.serverCpuSeconds += (this.server?.cpuSinceMark() ?? Number.NaN) * elapsed;
    const cpu = process.cpuUsage(loadCpuBefore);
    this.loadCpuSeconds += (cpu.user + cpu.system) / 1e6;
    this.elapsedSeconds += elapsed;
    this.loads.push(load);
  }

  /** Every round's figures together, as if they were one run. */
  result(): Measured {
    const latencies = new Float64Array(this.loads.reduce((sum, load) => sum + load.latencies.length, 0));
    let offset = 0;
    for (const load of this.loads) {
      latencies.set(load.latencies, offset);
      offset += load.latencies.length;
    }
    const errors: Record<string, number> = {};
    for (const load of this.loads)
      for (const [code, count] of Object.entries(load.errors)) errors[code] = (errors[code] ?? 0) + count;
    const total: LoadResult = {
      requests: this.loads.reduce((sum, load) => sum + load.requests, 0),
      seconds: this.loads.reduce((sum, load) => sum + load.seconds, 0),
      latencies,
      errors,
      connectFailures: this.loads.reduce((sum, load) => sum + load.connectFailures, 0),
    };
    const server = {
      cpu: this.serverCpuSeconds / this.elapsedSeconds,
      rss: this.server?.residentBytes() ?? Number.NaN,
    };
    return measured(this.which, total, server, this.loadCpuSeconds / this.elapsedSeconds);
  }

  stop(): Promise<void> {
    return this.server?.stop() ?? Promise.resolve();
  }
}

/**
 * Loads the lesson's server (and the baseline's) and returns the figures of each. With
 * --baseline the two take turns, `rounds` times, so that both see the same moments of a
 * noisy machine: a ratio from one run then means something.
 */
async function measureAll(targets: Array<Lesson | "baseline">, options: BenchOptions, progress: Output) {
  const started: LoadTarget[] = [];
  try {
    for (const which of targets) started.push(await LoadTarget.start(which, options));
    const rounds = started.length > 1 ? options.rounds : 1;
    const roundMs = (options.duration * 1000) / rounds;
    for (let round = 1; round <= rounds; round++) {
      for (const target of started) {
        const label = rounds > 1 ? `${target.which} (round ${round} of ${rounds})` : target.which;
        const warmupMs = round === 1 ? options.warmup * 1000 : Math.min(ROUND_WARMUP_MS, options.warmup * 1000);
        await target.round(options, roundMs, warmupMs, label, progress);
      }
    }
    return started.map((target) => target.result());
  } finally {
    for (const target of started) await target.stop();
  }
}

async function hold(which: Lesson | "baseline", options: BenchOptions): Promise<Held> {
  const server = await serverFor(which, options);
  const host = server ? "127.0.0.1" : options.host;
  const port = server ? server.port : options.port;
  try {
    const { result, close } = await holdConnections(host, port, options.hold, holdRequest(which));
    const held: Held = {
      label: which,
      ...result,
      serverRssBytes: server ? server.residentBytes() : Number.NaN,
      settleSeconds: options.settle,
      settledRssBytes: Number.NaN,
    };
    if (server && options.settle > 0) {
      // Right after the requests, the heap still holds their garbage and the young generation
      // is at its largest. V8 gives memory back once the process has been idle a while (its
      // "memory reducer" waited 15 to 30 s here). Idle connections are what --hold measures,
      // so look again then.
      await server.untilQuiet();
      await sleep(options.settle * 1000);
      held.settledRssBytes = server.residentBytes();
    }
    close();
    return held;
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
    (options.json ? progress : out).write(
      `holding ${options.hold} connections (one request each: get 1 on the exercise, list on the others)\n`,
    );
    const helds: Held[] = [];
    for (const target of targets) {
      const held = await hold(target, options);
      if (!options.json) out.write(`${formatHold(held)}\n`);
      helds.push(held);
    }
    if (options.json) out.write(`${JSON.stringify(helds, null, 2)}\n`);
    return helds.every((held) => held.served === options.hold) ? 0 : 1;
  }
  const rounds = options.baseline ? `, taking turns with the baseline ${options.rounds} times` : "";
  progress.write(
    `pnpm bench: ${options.lesson}, --op ${options.op}, ${options.clients} clients, pipeline ${options.pipeline}, ` +
      `${options.duration} s after ${options.warmup} s of warm-up${rounds}, ${options.seed} products seeded\n`,
  );
  const results = await measureAll(targets, options, progress);
  out.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `\n${formatTable(results)}\n`);
  return 0;
}
