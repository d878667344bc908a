import type { z } from "zod";

/**
 * The error for a value of the wrong type: "missing" when there is none at all, otherwise
 * what was expected. (zod calls this with the offending input, which its issues omit.)
 */
export function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? "missing" : `must be ${what}`);
}

/**
 * One line naming the field that is wrong and why, from a zod failure: what a client needs
 * to fix its request ("product.price: must be a finite number of at least 0").
 */
export function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid value";
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return `${[...path, issue.keys[0]].join(".")}: unknown field`;
  return path.length > 0 ? `${path.join(".")}: ${issue.message}` : issue.message;
}
