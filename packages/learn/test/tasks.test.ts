// CI proves the tasks: every reference solution passes its checker under several seeds of
// weather, an untouched copy of the starting lesson fails it, and each planted classic bug
// fails the check meant to catch it.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { weatherFor } from "../src/check-task.ts";
import type { CheckOptions } from "../src/checker/context.ts";
import { openWeather } from "../src/checker/open-weather.ts";
import { type CheckResult, runChecks } from "../src/checker/run-checks.ts";
import { APPS_DIR, SOLUTIONS_DIR, TASKS_DIR } from "../src/paths.ts";
import type { PlantedBug } from "../src/planted-bug.ts";
import { temporaryCopy } from "../src/planted-bug.ts";
import { availableTasks, loadTask, type Task } from "../src/task.ts";

const SEEDS = [1, 20261201];
// SOCKET_LESSONS_CALM=1 runs them without weather (to tell a weather problem from a task's).
const calm = process.env.SOCKET_LESSONS_CALM === "1";

const options = (dir: string, seed: number): CheckOptions => ({
  dir,
  seed,
  calm,
  lang: "en",
  weather: weatherFor(seed),
  openWeather,
});

const failures = (results: CheckResult[]) =>
  results.filter((result) => !result.passed).map((result) => `${result.check.title.en}: ${result.failure?.message}`);

async function bugsOf(task: Task): Promise<readonly PlantedBug[]> {
  const file = path.join(TASKS_DIR, task.name, "bugs.ts");
  return existsSync(file) ? ((await import(file)) as { bugs: PlantedBug[] }).bugs : [];
}

for (const name of availableTasks()) {
  describe(`task ${name}`, async () => {
    const task = await loadTask(name);
    const modules = task.modulesFrom ?? task.lesson;
    const solution = task.solution ?? path.join(SOLUTIONS_DIR, name);

    for (const seed of SEEDS) {
      it(`the reference solution passes every check (seed ${seed})`, async () => {
        const copy = temporaryCopy(solution, modules);
        try {
          expect(failures(await runChecks(task, options(copy.dir, seed)))).toEqual([]);
        } finally {
          copy.remove();
        }
      });
    }

    it("an untouched copy of the starting lesson fails it, saying what is missing", async () => {
      const copy = temporaryCopy(path.join(APPS_DIR, task.lesson), modules);
      try {
        const results = await runChecks(task, options(copy.dir, SEEDS[0] ?? 1));
        expect(results.some((result) => !result.passed)).toBe(true);
        for (const result of results.filter((each) => !each.passed)) {
          expect(result.failure?.explanation.en).toMatch(/^expected /);
        }
      } finally {
        copy.remove();
      }
    });

    for (const bug of await bugsOf(task)) {
      it(`a copy with the bug "${bug.name}" fails the check meant to catch it`, async () => {
        const copy = temporaryCopy(solution, modules, bug);
        try {
          const check = task.checks.find((candidate) => candidate.title.en === bug.caughtBy);
          expect(check, `no check titled ${bug.caughtBy}`).toBeDefined();
          const [result] = await runChecks({ checks: check ? [check] : [] }, options(copy.dir, SEEDS[0] ?? 1));
          expect(result?.passed).toBe(false);
        } finally {
          copy.remove();
        }
      });
    }
  });
}
