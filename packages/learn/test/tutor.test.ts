// The tutor driven as a student drives it: real keys on its input, its screens read back.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { runningProcesses, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import type { Lang } from "../src/i18n.ts";
import { SOLUTIONS_DIR } from "../src/paths.ts";
import { loadTask, type Task } from "../src/task.ts";
import { Tutor } from "../src/tutor/tutor.ts";

const defer = useCleanup();
const echo = await loadTask("echo");
// A second task, so that "the next task" exists: the echo task again, under v1's name.
const tasks: Task[] = [echo, { ...echo, name: "v1" }];

function tutorIn(folder: string, lang: Lang = "en") {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  const waiters: Array<() => void> = [];
  output.on("data", (chunk) => {
    screen += String(chunk);
    for (const wake of waiters.splice(0)) wake();
  });
  const tutor = new Tutor({
    tasks,
    lang,
    calm: true,
    watch: true,
    input,
    output,
    colour: false,
    progressFile: path.join(folder, ".progress.json"),
    copyDirOf: (task) => path.join(folder, task),
  });
  const finished = tutor.run();
  defer(async () => {
    tutor.quit();
    await finished;
  });
  return {
    finished,
    press: (keys: string) => input.write(keys),
    /** Everything shown so far. */
    text: () => screen,
    /** Resolves once the output (from `from` on) matches `pattern`. */
    async waitFor(pattern: RegExp, from = 0): Promise<void> {
      while (!pattern.test(screen.slice(from))) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    get length() {
      return screen.length;
    },
  };
}

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-tutor-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("the tutor", () => {
  it("shows the list of tasks with their state first, and the keys", async () => {
    const tutor = tutorIn(folder());
    await tutor.waitFor(/keys: 1-8 open a task/);
    expect(tutor.text()).toContain("1  · echo  an echo server that shouts, and counts  (not started)");
  });

  it("opens a task with its number, and shows its text and keys", async () => {
    const tutor = tutorIn(folder());
    await tutor.waitFor(/keys: 1-8/);
    tutor.press("1");
    await tutor.waitFor(/── echo: an echo server that shouts, and counts \(not started\)/);
    expect(tutor.text()).toContain("# Task: echo — a server that shouts, and counts");
    expect(tutor.text()).toContain(
      "keys: h next hint · c check now · n next task · l list · r reset this task · q quit",
    );
  });

  it("shows the hints one by one, then says there are no more", async () => {
    const tutor = tutorIn(folder());
    tutor.press("1");
    await tutor.waitFor(/── echo/);
    tutor.press("h");
    await tutor.waitFor(/hint 1\/3:\nEverything happens in the server's `data` handler/);
    tutor.press("hh");
    await tutor.waitFor(/hint 3\/3:/);
    const before = tutor.length;
    tutor.press("h");
    await tutor.waitFor(/That was the last hint/, before);
  });

  it("offers to make the copy of a task not started, and makes it with s", async () => {
    const dir = folder();
    const tutor = tutorIn(dir);
    tutor.press("1");
    await tutor.waitFor(/You have not started this task yet\. Press s/);
    tutor.press("s");
    await tutor.waitFor(/Made your copy in/);
    expect(existsSync(path.join(dir, "echo", "src", "server.ts"))).toBe(true);
    await tutor.waitFor(/checks passed/); // the first check runs at once (the lesson as it is: failing)
    expect(tutor.text()).toContain("(failing)");
  });

  it("resets a task only after asking, naming the files that would be lost", async () => {
    const dir = folder();
    const tutor = tutorIn(dir);
    tutor.press("1s");
    await tutor.waitFor(/checks passed/);
    const server = path.join(dir, "echo", "src", "server.ts");
    copyFileSync(path.join(SOLUTIONS_DIR, "echo", "src", "server.ts"), server);
    let mark = tutor.length;
    tutor.press("r");
    await tutor.waitFor(
      /Reset this task to its start\? This deletes your copy and every change you made in it: .*src\/server\.ts/,
      mark,
    );
    mark = tutor.length;
    tutor.press("x"); // anything but y is a no
    await tutor.waitFor(/Nothing deleted\./, mark);
    expect(readFileSync(server, "utf8")).toContain("The echo task, solved");
    tutor.press("r");
    mark = tutor.length;
    tutor.press("y");
    await tutor.waitFor(/Reset: a fresh copy of the lesson is in/, mark);
    expect(readFileSync(server, "utf8")).not.toContain("The echo task, solved");
  });

  it("checks again on a save; a save that makes every check pass marks the task done and offers the next", async () => {
    const dir = folder();
    const tutor = tutorIn(dir);
    tutor.press("1s");
    await tutor.waitFor(/1 of 7 checks passed/);
    const mark = tutor.length;
    copyFileSync(path.join(SOLUTIONS_DIR, "echo", "src", "server.ts"), path.join(dir, "echo", "src", "server.ts"));
    await tutor.waitFor(/Done! Every check passed\.\nPress n for the next task: v1/, mark);
    expect(tutor.text().slice(mark)).toContain("7 of 7 checks passed");
    expect(tutor.text().slice(mark)).toContain("(done)");
  });

  it("keeps its progress across a restart: the current task, the hints shown", async () => {
    const dir = folder();
    const first = tutorIn(dir);
    first.press("1hh");
    await first.waitFor(/hint 2\/3:/);
    first.press("q");
    await first.finished;
    const second = tutorIn(dir);
    await second.waitFor(/── echo: an echo server that shouts, and counts/);
    expect(second.text()).toContain("hint 2/3:");
    expect(second.text()).not.toContain("hint 3/3:");
  });

  it("leaves no program running when it quits in the middle of a check", async () => {
    const dir = folder();
    const tutor = tutorIn(dir);
    tutor.press("1s");
    await tutor.waitFor(/checking…/);
    tutor.press("q");
    await tutor.finished;
    await tutor.waitFor(/Bye!/);
    // The killed processes report their exit as they go: none may be left, and none started after.
    while (runningProcesses() > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runningProcesses()).toBe(0);
  });

  it("speaks Brazilian Portuguese with --lang pt-BR: screens, keys, task text and hints", async () => {
    const tutor = tutorIn(folder(), "pt-BR");
    await tutor.waitFor(/teclas: 1-8 abrem uma tarefa/);
    expect(tutor.text()).toContain("As tarefas, em ordem:");
    expect(tutor.text()).toContain("(não começada)");
    tutor.press("1h");
    await tutor.waitFor(/dica 1\/3:\nTudo acontece no tratador `data` do servidor/);
    expect(tutor.text()).toContain("# Tarefa: echo — um servidor que grita, e conta");
    expect(tutor.text()).toContain("teclas: h próxima dica · c verificar agora");
  });
});
