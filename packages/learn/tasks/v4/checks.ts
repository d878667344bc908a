import type { Check } from "../../src/checker/check.ts";
import type { Product } from "../../src/checker/inputs.ts";
import {
  accept,
  anything,
  ask,
  connect,
  dribble,
  end,
  error,
  expectClosed,
  expectEnd,
  expectExit,
  expectJson,
  expectPrinted,
  expectReply,
  line,
  listen,
  portOf,
  raw,
  send,
  sendJson,
  sendRequests,
  startClient,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";

const MAX_REQUEST_LINE_BYTES = 1024 * 1024;

const add = (product: Product) => ({ op: "add", product });
const remove = (code: unknown) => ({ op: "remove", code });
const LIST = { op: "list" };
const QUIT = { op: "quit" };
const added = (product: Product) => ({ ok: true, product });
const listed = (...products: Product[]) => ({ ok: true, products });
const OK = { ok: true };

/** quit: `{"ok":true}`, then the server ends the connection. */
const quit = (name = "c") => [...ask(name, QUIT, OK), expectEnd(name)];

/** How a student types a product in a pipe: `add CODE "NAME" PRICE COLOR,COLOR`. */
const typed = (product: Product) =>
  `add ${product.code} "${product.name}" ${product.price}${product.colors.length > 0 ? ` ${product.colors.join(",")}` : ""}`;

export const checks: readonly Check[] = [
  {
    id: "remove-answers-product",
    title: text(
      "remove of an added product answers that product, and list no longer has it",
      "remove de um produto adicionado responde com esse produto, e o list não o tem mais",
    ),
    steps: (input) => {
      const products = input.products(3);
      const gone = input.pick(products);
      return [
        connect("c"),
        ...products.flatMap((product) => ask("c", add(product), added(product))),
        ...ask("c", remove(gone.code), added(gone)),
        ...ask("c", LIST, listed(...products.filter((product) => product !== gone))),
        ...quit(),
      ];
    },
  },
  {
    id: "remove-missing",
    title: text(
      "remove of a code no product has answers NOT_FOUND, and the connection stays open",
      "remove de um código que nenhum produto tem responde NOT_FOUND, e a conexão continua aberta",
    ),
    steps: (input) => {
      const [product, missing] = input.products(2) as [Product, Product];
      return [
        connect("c"),
        ...ask("c", remove(missing.code), error("NOT_FOUND")),
        ...ask("c", add(product), added(product)),
        ...ask("c", remove(missing.code), error("NOT_FOUND")),
        // The largest code there can be is a code, just not one anybody has.
        ...ask("c", remove(2_147_483_647), error("NOT_FOUND")),
        ...ask("c", LIST, listed(product)),
        ...quit(),
      ];
    },
  },
  {
    id: "bad-codes",
    title: text(
      'remove with a code that is not an integer from 1 to 2147483647 ("1", 0, 1.5, 2147483648, none) gets BAD_REQUEST naming `code`',
      'remove com um código que não é inteiro de 1 a 2147483647 ("1", 0, 1.5, 2147483648, nenhum) recebe BAD_REQUEST citando `code`',
    ),
    steps: (input) => {
      const product = input.product();
      const bad = input.shuffle([String(product.code), 0, -product.code, product.code + 0.5, 2 ** 31, null, true]);
      return [
        connect("c"),
        ...ask("c", add(product), added(product)),
        ...bad.flatMap((code) => ask("c", remove(code), error("BAD_REQUEST", "code"))),
        ...ask("c", { op: "remove" }, error("BAD_REQUEST", "code")),
        ...ask("c", LIST, listed(product)),
        ...quit(),
      ];
    },
  },
  {
    id: "unknown-fields",
    title: text(
      "remove with an unknown field gets BAD_REQUEST naming that field (`__proto__` too), and removes nothing",
      "remove com um campo desconhecido recebe BAD_REQUEST citando esse campo (`__proto__` também), e não remove nada",
    ),
    steps: (input) => {
      const product = input.product();
      const field = input.pick(["force", "all", "codes", "Code"]);
      return [
        connect("c"),
        ...ask("c", add(product), added(product)),
        ...ask("c", { op: "remove", code: product.code, [field]: true }, error("BAD_REQUEST", field)),
        ...ask(
          "c",
          raw(`{"op":"remove","code":${product.code},"__proto__":{"admin":true}}`),
          error("BAD_REQUEST", "__proto__"),
        ),
        ...ask("c", LIST, listed(product)),
        ...quit(),
      ];
    },
  },
  {
    id: "pipelined",
    title: text(
      "requests pipelined in one write, removes among them, are answered in order",
      "requisições enviadas juntas num write, com removes no meio, são respondidas em ordem",
    ),
    steps: (input) => {
      const [first, second] = input.products(2) as [Product, Product];
      const script: Array<[unknown, unknown]> = [
        [add(first), added(first)],
        [add(second), added(second)],
        [remove(first.code), added(first)],
        [remove(first.code), error("NOT_FOUND")],
        [LIST, listed(second)],
        [remove(String(second.code)), error("BAD_REQUEST", "code")],
        [remove(second.code), added(second)],
        [LIST, listed()],
        [QUIT, OK],
      ];
      return [
        connect("c"),
        sendRequests("c", ...script.map(([request]) => request)),
        ...script.map(([, reply]) => expectReply("c", reply)),
        expectEnd("c"),
      ];
    },
  },
  {
    id: "remove-cut-at-every-byte",
    title: text(
      "a remove request that arrives one byte at a time is answered once it is whole",
      "uma requisição remove que chega um byte por vez é respondida quando fica inteira",
    ),
    steps: (input) => {
      const product = input.product();
      return [
        connect("c", "direct"),
        ...ask("c", add(product), added(product)),
        dribble("c", `${JSON.stringify(remove(product.code))}\n`),
        expectReply("c", added(product)),
        ...ask("c", LIST, listed()),
        ...quit(),
      ];
    },
  },
  {
    id: "add-again",
    title: text(
      "once removed, a product's code is free again for add",
      "depois de removido, o código de um produto fica livre de novo para o add",
    ),
    steps: (input) => {
      const product = input.product();
      const again = { ...input.product(product.code) };
      return [
        connect("c"),
        ...ask("c", add(product), added(product)),
        ...ask("c", remove(product.code), added(product)),
        ...ask("c", add(again), added(again)),
        ...ask("c", add(again), error("DUPLICATE_CODE")),
        ...ask("c", LIST, listed(again)),
        ...quit(),
      ];
    },
  },
  {
    id: "other-ops-unknown",
    title: text(
      "other ops are still unknown: get, delete, REMOVE and the like get UNKNOWN_OP",
      "as outras operações continuam desconhecidas: get, delete, REMOVE e afins recebem UNKNOWN_OP",
    ),
    steps: (input) => {
      const code = input.code();
      const ops = input.shuffle(["get", "delete", "REMOVE", "remove ", "Remove", "del"]).slice(0, 4);
      return [connect("c"), ...ops.flatMap((op) => ask("c", { op, code }, error("UNKNOWN_OP"))), ...quit()];
    },
  },
  {
    id: "v4-errors",
    title: text(
      "the rest of v4 still holds: BAD_JSON, DUPLICATE_CODE",
      "o resto da v4 continua valendo: BAD_JSON, DUPLICATE_CODE",
    ),
    steps: (input) => {
      const product = input.product();
      return [
        connect("c"),
        ...ask("c", raw(input.pick(["this is not JSON", "{", "[1,2]", '"remove"'])), error("BAD_JSON")),
        ...ask("c", add(product), added(product)),
        ...ask("c", add(product), error("DUPLICATE_CODE")),
        ...quit(),
      ];
    },
  },
  {
    id: "too-large",
    title: text(
      "a request line of 1 MiB is read (and refused as a bad request); one byte more gets TOO_LARGE, and the connection closes",
      "uma linha de requisição de 1 MiB é lida (e recusada como requisição inválida); um byte a mais recebe TOO_LARGE, e a conexão fecha",
    ),
    steps: () => {
      // A request padded with spaces to exactly the limit, then to one byte past it.
      const request = (bytes: number) => {
        const start = '{"op":"remove","code":1,"pad":"';
        return `${start}${"x".repeat(bytes - start.length - 2)}"}`;
      };
      return [
        // Bigger slices: a megabyte a few bytes at a time would take minutes.
        connect("c", { slice: 65536 }),
        send("c", `${request(MAX_REQUEST_LINE_BYTES)}\n`),
        expectReply("c", error("BAD_REQUEST", "pad")),
        send("c", `${request(MAX_REQUEST_LINE_BYTES + 1)}\n`),
        expectReply("c", error("TOO_LARGE")),
        end("c"),
        expectClosed("c"),
      ];
    },
  },
  {
    id: "client-remove",
    title: text(
      'the client\'s `remove CODE`: it sends {"op":"remove","code":CODE} (a number), prints `removed product CODE: NAME`, and exits 0',
      'o `remove CÓDIGO` do cliente: envia {"op":"remove","code":CÓDIGO} (um número), imprime `removed product CÓDIGO: NOME`, e sai com 0',
    ),
    steps: (input) => {
      const product = input.product();
      return [
        listen("srv"),
        startClient("client", ["--port", portOf("srv")], `${typed(product)}\nremove ${product.code}\nlist\nquit\n`),
        accept("srv", "c"),
        expectJson("c", add(product)),
        sendJson("c", added(product)),
        expectJson("c", remove(product.code)),
        sendJson("c", added(product)),
        expectJson("c", LIST),
        sendJson("c", listed()),
        expectJson("c", QUIT),
        sendJson("c", OK),
        end("c"),
        expectPrinted("client", line`added product ${product.code}: ${product.name}`),
        expectPrinted("client", line`removed product ${product.code}: ${product.name}`),
        expectExit("client", 0),
      ];
    },
  },
  {
    id: "client-refused-remove",
    title: text(
      "the client shows a refused remove as `error NOT_FOUND: MESSAGE` on stderr, goes on, and exits 1",
      "o cliente mostra um remove recusado como `error NOT_FOUND: MENSAGEM` no stderr, continua, e sai com 1",
    ),
    steps: (input) => {
      const code = input.code();
      const message = `no product has code ${code}`;
      return [
        listen("srv"),
        startClient("client", ["--port", portOf("srv")], `remove ${code}\nlist\nquit\n`),
        accept("srv", "c"),
        expectJson("c", remove(code)),
        sendJson("c", { ok: false, error: { code: "NOT_FOUND", message } }),
        expectJson("c", LIST),
        sendJson("c", listed()),
        expectJson("c", QUIT),
        sendJson("c", OK),
        end("c"),
        expectPrinted("client", line`error NOT_FOUND: ${message}`, { stream: "stderr" }),
        expectPrinted("client", line`(no products)`),
        expectExit("client", 1),
      ];
    },
  },
  {
    id: "client-typing-mistake",
    title: text(
      "a typing mistake (`remove` with no code) is said on stderr, the client goes on, and exits 1",
      "um erro de digitação (`remove` sem código) é dito no stderr, o cliente continua, e sai com 1",
    ),
    steps: () => [
      listen("srv"),
      startClient("client", ["--port", portOf("srv")], "remove\nlist\nquit\n"),
      accept("srv", "c"),
      expectJson("c", LIST),
      sendJson("c", listed()),
      expectJson("c", QUIT),
      sendJson("c", OK),
      end("c"),
      expectPrinted("client", line`${anything()}remove CODE${anything()}`, { stream: "stderr" }),
      expectExit("client", 1),
    ],
  },
];
