import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningServer } from "@socket-lessons/protocol";
import { LineClient, RecordingIO } from "@socket-lessons/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { startServer } from "../src/server.ts";

const catalog = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../data/catalog.json"), "utf8"));
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporaryDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "products.db");
}

const options = (db: string) => ({
  host: "127.0.0.1",
  port: 0,
  trace: false,
  db,
  "max-clients": 10_000,
  "idle-timeout": 300,
  quiet: true,
});

async function exerciseServer(db = ":memory:"): Promise<RunningServer> {
  const server = await startServer(options(db), new RecordingIO());
  cleanups.push(() => server.close());
  return server;
}

async function connect(server: RunningServer): Promise<LineClient> {
  const client = await LineClient.connect(server.address.port);
  cleanups.push(() => client.destroy());
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
    const io = new RecordingIO({ input: "get 1\nget 5000\n" });
    const code = await runClient(
      { host: "127.0.0.1", port: server.address.port, timeout: 5000, trace: false, simulate: 0 },
      io,
    );
    expect(code).toBe(1);
    expect(io.out[0]).toBe("code  name                       price  colors");
    expect(io.out[1]).toMatch(/^ {3}1 {2}Caneta esferográfica azul/);
    expect(io.err).toEqual(["error NOT_FOUND: no product has code 5000"]);
  });
});

describe("exercise: the database", () => {
  it("starts with the sample catalog, and does not add it again on the next start", async () => {
    const db = temporaryDatabase();
    const first = await startServer(options(db), new RecordingIO());
    const client = await LineClient.connect(first.address.port);
    expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: catalog });
    client.destroy();
    await first.close();
    const second = await startServer(options(db), new RecordingIO());
    const again = await LineClient.connect(second.address.port);
    const reply = (await again.ask({ op: "list" })) as { products: unknown[] };
    expect(reply.products).toHaveLength(catalog.length);
    again.destroy();
    await second.close();
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
