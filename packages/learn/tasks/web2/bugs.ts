import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the web2 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "delete-missing-204",
    name: "DELETE answers 204 for a code no product has",
    edits: [
      {
        file: "server.ts",
        from: "if (!products.delete(Number(code))) return errorResponse(404, `no product has code ${code}`, path);",
        to: "products.delete(Number(code));",
      },
    ],
    caughtBy: "delete-missing",
  },
  {
    id: "no-content-with-body",
    name: "204 sent with a body (the deleted product) and its Content-Length",
    edits: [
      {
        file: "server.ts",
        from: 'return { status: 204, contentType: "", body: "" };',
        to: "return json(204, { ok: true });",
      },
      { file: "http-response.ts", from: "const noContent = response.status === 204;", to: "const noContent = false;" },
    ],
    caughtBy: "delete-api",
  },
  {
    id: "no-content-length-zero",
    name: "204 with a Content-Type and `Content-Length: 0`, which RFC 9110 forbids on it",
    edits: [
      { file: "http-response.ts", from: "const noContent = response.status === 204;", to: "const noContent = false;" },
    ],
    caughtBy: "delete-api",
  },
  {
    id: "delete-keeps-product",
    name: "DELETE answers 204 but keeps the product",
    edits: [{ file: "server.ts", from: "if (!products.delete(Number(code)))", to: "if (!products.has(Number(code)))" }],
    caughtBy: "delete-api",
  },
  {
    id: "allow-not-updated",
    name: "405 on /api/products/CODE still says `Allow: GET, HEAD`",
    edits: [
      { file: "server.ts", from: 'notAllowed(request, "GET, HEAD, DELETE")', to: 'notAllowed(request, "GET, HEAD")' },
    ],
    caughtBy: "delete-allow",
  },
  {
    id: "form-delete-200",
    name: "the form's delete answered with the page (200), not 303 See Other",
    edits: [
      {
        file: "server.ts",
        from: /return \{\n\s*status: 303,\n\s*contentType: HTML,\n\s*body: '<a href="\/">deleted: back to the list<\/a>\\n',\n\s*headers: \{ Location: "\/" \},\n\s*\};/,
        to: 'return page(200, "deleted");',
      },
    ],
    caughtBy: "form-delete",
  },
  {
    id: "form-missing-303",
    name: "the form's delete of a code no product has answered 303 as if it worked",
    edits: [
      {
        file: "server.ts",
        from: "if (!products.delete(code)) return page(404, `no product has code ${code}`);",
        to: "products.delete(code);",
      },
    ],
    caughtBy: "form-delete-errors",
  },
  {
    id: "button-without-code",
    name: "the delete button's form posts no code (its input has no value)",
    edits: [{ file: "product-page.ts", from: ' value="${code}"', to: "" }],
    caughtBy: "page-delete-buttons",
  },
  {
    id: "name-not-escaped",
    name: "the product's name put into the page as it is: `<script>` runs",
    edits: [{ file: "product-page.ts", from: "<td>${escapeHtml(product.name)}</td>", to: "<td>${product.name}</td>" }],
    caughtBy: "page-delete-buttons",
  },
  {
    id: "content-length-characters",
    name: "Content-Length counted in characters: the page with a product named `Pão` is cut short",
    edits: [
      {
        file: "http-response.ts",
        from: "`Content-Length: ${body.length}`",
        to: "`Content-Length: ${response.body.length}`",
      },
    ],
    caughtBy: "page-delete-buttons",
  },
  {
    id: "one-read-body",
    name: "the body taken from what came with the head, not read to its Content-Length",
    edits: [
      {
        file: "http-request.ts",
        from: "if (this.end - this.start < this.bodyBytes) return; // the rest of the body is still on its way",
        to: "this.bodyBytes = Math.min(this.bodyBytes, this.end - this.start);",
      },
    ],
    caughtBy: "cut-anywhere",
  },
  {
    id: "stops-reading-after-response",
    name: "after the response, the server stops reading: it closes with bytes unread (a reset)",
    edits: [{ file: "server.ts", from: "if (ended) continue;", to: "if (ended) break;" }],
    caughtBy: "unread-bytes",
  },
];
