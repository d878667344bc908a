import type { Text } from "../i18n.ts";
import type { Evidence } from "./failure.ts";

/** Bytes shown before and after the marked one. */
const WINDOW = 32;

/** The offset of the first byte where `actual` and `expected` differ (or where one ends). */
export function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const shorter = Math.min(actual.length, expected.length);
  for (let i = 0; i < shorter; i++) if (actual[i] !== expected[i]) return i;
  return shorter;
}

/**
 * The evidence for a difference at stream offset `mark`: a window of the bytes received
 * around it (and of the expected ones, when known, which start at stream offset `from`),
 * small enough to read.
 */
export function evidenceAt(
  label: Text,
  received: Uint8Array,
  mark: number,
  expected?: { bytes: Uint8Array; from: number },
): Evidence {
  const start = Math.max(0, mark - WINDOW);
  const window = Buffer.from(received.subarray(start, Math.min(received.length, mark + WINDOW)));
  if (expected === undefined) return { label, bytes: window, startOffset: start, mark };
  const expectedStart = Math.max(start, expected.from);
  const bytes = expected.bytes.subarray(expectedStart - expected.from, mark + WINDOW - expected.from);
  return {
    label,
    bytes: window,
    startOffset: start,
    mark,
    expected: { bytes: Buffer.from(bytes), startOffset: expectedStart },
  };
}

/**
 * `expected` written as JSON with its keys in the order `actual` has them (where both have
 * them), so that the first differing byte of the two lines is where the values differ, not
 * where a key comes in another order (which JSON allows).
 */
export function alignedJson(expected: unknown, actual: unknown): string {
  return JSON.stringify(align(expected, actual));
}

function align(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected)) {
    return expected.map((item, index) => align(item, Array.isArray(actual) ? actual[index] : undefined));
  }
  if (typeof expected !== "object" || expected === null) return expected;
  const source = expected as Record<string, unknown>;
  const order =
    typeof actual === "object" && actual !== null && !Array.isArray(actual)
      ? Object.keys(actual).filter((key) => key in source)
      : [];
  const keys = [...order, ...Object.keys(source).filter((key) => !order.includes(key))];
  return Object.fromEntries(
    keys.map((key) => [key, align(source[key], (actual as Record<string, unknown> | undefined)?.[key])]),
  );
}
