import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Inputs } from "../../src/checker/inputs.ts";
import { step } from "../../src/checker/steps.ts";

/**
 * Files the checker writes for one check, in a folder of its own: `public/` is the folder
 * the server is given (--root), and a file beside it is outside, for the server never to
 * serve. Written when the check runs, deleted when it ends.
 */
export class CheckFolder {
  private base = "";

  constructor(private readonly files: Readonly<Record<string, string | Uint8Array>>) {}

  readonly create = step(async (run) => {
    this.base = await mkdtemp(path.join(os.tmpdir(), "socket-lessons-web1-"));
    run.defer(() => rm(this.base, { recursive: true, force: true }));
    for (const [name, content] of Object.entries(this.files)) {
      await mkdir(path.dirname(path.join(this.base, name)), { recursive: true });
      await writeFile(path.join(this.base, name), content);
    }
  });

  /** The absolute path of `name` in the folder (once it is created). */
  readonly path = (name = ""): string => path.join(this.base, name);
}

/** Words with letters beyond ASCII, for file names and contents: bytes ≠ characters. */
const WORDS = ["pão", "ação", "café", "naïve", "日本", "ünïcödé", "Ω", "Zoë", "Søren", "Łucja", "🙂"];

/** A file name's first part: a word with letters beyond ASCII, a space (`%20`) or a dash, and letters. */
export const fileStem = (input: Inputs, separator = input.pick([" ", "-"])): string =>
  `${input.pick(WORDS)}${separator}${input.letters(input.int(3, 8))}`;

/** A line of text that always holds letters beyond ASCII. */
export const fileText = (input: Inputs): string => `${input.text(2, 6)} ${input.pick(WORDS)}\n`;

/**
 * A name as a target carries it: each segment percent-encoded (`pão.txt` is `p%C3%A3o.txt`),
 * the escapes in capitals or not (both are the same byte).
 */
export const encodedName = (name: string, lowercase = false): string =>
  name
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/")
    .replace(/%[0-9A-F]{2}/g, (hex) => (lowercase ? hex.toLowerCase() : hex));
