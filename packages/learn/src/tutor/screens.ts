import path from "node:path";
import { REPORT_WORDS, resultLines, summaryLine, summaryOf } from "../checker/report.ts";
import type { CheckResult } from "../checker/run-checks.ts";
import type { Lang, Text } from "../i18n.ts";
import { TASKS_DIR } from "../paths.ts";
import type { Task, TaskName } from "../task.ts";
import { type Line, reportLine } from "./layout.ts";
import { markdownLines } from "./markdown.ts";
import type { LastCheck, Progress } from "./progress.ts";
import { KEYS, TUTOR_PHRASES as P, TUTOR_TEXTS as T } from "./texts.ts";

export type TaskState = "not started" | "failing" | "started" | "done";

/** What a screen needs to know of the world: the tasks, the progress, which copies exist. */
export interface View {
  readonly tasks: readonly Task[];
  readonly progress: Progress;
  readonly hasCopy: (task: TaskName) => boolean;
  readonly lang: Lang;
}

/**
 * A screen before it meets the terminal: a body that may be longer than the terminal (it
 * pages), and what stays in view below it: a notice, a status line, the keys.
 */
export interface Screen {
  readonly body: readonly Line[];
  /** Lines of the body the view goes to: a check's result, its first failure (from, to), a new hint. */
  readonly anchors: { readonly results?: number; readonly failure?: readonly [number, number]; readonly hint?: number };
  readonly notice: readonly string[];
  readonly status?: Line;
  /** The keys that work on this screen; `scrollable` when the body does not fit (↑↓ work). */
  readonly keys: (scrollable: boolean) => string;
}

/** The state of a task, as the last check left it: a task that passed and fails again is failing. */
export function stateOf(view: View, task: TaskName): TaskState {
  if (view.progress.done.includes(task)) return "done";
  if (!view.hasCopy(task)) return "not started";
  return view.progress.failing.includes(task) ? "failing" : "started";
}

const STATE_TEXT = { "not started": T.notStarted, failing: T.failing, started: T.started, done: T.done } as const;
const STATE_MARK = { "not started": "·", failing: "✗", started: "›", done: "✓" } as const;
const STATE_STYLE = { "not started": undefined, failing: "red", started: undefined, done: "green" } as const;

const keysLine = (lang: Lang, keys: readonly Text[]) => keys.map((key) => key[lang]).join(" · ");

/** The list of tasks with their state; the current one marked. */
export function listScreen(view: View, notice: readonly string[] = []): Screen {
  const { lang } = view;
  const width = Math.max(...view.tasks.map((task) => task.name.length));
  // Numbers right-aligned, so that " 9" and "10" keep the marks and names in one column.
  const numberWidth = String(view.tasks.length).length;
  const rows = view.tasks.map((task, index): Line => {
    const state = stateOf(view, task.name);
    const current = view.progress.current === task.name ? "▸" : " ";
    const start = `${current} ${String(index + 1).padStart(numberWidth)}  ${STATE_MARK[state]} ${task.name.padEnd(width)}  `;
    const style = STATE_STYLE[state];
    return {
      text: `${start}${task.title[lang]}  (${STATE_TEXT[state][lang]})`,
      hang: Array.from(start).length,
      ...(style === undefined ? {} : { style }),
    };
  });
  return {
    body: [{ text: T.title[lang], style: "bold" }, { text: "" }, { text: T.listHeading[lang] }, ...rows],
    anchors: {},
    notice,
    keys: (scrollable) =>
      keysLine(lang, [P.openTask(view.tasks.length), KEYS.current, ...(scrollable ? [KEYS.page] : []), KEYS.quit]),
  };
}

/** A check of this session: its results so far, and whether it has ended. */
export interface CheckView {
  readonly results: readonly CheckResult[];
  readonly total: number;
  readonly finished: boolean;
  /** The command that runs the same check again. */
  readonly reproduce: string;
  /** What happened just before it started ("Made your copy in my-work/echo"), shown while it runs. */
  readonly preface?: string;
}

export interface TaskScreenState {
  readonly task: Task;
  /** This session's check of the task, running or ended. */
  readonly check?: CheckView;
  /** The task the student goes to with n, if any is left. */
  readonly next: Task | undefined;
  readonly notice: readonly string[];
  readonly watching: boolean | "unavailable";
  readonly copyDir: string;
  readonly confirmingReset: boolean;
}

/** A check's result as the tutor shows it: a line per check, the details of the first failure only. */
function checkLines(check: CheckView, lang: Lang): { lines: Line[]; failure?: readonly [number, number] } {
  const lines: Line[] = [];
  let failure: readonly [number, number] | undefined;
  let sameCause = 0;
  for (const result of check.results) {
    if (!result.passed && failure !== undefined && result.failure?.sharedCause === true) {
      // A program that does not compile fails every check: its one line is shown once.
      sameCause += 1;
      continue;
    }
    const all = resultLines(result, lang).map(reportLine);
    if (!result.passed && failure === undefined) {
      failure = [lines.length, lines.length + all.length];
      lines.push(...all);
    } else {
      lines.push(all[0] ?? { text: "" });
    }
  }
  if (sameCause > 0) lines.push({ text: `  ${P.sameCause(sameCause)[lang]}`, style: "red" });
  return failure === undefined ? { lines } : { lines, failure };
}

/** The last check of an earlier session, as the progress file remembers it. */
function earlierLines(task: Task, last: LastCheck, lang: Lang): Line[] {
  const lines: Line[] = [{ text: `${T.earlierCheck[lang]}: ${summaryOf(last.passed, last.total, lang)}` }];
  const firstFailed = task.checks.find((check) => last.failed.includes(check.id));
  if (firstFailed !== undefined) {
    lines.push(reportLine(`  ✗ ${REPORT_WORDS.failed[lang]}: ${firstFailed.title[lang]}`), {
      text: T.checkForDetails[lang],
    });
  }
  return lines;
}

/** One task: its text, the hints shown so far, the last check's result; the keys below. */
export function taskScreen(view: View, screen: TaskScreenState): Screen {
  const { lang } = view;
  const { task, check } = screen;
  const state = stateOf(view, task.name);
  const style = STATE_STYLE[state];
  const body: Line[] = [
    { text: `── ${task.name}: ${task.title[lang]} (${STATE_TEXT[state][lang]}) ──`, ...(style ? { style } : {}) },
    { text: "" },
    ...markdownLines(task.text[lang], path.join(TASKS_DIR, task.name)),
    { text: "" },
  ];
  const shown = view.progress.hints[task.name] ?? 0;
  let hint: number | undefined;
  for (let i = 0; i < shown; i++) {
    hint = body.length;
    body.push(
      { text: `${T.hint[lang]} ${i + 1}/${task.hints[lang].length}:`, style: "cyan" },
      ...markdownLines(task.hints[lang][i] ?? "", path.join(TASKS_DIR, task.name)),
      { text: "" },
    );
  }
  const results = body.length;
  let failure: readonly [number, number] | undefined;
  const last = view.progress.last[task.name];
  if (state === "not started") {
    body.push({ text: `${T.notStartedYet[lang]} ${screen.copyDir}` });
  } else if (check !== undefined) {
    if (!check.finished && check.preface !== undefined) body.push({ text: check.preface });
    body.push({
      text: check.finished
        ? `${T.lastCheck[lang]}: ${summaryLine(check.results, lang)}`
        : P.checking(check.results.length, check.total)[lang],
    });
    const shownCheck = checkLines(check, lang);
    if (shownCheck.failure !== undefined)
      failure = [body.length + shownCheck.failure[0], body.length + shownCheck.failure[1]];
    body.push(...shownCheck.lines);
    const passed = check.results.every((result) => result.passed);
    if (check.finished && !passed) body.push({ text: `${T.reproduce[lang]}: ${check.reproduce}` });
    if (check.finished && passed) body.push({ text: "" }, ...nextLines(view, screen));
  } else if (last !== undefined) {
    body.push(...earlierLines(task, last, lang));
    if (state === "done") body.push({ text: "" }, ...nextLines(view, screen));
  } else {
    body.push({ text: T.neverChecked[lang] });
  }

  // Always in view, whatever page of the body is shown: the task's state, and whether saves are seen.
  const watching =
    screen.watching === "unavailable"
      ? T.noWatching[lang]
      : screen.watching
        ? P.watching(screen.copyDir)[lang]
        : undefined;
  const status: Line | undefined =
    state === "not started"
      ? undefined
      : {
          text: `${task.name} (${STATE_TEXT[state][lang]})${watching === undefined ? "" : ` · ${watching}`}`,
          style: style ?? "dim",
        };
  return {
    body,
    anchors: {
      results,
      ...(failure === undefined ? {} : { failure }),
      ...(hint === undefined ? {} : { hint }),
    },
    notice: screen.notice,
    ...(status === undefined ? {} : { status }),
    keys: (scrollable) => {
      if (screen.confirmingReset) return keysLine(lang, [KEYS.yes, KEYS.no]);
      const page = scrollable ? [KEYS.page] : [];
      if (state === "not started")
        return keysLine(lang, [KEYS.start, KEYS.hint, KEYS.next, KEYS.list, ...page, KEYS.quit]);
      return keysLine(lang, [KEYS.hint, KEYS.check, KEYS.next, KEYS.list, KEYS.reset, ...page, KEYS.quit]);
    },
  };
}

/** After a pass: done, and where to go next (the next task not done). */
function nextLines(view: View, screen: TaskScreenState): Line[] {
  const { lang } = view;
  const next = screen.next;
  return [
    { text: T.passedAll[lang], style: "green" },
    { text: next === undefined ? T.allDone[lang] : `${T.nextOffer[lang]} ${next.name}, ${next.title[lang]}` },
  ];
}

/** The task after `task` in the path that is not done yet (coming round to the start), if any. */
export function nextNotDone(view: View, task: TaskName): Task | undefined {
  const tasks = view.tasks;
  const at = tasks.findIndex((candidate) => candidate.name === task);
  const after = [...tasks.slice(at + 1), ...tasks.slice(0, Math.max(at, 0))];
  return after.find((candidate) => !view.progress.done.includes(candidate.name));
}
