import type { Product, Reply } from "@socket-lessons/protocol";
import type { ProductCommand } from "./product-commands.ts";

/** Characters as a person counts them ("🌍" is one), for lining up columns. */
const width = (text: string) => [...text].length;

/** Products as a readable table, one row each, columns aligned. */
export function productTable(products: readonly Product[]): string[] {
  if (products.length === 0) return ["(no products)"];
  const header = ["code", "name", "price", "colors"];
  const rows = products.map((product) => [
    String(product.code),
    product.name,
    String(product.price),
    product.colors.join(", "),
  ]);
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ""))));
  const pad = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const fill = " ".repeat((widths[column] ?? 0) - width(cell));
        // Numbers line up on the right, text on the left.
        return column === 0 || column === 2 ? fill + cell : cell + fill;
      })
      .join("  ")
      .trimEnd();
  return [pad(header), ...rows.map(pad)];
}

/**
 * What a client prints for the server's reply to a command: an error with its code, or what
 * the command says of its success (`describeReply`), or else the products as a table, or `bye`.
 */
export function replyLines(reply: Reply, command?: ProductCommand): string[] {
  if (!reply.ok) return [`error ${reply.error.code}: ${reply.error.message}`];
  if (command?.describeReply !== undefined) return command.describeReply(reply);
  if ("products" in reply) return productTable(reply.products);
  if ("product" in reply) return productTable([reply.product]);
  return ["bye"];
}
