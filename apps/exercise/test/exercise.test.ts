import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { numberOrText, PRODUCT_COMMANDS, typedCommands } from "@socket-lessons/cli/products";
import {
  type InProcessServer,
  LineClient,
  RecordingConsole,
  startInProcess,
  useCleanup,
} from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const catalog = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../data/catalog.json"), "utf8"));
const defer = useCleanup();

function temporaryDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "products.db");
}

const options = (db: string) => ({ host: "127.0.0.1", port: 0, db, maxClients: 10_000, idleTimeout: 300 });

async function exerciseServer(db = ":memory:"): Promise<InProcessServer> {
  const server = await startInProcess(runServer, options(db));
  defer(() => server.stop());
  return server;
}

async function connect(server: InProcessServer): Promise<LineClient> {
  const client = await LineClient.connect(server.port);
  defer(() => client.destroy());
  return client;
}

const pen = { code: 1001, name: "Caneta tinteiro", price: 89.9, colors: ["preta"] };

describe("exercise: get", () => {
  it("finds a product by code", async () => {
    const server = await exerciseServer();
    const client = await connect(server);
    await client.ask({ op: "add", product: pen });
    expect(await client.ask({ op: "get", code: 1001 })).toEqual({ ok: true, product: pen });
  });

  it("answers NOT_FOUND for a code nobody has", async () => {
    const server = await exerciseServer();
    const client = await connect(server);
    expect(await client.ask({ op: "get", code: 999_999 })).toEqual({
      ok: false,
      error: { code: "NOT_FOUND", message: "no product has code 999999" },
    });
  });

  it("checks get's code like any other field", async () => {
    const server = await exerciseServer();
    const client = await connect(server);
    expect(await client.ask({ op: "get", code: "1" })).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST", message: "code: must be an integer from 1 to 2147483647" },
    });
  });

  it("the client's get command prints the product", async () => {
    const server = await exerciseServer();
    const input = new PassThrough();
    input.end("get 1\nget 5000\n");
    const get = {
      name: "get",
      label: "get a product by code",
      fields: [{ usage: "CODE", question: "code" }],
      request: ([code = ""]: readonly (string | undefined)[]) => ({ op: "get", code: numberOrText(code) }),
    };
    const commands = typedCommands([...PRODUCT_COMMANDS, get], {
      input,
      output: new PassThrough(),
      errors: new PassThrough(),
      interactive: false,
    });
    const printed = new RecordingConsole();
    const code = await runClient({ host: "127.0.0.1", port: server.port, timeout: 5000 }, commands, printed.console);
    expect(code).toBe(1);
    expect(printed.out[0]).toBe("code  name                       price  colors");
    expect(printed.out[1]).toMatch(/^ {3}1 {2}Caneta esferográfica azul/);
    expect(printed.err).toEqual(["error NOT_FOUND: no product has code 5000"]);
  });
});

describe("exercise: the database", () => {
  it("starts with the sample catalog, and does not add it again on the next start", async () => {
    const db = temporaryDatabase();
    const first = await startInProcess(runServer, options(db));
    const client = await LineClient.connect(first.port);
    expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: catalog });
    client.destroy();
    await first.stop();
    const second = await exerciseServer(db);
    const again = await connect(second);
    const reply = (await again.ask({ op: "list" })) as { products: unknown[] };
    expect(reply.products).toHaveLength(catalog.length);
  });

  it("two servers on one database file see each other's products", async () => {
    const db = temporaryDatabase();
    const [one, two] = await Promise.all([exerciseServer(db), exerciseServer(db)]);
    expect(await (await connect(one)).ask({ op: "add", product: pen })).toEqual({ ok: true, product: pen });
    expect(await (await connect(two)).ask({ op: "get", code: pen.code })).toEqual({ ok: true, product: pen });
    expect(await (await connect(two)).ask({ op: "add", product: pen })).toMatchObject({
      error: { code: "DUPLICATE_CODE" },
    });
  });

  it("gives one success and one DUPLICATE_CODE to clients racing to add the same code", async () => {
    const server = await exerciseServer();
    const racers = await Promise.all(Array.from({ length: 20 }, () => connect(server)));
    const replies = await Promise.all(racers.map((client) => client.ask({ op: "add", product: pen })));
    expect(replies.filter((reply) => (reply as { ok: boolean }).ok)).toHaveLength(1);
    expect(replies.filter((reply) => (reply as { ok: boolean }).ok === false)).toEqual(
      Array.from({ length: 19 }, () => ({
        ok: false,
        error: { code: "DUPLICATE_CODE", message: "a product with code 1001 already exists" },
      })),
    );
  });

  it("stores a name that looks like SQL verbatim, and lists it back unchanged", async () => {
    const server = await exerciseServer();
    const client = await connect(server);
    const sneaky = {
      code: 7777,
      name: "Robert'); DROP TABLE products; --",
      price: 0,
      colors: ["'; DELETE FROM products; --"],
    };
    expect(await client.ask({ op: "add", product: sneaky })).toEqual({ ok: true, product: sneaky });
    expect(await client.ask({ op: "get", code: 7777 })).toEqual({ ok: true, product: sneaky });
    const list = (await client.ask({ op: "list" })) as { products: unknown[] };
    expect(list.products).toHaveLength(catalog.length + 1);
    expect(list.products.at(-1)).toEqual(sneaky);
  });
});
