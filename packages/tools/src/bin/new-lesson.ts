// `pnpm lesson:new NAME --from v5`: copies a lesson into apps/NAME, ready to run, so that a
// student can start the exercise from v5 (or experiment on any lesson) without touching it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPOSITORY_ROOT } from "../lessons.ts";
import { copyLesson, linkDependencies } from "../new-lesson.ts";

const usage = "usage: pnpm lesson:new NAME --from LESSON [--link-only]";
let name: string | undefined;
let from: string | undefined;
let linkOnly = false;
try {
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: "string" }, "link-only": { type: "boolean" } },
    allowPositionals: true,
  });
  [name] = positionals;
  from = values.from;
  linkOnly = values["link-only"] === true;
  if (name === undefined || from === undefined || positionals.length > 1) throw new Error("NAME and --from are needed");
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(2);
}

const appsDir = path.join(REPOSITORY_ROOT, "apps");
try {
  const created = copyLesson(appsDir, from, name);
  process.stdout.write(`created apps/${name} from apps/${from} (default port ${created.port})\n`);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
if (linkOnly) {
  linkDependencies(appsDir, from, name);
} else {
  // Makes the copy a member of the workspace: links its dependencies, updates the lockfile.
  const install = spawnSync("pnpm", ["install"], { cwd: REPOSITORY_ROOT, stdio: "inherit" });
  if (install.status !== 0) process.exit(1);
}
process.stdout.write(`next: pnpm --filter ${name} start:server\n`);
