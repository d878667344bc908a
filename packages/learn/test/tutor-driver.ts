// The tutor driven as a student drives it: keys on its input (arrows as a terminal sends
// them), its screens read back one by one from an output the size of a terminal.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { useCleanup } from "@socket-lessons/testing";
import type { Check } from "../src/checker/check.ts";
import { fail } from "../src/checker/failure.ts";
import { step } from "../src/checker/steps.ts";
import { type Lang, text } from "../src/i18n.ts";
import type { Task } from "../src/task.ts";
import { Tutor } from "../src/tutor/tutor.ts";

/** Every wait on the tutor's screen ends by this (unless told), with the screen in the error. */
const WAIT_MS = 20_000;
/** How a terminal starts a new screen: the tutor clears it and goes to its top. */
const NEW_SCREEN = "\x1b[H\x1b[2J\x1b[3J";

const defer = useCleanup();

export function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-tutor-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TutorUnderTest {
  readonly finished: Promise<void>;
  press(keys: string): void;
  /** The screens shown so far, each as the terminal shows it. */
  screens(): string[];
  /** The screen on the terminal now. */
  screen(): string;
  /** Resolves with the first screen (from screen number `from` on) that matches; rejects after `ms`. */
  waitFor(pattern: RegExp, from?: number, ms?: number): Promise<string>;
  quit(): Promise<void>;
}

export function tutorIn(
  dir: string,
  tasks: readonly Task[],
  options: { lang?: Lang; columns?: number; rows?: number } = {},
): TutorUnderTest {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: options.columns ?? 80,
    ...(options.rows === undefined ? {} : { rows: options.rows }),
  });
  let shown = "";
  const waiters = new Set<() => void>();
  output.on("data", (chunk) => {
    shown += String(chunk);
    for (const wake of waiters) wake();
  });
  const tutor = new Tutor({
    tasks,
    lang: options.lang ?? "en",
    calm: true,
    watch: true,
    input,
    output,
    colour: false,
    progressFile: path.join(dir, ".progress.json"),
    copyDirOf: (task) => path.join(dir, task),
  });
  const finished = tutor.run();
  const quit = async () => {
    tutor.quit();
    await finished;
  };
  defer(quit);
  const screens = () => shown.split(NEW_SCREEN).slice(1);
  return {
    finished,
    press: (keys) => input.write(keys),
    screens,
    screen: () => screens().at(-1) ?? "",
    quit,
    waitFor: (pattern, from = 0, ms = WAIT_MS) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const found = screens()
            .slice(from)
            .find((screen) => pattern.test(screen));
          if (found === undefined) return;
          clearTimeout(deadline);
          waiters.delete(look);
          resolve(found);
        };
        const deadline = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no screen matched ${pattern} in ${ms} ms; the last one:\n${screens().at(-1)}`));
        }, ms);
        waiters.add(look);
        look();
      }),
  };
}

/**
 * A task with the echo task's text and lesson, and checks that start no program: each reads
 * the copy's src/server.ts and passes when it holds its mark. Saving the file decides the
 * verdict, at once.
 */
export function markedTask(echo: Task, dir: string, name: Task["name"] = "echo"): Task {
  const marked = (id: string): Check => ({
    id,
    title: text(`the server holds the mark ${id}`, `o servidor tem a marca ${id}`),
    steps: () => [
      step(async () => {
        const source = readFileSync(path.join(dir, name, "src", "server.ts"), "utf8");
        if (!source.includes(`mark:${id}`)) {
          fail({
            expected: text(`the mark ${id} in src/server.ts`, `a marca ${id} em src/server.ts`),
            came: text("it is not there", "ela não está lá"),
          });
        }
      }),
    ],
  });
  return { ...echo, name, checks: [marked("one"), marked("two")] };
}

/** The screen's lines, and whether each fits the terminal. */
export const linesOf = (screen: string) => screen.split("\n");
