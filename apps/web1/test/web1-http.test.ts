import { RawHttpClient, rawExchange, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function web1(extra: Partial<{ maxClients: number; idleTimeout: number }> = {}) {
  const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
  const server = await startInProcess(runServer, { ...options, ...extra });
  defer(() => server.stop());
  return server;
}

const GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

describe("web1 answers a request with the page that shows it", () => {
  it("GET / gets 200 and a page that shows the request line and every header", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, "GET /?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Lesson: web1\r\n\r\n");
    expect(response.statusLine).toBe("HTTP/1.1 200 OK");
    expect(response.header("content-type")).toBe("text/html; charset=utf-8");
    expect(response.text).toContain("<pre>GET /?q=1 HTTP/1.1\nHost: example.com\nX-Lesson: web1</pre>");
  });

  it("says how many bytes the head took and in how many reads it arrived", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, GET);
    expect(response.text).toContain(`${Buffer.byteLength(GET)} bytes, up to the empty line`);
    expect(response.text).toMatch(/they arrived in 1 read\./);
  });

  it("escapes what the request holds, so a header cannot put HTML on the page", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(
      port,
      "GET / HTTP/1.1\r\nHost: x\r\nX-Evil: <script>alert(1)</script>\r\n\r\n",
    );
    expect(response.text).toContain("X-Evil: &#60;script&#62;alert(1)&#60;/script&#62;");
    expect(response.text).not.toContain("<script>");
  });

  it("counts Content-Length in bytes: a header byte above 127 takes two bytes on the UTF-8 page", async () => {
    const { port } = await web1();
    const request = Buffer.concat([
      Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nX-Name: P"),
      Buffer.from([0xe3]),
      Buffer.from("o\r\n\r\n"),
    ]);
    const { response } = await rawExchange(port, request);
    expect(response.text).toContain("X-Name: Pão");
    expect(Number(response.header("content-length"))).toBe(response.body.length);
    expect(response.body.length).toBe(Buffer.byteLength(response.text));
    expect(response.body.length).toBeGreaterThan(response.text.length);
  });

  it("every response has Date, Content-Type, Content-Length in bytes, and Connection: close", async () => {
    const { port } = await web1();
    for (const request of [GET, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", "BAD\r\n\r\n"]) {
      const { response } = await rawExchange(port, request);
      expect(new Date(response.header("date") ?? "").toUTCString()).toBe(response.header("date"));
      expect(response.header("content-type")).toMatch(/; charset=utf-8$/);
      expect(Number(response.header("content-length"))).toBe(response.body.length);
      expect(response.header("connection")).toBe("close");
    }
  });

  it("HEAD gets the headers GET gets, Content-Length included, and no body", async () => {
    const { port } = await web1();
    const get = await rawExchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const head = await rawExchange(port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(head.response.statusLine).toBe("HTTP/1.1 200 OK");
    // The page shows the request line, which says HEAD instead of GET: one byte more.
    expect(Number(head.response.header("content-length"))).toBe(get.response.body.length + 1);
    expect(head.response.body.length).toBe(0);
    expect(head.after.length).toBe(0); // nothing after the head, until the FIN
  });

  it("a browser's /favicon.ico, and any other path, gets 404 with a page saying why", async () => {
    const { port } = await web1();
    for (const path of ["/favicon.ico", "/index.html"]) {
      const { response } = await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(response.status).toBe(404);
      expect(response.text).toContain(`there is no page at ${path}`);
    }
  });

  it("another method on / gets 405 with Allow: GET, HEAD", async () => {
    const { port } = await web1();
    for (const method of ["POST", "PUT", "DELETE", "get"]) {
      const { response } = await rawExchange(port, `${method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
      expect(response.status).toBe(405);
      expect(response.header("allow")).toBe("GET, HEAD");
    }
  });

  it("errors under /api/ are JSON", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, "GET /api/things HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(response.header("content-type")).toBe("application/json");
    expect(JSON.parse(response.text)).toEqual({
      ok: false,
      error: { code: "NOT_FOUND", message: "there is no page at /api/things" },
    });
  });

  it("logs each request with the client's number and the status", async () => {
    const server = await web1();
    await rawExchange(server.port, GET);
    await server.printed.waitForOut(/^client 1 \(127\.0\.0\.1:\d+\): GET \/ HTTP\/1\.1 → 200 OK$/);
  });
});

describe("web1 reads the head until the empty line, however the bytes are cut", () => {
  it("a head sent one byte per write is served", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, [...GET]);
    expect(response.status).toBe(200);
    expect(response.text).toContain("Host: example.com");
  });

  it("the empty line split between two writes is served", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, ["GET / HTTP/1.1\r\nHost: x\r\n\r", "\n"]);
    expect(response.status).toBe(200);
  });

  it("bare \\n line ends are accepted", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, "GET / HTTP/1.1\nHost: x\n\n");
    expect(response.status).toBe(200);
  });

  it("an absolute-form target (as a proxy is sent) is served as its path; another form gets 400", async () => {
    const { port } = await web1();
    const absolute = await rawExchange(port, "GET http://127.0.0.1:12007/?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(absolute.response.status).toBe(200);
    const elsewhere = await rawExchange(port, "GET HTTP://example.com/favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(elsewhere.response.status).toBe(404);
    const authority = await rawExchange(port, "GET example.com:80 HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(authority.response.status).toBe(400);
  });

  it("an empty line before the request line is skipped", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, `\r\n${GET}`);
    expect(response.status).toBe(200);
  });

  it("a head with a body and a second request in the same write gets one response, then a FIN", async () => {
    const { port } = await web1();
    const request = `POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello${GET}`;
    const { response, closing, after } = await rawExchange(port, request);
    expect(response.status).toBe(404);
    expect(closing).toBe("fin");
    expect(after.length).toBe(0);
  });

  it("header names are case-insensitive", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, "GET / HTTP/1.1\r\nhOsT: x\r\n\r\n");
    expect(response.status).toBe(200);
  });
});

describe("web1 refuses a bad request with the status that says why", () => {
  it.each([
    ["two spaces", "GET  / HTTP/1.1"],
    ["no version", "GET /"],
    ["a lowercase version", "GET / http/1.1"],
    ["a word after the version", "GET / HTTP/1.1 x"],
    ["a tab instead of a space", "GET\t/ HTTP/1.1"],
    ["a target that is not a path", "GET example.com HTTP/1.1"],
    ["a byte above 127 in the target", "GET /\xe3 HTTP/1.1"],
  ])("a request line with %s gets 400", async (_, line) => {
    const { port } = await web1();
    const { response } = await rawExchange(port, Buffer.from(`${line}\r\nHost: x\r\n\r\n`, "latin1"));
    expect(response.status).toBe(400);
    expect(response.header("connection")).toBe("close");
  });

  it.each(["HTTP/2.0", "HTTP/0.9", "HTTP/3.0"])("version %s gets 505", async (version) => {
    const { port } = await web1();
    const { response } = await rawExchange(port, `GET / ${version}\r\nHost: x\r\n\r\n`);
    expect(response.status).toBe(505);
  });

  it("HTTP/1.2 is served as 1.1", async () => {
    const { port } = await web1();
    const { response } = await rawExchange(port, "GET / HTTP/1.2\r\nHost: x\r\n\r\n");
    expect(response.status).toBe(200);
    expect(response.text).toContain("GET / HTTP/1.1");
  });

  it("an HTTP/1.1 request without a Host, or with two, gets 400; HTTP/1.0 needs none", async () => {
    const { port } = await web1();
    expect((await rawExchange(port, "GET / HTTP/1.1\r\n\r\n")).response.status).toBe(400);
    expect((await rawExchange(port, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).response.status).toBe(400);
    expect((await rawExchange(port, "GET / HTTP/1.0\r\n\r\n")).response.status).toBe(200);
  });

  it.each([
    ["no colon", "X-Broken"],
    ["a space before the colon", "X-Broken : 1"],
    ["a folded line", "X-A: 1\r\n  continued"],
    ["a control character in the value", "X-A: a\x01b"],
    ["an empty name", ": 1"],
  ])("a header line with %s gets 400", async (_, line) => {
    const { port } = await web1();
    const { response } = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\n${line}\r\n\r\n`);
    expect(response.status).toBe(400);
  });

  it("a client that leaves in the middle of a head gets 400", async () => {
    const { port } = await web1();
    const { response, closing } = await rawExchange(port, "GET / HTTP/1.1\r\nHost: x\r\n");
    expect(response.status).toBe(400);
    expect(response.text).toContain("the connection ended before the empty line");
    expect(closing).toBe("fin");
  });

  it("a client that connects and leaves without a byte gets nothing at all", async () => {
    const { port } = await web1();
    const client = await RawHttpClient.connect(port);
    defer(() => client.destroy());
    client.end();
    expect(await client.closed()).toBe("fin");
    expect(client.unread.length).toBe(0);
  });
});

describe("web1 decides its limits as soon as they are passed", () => {
  const target = (lineBytes: number) => `/${"a".repeat(lineBytes - "GET / HTTP/1.1".length)}`;

  it("a request line of exactly 8 KiB is read (and the path is not found)", async () => {
    const { port } = await web1();
    const line = `GET ${target(8192)} HTTP/1.1`;
    expect(line.length).toBe(8192);
    expect((await rawExchange(port, `${line}\r\nHost: x\r\n\r\n`)).response.status).toBe(404);
  });

  it("a request line past 8 KiB gets 414 before its end has arrived", async () => {
    const { port } = await web1();
    const client = await RawHttpClient.connect(port);
    defer(() => client.destroy());
    await client.send(`GET /${"a".repeat(8192)}`); // no line end, no FIN: the server decides now
    const response = await client.response();
    expect(response.status).toBe(414);
    expect(response.header("connection")).toBe("close");
  });

  it("a head of exactly 16 KiB is read", async () => {
    const { port } = await web1();
    const start = "GET / HTTP/1.1\r\nHost: x\r\nX-Fill: ";
    const head = `${start}${"f".repeat(16 * 1024 - start.length - 4)}\r\n\r\n`;
    expect(head.length).toBe(16 * 1024);
    expect((await rawExchange(port, head)).response.status).toBe(200);
  });

  it("a head past 16 KiB gets 431 before its empty line has arrived", async () => {
    const { port } = await web1();
    const client = await RawHttpClient.connect(port);
    defer(() => client.destroy());
    await client.send(`GET / HTTP/1.1\r\nHost: x\r\n${"X-Fill: 0123456789\r\n".repeat(820)}`);
    const response = await client.response();
    expect(response.status).toBe(431);
  });
});

describe("web1 closes gracefully: FIN, then reads and drops until the client's FIN", () => {
  it("a client still sending a body when the response comes gets all of it, and a FIN, not a reset", async () => {
    const { port } = await web1();
    const client = await RawHttpClient.connect(port);
    defer(() => client.destroy());
    await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n");
    const response = await client.response();
    expect(response.status).toBe(405);
    // The server has answered and sent its FIN; the body it never wanted keeps coming.
    for (let i = 0; i < 40; i++) await client.send(Buffer.alloc(100_000, 0x61));
    client.end();
    expect(await client.closed()).toBe("fin");
  });

  it("a client that never closes its side is cut off after its second of grace", async () => {
    const server = await web1();
    const client = await RawHttpClient.connect(server.port);
    defer(() => client.destroy());
    await client.send(GET);
    expect((await client.response()).status).toBe(200);
    await client.closed();
    await server.printed.waitForErr(/did not close its side within 1000 ms of ours: cut off/);
  });

  it("a client that sends its FIN right after the request still gets the response", async () => {
    const { port } = await web1();
    const { response, closing } = await rawExchange(port, GET, { end: true });
    expect(response.status).toBe(200);
    expect(closing).toBe("fin");
  });
});

describe("web1 serves many clients, and one cannot disturb another", () => {
  it("the client past --max-clients gets 503 with Retry-After and Connection: close", async () => {
    const { port } = await web1({ maxClients: 1 });
    const first = await RawHttpClient.connect(port);
    defer(() => first.destroy());
    await first.send("GET / HTTP/1.1\r\n"); // connected, in the middle of its head
    const { response } = await rawExchange(port, GET);
    expect(response.status).toBe(503);
    expect(response.header("retry-after")).toBe("1");
    expect(response.header("connection")).toBe("close");
    expect(response.text).toContain("the server is already serving 1 client, its most");
    await first.send("Host: x\r\n\r\n");
    expect((await first.response()).status).toBe(200);
  });

  it("a client halfway through its head does not hold up another", async () => {
    const { port } = await web1();
    const slow = await RawHttpClient.connect(port);
    defer(() => slow.destroy());
    await slow.send("GET / HTTP/1.1\r\nHo");
    expect((await rawExchange(port, GET)).response.status).toBe(200);
    await slow.send("st: x\r\n\r\n");
    expect((await slow.response()).status).toBe(200);
  });

  it("a client reset in the middle of its head is a one-line note, never a stack trace", async () => {
    const server = await web1();
    const doomed = await RawHttpClient.connect(server.port);
    await doomed.send("GET / HTTP/1.1\r\n");
    doomed.socket.resetAndDestroy();
    await server.printed.waitForErr(/^client 1 .* left: /);
    expect(server.printed.err.join("\n")).not.toMatch(/\n\s+at /);
    expect((await rawExchange(server.port, GET)).response.status).toBe(200);
  });
});
