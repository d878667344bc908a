import diagnostics from "node:diagnostics_channel";
import { PassThrough } from "node:stream";
import { PRODUCT_COMMANDS, typedCommands } from "@socket-lessons/cli/products";
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

const defer = useCleanup();

async function v5Server(extra: Partial<{ maxClients: number; idleTimeout: number }> = {}) {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
  const server = await startInProcess(runServer, { ...options, ...extra });
  defer(() => server.stop());
  return { server, io: server.printed };
}

async function connect(server: InProcessServer): Promise<LineClient> {
  const client = await LineClient.connect(server.port);
  defer(() => client.destroy());
  return client;
}

const product = (code: number) => ({ code, name: `Product ${code}`, price: code / 100, colors: [] });

describe("v5 serves many clients at once", () => {
  it("200 clients connected at once, interleaving add and list, each see every product", async () => {
    const { server } = await v5Server();
    const clients = await Promise.all(Array.from({ length: 200 }, () => connect(server)));
    // Every client adds its product and lists at once; the lists they get grow as they go.
    const firstLists = await Promise.all(
      clients.map(async (client, i) => {
        expect(await client.ask({ op: "add", product: product(i + 1) })).toEqual({ ok: true, product: product(i + 1) });
        return (await client.ask({ op: "list" })) as { products: unknown[] };
      }),
    );
    expect(Math.max(...firstLists.map((reply) => reply.products.length))).toBe(200);
    // Once all have added, each one's list holds all 200, in the order they were added.
    const lists = await Promise.all(clients.map((client) => client.ask({ op: "list" })));
    for (const reply of lists as Array<{ products: Array<{ code: number }> }>) {
      expect(reply.products).toHaveLength(200);
      expect(new Set(reply.products.map((p) => p.code)).size).toBe(200);
    }
  });

  it("quit ends only that client's session", async () => {
    const { server } = await v5Server();
    const leaving = await connect(server);
    const staying = await connect(server);
    expect(await leaving.ask({ op: "quit" })).toEqual({ ok: true });
    await leaving.closedByServer();
    expect(await staying.ask({ op: "add", product: product(1) })).toEqual({ ok: true, product: product(1) });
    const newcomer = await connect(server);
    expect(await newcomer.ask({ op: "list" })).toEqual({ ok: true, products: [product(1)] });
  });

  it("one client killed in the middle of a line does not disturb the others", async () => {
    const { server, io } = await v5Server();
    const others = await Promise.all([connect(server), connect(server)]);
    await others[0]?.ask({ op: "add", product: product(1) });
    const doomed = await connect(server);
    doomed.send('{"op":"add","product":{"code":2,"na');
    doomed.socket.resetAndDestroy();
    for (const client of others) {
      expect(await client.ask({ op: "list" })).toEqual({ ok: true, products: [product(1)] });
    }
    expect(io.err.join("\n")).not.toMatch(/\n\s+at /); // a one-line note, never a stack trace
  });

  it("a client's bad input gets an error reply and disturbs no other client", async () => {
    const { server } = await v5Server();
    const [rude, polite] = await Promise.all([connect(server), connect(server)]);
    rude.send("not json\n");
    expect(await rude.reply()).toMatchObject({ ok: false, error: { code: "BAD_JSON" } });
    expect(await polite.ask({ op: "list" })).toEqual({ ok: true, products: [] });
  });

  it("answers UNKNOWN_OP for get, which v5 does not know", async () => {
    const { server } = await v5Server();
    const client = await connect(server);
    expect(await client.ask({ op: "get", code: 1 })).toMatchObject({ ok: false, error: { code: "UNKNOWN_OP" } });
  });

  it("logs each connect and disconnect with a client number", async () => {
    const { server, io } = await v5Server();
    const client = await connect(server);
    await client.ask({ op: "quit" });
    await client.closedByServer();
    await io.waitForOut(/^client 1 \(127\.0\.0\.1:\d+\) disconnected$/);
    expect(io.out.filter((line) => line.startsWith("client 1"))).toEqual([
      expect.stringMatching(/^client 1 \(127\.0\.0\.1:\d+\) connected$/),
      expect.stringMatching(/^client 1 \(127\.0\.0\.1:\d+\) disconnected$/),
    ]);
  });
});

describe("v5 limits", () => {
  it("says BUSY in the singular when it serves at most one client", async () => {
    const { server } = await v5Server({ maxClients: 1 });
    await (await connect(server)).ask({ op: "list" });
    expect(await (await connect(server)).reply()).toMatchObject({
      error: { code: "BUSY", message: "the server is already serving 1 client, its most; try again later" },
    });
  });

  it("answers BUSY to the client past --max-clients and closes it", async () => {
    const { server, io } = await v5Server({ maxClients: 2 });
    const served = await Promise.all([connect(server), connect(server)]);
    for (const client of served) await client.ask({ op: "list" });
    const third = await connect(server);
    expect(await third.reply()).toEqual({
      ok: false,
      error: { code: "BUSY", message: "the server is already serving 2 clients, its most; try again later" },
    });
    await third.closedByServer();
    expect(io.out).toContainEqual(
      expect.stringMatching(/^client 3 \(127\.0\.0\.1:\d+\) turned away: BUSY \(2 clients already\)$/),
    );
    // One of the first two leaves: now there is room again.
    await served[0]?.ask({ op: "quit" });
    await io.waitForOut(/^client 1 .* disconnected$/);
    const fourth = await connect(server);
    expect(await fourth.ask({ op: "list" })).toEqual({ ok: true, products: [] });
  });

  it("closes a client that stays silent longer than --idle-timeout", async () => {
    const { server, io } = await v5Server({ idleTimeout: 1 });
    const silent = await connect(server);
    const active = await connect(server);
    await silent.closedByServer();
    expect(io.err).toContainEqual(
      expect.stringMatching(
        /^client 1 \(127\.0\.0\.1:\d+\) left: timed out after 1000 ms waiting for the client to send a request or read a reply$/,
      ),
    );
    // The other client was idle for as long, so it is gone too; a new one is served.
    active.destroy();
    const fresh = await connect(server);
    expect(await fresh.ask({ op: "list" })).toEqual({ ok: true, products: [] });
  });
});

describe("v5 replies", () => {
  it("sends the replies to requests pipelined in one chunk in one write", async () => {
    const { server } = await v5Server();
    // Count what the server's socket hands to the system: watched on Node's own channel.
    const writes: number[] = [];
    const watch = (message: unknown) => {
      const socket = (message as { socket: import("node:net").Socket }).socket;
      const write = socket._write;
      socket._write = function (this: typeof socket, chunk, encoding, done) {
        writes.push(1);
        return write.call(this, chunk, encoding, done);
      };
      const writev = socket._writev;
      socket._writev = function (this: typeof socket, chunks, done) {
        writes.push(chunks.length);
        return writev?.call(this, chunks, done);
      };
    };
    diagnostics.subscribe("net.server.socket", watch);
    defer(() => diagnostics.unsubscribe("net.server.socket", watch));
    const client = await connect(server);
    client.send('{"op":"list"}\n'.repeat(8));
    for (let i = 0; i < 8; i++) await client.reply();
    expect(writes).toEqual([8]); // one system call carrying the 8 replies
  });
});

describe("v5 client", () => {
  it("turned away with BUSY, prints the error and ends there, without blaming the server for closing", async () => {
    const { server } = await v5Server({ maxClients: 1 });
    await (await connect(server)).ask({ op: "list" });
    const input = new PassThrough();
    input.end("list\nlist\n");
    const commands = typedCommands(PRODUCT_COMMANDS, {
      input,
      output: new PassThrough(),
      errors: new PassThrough(),
      interactive: false,
    });
    const printed = new RecordingConsole();
    const code = await runClient({ host: "127.0.0.1", port: server.port, timeout: 5000 }, commands, printed.console);
    expect(code).toBe(1);
    expect(printed.err).toEqual(["error BUSY: the server is already serving 1 client, its most; try again later"]);
  });
});
