import { styleText } from "node:util";
import { hexDump } from "@socket-lessons/cli";
import { type Lang, text } from "../i18n.ts";
import type { Evidence, Failure, ProgramReport } from "./failure.ts";
import type { CheckResult } from "./run-checks.ts";
import * as words from "./words.ts";

/** The report's own words (the rest are in words.ts). */
export const REPORT_WORDS = {
  passed: text("passed", "passou"),
  failed: text("failed", "falhou"),
  expected: text("expected", "esperava"),
  sameCause: text("(the same cause as above)", "(a mesma causa da falha acima)"),
};

/** The indent of a failure's details under its check's line. */
const INDENT = "    ";

/** Colours only for a person at a terminal, and never with NO_COLOR set. */
export const useColour = (stream: NodeJS.WriteStream = process.stdout) =>
  stream.isTTY === true && process.env.NO_COLOR === undefined;

const paint = (colour: boolean, style: "green" | "red" | "dim", line: string) =>
  colour ? styleText(style, line) : line;

/** The bytes around a difference, the differing byte marked (and what was expected there). */
export function evidenceLines(evidence: Evidence, lang: Lang): string[] {
  const lines = [
    `${INDENT}${evidence.label[lang]}:`,
    ...hexDump(evidence.bytes, { startOffset: evidence.startOffset, mark: evidence.mark }),
  ];
  if (evidence.expected !== undefined && evidence.expected.bytes.length > 0) {
    lines.push(
      `${INDENT}${words.expectedHere[lang]}:`,
      ...hexDump(evidence.expected.bytes, { startOffset: evidence.expected.startOffset, mark: evidence.mark }),
    );
  }
  return lines;
}

/** How a program ended (or that it still runs) and the lines it printed (its first few and its last), in order. */
export function programLines(program: ProgramReport, lang: Lang): string[] {
  const state = program.exit
    ? words.programEnded(program.who, program.exit.code, program.exit.signal)
    : words.stillRunningNow(program.who);
  if (program.lines.length === 0) return [`${INDENT}${state[lang]}; ${words.printedNothing[lang]}`];
  const shown = program.lines.map((line) => `${INDENT}  ${line.stream === "stderr" ? "err|" : "out|"} ${line.text}`);
  if (program.left > 0) shown.splice(program.leftAfter ?? 0, 0, `${INDENT}  ${words.moreLines(program.left)[lang]}`);
  return [`${INDENT}${state[lang]}; ${words.itPrinted[lang]}:`, ...shown];
}

/** A failure, worded: what was expected and what came, then the bytes and the program's output. */
export function failureLines(failure: Failure, lang: Lang): string[] {
  const lines = [`${INDENT}${REPORT_WORDS.expected[lang]} ${failure.expected[lang]}; ${failure.came[lang]}`];
  if (failure.advice !== undefined) lines.push(`${INDENT}${failure.advice[lang]}`);
  if (failure.evidence !== undefined) lines.push(...evidenceLines(failure.evidence, lang));
  if (failure.program !== undefined) lines.push(...programLines(failure.program, lang));
  return lines;
}

/**
 * One line per check, "passed" or "failed" in words, then a failure's details. A failure
 * whose cause was already shown (a program that does not compile) is not shown again.
 */
export function resultLines(
  result: CheckResult,
  lang: Lang,
  options: { colour?: boolean; shownCause?: boolean } = {},
): string[] {
  const title = result.check.title[lang];
  if (result.passed) return [paint(options.colour ?? false, "green", `  ✓ ${REPORT_WORDS.passed[lang]}: ${title}`)];
  const lines = [paint(options.colour ?? false, "red", `  ✗ ${REPORT_WORDS.failed[lang]}: ${title}`)];
  const failure = result.failure;
  if (failure === undefined) return lines;
  if (failure.sharedCause === true && options.shownCause === true)
    return [...lines, `${INDENT}${REPORT_WORDS.sameCause[lang]}`];
  return [...lines, ...failureLines(failure, lang)];
}

/** "6 of 7 checks passed", "7 of 7 checks passed: well done!". */
export const summaryOf = (passed: number, total: number, lang: Lang): string => words.checksPassed(passed, total)[lang];

export function summaryLine(results: readonly CheckResult[], lang: Lang): string {
  return summaryOf(results.filter((result) => result.passed).length, results.length, lang);
}
