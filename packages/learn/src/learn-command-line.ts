// What `pnpm learn` says on its command line, in both languages: its commands, their
// arguments and flags (the usage text is made from them, by packages/cli), and every line
// its commands print or refuse with. test/command-line-texts.test.ts fails when one of them
// exists in one language only.
import { argument, booleanFlag, type CommandSet, type Flag, UsageError } from "@socket-lessons/cli";
import { seedFlag } from "@socket-lessons/weather";
import { type Text, text } from "./i18n.ts";
import { availableTasks, isTaskName, type TaskName } from "./task.ts";

const taskList = () => availableTasks().join(", ");

/** TASK: one of the tasks there are; another word is refused, naming them. */
const taskFlag: Flag<TaskName> = {
  kind: "string",
  description: text(
    "the task: its name, as `pnpm learn list` shows it",
    "a tarefa: o nome dela, como `pnpm learn list` mostra",
  ),
  parse(raw) {
    const name = typeof raw === "string" ? raw : "";
    if (isTaskName(name) && availableTasks().includes(name)) return name;
    throw new UsageError(
      text(
        `unknown task ${JSON.stringify(name)}: the tasks are ${taskList()}`,
        `tarefa desconhecida ${JSON.stringify(name)}: as tarefas são ${taskList()}`,
      ),
    );
  },
};
const task = { task: argument("TASK", taskFlag) };

/** A flag with a value and no default: undefined when it is not given. */
function optionalFlag(description: Text, valueName: string): Flag<string | undefined> {
  return { kind: "string", description, valueName, parse: (raw) => (typeof raw === "string" ? raw : undefined) };
}

const calm = booleanFlag(
  text("no network weather: bytes arrive as sent", "sem clima de rede: os bytes chegam como saíram"),
);

export const learnCommands = {
  name: "pnpm learn",
  summary: text(
    "Learning by doing: a task for every lesson, checked over real sockets.",
    "Aprender fazendo: uma tarefa para cada lição, verificada em sockets de verdade.",
  ),
  flags: {
    lang: optionalFlag(
      text("pt-BR for Portuguese (default: from LANG or LC_ALL)", "en para inglês (padrão: conforme LANG ou LC_ALL)"),
      "LANG",
    ),
  },
  commands: {
    tutor: {
      summary: text(
        "the tutor: the tasks, their hints, a check on every save",
        "o tutor: as tarefas, as dicas, uma verificação a cada vez que você salva",
      ),
      flags: { calm },
    },
    start: {
      summary: text(
        "make your copy of the task's lesson, in my-work/TASK",
        "faz a sua cópia da lição da tarefa, em my-work/TASK",
      ),
      flags: {},
      args: task,
    },
    check: {
      summary: text(
        "check it over real sockets, through network weather",
        "verifica a tarefa em sockets de verdade, através do clima de rede",
      ),
      flags: {
        dir: optionalFlag(
          text(
            "the package to check (default: your copy, my-work/TASK)",
            "o pacote a verificar (padrão: a sua cópia, my-work/TASK)",
          ),
          "PATH",
        ),
        seed: seedFlag(
          text(
            "replay a run: the same weather and the same inputs",
            "repete uma execução: o mesmo clima e as mesmas entradas",
          ),
        ),
        calm,
        trace: booleanFlag(
          text(
            "show every chunk the checker and your program exchanged, as hex and text",
            "mostra cada pedaço que o verificador e o seu programa trocaram, em hexa e texto",
          ),
        ),
      },
      args: task,
    },
    solution: {
      summary: text("where the reference solution is (a spoiler!)", "onde está a solução de referência (um spoiler!)"),
      flags: {},
      args: task,
    },
    list: { summary: text("the tasks", "as tarefas"), flags: {} },
    reset: {
      summary: text(
        "start over: deletes your progress and my-work/ (asks first)",
        "recomeça do zero: apaga o seu progresso e a pasta my-work/ (pergunta antes)",
      ),
      flags: { all: booleanFlag(text("every task: it is required", "todas as tarefas: é obrigatório")) },
    },
  },
  defaultCommand: "tutor" as const,
  notes: text(`tasks: ${taskList()}`, `tarefas: ${taskList()}`),
} satisfies CommandSet;

/** Every line the commands print, or refuse with. */
export const LEARN_TEXTS = {
  created: (where: string, lesson: string) =>
    text(`created ${where} from the ${lesson} lesson`, `criei ${where} a partir da lição ${lesson}`),
  thereAlready: (where: string) =>
    text(`${where} is there already: left as it is`, `${where} já existe: ficou como estava`),
  runIt: (name: string, port: string) =>
    text(
      `run it:    pnpm --filter my-${name} start:server   (port ${port})`,
      `rode:      pnpm --filter my-${name} start:server   (porta ${port})`,
    ),
  checkIt: (name: string) => text(`check it:  pnpm learn check ${name}`, `verifique: pnpm learn check ${name}`),
  noCopy: (where: string, name: string) =>
    text(
      `there is no ${where} yet: make it with pnpm learn start ${name}`,
      `ainda não existe ${where}: crie com pnpm learn start ${name}`,
    ),
  noPackage: (dir: string) =>
    text(`no package at ${dir} (no package.json there)`, `não há pacote em ${dir} (não há package.json lá)`),
  solution: (name: string) =>
    text(
      `the reference solution of ${name} (a spoiler: try the hints first):`,
      `a solução de referência de ${name} (um spoiler: tente as dicas antes):`,
    ),
  solutionAsFiles: (name: string, lesson: string) =>
    text(
      `  (the ${lesson} lesson plus these changes; as files: pnpm --filter @socket-lessons/learn solution:open -- ${name} DIR)`,
      `  (a lição ${lesson} mais estas mudanças; como arquivos: pnpm --filter @socket-lessons/learn solution:open -- ${name} PASTA)`,
    ),
  resetNeedsAll: () =>
    text(
      "reset needs --all (the tutor's r key resets one task)",
      "reset precisa de --all (a tecla r do tutor recomeça uma tarefa só)",
    ),
  resetQuestion: (where: string) =>
    text(
      `Start over? This deletes your progress and everything in ${where}/. Type yes to go on: `,
      `Recomeçar do zero? Isso apaga o seu progresso e tudo em ${where}/. Digite sim para continuar: `,
    ),
  resetDone: () =>
    text("Done: everything starts again from the first task.", "Pronto: tudo recomeça da primeira tarefa."),
  resetNothing: () => text("Nothing deleted.", "Nada foi apagado."),
} satisfies Record<string, (...args: string[]) => Text>;

/** The answers that say yes to a question, in either language. */
export const YES = ["yes", "sim"];
