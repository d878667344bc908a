import type { z } from "zod";

/**
 * The error for a value of the wrong type: "missing" when there is none at all, otherwise
 * what was expected. (zod calls this with the offending input, which its issues omit.)
 */
export function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? "missing" : `must be ${what}`);
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
};

/** `product.colors (2nd item)`: a field's path as a person reads it, counting from 1. */
function fieldPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += ` (${ordinal(key + 1)} item)`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

/**
 * One line naming every field that is wrong and why, from a zod failure: what a client needs
 * to fix its request all at once ("product.price: must be a finite number of at least 0;
 * product.stock: unknown field").
 */
export function describeInvalid(error: z.ZodError): string {
  const problems = error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: unknown field`);
    }
    return [issue.path.length > 0 ? `${fieldPath(issue.path)}: ${issue.message}` : issue.message];
  });
  return problems.join("; ") || "invalid value";
}
