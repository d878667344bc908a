import { readFileSync } from "node:fs";
import { lessonDiff } from "./lesson-diff.ts";
import { DEMO_PLANS, defaultPort, type LessonName, lessonDir, PREVIOUS_LESSON } from "./lessons.ts";
import { runDemo } from "./run-demo.ts";

/** The README files of a lesson that carry generated sections (the translation shares them). */
export const README_NAMES = ["README.md", "README.pt-BR.md"];

/**
 * A generated section sits between two marker comments; everything else in a README is
 * prose, written by hand. The names are the keys of `generatedSections`.
 */
export const marker = (name: string, edge: "BEGIN" | "END") => `<!-- ${edge} GENERATED: ${name} (pnpm docs:sync) -->`;

/** A shell word, quoted when it needs to be. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/** The lesson's default port, from its own server entry (one source of truth). */
async function defaultPortOf(lesson: LessonName): Promise<string> {
  return String(defaultPort(lessonDir(lesson)) ?? "PORT");
}

/** The command a student types for one side of the demo. */
function commandLine(lesson: LessonName, script: string, args: string[], stdin?: string): string {
  const flags = args.length > 0 ? ` -- ${args.map(shellWord).join(" ")}` : "";
  const command = `pnpm --filter ${lesson} ${script}${flags}`;
  return stdin === undefined ? command : `printf ${shellWord(stdin.replaceAll("\n", "\\n"))} | ${command}`;
}

/**
 * "What you will see": the real output of a demo run, one block per side. Ports are
 * normalized (the server's to the lesson's default, the clients' own to PORT), and so is an
 * HTTP response's Date, so that the text is the same on every run and only changes when the
 * lesson does.
 */
async function demoOutput(lesson: LessonName): Promise<string> {
  const plan = DEMO_PLANS[lesson];
  const sides = new Map<string, string[]>();
  const code = await runDemo(lesson, (side, stream, line) => {
    const lines = sides.get(side) ?? [];
    lines.push(stream === "err" ? `(stderr) ${line}` : line);
    sides.set(side, lines);
  });
  if (code !== 0) throw new Error(`the demo of ${lesson} failed:\n${[...sides.values()].flat().join("\n")}`);
  const serverPort = /^listening on .*:(\d+)$/.exec(sides.get("server")?.[0] ?? "")?.[1];
  const defaultPort = await defaultPortOf(lesson);
  const normalize = (line: string) => normalizeDemoLine(line, serverPort, defaultPort);
  const blocks = [{ side: "server", command: commandLine(lesson, "start:server", plan.serverArgs) }];
  plan.clients.forEach((client, index) => {
    const side = plan.clients.length === 1 ? "client" : `client ${index + 1}`;
    blocks.push({ side, command: commandLine(lesson, "start:client", client.args, client.stdin) });
  });
  return blocks
    .map(({ side, command }) =>
      ["```text", `$ ${command}`, ...(sides.get(side) ?? []).map(normalize), "```"].join("\n"),
    )
    .join("\n\n");
}

/**
 * One line of a demo, the same on every run: the server's port as the lesson's default, a
 * client's own port as PORT, and an HTTP response's Date as DATE.
 */
export function normalizeDemoLine(line: string, serverPort: string | undefined, defaultPort: string): string {
  return line
    .replaceAll(`:${serverPort}`, `:${defaultPort}`)
    .replace(/((?:\d{1,3}\.){3}\d{1,3}|\[[0-9a-f:]+\]):(?!12\d\d\d\b)\d+/g, "$1:PORT")
    .replace(/^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/, "Date: DATE");
}

function changesSection(lesson: LessonName): string {
  const previous = PREVIOUS_LESSON[lesson];
  if (previous === undefined) return "```text\n(the first lesson)\n```";
  const diff = lessonDiff(previous, lesson);
  return [
    `<details><summary><code>pnpm lesson:diff ${previous} ${lesson}</code> (${diff.split("\n").length - 1} lines)</summary>`,
    "",
    "```diff",
    diff.trimEnd(),
    "```",
    "",
    "</details>",
  ].join("\n");
}

/** Every generated section of a lesson's README, by marker name. */
export async function generatedSections(lesson: LessonName): Promise<Map<string, string>> {
  return new Map([
    ["changes", changesSection(lesson)],
    ["output", await demoOutput(lesson)],
  ]);
}

/**
 * The README with each generated section replaced by its new content. A README that lacks
 * a section's markers is an error: the generated text must have a place to go.
 */
export function withSections(readme: string, sections: Map<string, string>, file: string): string {
  let text = readme;
  for (const [name, content] of sections) {
    const begin = marker(name, "BEGIN");
    const end = marker(name, "END");
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from === -1 || to < from) throw new Error(`${file} has no ${name} section: add the lines\n${begin}\n${end}`);
    text = `${text.slice(0, from + begin.length)}\n${content}\n${text.slice(to)}`;
  }
  return text;
}

export function readReadme(file: string): string {
  return readFileSync(file, "utf8");
}
