// `--baseline`: the lesson's server and the baseline take turns under the same load, and each
// one's figures add up across its rounds.
import { type LoadResult, runLoad } from "./load.ts";
import type { BenchOptions, Lesson } from "./options.ts";
import { percentile } from "./percentiles.ts";
import { type Measured, measured } from "./report.ts";
import { requestMaker } from "./requests.ts";
import { seed } from "./seed.ts";
import { type BenchServer, serverFor } from "./servers.ts";

export type Output = { write(text: string): unknown; isTTY?: boolean };

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
    const { server, host, port } = await serverFor(which, options);
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
export async function measureAll(targets: Array<Lesson | "baseline">, options: BenchOptions, progress: Output) {
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
