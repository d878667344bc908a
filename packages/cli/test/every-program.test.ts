// Every program of the course shares this package's command line: its --help reads alike,
// and a bad flag exits 2 naming the flag, then the usage. Each one is run as a student runs
// it (its own entry, from the repository root), the lessons' and the tools' alike.
import path from "node:path";
import { killLeftoverProcesses, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

afterAll(killLeftoverProcesses);

const repositoryRoot = path.resolve(import.meta.dirname, "../../..");
const PROGRAMS = {
  "pnpm weather": ["packages/weather/src/bin/weather.ts"],
  "pnpm learn": ["packages/learn/src/bin/learn.ts", "--lang", "en"],
  "pnpm bench": ["packages/bench/src/bin/bench.ts"],
  "pnpm demo": ["packages/tools/src/bin/demo.ts"],
  "pnpm lesson:diff": ["packages/tools/src/bin/lesson-diff.ts"],
  "a lesson's server": ["apps/v4/src/bin/server.ts"],
  "a lesson's client": ["apps/v4/src/bin/client.ts"],
} as const;

/** The program with `args` after the `--` that pnpm passes on, as `pnpm weather -- --help` does. */
function run(program: keyof typeof PROGRAMS, args: string[]) {
  const [entry, ...first] = PROGRAMS[program];
  return runLessonScript(repositoryRoot, program, ["--", ...first, ...args], {
    command: [process.execPath, "--import", "tsx", entry],
  });
}

describe("every program's command line", () => {
  it.each(Object.keys(PROGRAMS) as (keyof typeof PROGRAMS)[])(
    "%s --help: usage, summary, options, exit 0",
    async (program) => {
      const help = await run(program, ["--help"]);
      expect(help.code).toBe(0);
      expect(help.stderr).toEqual([]);
      expect(help.stdout[0]).toMatch(/^usage: (pnpm|node) /);
      expect(help.stdout[1]).not.toBe("");
      expect(help.stdout).toContain("options:");
      expect(help.stdout).toContainEqual(expect.stringMatching(/^ {2}-h, --help +show this help$/));
    },
  );

  it.each(Object.keys(PROGRAMS) as (keyof typeof PROGRAMS)[])(
    "%s --bogus: exit 2, naming the flag, then the usage",
    async (program) => {
      const bad = await run(program, ["--bogus"]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toEqual([]);
      expect(bad.stderr[0]).toBe("error: unknown option --bogus (--help lists the options)");
      expect(bad.stderr[2]).toMatch(/^usage: /);
    },
  );
});
