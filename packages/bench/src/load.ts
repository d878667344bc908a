import { once } from "node:events";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { Samples } from "./percentiles.ts";

const NEWLINE = 0x0a;
/** Connections opened at once: a listen backlog overflows if thousands arrive together. */
const CONNECT_CONCURRENCY = 200;
/** After the run, in-flight replies get this long to arrive before sockets are closed. */
const DRAIN_MS = 5000;
/** A connection not established in this time counts as a connect failure. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface LoadOptions {
  host: string;
  port: number;
  clients: number;
  pipeline: number;
  warmupMs: number;
  durationMs: number;
  nextRequest: () => Buffer;
  /** Called about once a second with what has been measured so far. */
  onProgress?: (progress: { elapsedMs: number; requests: number; latencies: Samples }) => void;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  latencies: Float64Array;
  errors: Record<string, number>;
  connectFailures: number;
}

/**
 * One benchmark client in a closed loop: it keeps `pipeline` requests in flight and sends
 * the next one as each reply arrives. Replies are only split at "\n" and their first bytes
 * read (to count error codes): parsing them all would measure the load generator instead.
 */
class LoadClient {
  private readonly sentAt: number[] = [];
  private head = "";
  running = true;

  constructor(
    readonly socket: net.Socket,
    private readonly run: Run,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => {
      run.errors.CONNECTION = (run.errors.CONNECTION ?? 0) + 1;
    });
  }

  start(pipeline: number): void {
    for (let i = 0; i < pipeline; i++) this.send();
  }

  get inFlight(): number {
    return this.sentAt.length;
  }

  private send(): void {
    this.sentAt.push(performance.now());
    this.socket.write(this.run.nextRequest());
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (this.head.length < 64) this.head += chunk.toString("latin1", start, Math.min(end, start + 64));
      this.onReply(this.head);
      this.head = "";
      start = end + 1;
    }
    if (start < chunk.length && this.head.length < 64) this.head += chunk.toString("latin1", start, start + 64);
  }

  private onReply(head: string): void {
    const sent = this.sentAt.shift();
    if (sent === undefined) return;
    if (this.run.measuring) {
      this.run.requests += 1;
      // Latency only of requests sent once measuring began: one sent during the warm-up, to a
      // server still cold, says how the warm-up went.
      if (sent >= this.run.measuredFrom) this.run.latencies.push(performance.now() - sent);
      if (head.startsWith('{"ok":false')) {
        const code = /"code":"([A-Z_]+)"/.exec(head)?.[1] ?? "UNKNOWN";
        this.run.errors[code] = (this.run.errors[code] ?? 0) + 1;
      }
    }
    if (this.running) this.send();
  }
}

interface Run {
  measuring: boolean;
  /** When measuring began (performance.now()); Infinity before. */
  measuredFrom: number;
  requests: number;
  latencies: Samples;
  errors: Record<string, number>;
  nextRequest: () => Buffer;
}

/** Opens `count` connections, a few at a time; returns the sockets and how many failed. */
export async function openConnections(host: string, port: number, count: number) {
  const sockets: net.Socket[] = [];
  let failures = 0;
  for (let first = 0; first < count; first += CONNECT_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, count - first) }, async () => {
      const socket = net.connect({ host, port });
      try {
        await once(socket, "connect", { signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) });
        sockets.push(socket);
      } catch {
        failures += 1;
        socket.destroy();
      }
    });
    await Promise.all(batch);
  }
  return { sockets, failures };
}

/** Runs the closed-loop load and returns what it measured (after the warm-up). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const run: Run = {
    measuring: false,
    measuredFrom: Number.POSITIVE_INFINITY,
    requests: 0,
    latencies: new Samples(),
    errors: {},
    nextRequest: options.nextRequest,
  };
  const { sockets, failures } = await openConnections(options.host, options.port, options.clients);
  const clients = sockets.map((socket) => new LoadClient(socket, run));
  for (const client of clients) client.start(options.pipeline);

  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  const startedAt = performance.now();
  run.measuredFrom = startedAt;
  run.measuring = true;
  const progress = setInterval(() => {
    options.onProgress?.({
      elapsedMs: performance.now() - startedAt,
      requests: run.requests,
      latencies: run.latencies,
    });
  }, 1000);
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  const seconds = (performance.now() - startedAt) / 1000;
  const requests = run.requests;
  const latencies = run.latencies.toArray().slice();
  const errors = { ...run.errors };
  clearInterval(progress);

  // Stop sending, let what is in flight come back, then close.
  run.measuring = false;
  for (const client of clients) client.running = false;
  const deadline = performance.now() + DRAIN_MS;
  while (clients.some((client) => client.inFlight > 0) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const socket of sockets) socket.destroy();
  return { requests, seconds, latencies, errors, connectFailures: failures };
}
