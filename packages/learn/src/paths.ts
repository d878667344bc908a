import path from "node:path";

/** The repository's root folder (this file is packages/learn/src/paths.ts). */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../..");
export const APPS_DIR = path.join(REPOSITORY_ROOT, "apps");
export const TASKS_DIR = path.resolve(import.meta.dirname, "../tasks");
export const SOLUTIONS_DIR = path.resolve(import.meta.dirname, "../solutions");

/**
 * Where a student's own work lives: `my-work/TASK`, outside apps/ and git-ignored, so that
 * updating the course (git pull) never touches it. pnpm-workspace.yaml lists `my-work/*`,
 * so each copy runs with `pnpm --filter my-TASK ...` like a lesson.
 */
export const MY_WORK_DIR = path.join(REPOSITORY_ROOT, "my-work");
export const copyDirOf = (task: string) => path.join(MY_WORK_DIR, task);

/** The tutor's progress: current task, tasks done, hints shown. Git-ignored. */
export const PROGRESS_FILE = path.join(MY_WORK_DIR, ".progress.json");

/** A path as a student would type it from the repository root (forward slashes everywhere). */
export const shownPath = (dir: string) => path.relative(REPOSITORY_ROOT, dir).split(path.sep).join("/") || ".";
