// A task's text is Markdown, written to be read on GitHub too. In the terminal it is shown as
// text a person reads: paragraphs and list items joined so they wrap at the terminal's width,
// links as their words and the path they lead to, code blocks as they are.
import path from "node:path";
import { shownPath } from "../paths.ts";
import { columns, type Line } from "./layout.ts";

const FENCE = /^\s*```/;
const HEADING = /^#{1,6}\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|[\s:|-]+\|\s*$/;

/**
 * Inline Markdown as plain words: `[text](target)` becomes `text (target)`, a relative target
 * shown as a path from the repository's root (`apps/echo`), an anchor dropped; `**bold**`
 * and `__bold__` lose their marks. Code spans keep their backticks: they say "type this".
 */
export function plainInline(markdown: string, baseDir: string): string {
  return markdown
    .replace(/!?\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_link, words: string, target: string) => {
      if (target.startsWith("#")) return words;
      if (/^[a-z]+:/i.test(target)) return `${words} (${target})`;
      const [file = ""] = target.split("#");
      return `${words} (${shownPath(path.resolve(baseDir, file))})`;
    })
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_marked, stars?: string, bars?: string) => stars ?? bars ?? "");
}

/** A table's cells, `|`-separated (a `\|` inside a cell is a bar, not a border). */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll("\\|", "|"));

/** The lines of a Markdown text as the tutor shows them; `baseDir` is the folder its links start from. */
export function markdownLines(markdown: string, baseDir: string): Line[] {
  const source = markdown.replace(/\r\n/g, "\n").trimEnd().split("\n");
  const lines: Line[] = [];
  const inline = (text: string) => plainInline(text, baseDir);
  const blank = () => {
    if (lines.length > 0 && lines[lines.length - 1]?.text !== "") lines.push({ text: "" });
  };
  let index = 0;
  while (index < source.length) {
    const line = source[index] ?? "";
    if (FENCE.test(line)) {
      // A code block: its lines as they are, set in by two columns; the fences dropped.
      for (index += 1; index < source.length && !FENCE.test(source[index] ?? ""); index++) {
        const code = source[index] ?? "";
        // Comments aligned with spaces lose the alignment first when the line is too wide.
        const narrower = `  ${code.replace(/(\S) {3,}#/g, "$1  #")}`;
        lines.push({
          text: `  ${code}`,
          hang: 2 + columns(/^\s*/.exec(code)?.[0] ?? "") + 2,
          ...(narrower === `  ${code}` ? {} : { narrower }),
        });
      }
      index += 1;
    } else if (line.trim() === "") {
      blank();
      index += 1;
    } else if (HEADING.test(line)) {
      lines.push({ text: inline(HEADING.exec(line)?.[1] ?? ""), style: "bold" });
      index += 1;
    } else if (TABLE_ROW.test(line)) {
      // A table: one line per row, its cells apart; the header row in bold.
      const header = TABLE_RULE.test(source[index + 1] ?? "");
      if (!TABLE_RULE.test(line)) {
        lines.push({ text: inline(cells(line).join("  │  ")), hang: 2, ...(header ? { style: "bold" } : {}) });
      }
      index += 1;
    } else {
      // A paragraph or a list item: its source lines joined, to wrap at the terminal's width.
      const item = ITEM.exec(line);
      const indent = item === null ? columns(/^\s*/.exec(line)?.[0] ?? "") : columns(item[1] ?? "");
      let text = item === null ? line.trim() : `${item[1]}${item[2]} ${item[3]}`;
      for (index += 1; index < source.length; index++) {
        const next = source[index] ?? "";
        const continues =
          next.trim() !== "" &&
          !FENCE.test(next) &&
          !HEADING.test(next) &&
          !TABLE_ROW.test(next) &&
          !ITEM.test(next) &&
          (item === null || columns(/^\s*/.exec(next)?.[0] ?? "") > indent);
        if (!continues) break;
        text += ` ${next.trim()}`;
      }
      const hang = item === null ? indent : indent + columns(item[2] ?? "") + 1;
      lines.push({ text: `${item === null ? " ".repeat(indent) : ""}${inline(text)}`, hang });
    }
  }
  return lines;
}
