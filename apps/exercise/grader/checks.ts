// The exercise's conformance checks: what a solution must do on the wire, as SPEC says.
// Each check talks to the server over a plain JSON Lines connection, as any client would.
import type { LineClient } from "@socket-lessons/testing";

export interface Check {
  readonly name: string;
  /** Throws CheckFailed (or any error) when the server does not do what it should. */
  run(client: LineClient): Promise<void>;
}

export class CheckFailed extends Error {}

/** A reply, shown briefly: what the student needs to see to understand a failure. */
export function describeReply(reply: unknown): string {
  if (reply === undefined) return "no reply: the server closed the connection";
  const error = (reply as { error?: { code?: string; message?: string } }).error;
  if (error) return `${error.code}: ${error.message}`;
  const text = JSON.stringify(reply);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function expectError(reply: unknown, code: string): void {
  const actual = (reply as { error?: { code?: string } } | undefined)?.error?.code;
  if (actual !== code) throw new CheckFailed(`expected a ${code} error, got ${describeReply(reply)}`);
}

function expectProduct(reply: unknown, product: Record<string, unknown>): void {
  const actual = (reply as { ok?: boolean; product?: unknown } | undefined)?.product;
  if (JSON.stringify(actual) !== JSON.stringify(product)) {
    throw new CheckFailed(`expected ${JSON.stringify({ ok: true, product })}, got ${describeReply(reply)}`);
  }
}

/** The product the checks add, with a code the catalog does not use. */
export const GRADER_PRODUCT = { code: 424242, name: "Grader's pen", price: 3.5, colors: ["green"] };
export const SQL_LOOKING = { code: 434343, name: "x'); DROP TABLE products; --", price: 1, colors: ["';--"] };

export const PROTOCOL_CHECKS: Check[] = [
  {
    name: "get finds a product of the sample catalog by its code (code 1)",
    async run(client) {
      const reply = (await client.ask({ op: "get", code: 1 })) as { ok?: boolean; product?: { code?: number } };
      if (reply?.ok !== true || reply.product?.code !== 1)
        throw new CheckFailed(`expected product 1, got ${describeReply(reply)}`);
    },
  },
  {
    name: "get answers NOT_FOUND for a code no product has",
    run: async (client) => expectError(await client.ask({ op: "get", code: 2147483647 }), "NOT_FOUND"),
  },
  {
    name: 'get checks its code: BAD_REQUEST for "code": "1"',
    run: async (client) => expectError(await client.ask({ op: "get", code: "1" }), "BAD_REQUEST"),
  },
  {
    name: "add, then get returns the product just added",
    async run(client) {
      expectProduct(await client.ask({ op: "add", product: GRADER_PRODUCT }), GRADER_PRODUCT);
      expectProduct(await client.ask({ op: "get", code: GRADER_PRODUCT.code }), GRADER_PRODUCT);
    },
  },
  {
    name: "add answers DUPLICATE_CODE for a code already there",
    run: async (client) => expectError(await client.ask({ op: "add", product: GRADER_PRODUCT }), "DUPLICATE_CODE"),
  },
  {
    name: "a name that looks like SQL is stored and returned verbatim",
    async run(client) {
      expectProduct(await client.ask({ op: "add", product: SQL_LOOKING }), SQL_LOOKING);
      expectProduct(await client.ask({ op: "get", code: SQL_LOOKING.code }), SQL_LOOKING);
    },
  },
  {
    name: "list has the sample catalog first, then the products added, in order",
    async run(client) {
      const reply = (await client.ask({ op: "list" })) as { products?: Array<{ code: number }> };
      const codes = reply?.products?.map((product) => product.code) ?? [];
      if (codes[0] !== 1 || codes.at(-2) !== GRADER_PRODUCT.code || codes.at(-1) !== SQL_LOOKING.code) {
        throw new CheckFailed(
          `expected codes 1, ... ${GRADER_PRODUCT.code}, ${SQL_LOOKING.code}; got ${describeReply(reply)}`,
        );
      }
    },
  },
  {
    name: "BAD_JSON for a line that is not JSON",
    async run(client) {
      client.send("this is not json\n");
      expectError(await client.reply(), "BAD_JSON");
    },
  },
  {
    name: "UNKNOWN_OP for an op the server does not know",
    run: async (client) => expectError(await client.ask({ op: "fly" }), "UNKNOWN_OP"),
  },
  {
    name: "BAD_REQUEST for an unknown field in a product",
    run: async (client) =>
      expectError(await client.ask({ op: "add", product: { ...GRADER_PRODUCT, code: 9, stock: 1 } }), "BAD_REQUEST"),
  },
];
