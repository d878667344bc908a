// `pnpm demo [lesson]`: runs a lesson's server and client(s) together in one terminal, each
// line labelled by the side that printed it, so the whole conversation can be watched.
import { styleText } from "node:util";
import { argument, choiceFlag, commandMain } from "@socket-lessons/cli";
import { killLeftoverProcesses } from "@socket-lessons/testing";
import { availableLessons } from "../lessons.ts";
import { runDemo } from "../run-demo.ts";

const SIDE_COLOURS = ["cyan", "magenta", "yellow", "green", "blue"] as const;
const colourOf = new Map<string, (typeof SIDE_COLOURS)[number]>();
const colour = process.stdout.isTTY && process.env.NO_COLOR === undefined;

function print(side: string, stream: "out" | "err", line: string): void {
  if (!colourOf.has(side)) colourOf.set(side, SIDE_COLOURS[colourOf.size % SIDE_COLOURS.length] ?? "cyan");
  const label = `${side.padEnd(8)} │`;
  const text = stream === "err" ? `! ${line}` : line;
  if (!colour) return void process.stdout.write(`${label} ${text}\n`);
  const styled = stream === "err" ? styleText("dim", text) : text;
  process.stdout.write(`${styleText(colourOf.get(side) ?? "cyan", label)} ${styled}\n`);
}

const lessons = availableLessons();
const last = lessons.at(-1) ?? "v5";
const command = {
  usage: "pnpm demo [LESSON]",
  summary: "Runs a lesson's server and client(s) together, each line labelled by its side (lines marked ! are stderr).",
  args: { lesson: argument("LESSON", choiceFlag("the lesson", last, lessons), { optional: true }) },
  flags: {},
};

await commandMain(
  command,
  async ({ lesson }) => {
    process.stdout.write(`demo of ${lesson}: its server and client(s) in one terminal (lines marked ! are stderr)\n`);
    return runDemo(lesson, print);
  },
  // The servers and clients run in process groups of their own: neither Ctrl-C nor a reader
  // that leaves (`| head`) reaches them by itself. Either way, stop them all, then stop.
  { onStop: killLeftoverProcesses },
);
