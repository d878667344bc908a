import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lessonDiff } from "../src/lesson-diff.ts";
import { marker, normalizeDemoLine, withSections } from "../src/lesson-docs.ts";
import { PREVIOUS_LESSON } from "../src/lessons.ts";

const appsDir = mkdtempSync(path.join(tmpdir(), "socket-lessons-apps-"));
afterAll(() => rmSync(appsDir, { recursive: true, force: true }));

function fakeLesson(name: string, files: Record<string, string>, scripts: Record<string, string> = {}): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(appsDir, name, "src", file)), { recursive: true });
    writeFileSync(path.join(appsDir, name, "src", file), text);
  }
  writeFileSync(path.join(appsDir, name, "package.json"), JSON.stringify({ name, scripts }));
}

const readme = [
  "# lesson",
  "prose",
  marker("changes", "BEGIN"),
  "old diff",
  marker("changes", "END"),
  "more prose",
].join("\n");

describe("lessonDiff", () => {
  it("shows only what changed between two lessons, file by file, as a unified diff", () => {
    fakeLesson("one", { "server.ts": "a\nb\nc\n", "same.ts": "x\n", "gone.ts": "bye\n" }, { test: "vitest run" });
    fakeLesson("two", { "server.ts": "a\nB\nc\n", "same.ts": "x\n", "bin/new.ts": "hi\n" }, { test: "vitest run" });
    expect(lessonDiff("one", "two", appsDir)).toBe(
      [
        "--- one/src/bin/new.ts",
        "+++ two/src/bin/new.ts",
        "@@ -0,0 +1,1 @@",
        "+hi",
        "--- one/src/gone.ts",
        "+++ two/src/gone.ts",
        "@@ -1,1 +0,0 @@",
        "-bye",
        "--- one/src/server.ts",
        "+++ two/src/server.ts",
        "@@ -1,3 +1,3 @@",
        " a",
        "-b",
        "+B",
        " c",
        "",
      ].join("\n"),
    );
  });

  it("includes a change of the package scripts", () => {
    fakeLesson("three", { "s.ts": "x\n" }, { start: "node a.ts" });
    fakeLesson("four", { "s.ts": "x\n" }, { start: "node b.ts" });
    expect(lessonDiff("three", "four", appsDir)).toContain('-  "start": "node a.ts"\n+  "start": "node b.ts"');
  });

  it("is empty for two identical lessons, and refuses a lesson that does not exist", () => {
    fakeLesson("five", { "s.ts": "x\n" });
    expect(lessonDiff("five", "five", appsDir)).toBe("");
    expect(() => lessonDiff("five", "nope", appsDir)).toThrow("no lesson at");
  });

  it("the real lessons: v4 to v5 is the step to a concurrent server", () => {
    const diff = lessonDiff("v4", "v5");
    expect(diff).toContain('+  server.on("connection", async (socket: net.Socket) => {');
    expect(diff).toContain("-  server.close(); // one client only: stop accepting, so the next one is refused");
  });
});

describe("the web lessons", () => {
  it("continue from v5, one step each: v5 to web1 is the step to HTTP", () => {
    expect([PREVIOUS_LESSON.web1, PREVIOUS_LESSON.web2, PREVIOUS_LESSON.web3]).toEqual(["v5", "web1", "web2"]);
    const diff = lessonDiff("v5", "web1");
    expect(diff).toContain("+++ web1/src/http-request.ts");
    expect(diff).toContain("+  const server = net.createServer({ allowHalfOpen: true });");
  });

  it("their demo output is the same on every run: an HTTP response's Date, and ports, normalized", () => {
    expect(normalizeDemoLine("Date: Mon, 07 Dec 2026 21:55:43 GMT", "43625", "12007")).toBe("Date: DATE");
    expect(normalizeDemoLine("Host: 127.0.0.1:43625", "43625", "12007")).toBe("Host: 127.0.0.1:12007");
    expect(normalizeDemoLine("client 1 (127.0.0.1:46316): GET / HTTP/1.1 → 200 OK", "43625", "12007")).toBe(
      "client 1 (127.0.0.1:PORT): GET / HTTP/1.1 → 200 OK",
    );
  });
});

describe("generated README sections", () => {
  it("replace only the text between their markers", () => {
    const updated = withSections(readme, new Map([["changes", "new diff"]]), "README.md");
    expect(updated).toBe(readme.replace("old diff", "new diff"));
    expect(withSections(updated, new Map([["changes", "new diff"]]), "README.md")).toBe(updated);
  });

  it("go stale after a one-line change to a lesson's src/, until regenerated", () => {
    fakeLesson("six", { "server.ts": "listen()\naccept()\n" });
    fakeLesson("seven", { "server.ts": "listen()\naccept()\nsend()\n" });
    const synced = withSections(readme, new Map([["changes", lessonDiff("six", "seven", appsDir)]]), "README.md");
    fakeLesson("seven", { "server.ts": "listen()\naccept()\nsend() // now with a comment\n" });
    const expected = withSections(synced, new Map([["changes", lessonDiff("six", "seven", appsDir)]]), "README.md");
    expect(expected).not.toBe(synced); // what docs:check reports as stale
    expect(withSections(expected, new Map([["changes", lessonDiff("six", "seven", appsDir)]]), "README.md")).toBe(
      expected,
    );
  });

  it("refuse a README without the section's markers, saying which lines to add", () => {
    expect(() => withSections("# no markers", new Map([["output", "x"]]), "apps/x/README.md")).toThrow(
      `apps/x/README.md has no output section: add the lines\n${marker("output", "BEGIN")}`,
    );
  });
});
