import { once } from "node:events";
import net from "node:net";
import { LineClient, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function connectedClient() {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0 });
  defer(() => server.stop());
  const client = await LineClient.connect(server.port);
  defer(() => client.destroy());
  return { client, server };
}

const pen = { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] };
const errorReply = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

describe("v4: the requests of the protocol", () => {
  it("add replies with the product, colors filled in", async () => {
    const { client } = await connectedClient();
    expect(await client.ask({ op: "add", product: { code: 7, name: "Pen", price: 0 } })).toEqual({
      ok: true,
      product: { code: 7, name: "Pen", price: 0, colors: [] },
    });
  });

  it("list replies with every product in the order added", async () => {
    const { client } = await connectedClient();
    await client.ask({ op: "add", product: { ...pen, code: 9 } });
    await client.ask({ op: "add", product: pen });
    expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: [{ ...pen, code: 9 }, pen] });
  });

  it("quit replies ok, then the server ends the connection and finishes", async () => {
    const { client, server } = await connectedClient();
    expect(await client.ask({ op: "quit" })).toEqual({ ok: true });
    await client.closedByServer();
    await server.finished;
  });

  it("a client that disconnects without quit also lets the server finish", async () => {
    const { client, server } = await connectedClient();
    await client.ask({ op: "list" });
    client.socket.end();
    await server.finished;
  });
});

describe("v4: every error code it can answer", () => {
  it("DUPLICATE_CODE for a code already added, and the connection stays open", async () => {
    const { client } = await connectedClient();
    await client.ask({ op: "add", product: pen });
    expect(await client.ask({ op: "add", product: { ...pen, name: "Other" } })).toEqual({
      ok: false,
      error: { code: "DUPLICATE_CODE", message: "a product with code 1 already exists" },
    });
    expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: [pen] });
  });

  it("BAD_JSON for text that is not JSON, and the connection stays open", async () => {
    const { client } = await connectedClient();
    client.send("{nope\n");
    expect(await client.reply()).toEqual({
      ok: false,
      error: { code: "BAD_JSON", message: "the request is not valid JSON" },
    });
    expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: [] });
  });

  it("BAD_JSON for bytes that are not UTF-8", async () => {
    const { client } = await connectedClient();
    client.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]));
    expect(await client.reply()).toEqual({
      ok: false,
      error: { code: "BAD_JSON", message: "the request is not valid UTF-8" },
    });
  });

  it("BAD_JSON for JSON that is not an object", async () => {
    const { client } = await connectedClient();
    client.send("[1]\n");
    expect(await client.reply()).toEqual(errorReply("BAD_JSON"));
  });

  it("BAD_REQUEST for a missing op", async () => {
    const { client } = await connectedClient();
    expect(await client.ask({})).toEqual({ ok: false, error: { code: "BAD_REQUEST", message: "op: missing" } });
  });

  it("BAD_REQUEST naming every bad field of a product", async () => {
    const { client } = await connectedClient();
    expect(await client.ask({ op: "add", product: { ...pen, price: -1, colors: ["blue", ""] } })).toEqual({
      ok: false,
      error: {
        code: "BAD_REQUEST",
        message:
          "product.price: must be a finite number of at least 0; product.colors (2nd item): must be 1 to 50 characters",
      },
    });
  });

  it("BAD_REQUEST for a __proto__ key", async () => {
    const { client } = await connectedClient();
    client.send('{"op":"list","__proto__":{"x":1}}\n');
    expect(await client.reply()).toEqual({
      ok: false,
      error: { code: "BAD_REQUEST", message: "__proto__: unknown field" },
    });
  });

  it("UNKNOWN_OP for get, which v4 does not know", async () => {
    const { client } = await connectedClient();
    expect(await client.ask({ op: "get", code: 1 })).toEqual({
      ok: false,
      error: { code: "UNKNOWN_OP", message: 'unknown op "get": this server knows add, list, quit' },
    });
  });

  it("TOO_LARGE for a line over 1 MiB, then closes the connection", async () => {
    const { client, server } = await connectedClient();
    client.send("x".repeat(1024 * 1024 + 1));
    expect(await client.reply()).toEqual({
      ok: false,
      error: { code: "TOO_LARGE", message: "a request line may be at most 1048576 bytes" },
    });
    await client.closedByServer();
    await server.finished;
  });

  it("accepts a line of exactly 1 MiB (and judges what is in it)", async () => {
    const { client } = await connectedClient();
    const request = JSON.stringify({ op: "list" });
    client.send(`${request}${" ".repeat(1024 * 1024 - request.length)}\n`);
    expect(await client.reply()).toEqual({ ok: true, products: [] });
  });
});

describe("v4: lines on a stream", () => {
  it("answers the requests pipelined before quit, and none after it", async () => {
    const { client, server } = await connectedClient();
    client.send('{"op":"list"}\n{"op":"quit"}\n{"op":"list"}\n');
    expect(await client.reply()).toEqual({ ok: true, products: [] });
    expect(await client.reply()).toEqual({ ok: true });
    expect(await client.reply()).toBeUndefined(); // the server ended the connection
    client.socket.end();
    await server.finished;
  });

  it("answers the requests before an over-long line in the same write, then TOO_LARGE", async () => {
    const { client } = await connectedClient();
    client.send(`{"op":"list"}\n${"x".repeat(1024 * 1024 + 1)}\n`);
    expect(await client.reply()).toEqual({ ok: true, products: [] });
    expect(await client.reply()).toEqual(errorReply("TOO_LARGE"));
  });

  it("logs a client that leaves in the middle of a line, and finishes", async () => {
    const { client, server } = await connectedClient();
    client.socket.end('{"op":"li');
    await server.finished;
    expect(server.printed.err).toEqual([
      expect.stringMatching(
        /^client 127\.0\.0\.1:\d+ left: the connection ended in the middle of a line \(9 bytes of it had arrived\)$/,
      ),
    ]);
  });

  it("answers 100 requests pipelined in one write, in order", async () => {
    const { client } = await connectedClient();
    const requests = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? { op: "add", product: { ...pen, code: i + 1 } } : { op: "list" },
    );
    client.send(requests.map((request) => `${JSON.stringify(request)}\n`).join(""));
    for (let i = 0; i < 100; i++) {
      const reply = (await client.reply()) as { ok: boolean; product?: { code: number }; products?: unknown[] };
      if (i % 2 === 0) expect(reply.product?.code).toBe(i + 1);
      else expect(reply.products).toHaveLength((i + 1) / 2);
    }
  });

  it("reads a request written one byte at a time", async () => {
    const { client } = await connectedClient();
    for (const byte of Buffer.from(`${JSON.stringify({ op: "add", product: pen })}\n`)) {
      client.send(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await client.reply()).toEqual({ ok: true, product: pen });
  });

  it("accepts CRLF line endings and ignores blank lines", async () => {
    const { client } = await connectedClient();
    client.send('\r\n\n   \n{"op":"list"}\r\n\r\n{"op":"quit"}\r\n');
    expect(await client.reply()).toEqual({ ok: true, products: [] });
    expect(await client.reply()).toEqual({ ok: true });
  });
});

describe("v4: one client at a time", () => {
  it("refuses a second client while it serves the first", async () => {
    const { client, server } = await connectedClient();
    await client.ask({ op: "list" });
    const second = net.connect(server.port, "127.0.0.1");
    const [error] = await once(second, "error");
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
  });
});
