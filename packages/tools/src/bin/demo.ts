// `pnpm demo [lesson]`: runs a lesson's server and client(s) together in one terminal, each
// line labelled by the side that printed it, so the whole conversation can be watched.
import { styleText } from "node:util";
import { exitWhenWritten, stopQuietlyWhenOutputCloses } from "@socket-lessons/cli";
import { killLeftoverProcesses } from "@socket-lessons/testing";
import { availableLessons, isLessonName } from "../lessons.ts";
import { runDemo } from "../run-demo.ts";

const SIDE_COLOURS = ["cyan", "magenta", "yellow", "green", "blue"] as const;
const colourOf = new Map<string, (typeof SIDE_COLOURS)[number]>();
const colour = process.stdout.isTTY && process.env.NO_COLOR === undefined;

// The servers and clients run in process groups of their own: neither a reader that leaves
// (`| head`) nor Ctrl-C reaches them by itself. Either way, stop them all, then stop.
stopQuietlyWhenOutputCloses(killLeftoverProcesses);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killLeftoverProcesses();
    exitWhenWritten(130);
  });
}

function print(side: string, stream: "out" | "err", line: string): void {
  if (!colourOf.has(side)) colourOf.set(side, SIDE_COLOURS[colourOf.size % SIDE_COLOURS.length] ?? "cyan");
  const label = `${side.padEnd(8)} │`;
  const text = stream === "err" ? `! ${line}` : line;
  if (!colour) return void process.stdout.write(`${label} ${text}\n`);
  const styled = stream === "err" ? styleText("dim", text) : text;
  process.stdout.write(`${styleText(colourOf.get(side) ?? "cyan", label)} ${styled}\n`);
}

const lessons = availableLessons();
const usage = `usage: pnpm demo [${lessons.join("|")}]   (default: ${lessons.at(-1)})`;
const args = process.argv.slice(2).filter((arg) => arg !== "--");
if (args[0] === "--help" || args[0] === "-h") {
  process.stdout.write(`${usage}\nRuns the lesson's server and client(s) together, each line labelled by its side.\n`);
  await exitWhenWritten(0);
}
const requested = args[0] ?? lessons.at(-1);
if (requested === undefined || !isLessonName(requested) || !lessons.includes(requested) || args.length > 1) {
  process.stderr.write(`error: unknown lesson ${JSON.stringify(args.join(" "))}\n${usage}\n`);
  await exitWhenWritten(2);
} else {
  process.stdout.write(`demo of ${requested}: its server and client(s) in one terminal (lines marked ! are stderr)\n`);
  await exitWhenWritten(await runDemo(requested, print));
}
