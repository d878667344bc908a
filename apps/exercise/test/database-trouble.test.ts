// A database that another program has locked, or that fails: the exercise answers INTERNAL,
// keeps the connection, and other clients go on being served. With a real file, and a
// second connection to it (another program, as far as SQLite can tell).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type InProcessServer, LineClient, startInProcess, useCleanup } from "@socket-lessons/testing";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function serverOnFile(): Promise<{ server: InProcessServer; file: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "products.db");
  const options = { host: "127.0.0.1", port: 0, db: file, maxClients: 100, idleTimeout: 300 };
  const server = await startInProcess(runServer, options);
  defer(() => server.stop());
  return { server, file };
}

async function connect(server: InProcessServer): Promise<LineClient> {
  const client = await LineClient.connect(server.port);
  defer(() => client.destroy());
  return client;
}

/** Another program's connection to the same file. */
function anotherProgram(file: string): Database.Database {
  const other = new Database(file);
  defer(() => other.close());
  return other;
}

const pen = (code: number) => ({ code, name: "Caneta", price: 2.5, colors: [] });

describe("exercise: a database that is locked or failing", () => {
  it("answers INTERNAL to an add while another program holds the write lock, serves list and get meanwhile, and adds once it is released", async () => {
    const { server, file } = await serverOnFile();
    const writer = await connect(server);
    const reader = await connect(server);
    expect(await writer.ask({ op: "add", product: pen(7001) })).toMatchObject({ ok: true });

    const other = anotherProgram(file);
    other.exec("BEGIN IMMEDIATE"); // the write lock, held until ROLLBACK
    writer.request({ op: "add", product: pen(7002) });
    // Another client asks while the lock is held: it is answered, from the same file.
    expect(await reader.ask({ op: "get", code: 7001 })).toEqual({ ok: true, product: pen(7001) });
    expect(await reader.ask({ op: "list" })).toMatchObject({ ok: true });
    expect(await writer.reply()).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: "the database is locked by another program; try again later" },
    });
    // Still locked: the next add is refused too, on the same connection, which stays open.
    expect(await writer.ask({ op: "add", product: pen(7003) })).toMatchObject({ error: { code: "INTERNAL" } });

    other.exec("ROLLBACK");
    expect(await writer.ask({ op: "add", product: pen(7002) })).toEqual({ ok: true, product: pen(7002) });
    expect(await reader.ask({ op: "get", code: 7002 })).toEqual({ ok: true, product: pen(7002) });
    expect(await writer.ask({ op: "get", code: 7003 })).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("answers INTERNAL, saying what failed, when the database fails, and keeps the connection open", async () => {
    const { server, file } = await serverOnFile();
    const client = await connect(server);
    anotherProgram(file).exec("DROP TABLE products");
    expect(await client.ask({ op: "list" })).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: "the database failed: no such table: products" },
    });
    expect(await client.ask({ op: "add", product: pen(1) })).toMatchObject({ error: { code: "INTERNAL" } });
    expect(await client.ask({ op: "quit" })).toEqual({ ok: true });
  });

  it("stores a name exactly as it acknowledged it: a lone surrogate is refused, not stored as \\uFFFD", async () => {
    const { server } = await serverOnFile();
    const client = await connect(server);
    client.send('{"op":"add","product":{"code":9005,"name":"\\ud800x","price":1}}\n');
    expect(await client.reply()).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await client.ask({ op: "get", code: 9005 })).toMatchObject({ error: { code: "NOT_FOUND" } });
    const emoji = { code: 9006, name: "Globo 🌍", price: 1, colors: ["azul 🌊"] };
    expect(await client.ask({ op: "add", product: emoji })).toEqual({ ok: true, product: emoji });
    expect(await client.ask({ op: "get", code: 9006 })).toEqual({ ok: true, product: emoji });
  });
});
