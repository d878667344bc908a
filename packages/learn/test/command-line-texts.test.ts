// Every line `pnpm learn` shows on its command line exists in English and in Brazilian
// Portuguese: its usage, its commands, their arguments and flags, what they print, and what
// they refuse. A text in one language only fails here.
import path from "node:path";
import { type CommandSet, LANGUAGES, type Localized } from "@socket-lessons/cli";
import { runLessonScript } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { LEARN_TEXTS, learnCommands } from "../src/learn-command-line.ts";

/** Every text of a command set, by where it is. */
function textsOf(set: CommandSet): Array<[string, Localized]> {
  const texts: Array<[string, Localized]> = [["summary", set.summary]];
  if (set.notes !== undefined) texts.push(["notes", set.notes]);
  const flagTexts = (where: string, flags: CommandSet["flags"]) => {
    for (const [key, flag] of Object.entries(flags)) {
      texts.push([`${where} --${key}`, flag.description]);
      if (flag.defaultText !== undefined && !/^[\d"]/.test(String(flag.defaultText))) {
        texts.push([`${where} --${key}'s default`, flag.defaultText]);
      }
    }
  };
  flagTexts("pnpm learn", set.flags);
  for (const [name, command] of Object.entries(set.commands)) {
    texts.push([`${name}'s summary`, command.summary]);
    flagTexts(name, command.flags);
    for (const arg of Object.values(command.args ?? {})) texts.push([`${name} ${arg.name}`, arg.description]);
  }
  return texts;
}

function expectBothLanguages(where: string, text: Localized): void {
  expect(typeof text, `${where} is in English only`).not.toBe("string");
  if (typeof text === "string") return;
  for (const lang of LANGUAGES) expect(text[lang].trim(), `${where} in ${lang}`).not.toBe("");
  expect(text["pt-BR"], `${where} is not translated`).not.toBe(text.en);
}

describe("pnpm learn's command line in English and Brazilian Portuguese", () => {
  it("every command, argument and flag of its usage", () => {
    const texts = textsOf(learnCommands);
    expect(texts.length).toBeGreaterThan(15);
    for (const [where, text] of texts) expectBothLanguages(where, text);
  });

  it("every line its commands print or refuse with", () => {
    const messages: Record<string, (...args: string[]) => Localized> = LEARN_TEXTS;
    for (const [name, message] of Object.entries(messages)) expectBothLanguages(name, message("A", "B", "C"));
  });
});

/** `pnpm learn ARGS` as the bin itself, in a language chosen by the locale (LC_ALL wins over LANG). */
function learn(args: string[], locale: string) {
  const packageDir = path.resolve(import.meta.dirname, "..");
  const previous = process.env.LC_ALL;
  process.env.LC_ALL = locale; // the child is spawned with this process's environment, at once
  try {
    return runLessonScript(packageDir, "learn", args, {
      command: [process.execPath, "--import", "tsx", "src/bin/learn.ts"],
    });
  } finally {
    if (previous === undefined) delete process.env.LC_ALL;
    else process.env.LC_ALL = previous;
  }
}

describe("pnpm learn's usage and errors, as printed", () => {
  it("--help, in each language: the same shape, and no English words left in the Portuguese", async () => {
    const english = await learn(["--help"], "C");
    const portuguese = await learn(["--help"], "pt_BR.UTF-8");
    expect(english.code).toBe(0);
    expect(portuguese.code).toBe(0);
    expect(english.stdout[0]).toBe("usage: pnpm learn [COMMAND] [options]");
    expect(portuguese.stdout[0]).toBe("uso: pnpm learn [COMMAND] [options]");
    expect(portuguese.stdout).toHaveLength(english.stdout.length);
    expect(portuguese.stdout).toContain("opções:");
    expect(portuguese.stdout.join("\n")).not.toMatch(/\b(the|show|help$|options:|commands:)\b/m);
  });

  it("a bad value or a missing folder: exit 2, in the student's language, naming it", async () => {
    const seed = await learn(["--lang", "pt-BR", "check", "v2", "--seed", "abc"], "C");
    expect(seed.code).toBe(2);
    expect(seed.stderr[0]).toBe('error: --seed deve ser um número inteiro de 0 a 4294967295; veio "abc"');
    expect(seed.stderr).toContain("uso: pnpm learn [COMMAND] [options]");

    const folder = await learn(["check", "v2", "--dir", "no-such-folder"], "pt_BR.UTF-8");
    expect(folder.code).toBe(2);
    expect(folder.stderr[0]).toBe("error: não há pacote em no-such-folder (não há package.json lá)");

    const task = await learn(["check", "v9"], "en_US.UTF-8");
    expect(task.code).toBe(2);
    expect(task.stderr[0]).toMatch(/^error: unknown task "v9": the tasks are echo, /);

    const flag = await learn(["--colour"], "pt_BR.UTF-8");
    expect(flag.code).toBe(2);
    expect(flag.stderr[0]).toBe("error: opção desconhecida --colour (--help lista as opções)");
  });
});
