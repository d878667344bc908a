// CI proves the tasks: every reference solution passes its checker under the weather of
// several seeds, an untouched copy of the starting lesson fails it, saying what was expected,
// and each planted classic mistake fails the check named for it, by its id, on every seed.
// Each task's folder has a task.test.ts that calls this, so that vitest runs tasks side by side.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { weatherFor } from "../src/check-task.ts";
import { openWeather } from "../src/checker/open-weather.ts";
import { type CheckResult, type RunChecksOptions, runChecks } from "../src/checker/run-checks.ts";
import { APPS_DIR, TASKS_DIR } from "../src/paths.ts";
import { copyProgram, type PlantedBug, plant, temporaryPackage } from "../src/planted-bug.ts";
import { writeSolution } from "../src/solutions.ts";
import { loadTask, type Task, type TaskName } from "../src/task.ts";

/**
 * The seeds CI runs: between them, TCP cut one byte at a time, in slices of 1-2 bytes held
 * 2 ms, and in slices of 1-13 bytes held 5 ms; and three different draws of every input.
 */
export const SEEDS = [0, 7, 17];
/** A proof runs whole programs many times over: on a busy machine it may take a while (never a hang: every wait inside has its own deadline). */
const PROOF_TIMEOUT_MS = 180_000;
// SOCKET_LESSONS_CALM=1 runs them without weather (to tell a weather problem from a task's).
const calm = process.env.SOCKET_LESSONS_CALM === "1";

const options = (dir: string, seed: number): RunChecksOptions => ({
  dir,
  seed,
  calm,
  lang: "en",
  weather: weatherFor(seed),
  openWeather,
});

const failures = (results: CheckResult[]) =>
  results.filter((result) => !result.passed).map((result) => `${result.check.id}: ${failureText(result)}`);
const failureText = (result: CheckResult) =>
  result.failure ? `expected ${result.failure.expected.en}; ${result.failure.came.en}` : "";

/**
 * A temporary package filled by `fill`, made once for the tests that share it (the three
 * seeds of a solution: its code is compiled once), and deleted after the task's tests.
 */
function sharedPackage(task: Task, fill: (dir: string) => void) {
  let made: ReturnType<typeof temporaryPackage> | undefined;
  afterAll(() => made?.remove());
  return () => {
    made ??= temporaryPackage(task.modulesFrom ?? task.lesson, fill);
    return made.dir;
  };
}

/** Runs `checks` against a temporary package filled by `fill`, once per seed, side by side; then deletes it. */
async function runOnEachSeed(task: Task, fill: (dir: string) => void, seeds: readonly number[], checks = task.checks) {
  const copy = temporaryPackage(task.modulesFrom ?? task.lesson, fill);
  try {
    return await Promise.all(seeds.map((seed) => runChecks(checks, options(copy.dir, seed))));
  } finally {
    copy.remove();
  }
}

export async function proveTask(name: TaskName): Promise<void> {
  const task = await loadTask(name);
  const bugsFile = path.join(TASKS_DIR, name, "bugs.ts");
  const bugs = existsSync(bugsFile) ? ((await import(bugsFile)) as { bugs: PlantedBug[] }).bugs : [];
  const solution = (dir: string) => writeSolution(task, dir);

  describe.concurrent(`task ${name}`, () => {
    const solutionDir = sharedPackage(task, solution);
    for (const seed of SEEDS) {
      it(
        `the reference solution passes every check (seed ${seed})`,
        async () => {
          expect(failures(await runChecks(task.checks, options(solutionDir(), seed)))).toEqual([]);
        },
        PROOF_TIMEOUT_MS,
      );
    }

    it(
      "an untouched copy of the starting lesson fails it, saying what was expected",
      async () => {
        const copy = temporaryPackage(task.modulesFrom ?? task.lesson, (dir) =>
          copyProgram(path.join(APPS_DIR, task.lesson), dir),
        );
        // Its first failure (in the checks' order) proves it: the checks after it are not run.
        const stop = new AbortController();
        let failed: CheckResult | undefined;
        try {
          await runChecks(task.checks, { ...options(copy.dir, SEEDS[0] ?? 0), signal: stop.signal }, (result) => {
            if (result.passed || failed !== undefined) return;
            failed = result;
            stop.abort();
          });
        } finally {
          copy.remove();
        }
        expect(failed, "no check failed").toBeDefined();
        expect(failed?.failure?.expected.en, failed?.check.id).toBeTruthy();
        expect(failed?.failure?.came.en, failed?.check.id).toBeTruthy();
      },
      PROOF_TIMEOUT_MS,
    );

    it("every check has an id of its own", () => {
      const ids = task.checks.map((check) => check.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const bug of bugs) expect(ids, `bug ${bug.id}`).toContain(bug.caughtBy);
    });

    for (const bug of bugs) {
      it(
        `a copy with the bug "${bug.name}" fails the check ${bug.caughtBy}, on every seed`,
        async () => {
          const check = task.checks.filter((candidate) => candidate.id === bug.caughtBy);
          const plantedIn = (dir: string) => {
            solution(dir);
            plant(bug, dir);
          };
          const results = await runOnEachSeed(task, plantedIn, SEEDS, check);
          // Caught for the right reason: a planted bug that does not even compile proves nothing.
          const compileErrors = results
            .flat()
            .filter((result) => result.failure?.came.en.startsWith("it does not compile"));
          expect(compileErrors.map(failureText)).toEqual([]);
          const verdicts = results.map(
            ([result], index) => `seed ${SEEDS[index]}: ${result?.passed === false ? "caught" : "missed"}`,
          );
          expect(verdicts).toEqual(SEEDS.map((seed) => `seed ${seed}: caught`));
        },
        PROOF_TIMEOUT_MS,
      );
    }
  });
}
