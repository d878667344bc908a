import * as z from "zod/mini";
import { describeInvalid } from "../validation.ts";
import { type Product, ProductSchema } from "./product.ts";

/** The longest reply line a client reads: a list of many products can be long. */
export const MAX_REPLY_LINE_BYTES = 64 * 1024 * 1024;

/** A failure reply: the error object has exactly these two keys. */
export type Failure = { ok: false; error: { code: string; message: string } };
export type Reply = { ok: true; product: Product } | { ok: true; products: Product[] } | { ok: true } | Failure;

const ReplySchema = z.union([
  z.object({ ok: z.literal(true), product: ProductSchema }),
  z.object({ ok: z.literal(true), products: z.array(ProductSchema) }),
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    // Any code in capitals: a client must cope with codes it was not written for.
    error: z.object({ code: z.string().check(z.regex(/^[A-Z][A-Z_]*$/)), message: z.string() }),
  }),
]);

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads one reply line from a server: untrusted too, so it is checked like a request. */
export function parseReply(line: Uint8Array): Reply {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(line));
  } catch {
    throw new Error("the server's reply is not valid JSON");
  }
  const reply = ReplySchema.safeParse(value);
  if (!reply.success) throw new Error(`the server's reply is not a valid reply: ${describeInvalid(reply.error)}`);
  return reply.data;
}
