// `pnpm bench learn`: how long a student waits for a verdict (see ../learn-bench.ts): every
// task's reference solution checked in full, and the tutor's save to verdict.
import { commandMain, integerFlag, stringFlag } from "@socket-lessons/cli";
import { runLearnBench } from "../learn-bench.ts";

const command = {
  usage: "pnpm bench learn -- [options]",
  summary: "Times the checks of every task's reference solution, its first result, and the tutor's save to verdict.",
  flags: {
    runs: integerFlag("checks of each task's solution (seeds 1..N)", 5, { min: 1, max: 100 }),
    tasks: stringFlag("comma-separated task names (empty: all)", "", "LIST"),
    saves: integerFlag("saves timed in the tutor (0: none)", 5, { min: 0, max: 100 }),
  },
};

const argv = process.argv.slice(2).filter((arg) => arg !== "--");
await commandMain(
  command,
  ({ runs, saves, tasks }) =>
    runLearnBench({ runs, saves, tasks: tasks.split(",").filter((name) => name !== "") }, (line) =>
      process.stdout.write(`${line}\n`),
    ),
  { argv: argv[0] === "learn" ? argv.slice(1) : argv },
);
