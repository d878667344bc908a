import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROGRESS_FILE } from "../paths.ts";
import { TASK_NAMES, type TaskName } from "../task.ts";

const TaskNameSchema = z.enum(TASK_NAMES);

/** What the tutor remembers between runs. Kept in a git-ignored file, so `git pull` keeps it. */
const ProgressSchema = z.object({
  /** The task the student is on: the tutor opens it again next time. */
  current: TaskNameSchema.optional(),
  /** Tasks whose checks all passed. */
  done: z.array(TaskNameSchema).default([]),
  /** Tasks whose last check failed. */
  failing: z.array(TaskNameSchema).default([]),
  /** How many hints of each task the student has seen. */
  hints: z.partialRecord(TaskNameSchema, z.number().int().min(0).max(3)).default({}),
});

export type Progress = z.infer<typeof ProgressSchema>;

export const emptyProgress = (): Progress => ({ done: [], failing: [], hints: {} });

/** The saved progress; a missing or damaged file means starting fresh (never a crash). */
export function loadProgress(file = PROGRESS_FILE): Progress {
  if (!existsSync(file)) return emptyProgress();
  try {
    return ProgressSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return emptyProgress();
  }
}

/** Saves it whole or not at all: written beside the file, then renamed over it. */
export function saveProgress(progress: Progress, file = PROGRESS_FILE): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(partial, file);
}

/** Records the outcome of a check of `task`. */
export function recordCheck(progress: Progress, task: TaskName, passed: boolean): Progress {
  const without = (list: TaskName[]) => list.filter((name) => name !== task);
  return passed
    ? { ...progress, done: [...without(progress.done), task], failing: without(progress.failing) }
    : { ...progress, failing: [...without(progress.failing), task] };
}
