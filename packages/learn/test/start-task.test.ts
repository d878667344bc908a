// A student's copy: made from the lesson with a README in the student's language, and
// compared with how it started (what a reset would lose).
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { copyChanges, startTask } from "../src/start-task.ts";
import { loadTask } from "../src/task.ts";

const defer = useCleanup();
const echo = await loadTask("echo");

function copyOf(lang: "en" | "pt-BR"): string {
  const parent = mkdtempSync(path.join(tmpdir(), "socket-lessons-copy-"));
  defer(() => rmSync(parent, { recursive: true, force: true }));
  const dir = path.join(parent, "echo");
  startTask(echo, dir, lang);
  return dir;
}

describe("a student's copy", () => {
  it("has a README in the student's language, linking the task's text in it (and naming the other)", () => {
    for (const [lang, title, own, other] of [
      ["en", "# My work: the echo task", "README.md", "README.pt-BR.md"],
      ["pt-BR", "# Meu trabalho: a tarefa echo", "README.pt-BR.md", "README.md"],
    ] as const) {
      const dir = copyOf(lang);
      const readme = readFileSync(path.join(dir, "README.md"), "utf8");
      expect(readme.split("\n")[0]).toBe(title);
      const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1] ?? "");
      expect(links.map((link) => path.basename(link))).toEqual([own, other]);
      for (const link of links) expect(existsSync(path.resolve(dir, link)), link).toBe(true);
      expect(readme).toContain("pnpm --filter my-echo start:server");
    }
  });

  it("names the files that differ from its start: changed, new, deleted; nothing for a fresh copy", () => {
    const dir = copyOf("pt-BR");
    expect(copyChanges(echo, dir)).toEqual([]);
    writeFileSync(path.join(dir, "src", "server.ts"), "// mine\n");
    writeFileSync(path.join(dir, "src", "notes.md"), "notes\n");
    unlinkSync(path.join(dir, "src", "client.ts"));
    expect(copyChanges(echo, dir)).toEqual([
      { file: "src/client.ts", how: "deleted" },
      { file: "src/notes.md", how: "added" },
      { file: "src/server.ts", how: "changed" },
    ]);
  });
});
