// The tutor driven as a student drives it: real keys on its input, its screens read back.
// Most tests use checks that start no program (a mark in the copy decides the verdict), so
// that they test the tutor, not the checker; the last ones check a real copy of echo.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runningProcesses } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import type { Check } from "../src/checker/check.ts";
import { evidenceAt } from "../src/checker/evidence.ts";
import { fail } from "../src/checker/failure.ts";
import { step } from "../src/checker/steps.ts";
import { text } from "../src/i18n.ts";
import { writeSolution } from "../src/solutions.ts";
import { loadTask, type Task } from "../src/task.ts";
import { columns } from "../src/tutor/layout.ts";
import { folder, markedTask, tutorIn } from "./tutor-driver.ts";

const echo = await loadTask("echo");
/** A screen's words, wrapping undone. */
const flat = (screen: string) => screen.replace(/\s+/g, " ");
/** A first check ended, and the copy is watched: a save is seen from now on. */
const ready = (checks: number) => new RegExp(`last check: \\d of ${checks} [\\s\\S]*· watching `);

/** Saves the copy's server with the marks given: `mark:one` passes the check "one". */
const save = (dir: string, ...marks: string[]) => {
  const file = path.join(dir, "echo", "src", "server.ts");
  const source = readFileSync(file, "utf8").replace(/\n\/\/ marks:.*$/s, "");
  writeFileSync(file, `${source}\n// marks: ${marks.map((mark) => `mark:${mark}`).join(" ")}\n`);
};

/** The task with three checks first that fail at length: a long expected text, bytes, a program's output. */
function withLongFailures(task: Task): Task {
  const long = (n: number): Check => ({
    id: `long-${n}`,
    title: text(
      `a check with a title long enough to wrap at eighty columns, number ${n}, and then some more words`,
      `uma verificação com um título longo o bastante para quebrar em oitenta colunas, número ${n}, e mais`,
    ),
    steps: () => [
      step(async () => {
        fail({
          expected: text(`the line ${"y".repeat(150)} and more`, `a linha ${"y".repeat(150)} e mais`),
          came: text("it sent something else entirely", "veio outra coisa"),
          evidence: evidenceAt(text("bytes from the server", "bytes do servidor"), Buffer.from("x".repeat(300)), 40),
          program: {
            who: text("the server", "o servidor"),
            exit: { code: 1, signal: null },
            left: 0,
            lines: Array.from({ length: 12 }, (_, i) => ({ stream: "stderr" as const, text: `line ${i}` })),
          },
        });
      }),
    ],
  });
  return { ...task, checks: [long(1), long(2), long(3), ...task.checks] };
}

describe("the tutor", () => {
  it("shows the list of tasks with their state first, and the keys that work there", async () => {
    const dir = folder();
    const tutor = tutorIn(dir, [echo, markedTask(echo, dir, "v1")]);
    const screen = await tutor.waitFor(/1-2 open a task/);
    expect(screen).toContain("1  · echo  an echo server that shouts, and counts  (not started)");
    expect(screen).toContain("1-2 open a task · Enter the current one · q quit");
  });

  it("shows a task's text with its links as plain words and paths, and offers s before a copy exists", async () => {
    const tutor = tutorIn(folder(), [echo]);
    tutor.press("1");
    const screen = await tutor.waitFor(/── echo: an echo server that shouts, and counts \(not started\)/);
    expect(screen).toContain("Start from the echo lesson (apps/echo)");
    expect(screen).not.toMatch(/\]\(|^#/m);
    expect(screen).toContain("s start: make my copy · h hint · n next · l list · q quit");
  });

  it("shows the hints one by one, then says there are no more", async () => {
    const tutor = tutorIn(folder(), [echo]);
    tutor.press("1h");
    await tutor.waitFor(/hint 1\/3:\nEverything happens in the server's `data` handler/);
    tutor.press("hh");
    await tutor.waitFor(/hint 3\/3:/);
    const before = tutor.screens().length;
    tutor.press("h");
    await tutor.waitFor(/That was the last hint/, before);
  });

  it("shows the last check's truth: a task that passed and fails again is failing, in the list and in its screen", async () => {
    const dir = folder();
    const tasks = [markedTask(echo, dir)];
    const tutor = tutorIn(dir, tasks);
    tutor.press("1s");
    await tutor.waitFor(ready(2));
    save(dir, "one", "two");
    const passed = await tutor.waitFor(/last check: 2 of 2 checks passed/);
    expect(passed).toContain("── echo: an echo server that shouts, and counts (done) ──");
    expect(passed).toContain("Done! Every check passed.");

    let mark = tutor.screens().length;
    save(dir, "one");
    const failing = await tutor.waitFor(/last check: 1 of 2 checks passed/, mark);
    expect(failing).toContain("── echo: an echo server that shouts, and counts (failing) ──");
    expect(failing).toContain("✗ failed: the server holds the mark two");
    expect(failing).not.toContain("Done!");
    mark = tutor.screens().length;
    tutor.press("l");
    const list = await tutor.waitFor(/The tasks, in order/, mark);
    expect(list).toContain("▸ 1  ✗ echo  an echo server that shouts, and counts  (failing)");
    const progress = JSON.parse(readFileSync(path.join(dir, ".progress.json"), "utf8"));
    expect(progress).toMatchObject({ done: [], failing: ["echo"] });

    // Next time: the task as its last check left it, not "not checked yet".
    await tutor.quit();
    const again = tutorIn(dir, tasks);
    const back = await again.waitFor(/── echo/);
    expect(back).toContain("(failing)");
    expect(back).toContain("last check, in an earlier session: 1 of 2 checks passed");
    expect(back).toContain("✗ failed: the server holds the mark two");
  });

  it("remembers a done task as done, and offers the next task not done", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, ".progress.json"), JSON.stringify({ done: ["v1"], failing: ["v1"] }));
    const tasks = [markedTask(echo, dir), markedTask(echo, dir, "v1"), markedTask(echo, dir, "v2")];
    const first = tutorIn(dir, tasks);
    // Both done and failing (a file from before): failing is the truth.
    await first.waitFor(/2 {2}· v1 .*\(not started\)/);
    await first.quit();
    writeFileSync(path.join(dir, ".progress.json"), JSON.stringify({ done: ["v1"] }));
    const tutor = tutorIn(dir, tasks);
    tutor.press("1s");
    await tutor.waitFor(ready(2));
    save(dir, "one", "two");
    const passed = await tutor.waitFor(/Done! Every check passed\.\nPress n for the next task: v2,/);
    expect(passed).not.toContain("next task: v1");
    const mark = tutor.screens().length;
    tutor.press("n");
    await tutor.waitFor(/── v2: /, mark);
    // Back to it in the same session: its check as it ended, details and all.
    tutor.press("l1");
    const back = await tutor.waitFor(/── echo: /, mark + 1);
    expect(back).toContain("last check: 2 of 2 checks passed: well done!");
    await tutor.quit();

    const later = tutorIn(dir, tasks);
    later.press("l1");
    const done = await later.waitFor(/── echo: .*\(done\)/);
    expect(done).toContain("last check, in an earlier session: 2 of 2 checks passed: well done!");
    expect(done).toContain("Press n for the next task: v2,");
  });

  it("resets a task only after asking, naming the files that differ from its start", async () => {
    const dir = folder();
    const tutor = tutorIn(dir, [markedTask(echo, dir)]);
    tutor.press("1s");
    await tutor.waitFor(ready(2));
    let mark = tutor.screens().length;
    tutor.press("r");
    await tutor.waitFor(
      /Your copy is as it started: nothing would\s+be lost\.[\s\S]*\ny yes, reset it · any other key: no$/,
      mark,
    );
    tutor.press("x");
    save(dir, "one");
    writeFileSync(path.join(dir, "echo", "src", "notes.md"), "mine\n");
    await tutor.waitFor(/last check: 1 of 2/);
    mark = tutor.screens().length;
    tutor.press("r");
    const asked = await tutor.waitFor(/Reset this task to its start\?/, mark);
    expect(flat(asked)).toContain("what you changed: src/notes.md (new), src/server.ts (changed)");
    expect(asked).not.toContain("src/bin/server.ts");
    mark = tutor.screens().length;
    tutor.press("x"); // anything but y is a no
    await tutor.waitFor(/Nothing deleted\./, mark);
    expect(readFileSync(path.join(dir, "echo", "src", "server.ts"), "utf8")).toContain("mark:one");
    mark = tutor.screens().length;
    tutor.press("ry");
    const reset = await tutor.waitFor(/Reset: a fresh copy of the lesson is in/, mark);
    expect(reset).toContain("not checked yet: save a file, or press c");
    expect(readFileSync(path.join(dir, "echo", "src", "server.ts"), "utf8")).not.toContain("mark:one");
    expect(existsSync(path.join(dir, "echo", "src", "notes.md"))).toBe(false);
  });

  it("fits 80×24: lines within 80 columns, hex rows whole, a long failure paged with its start and the keys in view", async () => {
    for (const lang of ["en", "pt-BR"] as const) {
      const dir = folder();
      const tutor = tutorIn(dir, [withLongFailures(markedTask(echo, dir))], { lang, columns: 80, rows: 24 });
      tutor.press("1s");
      const screen = await tutor.waitFor(lang === "en" ? /last check: 0 of 5/ : /última verificação: 0 de 5/);
      const lines = screen.split("\n");
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(80);
      expect(lines.at(-1)).toBe(
        lang === "en"
          ? "h hint · c check · n next · l list · r reset · ↑↓ page · q quit"
          : "h dica · c verificar · n próxima · l lista · r recomeçar · ↑↓ página · q sair",
      );
      // The first failure from its start: its title, what was expected, the bytes.
      expect(screen).toContain(lang === "en" ? "✗ failed: a check with a title long" : "✗ falhou: uma verificação");
      expect(flat(screen)).toContain(lang === "en" ? "expected the line yyy" : "esperava a linha yyy");
      const rows = lines.filter((line) => /^ {2}[0-9a-f]{4} {2}[0-9a-f]{2} /.test(line));
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows)
        expect(row).toMatch(/^ {2}[0-9a-f]{4} {2}(?:[0-9a-f]{2} ){8} (?:[0-9a-f]{2} ){7}[0-9a-f]{2} {2}\|.{16}\|$/);
      // ↓ pages on, ↑ comes back up to the task's text; the keys stay.
      let mark = tutor.screens().length;
      tutor.press("\x1b[B");
      const down = await tutor.waitFor(/./, mark);
      expect(down).not.toBe(screen);
      expect(down.split("\n").at(-1)).toBe(lines.at(-1));
      mark = tutor.screens().length;
      tutor.press("\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A");
      await tutor.waitFor(/^── echo: /, mark);
      await tutor.quit();
    }
  });

  it("keeps its progress across a restart: the current task, the hints shown", async () => {
    const dir = folder();
    const first = tutorIn(dir, [echo]);
    first.press("1hh");
    await first.waitFor(/hint 2\/3:/);
    await first.quit();
    const second = tutorIn(dir, [echo]);
    const screen = await second.waitFor(/── echo: an echo server that shouts, and counts/);
    expect(screen).toContain("hint 2/3:");
    expect(screen).not.toContain("hint 3/3:");
  });

  it("speaks Brazilian Portuguese with --lang pt-BR: screens, keys, task text and hints", async () => {
    const tutor = tutorIn(folder(), [echo], { lang: "pt-BR" });
    const list = await tutor.waitFor(/1-1 abrir uma tarefa · Enter a atual · q sair/);
    expect(list).toContain("As tarefas, em ordem:");
    expect(list).toContain("(não começada)");
    tutor.press("1h");
    const screen = await tutor.waitFor(/dica 1\/3:\nTudo acontece no tratador `data` do servidor/);
    expect(screen).toContain("Tarefa: echo — um servidor que grita, e conta");
    expect(screen).toContain("Comece pela lição echo (apps/echo)");
    expect(screen).toContain("s criar a minha cópia · h dica · n próxima · l lista · q sair");
  });
});

// Each of these runs the echo task's seven checks once or twice, on a machine that may be busy.
describe("the tutor on a real copy of echo", { timeout: 120_000 }, () => {
  it("shows a compile error in one line, once, with the keys in view", async () => {
    const dir = folder();
    const tutor = tutorIn(dir, [echo], { columns: 80, rows: 24 });
    tutor.press("1s");
    await tutor.waitFor(ready(7), 0, 60_000);
    const mark = tutor.screens().length;
    writeFileSync(path.join(dir, "echo", "src", "server.ts"), "const broken = ;\n");
    const screen = await tutor.waitFor(/last check: 0 of 7/, mark, 60_000);
    expect(screen).toMatch(/it does not compile: src\/server\.ts:1:\d+:\s+Unexpected/);
    expect(screen).toContain("✗ 6 more checks failed for the same cause");
    expect(screen.split("\n").length).toBeLessThanOrEqual(24);
    expect(screen.split("\n").at(-1)).toContain("q quit");
    expect(screen).not.toMatch(/esbuild|node_modules|at .*\(/);
  });

  it("a save during a check cancels it: one verdict follows, of the new code", async () => {
    const dir = folder();
    const tutor = tutorIn(dir, [echo]);
    tutor.press("1s");
    // The lesson as it is fails; save the solution while its check is under way.
    await tutor.waitFor(/checking… [1-5] of 7 checks done[\s\S]*· watching /, 0, 60_000);
    const mark = tutor.screens().length;
    expect(tutor.screen()).toMatch(/checking…/);
    const solution = folder();
    writeSolution(echo, solution);
    writeFileSync(path.join(dir, "echo", "src", "server.ts"), readFileSync(path.join(solution, "src", "server.ts")));
    await tutor.waitFor(/last check: 7 of 7 checks passed/, mark, 60_000);
    // Time for a second, wrongly started, check to show itself (a save starts one within 0.1 s).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = tutor.screens().slice(mark);
    // A verdict is a screen that says "last check" right after one that said "checking…".
    const verdicts = after.filter((screen, i) => /last check:/.test(screen) && /checking…/.test(after[i - 1] ?? ""));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toContain("last check: 7 of 7 checks passed");
    // Between the save and the verdict, the check started again from its start.
    expect(after.some((screen) => /checking… 0 of 7/.test(screen))).toBe(true);
  });

  it("leaves no program running when it quits in the middle of a check", async () => {
    const tutor = tutorIn(folder(), [echo]);
    tutor.press("1s");
    await tutor.waitFor(/checking…/);
    await tutor.quit();
    // The killed processes report their exit as they go: none may be left, and none started after.
    for (let waited = 0; runningProcesses() > 0 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runningProcesses()).toBe(0);
  });
});
