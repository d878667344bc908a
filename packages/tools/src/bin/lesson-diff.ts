// `pnpm lesson:diff A B`: what changes from lesson A to lesson B (their src/ and scripts),
// as a unified diff: coloured on a terminal, plain in a pipe.
import { styleText } from "node:util";
import { lessonDiff } from "../lesson-diff.ts";
import { availableLessons } from "../lessons.ts";

const [from, to, ...extra] = process.argv.slice(2).filter((arg) => arg !== "--");
if (from === undefined || to === undefined || extra.length > 0) {
  process.stderr.write(`usage: pnpm lesson:diff A B   (lessons: ${availableLessons().join(", ")})\n`);
  process.exit(2);
}

let diff: string;
try {
  diff = lessonDiff(from, to);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
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
