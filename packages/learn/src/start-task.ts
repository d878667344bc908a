import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { APPS_DIR, copyDirOf, shownPath } from "./paths.ts";
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

/**
 * Makes the student's own copy of the task's starting lesson, in my-work/TASK: its src/, its
 * scripts, a default port of its own, and its packages (a link to the lesson's installed
 * ones, so nothing is installed and no tracked file changes, pnpm-lock.yaml included). The
 * copy declares no dependencies, which is what keeps `pnpm install --frozen-lockfile` passing.
 */
export function startTask(task: Task, dir = copyDirOf(task.name)): StartedTask {
  if (existsSync(path.join(dir, "package.json"))) return { dir, created: false };
  const lessonDir = path.join(APPS_DIR, task.lesson);
  const modulesDir = path.join(APPS_DIR, task.modulesFrom ?? task.lesson);
  mkdirSync(dir, { recursive: true });

  cpSync(path.join(lessonDir, "src"), path.join(dir, "src"), {
    recursive: true,
    filter: (file) => !NOT_COPIED.test(file),
  });
  cpSync(path.join(lessonDir, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  for (const file of task.alsoCopy ?? []) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(modulesDir, file), path.join(dir, file));
  }
  for (const entry of ["server.ts", "client.ts"]) {
    const file = path.join(dir, "src", "bin", entry);
    if (existsSync(file)) {
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(PORT_IN_ENTRY, (_match, before: string) => `${before}${task.port}`),
      );
    }
  }

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
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // The lesson's installed packages, linked: a junction on Windows needs no special rights.
  symlinkSync(path.join(modulesDir, "node_modules"), path.join(dir, "node_modules"), "junction");

  writeFileSync(path.join(dir, "README.md"), copyReadme(task, dir));
  return { dir, created: true };
}

function copyReadme(task: Task, dir: string): string {
  const where = shownPath(dir);
  const name = `my-${task.name}`;
  return [
    `# My work: task ${task.name}`,
    "",
    `A copy of the \`${task.lesson}\` lesson, made by \`pnpm learn start ${task.name}\`: yours to change.`,
    `The task: \`pnpm learn\` shows it (or read \`packages/learn/tasks/${task.name}/README.md\`).`,
    "",
    "```sh",
    `pnpm --filter ${name} start:server          # listens on 127.0.0.1:${task.port}`,
    `pnpm --filter ${name} start:client`,
    `pnpm learn check ${task.name}                   # checks ${where} over real sockets`,
    `pnpm lesson:diff ${task.lesson} ${where}   # what you changed`,
    "```",
    "",
  ].join("\n");
}
