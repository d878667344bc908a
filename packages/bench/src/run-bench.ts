import { setTimeout as sleep } from "node:timers/promises";
import { holdConnections } from "./hold.ts";
import type { BenchOptions, Lesson } from "./options.ts";
import { formatHold, formatTable, type Held } from "./report.ts";
import { measureAll, type Output } from "./rounds.ts";
import { serverFor } from "./servers.ts";

async function hold(which: Lesson | "baseline", options: BenchOptions): Promise<Held> {
  const { server, host, port } = await serverFor(which, options);
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
