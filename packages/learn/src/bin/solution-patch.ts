// For whoever edits a task's reference solution (kept as a patch to its lesson):
//   node --import tsx src/bin/solution-patch.ts open TASK DIR   writes the solution into DIR
//   node --import tsx src/bin/solution-patch.ts save TASK DIR   makes the patch again from DIR
// (`pnpm --filter @socket-lessons/learn solution:open -- TASK DIR`, and `solution:save`.)
import { writeFileSync } from "node:fs";
import path from "node:path";
import { APPS_DIR } from "../paths.ts";
import { makeSolutionPatch, solutionPatchFile, writeSolution } from "../solutions.ts";
import { isTaskName, loadTask } from "../task.ts";

const [command, name = "", dir] = process.argv.slice(2).filter((arg) => arg !== "--");
if ((command !== "open" && command !== "save") || !isTaskName(name) || dir === undefined) {
  process.stderr.write("usage: solution-patch.ts open|save TASK DIR\n");
  process.exit(2);
}
const task = await loadTask(name);
// pnpm runs the script in packages/learn; a relative DIR means the folder it was typed in.
const where = path.resolve(process.env.INIT_CWD ?? process.cwd(), dir);
if (command === "open") {
  writeSolution(task, where);
  console.log(`the solution of ${name} is in ${dir}: edit it, then save it with: save ${name} ${dir}`);
} else {
  writeFileSync(solutionPatchFile(name), makeSolutionPatch(path.join(APPS_DIR, task.lesson), where));
  console.log(`wrote ${path.relative(process.cwd(), solutionPatchFile(name))}`);
}
