import type { Failure, Reply } from "@socket-lessons/protocol";
import { colorList, decimalCommaHint, numberOrText } from "./words.ts";

/** A request as a client sends it: the server checks every field (a client is never trusted). */
export type ClientRequest = { op: string } & Record<string, unknown>;

/** A reply that says the server did it: `{ ok: true, ... }`. */
export type Success = Exclude<Reply, Failure>;

/** One command a product client understands, typed in a pipe or chosen from the menu. */
export interface ProductCommand {
  /** The word that starts it in a pipe, and the request's `op`: `add`. */
  readonly name: string;
  /** What the menu shows for it: `add a product`. */
  readonly label: string;
  /** What it takes, in order: in a pipe, one word each; in the menu, one question each. */
  readonly fields: readonly {
    /** How the usage text names it: `CODE`. */
    readonly usage: string;
    /** What the menu asks: `code`. */
    readonly question: string;
    readonly optional?: boolean;
  }[];
  /** The request for the words given (an optional field left out is undefined), or why not (text). */
  request(words: readonly (string | undefined)[]): ClientRequest | string;
  /**
   * What the client prints when the server did it (by default: the products as a table, or
   * `bye`). An error prints the same for every command: `error CODE: message`.
   */
  describeReply?(reply: Success): string[];
}

/** `add CODE NAME PRICE [COLOR,COLOR...]`: how to type a command, for its error messages. */
export function usageOf(command: ProductCommand): string {
  const fields = command.fields.map(({ usage, optional }) => (optional ? `[${usage}]` : usage));
  return [command.name, ...fields].join(" ");
}

/**
 * The commands of the v4 protocol: add, list, quit. A lesson that knows more adds an entry
 * of its own: `typedCommands([...PRODUCT_COMMANDS, GET])`.
 */
export const PRODUCT_COMMANDS: readonly ProductCommand[] = [
  {
    name: "add",
    label: "add a product",
    fields: [
      { usage: "CODE", question: "code" },
      { usage: "NAME", question: "name" },
      { usage: "PRICE", question: "price (decimals with a dot: 2.5)" },
      { usage: "COLOR,COLOR...", question: "colors (comma-separated, Enter for none)", optional: true },
    ],
    request([code = "", name = "", price = "", colors]) {
      const hint = decimalCommaHint(price);
      if (hint !== undefined) return `price: ${hint}`;
      return {
        op: "add",
        product: { code: numberOrText(code), name, price: numberOrText(price), colors: colorList(colors) },
      };
    },
    // One line: the product is the one just typed, a table of it would say nothing new.
    describeReply: (reply) =>
      "product" in reply ? [`added product ${reply.product.code}: ${reply.product.name}`] : ["added"],
  },
  { name: "list", label: "list the products", fields: [], request: () => ({ op: "list" }) },
  { name: "quit", label: "quit", fields: [], request: () => ({ op: "quit" }) },
];
