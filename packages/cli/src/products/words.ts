/**
 * Splits a command line into words; a word with spaces goes in double quotes
 * (`add 1 "Blue pen" 2.5`), and \" or \\ inside quotes stand for " and \.
 * Undefined when a quote is left open.
 */
export function splitWords(line: string): string[] | undefined {
  const words: string[] = [];
  const word = /\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/y;
  let end = 0;
  for (let match = word.exec(line); match !== null; match = word.exec(line)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? ""));
    end = word.lastIndex;
  }
  // Anything left that is not blank is an unclosed quote (or a quote glued to a word).
  return line.slice(end).trim() === "" ? words : undefined;
}

/**
 * Numbers as the user typed them; anything else is sent as text, so that the server, not
 * the client, decides what is valid (and says so, naming the field).
 */
export function numberOrText(word: string): number | string {
  const trimmed = word.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Colors typed as `blue,black`; an empty answer means none. */
export function colorList(word: string | undefined): string[] {
  return word === undefined || word.trim() === "" ? [] : word.split(",").map((color) => color.trim());
}

/** `1,5` is how a price is written in Brazil (and much of the world); JSON wants `1.5`. */
export function decimalCommaHint(word: string | undefined): string | undefined {
  return word !== undefined && /^\s*[+-]?\d+,\d+\s*$/.test(word)
    ? `write decimals with a dot: ${word.trim().replace(",", ".")}, not ${word.trim()}`
    : undefined;
}
