// Lesson web2: the product list as an HTML page, with a form that adds one, and what the form
// sends back. Every product name came from some client: it is escaped before it goes into
// the page, so that a product named `<script>alert(1)</script>` shows as text and runs nothing.
import type { Product } from "@socket-lessons/protocol";
import { escapeHtml } from "./http-response.ts";

/** The page: the products in a table, an error if the last form was refused, and the form. */
export function productPage(products: Iterable<Product>, error?: string): string {
  const rows = [...products].map(
    (product) =>
      `<tr><td>${product.code}</td><td>${escapeHtml(product.name)}</td><td>${product.price}</td><td>${escapeHtml(product.colors.join(", "))}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>web2: products</title>
<style>table { border-collapse: collapse } th, td { border: 1px solid #999; padding: 0.2em 0.6em } .error { color: #b00 }</style></head>
<body>
<h1>Products</h1>
${error === undefined ? "" : `<p class="error" role="alert">${escapeHtml(error)}</p>\n`}<table>
<thead><tr><th>code</th><th>name</th><th>price</th><th>colors</th></tr></thead>
<tbody>
${rows.length === 0 ? '<tr><td colspan="4">no products yet</td></tr>' : rows.join("\n")}
</tbody>
</table>
<h2>Add a product</h2>
<form method="post" action="/">
<label>code <input name="code" required></label>
<label>name <input name="name" required></label>
<label>price <input name="price" required></label>
<label>colors <input name="colors" placeholder="blue, black"></label>
<button>Add</button>
</form>
<p>The same list for programs: <a href="/api/products">/api/products</a></p>
</body>
</html>
`;
}

/**
 * The product a form sent, as the product schema wants it (to be checked there): a form body is
 * `code=1&name=Blue+pen&price=2.5&colors=blue%2C+black`, every value text, so numbers are read
 * as numbers and colors split at commas. Text that is no number stays text, and the schema says why.
 */
export function productFromForm(body: Buffer): Record<string, unknown> {
  const form = new URLSearchParams(body.toString("utf8"));
  const number = (text: string | null) =>
    text === null ? undefined : text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
  const colors = (form.get("colors") ?? "")
    .split(",")
    .map((color) => color.trim())
    .filter((color) => color !== "");
  return {
    code: number(form.get("code")),
    name: form.get("name") ?? undefined,
    price: number(form.get("price")),
    colors,
  };
}
