import type { Reply, Request } from "./messages.ts";
import type { Product } from "./product.ts";

/** Products as a readable table, one row each, columns aligned. */
export function productTable(products: readonly Product[]): string[] {
  if (products.length === 0) return ["(no products)"];
  const rows = products.map((product) => [
    String(product.code),
    product.name,
    String(product.price),
    product.colors.join(", "),
  ]);
  const header = ["code", "name", "price", "colors"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => [...(row[column] ?? "")].length)),
  );
  const pad = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const fill = " ".repeat(width - [...cell].length);
        // Numbers line up on the right, text on the left.
        return column === 0 || column === 2 ? fill + cell : cell + fill;
      })
      .join("  ")
      .trimEnd();
  return [pad(header), ...rows.map(pad)];
}

/** What a client prints for the server's reply to a request. */
export function formatReply(request: Request, reply: Reply): string[] {
  if (!reply.ok) return [`error ${reply.error.code}: ${reply.error.message}`];
  if ("products" in reply) return productTable(reply.products);
  if ("product" in reply) {
    return request.op === "add"
      ? [`added product ${reply.product.code}: ${reply.product.name}`]
      : productTable([reply.product]);
  }
  return ["bye"];
}
