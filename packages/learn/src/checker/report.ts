import { styleText } from "node:util";
import { hexDump } from "@socket-lessons/cli";
import type { Lang } from "../i18n.ts";
import type { Evidence } from "./check.ts";
import type { CheckResult } from "./run-checks.ts";

const WORDS = {
  passed: { en: "passed", "pt-BR": "passou" },
  failed: { en: "failed", "pt-BR": "falhou" },
  expected: { en: "expected here", "pt-BR": "esperado aqui" },
} as const;

/** Colours only for a person at a terminal, and never with NO_COLOR set. */
export const useColour = (stream: NodeJS.WriteStream = process.stdout) =>
  stream.isTTY === true && process.env.NO_COLOR === undefined;

const paint = (colour: boolean, style: "green" | "red" | "dim", line: string) =>
  colour ? styleText(style, line) : line;

/** The bytes around a difference, the differing byte marked (and what was expected there). */
export function evidenceLines(evidence: Evidence, lang: Lang): string[] {
  const indent = (rows: string[]) => rows.map((row) => `      ${row}`);
  const lines = [
    `      ${evidence.label[lang]}:`,
    ...indent(hexDump(evidence.bytes, { startOffset: evidence.startOffset, mark: evidence.mark })),
  ];
  if (evidence.expected !== undefined && evidence.expected.bytes.length > 0) {
    lines.push(
      `      ${WORDS.expected[lang]}:`,
      ...indent(hexDump(evidence.expected.bytes, { startOffset: evidence.expected.startOffset, mark: evidence.mark })),
    );
  }
  return lines;
}

/** One line per check, "passed" or "failed" in words, then a failure's explanation and bytes. */
export function resultLines(result: CheckResult, lang: Lang, colour = false): string[] {
  const title = result.check.title[lang];
  if (result.passed) return [paint(colour, "green", `  ✓ ${WORDS.passed[lang]}: ${title}`)];
  const lines = [paint(colour, "red", `  ✗ ${WORDS.failed[lang]}: ${title}`)];
  const failure = result.failure;
  if (failure !== undefined) {
    for (const line of failure.explanation[lang].split("\n")) lines.push(`      ${line}`);
    if (failure.evidence !== undefined) lines.push(...evidenceLines(failure.evidence, lang));
  }
  return lines;
}

export function summaryLine(results: readonly CheckResult[], lang: Lang): string {
  const passed = results.filter((result) => result.passed).length;
  const all = passed === results.length;
  return lang === "en"
    ? `${passed} of ${results.length} checks passed${all ? ": well done!" : ""}`
    : `${passed} de ${results.length} verificações passaram${all ? ": muito bem!" : ""}`;
}
