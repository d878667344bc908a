import * as z from "zod/mini";
import { expected } from "./validation.ts";

const MAX_PERSON_FIELD = 200;

/** Characters as a person counts them: "🌍" is one, though JavaScript's .length says 2. */
const characters = (text: string): number => [...text].length;

function personField(what: string) {
  return z.string({ error: expected(`a string (the ${what})`) }).check(
    z.minLength(1, { error: "must not be empty" }),
    z.refine((text) => characters(text) <= MAX_PERSON_FIELD, {
      error: `must be at most ${MAX_PERSON_FIELD} characters`,
    }),
  );
}

/**
 * The person v3's client sends (the original course pickles a `Pessoa(nome, email)`).
 * Whatever arrives from the network is untrusted: it is checked against this before use,
 * and anything beyond `name` and `email` is refused.
 */
export const PersonSchema = z.strictObject(
  { name: personField("name"), email: personField("e-mail address") },
  { error: expected("an object with a name and an email") },
);

export type Person = z.infer<typeof PersonSchema>;
