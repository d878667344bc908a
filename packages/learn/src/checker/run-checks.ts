import { text } from "../i18n.ts";
import type { Check } from "./check.ts";
import { CheckRun, type RunOptions } from "./check-run.ts";
import { CheckFailure, type Failure } from "./failure.ts";
import { Inputs } from "./inputs.ts";
import { ProgramLauncher } from "./launcher.ts";

/** A check that takes longer than this has hung: it fails, and what it started is stopped. */
const CHECK_TIMEOUT_MS = 30_000;
/** Checks that run side by side (each with programs of its own): most of a check is waiting. */
const CONCURRENCY = 3;

export interface CheckResult {
  readonly check: Check;
  readonly passed: boolean;
  readonly failure?: Failure;
}

export interface RunChecksOptions extends RunOptions {
  /** The student's package. */
  readonly dir: string;
  /** How many checks may run at once (1 when tracing, so that the trace reads in order). */
  readonly concurrency?: number;
}

/** A failure of the checker itself (a bug in a check, an error it did not expect), as a failure. */
function asFailure(error: unknown): Failure {
  if (error instanceof CheckFailure) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  return {
    expected: text("the check to finish", "que a verificação terminasse"),
    came: text(`it could not: ${message}`, `ela não terminou: ${message}`),
  };
}

/** Runs one check with a run of its own, which is closed (its programs stopped) whatever happens. */
async function runOne(
  check: Check,
  options: RunChecksOptions,
  launcher: ProgramLauncher,
  serverBroken: { failure?: Failure },
): Promise<CheckResult> {
  const run = new CheckRun(options, launcher, serverBroken);
  // Aborted (the tutor saw a save, or quits): stop at once, programs and all.
  const abort = () => void run.close();
  options.signal?.addEventListener("abort", abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new CheckFailure({
          expected: text(
            `the check to finish within ${CHECK_TIMEOUT_MS / 1000} s`,
            `que a verificação terminasse em ${CHECK_TIMEOUT_MS / 1000} s`,
          ),
          came: text("it was still waiting for the program", "ela ainda esperava pelo programa"),
        }),
      );
    }, CHECK_TIMEOUT_MS);
  });
  try {
    const steps = check.steps(new Inputs(options.seed, check.id));
    await Promise.race([
      (async () => {
        for (const step of steps) await step(run);
      })(),
      deadline,
    ]);
    return { check, passed: true };
  } catch (error) {
    return { check, passed: false, failure: asFailure(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", abort);
    await run.close();
  }
}

/**
 * Runs a task's checks, each with programs of its own, several at once (a check marked
 * `alone` with nothing beside it; one marked `waits` started early), and reports each result
 * as soon as it and every check before it have ended, so that results appear in order, as
 * they come. The first check runs alone: a program that does not start fails it, and the
 * others at once.
 */
export async function runChecks(
  checks: readonly Check[],
  options: RunChecksOptions,
  onResult: (result: CheckResult, index: number) => void = () => {},
): Promise<CheckResult[]> {
  const launcher = new ProgramLauncher(options.dir);
  const serverBroken: { failure?: Failure } = {};
  const limit = options.trace ? 1 : (options.concurrency ?? CONCURRENCY);
  const results: Array<CheckResult | undefined> = [];
  let reported = 0;
  const report = () => {
    for (let result = results[reported]; result !== undefined; result = results[++reported]) onResult(result, reported);
  };
  // The order checks start in: the first, then those that mostly wait, then the rest (in
  // order when tracing: one at a time, so that the trace reads as the list does).
  const waits = (check: Check | undefined) => check?.waits === true && options.trace === undefined;
  const rest = checks.map((_check, index) => index).slice(1);
  const order = [0, ...rest.filter((index) => waits(checks[index])), ...rest.filter((index) => !waits(checks[index]))];
  let next = 0;
  let running = 0;
  /** Of those running, the ones that do not mostly wait: only these count against the limit. */
  let busy = 0;
  let aloneRunning = false;
  try {
    await new Promise<void>((done) => {
      const startMore = () => {
        if (reported === checks.length) return done();
        while (next < checks.length && !options.signal?.aborted) {
          const index = order[next] as number;
          const check = checks[index] as Check;
          const needsAlone = index === 0 || check.alone === true;
          const counts = !waits(check);
          if (aloneRunning || (counts && busy >= limit) || (needsAlone && running > 0)) break;
          next += 1;
          running += 1;
          if (counts) busy += 1;
          aloneRunning = needsAlone;
          runOne(check, options, launcher, serverBroken).then((result) => {
            running -= 1;
            if (counts) busy -= 1;
            if (needsAlone) aloneRunning = false;
            results[index] = result;
            report();
            startMore();
          });
        }
        if (running === 0 && (next === checks.length || options.signal?.aborted)) done();
      };
      startMore();
    });
  } finally {
    await launcher.close();
  }
  return results.filter((result): result is CheckResult => result !== undefined);
}
