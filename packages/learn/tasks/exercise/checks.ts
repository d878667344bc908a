// The exercise's checks (they were apps/exercise's grader): `get` by code, the products in
// SQLite through --db, and the protocol of v5 around them. Each check starts the server
// afresh on a new, empty database file, and talks to it through the network weather.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { type Check, CheckFailure, fail } from "../../src/checker/check.ts";
import type { CheckContext } from "../../src/checker/context.ts";
import { JsonLines, shown } from "../../src/checker/json-lines.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Lang, type Text, text } from "../../src/i18n.ts";
import { APPS_DIR } from "../../src/paths.ts";

interface Product {
  code: number;
  name: string;
  price: number;
  colors: string[];
}

/** The product the checks add, with a code the catalog does not use. */
const CHECKER_PRODUCT: Product = { code: 424242, name: "Checker's pen", price: 3.5, colors: ["green"] };
/** A name and a color that would break a query built by pasting text into SQL. */
const SQL_LOOKING: Product = { code: 434343, name: "x'); DROP TABLE products; --", price: 1, colors: ["';--"] };

/** The sample catalog the server fills a new database from: the package's own, else the lesson's. */
function sampleCatalog(dir: string): Product[] {
  const own = path.join(dir, "data", "catalog.json");
  const file = existsSync(own) ? own : path.join(APPS_DIR, "exercise", "data", "catalog.json");
  const catalog = JSON.parse(readFileSync(file, "utf8")) as Array<Omit<Product, "colors"> & { colors?: string[] }>;
  return catalog.map((product) => ({ ...product, colors: product.colors ?? [] }));
}

/** A new database file in a folder of its own, deleted (with its -wal and -shm) when the check ends. */
function freshDatabase(context: CheckContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
  // Deferred before the server starts: cleanups run newest first, so the server is gone by then.
  context.defer(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "products.db");
}

/** What came, from a failure's explanation: "expected X; it exited with code 2" gives "it exited with code 2". */
const whatCame = (explanation: string) => explanation.slice(explanation.indexOf("; ") + 2);

/** Starts the server on `db`; a server that cannot start fails the check, with all it printed. */
async function startOn(
  context: CheckContext,
  db: string,
  what: Text,
): Promise<{ program: StudentProgram; port: number }> {
  try {
    return await context.startServer(["--db", db]);
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    fail(
      text(
        `expected ${what.en}, and print \`listening on HOST:PORT\` (started with --db ${db}); ${whatCame(error.explanation.en)}`,
        `esperava ${what["pt-BR"]}, e que imprimisse \`listening on HOST:PORT\` (iniciado com --db ${db}); ${whatCame(error.explanation["pt-BR"])}`,
      ),
      error.evidence,
    );
  }
}

/**
 * A client of the server on `port`, through this run's weather. One that reads the whole
 * list (50 products and more, some 4 KB) gets bigger slices, so that a run stays short.
 */
async function connect(context: CheckContext, port: number, readsLists = false): Promise<JsonLines> {
  const weather = readsLists ? { ...context.options.weather, slice: 512 } : context.options.weather;
  return new JsonLines(await context.connect(await context.weatherTo(port, weather)));
}

/** Stops the server as Ctrl-C or a service manager would (SIGTERM), and waits until it has gone. */
async function stopGently(program: StudentProgram): Promise<void> {
  program.stop("SIGTERM");
  await program.exit(text("the server to exit on SIGTERM", "que o servidor saísse com SIGTERM"), 5000);
}

/** Stops the server the way a crash does: kill -9, no chance to close anything. */
async function kill(program: StudentProgram): Promise<void> {
  program.stop("SIGKILL");
  await program.process.exited;
}

/**
 * A check of the protocol: a server on a fresh database, and a client. A server that does
 * not know --db yet (v5 as it was: a usage error) is started without it, so the check can
 * still say what it does with `get`; its failures then say that --db was refused.
 */
function protocolCheck(
  title: Text,
  body: (client: JsonLines, context: CheckContext) => Promise<void>,
  { readsLists = false } = {},
): Check {
  return {
    title,
    async run(context) {
      let refused: CheckFailure | undefined;
      let port: number;
      try {
        ({ port } = await context.startServer(["--db", freshDatabase(context)]));
      } catch (error) {
        // Only a usage error (exit 2: "unknown option --db") is a server without --db; any other
        // failure to start is the one to show.
        if (!(error instanceof CheckFailure) || !/exited with code 2 first/.test(error.explanation.en)) throw error;
        refused = error;
        // Without --db: if it does not start that way either, the failure with --db is the one to show.
        ({ port } = await context.startServer().catch(() => {
          throw error;
        }));
      }
      try {
        await body(await connect(context, port, readsLists), context);
      } catch (error) {
        if (refused === undefined || !(error instanceof CheckFailure)) throw error;
        const gist = (lang: Lang) => {
          // "expected ...; it exited with code 2 first. It printed:\n    (stderr) error: unknown option --db ...":
          // what came, and the first line it printed.
          const [exited = "", said = ""] = refused.explanation[lang].split("\n");
          return `${whatCame(exited).replace(/\. (It printed|Ele imprimiu):$/, "")}: ${said.replace("(stderr)", "").trim()}`;
        };
        throw new CheckFailure(
          text(
            `${error.explanation.en}\n(this check started the server without --db, which it refused: ${gist("en")})`,
            `${error.explanation["pt-BR"]}\n(esta verificação iniciou o servidor sem --db, que ele recusou: ${gist("pt-BR")})`,
          ),
          error.evidence,
        );
      }
    },
  };
}

/** Sends `request` and expects `{"ok":true,"product":product}`; `what` names the reply. */
async function expectProduct(client: JsonLines, request: unknown, product: Product, what: Text): Promise<void> {
  client.send(request);
  await client.expect({ ok: true, product }, what);
}

/** Sends `request` and expects an error reply with `code`. */
async function expectError(client: JsonLines, request: unknown, code: string, what: Text): Promise<void> {
  client.send(request);
  await client.expectError(code, what);
}

/** Sends `list` and expects exactly `products`, in that order; a difference is named by position. */
async function expectList(client: JsonLines, products: readonly Product[], what: Text): Promise<void> {
  client.send({ op: "list" });
  const line = await client.read();
  const listed = (line.value as { ok?: unknown; products?: unknown }).products;
  if (isDeepStrictEqual(line.value, { ok: true, products })) return;
  if (!Array.isArray(listed)) {
    fail(
      text(
        `expected the reply {"ok":true,"products":[...]} to list (${what.en}); it sent ${shown(line.value)}`,
        `esperava a resposta {"ok":true,"products":[...]} ao list (${what["pt-BR"]}); veio ${shown(line.value)}`,
      ),
      client.evidence(line.from),
    );
  }
  const at = products.findIndex((product, index) => !isDeepStrictEqual(listed[index], product));
  const codes = (list: readonly unknown[]) => list.map((product) => (product as { code?: unknown })?.code).join(", ");
  const position = at === -1 ? products.length : at;
  fail(
    text(
      `expected a list of ${products.length} products (${what.en}), codes ${codes(products)}; it has ${listed.length}, codes ${codes(listed)}. The first that differs is number ${position + 1}: expected ${shown(products[position] ?? "no more")}, it has ${shown(listed[position] ?? "none")}`,
      `esperava uma lista de ${products.length} produtos (${what["pt-BR"]}), códigos ${codes(products)}; ela tem ${listed.length}, códigos ${codes(listed)}. O primeiro diferente é o número ${position + 1}: esperava ${shown(products[position] ?? "nenhum mais")}, veio ${shown(listed[position] ?? "nenhum")}`,
    ),
  );
}

/** The catalog and the products added, as the list of a server that kept them. */
const catalogThen = (context: CheckContext, ...added: Product[]) => [...sampleCatalog(context.options.dir), ...added];

export const checks: readonly Check[] = [
  {
    title: text(
      "the server starts with --db PATH, creates the database there, and prints its listening line",
      "o servidor inicia com --db CAMINHO, cria o banco de dados ali, e imprime a sua linha listening",
    ),
    async run(context) {
      const db = freshDatabase(context);
      const { program } = await startOn(
        context,
        db,
        text("the server to start on a new database file", "que o servidor iniciasse num banco de dados novo"),
      );
      if (!existsSync(db)) {
        fail(
          text(
            `expected the database file ${db} to exist once the server was listening (created on first start, filled from data/catalog.json); there is no such file. It printed:\n${printedBy(program.process)}`,
            `esperava que o arquivo de banco ${db} existisse quando o servidor estivesse escutando (criado no primeiro início, preenchido com data/catalog.json); não há arquivo ali. Ele imprimiu:\n${printedBy(program.process)}`,
          ),
        );
      }
    },
  },
  protocolCheck(
    text(
      "get finds a product of the sample catalog by its code (code 1)",
      "get encontra um produto do catálogo de exemplo pelo código (código 1)",
    ),
    async (client, context) => {
      const [first] = sampleCatalog(context.options.dir);
      if (first === undefined) throw new Error("the sample catalog is empty");
      await expectProduct(
        client,
        { op: "get", code: first.code },
        first,
        text(
          `the reply to {"op":"get","code":${first.code}}: the catalog's product ${first.code}`,
          `a resposta a {"op":"get","code":${first.code}}: o produto ${first.code} do catálogo`,
        ),
      );
    },
  ),
  protocolCheck(
    text(
      "get answers NOT_FOUND for a code no product has",
      "get responde NOT_FOUND para um código que nenhum produto tem",
    ),
    (client) =>
      expectError(
        client,
        { op: "get", code: 2147483647 },
        "NOT_FOUND",
        text('to {"op":"get","code":2147483647}', 'a {"op":"get","code":2147483647}'),
      ),
  ),
  protocolCheck(
    text('get checks its code: BAD_REQUEST for "code": "1"', 'get confere o código: BAD_REQUEST para "code": "1"'),
    (client) =>
      expectError(
        client,
        { op: "get", code: "1" },
        "BAD_REQUEST",
        text('to {"op":"get","code":"1"}: a code is a number', 'a {"op":"get","code":"1"}: um código é um número'),
      ),
  ),
  protocolCheck(
    text(
      "add, then get returns the product just added",
      "add, e então get devolve o produto que acabou de ser adicionado",
    ),
    async (client) => {
      await expectProduct(
        client,
        { op: "add", product: CHECKER_PRODUCT },
        CHECKER_PRODUCT,
        text("the reply to add", "a resposta ao add"),
      );
      await expectProduct(
        client,
        { op: "get", code: CHECKER_PRODUCT.code },
        CHECKER_PRODUCT,
        text(
          `the reply to get ${CHECKER_PRODUCT.code}, just added`,
          `a resposta ao get ${CHECKER_PRODUCT.code}, recém-adicionado`,
        ),
      );
    },
  ),
  protocolCheck(
    text(
      "add answers DUPLICATE_CODE for a code already there",
      "add responde DUPLICATE_CODE para um código que já existe",
    ),
    async (client, context) => {
      await expectProduct(
        client,
        { op: "add", product: CHECKER_PRODUCT },
        CHECKER_PRODUCT,
        text("the reply to add", "a resposta ao add"),
      );
      await expectError(
        client,
        { op: "add", product: { ...CHECKER_PRODUCT, name: "Another pen" } },
        "DUPLICATE_CODE",
        text(`to a second add of code ${CHECKER_PRODUCT.code}`, `a um segundo add do código ${CHECKER_PRODUCT.code}`),
      );
      const [first] = sampleCatalog(context.options.dir);
      await expectError(
        client,
        { op: "add", product: { ...CHECKER_PRODUCT, code: first?.code ?? 1 } },
        "DUPLICATE_CODE",
        text(
          `to an add of code ${first?.code ?? 1}, which the catalog has`,
          `a um add do código ${first?.code ?? 1}, que o catálogo tem`,
        ),
      );
    },
  ),
  protocolCheck(
    text(
      "a name that looks like SQL is stored and returned verbatim",
      "um nome que parece SQL é guardado e devolvido tal como é",
    ),
    async (client, context) => {
      await expectProduct(
        client,
        { op: "add", product: SQL_LOOKING },
        SQL_LOOKING,
        text(
          "the reply to add, with the name as it was: names are data, never SQL (parameterized queries)",
          "a resposta ao add, com o nome como era: nomes são dados, nunca SQL (consultas parametrizadas)",
        ),
      );
      await expectProduct(
        client,
        { op: "get", code: SQL_LOOKING.code },
        SQL_LOOKING,
        text("the reply to get, the name as it was", "a resposta ao get, com o nome como era"),
      );
      await expectList(
        client,
        catalogThen(context, SQL_LOOKING),
        text("the table is still there, with every product", "a tabela continua lá, com todos os produtos"),
      );
    },
    { readsLists: true },
  ),
  protocolCheck(
    text(
      "list has the sample catalog first, then the products added, in order",
      "list traz primeiro o catálogo de exemplo, e depois os produtos adicionados, em ordem",
    ),
    async (client, context) => {
      const second = { ...CHECKER_PRODUCT, code: 777777, name: "Added second, listed last" };
      for (const product of [CHECKER_PRODUCT, second]) {
        await expectProduct(client, { op: "add", product }, product, text("the reply to add", "a resposta ao add"));
      }
      await expectList(
        client,
        catalogThen(context, CHECKER_PRODUCT, second),
        text("the catalog, then the two added", "o catálogo, e depois os dois adicionados"),
      );
    },
    { readsLists: true },
  ),
  protocolCheck(
    text("BAD_JSON for a line that is not JSON", "BAD_JSON para uma linha que não é JSON"),
    async (client) => {
      client.conversation.send("this is not json\n");
      await client.expectError("BAD_JSON", text("to the line `this is not json`", "à linha `this is not json`"));
    },
  ),
  protocolCheck(
    text("UNKNOWN_OP for an op the server does not know", "UNKNOWN_OP para um op que o servidor não conhece"),
    (client) => expectError(client, { op: "fly" }, "UNKNOWN_OP", text('to {"op":"fly"}', 'a {"op":"fly"}')),
  ),
  protocolCheck(
    text("BAD_REQUEST for an unknown field in a product", "BAD_REQUEST para um campo desconhecido num produto"),
    (client) =>
      expectError(
        client,
        { op: "add", product: { ...CHECKER_PRODUCT, code: 9, stock: 1 } },
        "BAD_REQUEST",
        text('to an add whose product has "stock"', 'a um add cujo produto tem "stock"'),
      ),
  ),
  {
    title: text(
      "products survive a restart (stopped with SIGTERM), and the catalog is not added again",
      "os produtos sobrevivem a um reinício (parado com SIGTERM), e o catálogo não é adicionado de novo",
    ),
    async run(context) {
      const db = freshDatabase(context);
      const first = await startOn(context, db, text("the server to start", "que o servidor iniciasse"));
      const before = await connect(context, first.port);
      await expectProduct(
        before,
        { op: "add", product: CHECKER_PRODUCT },
        CHECKER_PRODUCT,
        text("the reply to add", "a resposta ao add"),
      );
      before.conversation.end();
      await stopGently(first.program);
      const again = await startOn(
        context,
        db,
        text(
          "the server to start again on the same database, after SIGTERM",
          "que o servidor iniciasse de novo no mesmo banco, depois do SIGTERM",
        ),
      );
      const after = await connect(context, again.port, true);
      await expectProduct(
        after,
        { op: "get", code: CHECKER_PRODUCT.code },
        CHECKER_PRODUCT,
        text(
          `the reply to get ${CHECKER_PRODUCT.code}, added before the restart`,
          `a resposta ao get ${CHECKER_PRODUCT.code}, adicionado antes do reinício`,
        ),
      );
      await expectList(
        after,
        catalogThen(context, CHECKER_PRODUCT),
        text(
          "after the restart: the catalog once (a database that exists is not filled again), then the product added",
          "depois do reinício: o catálogo uma vez (um banco que já existe não é preenchido de novo), e depois o produto adicionado",
        ),
      );
    },
  },
  {
    title: text("products survive kill -9", "os produtos sobrevivem a um kill -9"),
    async run(context) {
      const db = freshDatabase(context);
      const crashing = await startOn(context, db, text("the server to start", "que o servidor iniciasse"));
      const product = { ...CHECKER_PRODUCT, code: CHECKER_PRODUCT.code + 1, name: "Added just before kill -9" };
      const client = await connect(context, crashing.port);
      await expectProduct(client, { op: "add", product }, product, text("the reply to add", "a resposta ao add"));
      // The reply came: the product is committed. A crash now must not lose it.
      await kill(crashing.program);
      const again = await startOn(
        context,
        db,
        text(
          "the server to start again on the same database, after kill -9",
          "que o servidor iniciasse de novo no mesmo banco, depois do kill -9",
        ),
      );
      await expectProduct(
        await connect(context, again.port),
        { op: "get", code: product.code },
        product,
        text(
          `the reply to get ${product.code}, added (and answered) just before kill -9`,
          `a resposta ao get ${product.code}, adicionado (e respondido) logo antes do kill -9`,
        ),
      );
    },
  },
];
