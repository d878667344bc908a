// `pnpm docs:sync` regenerates the generated sections of every lesson README (the diff from
// the previous lesson, and what a demo run prints); `pnpm docs:check` fails when one is
// stale, so that the docs can never drift from the code.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { argument, choiceFlag, commandMain } from "@socket-lessons/cli";
import { generatedSections, README_NAMES, withSections } from "../lesson-docs.ts";
import { availableLessons, lessonDir, REPOSITORY_ROOT } from "../lessons.ts";

const command = {
  usage: "node packages/tools/src/bin/docs.ts sync|check   (pnpm docs:sync, pnpm docs:check)",
  summary: "Regenerates (sync) or checks (check) the generated sections of the lesson READMEs.",
  args: {
    mode: argument(
      "MODE",
      choiceFlag("sync rewrites the stale sections; check fails on one", "check", ["sync", "check"]),
    ),
  },
  flags: {},
};

await commandMain(command, async ({ mode }) => {
  const stale: string[] = [];
  for (const lesson of availableLessons()) {
    const sections = await generatedSections(lesson);
    for (const name of README_NAMES) {
      const file = path.join(lessonDir(lesson), name);
      if (!existsSync(file)) continue;
      const shown = path.relative(REPOSITORY_ROOT, file);
      const current = readFileSync(file, "utf8");
      const expected = withSections(current, sections, shown);
      if (expected === current) continue;
      if (mode === "sync") {
        writeFileSync(file, expected);
        process.stdout.write(`updated ${shown}\n`);
      } else {
        stale.push(shown);
      }
    }
  }
  if (stale.length > 0) {
    process.stderr.write(
      `stale generated sections in:\n${stale.map((file) => `  ${file}`).join("\n")}\nrun: pnpm docs:sync\n`,
    );
    return 1;
  }
  process.stdout.write(mode === "sync" ? "lesson READMEs are up to date\n" : "lesson READMEs match the code\n");
});
