// CI proves the tasks: every reference solution passes its checker under several seeds of
// weather, an untouched copy of the starting lesson fails it, and each planted classic bug
// fails the check meant to catch it. Each task's folder has a task.test.ts that calls this,
// so that vitest runs the tasks side by side.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { weatherFor } from "../src/check-task.ts";
import type { CheckOptions } from "../src/checker/context.ts";
import { openWeather } from "../src/checker/open-weather.ts";
import { type CheckResult, runChecks } from "../src/checker/run-checks.ts";
import { APPS_DIR, SOLUTIONS_DIR, TASKS_DIR } from "../src/paths.ts";
import { type PlantedBug, temporaryCopy } from "../src/planted-bug.ts";
import { loadTask, type TaskName } from "../src/task.ts";

/** Seeds of the weather: 1 cuts TCP into 1-2 byte slices; the other, 1-8 bytes merged for 2 ms. */
const SEEDS = [1, 10];
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

export async function proveTask(name: TaskName): Promise<void> {
  const task = await loadTask(name);
  const modules = task.modulesFrom ?? task.lesson;
  const solution = task.solution ?? path.join(SOLUTIONS_DIR, name);
  const bugsFile = path.join(TASKS_DIR, name, "bugs.ts");
  const bugs = existsSync(bugsFile) ? ((await import(bugsFile)) as { bugs: PlantedBug[] }).bugs : [];

  describe(`task ${name}`, () => {
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

    it("an untouched copy of the starting lesson fails it, saying what was expected", async () => {
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

    for (const bug of bugs) {
      it(`a copy with the bug "${bug.name}" fails the check meant to catch it`, async () => {
        const check = task.checks.find((candidate) => candidate.title.en === bug.caughtBy);
        expect(check, `no check titled ${bug.caughtBy}`).toBeDefined();
        const copy = temporaryCopy(solution, modules, bug);
        try {
          const [result] = await runChecks({ checks: check ? [check] : [] }, options(copy.dir, SEEDS[0] ?? 1));
          expect(result?.passed).toBe(false);
        } finally {
          copy.remove();
        }
      });
    }
  });
}
