import * as z from "zod/mini";
import { expected } from "../validation.ts";

export const MAX_PRODUCT_CODE = 2_147_483_647;
const MAX_NAME_CHARACTERS = 200;
const MAX_COLORS = 16;
const MAX_COLOR_CHARACTERS = 50;

/**
 * Characters as a person counts them: "🌍" is one, though JavaScript's .length says 2 (it
 * counts UTF-16 code units, and such a character takes two). A string's iterator walks it
 * by code points.
 */
const characters = (text: string): number => [...text].length;

/**
 * A lone surrogate ("\ud800"): half of a character whose other half is missing. JSON can
 * carry one, but it is not text: UTF-8 cannot encode it, so a database (or a file, or a
 * terminal) would keep "\uFFFD" instead, and we would store something other than what we
 * acknowledged. With the `u` flag, a whole pair (an emoji) is one character and never matches.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);
const WELL_FORMED_RULE = "must be well-formed Unicode: it holds a lone surrogate (half of a character)";

export const ProductCodeSchema = z.number({ error: expected(`an integer from 1 to ${MAX_PRODUCT_CODE}`) }).check(
  z.refine((code) => Number.isInteger(code) && code >= 1 && code <= MAX_PRODUCT_CODE, {
    error: `must be an integer from 1 to ${MAX_PRODUCT_CODE}`,
  }),
);

const NameSchema = z.string({ error: expected("a string") }).check(
  z.refine(wellFormed, { error: WELL_FORMED_RULE }),
  z.refine((name) => name.trim() !== "", { error: "must not be blank" }),
  z.refine((name) => characters(name) <= MAX_NAME_CHARACTERS, {
    error: `must be at most ${MAX_NAME_CHARACTERS} characters`,
  }),
);

const PRICE_RULE = "must be a finite number of at least 0";
const PriceSchema = z
  .number({
    error: (issue) => {
      // zod refuses Infinity (JSON.parse makes it of 1e999) as "not a number": say why instead.
      if (typeof issue.input === "number") return PRICE_RULE;
      // "1,5" is how much of the world writes 1.5; JSON numbers take a dot.
      if (typeof issue.input === "string" && /^\s*[+-]?\d+,\d+\s*$/.test(issue.input))
        return `must be a number, written with a dot: ${issue.input.trim().replace(",", ".")}, not "${issue.input.trim()}"`;
      return expected("a number")(issue);
    },
  })
  .check(z.refine((price) => Number.isFinite(price) && price >= 0, { error: PRICE_RULE }));

const ColorSchema = z.string({ error: expected("a string") }).check(
  z.refine(wellFormed, { error: WELL_FORMED_RULE }),
  z.refine((color) => characters(color) >= 1 && characters(color) <= MAX_COLOR_CHARACTERS, {
    error: `must be 1 to ${MAX_COLOR_CHARACTERS} characters`,
  }),
);

/**
 * A product, as the protocol carries it (the original course's `cod`, `nome`, `preco`,
 * `cores`). `colors` may be left out of a request and then means none; replies always have it.
 * Unknown fields are refused, `__proto__` included: what we store is only what we checked.
 */
export const ProductSchema = z.strictObject(
  {
    code: ProductCodeSchema,
    name: NameSchema,
    price: PriceSchema,
    colors: z._default(
      z
        .array(ColorSchema, { error: expected("an array of strings") })
        .check(z.maxLength(MAX_COLORS, { error: `must have at most ${MAX_COLORS} colors` })),
      [],
    ),
  },
  { error: expected("an object") },
);

export type Product = z.output<typeof ProductSchema>;
