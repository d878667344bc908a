import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { APPS_DIR } from "./paths.ts";

/**
 * A classic mistake, planted in a copy of a working program: the checker's own tests show
 * that the check meant to catch it does. `replace` is applied to `file` (under src/).
 */
export interface PlantedBug {
  /** "one read is one message". */
  readonly name: string;
  readonly file: string;
  readonly replace: readonly [from: string | RegExp, to: string];
  /** The title (English) of the check that must fail. */
  readonly caughtBy: string;
}

/**
 * A temporary, runnable copy of the package in `dir` (its src/ and package.json, its
 * packages linked from `modulesFrom`'s lesson), with `bug` planted when given.
 */
export function temporaryCopy(dir: string, modulesFrom: string, bug?: PlantedBug): { dir: string; remove(): void } {
  const copy = mkdtempSync(path.join(tmpdir(), "socket-lessons-task-"));
  cpSync(path.join(dir, "src"), path.join(copy, "src"), { recursive: true });
  for (const file of ["package.json", "tsconfig.json", "data"]) {
    try {
      cpSync(path.join(dir, file), path.join(copy, file), { recursive: true });
    } catch {
      // not every package has each of these
    }
  }
  symlinkSync(path.join(APPS_DIR, modulesFrom, "node_modules"), path.join(copy, "node_modules"), "junction");
  if (bug !== undefined) {
    const file = path.join(copy, "src", bug.file);
    const before = readFileSync(file, "utf8");
    const after = before.replace(bug.replace[0], bug.replace[1]);
    if (after === before) throw new Error(`the bug "${bug.name}" found nothing to replace in ${bug.file}`);
    writeFileSync(file, after);
  }
  return { dir: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}
