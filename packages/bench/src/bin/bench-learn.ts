// `pnpm bench learn`: how long a student waits for a verdict (see ../learn-bench.ts).
//   --runs N      checks of each task's solution (seeds 1..N; default 5)
//   --tasks LIST  comma-separated task names (default: all)
//   --saves N     saves timed in the tutor (default 5; 0: none)
import {
  exitWhenWritten,
  formatUsage,
  integerFlag,
  parseCommandLine,
  stringFlag,
  UsageError,
} from "@socket-lessons/cli";
import { runLearnBench } from "../learn-bench.ts";

const command = {
  usage: "pnpm bench learn -- [options]",
  summary: "Times the checks of every task's reference solution, and the tutor's save-to-verdict.",
  flags: {
    runs: integerFlag("checks of each task's solution (seeds 1..N)", 5, { min: 1, max: 100 }),
    tasks: stringFlag("comma-separated task names (empty: all)", "", "LIST"),
    saves: integerFlag("saves timed in the tutor (0: none)", 5, { min: 0, max: 100 }),
  },
};

try {
  const parsed = parseCommandLine(
    process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "learn")),
    command,
  );
  if (parsed.help) {
    process.stdout.write(`${formatUsage(command)}\n`);
    await exitWhenWritten(0);
  } else {
    const { runs, saves } = parsed.options;
    const tasks = parsed.options.tasks.split(",").filter((name) => name !== "");
    await runLearnBench({ runs, saves, tasks }, (line) => process.stdout.write(`${line}\n`));
    await exitWhenWritten(0);
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n\n${formatUsage(command)}\n`);
    await exitWhenWritten(2);
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  await exitWhenWritten(1);
}
