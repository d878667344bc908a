import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyAndLesson, lessonDiff } from "../src/lesson-diff.ts";

const root = mkdtempSync(path.join(tmpdir(), "socket-lessons-diff-"));
const appsDir = path.join(root, "apps");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LESSON_SCRIPTS = {
  "start:server": "node s.ts",
  "start:client": "node c.ts",
  test: "vitest run",
  typecheck: "tsc",
};
/** What `pnpm learn start` gives a copy: the lesson's scripts, without its tests. */
const COPY_SCRIPTS = { "start:server": "node s.ts", "start:client": "node c.ts", typecheck: "tsc" };

/** A package folder with these src/ files (bin entries named by their default port) and scripts. */
function makePackage(dir: string, port: number, scripts: Record<string, string>, more: Record<string, string> = {}) {
  const files: Record<string, string> = {
    "bin/server.ts": `await serverMain(\n  { port: ${port}, summary: "a server" },\n  runServer,\n);\n`,
    "bin/client.ts": `await clientMain(\n  {\n    port: ${port},\n    summary: "a client",\n  },\n  runClient,\n);\n`,
    "server.ts": "export const runServer = () => {};\n",
    ...more,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, "src", file)), { recursive: true });
    writeFileSync(path.join(dir, "src", file), text);
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ scripts }));
  return dir;
}

describe("lessonDiff of a student's copy against its lesson", () => {
  makePackage(path.join(appsDir, "echo"), 12000, LESSON_SCRIPTS);
  makePackage(path.join(appsDir, "v1"), 12001, LESSON_SCRIPTS);

  it("does not show the copy's own default port, nor the tests a copy is made without", () => {
    const copy = makePackage(path.join(root, "my-work", "echo"), 12100, COPY_SCRIPTS);
    expect(lessonDiff("echo", copy, appsDir)).toBe("");
    expect(lessonDiff(copy, "echo", appsDir)).toBe("");
    expect(copyAndLesson("echo", copy, appsDir)).toMatchObject({
      copy,
      lesson: "echo",
      copyPort: 12100,
      lessonPort: 12000,
    });
  });

  it("still shows every change the student made, the port lines' neighbours included", () => {
    const copy = makePackage(
      path.join(root, "my-work", "changed"),
      12100,
      { ...COPY_SCRIPTS, dev: "node --watch s.ts" },
      {
        "server.ts": "export const runServer = () => 42;\n",
      },
    );
    writeFileSync(
      path.join(copy, "src", "bin", "server.ts"),
      'await serverMain(\n  { port: 12100, summary: "my server" },\n  runServer,\n);\n',
    );
    const diff = lessonDiff("echo", copy, appsDir);
    expect(diff).toContain('-  { port: 12000, summary: "a server" },\n+  { port: 12000, summary: "my server" },');
    expect(diff).toContain("-export const runServer = () => {};\n+export const runServer = () => 42;");
    expect(diff).toContain('+  "dev": "node --watch s.ts"');
    expect(diff).not.toContain("12100");
    expect(diff).not.toContain('"test"');
  });

  it("between two lessons, shows the port and the scripts as they are", () => {
    expect(copyAndLesson("echo", "v1", appsDir)).toBeUndefined();
    expect(lessonDiff("echo", "v1", appsDir)).toContain("-  { port: 12000, summary");
  });
});
