// A screen in a terminal of a given size: the body wrapped at the width and, when it is taller
// than the terminal, a page of it; below it, always in view, the notice, the status and the keys.
import type { Lang } from "../i18n.ts";
import { type Line, wrapLine, wrapLines } from "./layout.ts";
import type { Screen } from "./screens.ts";
import { TUTOR_PHRASES as P } from "./texts.ts";

/** Where the page goes: the top of the body, a check's result, the newest hint, or where it was. */
export type Focus = "top" | "results" | "hint" | "keep";

/** Lines of a failure that say what it is: its title, what was expected and came, a few rows of bytes. */
const ENOUGH_OF_A_FAILURE = 8;

export interface Frame {
  readonly lines: readonly Line[];
  /** The first body line shown (after wrapping). */
  readonly top: number;
  /** How many body lines fit. */
  readonly height: number;
}

/**
 * The lines to print for `screen` in a terminal `width` columns wide and `rows` tall (no
 * `rows`: all of it, as in a pipe). The page starts at `top`, or where `focus` says: at a
 * check's result, moved down as little as needed to show its first failure whole (or as much
 * of it as fits).
 */
export function frameOf(
  screen: Screen,
  size: { readonly width: number; readonly rows?: number },
  top: number,
  focus: Focus,
  lang: Lang,
): Frame {
  const { width, rows } = size;
  // Where each body line starts once wrapped, to find the anchors in the wrapped body.
  const starts: number[] = [];
  const body: Line[] = [];
  for (const line of screen.body) {
    starts.push(body.length);
    body.push(...wrapLine(line, width));
  }
  starts.push(body.length);
  const below = wrapLines(
    [...screen.notice.map((text) => ({ text })), ...(screen.status ? [screen.status] : [])],
    width,
  );
  const keys = (scrollable: boolean) => wrapLine({ text: screen.keys(scrollable), style: "dim" }, width);
  if (rows === undefined)
    return { lines: [...body, { text: "" }, ...below, ...keys(false)], top: 0, height: body.length };

  // A blank line between the body and what is below it, when the body fits (else the position line).
  const fits = body.length + 1 + below.length + keys(false).length <= rows;
  const footer = fits ? [{ text: "" }, ...below, ...keys(false)] : [...below, ...keys(true)];
  // At least a few lines of body, even in a very small terminal (the footer scrolls then).
  const height = Math.max(3, rows - footer.length - (fits ? 0 : 1));
  const { results, failure, hint } = screen.anchors;
  let first = top;
  if (focus === "top") first = 0;
  else if (focus === "hint" && hint !== undefined) first = starts[hint] ?? 0;
  else if (focus === "results" && results !== undefined) {
    first = starts[results] ?? 0;
    if (failure !== undefined) {
      // From the result's first line, if that shows enough of the first failure to read
      // (its title, what was expected, the bytes); else down to show as much of it as fits.
      const from = starts[failure[0]] ?? 0;
      const length = (starts[failure[1]] ?? from) - from;
      if (first + height - from < Math.min(length, ENOUGH_OF_A_FAILURE))
        first = from + Math.min(length, height) - height;
    }
  }
  first = Math.max(0, Math.min(first, body.length - height));
  if (fits) return { lines: [...body, ...footer], top: 0, height: body.length };
  const last = Math.min(body.length, first + height);
  const position = { text: P.position(first + 1, last, body.length)[lang], style: "dim" as const };
  return { lines: [...body.slice(first, last), position, ...footer], top: first, height };
}
