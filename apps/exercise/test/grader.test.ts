import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const exerciseDir = path.resolve(import.meta.dirname, "..");
const appsDir = path.dirname(exerciseDir);
const repositoryRoot = path.dirname(appsDir);
// A fresh copy of v5, made the way a student starts the exercise.
const copyName = `grader-test-${process.pid}`;
const copyDir = path.join(appsDir, copyName);
afterAll(() => rmSync(copyDir, { recursive: true, force: true }));

describe("the exercise grader", () => {
  it("passes the reference solution", async () => {
    const graded = await runLessonScript(exerciseDir, "grade", ["apps/exercise"], { direct: true });
    expect(graded.stdout.at(-1)).toBe("13 of 13 checks passed: well done!");
    expect(graded.code).toBe(0);
  });

  it("fails a fresh lesson:new copy of v5, saying that get is missing", async () => {
    const created = await runLessonScript(repositoryRoot, "lesson:new", [copyName, "--from", "v5", "--link-only"], {
      direct: true,
    });
    expect(created.code).toBe(0);
    expect(existsSync(path.join(copyDir, "src", "server.ts"))).toBe(true);

    const graded = await runLessonScript(exerciseDir, "grade", [`apps/${copyName}`], { direct: true });
    expect(graded.code).toBe(1);
    expect(graded.stdout).toContain("  ✗ the server starts with --db PATH and prints its listening line");
    expect(graded.stdout).toContain(
      "      it exited with code 2: error: unknown option --db (--help lists the options)",
    );
    expect(graded.stdout).toContain("  ✗ get finds a product of the sample catalog by its code (code 1)");
    expect(graded.stdout).toContain(
      '      expected product 1, got UNKNOWN_OP: unknown op "get": this server knows add, list, quit',
    );
    expect(graded.stdout).toContain("  ✗ products survive kill -9");
    expect(graded.stdout.at(-1)).toMatch(/^\d+ of 13 checks passed$/);
  });
});
