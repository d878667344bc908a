// `pnpm demo [lesson]`: runs a lesson's server and client(s) together in one terminal, each
// line labelled by the side that printed it, so the whole conversation can be watched.
import { styleText } from "node:util";
import { availableLessons, isLessonName } from "../lessons.ts";
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
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const requested = args[0] ?? lessons.at(-1);
if (requested === undefined || !isLessonName(requested) || !lessons.includes(requested)) {
  process.stderr.write(`error: unknown lesson ${JSON.stringify(requested)}\nusage: pnpm demo [${lessons.join("|")}]\n`);
  process.exit(2);
}
process.stdout.write(`demo of ${requested}: its server and client(s) in one terminal (lines marked ! are stderr)\n`);
process.exit(await runDemo(requested, print));
