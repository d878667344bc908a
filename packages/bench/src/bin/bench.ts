// `pnpm bench -- --lesson v5 --clients 100 --duration 5 --baseline`: many concurrent clients
// against a lesson's server (and, with --baseline, against a bare server speaking the same
// protocol), then requests/s, latency percentiles, errors, and the server's CPU and memory.
import { constants } from "node:os";
import { formatUsage, parseCommandLine, UsageError } from "@socket-lessons/protocol";
import { benchCommand } from "../options.ts";
import { runBench } from "../run-bench.ts";
import { stopAllBenchServersNow } from "../servers.ts";

// Ctrl-C (or a kill) in the middle of a run: stop the servers it started, then exit as
// interrupted (128 + the signal's number, as a shell reports it).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopAllBenchServersNow();
    process.stderr.write(`\ninterrupted (${signal}): the servers it started are stopped\n`);
    process.exit(128 + constants.signals[signal]);
  });
}

try {
  const parsed = parseCommandLine(process.argv.slice(2), benchCommand);
  if (parsed.help) {
    process.stdout.write(`${formatUsage(benchCommand)}\n`);
    process.exit(0);
  }
  process.exit(await runBench(parsed.options, process.stdout, process.stderr));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${formatUsage(benchCommand)}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
