/**
 * Characters a terminal obeys instead of showing: the control characters (C0 such as "\n",
 * ESC and NUL, DEL, and C1), the bidirectional controls (U+202E turns what follows
 * around), the line and paragraph separators, and lone surrogates (half of a character,
 * which a terminal shows as "\uFFFD", hiding what was sent). With the `u` flag, a whole
 * surrogate pair (an emoji) is one character, so \p{Cs} matches only a lone half.
 */
const UNPRINTABLE = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]|\p{Cs}/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text from the network, made safe to print in a log line or on a terminal: each character
 * a terminal would obey is shown as an escape (`\n`, `\x1b`, `\x00`, `\u202e`, `\ud800`)
 * instead. Without this, a client whose name holds "\n" could print a line of its own in
 * the server's log ("listening on ..."), and one holding ESC could move the cursor, clear
 * the screen or change colours. Everything else, accents and emoji included, is printed as
 * it is.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const code = character.charCodeAt(0);
    return NAMED[character] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
  });
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, "0");

/**
 * At most `max` characters of `text` (whole characters: an emoji is not cut in half), with
 * "…" where it was cut: for quoting what a peer sent, which may be a megabyte long.
 */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  // max + 1 characters take at most (max + 1) * 2 UTF-16 units: enough to know whether to cut.
  const characters = [...text.slice(0, (max + 1) * 2)];
  return characters.length <= max ? text : `${characters.slice(0, max).join("")}…`;
}
