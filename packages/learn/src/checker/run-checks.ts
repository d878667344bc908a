import type { Task } from "../task.ts";
import { type Check, CheckFailure } from "./check.ts";
import { CheckContext, type CheckOptions } from "./context.ts";

/** A check that takes longer than this has hung; it fails, and what it started is stopped. */
const CHECK_TIMEOUT_MS = 60_000;

export interface CheckResult {
  readonly check: Check;
  readonly passed: boolean;
  readonly failure?: CheckFailure;
}

/**
 * Runs every check of a task in order, each with a context of its own: the programs a
 * check starts are stopped before the next one begins, whatever happened.
 */
export async function runChecks(
  task: Pick<Task, "checks">,
  options: CheckOptions,
  onResult: (result: CheckResult, index: number) => void = () => {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [index, check] of task.checks.entries()) {
    if (options.signal?.aborted) break;
    const context = new CheckContext(options);
    let result: CheckResult;
    try {
      await withTimeout(check.run(context), CHECK_TIMEOUT_MS);
      result = { check, passed: true };
    } catch (error) {
      result = { check, passed: false, failure: asFailure(error) };
    } finally {
      await context.close();
    }
    results.push(result);
    onResult(result, index);
  }
  return results;
}

function asFailure(error: unknown): CheckFailure {
  if (error instanceof CheckFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CheckFailure({
    en: `the check could not finish: ${message}`,
    "pt-BR": `a verificação não terminou: ${message}`,
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`it took more than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
