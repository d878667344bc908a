import { RawHttpClient, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function web3(extra: Partial<{ idleTimeout: number; headerTimeout: number }> = {}) {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 5, headerTimeout: 10 };
  const server = await startInProcess(runServer, { ...options, ...extra });
  defer(() => server.stop());
  return server;
}

async function connect(port: number) {
  const client = await RawHttpClient.connect(port);
  defer(() => client.destroy());
  return client;
}

const get = (path: string, extra = "", version = "1.1") => `GET ${path} HTTP/${version}\r\nHost: x\r\n${extra}\r\n`;
const add = (code: number, name = `Product ${code}`) => {
  const body = JSON.stringify({ code, name, price: 1 });
  return `POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

describe("web3 keeps connections open", () => {
  it("an HTTP/1.1 connection serves request after request, each response saying Keep-Alive: timeout=N", async () => {
    const { port } = await web3();
    const client = await connect(port);
    for (const path of ["/", "/api/products", "/favicon.ico"]) {
      await client.send(get(path));
      const response = await client.response();
      expect(response.header("keep-alive")).toBe("timeout=5");
      expect(response.header("connection")).toBeUndefined();
    }
    expect(client.socket.readyState).toBe("open");
  });

  it("Connection: close from the client gets Connection: close, then the server's FIN", async () => {
    const { port } = await web3();
    const client = await connect(port);
    await client.send(get("/", "Connection: close\r\n"));
    expect((await client.response()).header("connection")).toBe("close");
    client.end();
    expect(await client.closed()).toBe("fin");
  });

  it("HTTP/1.0 closes after one response, unless it asks for keep-alive: then it is told Connection: keep-alive", async () => {
    const { port } = await web3();
    const once = await connect(port);
    await once.send(get("/", "", "1.0"));
    expect((await once.response()).header("connection")).toBe("close");
    once.end();
    expect(await once.closed()).toBe("fin");
    const kept = await connect(port);
    for (let i = 0; i < 2; i++) {
      await kept.send(get("/", "Connection: keep-alive\r\n", "1.0"));
      const response = await kept.response();
      expect([response.header("connection"), response.header("keep-alive")]).toEqual(["keep-alive", "timeout=5"]);
    }
  });

  it("a 404 or a 409 keeps the connection open; a malformed request closes it", async () => {
    const { port } = await web3();
    const client = await connect(port);
    await client.send(`${get("/nothing")}${add(1)}${add(1)}BROKEN\r\n\r\n`);
    expect((await client.response()).status).toBe(404);
    expect((await client.response()).status).toBe(201);
    expect((await client.response()).status).toBe(409);
    const bad = await client.response();
    expect([bad.status, bad.header("connection")]).toEqual([400, "close"]);
    client.end();
    expect(await client.closed()).toBe("fin");
  });
});

describe("web3 answers pipelined requests in order, each exactly once", () => {
  it("several requests in one write get their responses in the order sent", async () => {
    const { port } = await web3();
    const client = await connect(port);
    await client.send(`${add(1)}${get("/api/products/1")}${add(2)}${get("/api/products")}${get("/api/products/3")}`);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.response()).status);
    expect(statuses).toEqual([201, 200, 201, 200, 404]);
    client.end();
    await client.closed();
    expect(client.unread.length).toBe(0); // nothing more: each answered once
  });

  it("a request that starts in the same read as the end of the last body is answered", async () => {
    const { port } = await web3();
    const client = await connect(port);
    const both = `${add(1)}${get("/api/products")}`;
    const split = add(1).length - 3; // the last 3 bytes of the body, then the next request, in one write
    await client.send(both.slice(0, split));
    await client.send(both.slice(split));
    expect((await client.response()).status).toBe(201);
    expect(JSON.parse((await client.response()).text).products).toHaveLength(1);
  });

  it("HEAD in a pipeline: no body, and the next response is read right after its head", async () => {
    const { port } = await web3();
    const client = await connect(port);
    await client.send(`${get("/").replace("GET", "HEAD")}${get("/api/products")}`);
    const head = await client.response("HEAD");
    expect([head.status, head.body.length, Number(head.header("content-length")) > 0]).toEqual([200, 0, true]);
    expect(JSON.parse((await client.response()).text)).toEqual({ ok: true, products: [] });
  });

  it("100 pipelined requests dribbled one byte per write get 100 responses, in order", async () => {
    const { port } = await web3();
    const client = await connect(port);
    const many = Array.from({ length: 100 }, (_, i) => get(`/api/products/${i + 1}`)).join("");
    await client.send(add(50));
    expect((await client.response()).status).toBe(201);
    for (const byte of many) client.socket.write(byte);
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push((await client.response()).status);
    expect(statuses.map((status, i) => (status === 200 ? i + 1 : 0)).filter(Boolean)).toEqual([50]);
  });
});

describe("web3 closes what waits too long", () => {
  it("a connection idle after a response is closed with a FIN and no bytes after --idle-timeout", async () => {
    const server = await web3({ idleTimeout: 1 });
    const client = await connect(server.port);
    await client.send(get("/"));
    await client.response();
    expect(await client.closed()).toBe("fin");
    expect(client.unread.length).toBe(0);
    await server.printed.waitForOut(/^client 1 \(.*\): idle for 1 s: closed$/);
  });

  it("a connection that never sent a byte is closed with a FIN and no bytes after --idle-timeout", async () => {
    const { port } = await web3({ idleTimeout: 1 });
    const client = await connect(port);
    expect(await client.closed()).toBe("fin");
    expect(client.unread.length).toBe(0);
  });

  it("a slowloris client, a byte of its head now and then, gets 408 after --header-timeout while another is served", async () => {
    const { port } = await web3({ idleTimeout: 5, headerTimeout: 1 });
    const slow = await connect(port);
    const head = get("/", `X-Slow: ${"z".repeat(1000)}\r\n`);
    let sent = 0;
    const drip = setInterval(() => slow.socket.write(head[sent++] ?? ""), 20);
    defer(() => clearInterval(drip));
    const other = await connect(port);
    await other.send(get("/api/products"));
    expect((await other.response()).status).toBe(200);
    const response = await slow.response();
    clearInterval(drip);
    expect(response.status).toBe(408);
    expect(response.header("connection")).toBe("close");
    expect(sent).toBeLessThan(head.length);
  });

  it("a head sent in part and then nothing gets 408 after --header-timeout", async () => {
    const { port } = await web3({ idleTimeout: 5, headerTimeout: 1 });
    const client = await connect(port);
    await client.send("GET / HTTP/1.1\r\nHost: x\r\n");
    const response = await client.response();
    expect(response.status).toBe(408);
    expect(response.text).toContain("the request head did not arrive within 1 s");
  });

  it("a body that stalls half way gets 408 after --idle-timeout", async () => {
    const { port } = await web3({ idleTimeout: 1 });
    const client = await connect(port);
    await client.send(add(1).slice(0, -5));
    expect((await client.response()).status).toBe(408);
  });
});

describe("web3 stops gracefully (the signal Ctrl-C aborts)", () => {
  it("idle keep-alive connections, and one that never sent a byte, are closed at once; the server finishes", async () => {
    const server = await web3({ idleTimeout: 300 });
    const used = await connect(server.port);
    await used.send(get("/"));
    await used.response();
    const unused = await connect(server.port);
    await server.printed.waitForOut(/^listening/);
    const stopped = server.stop();
    expect(await used.closed()).toBe("fin");
    expect(await unused.closed()).toBe("fin");
    await stopped;
    await server.finished;
  });

  it("a request in the middle of its head when the server stops gets its response, saying Connection: close", async () => {
    const server = await web3({ idleTimeout: 300 });
    const client = await connect(server.port);
    // A whole request and the start of the next, in one write: once the first is answered, the
    // server has read the start of the second.
    await client.send(`${get("/")}GET /api/products HTTP/1.1\r\n`);
    expect((await client.response()).header("keep-alive")).toBe("timeout=300");
    const stopped = server.stop();
    await client.send("Host: x\r\n\r\n");
    const response = await client.response();
    expect([response.status, response.header("connection")]).toEqual([200, "close"]);
    client.end();
    expect(await client.closed()).toBe("fin");
    await stopped;
  });
});
