import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chooseLanguage, type Lang } from "./i18n.ts";
import { APPS_DIR, copyDirOf, shownPath, TASKS_DIR } from "./paths.ts";
import type { Task } from "./task.ts";

/** Where each bin entry gives its default port: `{ port: 12004, ...`. */
const PORT_IN_ENTRY = /(\{\s*port: )(\d+)/g;
/** Made by running or testing a lesson, never part of a copy. */
const NOT_COPIED = /(^|[\\/])(node_modules|\.turbo|vitest-report\.json)$|\.db(-wal|-shm)?$/;

export interface StartedTask {
  readonly dir: string;
  /** False when the copy was there already (it is never overwritten). */
  readonly created: boolean;
}

/** The package name of a student's copy: `pnpm --filter my-v2 start:server`. */
export const copyPackageName = (task: string) => `@socket-lessons/my-${task}`;

/** The files under `dir` (paths relative to it, with forward slashes), leaving out what is never copied. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((file) => !file.split("/").some((part) => NOT_COPIED.test(part)))
    .sort();
}

/**
 * The files a fresh copy of the task starts with, by path: the lesson's src/ (its entries
 * given the copy's own port), its tsconfig.json, the files the task also needs, a
 * package.json of its own. The README is apart: it is written in the student's language.
 */
export function startingFiles(task: Task): Map<string, string | Buffer> {
  const lessonDir = path.join(APPS_DIR, task.lesson);
  const modulesDir = path.join(APPS_DIR, task.modulesFrom ?? task.lesson);
  const files = new Map<string, string | Buffer>();
  for (const file of filesUnder(path.join(lessonDir, "src"))) {
    const source = readFileSync(path.join(lessonDir, "src", file));
    const entry = file === "bin/server.ts" || file === "bin/client.ts";
    files.set(
      `src/${file}`,
      entry
        ? source.toString("utf8").replace(PORT_IN_ENTRY, (_match, before: string) => `${before}${task.port}`)
        : source,
    );
  }
  files.set("tsconfig.json", readFileSync(path.join(lessonDir, "tsconfig.json")));
  for (const file of task.alsoCopy ?? []) files.set(file, readFileSync(path.join(modulesDir, file)));

  const lessonManifest = JSON.parse(readFileSync(path.join(lessonDir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const manifest = {
    name: copyPackageName(task.name),
    private: true,
    type: "module",
    description: `My work on the ${task.name} task, started from the ${task.lesson} lesson (pnpm learn start ${task.name})`,
    scripts: {
      "start:server": lessonManifest.scripts["start:server"],
      "start:client": lessonManifest.scripts["start:client"],
      typecheck: "tsc -p tsconfig.json",
    },
  };
  files.set("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/**
 * Makes the student's own copy of the task's starting lesson, in my-work/TASK: its src/, its
 * scripts, a default port of its own, and its packages (a link to the lesson's installed
 * ones, so nothing is installed and no tracked file changes, pnpm-lock.yaml included). The
 * copy declares no dependencies, which is what keeps `pnpm install --frozen-lockfile` passing.
 * Its README.md, in the student's language, says what it is and how to run it.
 */
export function startTask(task: Task, dir = copyDirOf(task.name), lang: Lang = chooseLanguage(undefined)): StartedTask {
  if (existsSync(path.join(dir, "package.json"))) return { dir, created: false };
  for (const [file, content] of startingFiles(task)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  // The lesson's installed packages, linked: a junction on Windows needs no special rights.
  const modulesDir = path.join(APPS_DIR, task.modulesFrom ?? task.lesson);
  symlinkSync(path.join(modulesDir, "node_modules"), path.join(dir, "node_modules"), "junction");
  writeFileSync(path.join(dir, "README.md"), copyReadme(task, dir, lang));
  return { dir, created: true };
}

/** A change the student made to a copy, compared with how it started. */
export interface CopyChange {
  readonly file: string;
  readonly how: "changed" | "added" | "deleted";
}

/**
 * What differs in the copy at `dir` from a fresh start of the task: the files a reset would
 * lose. The README counts as unchanged when it is the one a start writes, in either language.
 */
export function copyChanges(task: Task, dir: string): CopyChange[] {
  const start = startingFiles(task);
  const readmes = new Set((["en", "pt-BR"] as const).map((lang) => copyReadme(task, dir, lang)));
  const changes: CopyChange[] = [];
  const present = new Set(filesUnder(dir));
  for (const file of present) {
    const now = readFileSync(path.join(dir, file));
    const before = start.get(file);
    if (file === "README.md" && readmes.has(now.toString("utf8"))) continue;
    if (before === undefined) changes.push({ file, how: "added" });
    else if (!now.equals(Buffer.from(before))) changes.push({ file, how: "changed" });
  }
  for (const file of start.keys()) if (!present.has(file)) changes.push({ file, how: "deleted" });
  return changes.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * The copy's README, in the language the student chose: it is read by one person, who reads
 * one language, and it links that language's task text (and names the other's). It says what
 * the folder is, where the task is, and the commands that run, check and compare it.
 */
export function copyReadme(task: Task, dir: string, lang: Lang): string {
  const where = shownPath(dir);
  const name = `my-${task.name}`;
  const taskText = (file: string) =>
    path
      .relative(dir, path.join(TASKS_DIR, task.name, file))
      .split(path.sep)
      .join("/");
  const [own, other] = lang === "en" ? ["README.md", "README.pt-BR.md"] : ["README.pt-BR.md", "README.md"];
  const words =
    lang === "en"
      ? {
          title: `# My work: the ${task.name} task`,
          what: `A copy of the \`${task.lesson}\` lesson, made by \`pnpm learn start ${task.name}\`: yours to change. \`git pull\` never touches it.`,
          task: `The task: [${task.name}](${taskText(own)}) ([em português](${taskText(other)})), or \`pnpm learn\`, which shows it, its hints, and checks your copy each time you save.`,
          listens: `listens on 127.0.0.1:${task.port}`,
          checks: `checks ${where} over real sockets`,
          diff: "what you changed",
        }
      : {
          title: `# Meu trabalho: a tarefa ${task.name}`,
          what: `Uma cópia da lição \`${task.lesson}\`, feita por \`pnpm learn start ${task.name}\`: é sua, para mudar. O \`git pull\` nunca mexe nela.`,
          task: `A tarefa: [${task.name}](${taskText(own)}) ([in English](${taskText(other)})), ou \`pnpm learn\`, que a mostra, com as dicas, e verifica a sua cópia cada vez que você salva.`,
          listens: `escuta em 127.0.0.1:${task.port}`,
          checks: `verifica ${where} por sockets de verdade`,
          diff: "o que você mudou",
        };
  const commands = [
    [`pnpm --filter ${name} start:server`, words.listens],
    [`pnpm --filter ${name} start:client`, ""],
    [`pnpm learn check ${task.name}`, words.checks],
    [`pnpm lesson:diff ${task.lesson} ${where}`, words.diff],
  ];
  const width = Math.max(...commands.map(([command = ""]) => command.length));
  return [
    words.title,
    "",
    words.what,
    "",
    words.task,
    "",
    "```sh",
    ...commands.map(([command = "", comment]) => (comment ? `${command.padEnd(width)}   # ${comment}` : command)),
    "```",
    "",
  ].join("\n");
}
