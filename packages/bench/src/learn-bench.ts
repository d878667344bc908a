// How long a student waits for a verdict: every task's reference solution checked in full,
// several times, under the weather of several seeds; the time to the first result on screen;
// and, in the tutor, the time from a save to the check starting and to its verdict.
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { weatherFor } from "@socket-lessons/learn/check-task";
import { openWeather } from "@socket-lessons/learn/checker/open-weather";
import { runChecks } from "@socket-lessons/learn/checker/run-checks";
import { temporaryPackage } from "@socket-lessons/learn/planted-bug";
import { writeSolution } from "@socket-lessons/learn/solutions";
import { availableTasks, loadTask, type Task } from "@socket-lessons/learn/task";
import { Tutor } from "@socket-lessons/learn/tutor/tutor";
import { percentile } from "./percentiles.ts";

export interface TaskTimes {
  readonly task: string;
  /** Seconds for all the checks, one entry per run. */
  readonly total: number[];
  /** Seconds until the first check's result. */
  readonly first: number[];
  readonly failures: number;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Checks `task`'s reference solution `runs` times, with seeds 1..runs. */
export async function timeTask(task: Task, runs: number): Promise<TaskTimes> {
  const times: TaskTimes = { task: task.name, total: [], first: [], failures: 0 };
  for (let seed = 1; seed <= runs; seed++) {
    const copy = temporaryPackage(task.modulesFrom ?? task.lesson, (dir) => writeSolution(task, dir));
    try {
      const start = process.hrtime.bigint();
      let first: number | undefined;
      const results = await runChecks(
        task.checks,
        { dir: copy.dir, seed, calm: false, lang: "en", weather: weatherFor(seed), openWeather },
        () => {
          first ??= seconds(start);
        },
      );
      times.total.push(seconds(start));
      times.first.push(first ?? Number.NaN);
      if (results.some((result) => !result.passed)) (times as { failures: number }).failures += 1;
    } finally {
      copy.remove();
    }
  }
  return times;
}

export interface SaveTimes {
  /** Seconds from a save to the tutor's check starting (its debounce included). */
  readonly toStart: number[];
  /** Seconds from a save to the tutor's verdict. */
  readonly toVerdict: number[];
}

/** The longest the tutor may take to show what a save leads to (a whole check included). */
const SCREEN_WAIT_MS = 60_000;

/** Opens the tutor on a copy of `task`'s solution and saves a file `runs` times, timing each. */
export async function timeSaves(task: Task, runs: number): Promise<SaveTimes> {
  const home = mkdtempSync(path.join(tmpdir(), "socket-lessons-bench-learn-"));
  const copy = temporaryPackage(task.modulesFrom ?? task.lesson, (dir) => writeSolution(task, dir));
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  const waiters = new Set<() => void>();
  output.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  });
  // Every wait has a deadline: a screen that never shows `pattern` ends the benchmark, saying so.
  const until = (pattern: RegExp, from: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `the tutor never showed ${pattern} within ${SCREEN_WAIT_MS / 1000} s; its screen ended with:\n${screen.slice(-400)}`,
          ),
        );
      }, SCREEN_WAIT_MS);
      const check = () => {
        if (pattern.test(screen.slice(from))) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    });
  const tutor = new Tutor({
    tasks: [task],
    lang: "en",
    calm: false,
    watch: true,
    input,
    output,
    colour: false,
    progressFile: path.join(home, "progress.json"),
    copyDirOf: () => copy.dir,
  });
  const running = tutor.run();
  const times: SaveTimes = { toStart: [], toVerdict: [] };
  try {
    input.write("\n"); // open the task
    await until(/each\s+save\s+checks\s+it\s+again/, 0); // the line may wrap anywhere
    // The watcher needs a moment before it sees changes: the first save may be missed otherwise.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let run = 0; run < runs; run++) {
      const from = screen.length;
      const start = process.hrtime.bigint();
      // A save as an editor makes it: the file written again (a comment added, the code the same).
      appendFileSync(path.join(copy.dir, "src", "server.ts"), `// saved ${run}\n`);
      await until(/checking…/, from);
      times.toStart.push(seconds(start));
      await until(/checks passed/, from);
      times.toVerdict.push(seconds(start));
    }
  } finally {
    tutor.quit();
    await running;
    copy.remove();
    rmSync(home, { recursive: true, force: true });
  }
  return times;
}

const row = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const fixed = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? "-" : value.toFixed(2));
  return `${fixed(percentile(sorted, 50))}  ${fixed(sorted[0])}  ${fixed(sorted.at(-1))}`;
};

/** Runs the benchmark and prints its tables. */
export async function runLearnBench(
  options: { runs: number; tasks: readonly string[]; saves: number },
  print: (line: string) => void,
): Promise<void> {
  const names = availableTasks().filter((name) => options.tasks.length === 0 || options.tasks.includes(name));
  print(`each task's reference solution, all checks, ${options.runs} runs (seeds 1..${options.runs}), seconds:`);
  print(`${"task".padEnd(10)} ${"checks".padStart(6)}  total: median  min   max   first result: median  min   max`);
  for (const name of names) {
    const task = await loadTask(name);
    const times = await timeTask(task, options.runs);
    const failed = times.failures > 0 ? `  (${times.failures} runs failed a check)` : "";
    print(
      `${name.padEnd(10)} ${String(task.checks.length).padStart(6)}  ${row(times.total)}   ${row(times.first)}${failed}`,
    );
  }
  if (options.saves > 0) {
    const task = await loadTask(names[0] ?? "echo");
    const saves = await timeSaves(task, options.saves);
    print(`the tutor on ${task.name}, ${options.saves} saves, seconds (median min max):`);
    print(`  save to check start: ${row(saves.toStart)}`);
    print(`  save to verdict:     ${row(saves.toVerdict)}`);
  }
}
