import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROGRESS_FILE } from "../paths.ts";
import { TASK_NAMES, type TaskName } from "../task.ts";

const TaskNameSchema = z.enum(TASK_NAMES);

/** The last check of a task, as much of it as the list and the next visit need. */
const LastCheckSchema = z.object({
  passed: z.number().int().min(0),
  total: z.number().int().min(0),
  /** The ids of the checks that failed, in order. */
  failed: z.array(z.string()).default([]),
});

/** What the tutor remembers between runs. Kept in a git-ignored file, so `git pull` keeps it. */
const ProgressSchema = z.object({
  /** The task the student is on: the tutor opens it again next time. */
  current: TaskNameSchema.optional(),
  /** Tasks whose last check passed whole. Never also in `failing`. */
  done: z.array(TaskNameSchema).default([]),
  /** Tasks whose last check failed. */
  failing: z.array(TaskNameSchema).default([]),
  /** How many hints of each task the student has seen. */
  hints: z.partialRecord(TaskNameSchema, z.number().int().min(0).max(3)).default({}),
  /** Each task's last check, shown when the task is opened again in a later session. */
  last: z.partialRecord(TaskNameSchema, LastCheckSchema).default({}),
});

export type Progress = z.infer<typeof ProgressSchema>;
export type LastCheck = z.infer<typeof LastCheckSchema>;

export const emptyProgress = (): Progress => ({ done: [], failing: [], hints: {}, last: {} });

/**
 * The saved progress; a missing or damaged file means starting fresh (never a crash). A file
 * written before a task could fail again after passing may hold it both done and failing:
 * only a failed check put it in `failing` after a pass, so failing is its truth.
 */
export function loadProgress(file = PROGRESS_FILE): Progress {
  if (!existsSync(file)) return emptyProgress();
  try {
    const progress = ProgressSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    return { ...progress, done: progress.done.filter((task) => !progress.failing.includes(task)) };
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

const without = (list: readonly TaskName[], task: TaskName) => list.filter((name) => name !== task);

/** Records a check of `task`: its outcome is the task's state now, whatever it was before. */
export function recordCheck(progress: Progress, task: TaskName, last: LastCheck): Progress {
  const passed = last.passed === last.total;
  return {
    ...progress,
    done: passed ? [...without(progress.done, task), task] : without(progress.done, task),
    failing: passed ? without(progress.failing, task) : [...without(progress.failing, task), task],
    last: { ...progress.last, [task]: last },
  };
}

/** Forgets everything about `task` but that it is the current one (a reset to its start). */
export function forgetTask(progress: Progress, task: TaskName): Progress {
  const { [task]: _lastCheck, ...last } = progress.last;
  return {
    ...progress,
    done: without(progress.done, task),
    failing: without(progress.failing, task),
    hints: { ...progress.hints, [task]: 0 },
    last,
  };
}
