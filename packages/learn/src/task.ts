import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LEARNING_PATH } from "@socket-lessons/tools/lessons";
import type { Check } from "./checker/check.ts";
import { LANGUAGES, type Lang, type Text } from "./i18n.ts";
import { TASKS_DIR } from "./paths.ts";

/** The tasks, in the order of the learning path: one per lesson, named after it. */
export const TASK_NAMES = LEARNING_PATH;
export type TaskName = (typeof TASK_NAMES)[number];

/** What a task's `task.ts` says about it; its texts and hints are Markdown files beside it. */
export interface TaskDefinition {
  /** The lesson the student's copy starts from (the exercise starts from v5). */
  readonly lesson: string;
  /** The copy's default port: one of its own, so it can run beside the lessons. */
  readonly port: number;
  readonly title: Text;
  /** A UDP task: its checks set their own weather (loss, duplicates, reordering). */
  readonly udp?: boolean;
  /** The lesson whose installed packages the copy uses (default: `lesson`). */
  readonly modulesFrom?: string;
  /** Files of `modulesFrom` the copy needs too (the exercise: its sample catalog). */
  readonly alsoCopy?: readonly string[];
  /** The reference solution, when it is not packages/learn/solutions/TASK (the exercise's is the lesson). */
  readonly solution?: string;
  /** The checks, in order: each one runs the student's programs afresh. */
  readonly checks: readonly Check[];
}

export interface Task extends TaskDefinition {
  readonly name: TaskName;
  /** The task's text: what to build, and how to check it. */
  readonly text: Readonly<Record<Lang, string>>;
  /** Three hints, from a nudge to nearly the answer. */
  readonly hints: Readonly<Record<Lang, readonly string[]>>;
}

export const isTaskName = (name: string): name is TaskName => (TASK_NAMES as readonly string[]).includes(name);

const fileName = (base: string, lang: Lang) => (lang === "en" ? `${base}.md` : `${base}.${lang}.md`);

/** The hints of a hints file: the sections under `## 1`, `## 2`, `## 3`. */
export function splitHints(markdown: string): string[] {
  return markdown
    .split(/^## \d+\s*$/m)
    .slice(1)
    .map((hint) => hint.trim());
}

/** Loads one task: its definition, its text and its hints in every language. */
export async function loadTask(name: TaskName): Promise<Task> {
  const dir = path.join(TASKS_DIR, name);
  const { task } = (await import(path.join(dir, "task.ts"))) as { task: TaskDefinition };
  const read = (base: string, lang: Lang) => readFileSync(path.join(dir, fileName(base, lang)), "utf8");
  const text = Object.fromEntries(LANGUAGES.map((lang) => [lang, read("README", lang)])) as Record<Lang, string>;
  const hints = Object.fromEntries(LANGUAGES.map((lang) => [lang, splitHints(read("hints", lang))])) as Record<
    Lang,
    string[]
  >;
  return { ...task, name, text, hints };
}

/** The tasks that exist in this checkout, in the order of the path. */
export function availableTasks(): TaskName[] {
  const present = existsSync(TASKS_DIR) ? new Set(readdirSync(TASKS_DIR)) : new Set<string>();
  return TASK_NAMES.filter((name) => present.has(name));
}
