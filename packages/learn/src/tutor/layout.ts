// Fitting text to the terminal: lines wrapped at its width, between words, with the indent
// of the line they continue, and hex dump rows kept whole.
import { styleText } from "node:util";

export type Style = "green" | "red" | "bold" | "dim" | "cyan";

/** One line of a screen, before it is fitted to the terminal's width. */
export interface Line {
  readonly text: string;
  /** Where its continuation lines start (default: under its first non-space character). */
  readonly hang?: number;
  /** Never wrapped: a hex dump row, whose columns only mean something when whole. */
  readonly whole?: boolean;
  readonly style?: Style;
  /** A narrower form of it, tried first when it is too wide (code with its comments aligned). */
  readonly narrower?: string;
}

/** How many columns a text takes (one per character: the course prints no double-width ones). */
export const columns = (text: string) => Array.from(text).length;

const BULLET = /^(\s*)(?:[-*✓✗·›▸]|\d+\.|out\||err\|)\s/;

/** Where a line's continuation starts when it does not say: under its text, past a bullet. */
function hangOf(line: Line): number {
  if (line.hang !== undefined) return line.hang;
  const bullet = BULLET.exec(line.text);
  if (bullet !== null) return columns(bullet[0]);
  return columns(/^\s*/.exec(line.text)?.[0] ?? "");
}

/**
 * The line cut into pieces of at most `width` columns, each at a space where there is one
 * (the space dropped), a word cut only when it is longer than a whole line. A `whole` line
 * is never wrapped: it is cut at the width when it is wider than the terminal.
 */
export function wrapLine(line: Line, width: number): Line[] {
  if (line.narrower !== undefined && columns(line.text) > width) {
    const { narrower, ...rest } = line;
    return wrapLine({ ...rest, text: narrower }, width);
  }
  const chars = Array.from(line.text);
  if (chars.length <= width) return [line];
  const style = line.style === undefined ? {} : { style: line.style };
  if (line.whole === true) return [{ ...line, text: chars.slice(0, width).join("") }];
  // Never indent continuations so far that little text fits: keep at least half the width.
  const hang = Math.min(hangOf(line), Math.floor(width / 2));
  const pieces: Line[] = [];
  let rest = chars;
  let room = width;
  let indent = "";
  while (rest.length > room) {
    let cut = rest.lastIndexOf(" ", room);
    // The indent itself is not a place to break.
    const leading = rest.findIndex((char) => char !== " ");
    if (cut <= leading) cut = -1;
    const head = cut > 0 ? rest.slice(0, cut) : rest.slice(0, room);
    pieces.push({ text: indent + head.join("").trimEnd(), ...style });
    rest = cut > 0 ? rest.slice(cut + 1) : rest.slice(room);
    while (rest[0] === " ") rest = rest.slice(1);
    indent = " ".repeat(hang);
    room = width - hang;
  }
  if (rest.length > 0) pieces.push({ text: indent + rest.join(""), ...style });
  return pieces;
}

export const wrapLines = (lines: readonly Line[], width: number): Line[] =>
  lines.flatMap((line) => wrapLine(line, width));

/** A line as the terminal shows it: in its colour when colours are on. */
export const painted = (line: Line, colour: boolean): string =>
  colour && line.style !== undefined && line.text !== "" ? styleText(line.style, line.text) : line.text;

/** A hex dump's rows (`  0010  48 65 ...  |He...|`), its marks (`^^ ... ^`), its "more bytes" line. */
const DUMP_ROW = /^ *[0-9a-f]{4,} {2}[0-9a-f]{2}[ |]|^ +\^\^ +\^$|^ +\.\.\. \d+ more bytes/;

/** Lines of a report, as lines of a screen: dump rows whole, check lines in their colour. */
export function reportLine(text: string): Line {
  if (DUMP_ROW.test(text)) return { text, whole: true };
  if (/^\s*✓ /.test(text)) return { text, style: "green" };
  if (/^\s*✗ /.test(text)) return { text, style: "red" };
  return { text };
}
