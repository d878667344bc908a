import { en } from "zod/locales";
import * as z from "zod/mini";
import { printable, shortened } from "./printable.ts";

// The schemas use zod/mini, zod's own lighter build: a program that loads it starts in a third
// less CPU than with the whole of zod. It comes without messages; these are zod's English ones,
// for the few rules that have no message of their own here (a reply's error code, a union).
z.config(en());

/** Problems a message lists before "… and N more": enough to fix a request, never a flood. */
export const MAX_PROBLEMS_LISTED = 5;
/** Characters of a field name a message quotes: the name came from the peer, and may be long. */
const MAX_FIELD_NAME_CHARACTERS = 40;

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
    else text += (text === "" ? "" : ".") + fieldName(String(key));
  }
  return text;
}

/** A field name as a message quotes it: the peer chose it, so it is shortened and escaped. */
const fieldName = (key: string) => printable(shortened(key, MAX_FIELD_NAME_CHARACTERS));

/**
 * One line naming the fields that are wrong and why, from a zod failure: what a client needs
 * to fix its request all at once ("product.price: must be a finite number of at least 0;
 * product.stock: unknown field"). At most MAX_PROBLEMS_LISTED of them, then how many more:
 * an object with a million unknown fields (a typed array in v3) gets one short line, not a
 * line of megabytes.
 */
export function describeInvalid(error: z.core.$ZodError): string {
  const listed: string[] = [];
  let problems = 0;
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.slice(0, MAX_PROBLEMS_LISTED - listed.length)) {
        listed.push(`${fieldPath([...issue.path, key])}: unknown field`);
      }
      problems += issue.keys.length;
    } else {
      if (listed.length < MAX_PROBLEMS_LISTED) {
        listed.push(issue.path.length > 0 ? `${fieldPath(issue.path)}: ${issue.message}` : issue.message);
      }
      problems += 1;
    }
  }
  if (problems === 0) return "invalid value";
  const more = problems - listed.length;
  return more > 0 ? `${listed.join("; ")}; … and ${more} more` : listed.join("; ");
}
