import { styleText } from "node:util";
import type { Lang } from "../i18n.ts";
import type { Task, TaskName } from "../task.ts";
import type { Progress } from "./progress.ts";
import { TUTOR_TEXTS as T } from "./texts.ts";

export type TaskState = "not started" | "failing" | "started" | "done";

/** What a screen needs to know of the world: the tasks, the progress, which copies exist. */
export interface View {
  readonly tasks: readonly Task[];
  readonly progress: Progress;
  readonly hasCopy: (task: TaskName) => boolean;
  readonly lang: Lang;
  readonly colour: boolean;
}

export function stateOf(view: View, task: TaskName): TaskState {
  if (view.progress.done.includes(task)) return "done";
  if (!view.hasCopy(task)) return "not started";
  return view.progress.failing.includes(task) ? "failing" : "started";
}

const STATE_TEXT = { "not started": T.notStarted, failing: T.failing, started: T.started, done: T.done } as const;
const STATE_MARK = { "not started": "·", failing: "✗", started: "›", done: "✓" } as const;

function paint(view: View, style: "green" | "red" | "bold" | "dim" | "cyan", line: string): string {
  return view.colour ? styleText(style, line) : line;
}

/** The list of tasks with their state; the current one marked. */
export function listScreen(view: View): string[] {
  const { lang } = view;
  const width = Math.max(...view.tasks.map((task) => task.name.length));
  const rows = view.tasks.map((task, index) => {
    const state = stateOf(view, task.name);
    const current = view.progress.current === task.name ? "▸" : " ";
    const row = `${current} ${index + 1}  ${STATE_MARK[state]} ${task.name.padEnd(width)}  ${task.title[lang]}  (${STATE_TEXT[state][lang]})`;
    return state === "done" ? paint(view, "green", row) : state === "failing" ? paint(view, "red", row) : row;
  });
  return [
    paint(view, "bold", T.title[lang]),
    "",
    T.listHeading[lang],
    ...rows,
    "",
    paint(view, "dim", T.listKeys[lang]),
  ];
}

export interface TaskScreenState {
  readonly task: Task;
  /** Lines of the last check's report, when there was one in this session. */
  readonly lastCheck?: readonly string[];
  readonly checking: boolean;
  /** A line about what just happened (a hint shown, a copy made, the offer of the next task). */
  readonly notice?: readonly string[];
  readonly watching: boolean | "unavailable";
  readonly copyDir: string;
}

/** One task: its text, the hints shown so far, the last check's result, the keys. */
export function taskScreen(view: View, screen: TaskScreenState): string[] {
  const { lang } = view;
  const { task } = screen;
  const state = stateOf(view, task.name);
  const heading = `── ${task.name}: ${task.title[lang]} (${STATE_TEXT[state][lang]}) `;
  const lines = [paint(view, "bold", heading.padEnd(72, "─")), "", ...task.text[lang].trimEnd().split("\n"), ""];
  const shown = view.progress.hints[task.name] ?? 0;
  for (let i = 0; i < shown; i++) {
    lines.push(
      paint(view, "cyan", `${T.hint[lang]} ${i + 1}/${task.hints[lang].length}:`),
      ...(task.hints[lang][i] ?? "").split("\n"),
      "",
    );
  }
  if (state === "not started") {
    lines.push(`${T.notStartedYet[lang]} ${screen.copyDir}`);
  } else if (screen.checking) {
    lines.push(T.checking[lang]);
  } else if (screen.lastCheck !== undefined) {
    lines.push(`${T.lastCheck[lang]}:`, ...screen.lastCheck);
  } else {
    lines.push(T.neverChecked[lang]);
  }
  if (screen.notice !== undefined) lines.push("", ...screen.notice);
  lines.push("");
  if (state !== "not started") {
    lines.push(paint(view, "dim", screen.watching === "unavailable" ? T.noWatching[lang] : T.watching[lang]));
  }
  lines.push(paint(view, "dim", T.taskKeys[lang]));
  return lines;
}
