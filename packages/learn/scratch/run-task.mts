import path from "node:path";
import { weatherFor } from "/work/wt/checker/packages/learn/src/check-task.ts";
import { openWeather } from "/work/wt/checker/packages/learn/src/checker/open-weather.ts";
import { failureLines } from "/work/wt/checker/packages/learn/src/checker/report.ts";
import { runChecks } from "/work/wt/checker/packages/learn/src/checker/run-checks.ts";
import { APPS_DIR } from "/work/wt/checker/packages/learn/src/paths.ts";
import { copyProgram, plant, temporaryPackage } from "/work/wt/checker/packages/learn/src/planted-bug.ts";
import { writeSolution } from "/work/wt/checker/packages/learn/src/solutions.ts";
import { loadTask, type TaskName } from "/work/wt/checker/packages/learn/src/task.ts";
const [name, seedText = "0", what = "solution", only, conc] = process.argv.slice(2);
const task = await loadTask(name as TaskName);
const seed = Number(seedText);
const bugs = what.startsWith("bug:") ? ((await import(`/work/wt/checker/packages/learn/tasks/${name}/bugs.ts`)).bugs as any[]) : [];
const bug = bugs.find((b) => b.id === what.slice(4));
const copy = temporaryPackage(task.modulesFrom ?? task.lesson, (dir) => {
  if (what === "lesson") copyProgram(path.join(APPS_DIR, task.lesson), dir);
  else writeSolution(task, dir);
  if (bug) plant(bug, dir);
});
const t0 = Date.now();
const checks = only ? task.checks.filter((c) => c.id === only) : bug ? task.checks.filter((c) => c.id === bug.caughtBy) : task.checks;
const results = await runChecks(checks, { dir: copy.dir, seed, calm: false, lang: (process.env.LANGX as any) ?? "en", weather: weatherFor(seed), openWeather, ...(conc ? { concurrency: Number(conc) } : {}) }, (r) => {
  console.log(`${((Date.now() - t0) / 1000).toFixed(2)}s ${r.passed ? "PASS" : "FAIL"} ${r.check.id}`);
  if (!r.passed && r.failure) for (const l of failureLines(r.failure, (process.env.LANGX as any) ?? "en")) console.log(l);
});
console.log(`total ${((Date.now() - t0) / 1000).toFixed(2)}s`);
copy.remove();
