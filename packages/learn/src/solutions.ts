// A task's reference solution is kept as what it is: the lesson plus the task's change, a
// patch applied to the lesson's files. When the lesson changes in a way the solution does
// not follow, the patch no longer applies, and the task's proof fails in CI: the two cannot
// drift apart unseen. A student who asks for the solution sees that very patch.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyPatch, createTwoFilesPatch, parsePatch } from "diff";
import { APPS_DIR, SOLUTIONS_DIR } from "./paths.ts";
import type { TaskDefinition } from "./task.ts";

/** The files a solution may change: the program, and its package.json (scripts, dependencies). */
function programFiles(dir: string): string[] {
  const files: string[] = existsSync(path.join(dir, "package.json")) ? ["package.json"] : [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(file);
      else files.push(file);
    }
  };
  if (existsSync(path.join(dir, "src"))) walk("src");
  return files.sort();
}

/** The patch file of a task's solution. */
export const solutionPatchFile = (taskName: string) => path.join(SOLUTIONS_DIR, `${taskName}.patch`);

/** The patch that turns the files of `lessonDir` into those of `solutionDir` (for whoever edits a solution). */
export function makeSolutionPatch(lessonDir: string, solutionDir: string): string {
  const files = [...new Set([...programFiles(lessonDir), ...programFiles(solutionDir)])].sort();
  const read = (dir: string, file: string) =>
    existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : undefined;
  return files
    .map((file) => {
      const before = read(lessonDir, file);
      const after = read(solutionDir, file);
      if (before === after) return "";
      return createTwoFilesPatch(
        before === undefined ? "/dev/null" : `a/${file}`,
        after === undefined ? "/dev/null" : `b/${file}`,
        before ?? "",
        after ?? "",
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/m, "");
    })
    .join("");
}

/** The path a patch's file name stands for ("a/src/server.ts" → "src/server.ts"). */
const patchPath = (name: string | undefined) =>
  name === undefined || name === "/dev/null" ? undefined : name.replace(/^[ab]\//, "");

/**
 * Writes the solution of a task into `dir`: the lesson's program files, then the task's
 * patch applied to them. Throws, naming the file, when the patch no longer applies.
 */
export function writeSolution(task: Pick<TaskDefinition, "lesson" | "solution"> & { name: string }, dir: string): void {
  const lessonDir = path.join(APPS_DIR, task.lesson);
  const from = task.solution ?? lessonDir;
  for (const file of programFiles(from)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), readFileSync(path.join(from, file)));
  }
  if (task.solution !== undefined) return; // a solution that is a lesson of its own (the exercise)
  for (const patch of parsePatch(readFileSync(solutionPatchFile(task.name), "utf8"))) {
    const before = patchPath(patch.oldFileName);
    const after = patchPath(patch.newFileName);
    const file = path.join(dir, after ?? before ?? "");
    if (after === undefined) {
      rmSync(file, { force: true });
      continue;
    }
    const source = before === undefined ? "" : readFileSync(path.join(dir, before), "utf8");
    const patched = applyPatch(source, patch);
    if (patched === false) {
      throw new Error(
        `the solution of ${task.name} no longer applies to apps/${task.lesson}/${before}: the lesson changed; update solutions/${task.name}.patch`,
      );
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, patched);
  }
}
