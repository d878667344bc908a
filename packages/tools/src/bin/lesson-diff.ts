// `pnpm lesson:diff A B`: what changes from lesson A to lesson B (their src/ and scripts),
// as a unified diff: coloured on a terminal, plain in a pipe. A or B may be a folder of its
// own, such as your copy: `pnpm lesson:diff v2 my-work/v2`.
import { styleText } from "node:util";
import { exitWhenWritten, stopQuietlyWhenOutputCloses } from "@socket-lessons/cli";
import { copyAndLesson, lessonDiff } from "../lesson-diff.ts";
import { availableLessons } from "../lessons.ts";

stopQuietlyWhenOutputCloses(); // `| head` is a reader that leaves early: stop, quietly
const usage = `usage: pnpm lesson:diff A B   (lessons: ${availableLessons().join(", ")}, or a folder such as my-work/v2)`;
const [from, to, ...extra] = process.argv.slice(2).filter((arg) => arg !== "--");
if (from === "--help" || from === "-h") {
  process.stdout.write(`${usage}\n`);
  await exitWhenWritten(0);
}
if (from === undefined || to === undefined || extra.length > 0) {
  process.stderr.write(`${usage}\n`);
  await exitWhenWritten(2);
}

let diff = "";
try {
  diff = lessonDiff(from as string, to as string);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  await exitWhenWritten(2);
}

const colour = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const styled = (line: string): string => {
  if (!colour) return line;
  if (line.startsWith("---") || line.startsWith("+++")) return styleText("bold", line);
  if (line.startsWith("@@")) return styleText("cyan", line);
  if (line.startsWith("+")) return styleText("green", line);
  if (line.startsWith("-")) return styleText("red", line);
  return line;
};
process.stdout.write(
  diff === "" ? `${from} and ${to} have the same src/ and scripts\n` : diff.split("\n").map(styled).join("\n"),
);
// A student's copy runs on a port of its own, which the diff shows as the lesson's: say so.
const pair = copyAndLesson(from as string, to as string);
if (pair?.copyPort !== undefined && pair.lessonPort !== undefined && pair.copyPort !== pair.lessonPort) {
  process.stderr.write(
    `note: ${pair.copy}'s default port ${pair.copyPort} (its own, from pnpm learn start) is shown as ${pair.lesson}'s ${pair.lessonPort}\n`,
  );
}
await exitWhenWritten(0);
