import * as z from "zod/mini";
import { printable, shortened } from "../printable.ts";
import { describeInvalid, expected } from "../validation.ts";
import { ProductSchema } from "./product.ts";
import type { Failure } from "./replies.ts";

/** The longest request line a server reads: longer ones get TOO_LARGE. */
export const MAX_REQUEST_LINE_BYTES = 1024 * 1024;

/**
 * The requests of the v4 protocol, one schema per `op`. Unknown fields are refused (a
 * strict object), at the top level as in the product. A lesson that knows more requests
 * passes a bigger table to parseRequest (the exercise adds `get`).
 */
export const REQUESTS = {
  add: z.strictObject({ op: z.literal("add"), product: ProductSchema }),
  list: z.strictObject({ op: z.literal("list") }),
  quit: z.strictObject({ op: z.literal("quit") }),
};

/** A table of request schemas, by op. */
export type RequestSchemas = Record<string, z.ZodMiniType<{ op: string }>>;

/** The requests a table describes, as parseRequest returns them. */
export type RequestOf<S extends RequestSchemas> = z.output<S[keyof S]>;

/** A request of the v4 protocol: add, list or quit. */
export type Request = RequestOf<typeof REQUESTS>;

export type ParsedRequest<S extends RequestSchemas> =
  | { ok: true; request: RequestOf<S> }
  | { ok: false; reply: Failure };

const failure = (code: string, message: string): Failure => ({ ok: false, error: { code, message } });

// `fatal`: bytes that are not UTF-8 are an error, not silently "\uFFFD": never guess.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const OpSchema = z.string({ error: expected("a string") });

/** A line of only spaces and tabs (or nothing): the protocol ignores it. */
const isBlank = (line: Uint8Array) => line.every((byte) => byte === 0x20 || byte === 0x09);

/**
 * Reads one request line, checking everything a client could get wrong, in order: bytes
 * that are not UTF-8 or not JSON, JSON that is not an object, a missing or unknown `op`,
 * then the request's own fields (all of the wrong ones named at once). Undefined for a
 * blank line, which is no request at all. `schemas`: the requests this server knows (v4's
 * unless a lesson passes its own table).
 */
export function parseRequest<S extends RequestSchemas = typeof REQUESTS>(
  line: Uint8Array,
  schemas: S = REQUESTS as unknown as S,
): ParsedRequest<S> | undefined {
  if (isBlank(line)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(line));
  } catch (error) {
    const why = error instanceof SyntaxError ? "is not valid JSON" : "is not valid UTF-8";
    return { ok: false, reply: failure("BAD_JSON", `the request ${why}`) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reply: failure("BAD_JSON", "the request must be a JSON object") };
  }
  const op = OpSchema.safeParse((value as { op?: unknown }).op);
  if (!op.success) return { ok: false, reply: failure("BAD_REQUEST", `op: ${op.error.issues[0]?.message}`) };
  const schema = Object.hasOwn(schemas, op.data) ? schemas[op.data] : undefined;
  if (schema === undefined) {
    const known = Object.keys(schemas).join(", ");
    // The op is quoted back as the client sent it, but shortened and escaped: it may be long.
    const quoted = printable(JSON.stringify(shortened(op.data, 40)));
    return { ok: false, reply: failure("UNKNOWN_OP", `unknown op ${quoted}: this server knows ${known}`) };
  }
  const request = schema.safeParse(value);
  if (!request.success) return { ok: false, reply: failure("BAD_REQUEST", describeInvalid(request.error)) };
  return { ok: true, request: request.data as RequestOf<S> };
}
