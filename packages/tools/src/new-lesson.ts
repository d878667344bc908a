import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Lesson ports start here (echo 12000 ... exercise 12006); new copies take the next free one. */
const FIRST_FREE_PORT = 12010;
/** Where each bin entry gives its default port: `{ port: 12004, ...`. */
const PORT_IN_ENTRY = /(\{\s*port: )(\d+)/g;
/** Made by running or testing a lesson, never part of one. */
const NOT_COPIED = new Set(["node_modules", ".turbo", "vitest-report.json"]);

export interface NewLesson {
  dir: string;
  port: number;
}

/** The ports the lessons in `appsDir` listen on by default. */
function usedPorts(appsDir: string): Set<number> {
  const ports = new Set<number>();
  for (const lesson of readdirSync(appsDir)) {
    const server = path.join(appsDir, lesson, "src", "bin", "server.ts");
    if (!existsSync(server)) continue;
    for (const match of readFileSync(server, "utf8").matchAll(PORT_IN_ENTRY)) ports.add(Number(match[2]));
  }
  return ports;
}

/**
 * Copies lesson `from` into `apps/NAME` as a new workspace package, ready to run: renamed
 * (`pnpm --filter NAME ...`), with a default port of its own so it can run beside the
 * original. `linkOnly` points its node_modules at the source lesson's instead of installing
 * (enough to run it at once; `pnpm install` makes it a full member of the workspace).
 */
export function copyLesson(appsDir: string, from: string, name: string): NewLesson {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new Error(`${JSON.stringify(name)} is not a lesson name: use lowercase letters, digits and -`);
  }
  const source = path.join(appsDir, from);
  const dir = path.join(appsDir, name);
  if (!existsSync(path.join(source, "package.json"))) throw new Error(`no lesson named ${from} in ${appsDir}`);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);

  const ports = usedPorts(appsDir);
  let port = FIRST_FREE_PORT;
  while (ports.has(port)) port += 1;

  cpSync(source, dir, {
    recursive: true,
    filter: (file) => !NOT_COPIED.has(path.basename(file)) && !/\.db(-wal|-shm)?$/.test(file),
  });

  const manifestFile = path.join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  manifest.name = `@socket-lessons/${name}`;
  manifest.description = `${name}: a copy of the ${from} lesson, made by pnpm lesson:new`;
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

  for (const file of ["server.ts", "client.ts"]) {
    const full = path.join(dir, "src", "bin", file);
    if (!existsSync(full)) continue;
    writeFileSync(
      full,
      readFileSync(full, "utf8").replace(PORT_IN_ENTRY, (_match, before: string) => `${before}${port}`),
    );
  }

  writeFileSync(
    path.join(dir, "README.md"),
    [
      `# ${name}`,
      "",
      `A copy of [\`${from}\`](../${from}) made by \`pnpm lesson:new ${name} --from ${from}\`: yours to change.`,
      "",
      "```sh",
      `pnpm --filter ${name} start:server      # listens on 127.0.0.1:${port}`,
      `pnpm --filter ${name} start:client`,
      `pnpm lesson:diff ${from} ${name}        # what you changed`,
      `pnpm --filter exercise grade -- apps/${name}   # check it against the exercise`,
      "```",
      "",
    ].join("\n"),
  );
  return { dir, port };
}

/** Lets the copy run without an install, through the source lesson's dependencies. */
export function linkDependencies(appsDir: string, from: string, name: string): void {
  symlinkSync(path.join("..", from, "node_modules"), path.join(appsDir, name, "node_modules"), "dir");
}
