// Fitting text to a terminal: wrapped between words at its width, dump rows whole, wide
// characters counted as the terminal draws them; a task's Markdown as readable text.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TASKS_DIR } from "../src/paths.ts";
import { loadTask, TASK_NAMES } from "../src/task.ts";
import { columns, reportLine, wrapLine } from "../src/tutor/layout.ts";
import { markdownLines, plainInline } from "../src/tutor/markdown.ts";
import { emptyProgress } from "../src/tutor/progress.ts";
import { listScreen } from "../src/tutor/screens.ts";

const texts = (lines: { text: string }[]) => lines.map((line) => line.text);

describe("fitting lines to the terminal", () => {
  it("wraps between words, continuation lines under the text (past a bullet)", () => {
    const wrapped = texts(wrapLine({ text: "  ✗ failed: one two three four five six seven" }, 20));
    expect(wrapped).toEqual(["  ✗ failed: one two", "    three four five", "    six seven"]);
    for (const line of wrapped) expect(columns(line)).toBeLessThanOrEqual(20);
  });

  it("cuts a word only when it is longer than a line", () => {
    expect(texts(wrapLine({ text: `see ${"x".repeat(30)} here` }, 12))).toEqual([
      "see",
      "x".repeat(12),
      "x".repeat(12),
      "xxxxxx here",
    ]);
  });

  it("keeps a hex dump row whole", () => {
    const row = "  0010  20 61 c3 a7 c3 a3 6f 20  78 69 67 70 6d 76 68 7a  | a....o xigpmvhz|";
    expect(columns(row)).toBe(76);
    expect(reportLine(row).whole).toBe(true);
    expect(texts(wrapLine(reportLine(row), 80))).toEqual([row]);
    expect(reportLine("        ^^                                                 ^").whole).toBe(true);
  });

  it("counts CJK and emoji as two columns, combining marks as none", () => {
    expect(columns("日本 🙂")).toBe(7);
    expect(columns("e\u0301")).toBe(1);
    for (const line of texts(wrapLine({ text: `veio "${"日本 ".repeat(20)}"` }, 30)))
      expect(columns(line)).toBeLessThanOrEqual(30);
  });
});

describe("a task's Markdown in the terminal", () => {
  it("shows links as their words and the path from the repository's root", () => {
    const base = path.join(TASKS_DIR, "echo");
    expect(plainInline("the [echo lesson](../../../../apps/echo) and [Node](https://nodejs.org)", base)).toBe(
      "the echo lesson (apps/echo) and Node (https://nodejs.org)",
    );
    expect(plainInline("**both** [above](#run-it)", base)).toBe("both above");
  });

  it("joins a paragraph's and a list item's lines, keeps code as it is, drops heading marks and fences", () => {
    const lines = markdownLines(
      "# Title\n\nOne\ntwo.\n\n1. First\n   still first.\n2. Second\n\n```sh\npnpm learn   # check\n```\n\n| a | b |\n| --- | --- |\n| `x` | y |\n",
      TASKS_DIR,
    );
    expect(texts(lines)).toEqual([
      "Title",
      "",
      "One two.",
      "",
      "1. First still first.",
      "2. Second",
      "",
      "  pnpm learn   # check",
      "",
      "a  │  b",
      "`x`  │  y",
    ]);
    expect(lines[4]?.hang).toBe(3);
  });
});

describe("the list of tasks", () => {
  it("keeps the marks and names in one column, task 10 and 11 included", async () => {
    const tasks = await Promise.all(TASK_NAMES.map((name) => loadTask(name)));
    const screen = listScreen({ tasks, progress: emptyProgress(), hasCopy: () => false, lang: "en" });
    const rows = screen.body.map((line) => line.text).filter((line) => /^. +\d+ /.test(line));
    expect(rows).toHaveLength(TASK_NAMES.length);
    const markColumns = new Set(rows.map((row) => row.search(/[·✗›✓]/)));
    expect([...markColumns]).toHaveLength(1);
  });
});
