import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { REPOSITORY_ROOT } from "./lessons.ts";

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A lesson's package.json scripts, as text to diff (the rest of the file is bookkeeping). */
function scriptsOf(lessonDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(lessonDir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return `${JSON.stringify(manifest.scripts ?? {}, null, 2)}\n`;
}

/**
 * A lesson's folder: `v4` is apps/v4; anything with a slash is a folder of its own (a
 * student's copy, `my-work/v4`), taken from the repository root.
 */
const folderOf = (lesson: string, appsDir: string) =>
  /[\\/]/.test(lesson) ? path.resolve(REPOSITORY_ROOT, lesson) : path.join(appsDir, lesson);

/**
 * The unified diff of two lessons: every file of their `src/`, then their package.json
 * scripts. Files that are the same are left out, so what remains is what the step changed.
 */
export function lessonDiff(from: string, to: string, appsDir = path.join(REPOSITORY_ROOT, "apps")): string {
  const fromDir = folderOf(from, appsDir);
  const toDir = folderOf(to, appsDir);
  for (const dir of [fromDir, toDir]) {
    if (!existsSync(path.join(dir, "package.json")))
      throw new Error(`no lesson at ${path.relative(REPOSITORY_ROOT, dir)}`);
  }
  const files = [...new Set([...filesUnder(path.join(fromDir, "src")), ...filesUnder(path.join(toDir, "src"))])].sort();
  const read = (dir: string, file: string) => {
    const full = path.join(dir, "src", file);
    return existsSync(full) ? readFileSync(full, "utf8") : "";
  };
  const patches = files.map((file) =>
    patch(`${from}/src/${file}`, `${to}/src/${file}`, read(fromDir, file), read(toDir, file)),
  );
  patches.push(
    patch(`${from}/package.json (scripts)`, `${to}/package.json (scripts)`, scriptsOf(fromDir), scriptsOf(toDir)),
  );
  return patches.filter((text) => text !== "").join("");
}

function patch(fromName: string, toName: string, before: string, after: string): string {
  if (before === after) return "";
  // jsdiff starts each patch with a line of "=" (and an "Index:" line when asked): drop it,
  // so the output reads like `diff -u` and `git diff`.
  const text = createTwoFilesPatch(fromName, toName, before, after, "", "", { context: 3 });
  // It also ends the file-name lines with a tab (for timestamps we do not give).
  return text.slice(text.indexOf("--- ")).replace(/^((?:---|\+\+\+) .*)\t$/gm, "$1");
}
