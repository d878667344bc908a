// `pnpm bench -- --lesson v5 --clients 100 --duration 5 --baseline`: many concurrent clients
// against a lesson's server (and, with --baseline, against a bare server speaking the same
// protocol), then requests/s, latency percentiles, errors, and the server's CPU and memory.
import { commandMain } from "@socket-lessons/cli";
import { benchCommand } from "../options.ts";
import { runBench } from "../run-bench.ts";
import { stopAllBenchServersNow } from "../servers.ts";

// `pnpm bench learn`: the checker's speed, a benchmark of its own.
if (process.argv.slice(2).find((arg) => arg !== "--") === "learn") {
  await import("./bench-learn.ts");
} else {
  await commandMain(benchCommand, (options) => runBench(options, process.stdout, process.stderr), {
    // Ctrl-C (or a kill) in the middle of a run stops the servers it started, then the bench
    // exits as interrupted (130 for Ctrl-C). A reader that leaves (`| head`) stops them too, quietly.
    onStop: (signal) => {
      stopAllBenchServersNow();
      if (signal !== "SIGPIPE") process.stderr.write(`\ninterrupted (${signal}): the servers it started are stopped\n`);
    },
  });
}
