import type { Check } from "../../src/checker/check.ts";
import {
  type BodyPiece,
  dribbleRequest,
  expectNoReset,
  expectResponse,
  type HttpRequest,
  methods,
  type ResponseExpected,
  requestBytes,
  sendRequest,
} from "../../src/checker/http-steps.ts";
import { type Product, productsBeyondAscii } from "../../src/checker/inputs.ts";
import { connect, dribble, expectOpen, type Step } from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { BODY_ROWS, HEAD_ROWS, malformedRequests } from "../web1/malformed.ts";

const FORM = "application/x-www-form-urlencoded";

const products = productsBeyondAscii;

const addJson = (product: Product): HttpRequest => ({
  method: "POST",
  target: "/api/products",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(product),
});
const remove = (code: number | string): HttpRequest => ({ method: "DELETE", target: `/api/products/${code}` });
const deleteForm = (body: string, contentType = FORM): HttpRequest => ({
  method: "POST",
  target: "/delete",
  headers: { "Content-Type": contentType },
  body,
});
const get = (target: string): HttpRequest => ({ target });

/** One request on a connection of its own (straight, unless said), its response, and the server's FIN. */
const exchange = (request: HttpRequest, expected: ResponseExpected, route: "direct" | "weather" = "direct"): Step[] => {
  const name = `${request.method ?? "GET"} ${request.target}`;
  return [
    connect(name, route),
    sendRequest(name, request),
    expectResponse(name, { close: true, last: true, ...expected }),
  ];
};
const add = (product: Product) => exchange(addJson(product), { status: 201, json: { ok: true, product } });
const listed = (...list: Product[]) =>
  exchange(get("/api/products"), { status: 200, json: { ok: true, products: list } });

/**
 * `name` as a page shows it: each `<`, `>`, `&`, `"` and `'` as an entity (`&lt;` or `&#60;`),
 * and the markup itself nowhere.
 */
const escaped = (name: string): BodyPiece => {
  const entities: Record<string, string> = {
    "<": "lt|#60|#x3c",
    ">": "gt|#62|#x3e",
    "&": "amp|#38|#x26",
    '"': "quot|#34|#x22",
    "'": "apos|#39|#x27",
  };
  const pattern = name.replace(/[\s\S]/gu, (character) =>
    character in entities ? `&(?:${entities[character]});` : character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
  );
  return {
    shown: `${name}, escaped (&lt;script&gt;…)`,
    matches: (page) => new RegExp(pattern, "i").test(page) && !page.includes(name),
  };
};

/** A delete button of the page: a form that posts `code=CODE` to /delete (attributes in any order, either quotes). */
const deleteButton = (code: number): BodyPiece => {
  const attribute = (name: string, value: string) => new RegExp(`\\b${name}\\s*=\\s*["']?${value}["'\\s>/]`, "i");
  return {
    shown: `<form method="post" action="/delete"><input type="hidden" name="code" value="${code}"><button>…</form>`,
    matches: (page) =>
      [...page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].some(
        ([, open = "", inside = ""]) =>
          attribute("method", "post").test(open) &&
          attribute("action", "/delete").test(open) &&
          [...inside.matchAll(/<input\b[^>]*>/gi)].some(
            ([input]) => attribute("name", "code").test(input) && attribute("value", String(code)).test(input),
          ) &&
          /<button\b|type\s*=\s*["']?submit/i.test(inside),
      ),
  };
};

export const checks: readonly Check[] = [
  {
    id: "delete-api",
    title: text(
      "DELETE /api/products/CODE answers 204 (no Content-Type, no Content-Length, no body), and the product is gone: from the list, from GET, its code free again",
      "DELETE /api/products/CODE responde 204 (sem Content-Type, sem Content-Length, sem corpo), e o produto some: da lista, do GET, e o código fica livre de novo",
    ),
    steps: (input) => {
      const list = products(input, 3);
      const gone = input.pick(list);
      const rest = list.filter((product) => product !== gone);
      return [
        ...list.flatMap(add),
        ...exchange(
          remove(gone.code),
          { status: 204, what: text(`product ${gone.code}`, `o produto ${gone.code}`) },
          "weather",
        ),
        ...listed(...rest),
        ...exchange(get(`/api/products/${gone.code}`), { status: 404, error: "NOT_FOUND" }),
        ...add(gone),
        ...listed(...rest, gone),
      ];
    },
  },
  {
    id: "delete-missing",
    title: text(
      "DELETE of a code no product has (never added, already deleted, 0, past 2147483647) answers 404 NOT_FOUND in JSON, and deletes nothing",
      "DELETE de um código que nenhum produto tem (nunca adicionado, já apagado, 0, acima de 2147483647) responde 404 NOT_FOUND em JSON, e não apaga nada",
    ),
    steps: (input) => {
      const [kept, gone, never] = products(input, 3) as [Product, Product, Product];
      const notFound = { status: 404, error: "NOT_FOUND", headers: { "Content-Type": "application/json" } };
      return [
        ...add(kept),
        ...add(gone),
        ...exchange(remove(never.code), notFound, "weather"),
        ...exchange(remove(gone.code), { status: 204 }),
        ...exchange(remove(gone.code), notFound),
        ...exchange(remove(0), notFound),
        ...exchange(remove(2 ** 31), notFound),
        ...listed(kept),
      ];
    },
  },
  {
    id: "delete-allow",
    title: text(
      "/api/products/CODE allows GET, HEAD, DELETE; /api/products and /delete do not take DELETE or GET (405 with Allow)",
      "/api/products/CODE permite GET, HEAD, DELETE; /api/products e /delete não aceitam DELETE nem GET (405 com Allow)",
    ),
    steps: (input) => {
      const [product] = products(input, 1) as [Product];
      const other = input.pick(["PUT", "PATCH", "POST"]);
      return [
        ...add(product),
        ...exchange(
          { method: other, target: `/api/products/${product.code}`, body: "{}" },
          {
            status: 405,
            headers: { Allow: methods("GET", "HEAD", "DELETE") },
          },
        ),
        ...exchange(
          { method: "DELETE", target: "/api/products" },
          {
            status: 405,
            headers: { Allow: methods("GET", "HEAD", "POST") },
          },
        ),
        ...exchange(get("/delete"), { status: 405, headers: { Allow: methods("POST") } }),
        ...listed(product),
      ];
    },
  },
  {
    id: "page-delete-buttons",
    title: text(
      "the page has a delete button for each product: a form that posts its code to /delete (names still escaped, the Content-Length in bytes)",
      "a página tem um botão de apagar para cada produto: um formulário que envia o código dele para /delete (os nomes ainda escapados, o Content-Length em bytes)",
    ),
    steps: (input) => {
      // One product named like markup: the page shows it as text, escaped, and runs nothing.
      const [markup, ...list] = products(input, input.int(3, 4)) as [Product, ...Product[]];
      const script = { ...markup, name: `<script>alert(${markup.code})</script> ${markup.name}` };
      return [
        ...[script, ...list].flatMap(add),
        ...exchange(get("/"), {
          status: 200,
          headers: { "Content-Type": "text/html; charset=utf-8" },
          bodyHas: [
            ...list.flatMap((product) => [product.name, deleteButton(product.code)]),
            escaped(script.name),
            deleteButton(script.code),
          ],
        }),
      ];
    },
  },
  {
    id: "form-delete",
    title: text(
      "POST /delete with the form's code=CODE answers 303 See Other to /, and the product is gone",
      "POST /delete com o code=CODE do formulário responde 303 See Other para /, e o produto some",
    ),
    steps: (input) => {
      const [kept, gone] = products(input, 2) as [Product, Product];
      return [
        ...add(kept),
        ...add(gone),
        ...exchange(deleteForm(`code=${gone.code}`), { status: 303, headers: { Location: "/" } }, "weather"),
        ...listed(kept),
      ];
    },
  },
  {
    id: "form-delete-errors",
    title: text(
      "POST /delete with a code no product has gets 404, one that is no code 400, both with the page and the error on it; no Content-Length 411, another type 415",
      "POST /delete com um código que nenhum produto tem recebe 404, com algo que não é código 400, os dois com a página e o erro nela; sem Content-Length 411, outro tipo 415",
    ),
    steps: (input) => {
      const [kept, never] = products(input, 2) as [Product, Product];
      const page = (status: number, ...pieces: string[]) => ({
        status,
        headers: { "Content-Type": "text/html; charset=utf-8" },
        bodyHas: [kept.name, ...pieces],
      });
      const bad = input.shuffle(["abc", "", "0", "1.5", "2147483648", "-3", `${kept.code}x`, ` ${kept.code}`]);
      const noCode = `name=${input.letters(4)}`;
      return [
        ...add(kept),
        ...exchange(deleteForm(`code=${never.code}`), page(404, String(never.code))),
        ...bad.flatMap((code) => exchange(deleteForm(`code=${encodeURIComponent(code)}`), page(400))),
        ...exchange(deleteForm(noCode), page(400)),
        ...exchange({ method: "POST", target: "/delete", headers: { "Content-Type": FORM } }, { status: 411 }),
        ...exchange(deleteForm(JSON.stringify({ code: kept.code }), "application/json"), { status: 415 }),
        ...listed(kept),
      ];
    },
  },
  {
    id: "cut-anywhere",
    title: text(
      "a DELETE, and a form posted to /delete, that arrive one byte per read, the body after a pause, are served (the head to its empty line, the body by its Content-Length)",
      "um DELETE, e um formulário enviado para /delete, que chegam um byte por leitura, o corpo depois de uma pausa, são atendidos (o cabeçalho até a linha vazia, o corpo pelo Content-Length)",
    ),
    steps: (input) => {
      const [first, second, kept] = products(input, 3) as [Product, Product, Product];
      const body = `code=${second.code}`;
      const form = requestBytes(deleteForm(body));
      return [
        ...add(first),
        ...add(second),
        ...add(kept),
        connect("api", "direct"),
        dribbleRequest("api", remove(first.code)),
        expectResponse("api", { status: 204, close: true, last: true }),
        // The head, then nothing back while its body has not come: the body is read to its length.
        connect("form", "direct"),
        dribble("form", form.subarray(0, form.length - body.length)),
        expectOpen("form", 300),
        dribble("form", body),
        expectResponse("form", { status: 303, close: true, last: true }),
        ...listed(kept),
      ];
    },
  },
  {
    id: "unread-bytes",
    title: text(
      "a client still sending when the 204 comes gets all of it, and the server's FIN, never a reset (lingering close)",
      "um cliente que ainda envia quando o 204 vem recebe todo ele, e o FIN do servidor, nunca um reset (fechamento demorado)",
    ),
    steps: (input) => {
      const [product] = products(input, 1) as [Product];
      return [
        ...add(product),
        connect("c", "direct"),
        // After the request, bytes the server must read and drop (one request a connection),
        // more than the kernels' buffers hold: a server that stops reading stalls us, then resets.
        sendRequest("c", remove(product.code), Buffer.alloc(input.int(8, 12) * 1024 * 1024, "x")),
        expectResponse("c", { status: 204, close: true }),
        expectNoReset("c"),
        ...listed(),
      ];
    },
  },
  malformedRequests([...HEAD_ROWS, ...BODY_ROWS]),
];
