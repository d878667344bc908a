// `pnpm learn`: the tasks, checked over real sockets. `pnpm learn start TASK` makes your own
// copy of the task's lesson; `pnpm learn check TASK` checks it through a network that
// misbehaves on purpose; `pnpm learn` alone opens the tutor.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { exitWhenWritten, stopQuietlyWhenOutputCloses } from "@socket-lessons/cli";
import { checkTask, randomSeed } from "../check-task.ts";
import { stopEveryProgram } from "../checker/program.ts";
import { useColour } from "../checker/report.ts";
import { chooseLanguage, type Lang } from "../i18n.ts";
import { copyDirOf, MY_WORK_DIR, REPOSITORY_ROOT, shownPath } from "../paths.ts";
import { solutionPatchFile } from "../solutions.ts";
import { startTask } from "../start-task.ts";
import { availableTasks, isTaskName, loadTask, type TaskName } from "../task.ts";
import { Tutor } from "../tutor/tutor.ts";

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

const USAGE = `usage:
  pnpm learn [--calm]                                     the tutor: the tasks, their hints, a check on every save
  pnpm learn start TASK                                   make your copy of the task's lesson, in my-work/TASK
  pnpm learn check TASK [--dir PATH] [--seed N] [--calm]  check it over real sockets, through network weather
  pnpm learn solution TASK                                where the reference solution is (a spoiler!)
  pnpm learn list                                         the tasks
  pnpm learn reset --all                                  start over: deletes your progress and my-work/ (asks first)
options: --lang pt-BR (or LANG=pt_BR...) for Portuguese
tasks: ${availableTasks().join(", ")}`;

// The programs a check starts run in process groups of their own: the terminal's Ctrl-C does
// not reach them. Whatever stops this program (Ctrl-C, a kill, a reader that leaves), they stop.
stopQuietlyWhenOutputCloses(stopEveryProgram);
const stopEverything = () => {
  stopEveryProgram();
  exitWhenWritten(130);
};
const print = (line: string) => process.stdout.write(`${line}\n`);

function usageError(message: string): Promise<never> {
  process.stderr.write(`error: ${message}\n\n${USAGE}\n`);
  return exitWhenWritten(2);
}

const OPTIONS = {
  dir: { type: "string" },
  seed: { type: "string" },
  calm: { type: "boolean" },
  lang: { type: "string" },
  help: { type: "boolean" },
  all: { type: "boolean" },
} as const;
/** pnpm passes a leading `--` on: it is not an argument. */
const parse = () =>
  parseArgs({
    args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "--")),
    options: OPTIONS,
    allowPositionals: true,
  });
let parsed: ReturnType<typeof parse>;
try {
  parsed = parse();
} catch (error) {
  await usageError(error instanceof Error ? error.message : String(error));
  throw error; // not reached: usageError exits
}
const { values, positionals } = parsed;
const lang: Lang = chooseLanguage(values.lang);
const [command, taskArgument, ...extra] = positionals;

if (values.help === true) {
  print(USAGE);
  await exitWhenWritten(0);
}

/** The task named on the command line; an unknown one is a usage error. */
async function taskNamed(name: string | undefined): Promise<TaskName> {
  if (name === undefined) return usageError(`${command} needs a TASK`);
  if (!isTaskName(name) || !availableTasks().includes(name)) return usageError(`unknown task ${JSON.stringify(name)}`);
  return name;
}

if (extra.length > 0) await usageError(`unexpected argument ${JSON.stringify(extra[0])}`);

switch (command) {
  case "start": {
    const task = await loadTask(await taskNamed(taskArgument));
    const started = startTask(task);
    const where = shownPath(started.dir);
    if (lang === "en") {
      print(
        started.created
          ? `created ${where} from the ${task.lesson} lesson`
          : `${where} is there already: left as it is`,
      );
      print(`run it:   pnpm --filter my-${task.name} start:server   (port ${task.port})`);
      print(`check it: pnpm learn check ${task.name}`);
    } else {
      print(
        started.created ? `criei ${where} a partir da lição ${task.lesson}` : `${where} já existe: ficou como estava`,
      );
      print(`rode:     pnpm --filter my-${task.name} start:server   (porta ${task.port})`);
      print(`verifique: pnpm learn check ${task.name}`);
    }
    await exitWhenWritten(0);
    break;
  }
  case "check": {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stopEverything);
    const task = await loadTask(await taskNamed(taskArgument));
    const dir =
      values.dir === undefined
        ? copyDirOf(task.name)
        : path.resolve(process.env.INIT_CWD ?? REPOSITORY_ROOT, values.dir);
    if (!existsSync(path.join(dir, "package.json"))) {
      await usageError(
        values.dir === undefined
          ? `there is no ${shownPath(dir)} yet: make it with pnpm learn start ${task.name}`
          : `no package at ${values.dir} (no package.json there)`,
      );
    }
    if (values.seed !== undefined && !/^\d+$/.test(values.seed))
      await usageError(`--seed must be a whole number, got ${JSON.stringify(values.seed)}`);
    const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
    const results = await checkTask({ task, dir, seed, calm: values.calm === true, lang }, print);
    await exitWhenWritten(results.every((result) => result.passed) ? 0 : 1);
    break;
  }
  case "solution": {
    const name = await taskNamed(taskArgument);
    const task = await loadTask(name);
    print(
      lang === "en"
        ? `the reference solution of ${name} (a spoiler: try the hints first):`
        : `a solução de referência de ${name} (spoiler: tente as dicas antes):`,
    );
    if (task.solution !== undefined) {
      print(`  ${shownPath(task.solution)}`);
      print(`  pnpm lesson:diff ${task.lesson} ${shownPath(task.solution)}`);
    } else {
      // The solution is the lesson plus the task's change: that change, as a patch, is the answer.
      print(`  ${shownPath(solutionPatchFile(name))}`);
      print(
        lang === "en"
          ? `  (the ${task.lesson} lesson plus these changes; as files: pnpm --filter @socket-lessons/learn solution:open -- ${name} DIR)`
          : `  (a lição ${task.lesson} mais estas mudanças; como arquivos: pnpm --filter @socket-lessons/learn solution:open -- ${name} PASTA)`,
      );
    }
    await exitWhenWritten(0);
    break;
  }
  case undefined: {
    const tasks = await Promise.all(availableTasks().map((name) => loadTask(name)));
    const tutor = new Tutor({
      tasks,
      lang,
      calm: values.calm === true,
      watch: true,
      input: process.stdin,
      output: process.stdout,
      colour: useColour(),
    });
    // Ctrl-C outside raw mode, a kill, or the terminal closing: quit the same way as `q`.
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => tutor.quit());
    await tutor.run();
    await exitWhenWritten(0);
    break;
  }
  case "reset": {
    if (values.all !== true) await usageError("reset needs --all (the tutor's r key resets one task)");
    const answer = await ask(
      lang === "en"
        ? `Start over? This deletes your progress and everything in ${shownPath(MY_WORK_DIR)}/. Type yes to go on: `
        : `Recomeçar do zero? Isso apaga o seu progresso e tudo em ${shownPath(MY_WORK_DIR)}/. Digite sim para continuar: `,
    );
    if (answer === "yes" || answer === "sim") {
      rmSync(MY_WORK_DIR, { recursive: true, force: true });
      print(
        lang === "en"
          ? "Done: everything starts again from the first task."
          : "Pronto: tudo recomeça da primeira tarefa.",
      );
    } else {
      print(lang === "en" ? "Nothing deleted." : "Nada foi apagado.");
    }
    await exitWhenWritten(0);
    break;
  }
  case "list": {
    for (const name of availableTasks()) {
      const task = await loadTask(name);
      print(`  ${name.padEnd(9)} ${task.title[lang]}`);
    }
    await exitWhenWritten(0);
    break;
  }
  default:
    await usageError(`unknown command ${JSON.stringify(command)}`);
}
