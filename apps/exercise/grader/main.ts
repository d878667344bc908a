// `pnpm --filter exercise grade -- apps/NAME`: checks a lesson's server against the
// exercise, through its own start:server, and prints what passes and what does not.
import { existsSync } from "node:fs";
import path from "node:path";
import { grade } from "./grade.ts";

const [target, ...extra] = process.argv.slice(2).filter((arg) => arg !== "--");
if (target === undefined || extra.length > 0) {
  process.stderr.write("usage: pnpm --filter exercise grade -- apps/NAME\n");
  process.exit(2);
}
// pnpm runs this in apps/exercise; a path is meant from where the student typed the command.
const repositoryRoot = path.resolve(import.meta.dirname, "../../..");
const lessonDir = [process.env.INIT_CWD, repositoryRoot, path.join(repositoryRoot, "apps")]
  .filter((base): base is string => base !== undefined)
  .map((base) => path.resolve(base, target))
  .find((dir) => existsSync(path.join(dir, "package.json")));
if (lessonDir === undefined) {
  process.stderr.write(`error: no lesson at ${target}\n`);
  process.exit(2);
}

const shown = path.relative(repositoryRoot, lessonDir) || lessonDir;
process.stdout.write(`grading ${shown} against the exercise (get, the database, the error codes)\n\n`);
const results = await grade(lessonDir);
for (const result of results) {
  process.stdout.write(`  ${result.passed ? "✓" : "✗"} ${result.name}\n`);
  if (result.detail) process.stdout.write(`      ${result.detail}\n`);
}
const passed = results.filter((result) => result.passed).length;
process.stdout.write(
  `\n${passed} of ${results.length} checks passed${passed === results.length ? ": well done!" : ""}\n`,
);
process.exit(passed === results.length ? 0 : 1);
