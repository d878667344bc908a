import type { Op, Request } from "./messages.ts";

/** The usage line of each command a client can type or pipe in. */
export const COMMAND_USAGE: Record<Op, string> = {
  add: "add CODE NAME PRICE [COLOR,COLOR...]",
  list: "list",
  get: "get CODE",
  quit: "quit",
};

export type ParsedCommand = { ok: true; request: Request } | { ok: false; message: string } | { ok: "skip" };

/**
 * Splits a command line into words; a word with spaces goes in double quotes
 * (`add 1 "Blue pen" 2.5`), and \" or \\ inside quotes stand for " and \.
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
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(word) ? Number(word) : word;
}

/** Colors typed as `blue,black`; an empty answer means none. */
export function colorList(word: string | undefined): string[] {
  return word === undefined || word.trim() === "" ? [] : word.split(",").map((color) => color.trim());
}

/** Turns one piped command line into a request, or says what is wrong with it. */
export function parseCommand(line: string, knownOps: readonly Op[]): ParsedCommand {
  if (line.trim() === "" || line.trim().startsWith("#")) return { ok: "skip" };
  const words = splitWords(line);
  if (words === undefined) return { ok: false, message: "a double quote is not closed" };
  const [command = "", ...args] = words;
  const op = knownOps.find((known) => known === command);
  if (op === undefined) {
    return { ok: false, message: `unknown command ${JSON.stringify(command)}: try ${knownOps.join(", ")}` };
  }
  const usage = `usage: ${COMMAND_USAGE[op]}`;
  switch (op) {
    case "add": {
      const [code, name, price, colors] = args;
      if (code === undefined || name === undefined || price === undefined || args.length > 4)
        return { ok: false, message: usage };
      // The request is sent as typed: the server checks it (a client can never be trusted to).
      const product = { code: numberOrText(code), name, price: numberOrText(price), colors: colorList(colors) };
      return { ok: true, request: { op, product } as Request };
    }
    case "get": {
      const [code] = args;
      if (code === undefined || args.length > 1) return { ok: false, message: usage };
      return { ok: true, request: { op, code: numberOrText(code) } as Request };
    }
    case "list":
    case "quit":
      return args.length > 0 ? { ok: false, message: usage } : { ok: true, request: { op } };
  }
}
