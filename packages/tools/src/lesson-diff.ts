import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { DEFAULT_PORT_IN_ENTRY, defaultPort, REPOSITORY_ROOT } from "./lessons.ts";

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A lesson's package.json scripts (the rest of the file is bookkeeping). */
function scriptsOf(lessonDir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(lessonDir, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

const asText = (scripts: Record<string, string>) => `${JSON.stringify(scripts, null, 2)}\n`;

/**
 * A lesson's folder: `v4` is apps/v4; anything with a slash is a folder of its own (a
 * student's copy, `my-work/v4`), taken from the repository root.
 */
const folderOf = (lesson: string, appsDir: string) =>
  /[\\/]/.test(lesson) ? path.resolve(REPOSITORY_ROOT, lesson) : path.join(appsDir, lesson);

const isInside = (parent: string, dir: string) => {
  const relative = path.relative(parent, dir);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
};

/** A folder of its own (a student's copy) compared with a lesson of apps/, and their default ports. */
export interface CopyAndLesson {
  /** The copy and the lesson, as they were named on the command line (`my-work/echo`, `echo`). */
  copy: string;
  lesson: string;
  copyDir: string;
  lessonDir: string;
  /** The default port in the copy's bin entries, and in the lesson's (`undefined`: none found). */
  copyPort: number | undefined;
  lessonPort: number | undefined;
}

/** When exactly one of the two is a lesson of apps/, the other one is taken as a copy of it. */
export function copyAndLesson(
  from: string,
  to: string,
  appsDir = path.join(REPOSITORY_ROOT, "apps"),
): CopyAndLesson | undefined {
  const [fromDir, toDir] = [folderOf(from, appsDir), folderOf(to, appsDir)];
  const fromIsLesson = isInside(appsDir, fromDir);
  if (fromIsLesson === isInside(appsDir, toDir)) return undefined;
  const [copy, copyDir, lesson, lessonDir] = fromIsLesson ? [to, toDir, from, fromDir] : [from, fromDir, to, toDir];
  return { copy, copyDir, lesson, lessonDir, copyPort: defaultPort(copyDir), lessonPort: defaultPort(lessonDir) };
}

/**
 * A student's copy (`pnpm learn start`) is given a default port of its own, so that it can run
 * beside the lesson (my-work/echo listens on 12100, the echo lesson on 12000), and no tests.
 * Neither is the student's change: compared with a lesson, the copy's port is shown as the
 * lesson's, and the lesson's `test` script is left out when the copy has none.
 */
function asTheLessonSees(pair: CopyAndLesson | undefined, dir: string, file: string, text: string): string {
  if (pair === undefined || dir !== pair.copyDir || pair.copyPort === undefined || pair.lessonPort === undefined)
    return text;
  if (!["server.ts", "client.ts"].some((entry) => file === path.join("bin", entry))) return text;
  const copyPort = String(pair.copyPort);
  return text.replace(new RegExp(DEFAULT_PORT_IN_ENTRY.source, "g"), (match, before: string, port: string) =>
    port === copyPort ? `${before}${pair.lessonPort}` : match,
  );
}

function scriptsAsTheCopySees(pair: CopyAndLesson | undefined, dir: string): Record<string, string> {
  const scripts = scriptsOf(dir);
  if (pair === undefined || dir !== pair.lessonDir || "test" in scriptsOf(pair.copyDir)) return scripts;
  const { test: _tests, ...rest } = scripts;
  return rest;
}

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
  const pair = copyAndLesson(from, to, appsDir);
  const files = [...new Set([...filesUnder(path.join(fromDir, "src")), ...filesUnder(path.join(toDir, "src"))])].sort();
  const read = (dir: string, file: string) => {
    const full = path.join(dir, "src", file);
    return existsSync(full) ? asTheLessonSees(pair, dir, file, readFileSync(full, "utf8")) : "";
  };
  const patches = files.map((file) =>
    patch(`${from}/src/${file}`, `${to}/src/${file}`, read(fromDir, file), read(toDir, file)),
  );
  patches.push(
    patch(
      `${from}/package.json (scripts)`,
      `${to}/package.json (scripts)`,
      asText(scriptsAsTheCopySees(pair, fromDir)),
      asText(scriptsAsTheCopySees(pair, toDir)),
    ),
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
