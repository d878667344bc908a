// `pnpm lesson:diff A B`: what changes from lesson A to lesson B (their src/ and scripts),
// as a unified diff: coloured on a terminal, plain in a pipe. A or B may be a folder of its
// own, such as your copy: `pnpm lesson:diff v2 my-work/v2`.
import { styleText } from "node:util";
import { commandMain, textArgument, UsageError } from "@socket-lessons/cli";
import { copyAndLesson, lessonDiff } from "../lesson-diff.ts";
import { availableLessons } from "../lessons.ts";

const lesson = `a lesson (${availableLessons().join(", ")}), or a folder such as my-work/v2`;
const command = {
  usage: "pnpm lesson:diff A B",
  summary: "The diff of two lessons' src/ and scripts: what the step from A to B changes.",
  args: { from: textArgument("A", lesson), to: textArgument("B", lesson) },
  flags: {},
};

const colour = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const styled = (line: string): string => {
  if (!colour) return line;
  if (line.startsWith("---") || line.startsWith("+++")) return styleText("bold", line);
  if (line.startsWith("@@")) return styleText("cyan", line);
  if (line.startsWith("+")) return styleText("green", line);
  if (line.startsWith("-")) return styleText("red", line);
  return line;
};

await commandMain(command, async ({ from, to }) => {
  let diff: string;
  try {
    diff = lessonDiff(from, to);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error)); // no lesson there
  }
  process.stdout.write(
    diff === "" ? `${from} and ${to} have the same src/ and scripts\n` : diff.split("\n").map(styled).join("\n"),
  );
  // A student's copy runs on a port of its own, which the diff shows as the lesson's: say so.
  const pair = copyAndLesson(from, to);
  if (pair?.copyPort !== undefined && pair.lessonPort !== undefined && pair.copyPort !== pair.lessonPort) {
    process.stderr.write(
      `note: ${pair.copy}'s default port ${pair.copyPort} (its own, from pnpm learn start) is shown as ${pair.lesson}'s ${pair.lessonPort}\n`,
    );
  }
});
