import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { emitKeypressEvents } from "node:readline";
import { type FSWatcher, watch } from "chokidar";
import { type CheckRequest, checkTask, randomSeed, reproduceCommand } from "../check-task.ts";
import { stopEveryProgram } from "../checker/program.ts";
import { resultLines, summaryLine } from "../checker/report.ts";
import type { CheckResult } from "../checker/run-checks.ts";
import type { Lang } from "../i18n.ts";
import { copyDirOf, shownPath } from "../paths.ts";
import { startTask } from "../start-task.ts";
import type { Task, TaskName } from "../task.ts";
import { loadProgress, type Progress, recordCheck, saveProgress } from "./progress.ts";
import { listScreen, type TaskScreenState, taskScreen, type View } from "./screens.ts";
import { TUTOR_TEXTS as T } from "./texts.ts";

/** A save is checked once the files have been quiet this long (editors write in bursts). */
const DEBOUNCE_MS = 300;

export interface TutorOptions {
  readonly tasks: readonly Task[];
  readonly lang: Lang;
  /** Check without network weather. */
  readonly calm: boolean;
  /** Watch the copy and check on every save (false: `c` only). */
  readonly watch: boolean;
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  readonly colour: boolean;
  readonly progressFile?: string;
  /** Where each task's copy lives (tests use a folder of their own). */
  readonly copyDirOf?: (task: TaskName) => string;
}

type Mode = "list" | "task" | "confirm-reset";

/**
 * `pnpm learn`: the list of tasks, the current task's text, its hints, and a check on every
 * save, driven by single keys. Every program a check starts is stopped when the tutor quits,
 * however it quits.
 */
export class Tutor {
  private progress: Progress;
  private mode: Mode;
  private notice: string[] | undefined;
  private lastCheck: string[] | undefined;
  private checking = false;
  private checkAgain = false;
  /** Aborts the check in progress: a save during a check cancels it, so no check runs part old code, part new. */
  private cancelCheck: AbortController | undefined;
  private watcher: FSWatcher | undefined;
  private watching: boolean | "unavailable" = false;
  private debounce: NodeJS.Timeout | undefined;
  private finished: () => void = () => {};
  private stopped = false;
  /** Aborted on quit: a check in progress starts no more programs. */
  private readonly stopping = new AbortController();
  private readonly copyDir: (task: TaskName) => string;

  constructor(private readonly options: TutorOptions) {
    this.copyDir = options.copyDirOf ?? copyDirOf;
    this.progress = loadProgress(options.progressFile);
    // Coming back: straight to the task the student was on. The first time: the list.
    this.mode = this.progress.current === undefined ? "list" : "task";
  }

  /** Runs until the student quits; resolves once everything is stopped and saved. */
  run(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finished = resolve;
    });
    const { input } = this.options;
    if (input.isTTY === true && input.setRawMode !== undefined) {
      emitKeypressEvents(input);
      input.setRawMode(true);
      input.on("keypress", (character: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
        if (key?.ctrl === true && key.name === "c") this.onKey("ctrl-c");
        else this.onKey(key?.name === "return" ? "return" : (character ?? key?.name ?? ""));
      });
    } else {
      // Keys from a pipe (or a test): each character is a key press.
      input.on("data", (chunk: Buffer | string) => {
        for (const character of chunk.toString())
          this.onKey(character === "\n" || character === "\r" ? "return" : character);
      });
    }
    input.on("end", () => this.quit());
    if (this.mode === "task") this.openTask(this.currentTask());
    else this.render();
    return done;
  }

  /** Stops everything: the watcher, any check in progress and the programs it started. */
  quit(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.debounce);
    void this.watcher?.close();
    this.stopping.abort();
    stopEveryProgram();
    saveProgress(this.progress, this.options.progressFile);
    const { input } = this.options;
    if (input.isTTY === true) input.setRawMode?.(false);
    input.removeAllListeners("data");
    input.removeAllListeners("keypress");
    if ("pause" in input && typeof input.pause === "function") input.pause();
    this.write([T.bye[this.options.lang]]);
    this.finished();
  }

  private get view(): View {
    return {
      tasks: this.options.tasks,
      progress: this.progress,
      hasCopy: (task) => existsSync(path.join(this.copyDir(task), "package.json")),
      lang: this.options.lang,
      colour: this.options.colour,
    };
  }

  private currentTask(): Task {
    const tasks = this.options.tasks;
    return tasks.find((task) => task.name === this.progress.current) ?? (tasks[0] as Task);
  }

  private onKey(key: string): void {
    if (this.stopped) return;
    if (key === "ctrl-c" || (key === "q" && this.mode !== "confirm-reset")) this.quit();
    else if (this.mode === "confirm-reset") this.confirmReset(key === "y" || key === "s");
    else if (this.mode === "list") this.onListKey(key);
    else this.onTaskKey(key, this.currentTask());
  }

  private onListKey(key: string): void {
    const chosen =
      key === "return" ? this.currentTask() : /^\d$/.test(key) ? this.options.tasks[Number(key) - 1] : undefined;
    if (chosen === undefined) this.say([T.unknownKey[this.options.lang]]);
    else this.openTask(chosen);
  }

  private onTaskKey(key: string, task: Task): void {
    const lang = this.options.lang;
    const started = this.view.hasCopy(task.name);
    if (key === "h") this.nextHint(task);
    else if (key === "c") void this.check(task);
    else if (key === "n") this.openNext(task);
    else if (key === "l") {
      this.mode = "list";
      this.notice = undefined;
      this.render();
    } else if (key === "r" && started) {
      this.mode = "confirm-reset";
      this.say([`${T.resetAsk[lang]} ${this.copyFiles(task).join(", ")}`, T.resetKeys[lang]]);
    } else if (key === "s" && !started) {
      startTask(task, this.copyDir(task.name));
      this.notice = [`${T.created[lang]} ${shownPath(this.copyDir(task.name))}`];
      this.watchCopy(task);
      void this.check(task);
    } else {
      this.say([T.unknownKey[lang]]);
    }
  }

  private openTask(task: Task): void {
    this.mode = "task";
    this.progress = { ...this.progress, current: task.name };
    saveProgress(this.progress, this.options.progressFile);
    this.lastCheck = undefined;
    this.notice = undefined;
    this.watchCopy(task);
    this.render();
  }

  private openNext(task: Task): void {
    const tasks = this.options.tasks;
    const next = tasks[tasks.findIndex((candidate) => candidate.name === task.name) + 1];
    if (next === undefined) {
      this.say([T.lastTask[this.options.lang]]);
      return;
    }
    this.openTask(next);
  }

  private nextHint(task: Task): void {
    const shown = this.progress.hints[task.name] ?? 0;
    if (shown >= task.hints[this.options.lang].length) {
      this.say([`${T.noMoreHints[this.options.lang]} ${task.name}`]);
      return;
    }
    this.progress = { ...this.progress, hints: { ...this.progress.hints, [task.name]: shown + 1 } };
    saveProgress(this.progress, this.options.progressFile);
    this.notice = undefined;
    this.render();
  }

  private confirmReset(yes: boolean): void {
    const task = this.currentTask();
    this.mode = "task";
    if (!yes) {
      this.say([T.resetKept[this.options.lang]]);
      return;
    }
    const dir = this.copyDir(task.name);
    rmSync(dir, { recursive: true, force: true });
    startTask(task, dir);
    const without = (list: TaskName[]) => list.filter((name) => name !== task.name);
    this.progress = {
      ...this.progress,
      done: without(this.progress.done),
      failing: without(this.progress.failing),
      hints: { ...this.progress.hints, [task.name]: 0 },
    };
    saveProgress(this.progress, this.options.progressFile);
    this.lastCheck = undefined;
    this.watchCopy(task);
    this.say([`${T.resetDone[this.options.lang]} ${shownPath(dir)}`]);
  }

  /** The files of a copy, as the reset question lists them (what would be lost). */
  private copyFiles(task: Task): string[] {
    const dir = this.copyDir(task.name);
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.parentPath.includes("node_modules"))
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .sort();
  }

  /** Watches the task's copy: each save (once quiet) runs the checks again. */
  private watchCopy(task: Task): void {
    void this.watcher?.close();
    this.watcher = undefined;
    const dir = this.copyDir(task.name);
    if (!this.options.watch || !existsSync(dir)) {
      this.watching = this.options.watch ? false : "unavailable";
      return;
    }
    try {
      const watcher = watch(dir, { ignoreInitial: true, ignored: (file) => file.includes("node_modules") });
      watcher.on("all", () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.check(task), DEBOUNCE_MS);
      });
      watcher.on("error", () => {
        this.watching = "unavailable";
        this.render();
      });
      this.watcher = watcher;
      this.watching = true;
    } catch {
      this.watching = "unavailable";
    }
  }

  /** Runs the task's checks (once at a time; a save during a run checks again after it). */
  private async check(task: Task): Promise<void> {
    if (!this.view.hasCopy(task.name))
      return this.say([`${T.notStartedYet[this.options.lang]} ${shownPath(this.copyDir(task.name))}`]);
    if (this.checking) {
      this.checkAgain = true;
      this.cancelCheck?.abort();
      return;
    }
    this.checking = true;
    this.render();
    const cancel = new AbortController();
    this.cancelCheck = cancel;
    const quitting = () => cancel.abort();
    this.stopping.signal.addEventListener("abort", quitting, { once: true });
    const request = {
      task,
      dir: this.copyDir(task.name),
      seed: randomSeed(),
      calm: this.options.calm,
      lang: this.options.lang,
      signal: cancel.signal,
    };
    const results = await checkTask(request, () => {});
    this.stopping.signal.removeEventListener("abort", quitting);
    this.checking = false;
    if (this.stopped) return;
    if (cancel.signal.aborted) {
      // Cancelled by a save: its results are of code that is no longer there. Check again.
      this.checkAgain = false;
      await this.check(task);
      return;
    }
    const lines = compactReport(request, results, this.options.colour);
    const passed = results.every((result) => result.passed);
    const wasDone = this.progress.done.includes(task.name);
    this.progress = recordCheck(this.progress, task.name, passed);
    saveProgress(this.progress, this.options.progressFile);
    this.lastCheck = lines;
    if (passed && this.currentTask().name === task.name) {
      const next = this.options.tasks[this.options.tasks.findIndex((candidate) => candidate.name === task.name) + 1];
      const lang = this.options.lang;
      this.notice = [
        T.passedAll[lang],
        next === undefined ? T.lastTask[lang] : `${T.nextOffer[lang]} ${next.name}: ${next.title[lang]}`,
      ];
      if (wasDone) this.notice = [T.passedAll[lang]];
    }
    if (this.currentTask().name === task.name && this.mode === "task") this.render();
    if (this.checkAgain) {
      this.checkAgain = false;
      await this.check(task);
    }
  }

  private say(lines: string[]): void {
    this.notice = lines;
    this.render();
  }

  private render(): void {
    if (this.stopped) return;
    const lines =
      this.mode === "list"
        ? [...listScreen(this.view), ...(this.notice ?? [])]
        : taskScreen(this.view, this.taskScreenState());
    this.write(lines, true);
  }

  private taskScreenState(): TaskScreenState {
    const task = this.currentTask();
    return {
      task,
      checking: this.checking,
      watching: this.watching,
      copyDir: shownPath(this.copyDir(task.name)),
      ...(this.lastCheck === undefined ? {} : { lastCheck: this.lastCheck }),
      ...(this.notice === undefined ? {} : { notice: this.notice }),
    };
  }

  /** A new screen: on a terminal it replaces the last one; in a pipe it follows it. */
  private write(lines: string[], clear = false): void {
    const { output } = this.options;
    const prefix = clear && output.isTTY === true ? "\x1b[2J\x1b[3J\x1b[H" : clear ? "\n" : "";
    output.write(`${prefix}${lines.join("\n")}\n`);
  }
}

/**
 * A check's result as the tutor shows it: a line per check, the details (bytes and all) of
 * the first failure only, so that the task's text stays in view, and the reproduce command.
 */
function compactReport(request: CheckRequest, results: readonly CheckResult[], colour: boolean): string[] {
  const lines: string[] = [];
  let detailed = false;
  for (const result of results) {
    const all = resultLines(result, request.lang, { colour });
    if (!result.passed && !detailed) {
      lines.push(...all);
      detailed = true;
    } else {
      lines.push(all[0] ?? "");
    }
  }
  lines.push(summaryLine(results, request.lang));
  if (detailed) lines.push(`${request.lang === "en" ? "reproduce" : "para repetir"}: ${reproduceCommand(request)}`);
  return lines;
}
