import { RawHttpClient, rawExchange, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function web3(extra: Partial<{ maxClients: number }> = {}) {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 5, headerTimeout: 10 };
  const server = await startInProcess(runServer, { ...options, ...extra });
  defer(() => server.stop());
  return server;
}

/** A request with a body, its Content-Length counted in bytes. */
function post(path: string, type: string, body: string, extra = ""): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}
const get = (path: string, method = "GET") => `${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
const postJson = (body: unknown) => post("/api/products", "application/json", JSON.stringify(body));
const postForm = (fields: Record<string, string>) =>
  post("/", "application/x-www-form-urlencoded", new URLSearchParams(fields).toString());
const pen = { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] };

async function ask(port: number, request: string) {
  return (await rawExchange(port, request)).response;
}

describe("web3's page: the products in a table, and a form that adds one", () => {
  it("an absolute-form target (as a proxy is sent) is routed by its path", async () => {
    const { port } = await web3();
    const response = await ask(port, get("http://127.0.0.1/api/products"));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ ok: true, products: [] });
  });

  it("GET / is an HTML page with an empty table and the form", async () => {
    const { port } = await web3();
    const response = await ask(port, get("/"));
    expect(response.status).toBe(200);
    expect(response.header("content-type")).toBe("text/html; charset=utf-8");
    expect(response.text).toContain("no products yet");
    expect(response.text).toContain('<form method="post" action="/">');
  });

  it("the form adds a product: 303 See Other to /, and the page then lists it", async () => {
    const { port } = await web3();
    const added = await ask(port, postForm({ code: "7", name: "Caderno", price: "12.9", colors: "azul, verde" }));
    expect(added.status).toBe(303);
    expect(added.header("location")).toBe("/");
    const page = await ask(port, get("/"));
    expect(page.text).toContain("<tr><td>7</td><td>Caderno</td><td>12.9</td><td>azul, verde</td></tr>");
  });

  it("a product named <script>alert(1)</script> shows as text on the page", async () => {
    const { port } = await web3();
    await ask(port, postForm({ code: "1", name: "<script>alert(1)</script>", price: "1" }));
    const page = await ask(port, get("/"));
    expect(page.text).toContain("<td>&#60;script&#62;alert(1)&#60;/script&#62;</td>");
    expect(page.text).not.toContain("<script>");
  });

  it("an invalid product from the form gets 400 and the page with the error on it", async () => {
    const { port } = await web3();
    const response = await ask(port, postForm({ code: "x", name: " ", price: "1,5" }));
    expect(response.status).toBe(400);
    expect(response.text).toContain('<p class="error" role="alert">code: must be an integer');
    expect(response.text).toContain("name: must not be blank");
    expect(response.text).toContain("price: must be a number, written with a dot: 1.5");
  });

  it("a duplicate code from the form gets 409 and the page with the error on it", async () => {
    const { port } = await web3();
    await ask(port, postForm({ code: "1", name: "Pen", price: "1" }));
    const response = await ask(port, postForm({ code: "1", name: "Other", price: "2" }));
    expect(response.status).toBe(409);
    expect(response.text).toContain("a product with code 1 already exists");
  });

  it("another method on / gets 405 with Allow: GET, HEAD, POST", async () => {
    const { port } = await web3();
    const response = await ask(port, get("/", "DELETE"));
    expect(response.status).toBe(405);
    expect(response.header("allow")).toBe("GET, HEAD, POST");
  });

  it("HEAD / gets the page's headers and Content-Length, and no body", async () => {
    const { port } = await web3();
    const page = await ask(port, get("/"));
    const { response, after } = await rawExchange(port, get("/", "HEAD"));
    expect(response.header("content-length")).toBe(String(page.body.length));
    expect(response.body.length + after.length).toBe(0);
  });
});

describe("web3's JSON API", () => {
  it("GET /api/products lists the products in the order added", async () => {
    const { port } = await web3();
    expect(JSON.parse((await ask(port, get("/api/products"))).text)).toEqual({ ok: true, products: [] });
    await ask(port, postJson(pen));
    await ask(port, postJson({ code: 2, name: "Notebook", price: 12.9 }));
    const response = await ask(port, get("/api/products"));
    expect(response.header("content-type")).toBe("application/json");
    expect(JSON.parse(response.text)).toEqual({
      ok: true,
      products: [pen, { code: 2, name: "Notebook", price: 12.9, colors: [] }],
    });
  });

  it("POST /api/products gets 201, a Location, and the product as stored", async () => {
    const { port } = await web3();
    const response = await ask(port, postJson({ code: 2, name: "Notebook", price: 12.9 }));
    expect(response.status).toBe(201);
    expect(response.header("location")).toBe("/api/products/2");
    expect(JSON.parse(response.text)).toEqual({
      ok: true,
      product: { code: 2, name: "Notebook", price: 12.9, colors: [] },
    });
  });

  it("GET /api/products/CODE gets that product, or 404 NOT_FOUND", async () => {
    const { port } = await web3();
    await ask(port, postJson(pen));
    expect(JSON.parse((await ask(port, get("/api/products/1"))).text)).toEqual({ ok: true, product: pen });
    const missing = await ask(port, get("/api/products/99"));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({
      ok: false,
      error: { code: "NOT_FOUND", message: "no product has code 99" },
    });
  });

  it("counts Content-Length in bytes: a product named Pão", async () => {
    const { port } = await web3();
    const response = await ask(port, postJson({ code: 3, name: "Pão", price: 1 }));
    expect(response.status).toBe(201);
    expect(Number(response.header("content-length"))).toBe(response.body.length);
    expect(response.body.length).toBe(response.text.length + 1);
  });

  it("without a Content-Length, a POST gets 411", async () => {
    const { port } = await web3();
    const response = await ask(
      port,
      "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n",
    );
    expect(response.status).toBe(411);
    expect(JSON.parse(response.text).error.code).toBe("LENGTH_REQUIRED");
  });

  it("a body in chunks (Transfer-Encoding) gets 411, and the connection closes", async () => {
    const { port } = await web3();
    const { response, closing } = await rawExchange(
      port,
      "POST /api/products HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    );
    expect(response.status).toBe(411);
    expect(closing).toBe("fin");
  });

  it("a Content-Length over 1 MiB gets 413 at once, before a byte of the body is sent", async () => {
    const { port } = await web3();
    const client = await RawHttpClient.connect(port);
    defer(() => client.destroy());
    await client.send(
      "POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048577\r\n\r\n",
    );
    const response = await client.response();
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).error.code).toBe("TOO_LARGE");
  });

  it("a Content-Length of exactly 1 MiB is read (and the body judged)", async () => {
    const { port } = await web3();
    const body = `{"code":1,"name":"a","price":1}${" ".repeat(1024 * 1024 - 31)}`;
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    expect((await ask(port, post("/api/products", "application/json", body))).status).toBe(201);
  });

  it("a Content-Length that is not one number gets 400", async () => {
    const { port } = await web3();
    for (const lengths of ["Content-Length: abc", "Content-Length: -1", "Content-Length: 2\r\nContent-Length: 3"]) {
      const response = await ask(port, `POST /api/products HTTP/1.1\r\nHost: x\r\n${lengths}\r\n\r\n{}`);
      expect(response.status).toBe(400);
    }
  });

  it("a body of another type gets 415", async () => {
    const { port } = await web3();
    const response = await ask(port, post("/api/products", "text/plain", JSON.stringify(pen)));
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("JSON with a charset parameter is JSON", async () => {
    const { port } = await web3();
    expect(
      (await ask(port, post("/api/products", "application/json; charset=utf-8", JSON.stringify(pen)))).status,
    ).toBe(201);
  });

  it.each([
    ["not JSON", "{nope"],
    ["not an object", "[1,2]"],
  ])("a body that is %s gets 400 BAD_JSON", async (_, body) => {
    const { port } = await web3();
    const response = await ask(port, post("/api/products", "application/json", body));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error.code).toBe("BAD_JSON");
  });

  it("an invalid product gets 400 BAD_REQUEST naming each wrong field", async () => {
    const { port } = await web3();
    const response = await ask(port, postJson({ code: 0, name: "x", price: -1, stock: 3 }));
    expect(response.status).toBe(400);
    const { error } = JSON.parse(response.text);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/code: .*price: .*stock: unknown field/);
    expect(Object.keys(error)).toEqual(["code", "message"]);
  });

  it("a duplicate code gets 409 DUPLICATE_CODE", async () => {
    const { port } = await web3();
    await ask(port, postJson(pen));
    const response = await ask(port, postJson(pen));
    expect(response.status).toBe(409);
    expect(JSON.parse(response.text)).toEqual({
      ok: false,
      error: { code: "DUPLICATE_CODE", message: "a product with code 1 already exists" },
    });
  });

  it("a body that ends (FIN) before its Content-Length gets 400, and the connection closes", async () => {
    const { port } = await web3();
    const { response, closing } = await rawExchange(
      port,
      post("/api/products", "application/json", "{}").replace("2\r\n", "20\r\n"),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).error.message).toBe(
      "the connection ended after 2 of the 20 bytes of the body its Content-Length announced",
    );
    expect(closing).toBe("fin");
  });

  it("405 with Allow on each route; 404 for an unknown path, in JSON under /api/", async () => {
    const { port } = await web3();
    const list = await ask(port, get("/api/products", "PUT"));
    expect([list.status, list.header("allow")]).toEqual([405, "GET, HEAD, POST"]);
    const one = await ask(port, get("/api/products/1", "POST"));
    expect([one.status, one.header("allow")]).toEqual([405, "GET, HEAD"]);
    const unknown = await ask(port, get("/api/people"));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe("NOT_FOUND");
  });
});

describe("web3 shares one list and reads requests as web1 does", () => {
  it("a product one client adds is in the list of the next", async () => {
    const { port } = await web3();
    await ask(port, postJson(pen));
    expect(JSON.parse((await ask(port, get("/api/products"))).text).products).toEqual([pen]);
  });

  it.each([
    [`GET /${"a".repeat(8200)} HTTP/1.1\r\n`, 414],
    [`GET / HTTP/1.1\r\nHost: x\r\n${"X-Fill: 0123456789\r\n".repeat(820)}`, 431],
    ["GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505],
    ["GET / HTTP/1.1\r\n\r\n", 400],
    ["GET / HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n", 400],
  ])("a bad head gets its status (%#: %i)", async (request, status) => {
    const { port } = await web3();
    expect((await ask(port, request)).status).toBe(status);
  });

  it("the client past --max-clients gets 503 with Retry-After", async () => {
    const { port } = await web3({ maxClients: 1 });
    const first = await RawHttpClient.connect(port);
    defer(() => first.destroy());
    await first.send("GET / HTTP/1.1\r\n");
    const response = await ask(port, get("/"));
    expect([response.status, response.header("retry-after")]).toEqual([503, "1"]);
  });

  it("a request with its body dribbled one byte per write is served", async () => {
    const { port } = await web3();
    const { response } = await rawExchange(port, [...postJson(pen)]);
    expect(response.status).toBe(201);
  });

  it("logs each request with the client's number and the status", async () => {
    const server = await web3();
    await ask(server.port, postJson(pen));
    await server.printed.waitForOut(/^client 1 \(127\.0\.0\.1:\d+\): POST \/api\/products HTTP\/1\.1 → 201 Created$/);
  });
});
