import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { emitKeypressEvents } from "node:readline";
import { type FSWatcher, watch } from "chokidar";
import { checkTask, randomSeed, reproduceCommand } from "../check-task.ts";
import { stopEveryProgram } from "../checker/program.ts";
import type { CheckResult } from "../checker/run-checks.ts";
import type { Lang } from "../i18n.ts";
import { copyDirOf, shownPath } from "../paths.ts";
import { copyChanges, startTask } from "../start-task.ts";
import type { Task, TaskName } from "../task.ts";
import { type Focus, frameOf } from "./frame.ts";
import { painted } from "./layout.ts";
import { forgetTask, loadProgress, type Progress, recordCheck, saveProgress } from "./progress.ts";
import { type CheckView, listScreen, nextNotDone, type Screen, taskScreen, type View } from "./screens.ts";
import { TUTOR_TEXTS as T } from "./texts.ts";

/**
 * A save is checked once the files have been quiet this long: editors write a file in a
 * burst of events within a few milliseconds. Short, so that the check starts well within
 * half a second of a save; a save during a check cancels it anyway.
 */
const DEBOUNCE_MS = 100;

type Stream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export interface TutorOptions {
  readonly tasks: readonly Task[];
  readonly lang: Lang;
  /** Check without network weather. */
  readonly calm: boolean;
  /** Watch the copy and check on every save (false: `c` only). */
  readonly watch: boolean;
  readonly input: Stream;
  /** Its `columns` and `rows`, when it has them, are the size the screens fit. */
  readonly output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  readonly colour: boolean;
  readonly progressFile?: string;
  /** Where each task's copy lives (tests use a folder of their own). */
  readonly copyDirOf?: (task: TaskName) => string;
}

type Mode = "list" | "task" | "confirm-reset";

/** A check of this session: its results so far. */
interface CheckInProgress extends CheckView {
  results: CheckResult[];
  finished: boolean;
}

/**
 * `pnpm learn`: the list of tasks, the current task's text, its hints, and a check on every
 * save, driven by single keys. What it shows of a task is what its last check found. Every
 * program a check starts is stopped when the tutor quits, however it quits.
 */
export class Tutor {
  private progress: Progress;
  private mode: Mode;
  /** What just happened (a key that does nothing, the reset question): gone at the next key or result. */
  private notice: string[] = [];
  /** Each task's last check of this session: ended, or running (the current task's only). */
  private readonly checks = new Map<TaskName, CheckInProgress>();
  /** Aborts the check in progress: a save during a check cancels it, so no check runs part old code, part new. */
  private cancelCheck: AbortController | undefined;
  private watcher: FSWatcher | undefined;
  private watching: boolean | "unavailable" = false;
  private debounce: NodeJS.Timeout | undefined;
  /** The page shown: its first line, how many lines fit, and where the next screen goes. */
  private top = 0;
  private height = 0;
  private focus: Focus = "top";
  private finished: () => void = () => {};
  private stopped = false;
  /** Aborted on quit: a check in progress starts no more programs. */
  private readonly stopping = new AbortController();
  private readonly copyDir: (task: TaskName) => string;
  private readonly onResize = () => this.render();

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
    const { input, output } = this.options;
    // Keys as a terminal sends them (arrows are escape sequences), from a terminal or a pipe.
    emitKeypressEvents(input);
    if (input.isTTY === true) input.setRawMode?.(true);
    input.on("keypress", (character: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (key?.ctrl === true && key.name === "c") this.onKey("ctrl-c");
      else if (key?.name === "return" || key?.name === "enter") this.onKey("return");
      else if (["up", "down", "pageup", "pagedown"].includes(key?.name ?? "")) this.onKey(key?.name ?? "");
      else this.onKey(character ?? key?.name ?? "");
    });
    input.on("end", () => this.quit());
    output.on("resize", this.onResize);
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
    const { input, output } = this.options;
    if (input.isTTY === true) input.setRawMode?.(false);
    input.removeAllListeners("keypress");
    output.removeListener("resize", this.onResize);
    if ("pause" in input && typeof input.pause === "function") input.pause();
    output.write(`\n${T.bye[this.options.lang]}\n`);
    this.finished();
  }

  private get view(): View {
    return {
      tasks: this.options.tasks,
      progress: this.progress,
      hasCopy: (task) => existsSync(path.join(this.copyDir(task), "package.json")),
      lang: this.options.lang,
    };
  }

  private currentTask(): Task {
    const tasks = this.options.tasks;
    return tasks.find((task) => task.name === this.progress.current) ?? (tasks[0] as Task);
  }

  private onKey(key: string): void {
    if (this.stopped) return;
    const confirming = this.mode === "confirm-reset";
    this.notice = [];
    if (key === "ctrl-c" || (key === "q" && !confirming)) this.quit();
    else if (confirming) this.confirmReset(key === "y" || key === "s");
    else if (key === "up" || key === "pageup" || key === "down" || key === "pagedown") this.scroll(key);
    else if (this.mode === "list") this.onListKey(key);
    else this.onTaskKey(key, this.currentTask());
  }

  /** A page up or down, keeping two lines of the last page in view. */
  private scroll(key: string): void {
    const step = Math.max(1, this.height - 2);
    this.top += key === "up" || key === "pageup" ? -step : step;
    this.focus = "keep";
    this.render();
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
    else if (key === "n") this.openNext(task);
    else if (key === "l") {
      this.mode = "list";
      this.focus = "top";
      this.render();
    } else if (key === "c" && started) this.check(task);
    else if (key === "r" && started) {
      this.mode = "confirm-reset";
      const changes = copyChanges(task, this.copyDir(task.name));
      const how = { changed: T.changed, added: T.added, deleted: T.deleted } as const;
      this.say([
        changes.length === 0
          ? T.resetUnchanged[lang]
          : `${T.resetAsk[lang]} ${changes.map((change) => `${change.file} (${how[change.how][lang]})`).join(", ")}`,
      ]);
    } else if (key === "s" && !started) {
      startTask(task, this.copyDir(task.name), lang);
      this.watchCopy(task);
      this.check(task, `${T.created[lang]} ${shownPath(this.copyDir(task.name))}`);
    } else {
      this.say([T.unknownKey[lang]]);
    }
  }

  private openTask(task: Task): void {
    this.mode = "task";
    if (this.currentTask().name !== task.name) this.stopChecking();
    this.progress = { ...this.progress, current: task.name };
    saveProgress(this.progress, this.options.progressFile);
    this.focus = "top";
    this.watchCopy(task);
    this.render();
  }

  /** "next": the next task not done (the list comes round to the start). */
  private openNext(task: Task): void {
    const next = nextNotDone(this.view, task.name);
    if (next === undefined) {
      const lang = this.options.lang;
      this.say([this.progress.done.includes(task.name) ? T.allDone[lang] : T.noOtherTask[lang]]);
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
    this.focus = "hint";
    this.render();
  }

  private confirmReset(yes: boolean): void {
    const task = this.currentTask();
    this.mode = "task";
    if (!yes) {
      this.say([T.resetKept[this.options.lang]]);
      return;
    }
    this.stopChecking();
    this.checks.delete(task.name);
    const dir = this.copyDir(task.name);
    rmSync(dir, { recursive: true, force: true });
    startTask(task, dir, this.options.lang);
    this.progress = forgetTask(this.progress, task.name);
    saveProgress(this.progress, this.options.progressFile);
    this.watchCopy(task);
    this.focus = "top";
    this.say([`${T.resetDone[this.options.lang]} ${shownPath(dir)}`]);
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
        this.debounce = setTimeout(() => this.check(task), DEBOUNCE_MS);
      });
      watcher.on("error", () => {
        this.watching = "unavailable";
        this.render();
      });
      // Saves are seen once the watcher has read the folder: until then it does not say it watches.
      watcher.on("ready", () => {
        if (this.watcher !== watcher) return;
        this.watching = true;
        this.render();
      });
      this.watcher = watcher;
      this.watching = false;
    } catch {
      this.watching = "unavailable";
    }
  }

  /**
   * Stops the check in progress (another task is opened, or the copy reset): its results
   * would be of nothing shown. Checks that ended stay, to be shown when their task is opened.
   */
  private stopChecking(): void {
    this.cancelCheck?.abort();
    for (const [task, check] of this.checks) if (!check.finished) this.checks.delete(task);
  }

  /**
   * Checks the task now. A check still running is cancelled: its programs run code that is no
   * longer there. It stops on its own (its programs killed, its results dropped) while the new
   * one starts: each run compiles the copy and starts its programs apart, on ports of their own.
   */
  private check(task: Task, preface?: string): void {
    if (this.stopped) return;
    if (!this.view.hasCopy(task.name)) {
      this.say([`${T.notStartedYet[this.options.lang]} ${shownPath(this.copyDir(task.name))}`]);
      return;
    }
    // The new check first (it shows, and its compilation starts), then the old one stopped:
    // stopping kills its programs, which can take a moment on a busy machine.
    const previous = this.cancelCheck;
    void this.runCheck(task, preface);
    previous?.abort();
  }

  /** One run of the task's checks, shown as each check ends; its verdict recorded unless it was cancelled. */
  private async runCheck(task: Task, preface?: string): Promise<void> {
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
    const shown: CheckInProgress = {
      results: [],
      total: task.checks.length,
      finished: false,
      reproduce: reproduceCommand(request),
      ...(preface === undefined ? {} : { preface }),
    };
    this.checks.set(task.name, shown);
    this.focus = "results";
    this.render();
    try {
      const results = await checkTask(
        request,
        () => {},
        (result) => {
          if (cancel.signal.aborted || this.checks.get(task.name) !== shown) return;
          shown.results.push(result);
          this.render();
        },
      );
      if (cancel.signal.aborted || this.stopped) return;
      // The verdict: the task's state is what this check found, whatever it was before.
      this.progress = recordCheck(this.progress, task.name, {
        passed: results.filter((result) => result.passed).length,
        total: results.length,
        failed: results.filter((result) => !result.passed).map((result) => result.check.id),
      });
      saveProgress(this.progress, this.options.progressFile);
      shown.results = results;
      shown.finished = true;
      this.notice = [];
      if (this.checks.get(task.name) === shown) this.render();
    } finally {
      this.stopping.signal.removeEventListener("abort", quitting);
      if (this.cancelCheck === cancel) this.cancelCheck = undefined;
    }
  }

  private say(lines: string[]): void {
    this.notice = lines;
    this.render();
  }

  private screen(): Screen {
    if (this.mode === "list") return listScreen(this.view, this.notice);
    const task = this.currentTask();
    const check = this.checks.get(task.name);
    return taskScreen(this.view, {
      task,
      next: nextNotDone(this.view, task.name),
      notice: this.notice,
      watching: this.watching,
      copyDir: shownPath(this.copyDir(task.name)),
      confirmingReset: this.mode === "confirm-reset",
      ...(check === undefined ? {} : { check }),
    });
  }

  /** The screen again, fitted to the terminal: on a terminal it replaces the last one; in a pipe it follows it. */
  private render(): void {
    if (this.stopped) return;
    const { output, lang, colour } = this.options;
    const size = { width: Math.max(20, output.columns ?? 80), ...(output.rows ? { rows: output.rows } : {}) };
    const frame = frameOf(this.screen(), size, this.top, this.focus, lang);
    this.top = frame.top;
    this.height = frame.height;
    const text = frame.lines.map((line) => painted(line, colour)).join("\n");
    // No newline after the last line: on a terminal exactly as tall as the screen, it would scroll.
    output.write(output.isTTY === true ? `\x1b[H\x1b[2J\x1b[3J${text}` : `\n${text}\n`);
  }
}
