// `pnpm bench -- --lesson v5 --clients 100 --duration 5 --baseline`: many concurrent clients
// against a lesson's server (and, with --baseline, against a bare server speaking the same
// protocol), then requests/s, latency percentiles, errors, and the server's CPU and memory.
import { constants } from "node:os";
import {
  exitWhenWritten,
  formatUsage,
  parseCommandLine,
  stopQuietlyWhenOutputCloses,
  UsageError,
} from "@socket-lessons/cli";
import { benchCommand } from "../options.ts";
import { runBench } from "../run-bench.ts";
import { stopAllBenchServersNow } from "../servers.ts";

// Ctrl-C (or a kill) in the middle of a run: stop the servers it started, then exit as
// interrupted (128 + the signal's number, as a shell reports it).
// A reader that leaves (`| head`) stops the run too, and the servers with it.
stopQuietlyWhenOutputCloses(stopAllBenchServersNow);
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
    await exitWhenWritten(0);
  } else {
    await exitWhenWritten(await runBench(parsed.options, process.stdout, process.stderr));
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${formatUsage(benchCommand)}\n`);
    await exitWhenWritten(2);
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  await exitWhenWritten(1);
}
