// What the v2 checks share: the protocol's lines, bytes sent a few at a time, and how a
// program is expected to end (well, or with one clear line on stderr).
import { setTimeout as delay } from "node:timers/promises";
import type { Exit } from "@socket-lessons/testing";
import { CheckFailure, fail } from "../../src/checker/check.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";

export const QUESTION = "What is your name?";
export const greetingFor = (name: string) => `Hello, ${name}!`;

/** How long a program may take to do what comes next (a line, its exit): a guard, not a measure. */
export const GUARD_MS = 5000;

/** The pause between two pieces sent apart, so that each arrives on its own (as the weather's slices do). */
const PAUSE_MS = 3;

/** `text`'s bytes, one piece each: a peer that dribbles. */
export const byteByByte = (line: string): Buffer[] => [...Buffer.from(line)].map((byte) => Buffer.of(byte));

/**
 * Sends `pieces` in separate writes, a moment apart, so that the peer reads them apart: a
 * line cut wherever the pieces say, even in the middle of a UTF-8 character. Stops if the
 * peer closes the connection meanwhile.
 */
export async function sendInPieces(peer: Conversation, pieces: readonly Buffer[]): Promise<void> {
  peer.socket.setNoDelay(true); // no Nagle: each small write goes out as it is made
  for (const piece of pieces) {
    if (peer.ending !== undefined) return;
    await new Promise<void>((resolve) => peer.socket.write(piece, () => resolve()));
    await delay(PAUSE_MS);
  }
}

/** Fails unless what `program` printed on stdout (after a server's listening line) is exactly `lines`. */
export function expectStdout(exit: Exit, lines: readonly string[], who: Text): void {
  const printed = exit.stdout.filter((line) => !line.startsWith("listening on "));
  if (printed.length === lines.length && printed.every((line, i) => line === lines[i])) return;
  const wanted = lines.map((line) => `    ${line}`).join("\n");
  fail(
    text(
      `expected ${who.en} to print exactly these lines on stdout:\n${wanted}\nIt printed:\n${printedBy(exit)}`,
      `esperava que ${who["pt-BR"]} imprimisse exatamente estas linhas na saída padrão:\n${wanted}\nEle imprimiu:\n${printedBy(exit)}`,
    ),
  );
}

/** Waits for `program` to exit, and fails unless it exits with code 0. */
export async function expectExitZero(program: StudentProgram, who: Text, after: Text): Promise<Exit> {
  const exit = await program.exit(
    text(`${who.en} to exit ${after.en}`, `que ${who["pt-BR"]} saísse ${after["pt-BR"]}`),
    GUARD_MS,
  );
  if (exit.code !== 0) {
    fail(
      text(
        `expected ${who.en} to exit with code 0 ${after.en}; it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
        `esperava que ${who["pt-BR"]} saísse com código 0 ${after["pt-BR"]}; saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
  return exit;
}

/**
 * Waits for `program` to exit, and fails unless it exits with code 1 and says why in one
 * line on stderr, with no stack trace: an error a person can read.
 */
export async function expectCleanFailure(program: StudentProgram, who: Text, because: Text): Promise<Exit> {
  const exit = await program.exit(
    text(`${who.en} to exit with code 1 ${because.en}`, `que ${who["pt-BR"]} saísse com código 1 ${because["pt-BR"]}`),
    GUARD_MS,
  );
  const said = exit.stderr.filter((line) => line.trim() !== "");
  const problem =
    exit.code !== 1
      ? text(`it exited with code ${exit.code ?? exit.signal}`, `saiu com código ${exit.code ?? exit.signal}`)
      : said.some((line) => /^\s+at /.test(line))
        ? text("it printed a stack trace", "imprimiu um stack trace")
        : said.length !== 1
          ? text(`it printed ${said.length} lines on stderr`, `imprimiu ${said.length} linhas na saída de erro`)
          : undefined;
  if (problem !== undefined) {
    fail(
      text(
        `expected ${who.en} to exit with code 1 ${because.en}, saying why in one line on stderr (no stack trace); ${problem.en}. It printed:\n${printedBy(exit)}`,
        `esperava que ${who["pt-BR"]} saísse com código 1 ${because["pt-BR"]}, dizendo o motivo numa linha na saída de erro (sem stack trace); ${problem["pt-BR"]}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
  return exit;
}

/**
 * Runs `work`, a part of the conversation with `program`. When it fails (a line that differs,
 * a connection that closed), the failure also says whether the program is still running or
 * how it exited, and what it printed: "the connection closed" often means "it crashed".
 * Failures that show the program's output already are left as they are.
 */
export async function watching<T>(program: StudentProgram, who: Text, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CheckFailure) || error.explanation.en.includes("It printed:")) throw error;
    // A program on its way out takes a moment to be seen gone.
    const exit = await Promise.race([program.process.exited, delay(500, undefined, { ref: false })]);
    const printed = printedBy(exit ?? program.process);
    const state = exit
      ? text(
          `${capitalized(who.en)} exited, with code ${exit.code ?? exit.signal}. It printed:\n${printed}`,
          `${capitalized(who["pt-BR"])} saiu, com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printed}`,
        )
      : text(
          `${capitalized(who.en)} is still running. It printed:\n${printed}`,
          `${capitalized(who["pt-BR"])} continua rodando. Ele imprimiu:\n${printed}`,
        );
    throw new CheckFailure(
      text(`${error.explanation.en}. ${state.en}`, `${error.explanation["pt-BR"]}. ${state["pt-BR"]}`),
      error.evidence,
    );
  }
}

const capitalized = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
