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

/** Characters a terminal draws two columns wide (CJK, emoji) or none (combining marks). */
const WIDE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Emoji_Presentation}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
const NONE = /[\p{Mn}\p{Me}\u200b-\u200f]/u;

/** How many columns one character takes in a terminal. */
const width = (char: string) => (NONE.test(char) ? 0 : WIDE.test(char) ? 2 : 1);

/** How many columns a text takes in a terminal (the checker's inputs hold names in CJK and emoji). */
export const columns = (text: string) => Array.from(text).reduce((sum, char) => sum + width(char), 0);

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
export function wrapLine(line: Line, room: number): Line[] {
  if (line.narrower !== undefined && columns(line.text) > room) {
    const { narrower, ...rest } = line;
    return wrapLine({ ...rest, text: narrower }, room);
  }
  if (columns(line.text) <= room) return [line];
  const chars = Array.from(line.text);
  const style = line.style === undefined ? {} : { style: line.style };
  if (line.whole === true) return [{ ...line, text: fitting(chars, room).join("") }];
  // Never indent continuations so far that little text fits: keep at least half the width.
  const hang = Math.min(hangOf(line), Math.floor(room / 2));
  const pieces: Line[] = [];
  let rest = chars;
  let indent = "";
  while (columns(rest.join("")) > room - indent.length) {
    const fits = fitting(rest, room - indent.length).length;
    // The last space that leaves the piece within the width (not one of the indent's).
    const leading = rest.findIndex((char) => char !== " ");
    let cut = rest.lastIndexOf(" ", fits);
    if (cut <= leading) cut = -1;
    const head = cut > 0 ? rest.slice(0, cut) : rest.slice(0, Math.max(1, fits));
    pieces.push({ text: indent + head.join("").trimEnd(), ...style });
    rest = cut > 0 ? rest.slice(cut + 1) : rest.slice(head.length);
    while (rest[0] === " ") rest = rest.slice(1);
    indent = " ".repeat(hang);
  }
  if (rest.length > 0) pieces.push({ text: indent + rest.join(""), ...style });
  return pieces;
}

/** The first characters of `chars` that fit in `room` columns. */
function fitting(chars: readonly string[], room: number): string[] {
  let used = 0;
  let count = 0;
  for (const char of chars) {
    used += width(char);
    if (used > room) break;
    count += 1;
  }
  return chars.slice(0, count);
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
