import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { forgetCompiled } from "./checker/compilations.ts";
import { APPS_DIR } from "./paths.ts";

/** One change to a file of the program (under src/): `from` is replaced by `to`. */
export interface Edit {
  readonly file: string;
  readonly from: string | RegExp;
  readonly to: string;
}

/**
 * A classic mistake, planted in a copy of a working program: the task's proof shows that the
 * check meant to catch it does, on every seed.
 */
export interface PlantedBug {
  /** A short name that stays: "one-read-one-line". */
  readonly id: string;
  /** The mistake in words: "one `data` event taken as one line". */
  readonly name: string;
  readonly edits: readonly Edit[];
  /** The id of the check that must fail. */
  readonly caughtBy: string;
}

/** Plants a bug's edits in the copy at `dir`; throws when an edit finds nothing to replace. */
export function plant(bug: PlantedBug, dir: string): void {
  for (const edit of bug.edits) {
    const file = path.join(dir, "src", edit.file);
    const before = readFileSync(file, "utf8");
    const after = before.replace(edit.from, edit.to);
    if (after === before) throw new Error(`the bug "${bug.id}" found nothing to replace in ${edit.file}: ${edit.from}`);
    writeFileSync(file, after);
  }
}

/**
 * A temporary, runnable package: `fill(dir)` writes its program files, and the lesson
 * `modulesFrom` lends its installed packages (node_modules, linked) and the files it needs
 * beside the program (tsconfig.json, data/).
 */
export function temporaryPackage(modulesFrom: string, fill: (dir: string) => void): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-task-"));
  const lesson = path.join(APPS_DIR, modulesFrom);
  for (const file of ["tsconfig.json", "data"]) {
    if (existsSync(path.join(lesson, file))) cpSync(path.join(lesson, file), path.join(dir, file), { recursive: true });
  }
  symlinkSync(path.join(lesson, "node_modules"), path.join(dir, "node_modules"), "junction");
  try {
    fill(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    remove() {
      forgetCompiled(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a package's program files (src/ and package.json) into `dir`. */
export function copyProgram(from: string, dir: string): void {
  cpSync(path.join(from, "src"), path.join(dir, "src"), { recursive: true });
  cpSync(path.join(from, "package.json"), path.join(dir, "package.json"));
}
