// Every text a student reads exists in both languages: a text in one language only, or the
// same in both where it should be translated, fails here.
import { describe, expect, it } from "vitest";
import { REPORT_WORDS } from "../src/checker/report.ts";
import * as words from "../src/checker/words.ts";
import { LANGUAGES, type Text, text } from "../src/i18n.ts";
import { availableTasks, loadTask } from "../src/task.ts";
import { KEYS, TUTOR_PHRASES, TUTOR_TEXTS } from "../src/tutor/texts.ts";

const isText = (value: unknown): value is Text =>
  typeof value === "object" && value !== null && LANGUAGES.every((lang) => lang in value);

/** A text holds words in every language, and is not left untranslated. */
function expectTranslated(name: string, value: Text): void {
  // Soft: every text missing or untranslated is listed, not only the first.
  for (const lang of LANGUAGES) expect.soft(value[lang].trim(), `${name} in ${lang}`).not.toBe("");
  expect.soft(value["pt-BR"], `${name} is not translated`).not.toBe(value.en);
}

const server = { side: "server" } as const;
const named = { side: "client", name: "a" } as const;
const who = text("the server", "o servidor");
const what = text("the greeting", "a saudação");

/**
 * Each phrase of words.ts, called as the checker calls it, every way it words differently
 * (a count of 1 and of several, each kind of shortfall, each exit).
 */
const SAMPLES: Record<string, ReadonlyArray<readonly unknown[]>> = {
  peer: [[server], [named]],
  fromPeer: [[server], [named]],
  bytesFrom: [[server]],
  cameShort: [
    [{ kind: "end" }, 0],
    [{ kind: "end" }, 9],
    [{ kind: "reset" }, 0],
    [{ kind: "reset" }, 1],
    [{ kind: "silence", ms: 5000 }, 0],
    [{ kind: "silence", ms: 1500 }, 9],
  ],
  expectBytes: [
    [1, server],
    [36, named, what],
  ],
  expectLine: [["hello", server]],
  expectAnyLine: [[server]],
  expectJson: [
    [{ ok: true }, server],
    [{ ok: true }, server, what],
  ],
  expectErrorReply: [
    ["BAD_REQUEST", server],
    ["BAD_REQUEST", server, "code"],
  ],
  expectFrame: [[server], [server, what]],
  expectEnd: [[server]],
  expectClosed: [[named]],
  expectOpen: [[server, 500]],
  expectPrinted: [
    [who, what, "stdout"],
    [who, what, "either"],
  ],
  expectExit: [[who, 0]],
  expectRunning: [[who]],
  programStarts: [[who]],
  itSent: [['"hello"'], ['"hello"', 17]],
  sentMore: [[1], [3]],
  notJson: [["hello"]],
  frameTooLarge: [[2 ** 31, 1_048_576]],
  stayedOpen: [[500]],
  closedInstead: [["end"], ["reset"]],
  exitedFirst: [
    [1, null],
    [null, "SIGTERM"],
  ],
  exitedWith: [
    [13, null],
    [null, "SIGKILL"],
  ],
  stillRunning: [[2000]],
  noSuchLine: [[5000]],
  noConnection: [[5000]],
  printedFirst: [["hello"]],
  noScript: [["start:server"]],
  compileError: [["src/server.ts:1:16: Unexpected ;"]],
  exitMeaning: [
    [1, null],
    [13, null],
    [134, null],
    [null, "SIGKILL"],
    [null, "SIGTERM"],
  ],
  programEnded: [
    [who, 13, null],
    [who, null, "SIGTERM"],
  ],
  stillRunningNow: [[who]],
  moreLines: [[1], [12]],
  expectNotPrinted: [[who, "`client ADDRESS:PORT sent N bytes`", 300]],
  printedTooSoon: [["client 127.0.0.1:5 sent 3 bytes"]],
  checksPassed: [
    [1, 7],
    [6, 7],
    [7, 7],
  ],
  mebibytes: [[18_350_080]],
};

/** Arguments to try, for a phrase added to words.ts without a sample here. */
const ANY_ARGUMENT: readonly unknown[] = [3, "word", server, who, { kind: "end" }, null, Buffer.from("bytes")];

/**
 * Calls a phrase the way it takes (arguments from ANY_ARGUMENT): the text it gives, or
 * "plain" for a helper that gives a plain string (a quoted value, an offset).
 */
function guessedCall(phrase: (...args: unknown[]) => unknown): Text | "plain" | undefined {
  const tries = (arity: number): unknown[][] =>
    arity === 0 ? [[]] : tries(arity - 1).flatMap((start) => ANY_ARGUMENT.map((arg) => [...start, arg]));
  for (const args of tries(phrase.length)) {
    try {
      const value = phrase(...args);
      if (typeof value === "string") return "plain";
      if (isText(value) && !LANGUAGES.some((lang) => /undefined|\[object/.test(value[lang]))) return value;
    } catch {
      // not this one
    }
  }
  return undefined;
}

describe("texts in English and Brazilian Portuguese", () => {
  it("the tutor's screens and keys", () => {
    for (const [name, value] of [...Object.entries(TUTOR_TEXTS), ...Object.entries(KEYS)])
      expectTranslated(name, value);
    const phrases: Record<keyof typeof TUTOR_PHRASES, Text[]> = {
      openTask: [TUTOR_PHRASES.openTask(8)],
      checking: [TUTOR_PHRASES.checking(3, 7)],
      watching: [TUTOR_PHRASES.watching("my-work/echo")],
      sameCause: [TUTOR_PHRASES.sameCause(1), TUTOR_PHRASES.sameCause(6)],
      position: [TUTOR_PHRASES.position(1, 20, 45)],
    };
    for (const [name, values] of Object.entries(phrases)) for (const value of values) expectTranslated(name, value);
  });

  it("every phrase of a failure report: words.ts, every way each one words it, and the report's own words", () => {
    for (const [name, value] of Object.entries(REPORT_WORDS)) expectTranslated(`REPORT_WORDS.${name}`, value);
    for (const [name, value] of Object.entries(words)) {
      if (isText(value)) {
        expectTranslated(name, value);
        continue;
      }
      if (typeof value !== "function") continue;
      const samples = SAMPLES[name];
      if (samples === undefined) {
        // Plain strings (quoted, excerpt, offset...) are not phrases; anything giving a Text is.
        const guessed = guessedCall(value as (...args: unknown[]) => unknown);
        expect(guessed, `${name}: add a sample of its arguments to SAMPLES`).toBeDefined();
        if (guessed !== undefined && guessed !== "plain") expectTranslated(name, guessed);
        continue;
      }
      for (const args of samples) {
        const worded = (value as (...args: unknown[]) => Text | undefined)(...args);
        if (worded !== undefined) expectTranslated(`${name}(${JSON.stringify(args)})`, worded);
      }
    }
  });

  it("numbers as each language writes them", () => {
    expect(words.mebibytes(18_350_080)).toEqual({ en: "17.5 MiB", "pt-BR": "17,5 MiB" });
    expect(words.stayedOpen(1500)["pt-BR"]).toContain("1,5 s");
  });

  for (const name of availableTasks()) {
    it(`the ${name} task: its text, three hints, the title of every check`, async () => {
      const task = await loadTask(name);
      for (const lang of LANGUAGES) {
        expect(task.text[lang].trim(), `text in ${lang}`).not.toBe("");
        expect(task.hints[lang], `hints in ${lang}`).toHaveLength(3);
        expect(task.title[lang].trim()).not.toBe("");
        for (const check of task.checks) expect(check.title[lang].trim(), check.title.en).not.toBe("");
      }
      expect(task.text["pt-BR"]).not.toBe(task.text.en);
      for (const check of task.checks) expect(check.title["pt-BR"], check.title.en).not.toBe(check.title.en);
    });
  }
});
