import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyLesson } from "../src/new-lesson.ts";

const appsDir = mkdtempSync(path.join(tmpdir(), "socket-lessons-new-"));
afterAll(() => rmSync(appsDir, { recursive: true, force: true }));

beforeAll(() => {
  for (const [name, port] of [
    ["v5", 12005],
    ["other", 12010],
  ] as const) {
    mkdirSync(path.join(appsDir, name, "src", "bin"), { recursive: true });
    mkdirSync(path.join(appsDir, name, "node_modules"), { recursive: true });
    writeFileSync(path.join(appsDir, name, "package.json"), JSON.stringify({ name: `@socket-lessons/${name}` }));
    writeFileSync(
      path.join(appsDir, name, "src", "bin", "server.ts"),
      `await serverMain({ port: ${port}, summary: "s" });\n`,
    );
    writeFileSync(path.join(appsDir, name, "src", "bin", "client.ts"), `await clientMain({ port: ${port} });\n`);
    writeFileSync(path.join(appsDir, name, "products.db"), "");
  }
});

describe("copyLesson", () => {
  it("copies a lesson under a new name, with the next free port and its own package name", () => {
    const created = copyLesson(appsDir, "v5", "mine");
    expect(created.port).toBe(12011);
    const server = readFileSync(path.join(created.dir, "src", "bin", "server.ts"), "utf8");
    expect(server).toBe('await serverMain({ port: 12011, summary: "s" });\n');
    expect(readFileSync(path.join(created.dir, "src", "bin", "client.ts"), "utf8")).toBe(
      "await clientMain({ port: 12011 });\n",
    );
    expect(JSON.parse(readFileSync(path.join(created.dir, "package.json"), "utf8")).name).toBe("@socket-lessons/mine");
    expect(readFileSync(path.join(created.dir, "README.md"), "utf8")).toContain("pnpm --filter mine start:server");
  });

  it("leaves out installed packages and databases", () => {
    expect(existsSync(path.join(appsDir, "mine", "node_modules"))).toBe(false);
    expect(existsSync(path.join(appsDir, "mine", "products.db"))).toBe(false);
  });

  it("refuses an existing name, a bad name, and a lesson that does not exist", () => {
    expect(() => copyLesson(appsDir, "v5", "other")).toThrow("already exists");
    expect(() => copyLesson(appsDir, "v5", "Bad Name")).toThrow("is not a lesson name");
    expect(() => copyLesson(appsDir, "v9", "fresh")).toThrow("no lesson named v9");
  });
});
