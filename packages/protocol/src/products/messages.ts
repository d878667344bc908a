import { z } from "zod";
import { InvalidUtf8Error } from "../stream-errors.ts";
import { decodeUtf8 } from "../utf8.ts";
import { describeInvalid, expected } from "../validation.ts";
import { ERROR_CODES, type ErrorCode } from "./errors.ts";
import { type Product, ProductCodeSchema, ProductSchema } from "./product.ts";

/** The longest request line a server reads (SPEC): longer ones get TOO_LARGE. */
export const MAX_REQUEST_LINE_BYTES = 1024 * 1024;
/** The longest reply line a client reads: a list of many products can be long. */
export const MAX_REPLY_LINE_BYTES = 64 * 1024 * 1024;

const RequestSchemas = {
  add: z.strictObject({ op: z.literal("add"), product: ProductSchema }),
  list: z.strictObject({ op: z.literal("list") }),
  quit: z.strictObject({ op: z.literal("quit") }),
  get: z.strictObject({ op: z.literal("get"), code: ProductCodeSchema }),
};

export type Op = keyof typeof RequestSchemas;
export type Request = { [K in Op]: z.output<(typeof RequestSchemas)[K]> }[Op];

export type Failure = { ok: false; error: { code: ErrorCode; message: string } };
export type Reply = { ok: true; product: Product } | { ok: true; products: Product[] } | { ok: true } | Failure;

export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, error: { code, message } };
}

export type ParsedRequest<K extends Op> =
  | { ok: true; request: Extract<Request, { op: K }> }
  | { ok: false; reply: Failure };

const OpSchema = z.string({ error: expected("a string") });

/**
 * Reads one request line, checking everything a client could get wrong, in order: bytes
 * that are not UTF-8 or not JSON, JSON that is not an object, a missing or unknown `op`,
 * then the request's own fields. A lesson passes the ops it knows (v4 and v5 do not know `get`).
 */
export function parseRequest<K extends Op>(line: Uint8Array, knownOps: readonly K[]): ParsedRequest<K> {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(line));
  } catch (error) {
    const why = error instanceof InvalidUtf8Error ? "is not valid UTF-8" : "is not valid JSON";
    return { ok: false, reply: failure("BAD_JSON", `the request ${why}`) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reply: failure("BAD_JSON", "the request must be a JSON object") };
  }
  const op = OpSchema.safeParse((value as { op?: unknown }).op);
  if (!op.success) return { ok: false, reply: failure("BAD_REQUEST", `op: ${op.error.issues[0]?.message}`) };
  if (!(knownOps as readonly string[]).includes(op.data)) {
    const known = knownOps.join(", ");
    return {
      ok: false,
      reply: failure("UNKNOWN_OP", `unknown op ${JSON.stringify(op.data)}: this server knows ${known}`),
    };
  }
  const request = RequestSchemas[op.data as K].safeParse(value);
  if (!request.success) return { ok: false, reply: failure("BAD_REQUEST", describeInvalid(request.error)) };
  return { ok: true, request: request.data as Extract<Request, { op: K }> };
}

/** A line of only spaces and tabs (or nothing): the protocol ignores it. */
export function isBlankLine(line: Uint8Array): boolean {
  // A plain loop, not line.every(callback): this runs for every request a server reads.
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09) return false;
  return true;
}

/** One message of the protocol: a JSON object on one line. */
export function encodeLine(message: Reply | Request): string {
  return `${JSON.stringify(message)}\n`;
}

const ReplySchema = z.union([
  z.object({ ok: z.literal(true), product: ProductSchema }),
  z.object({ ok: z.literal(true), products: z.array(ProductSchema) }),
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
  }),
]);

/** Reads one reply line from a server: untrusted too, so it is checked like a request. */
export function parseReply(line: Uint8Array): Reply {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(line));
  } catch {
    throw new Error("the server's reply is not valid JSON");
  }
  const reply = ReplySchema.safeParse(value);
  if (!reply.success) throw new Error(`the server's reply is not a valid reply: ${describeInvalid(reply.error)}`);
  return reply.data;
}
