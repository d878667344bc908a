import { describe, expect, it } from "vitest";
import {
  argument,
  booleanFlag,
  type CommandSet,
  choiceFlag,
  formatCommandSetUsage,
  integerFlag,
  parseCommandSet,
  stringFlag,
  type UsageError,
} from "../src/index.ts";

const task = argument("TASK", choiceFlag({ en: "the task", "pt-BR": "a tarefa" }, "v1", ["v1", "v2"]));
const learn = {
  name: "pnpm learn",
  summary: { en: "tasks", "pt-BR": "tarefas" },
  flags: { lang: stringFlag({ en: "language", "pt-BR": "idioma" }, "en", "LANG") },
  commands: {
    tutor: { summary: { en: "the tutor", "pt-BR": "o tutor" }, flags: { calm: booleanFlag("no weather") } },
    start: { summary: { en: "make a copy", "pt-BR": "faz uma cópia" }, flags: {}, args: { task } },
    check: {
      summary: { en: "check it", "pt-BR": "verifica" },
      flags: { seed: integerFlag("seed", 0, { min: 0, max: 9 }), calm: booleanFlag("no weather") },
      args: { task },
    },
  },
  defaultCommand: "tutor" as const,
  notes: { en: "tasks: v1, v2", "pt-BR": "tarefas: v1, v2" },
} satisfies CommandSet;

const parse = (...argv: string[]) => {
  const parsed = parseCommandSet(argv, learn);
  if (parsed.help) throw new Error("unexpected --help");
  return { command: parsed.command, options: parsed.options };
};
const refusal = (...argv: string[]) => {
  try {
    parseCommandSet(argv, learn);
  } catch (error) {
    return { en: (error as UsageError).in("en"), "pt-BR": (error as UsageError).in("pt-BR") };
  }
  throw new Error(`${argv.join(" ")} was accepted`);
};

describe("parseCommandSet", () => {
  it("finds the command after the flags and their values, and reads its arguments and flags", () => {
    expect(parse("--", "--lang", "pt-BR", "check", "v2", "--seed", "3")).toEqual({
      command: "check",
      options: { lang: "pt-BR", task: "v2", seed: 3, calm: false },
    });
  });

  it("runs the default command when none is named", () => {
    expect(parse("--calm")).toEqual({ command: "tutor", options: { lang: "en", calm: true } });
  });

  it("names an unknown command, and lists the commands, in both languages", () => {
    expect(refusal("chek", "v1")).toEqual({
      en: 'unknown command "chek": the commands are tutor, start, check',
      "pt-BR": 'comando desconhecido "chek": os comandos são tutor, start, check',
    });
  });

  it("refuses a flag of another command, and a missing argument", () => {
    expect(refusal("start", "v1", "--seed", "3").en).toBe("unknown option --seed (--help lists the options)");
    expect(refusal("check")).toEqual({ en: "TASK is missing", "pt-BR": "falta TASK" });
    expect(refusal("check", "v9").en).toBe('TASK must be one of v1, v2, got "v9"');
  });

  it("shows the whole usage for --help alone, and a command's own after its name", () => {
    const whole = parseCommandSet(["--help"], learn);
    const check = parseCommandSet(["check", "--help"], learn);
    if (!whole.help || !check.help) throw new Error("expected --help");
    expect(whole.usage("en")).toBe(formatCommandSetUsage(learn, "en"));
    expect(check.usage("en")).toMatch(
      /^usage: pnpm learn check TASK \[--seed N\] \[--calm\]\ncheck it\n\narguments:\n/,
    );
    expect(check.usage("pt-BR")).toMatch(
      /^uso: pnpm learn check TASK \[--seed N\] \[--calm\]\nverifica\n\nargumentos:\n/,
    );
    expect(check.usage("en")).toMatch(/--lang LANG +language/);
  });

  it("lists every command's line and summary in the usage", () => {
    expect(formatCommandSetUsage(learn, "pt-BR").split("\n")).toEqual([
      "uso: pnpm learn [COMMAND] [options]",
      "tarefas",
      "",
      "comandos:",
      "  pnpm learn [--calm]",
      "      o tutor",
      "  pnpm learn start TASK",
      "      faz uma cópia",
      "  pnpm learn check TASK [--seed N] [--calm]",
      "      verifica",
      "",
      "opções:",
      '  --lang LANG  idioma (padrão "en")',
      "  -h, --help   mostra esta ajuda",
      "pnpm learn COMMAND --help: as opções daquele comando",
      "",
      "tarefas: v1, v2",
    ]);
  });
});
