// `pnpm learn`: the tasks, checked over real sockets. `pnpm learn start TASK` makes your own
// copy of the task's lesson; `pnpm learn check TASK` checks it through a network that
// misbehaves on purpose; `pnpm learn` alone opens the tutor. The command line (usage, errors
// and exit codes, in English or Portuguese) is packages/cli's, as for every program.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { commandSetMain, peekFlag, UsageError } from "@socket-lessons/cli";
import { checkTask } from "../check-task.ts";
import { stopEveryProgram } from "../checker/program.ts";
import { useColour } from "../checker/report.ts";
import { chooseLanguage, type Lang } from "../i18n.ts";
import { learnCommands, LEARN_TEXTS as T, YES } from "../learn-command-line.ts";
import { copyDirOf, MY_WORK_DIR, REPOSITORY_ROOT, shownPath } from "../paths.ts";
import { solutionPatchFile } from "../solutions.ts";
import { startTask } from "../start-task.ts";
import { availableTasks, loadTask } from "../task.ts";
import { Tutor } from "../tutor/tutor.ts";

const argv = process.argv.slice(2);
const lang: Lang = chooseLanguage(peekFlag(argv, "lang"));
const print = (line: string) => process.stdout.write(`${line}\n`);

/** One line typed by the person at the terminal (or piped in). */
async function ask(question: string): Promise<string> {
  process.stdout.write(question);
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.trim().toLowerCase();
  }
  return "";
}

let tutor: Tutor | undefined;

await commandSetMain(
  learnCommands,
  async (parsed) => {
    switch (parsed.command) {
      case "tutor": {
        const tasks = await Promise.all(availableTasks().map((name) => loadTask(name)));
        tutor = new Tutor({
          tasks,
          lang,
          calm: parsed.options.calm,
          watch: true,
          input: process.stdin,
          output: process.stdout,
          colour: useColour(),
        });
        return tutor.run();
      }
      case "start": {
        const task = await loadTask(parsed.options.task);
        const started = startTask(task, undefined, lang);
        const where = shownPath(started.dir);
        print((started.created ? T.created(where, task.lesson) : T.thereAlready(where))[lang]);
        print(T.runIt(task.name, String(task.port))[lang]);
        print(T.checkIt(task.name)[lang]);
        return;
      }
      case "check": {
        const { dir: dirFlag, seed, calm, trace } = parsed.options;
        const task = await loadTask(parsed.options.task);
        const dir =
          dirFlag === undefined ? copyDirOf(task.name) : path.resolve(process.env.INIT_CWD ?? REPOSITORY_ROOT, dirFlag);
        if (!existsSync(path.join(dir, "package.json"))) {
          throw new UsageError(dirFlag === undefined ? T.noCopy(shownPath(dir), task.name) : T.noPackage(dirFlag));
        }
        const results = await checkTask({ task, dir, seed, calm, lang, trace }, print);
        return results.every((result) => result.passed) ? 0 : 1;
      }
      case "solution": {
        const task = await loadTask(parsed.options.task);
        print(T.solution(task.name)[lang]);
        if (task.solution !== undefined) {
          // A solution that is a lesson of its own (the exercise): the step from its lesson.
          print(`  ${shownPath(task.solution)}`);
          print(`  pnpm lesson:diff ${task.lesson} ${shownPath(task.solution)}`);
        } else {
          // The lesson plus the task's change: that change, as a patch, is the answer.
          print(`  ${shownPath(solutionPatchFile(task.name))}`);
          print(T.solutionAsFiles(task.name, task.lesson)[lang]);
        }
        return;
      }
      case "list": {
        for (const name of availableTasks()) print(`  ${name.padEnd(9)} ${(await loadTask(name)).title[lang]}`);
        return;
      }
      case "reset": {
        if (!parsed.options.all) throw new UsageError(T.resetNeedsAll());
        if (YES.includes(await ask(T.resetQuestion(shownPath(MY_WORK_DIR))[lang]))) {
          rmSync(MY_WORK_DIR, { recursive: true, force: true });
          print(T.resetDone()[lang]);
        } else {
          print(T.resetNothing()[lang]);
        }
        return;
      }
    }
  },
  {
    argv,
    lang,
    // The programs a check starts run in process groups of their own: the terminal's Ctrl-C
    // does not reach them. Whatever stops this program (Ctrl-C, a kill, a reader that leaves),
    // they stop. The tutor quits as with its `q` key.
    onStop: () => {
      if (tutor === undefined) return stopEveryProgram();
      tutor.quit();
      return 0;
    },
  },
);
