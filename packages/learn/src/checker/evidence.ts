import type { Text } from "../i18n.ts";
import type { Evidence } from "./check.ts";

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
 * around it (and of the expected ones, when known), small enough to read.
 */
export function evidenceAt(
  label: Text,
  received: Buffer,
  mark: number,
  expected?: { bytes: Buffer; from: number },
): Evidence {
  const start = Math.max(0, mark - WINDOW);
  const window = Buffer.from(received.subarray(start, Math.min(received.length, mark + WINDOW)));
  if (expected === undefined) return { label, bytes: window, startOffset: start, mark };
  // The expected bytes over the same stretch of the stream (they start at `expected.from`).
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
