// Every check starts the server afresh on a database file of its own (deleted afterwards),
// and talks to it through the network weather: the run's own for a few requests, slices of
// up to 32 or 512 bytes where many bytes go (the subject here is the database, not framing).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Check } from "../../src/checker/check.ts";
import type { Inputs, Product } from "../../src/checker/inputs.ts";
import {
  ask,
  connect,
  error,
  expectClosed,
  expectEnd,
  expectExit,
  expectReply,
  raw,
  restartServer,
  signalServer,
  startServer,
  step,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { APPS_DIR } from "../../src/paths.ts";
import { expectSqliteHolding, freshDatabase } from "./database-file.ts";

/** The sample catalog every new database is filled from (the student's copy has the same file). */
const CATALOG = (
  JSON.parse(readFileSync(path.join(APPS_DIR, "exercise", "data", "catalog.json"), "utf8")) as Product[]
).map((product) => ({ ...product, colors: product.colors ?? [] }));
const CATALOG_CODES = new Set(CATALOG.map((product) => product.code));

const add = (product: unknown) => ({ op: "add", product });
const get = (code: unknown) => ({ op: "get", code });
const LIST = { op: "list" };
const found = (product: Product) => ({ ok: true, product });
const listed = (...products: Product[]) => ({ ok: true, products });

/** Products whose codes the catalog does not have. */
function newProducts(input: Inputs, count: number): Product[] {
  const code = (): number => {
    const drawn = input.code();
    return CATALOG_CODES.has(drawn) ? code() : drawn;
  };
  return input.distinct(count, code).map((each) => input.product(each));
}
/** Starts the server on a new database file of the check's own. */
const serve = (...flags: Array<string | number>) => startServer("--db", freshDatabase().arg, ...flags);
/** A connection that reads whole lists (50 products and more): bigger slices, so that a run stays short. */
const LISTS = { slice: 512 };
/** A connection with many requests: each still cut in pieces, of up to 32 bytes rather than one. */
const PIECES = { slice: 32 };
/** quit: `{"ok":true}`, then the server ends the connection. */
const quit = (name = "c") => [...ask(name, { op: "quit" }, { ok: true }), expectEnd(name)];
/** Waits until the server has gone (after a kill, which no exit code reports). */
const gone = () =>
  step(async (run) => {
    await run.program("server").waitForExit(5000);
  });

export const checks: readonly Check[] = [
  {
    id: "db-created",
    title: text(
      "the server starts with --db PATH and creates a SQLite database there (its first bytes `SQLite format 3`)",
      "o servidor inicia com --db CAMINHO e cria ali um banco SQLite (os seus primeiros bytes `SQLite format 3`)",
    ),
    steps: () => {
      const db = freshDatabase();
      return [startServer("--db", db.arg), expectSqliteHolding(db, [])];
    },
  },
  {
    id: "get",
    title: text(
      "get finds products of the sample catalog by their codes, and answers NOT_FOUND for a code no product has (the connection stays open)",
      "get encontra produtos do catálogo de exemplo pelos seus códigos, e responde NOT_FOUND para um código que nenhum produto tem (a conexão continua aberta)",
    ),
    steps: (input) => {
      const [first, second] = input.shuffle(CATALOG) as [Product, Product];
      const [missing] = newProducts(input, 1) as [Product];
      return [
        serve(),
        connect("c"),
        ...ask("c", get(first.code), found(first)),
        ...ask("c", get(missing.code), error("NOT_FOUND")),
        ...ask("c", get(2_147_483_647), error("NOT_FOUND")),
        ...ask("c", get(second.code), found(second)),
        ...quit(),
      ];
    },
  },
  {
    id: "get-bad-code",
    title: text(
      'get checks its request like any other: a code that is not an integer from 1 to 2147483647 ("1", 0, 1.5, none...) or an unknown field gets BAD_REQUEST naming it',
      'get confere a requisição como qualquer outra: um código que não é inteiro de 1 a 2147483647 ("1", 0, 1.5, nenhum...) ou um campo desconhecido recebe BAD_REQUEST citando-o',
    ),
    steps: (input) => {
      const { code } = input.pick(CATALOG);
      const bad = input.shuffle([String(code), 0, -code, code + 0.5, 2 ** 31, null, true]).slice(0, 4);
      const field = input.pick(["name", "all", "codes", "Code"]);
      return [
        serve(),
        connect("c", PIECES),
        ...bad.flatMap((wrong) => ask("c", get(wrong), error("BAD_REQUEST", "code"))),
        ...ask("c", { op: "get" }, error("BAD_REQUEST", "code")),
        ...ask("c", { op: "get", code, [field]: 1 }, error("BAD_REQUEST", field)),
        ...ask("c", raw(`{"op":"get","code":${code},"__proto__":{"admin":true}}`), error("BAD_REQUEST", "__proto__")),
        ...quit(),
      ];
    },
  },
  {
    id: "add-then-get",
    title: text(
      "add, then get returns the product added (colors: [] when none were given); a code already there, the catalog's too, is DUPLICATE_CODE",
      "add, e então get devolve o produto adicionado (colors: [] quando nenhuma foi dada); um código que já existe, do catálogo também, é DUPLICATE_CODE",
    ),
    steps: (input) => {
      const [first, bare] = newProducts(input, 2) as [Product, Product];
      const { colors: _none, ...withoutColors } = bare;
      const other = input.product(first.code);
      return [
        serve(),
        connect("c", PIECES),
        ...ask("c", add(first), found(first)),
        ...ask("c", get(first.code), found(first)),
        ...ask("c", add(withoutColors), found({ ...bare, colors: [] })),
        ...ask("c", get(bare.code), found({ ...bare, colors: [] })),
        ...ask("c", add(other), error("DUPLICATE_CODE")),
        ...ask("c", add({ ...other, code: input.pick(CATALOG).code }), error("DUPLICATE_CODE")),
        ...ask("c", get(first.code), found(first)),
        ...quit(),
      ];
    },
  },
  {
    id: "sql-looking-name",
    title: text(
      "names and colors that look like SQL (`x'); DROP TABLE products; --`) are stored and come back exactly as they are",
      "nomes e cores que parecem SQL (`x'); DROP TABLE products; --`) são guardados e voltam exatamente como são",
    ),
    steps: (input) => {
      const [dropping, quoting] = newProducts(input, 2) as [Product, Product];
      const products = [
        { ...dropping, name: `${input.pick(["x", "Robert", "Zoë"])}'); DROP TABLE products; --`, colors: ["';--"] },
        { ...quoting, name: `${input.pick(["O'Brien's", "l'été", "it's"])} " OR '1'='1`, colors: [`"); --`, "azul"] },
      ];
      return [
        serve(),
        connect("c", LISTS),
        ...products.flatMap((product) => ask("c", add(product), found(product))),
        ...products.flatMap((product) => ask("c", get(product.code), found(product))),
        ...ask("c", LIST, listed(...CATALOG, ...products)),
        ...quit(),
      ];
    },
  },
  {
    id: "list-order",
    title: text(
      "list has the sample catalog first, then the products added, in the order added (not by code)",
      "o list traz primeiro o catálogo de exemplo, e depois os produtos adicionados, na ordem dos adds (não pelo código)",
    ),
    steps: (input) => {
      const drawn = newProducts(input, input.int(3, 5));
      // In an order that is not by code: a list sorted by code differs.
      const ascending = drawn.every((product, index) => index === 0 || (drawn[index - 1]?.code ?? 0) < product.code);
      const products = ascending ? drawn.reverse() : drawn;
      return [
        serve(),
        connect("c", LISTS),
        ...products.flatMap((product) => ask("c", add(product), found(product))),
        ...ask("c", LIST, listed(...CATALOG, ...products)),
        ...quit(),
      ];
    },
  },
  {
    id: "v5-still-holds",
    title: text(
      "the rest of v5 still holds: BAD_JSON, UNKNOWN_OP, unknown fields in a product, and BUSY past --max-clients",
      "o resto da v5 continua valendo: BAD_JSON, UNKNOWN_OP, campos desconhecidos num produto, e BUSY além de --max-clients",
    ),
    steps: (input) => {
      const [product] = newProducts(input, 1) as [Product];
      const field = input.pick(["stock", "Name", "color", "id"]);
      return [
        serve("--max-clients", 1),
        connect("c", PIECES),
        ...ask("c", raw(input.pick(["this is not JSON", "{", "[1,2]", '"get"'])), error("BAD_JSON")),
        ...ask("c", { op: input.pick(["fly", "delete", "GET", "remove"]), code: product.code }, error("UNKNOWN_OP")),
        ...ask("c", add({ ...product, [field]: 1 }), error("BAD_REQUEST", field)),
        connect("busy", PIECES),
        expectReply("busy", error("BUSY")),
        expectEnd("busy"),
        ...ask("c", get(product.code), error("NOT_FOUND")),
        ...quit(),
      ];
    },
  },
  {
    id: "idle-timeout",
    title: text(
      "with --idle-timeout 1, a client that sends nothing is closed after about a second",
      "com --idle-timeout 1, um cliente que não envia nada é fechado depois de cerca de um segundo",
    ),
    steps: () => [serve("--idle-timeout", 1), connect("idle", "direct"), expectClosed("idle")],
  },
  {
    id: "memory-db",
    title: text(
      "with --db :memory: the server keeps no file, and still has the catalog and takes adds",
      "com --db :memory: o servidor não guarda arquivo, e ainda tem o catálogo e aceita adds",
    ),
    steps: (input) => {
      const [product] = newProducts(input, 1) as [Product];
      const { code } = input.pick(CATALOG);
      return [
        startServer("--db", ":memory:"),
        connect("c", PIECES),
        ...ask("c", get(code), found(CATALOG.find((each) => each.code === code) as Product)),
        ...ask("c", add(product), found(product)),
        ...ask("c", get(product.code), found(product)),
        ...quit(),
      ];
    },
  },
  {
    id: "survives-sigterm",
    title: text(
      "products survive a restart (SIGTERM, then a start on the same file): they are in the SQLite file, and the catalog is there once",
      "os produtos sobrevivem a um reinício (SIGTERM, e um início no mesmo arquivo): estão no arquivo SQLite, e o catálogo está lá uma vez",
    ),
    steps: (input) => {
      const db = freshDatabase();
      const products = newProducts(input, 2);
      return [
        startServer("--db", db.arg),
        connect("before", PIECES),
        ...products.flatMap((product) => ask("before", add(product), found(product))),
        ...quit("before"),
        signalServer("SIGTERM"),
        expectExit("server", 0),
        expectSqliteHolding(db, products),
        restartServer(),
        connect("after", LISTS),
        ...products.flatMap((product) => ask("after", get(product.code), found(product))),
        ...ask("after", LIST, listed(...CATALOG, ...products)),
        ...quit("after"),
      ];
    },
  },
  {
    id: "survives-kill-9",
    title: text(
      "a product whose add was answered survives kill -9 right after the reply",
      "um produto cujo add foi respondido sobrevive a um kill -9 logo depois da resposta",
    ),
    steps: (input) => {
      const db = freshDatabase();
      const [product] = newProducts(input, 1) as [Product];
      return [
        startServer("--db", db.arg),
        connect("before", PIECES),
        ...ask("before", add(product), found(product)),
        signalServer("SIGKILL"),
        gone(),
        restartServer(),
        connect("after", LISTS),
        ...ask("after", get(product.code), found(product)),
        ...ask("after", LIST, listed(...CATALOG, product)),
        ...quit("after"),
      ];
    },
  },
];
